//! `hook replay` writes each request as the fixture spells it: header names
//! in their case and order, repeated names kept, the path untouched. The
//! receiver here reads raw bytes, so nothing normalises what it sees. A
//! receiver that switches protocols fails the delivery.

mod replay_support;

#[path = "common/switching.rs"]
mod switching;

use replay_support::*;
use serde_json::json;
use std::io::{Read, Write};
use std::time::Duration;

/// Accept one connection, read one request head (and its body), answer 200; the head as text.
fn one_raw_request(listener: std::net::TcpListener) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        let mut buf = Vec::new();
        // Bounded by the read timeout and the size check.
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65536 {
            let mut chunk = [0u8; 4096];
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    })
}

#[test]
fn headers_go_out_in_the_fixtures_case_and_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = json!({
        "provider": "github", "event": "push", "path": "/hooks/./gh?x=%2F",
        "headers": [["X-B", "1"], ["x-a", "2"], ["X-B", "3"], ["X-GitHub-Event", "push"]],
        "body": {"ref": "refs/heads/main"},
    });
    let file = dir.path().join("f.json");
    std::fs::write(&file, fixture.to_string()).expect("write");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let to = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = one_raw_request(listener);
    let run = run(&[
        "replay",
        &file.to_string_lossy(),
        "--to",
        &to,
        "--secret",
        WHSEC,
        "--keep-ids",
    ]);
    run.expect_code(0);
    let head = seen.join().expect("receiver");
    let lines: Vec<&str> = head.split("\r\n").collect();
    assert_eq!(lines[0], "POST /hooks/./gh?x=%2F HTTP/1.1", "{head}");
    let names: Vec<&str> = lines[1..].iter().filter_map(|l| l.split(':').next()).collect();
    let pos = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("{n} missing: {head}"))
    };
    assert!(pos("X-B") < pos("x-a") && pos("x-a") < pos("X-GitHub-Event"), "{head}");
    assert_eq!(names.iter().filter(|n| **n == "X-B").count(), 2, "{head}");
    assert!(names.contains(&"X-Hub-Signature-256"), "{head}");
    assert!(lines.contains(&"X-B: 3"), "{head}");
}

/// A receiver answering `101 Switching Protocols` got each delivery: none
/// got an HTTP answer, so each fails (exit 1) with the reason, as a `broken`
/// one, and the next goes on a fresh connection, never the switched one.
#[test]
fn a_receiver_that_switches_protocols_fails_the_delivery() {
    let app = switching::SwitchingApp::start();
    let to = format!("http://{}/switch", app.addr);
    let run = run(&[
        "replay",
        "github/ping",
        "--to",
        &to,
        "--secret",
        WHSEC,
        "--repeat",
        "2",
        "--timeout",
        "5s",
        "--json",
    ]);
    run.expect_code(1);
    let switched = "the app switched protocols (101 Switching Protocols), which hook does not relay";
    for attempt in run.attempts() {
        let got = json!([attempt["status"], attempt["failure"], attempt["error"], attempt["ok"]]);
        assert_eq!(got, json!([null, "broken", switched, false]), "{attempt}");
    }
    assert_eq!(run.attempts().len(), 2, "{run:?}");
    assert_eq!(json!([run.summary()["ok"], run.summary()["failed"]]), json!([0, 2]));
    let seen = app.wait_until(|s| s.closed_after_switch == 2);
    assert_eq!(
        (seen.connections, seen.heads.len(), seen.after_switch),
        (2, 2, 0),
        "{seen:?}"
    );
}
