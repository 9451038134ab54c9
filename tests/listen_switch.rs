//! `hook listen -f` when the app switches protocols (`101 Switching
//! Protocols`): hook relays webhooks, never a switch, so the sender gets 502,
//! the line says why, and the app's connection, no longer HTTP, is closed
//! rather than used again. Also: a `Content-Length` said twice alike is one,
//! and plain HTTP sent to `--tls`'s HTTPS port is answered and shown.

mod listen_support;

#[path = "common/switching.rs"]
mod switching;

use listen_support::*;
use serde_json::json;
use switching::{post, status, Sender, SwitchingApp};

const SWITCHED: &str = "the app switched protocols (101 Switching Protocols), which hook does not relay";

/// With and without the sender asking for a switch (`Upgrade: websocket`):
/// 502 with the reason, on a sender connection that goes on to carry a
/// normal request, which the app answers on a fresh connection of its own.
#[test]
fn an_app_that_switches_protocols_gives_502_and_a_fresh_connection() {
    let app = SwitchingApp::start();
    let l = Listen::json(&["-f", &app.port(), "--timeout", "5s"]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut sender = rt.block_on(Sender::connect(([127, 0, 0, 1], l.port).into()));
    for (round, upgrade) in [false, true].into_iter().enumerate() {
        let answer = rt.block_on(sender.send(&post("/switch", upgrade))).expect("an answer");
        assert_eq!(status(&answer), 502, "{answer}");
        assert!(answer.ends_with(&format!("hook: {SWITCHED}\n")), "{answer}");
        let line = l.request();
        let want = json!([502, format!("http://127.0.0.1:{}/switch", app.port()), 502, SWITCHED]);
        let f = &line["forward"];
        assert_eq!(
            json!([line["status"], f["url"], f["status"], f["error"]]),
            want,
            "{line}"
        );
        // hook closed the switched connection: nothing more was written to it.
        let seen = app.wait_until(|s| s.closed_after_switch == round + 1);
        assert_eq!(seen.after_switch, 0, "a request went on the switched connection");

        let answer = rt.block_on(sender.send(&post("/normal", upgrade))).expect("an answer");
        assert_eq!(
            (status(&answer), answer.ends_with("\r\n\r\nnormal")),
            (200, true),
            "{answer}"
        );
        assert_eq!(l.request()["forward"]["status"], 200);
        // The sender's `Upgrade` is hop-by-hop: the app never saw it.
        assert!(app
            .seen()
            .heads
            .iter()
            .all(|h| !h.to_ascii_lowercase().contains("upgrade:")));
    }
    let seen = app.seen();
    assert_eq!((seen.connections, seen.heads.len()), (3, 4), "{seen:?}");
}

/// The screen says it too, in words.
#[test]
fn the_screen_says_the_app_switched_protocols() {
    let app = SwitchingApp::start();
    let mut l = Listen::text(&["-f", &app.port()]);
    assert_eq!(Http::new().post(&format!("{}/switch", l.url), &[], b"{}").status, 502);
    let mut out = l.until(|line| line.contains("answered 502"));
    out.extend(l.interrupt().0);
    let want = format!(
        "  app http://127.0.0.1:{}/switch: {SWITCHED} (answered 502)",
        app.port()
    );
    assert!(out.contains(&want), "{want:?} not in {out:#?}");
}

/// RFC 9112 §6.3: `Content-Length: 5, 5`, or the header twice alike, is one
/// length; lengths that differ are refused with 400. Forwarded, the request
/// says its length once, as hook says every forwarded length.
#[test]
fn a_length_said_twice_alike_is_accepted_and_lengths_that_differ_refused() {
    let app = listen_support::app::App::start(std::time::Duration::ZERO);
    let l = Listen::json(&["-f", &app.port.to_string()]);
    for said in ["5, 5", "5,5", "5\r\nContent-Length: 5"] {
        let req = format!("POST /len HTTP/1.1\r\nHost: h\r\nContent-Length: {said}\r\nConnection: close\r\n\r\nhello");
        let (code, answer) = raw(l.port, req.as_bytes());
        assert_eq!(code, 201, "{said:?}: {answer}");
        let line = l.request();
        assert_eq!(json!([line["status"], line["body"]]), json!([201, "hello"]), "{line}");
        let seen = app.next();
        assert_eq!(
            (seen.header("content-length"), &seen.body[..]),
            (vec!["5"], &b"hello"[..])
        );
    }
    for said in ["5, 6", "5\r\nContent-Length: 6", "5,", "5, x"] {
        let req = format!("POST /len HTTP/1.1\r\nHost: h\r\nContent-Length: {said}\r\nConnection: close\r\n\r\nhello!");
        let (code, answer) = raw(l.port, req.as_bytes());
        assert_eq!(code, 400, "{said:?}: {answer}");
        assert_eq!(l.request()["status"], 400);
    }
}

/// A sender given `http://` for `hook listen --tls`: answered 400 in plain
/// HTTP, saying to use https://, and shown as a line; HTTPS still served.
#[test]
fn plain_http_on_the_https_port_is_answered_and_shown() {
    let l = Listen::json(&["--tls"]);
    let (code, answer) = raw(
        l.port,
        b"POST /plain?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
    );
    assert_eq!(code, 400, "{answer}");
    assert!(answer.contains("this port serves HTTPS"), "{answer}");
    let line = l.request();
    assert_eq!(
        pick(&line, &["method", "path", "query", "status"]),
        json!(["POST", "/plain", "x=1", 400])
    );
    let note = line["note"].as_str().unwrap_or_default();
    assert!(note.contains("plain-HTTP request on this HTTPS port"), "{line}");
    assert_eq!(Http::new().post(&format!("{}/tls", l.url), &[], b"{}").status, 200);
    assert_eq!(l.request()["path"], "/tls");
}
