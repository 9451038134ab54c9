//! A local app that switches protocols, for the tests of how hook treats an
//! app's `101 Switching Protocols`, and a keep-alive sender that reads one
//! answer at a time. The app answers a request whose path holds `/switch`
//! with `101 Switching Protocols` (`Upgrade: websocket`), then does what a
//! WebSocket server does: reads what follows on that connection as frames,
//! never as a request, and answers nothing. Other requests get `200 normal`.
#![allow(dead_code)] // each test binary uses a different part

use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest any one wait lasts.
const WAIT: Duration = Duration::from_secs(10);

/// The 101 the app answers, as a WebSocket server writes it.
pub const SWITCH: &[u8] = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";

/// What the app has seen.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// Connections accepted.
    pub connections: usize,
    /// Each request's head, as it came, in order.
    pub heads: Vec<String>,
    /// Bytes that came on a connection after its 101: a request hook sent
    /// on a connection that is no longer HTTP.
    pub after_switch: usize,
    /// Connections closed by hook after their 101.
    pub closed_after_switch: usize,
}

/// The app, on 127.0.0.1:0, with a runtime of its own.
pub struct SwitchingApp {
    pub addr: SocketAddr,
    seen: Arc<(Mutex<Seen>, Condvar)>,
    _rt: tokio::runtime::Runtime,
}

impl SwitchingApp {
    pub fn start() -> SwitchingApp {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let socket = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind app");
        let addr = socket.local_addr().expect("addr");
        let seen: Arc<(Mutex<Seen>, Condvar)> = Arc::default();
        let shared = seen.clone();
        rt.spawn(async move {
            // Bounded: no test here opens more than a few connections.
            for _ in 0..64 {
                let Ok((conn, _)) = socket.accept().await else { return };
                note(&shared, |s| s.connections += 1);
                tokio::spawn(serve(conn, shared.clone()));
            }
        });
        SwitchingApp { addr, seen, _rt: rt }
    }

    /// `127.0.0.1:PORT` as `-f` takes it.
    pub fn port(&self) -> String {
        self.addr.port().to_string()
    }

    pub fn seen(&self) -> Seen {
        self.seen.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Wait (bounded) until `done` holds for what the app has seen; what it has seen then.
    pub fn wait_until(&self, done: impl Fn(&Seen) -> bool) -> Seen {
        let deadline = Instant::now() + WAIT;
        let mut seen = self.seen.0.lock().unwrap_or_else(|p| p.into_inner());
        while !done(&seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the app never saw what the test waited for: {seen:?}");
            seen = self
                .seen
                .1
                .wait_timeout(seen, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        seen.clone()
    }
}

fn note(seen: &(Mutex<Seen>, Condvar), change: impl FnOnce(&mut Seen)) {
    change(&mut seen.0.lock().unwrap_or_else(|p| p.into_inner()));
    seen.1.notify_all();
}

async fn serve(mut conn: TcpStream, seen: Arc<(Mutex<Seen>, Condvar)>) {
    let mut buf = Vec::new();
    // Bounded by the requests a test sends; each round reads one.
    for _ in 0..64 {
        let Some((head, rest)) = read_message(&mut conn, std::mem::take(&mut buf)).await else {
            return;
        };
        buf = rest;
        let switch = head.lines().next().is_some_and(|l| l.contains("/switch"));
        note(&seen, |s| s.heads.push(head));
        if !switch {
            let _ = conn
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nnormal")
                .await;
            continue;
        }
        let _ = conn.write_all(SWITCH).await;
        // Now a WebSocket: what comes is counted, never answered, until hook closes.
        let mut chunk = [0u8; 4096];
        let mut after = buf.len();
        loop {
            match tokio::time::timeout(WAIT, conn.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => after += n,
                Ok(Ok(_)) => {
                    note(&seen, |s| {
                        s.after_switch += after;
                        s.closed_after_switch += 1;
                    });
                    return;
                }
                _ => {
                    note(&seen, |s| s.after_switch += after);
                    return;
                }
            }
        }
    }
}

/// Read one message (head, then a body of its `Content-Length`) after the
/// bytes in `buf`; its head as text and what was read past it. `None` when
/// the connection ends first or nothing comes within the wait.
pub async fn read_message(conn: &mut TcpStream, mut buf: Vec<u8>) -> Option<(String, Vec<u8>)> {
    let mut chunk = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + WAIT;
    // Bounded by the deadline and a size no test message comes near.
    while buf.len() < 1 << 20 {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end + 4]).into_owned();
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.trim().parse::<usize>().expect("a test length"));
            if buf.len() >= end + 4 + length {
                let rest = buf.split_off(end + 4 + length);
                return Some((format!("{head}{}", String::from_utf8_lossy(&buf[end + 4..])), rest));
            }
        }
        match tokio::time::timeout_at(deadline, conn.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
            _ => return None,
        }
    }
    None
}

/// A sender on one keep-alive connection: each request written whole, each
/// answer read whole (head and body, as text) before the next goes.
pub struct Sender {
    conn: TcpStream,
    buf: Vec<u8>,
}

impl Sender {
    pub async fn connect(addr: SocketAddr) -> Sender {
        let conn = TcpStream::connect(addr).await.expect("connect");
        Sender { conn, buf: Vec::new() }
    }

    /// Send `raw`; the whole answer (head and body) as text, or `None` when
    /// the connection closed or nothing came within the wait.
    pub async fn send(&mut self, raw: &[u8]) -> Option<String> {
        self.conn.write_all(raw).await.ok()?;
        let (answer, rest) = read_message(&mut self.conn, std::mem::take(&mut self.buf)).await?;
        self.buf = rest;
        Some(answer)
    }
}

/// A POST of `{}` to `target`, with the headers a WebSocket client sends
/// when `upgrade`: what a sender asking to switch would write.
pub fn post(target: &str, upgrade: bool) -> Vec<u8> {
    let asks = if upgrade {
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n"
    } else {
        ""
    };
    format!(
        "POST {target} HTTP/1.1\r\nHost: h\r\n{asks}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}"
    )
    .into_bytes()
}

/// The status of an answer read by [`Sender::send`].
pub fn status(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}
