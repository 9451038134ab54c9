//! The relay over HTTPS/WSS with the user's certificate: the tunnel connects
//! with `--cacert` or `-k`, refuses an untrusted certificate (exit 2 with the
//! reason in plain words when it never connected, reconnecting when the
//! relay's certificate changes later), and requests go through end to end.

mod tunnel_support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tunnel_support::{rt, spawn_tunnel, App, Proc, WAIT};

/// Write `text` as `dir/name`; the path.
fn write(dir: &std::path::Path, name: &str, text: String) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A CA and a leaf certificate for localhost/127.0.0.1 signed by it, written as
/// PEM files named after `tag`: (ca, cert, key).
fn certificates_as(dir: &std::path::Path, tag: &str) -> (String, String, String) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    // Named apart: a CA of the same name would be tried, and fail on the signature instead.
    (ca_params.distinguished_name).push(rcgen::DnType::CommonName, format!("hook {tag} test CA"));
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_params = rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();
    (
        write(dir, &format!("{tag}-ca.pem"), ca.pem()),
        write(dir, &format!("{tag}-cert.pem"), leaf.pem()),
        write(dir, &format!("{tag}-key.pem"), leaf_key.serialize_pem()),
    )
}

fn certificates(dir: &std::path::Path) -> (String, String, String) {
    certificates_as(dir, "main")
}

/// `hook relay` over TLS with `cert` and `key` (extra `args` after); its https URL.
fn tls_relay(cert: &str, key: &str, args: &[&str]) -> (Proc, String) {
    let base = ["relay", "--listen", "127.0.0.1:0", "--json", "--token", "T"];
    let relay = Proc::spawn(&[&base[..], &["--tls-cert", cert, "--tls-key", key], args].concat());
    let ready = relay.json(WAIT);
    let url = ready["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("https://"), "{ready}");
    (relay, url)
}

/// The tunnel exits 2 at once with `hook: error: the relay's certificate is
/// not trusted: …` and a hint; its stderr.
fn untrusted_exit(mut tunnel: Proc) -> String {
    assert_eq!(tunnel.wait_exit(WAIT), Some(2), "{}", tunnel.output());
    let err = tunnel.stderr();
    assert!(
        err.starts_with("hook: error: the relay's certificate is not trusted: "),
        "{err}"
    );
    assert!(err.lines().any(|l| l.starts_with("hint: ")), "{err}");
    for rust_words in ["UnknownIssuer", "Other(", "CaUsedAsEndEntity", "reconnecting"] {
        assert!(!err.contains(rust_words), "{err}");
    }
    err
}

#[test]
fn wss_relay_with_the_users_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let rt = rt();
    let app = App::start(&rt);
    let (_relay, url) = tls_relay(&cert, &key, &[]);

    // Not trusted on the first connection: nothing to retry, so it says why and exits 2.
    let err = untrusted_exit(spawn_tunnel(&url, "T", Some("untrusted"), &app.url, &[]));
    assert!(
        err.contains("unknown authority") || err.contains("does not trust"),
        "{err}"
    );
    assert!(err.contains("--cacert FILE") && err.contains("--insecure"), "{err}");
    let (other_ca, _, _) = certificates_as(dir.path(), "other");
    let err = untrusted_exit(spawn_tunnel(
        &url,
        "T",
        Some("wrong-ca"),
        &app.url,
        &["--cacert", &other_ca],
    ));
    assert!(err.contains("not signed by the --cacert authority"), "{err}");

    let trusted = spawn_tunnel(&url, "T", Some("trusted"), &app.url, &["--cacert", &ca]);
    let up = trusted.expect("ready", WAIT);
    assert_eq!(up["url"], format!("{url}/trusted"));
    let insecure = spawn_tunnel(&url, "T", Some("insecure"), &app.url, &["-k"]);
    insecure.expect("ready", WAIT);

    let pem = std::fs::read(&ca).unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .no_proxy()
        .build()
        .unwrap();
    for channel in ["trusted", "insecure"] {
        let res = rt.block_on(async {
            let res = client
                .post(format!("{url}/{channel}/hooks?via={channel}"))
                .body("over tls")
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.headers().get("x-app-sha").is_some())
        });
        assert!(
            res.1,
            "{channel}: the answer did not come from the app (status {})",
            res.0
        );
        let target = format!("/hooks?via={channel}");
        assert!(
            app.wait_until(Duration::from_secs(10), |seen| seen.iter().any(|s| s.target == target)),
            "{channel}"
        );
    }
    let seen = app.seen();
    let forwarded_proto: Vec<_> = seen
        .iter()
        .flat_map(|s| s.headers.iter())
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-forwarded-proto"))
        .map(|(_, v)| v.clone())
        .collect();
    assert!(
        forwarded_proto.iter().all(|v| v == b"https"),
        "the relay says the sender used https"
    );
    assert_eq!(seen.len(), 2);
}

