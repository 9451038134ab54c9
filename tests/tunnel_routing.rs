//! `hook relay` + `hook tunnel` routing, through the real binaries: the
//! forwarding headers added beside the sender's own, a base path on `-f`,
//! and a relay behind a proxy at a path.

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
