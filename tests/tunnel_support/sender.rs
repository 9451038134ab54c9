//! A raw HTTP/1.1 sender for the relay tests: the request goes out exactly as
//! given (targets are never normalised), and the answer is read whole.

use super::Headers;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An HTTP answer as read off the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// The whole first line, `HTTP/1.1 200 OK`, as bytes (a phrase need not be UTF-8).
    pub status_line: Vec<u8>,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl Reply {
    /// The first value of a header, as text.
    pub fn header(&self, name: &str) -> Option<String> {
        let (_, v) = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
        Some(String::from_utf8_lossy(v).into_owned())
    }
}

/// Send one request byte-exact (`Connection: close`) and read the whole answer.
pub async fn send(addr: SocketAddr, method: &str, target: &str, headers: &Headers, body: &[u8]) -> Reply {
    let mut raw = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\n").into_bytes();
    for (n, v) in headers {
        raw.extend_from_slice(format!("{n}: ").as_bytes());
        raw.extend_from_slice(v);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()).as_bytes());
    raw.extend_from_slice(body);
    send_raw(addr, &raw).await
}

/// `send` with no headers.
pub async fn post(addr: SocketAddr, target: &str, body: &[u8]) -> Reply {
    send(addr, "POST", target, &Vec::new(), body).await
}

/// Write `raw`, read until the server closes (bounded), parse the answer.
pub async fn send_raw(addr: SocketAddr, raw: &[u8]) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let _ = s.write_all(raw).await; // the server may answer (413) before reading it all
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "no answer within 30 s: {}", String::from_utf8_lossy(&buf));
    parse(&buf)
}

fn parse(buf: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(buf);
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n");
    let end = end.unwrap_or_else(|| panic!("no head: {text}"));
    let mut lines = buf[..end].split(|&b| b == b'\n').map(|l| l.trim_ascii_end());
    let first = lines.next().unwrap_or_default();
    let status = std::str::from_utf8(first.get(9..12).unwrap_or_default())
        .ok()
        .and_then(|s| s.parse().ok());
    let mut reply = Reply {
        status: status.unwrap_or_else(|| panic!("bad status line: {text}")),
        status_line: first.to_vec(),
        headers: Vec::new(),
        body: buf[end + 4..].to_vec(),
    };
    for l in lines {
        let colon = l
            .iter()
            .position(|&b| b == b':')
            .unwrap_or_else(|| panic!("bad header: {text}"));
        let name = String::from_utf8_lossy(&l[..colon]).into_owned();
        reply.headers.push((name, l[colon + 1..].trim_ascii_start().to_vec()));
    }
    assert!(reply.header("transfer-encoding").is_none(), "unexpected chunked answer");
    if let Some(n) = reply.header("content-length") {
        assert_eq!(n.parse().ok(), Some(reply.body.len()), "content-length vs body");
    }
    reply
}
