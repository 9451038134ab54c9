//! The relay and the tunnel keep HTTP/1.1 messages as they were written:
//! header names in their case and order, repeated names where they stood, in
//! both directions; chunked bodies, `Expect: 100-continue`, keep-alive and
//! HEAD are handled as a sender expects. The app here reads raw bytes, so
//! nothing between it and the wire normalises what it sees.

mod tunnel_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tunnel_support::*;

const TOKEN: &str = "wire-token-19ce";

/// What the raw app saw: each request's head (as text) and body.
type RawLog = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

const MIXED_ANSWER: &[u8] =
    b"HTTP/1.1 201 Created\r\nX-Z: 1\r\nset-cookie: a=1\r\nX-Z: 2\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\nok";
const CHUNKED_ANSWER: &[u8] =
    b"HTTP/1.1 200 OK\r\nX-Kind: chunked\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n";
const FAIL_ANSWER: &[u8] = b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops";
const HEAD_ANSWER: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Head: yes\r\n\r\n";
/// One length said twice, which RFC 9112 §6.3 lets a reader take as one.
const LISTED_ANSWER: &[u8] = b"HTTP/1.1 202 Accepted\r\nContent-Length: 2, 2\r\n\r\nok";

/// An app on raw sockets: records each request's head and body; answers
/// `/chunked` chunked, `/fail` with a 500, `HEAD` with a length and no body,
/// `/listed` with `Content-Length: 2, 2`, and anything else
/// with `MIXED_ANSWER`. Keeps connections alive.
fn raw_app(rt: &tokio::runtime::Runtime) -> (String, RawLog) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind app");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let log: RawLog = Arc::default();
    let shared = log.clone();
    rt.spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let log = shared.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                // Bounded: each loop reads one request or stops.
                for _ in 0..1000 {
                    let Some((head, body)) = read_one(&mut s, &mut buf).await else {
                        return;
                    };
                    let answer = if head.starts_with("HEAD ") {
                        HEAD_ANSWER
                    } else if head.contains(" /fail ") {
                        FAIL_ANSWER
                    } else if head.contains(" /chunked ") {
                        CHUNKED_ANSWER
                    } else if head.contains(" /listed ") {
                        LISTED_ANSWER
                    } else {
                        MIXED_ANSWER
                    };
                    log.lock().unwrap_or_else(|p| p.into_inner()).push((head, body));
                    if s.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, log)
}

