//! Free helpers for the replay tests: read fields of `hook listen --json`
//! request lines, post raw HTTP, write fixtures, find a refused port or a
//! silent one.

use super::WAIT;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

/// A request line's header value (names are lower case).
pub fn header<'v>(request: &'v Value, name: &str) -> Option<&'v str> {
    request["headers"]
        .as_array()?
        .iter()
        .find(|pair| pair[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|pair| pair[1].as_str())
}

/// A request line's body parsed as JSON.
pub fn body_json(request: &Value) -> Value {
    let text = request["body"]
        .as_str()
        .unwrap_or_else(|| panic!("no UTF-8 body: {request}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("body is not JSON ({e}): {text}"))
}

/// POST raw bytes over HTTP/1.1 and return the status code.
pub fn post(base: &str, target: &str, headers: &[(String, String)], body: &[u8]) -> u16 {
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut head = format!("POST {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    send_raw(base, &request)
}

/// Send `request`'s bytes as they are (the request must ask to close the
/// connection) and return the status code answered.
pub fn send_raw(base: &str, request: &[u8]) -> u16 {
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(authority).expect("connect to hook listen");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    s.write_all(request).expect("write the request");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {text:?}"))
}

/// `Name: value` lines (as `hook sign` prints them) into pairs.
pub fn header_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// A URL on which nothing listens: a port bound but never put to listening,
/// so a connection is refused. The socket is kept (leaked) for the rest of
/// the test process: a port merely released could be taken, in the
/// meantime, by another test's listener on port 0, which would then answer.
pub fn refused_url() -> String {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().expect("addr")).expect("bind");
    let port = socket.local_addr().expect("addr").port();
    std::mem::forget(socket);
    format!("http://127.0.0.1:{port}")
}

/// A URL whose server takes connections and never answers: a socket put to
/// listening but never accepted from, so the kernel completes each
/// connection into its backlog and the request waits there unread. Kept
/// (leaked) for the rest of the test process, as in [`refused_url`].
pub fn silent_url() -> String {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = socket.local_addr().expect("addr").port();
    std::mem::forget(socket);
    format!("http://127.0.0.1:{port}")
}

/// Write a small fixture file.
pub fn write_fixture(dir: &Path, file: &str, provider: &str, event: &str, path: &str, body: Value) {
    let fixture = serde_json::json!({
        "provider": provider, "event": event, "path": path,
        "headers": [["X-GitHub-Event", event]], "body": body,
    });
    std::fs::write(dir.join(file), serde_json::to_vec_pretty(&fixture).expect("json")).expect("write fixture");
}

/// The paths (with query) of request lines, in order.
pub fn paths(requests: &[Value]) -> Vec<String> {
    requests
        .iter()
        .map(|r| match r["query"].as_str() {
            Some(q) => format!("{}?{q}", r["path"].as_str().unwrap_or("")),
            None => r["path"].as_str().unwrap_or("").to_string(),
        })
        .collect()
}

/// Seconds since the epoch, now.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// Words of a command line (no quoting: for arguments without spaces).
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Assert that `v` has every field of the object `want`, with the same values.
#[track_caller]
pub fn expect_fields(v: &Value, want: Value) {
    for (key, value) in want.as_object().expect("want is an object") {
        assert_eq!(&v[key], value, "{key} in {v}");
    }
}

/// A receiver that takes one connection, reads one request head (bounded in
/// size and by [`WAIT`]), answers 200 and hands back the head's bytes as they
/// came: nothing between hook and the test decodes them. Its URL and the head.
pub fn one_raw_head() -> (String, std::thread::JoinHandle<Vec<u8>>) {
    one_raw_head_answering(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec())
}

/// [`one_raw_head`], answering with `answer`'s bytes as they are.
pub fn one_raw_head_answering(answer: Vec<u8>) -> (String, std::thread::JoinHandle<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let head = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        s.set_read_timeout(Some(WAIT)).expect("timeout");
        let mut got = Vec::new();
        let mut chunk = [0u8; 4096];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") && got.len() < 65536 {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&chunk[..n]),
            }
        }
        let end = got
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(got.len(), |i| i + 2);
        // The body too, so that closing with it unread cannot reset the connection under hook.
        let length: usize = String::from_utf8_lossy(&got[..end])
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        while got.len() < end + 2 + length {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&chunk[..n]),
            }
        }
        let _ = s.write_all(&answer);
        got.truncate(end);
        got
    });
    (url, head)
}

/// Whether `haystack` holds `needle`, byte for byte.
pub fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
