//! The relay's gates: tokens, channel ownership, random channel names, body
//! limits, slow HTTP clients, and the little it serves besides the channels
//! (the WebSocket handshake's gates: `tunnel_handshake.rs`).

mod tunnel_support;

use std::io::{Read, Write};
use std::time::{Duration, Instant};
use tunnel_support::*;

const TOKEN: &str = "security-token-good-9d2e";

#[test]
fn a_bad_token_is_refused_with_exit_2_and_never_printed() {
    let relay = Relay::start(&["--token", TOKEN]);
    let bad = "bad-token-SHOULD-NOT-LEAK-5150";
    let mut t = spawn_tunnel(&relay.url, bad, Some("mine"), "http://127.0.0.1:9", &[]);
    assert_eq!(t.wait_exit(WAIT), Some(2), "stderr: {}", t.stderr());
    let refused = relay.p.expect("refused", WAIT);
    assert_eq!(refused["reason"], "invalid token", "{refused}");
    assert!(
        t.stderr()
            .contains("hook: error: the relay refused the tunnel: invalid token"),
        "stderr: {}",
        t.stderr()
    );
    for (who, out) in [("relay", relay.p.output()), ("tunnel", t.output())] {
        assert!(
            !out.contains(bad) && !out.contains(TOKEN),
            "{who} printed a token:\n{out}"
        );
    }
}

#[test]
fn a_channel_claimed_by_one_token_is_refused_to_another() {
    let rt = rt();
    let app = App::start(&rt);
    let other = "security-token-other-77ab";
    let relay = Relay::start(&["--token", TOKEN, "--token", other]);
    let (mut owner, _) = tunnel(&relay.url, TOKEN, Some("owned"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    for round in ["while the owner is connected", "after the owner left"] {
        let mut thief = spawn_tunnel(&relay.url, other, Some("owned"), &app.url, &[]);
        assert_eq!(thief.wait_exit(WAIT), Some(2), "{round}: {}", thief.stderr());
        assert!(
            thief.stderr().contains("belongs to another token"),
            "{round}: {}",
            thief.stderr()
        );
        relay.p.expect("refused", WAIT);
        if round.starts_with("while") {
            works(&rt, &relay, &app, "owned", "still-mine");
            owner.kill9();
            relay.p.expect("disconnected", WAIT);
        }
    }
    let (_back, _) = tunnel(&relay.url, TOKEN, Some("owned"), &app.url, &[]);
    works(&rt, &relay, &app, "owned", "mine-again");
}

#[test]
fn random_channel_names_are_long_base32() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (_a, ready_a) = tunnel(&relay.url, TOKEN, None, &app.url, &[]);
    let (_b, ready_b) = tunnel(&relay.url, TOKEN, None, &app.url, &[]);
    for ready in [&ready_a, &ready_b] {
        let name = ready["channel"].as_str().expect("channel");
        assert!(name.len() >= 26, "{ready}");
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)),
            "{ready}"
        );
        assert_eq!(ready["url"], format!("{}/{name}", relay.url), "{ready}");
    }
    assert_ne!(ready_a["channel"], ready_b["channel"]);
    works(&rt, &relay, &app, ready_a["channel"].as_str().unwrap(), "random");
}

#[test]
fn bodies_over_max_body_get_413_with_or_without_a_length() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--max-body", "1KiB"]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("small"), &app.url, &[]);
    let fits = vec![7u8; 1024];
    assert_eq!(
        rt.block_on(post(relay.addr, "/small/fits", &fits)).status,
        status_for(&sha(&fits))
    );
    assert_eq!(rt.block_on(post(relay.addr, "/small/big", &[7; 1025])).status, 413);
    let chunked = |name: &str, size: usize| {
        let mut raw = format!("POST /small/{name} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n");
        raw += &format!("Connection: close\r\n\r\n{size:x}\r\n{}\r\n0\r\n\r\n", "7".repeat(size));
        rt.block_on(send_raw(relay.addr, raw.as_bytes())).status
    };
    assert_eq!(
        chunked("chunked-fits", 1000),
        status_for(&sha("7".repeat(1000).as_bytes()))
    );
    assert_eq!(chunked("chunked-big", 2048), 413);
    assert_eq!(
        app.targets(),
        ["/fits", "/chunked-fits"],
        "an oversized body reached the app"
    );
    // The relay shows the refusals among its request lines.
    let mut shown = Vec::new();
    while shown.len() < 4 {
        let line = relay.p.expect("request", WAIT);
        shown.push((
            line["target"].as_str().unwrap_or_default().to_string(),
            line["status"].clone(),
        ));
    }
    assert!(shown.contains(&("/big".to_string(), 413.into())), "{shown:?}");
    assert!(shown.contains(&("/chunked-big".to_string(), 413.into())), "{shown:?}");
}

#[test]
fn a_slow_header_client_blocks_nobody_and_is_dropped() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("busy"), &app.url, &[]);
    let mut slow = std::net::TcpStream::connect(relay.addr).expect("connect");
    slow.write_all(b"POST /busy/x HTTP/1.1\r\nHost: a\r\n").expect("write");
    let started = Instant::now();
    works(&rt, &relay, &app, "busy", "meanwhile");
    slow.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let mut buf = [0u8; 1024];
    let closed = loop {
        match slow.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) if started.elapsed() < Duration::from_secs(20) => continue, // e.g. a 408
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            _ => break false,
        }
    };
    eprintln!("slow-header client closed after {:?}", started.elapsed());
    assert!(
        closed && started.elapsed() < Duration::from_secs(20),
        "still open after {:?}",
        started.elapsed()
    );
    assert_eq!(app.targets(), ["/meanwhile"]);
    // The relay shows the refused head with what it could read of it,
    // after the line for the request sent meanwhile.
    let meanwhile = relay.p.expect("request", WAIT);
    assert_eq!(meanwhile["target"], "/meanwhile", "{meanwhile}");
    let line = relay.p.expect("request", WAIT);
    assert_eq!(
        (&line["channel"], &line["method"], &line["target"], &line["status"]),
        (&"busy".into(), &"POST".into(), &"/x".into(), &408.into()),
        "{line}"
    );
}

