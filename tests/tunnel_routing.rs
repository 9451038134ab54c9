//! `hook relay` + `hook tunnel` routing, through the real binaries: the
//! forwarding headers added beside the sender's own, a base path on `-f`,
//! a relay behind a proxy at a path, and a URL-signed (Twilio) request whose
//! URL the app rebuilds from the forwarding headers.

mod tunnel_support;

use tunnel_support::*;

const TOKEN: &str = "routing-token-2c9d";

/// `hook relay --json` on a free port with `--public-url PUBLIC`.
fn relay_at(public: &str) -> Proc {
    Proc::spawn(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--json",
        "--token",
        TOKEN,
        "--public-url",
        public,
    ])
}

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
        ("X-Forwarded-Prefix".into(), b"/outer".to_vec()),
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
    // The prefix the relay stripped is always added, after the sender's own.
    assert_eq!(m(0, "x-forwarded-prefix"), [b"/fwd".to_vec()]);
    assert_eq!(m(1, "x-forwarded-prefix"), [b"/outer".to_vec(), b"/fwd".to_vec()]);
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
    let p = relay_at(&format!("{public}/"));
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

/// The headers `hook sign -p twilio` gives `body` posted to `url`.
fn twilio_signed(url: &str, body: &[u8]) -> Headers {
    let line = ["sign", "-p", "twilio", "--secret", "tw-auth-token", "--url", url, "-"];
    let (code, out) = hook_with_stdin(&line, body);
    assert_eq!(code, Some(0), "{out}");
    out.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
        .collect()
}

/// `hook <args>` with `stdin` on its standard input, to its end; exit code and stdout.
fn hook_with_stdin(args: &[&str], stdin: &[u8]) -> (Option<i32>, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = hermetic::hook()
        .args(args)
        .env_remove("HOOK_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run hook");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait for hook");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The URL an app behind the tunnel rebuilds, as a framework's proxy support
/// does: the first `X-Forwarded-Proto` and `-Host` (the outermost proxy's view),
/// the last `X-Forwarded-Prefix` (the nearest: the relay's), then the target.
fn rebuilt(seen: &Seen) -> String {
    let values = |name: &str| multimap(&seen.headers, "").remove(name).unwrap_or_default();
    let text = |v: Option<&Vec<u8>>| String::from_utf8_lossy(v.map_or(&[][..], |v| v)).into_owned();
    let (proto, host, prefix) = (
        values("x-forwarded-proto"),
        values("x-forwarded-host"),
        values("x-forwarded-prefix"),
    );
    format!(
        "{}://{}{}{}",
        text(proto.first()),
        text(host.first()),
        text(prefix.last()),
        seen.target
    )
}

/// Regression: the app behind a plain-HTTP relay (TLS ended by a proxy that
/// sets no X-Forwarded-Proto) got `X-Forwarded-Proto: http` and no trace of the
/// channel, so it rebuilt another URL than Twilio signed and rejected it.
#[test]
fn an_app_rebuilds_the_url_a_provider_signed_from_the_forwarding_headers() {
    let rt = rt();
    let app = App::start(&rt);
    let p = relay_at("https://hooks.example.com/hooks");
    let ready = p.json(WAIT);
    let addr: std::net::SocketAddr = ready["address"].as_str().unwrap_or_default().parse().expect("address");
    let (tunnel, _) = tunnel(
        &format!("http://{addr}"),
        TOKEN,
        Some("tw"),
        &app.url,
        &["--secret", "tw-auth-token"],
    );
    let body = b"Body=hi&From=%2B15551234567&To=%2B15557654321";
    let signed_url = "https://hooks.example.com/hooks/tw/sms?x=1";
    let signed = twilio_signed(signed_url, body);
    // A proxy that passes the path on and sets no forwarding headers; then one
    // that strips the relay's path and says the scheme and host itself.
    let mut told = signed.clone();
    told.push(("X-Forwarded-Proto".into(), b"https".to_vec()));
    told.push(("X-Forwarded-Host".into(), b"hooks.example.com".to_vec()));
    for (target, headers) in [("/hooks/tw/sms?x=1", &signed), ("/tw/sms?x=1", &told)] {
        let r = rt.block_on(send(addr, "POST", target, headers, body));
        assert_eq!(r.status, status_for(&sha(body)), "{target}");
        let line = tunnel.expect("request", WAIT);
        assert_eq!(
            (&line["provider"], &line["verdict"]),
            (&"twilio".into(), &"valid".into()),
            "{line}"
        );
    }
    let seen = app.wait_for(2, WAIT);
    for s in &seen {
        assert_eq!(s.target, "/sms?x=1");
        let url = rebuilt(s);
        assert_eq!(url, signed_url, "{:?}", s.headers);
        let mut args = vec!["verify", "-p", "twilio", "--secret", "tw-auth-token", "--url", &url];
        let flags: Vec<String> = signed
            .iter()
            .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v)))
            .collect();
        for h in &flags {
            args.extend(["-H", h]);
        }
        args.push("-");
        let (code, out) = hook_with_stdin(&args, body);
        assert_eq!(code, Some(0), "the app's check with the rebuilt URL: {out}");
    }
    // Signed for a URL the relay does not know (a port): the tunnel's screen
    // names the URL it checked and where that URL is set.
    let elsewhere = twilio_signed("https://hooks.example.com:8443/hooks/tw/sms?x=1", body);
    rt.block_on(send(addr, "POST", "/tw/sms?x=1", &elsewhere, body));
    let line = tunnel.expect("request", WAIT);
    assert_eq!(line["verdict"], "invalid", "{line}");
    let finding = &line["findings"][0];
    assert_eq!(finding["code"], "url_checked", "{line}");
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("checked {signed_url} (from the relay's public URL")),
        "{message}"
    );
    assert!(message.contains("to the relay as its --public-url"), "{message}");
    drop(p);
}

