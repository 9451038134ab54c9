//! `hook relay` + `hook tunnel` routing, through the real binaries: the
//! forwarding headers added beside the sender's own, a base path on `-f`,
//! a relay behind a proxy at a path, and HEAD requests on a kept-alive connection.

mod tunnel_support;

use tunnel_support::*;

const TOKEN: &str = "routing-token-2c9d";

#[test]
fn forwarded_headers_are_added_and_the_senders_own_are_kept() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let port = app.url.rsplit(':').next().expect("port");
    let (_tunnel, ready) = tunnel(&relay.url, TOKEN, Some("fwd"), port, &[]);
    assert_eq!(ready["forward_to"], format!("{}/", app.url), "-f PORT means 127.0.0.1");
    let own: Headers = vec![("X-Forwarded-For".into(), b"203.0.113.7".to_vec())];
    assert_eq!(
        rt.block_on(send(relay.addr, "POST", "/fwd/one", &own, b"x")).status,
        status_for(&sha(b"x"))
    );
    let theirs: Headers = vec![
        ("X-Forwarded-Host".into(), b"public.example".to_vec()),
        ("X-Forwarded-Proto".into(), b"https".to_vec()),
    ];
    rt.block_on(send(relay.addr, "POST", "/fwd/two", &theirs, b"y"));
    let seen = app.wait_for(2, WAIT);
    let m = |i: usize, name: &str| multimap(&seen[i].headers, "").remove(name).unwrap_or_default();
    let host = relay.addr.to_string().into_bytes();
    assert_eq!(
        m(0, "x-forwarded-for"),
        [b"203.0.113.7".to_vec(), b"127.0.0.1".to_vec()]
    );
    assert_eq!(m(0, "x-forwarded-host"), [host]);
    assert_eq!(m(0, "x-forwarded-proto"), [b"http".to_vec()]);
    assert_eq!(m(1, "x-forwarded-for"), [b"127.0.0.1".to_vec()]);
    assert_eq!(m(1, "x-forwarded-host"), [b"public.example".to_vec()]);
    assert_eq!(m(1, "x-forwarded-proto"), [b"https".to_vec()]);
    // A base path on -f prefixes the target.
    let (_based, _) = tunnel(&relay.url, TOKEN, Some("based"), &format!("{}/base", app.url), &[]);
    rt.block_on(post(relay.addr, "/based/three?x=1", b"z"));
    assert_eq!(app.wait_for(3, WAIT)[2].target, "/base/three?x=1");
}

/// Behind a proxy at a path: the relay prints URLs under `--public-url`'s
/// path and routes requests with or without it (proxies that pass the path
/// on, and ones that strip it); the tunnel can connect through the path too.
#[test]
fn a_public_url_with_a_path_is_routed_below_it() {
    let rt = rt();
    let app = App::start(&rt);
    let public = "https://hooks.example.com/in";
    let p = Proc::spawn(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--json",
        "--token",
        TOKEN,
        "--public-url",
        &format!("{public}/"),
    ]);
    let ready = p.json(WAIT);
    assert_eq!(ready["url"], public, "{ready}");
    assert_eq!(ready["ws_url"], "wss://hooks.example.com/in/_hook/tunnel", "{ready}");
    let addr: std::net::SocketAddr = ready["address"].as_str().unwrap_or_default().parse().expect("address");
    let (_tunnel, t) = tunnel(&format!("http://{addr}/in"), TOKEN, Some("pre"), &app.url, &[]);
    assert_eq!(t["url"], format!("{public}/pre"), "{t}");
    for target in ["/in/pre/a?x=1", "/pre/b", "/in/pre"] {
        let r = rt.block_on(post(addr, target, b"{}"));
        assert_eq!(r.status, status_for(&sha(b"{}")), "{target}");
    }
    let targets: Vec<String> = app.wait_for(3, WAIT).into_iter().map(|s| s.target).collect();
    assert_eq!(targets, ["/a?x=1", "/b", "/"]);
    assert_eq!(rt.block_on(post(addr, "/in/nobody/x", b"{}")).status, 404);
    drop(p);
}

/// `HEAD target` then `GET /` on one connection, pipelined; the two answers as
/// read off the wire: the HEAD answer's head, and everything after it.
async fn head_then_get(addr: std::net::SocketAddr, target: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let raw =
        format!("HEAD {target} HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    s.write_all(raw.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let read = tokio::time::timeout(WAIT, s.read_to_end(&mut buf)).await;
    let text = String::from_utf8_lossy(&buf).into_owned();
    assert!(read.is_ok(), "no answers within {WAIT:?}: {text}");
    let end = text.find("\r\n\r\n").unwrap_or_else(|| panic!("no head: {text}")) + 4;
    (text[..end].to_string(), text[end..].to_string())
}

/// The length a head says, as text.
fn length(head: &str) -> Option<&str> {
    head.lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        })
        .map(|(_, v)| v.trim())
}

#[test]
fn the_relays_own_answers_to_head_have_no_body() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (mut gone, _) = tunnel(&relay.url, TOKEN, Some("away"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    gone.kill9();
    relay.p.expect("disconnected", WAIT);
    let (_live, _) = tunnel(&relay.url, TOKEN, Some("live"), &app.url, &[]);
    let get_root = rt.block_on(send_raw(
        relay.addr,
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ));
    let cases = [
        ("/", "HTTP/1.1 200 "),
        ("/nobody/x", "HTTP/1.1 404 "),
        ("/Upper/x", "HTTP/1.1 404 "),
        ("/away/x", "HTTP/1.1 202 "),
        ("/_hook/tunnel", "HTTP/1.1 400 "),
        ("/live/x", "HTTP/1.1 "), // the app's answer, through the tunnel
    ];
    for (target, status) in cases {
        let (head, rest) = rt.block_on(head_then_get(relay.addr, target));
        assert!(head.starts_with(status), "HEAD {target}: {head}");
        if target == "/_hook/tunnel" {
            // That answer closes the connection: the GET is never read.
            assert_eq!(rest, "", "HEAD {target}: a body followed");
            continue;
        }
        assert!(
            rest.starts_with("HTTP/1.1 200 "),
            "HEAD {target}: a body followed: {rest:?}"
        );
        assert!(rest.ends_with("Send them to /<channel>/<path>.\n"), "{rest:?}");
        if target == "/" {
            assert_eq!(length(&head), Some(get_root.body.len().to_string().as_str()), "{head}");
        }
    }
    assert_eq!(
        app.targets(),
        ["/x"],
        "the HEAD through the live tunnel reached the app"
    );
}