#[test]
fn the_relay_serves_one_text_line_and_404_for_unknown_channels() {
    let rt = rt();
    let relay = Relay::start(&["--token", TOKEN]);
    let root = rt.block_on(send_raw(
        relay.addr,
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ));
    assert_eq!(root.status, 200);
    assert!(
        root.header("content-type").is_some_and(|t| t.starts_with("text/plain")),
        "{root:?}"
    );
    let text = String::from_utf8_lossy(&root.body);
    assert!(
        text.contains("hook relay") && !text.to_ascii_lowercase().contains("<html"),
        "{text}"
    );
    let date = root.header("date").expect("the relay's own answers carry a Date");
    assert!(httpdate::parse_http_date(&date).is_ok(), "{date}");
    let targets = ["/nobody/x", "/nobody", "/Upper/x", "/with_underscore/x", "/%2e%2e/x"];
    for target in targets {
        let r = rt.block_on(post(relay.addr, target, b"{}"));
        assert_eq!(r.status, 404, "{target}: {}", String::from_utf8_lossy(&r.body));
        if target.contains(['U', '_', '%']) {
            // A mistyped URL is told what a channel name is.
            let body = String::from_utf8_lossy(&r.body);
            assert!(body.contains("lowercase letters, digits or dashes"), "{target}: {body}");
        }
    }
    // Each is shown on the relay's screen, valid channel name or not.
    let shown: Vec<(String, String, serde_json::Value)> = (0..targets.len())
        .map(|_| {
            let line = relay.p.expect("request", WAIT);
            let field = |k: &str| line[k].as_str().unwrap_or_default().to_string();
            (field("channel"), field("target"), line["status"].clone())
        })
        .collect();
    let want = [
        ("nobody", "/x"),
        ("nobody", "/"),
        ("Upper", "/x"),
        ("with_underscore", "/x"),
        ("%2e%2e", "/x"),
    ];
    for ((channel, target, status), (c, t)) in shown.iter().zip(want) {
        assert_eq!(
            (channel.as_str(), target.as_str(), status),
            (c, t, &404.into()),
            "{shown:?}"
        );
    }
    let ws = rt.block_on(send_raw(
        relay.addr,
        b"GET /_hook/tunnel HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ));
    assert_eq!(ws.status, 400, "a plain GET on the tunnel path");
}

#[test]
fn requests_beyond_max_in_flight_get_503() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--max-in-flight", "2"]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("narrow"), &app.url, &[]);
    let addr = relay.addr;
    let slow = ["/narrow/slow/0", "/narrow/slow/1"].map(|t| rt.spawn(post(addr, t, b"s")));
    app.wait_for(2, WAIT);
    let third = rt.block_on(post(addr, "/narrow/third", b"third"));
    assert_eq!(third.status, 503, "{}", String::from_utf8_lossy(&third.body));
    for h in slow {
        assert_eq!(rt.block_on(h).expect("slow").status, status_for(&sha(b"s")));
    }
    works(&rt, &relay, &app, "narrow", "after");
}

/// `hook relay --listen 127.0.0.1:0 --json ARGS` under umask 022, as a service often runs.
fn relay_umask_022(args: &[&str]) -> Relay {
    let mut c = std::process::Command::new("sh");
    c.args(["-c", "umask 022 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_hook")]);
    hermetic::clean(&mut c);
    c.args(["relay", "--listen", "127.0.0.1:0", "--json"]).args(args);
    Relay::from(Proc::start(c))
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    meta.permissions().mode() & 0o777
}

#[test]
fn a_generated_token_file_is_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let relay = relay_umask_022(&["--data-dir", data.to_str().unwrap()]);
    assert!(relay.ready["token"].is_string(), "{}", relay.ready);
    assert_eq!(mode(&data.join("token")), 0o600, "DIR/token");
    assert_eq!(mode(&data), 0o700, "the data directory the relay made");
}

#[test]
fn queued_requests_on_disk_are_private() {
    let rt = rt();
    let app = App::start(&rt);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    // A queue directory left 0755 by an older hook is closed too.
    std::fs::create_dir_all(data.join("channels")).expect("mkdir");
    let relay = relay_umask_022(&["--token", TOKEN, "--data-dir", data.to_str().unwrap()]);
    let (mut t, _) = tunnel(&relay.url, TOKEN, Some("private"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    t.kill9();
    relay.p.expect("disconnected", WAIT);
    let r = rt.block_on(post(relay.addr, "/private/payment", b"{\"card\":\"4242\"}"));
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    let channel = data.join("channels").join("private");
    for d in [data.join("channels"), channel.clone(), channel.join("queue")] {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
    }
    let frames: Vec<_> = std::fs::read_dir(channel.join("queue"))
        .expect("queue")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(frames.len(), 1, "{frames:?}");
    for f in frames.iter().chain([&channel.join("owner")]) {
        assert_eq!(mode(f), 0o600, "{}", f.display());
    }
}