/// `hook listen` as the app behind the relay checks the URL the provider
/// signed, rebuilt from the forwarding headers, prefix included.
#[test]
fn hook_listen_behind_the_relay_checks_the_signed_url() {
    let rt = rt();
    let listen = Proc::spawn(&["listen", "-p", "0", "--json", "--secret", "tw-auth-token"]);
    let listen_url = listen.expect("ready", WAIT)["url"].as_str().expect("url").to_string();
    let p = relay_at("https://hooks.example.com");
    let addr: std::net::SocketAddr = p.json(WAIT)["address"]
        .as_str()
        .unwrap_or_default()
        .parse()
        .expect("address");
    let (_tunnel, _) = tunnel(&format!("http://{addr}"), TOKEN, Some("tw"), &listen_url, &[]);
    let body = b"Body=hi&From=%2B15551234567";
    let signed_url = "https://hooks.example.com/tw/sms";
    let signed = twilio_signed(signed_url, body);
    assert_eq!(rt.block_on(send(addr, "POST", "/tw/sms", &signed, body)).status, 200);
    let line = listen.expect("request", WAIT);
    assert_eq!(
        (&line["provider"], &line["verdict"]),
        (&"twilio".into(), &"valid".into()),
        "{line}"
    );
}

#[test]
fn headers_given_with_h_replace_the_senders_for_the_app_only() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let added = ["-H", "authorization: Bearer dev-token", "-H", "X-Env: dev"];
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("hdr"), &app.url, &added);
    let sent: Headers = vec![("X-Env".into(), b"prod".to_vec()), ("X-Keep".into(), b"1".to_vec())];
    rt.block_on(send(relay.addr, "POST", "/hdr/in", &sent, b"x"));
    let seen = app.wait_for(1, WAIT);
    let m = multimap(&seen[0].headers, "");
    assert_eq!(m["x-env"], [b"dev".to_vec()], "replaced, not added beside");
    assert_eq!(m["authorization"], [b"Bearer dev-token".to_vec()]);
    assert_eq!(m["x-keep"], [b"1".to_vec()]);
    // The screen shows the request as it came.
    let line = tunnel.expect("request", WAIT);
    let headers = line["headers"].as_array().expect("headers").clone();
    assert!(headers.contains(&serde_json::json!(["X-Env", "prod"])), "{line}");
    assert!(!line.to_string().contains("dev-token"), "{line}");
}