#[test]
fn a_ca_certificate_served_as_the_relays_own_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let cert = write(dir.path(), "ca-as-leaf.pem", cert.pem());
    let key = write(dir.path(), "ca-as-leaf-key.pem", key.serialize_pem());
    let (_relay, url) = tls_relay(&cert, &key, &[]);
    let err = untrusted_exit(spawn_tunnel(
        &url,
        "T",
        Some("ca"),
        "http://127.0.0.1:9",
        &["--cacert", &cert],
    ));
    assert!(
        err.contains("a CA certificate (CA:TRUE) used as the server's own"),
        "{err}"
    );
    assert!(err.contains("leaf certificate") && err.contains("--insecure"), "{err}");
    // -k still connects, for testing.
    spawn_tunnel(&url, "T", Some("ca"), "http://127.0.0.1:9", &["-k"]).expect("ready", WAIT);
}

/// A TCP proxy on 127.0.0.1:0 to whatever `to` holds when each connection arrives.
fn proxy(rt: &tokio::runtime::Runtime, to: Arc<Mutex<SocketAddr>>) -> SocketAddr {
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let target = *to.lock().unwrap();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    addr
}

#[test]
fn a_certificate_that_changes_after_connecting_is_retried_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let (_, other_cert, other_key) = certificates_as(dir.path(), "renewed");
    let rt = rt();
    let (mut first, first_url) = tls_relay(&cert, &key, &[]);
    let (_second, second_url) = tls_relay(&other_cert, &other_key, &[]);
    let addr = |url: &str| url.trim_start_matches("https://").parse::<SocketAddr>().unwrap();
    let to = Arc::new(Mutex::new(addr(&first_url)));
    let front = proxy(&rt, to.clone());
    let relay = format!("https://{front}");
    let tunnel = spawn_tunnel(&relay, "T", Some("renewed"), "http://127.0.0.1:9", &["--cacert", &ca]);
    tunnel.expect("ready", WAIT);
    // The relay comes back with a certificate from another CA.
    *to.lock().unwrap() = addr(&second_url);
    first.kill9();
    let mut reasons = Vec::new();
    for _ in 0..5 {
        let lost = tunnel.expect("link_lost", WAIT);
        let reason = lost["reason"].as_str().unwrap_or_default().to_string();
        if reason.contains("certificate") {
            assert!(lost["retry_in_ms"].is_u64(), "it keeps trying: {lost}");
            assert!(
                reason.starts_with("the relay's certificate is not trusted: "),
                "{reason}"
            );
            assert!(
                reason.contains("--cacert FILE") && !reason.contains("UnknownIssuer"),
                "{reason}"
            );
            return;
        }
        reasons.push(reason);
    }
    panic!("no certificate reason in {reasons:?}");
}

/// Plain HTTP sent to the relay's HTTPS port (a provider given `http://`):
/// answered 400 in plain HTTP, saying to use https://, and shown on the
/// relay's screen, not dropped by a failed handshake.
#[test]
fn plain_http_on_the_relays_https_port_is_answered_and_shown() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let (_, cert, key) = certificates(dir.path());
    let (relay, url) = tls_relay(&cert, &key, &[]);
    let authority = url.trim_start_matches("https://");
    let mut s = std::net::TcpStream::connect(authority).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"POST /shop/orders HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}")
        .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(answer.contains("this port serves HTTPS"), "{answer}");
    let line = relay.expect("request", WAIT);
    assert_eq!(line["status"], 400, "{line}");
    assert_eq!(line["channel"], "shop", "{line}");
}