/// Read one request (the tunnel always sends a length) off `s`.
async fn read_one(s: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    let end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(WAIT, s.read(&mut chunk)).await.ok()?.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let len: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ")?.parse().ok())
        .unwrap_or(0);
    while buf.len() < end + 4 + len {
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(WAIT, s.read(&mut chunk)).await.ok()?.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[end + 4..end + 4 + len].to_vec();
    buf.drain(..end + 4 + len);
    Some((head, body))
}

/// A relay, a raw app, and a tunnel between them on `channel`.
fn setup(rt: &tokio::runtime::Runtime, channel: &str) -> (Relay, Proc, RawLog) {
    let (app, log) = raw_app(rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some(channel), &app, &[]);
    (relay, tunnel, log)
}

fn header_lines(head: &str) -> Vec<&str> {
    head.split("\r\n").skip(1).collect()
}

#[test]
fn header_case_order_and_repeats_survive_both_ways() {
    let rt = rt();
    let (relay, _tunnel, log) = setup(&rt, "wire");
    let raw = format!(
        "POST /wire/hook?a=1 HTTP/1.1\r\nX-B: 1\r\nHost: {}\r\nx-a: 2\r\nX-B: 3\r\nX-GitHub-Event: push\r\n\
         content-type: application/json\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{{}}",
        relay.addr
    );
    let reply = rt.block_on(send_raw(relay.addr, raw.as_bytes()));
    let (head, body) = log.lock().expect("log")[0].clone();
    assert_eq!(head.lines().next(), Some("POST /hook?a=1 HTTP/1.1"));
    let app_authority = head.lines().find_map(|l| l.strip_prefix("Host: ")).expect("Host");
    assert_ne!(app_authority, relay.addr.to_string(), "Host names the app");
    assert_eq!(
        header_lines(&head),
        [
            "X-B: 1".to_string(),
            format!("Host: {app_authority}"),
            "x-a: 2".into(),
            "X-B: 3".into(),
            "X-GitHub-Event: push".into(),
            "content-type: application/json".into(),
            "Content-Length: 2".into(),
            "X-Forwarded-For: 127.0.0.1".into(),
            format!("X-Forwarded-Host: {}", relay.addr),
            "X-Forwarded-Proto: http".into(),
            "X-Forwarded-Prefix: /wire".into(),
        ],
        "{head}"
    );
    assert_eq!(body, b"{}");
    assert_eq!(reply.status, 201);
    let names: Vec<(&str, &[u8])> = reply.headers.iter().map(|(n, v)| (n.as_str(), &v[..])).collect();
    assert_eq!(
        names,
        [
            ("X-Z", &b"1"[..]),
            ("set-cookie", b"a=1"),
            ("X-Z", b"2"),
            ("Set-Cookie", b"b=2"),
            ("Content-Length", b"2"),
            ("Connection", b"close"),
        ]
    );
    assert_eq!(reply.body, b"ok");
}

#[test]
fn chunked_both_ways_and_expect_continue() {
    let rt = rt();
    let (relay, _tunnel, log) = setup(&rt, "chunks");
    rt.block_on(async {
        let mut s = TcpStream::connect(relay.addr).await.expect("connect");
        let head = "POST /chunks/chunked HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\
                    Connection: close\r\n\r\n";
        s.write_all(head.as_bytes()).await.expect("head");
        // A sender that asked waits for 100 Continue before the body.
        let mut interim = [0u8; 25];
        tokio::time::timeout(WAIT, s.read_exact(&mut interim))
            .await
            .expect("100 Continue in time")
            .expect("read");
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
        s.write_all(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            .await
            .expect("body");
        let mut answer = Vec::new();
        tokio::time::timeout(WAIT, s.read_to_end(&mut answer))
            .await
            .expect("answer in time")
            .expect("read");
        let text = String::from_utf8_lossy(&answer);
        assert!(
            text.starts_with("HTTP/1.1 200 OK\r\nX-Kind: chunked\r\nContent-Length: 7\r\n"),
            "{text}"
        );
        assert!(text.ends_with("\r\n\r\nabcdefg"), "{text}");
    });
    let (head, body) = log.lock().expect("log")[0].clone();
    assert_eq!(body, b"hello world", "the app gets the joined body");
    assert!(head.contains("\r\nContent-Length: 11"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding"), "{head}");
    // Passed on as sent: the body follows at once, and interim answers are skipped.
    assert!(head.contains("\r\nExpect: 100-continue\r\n"), "{head}");
}

#[test]
fn keep_alive_pipelining_and_head() {
    let rt = rt();
    let (relay, _tunnel, log) = setup(&rt, "alive");
    rt.block_on(async {
        let mut s = TcpStream::connect(relay.addr).await.expect("connect");
        // Two requests in one write, then a HEAD that closes: three answers in order.
        let both = "POST /alive/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nA\
                    POST /alive/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nB\
                    HEAD /alive/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        s.write_all(both.as_bytes()).await.expect("write");
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut answer))
            .await
            .expect("answers in time")
            .expect("read");
        let text = String::from_utf8_lossy(&answer);
        assert_eq!(text.matches("HTTP/1.1 201 Created\r\n").count(), 2, "{text}");
        let head_answer = text.rsplit("HTTP/1.1 ").next().expect("third");
        assert_eq!(
            head_answer, "200 OK\r\nContent-Length: 10\r\nX-Head: yes\r\nConnection: close\r\n\r\n",
            "a HEAD answer keeps the app's length and has no body"
        );
    });
    let seen: Vec<String> = log
        .lock()
        .expect("log")
        .iter()
        .map(|(h, _)| h.lines().next().unwrap_or("").to_string())
        .collect();
    assert_eq!(seen, ["POST /1 HTTP/1.1", "POST /2 HTTP/1.1", "HEAD /3 HTTP/1.1"]);
}

#[test]
fn ambiguous_framing_and_huge_heads_are_refused() {
    let rt = rt();
    let (relay, _tunnel, log) = setup(&rt, "strict");
    let smuggle =
        b"POST /strict/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    assert_eq!(rt.block_on(send_raw(relay.addr, smuggle)).status, 400);
    let mut huge = b"POST /strict/x HTTP/1.1\r\nHost: x\r\n".to_vec();
    huge.extend(std::iter::repeat_n(b"X-Pad: 0123456789abcdef\r\n", 4000).flatten());
    huge.extend_from_slice(b"\r\n");
    assert_eq!(rt.block_on(send_raw(relay.addr, &huge)).status, 431);
    assert_eq!(
        rt.block_on(send_raw(relay.addr, b"NOT HTTP AT ALL\r\n\r\n")).status,
        400
    );
    let differ = b"POST /strict/x HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 5\r\n\r\nfine!";
    assert_eq!(rt.block_on(send_raw(relay.addr, differ)).status, 400);
    // The channel still works, and nothing refused reached the app.
    assert_eq!(rt.block_on(post(relay.addr, "/strict/ok", b"fine")).status, 201);
    // One length said twice alike is that length (RFC 9112 §6.3), both ways;
    // the app and the sender are told it once, as every length is said.
    let listed = b"POST /strict/listed HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\nConnection: close\r\n\r\nfine";
    let answer = rt.block_on(send_raw(relay.addr, listed));
    assert_eq!((answer.status, &answer.body[..]), (202, &b"ok"[..]));
    assert_eq!(answer.header("content-length").as_deref(), Some("2"));
    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].1, b"fine");
    assert_eq!(seen[1].1, b"fine");
    assert!(header_lines(&seen[1].0).contains(&"Content-Length: 4"), "{}", seen[1].0);
}

#[test]
fn quiet_relay_and_tunnel_show_only_failed_requests() {
    let rt = rt();
    let (app, log) = raw_app(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--quiet"]);
    let (quiet, _) = tunnel(&relay.url, TOKEN, Some("hush"), &app, &["--quiet"]);
    assert_eq!(rt.block_on(post(relay.addr, "/hush/fine", b"ok")).status, 201);
    assert_eq!(rt.block_on(post(relay.addr, "/hush/fail", b"no")).status, 500);
    assert_eq!(log.lock().expect("log").len(), 2, "both delivered");
    // The first request line is the failed second request: the good one printed nothing.
    let line = quiet.expect("request", WAIT);
    assert_eq!(line["path"], "/fail", "{line}");
    assert_eq!(line["seq"], 2, "{line}");
    assert_eq!(line["forward"]["status"], 500, "{line}");
    // So does the relay's.
    let relayed = relay.p.expect("request", WAIT);
    assert_eq!(
        (&relayed["target"], &relayed["status"]),
        (&"/fail".into(), &500.into()),
        "{relayed}"
    );
}
