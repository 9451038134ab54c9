//! `hook listen --threads`: connections spread over threads, and every
//! request is still answered, printed once and whole, and counted at stop.

mod listen_support;

use listen_support::*;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// Connections open at once; with two threads, every other one is handed to the second.
const CONNECTIONS: usize = 6;
/// Requests on each keep-alive connection.
const PER_CONNECTION: usize = 20;

/// Send `bodies` in turn on one keep-alive connection; the statuses.
fn keep_alive_posts(port: u16, conn: usize, bodies: &[Vec<u8>]) -> Vec<u16> {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    let mut statuses = Vec::new();
    for (n, body) in bodies.iter().enumerate() {
        let head = format!(
            "POST /c{conn}/n{n} HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        writer.write_all(head.as_bytes()).expect("write head");
        writer.write_all(body).expect("write body");
        let mut status_line = String::new();
        reader.read_line(&mut status_line).expect("status line");
        let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok());
        statuses.push(status.unwrap_or_else(|| panic!("bad status line {status_line:?}")));
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header line");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("content-length");
            }
        }
        let mut answer = vec![0; length];
        reader.read_exact(&mut answer).expect("answer body");
    }
    statuses
}

/// Every connection's bodies, sent all at once from a thread per connection.
fn send_concurrently(port: u16, bodies: &[Vec<Vec<u8>>]) {
    std::thread::scope(|s| {
        let senders: Vec<_> = bodies
            .iter()
            .enumerate()
            .map(|(conn, mine)| s.spawn(move || keep_alive_posts(port, conn, mine)))
            .collect();
        for sender in senders {
            let statuses = sender.join().expect("sender thread");
            assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
        }
    });
}

fn body_of(conn: usize, n: usize, lines: usize) -> Vec<u8> {
    (0..lines)
        .map(|k| format!("body c{conn} n{n} line {k}\n"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn two_threads_answer_and_print_every_request_once() {
    let mut l = Listen::json(&["--threads", "2"]);
    assert_eq!(l.ready["threads"], 2, "{}", l.ready);
    // Sizes from a few bytes to ~60 KiB, so some captures are larger than a write batch.
    let bodies: Vec<Vec<Vec<u8>>> = (0..CONNECTIONS)
        .map(|c| {
            (0..PER_CONNECTION)
                .map(|n| body_of(c, n, 1 + (c * 7 + n * 13) % 40 * 60))
                .collect()
        })
        .collect();
    send_concurrently(l.port, &bodies);
    let total = CONNECTIONS * PER_CONNECTION;
    let mut seqs = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for _ in 0..total {
        let line = l.request();
        seqs.insert(line["seq"].as_u64().expect("seq"));
        let path = line["path"].as_str().expect("path").to_string();
        let (c, n) = path[2..].split_once("/n").expect("path /cC/nN");
        let (c, n): (usize, usize) = (c.parse().unwrap(), n.parse().unwrap());
        assert_eq!(line["body_sha256"], sha(&bodies[c][n]), "{path}");
        assert_eq!(
            line["body"].as_str().map(str::as_bytes),
            Some(&bodies[c][n][..]),
            "{path}"
        );
        assert!(seen.insert((c, n)), "{path} printed twice");
    }
    assert_eq!(seqs, (1..=total as u64).collect(), "each request numbered once");
    let (rest, code) = l.interrupt();
    assert_eq!(code, Some(0));
    let summary: serde_json::Value = serde_json::from_str(rest.last().expect("summary")).expect("JSON");
    assert_eq!(summary["requests"], total, "{summary}");
    assert_eq!(summary["by_status"]["200"], total, "{summary}");
}

#[test]
fn text_captures_from_two_threads_never_interleave() {
    let mut l = Listen::text(&["--threads", "2"]);
    let bodies: Vec<Vec<Vec<u8>>> = (0..4).map(|c| (0..15).map(|n| body_of(c, n, 8)).collect()).collect();
    send_concurrently(l.port, &bodies);
    let (lines, code) = l.interrupt();
    assert_eq!(code, Some(0));
    assert_eq!(
        lines.last().map(String::as_str),
        Some("hook: stopped after 60 requests: 60×200")
    );
    // Each capture is a first line naming its path, then its headers and body:
    // every body line must sit under its own request's first line.
    let mut current: Option<String> = None;
    let mut bodies_seen = 0;
    for line in &lines[..lines.len() - 1] {
        if let Some(path) = line.split_whitespace().find(|w| w.starts_with("/c")) {
            current = Some(path.to_string());
            continue;
        }
        if let Some(text) = line.trim().strip_prefix("body ") {
            let mut words = text.split_whitespace();
            let (c, n) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            assert_eq!(
                current.as_deref(),
                Some(format!("/{c}/{n}").as_str()),
                "{line:?} under another capture"
            );
            bodies_seen += 1;
        }
    }
    assert_eq!(bodies_seen, 60 * 8, "every body line printed once");
}

#[test]
fn threads_out_of_range_are_refused_with_a_hint() {
    for n in ["0", "65"] {
        let (code, stdout, stderr) = run_to_exit(&["listen", "-p", "0", "--threads", n]);
        assert_eq!(code, Some(2), "{stdout}{stderr}");
        assert!(
            stderr.starts_with(&format!("hook: error: --threads {n} is not between 1 and 64")),
            "{stderr}"
        );
        assert!(stderr.contains("hint: "), "{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
    }
}
