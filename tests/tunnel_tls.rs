//! The relay over HTTPS/WSS with the user's certificate: the tunnel connects
//! with `--cacert` or `-k`, refuses an untrusted certificate, and requests
//! go through end to end.

mod tunnel_support;

use std::time::Duration;
use tunnel_support::{rt, spawn_tunnel, App, Proc, WAIT};

/// A CA and a leaf certificate for localhost/127.0.0.1 signed by it, written as PEM files.
fn certificates(dir: &std::path::Path) -> (String, String, String) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_params = rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    (
        write("ca.pem", ca.pem()),
        write("cert.pem", leaf.pem()),
        write("key.pem", leaf_key.serialize_pem()),
    )
}

#[test]
fn wss_relay_with_the_users_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let rt = rt();
    let app = App::start(&rt);
    let relay = Proc::spawn(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--json",
        "--token",
        "T",
        "--tls-cert",
        &cert,
        "--tls-key",
        &key,
    ]);
    let ready = relay.json(WAIT);
    let url = ready["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("https://"), "{ready}");
    assert!(ready["ws_url"].as_str().unwrap().starts_with("wss://"), "{ready}");

    // Not trusted: the tunnel says why and keeps trying, never "ready".
    let untrusted = spawn_tunnel(&url, "T", Some("untrusted"), &app.url, &[]);
    let lost = untrusted.expect("link_lost", WAIT);
    assert!(lost["reason"].as_str().unwrap().contains("certificate"), "{lost}");
    drop(untrusted);

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
