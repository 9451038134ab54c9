//! A local app whose answers a test sets and changes between two runs: a
//! plain TCP server on `127.0.0.1:0`, one thread per connection, answering
//! each request by its path from a shared table, then closing.

use super::WAIT;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What the app answers on one path. `{n}` in the body becomes how many
/// requests that path has had since the last [`App::restart_counts`], so a
/// test can tell the first delivery of a fixture from the second.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            body: body.into(),
        }
    }
}

#[derive(Default)]
struct Table {
    answers: HashMap<String, Answer>,
    counts: HashMap<String, usize>,
    requests: usize,
}

/// The app; stops accepting when dropped.
pub struct App {
    pub url: String,
    addr: SocketAddr,
    table: Arc<Mutex<Table>>,
    stop: Arc<AtomicBool>,
}

impl App {
    /// Start answering; a path with no answer set gets 404.
    pub fn start() -> App {
        let socket = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = socket.local_addr().expect("addr");
        let table = Arc::new(Mutex::new(Table::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopped) = (table.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in socket.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let (Ok(conn), table) = (conn, shared.clone()) else {
                    continue;
                };
                std::thread::spawn(move || serve(conn, &table));
            }
        });
        App {
            url: format!("http://{addr}"),
            addr,
            table,
            stop,
        }
    }

    /// Answer `path` with `answer` from now on.
    pub fn answer(&self, path: &str, answer: Answer) {
        self.table
            .lock()
            .expect("table")
            .answers
            .insert(path.to_string(), answer);
    }

    /// Count each path's requests from 0 again.
    pub fn restart_counts(&self) {
        self.table.lock().expect("table").counts.clear();
    }

    /// Whole requests answered so far.
    pub fn requests(&self) -> usize {
        self.table.lock().expect("table").requests
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// Read one request, answer it from the table, close.
fn serve(mut conn: TcpStream, table: &Mutex<Table>) {
    let Some(path) = request_path(&mut conn) else {
        return;
    };
    let answer = {
        let mut t = table.lock().expect("table");
        t.requests += 1;
        let n = {
            let count = t.counts.entry(path.clone()).or_default();
            *count += 1;
            *count
        };
        match t.answers.get(&path) {
            Some(a) => {
                let body = String::from_utf8(a.body.clone())
                    .map(|text| text.replace("{n}", &n.to_string()).into_bytes())
                    .unwrap_or_else(|e| e.into_bytes());
                Answer::new(a.status, body)
            }
            None => Answer::new(404, "no answer set"),
        }
    };
    let head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        answer.status,
        answer.body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(&answer.body);
}

/// The path (without the query) of one whole request, read within [`WAIT`];
/// `None` when the connection ends first.
fn request_path(conn: &mut TcpStream) -> Option<String> {
    let head = read_request(conn)?;
    let target = head.split_whitespace().nth(1)?;
    Some(target.split('?').next().unwrap_or(target).to_string())
}

/// Read one whole request (head and `Content-Length` body, within
/// [`WAIT`]) and return its head; `None` when the connection ends first or
/// the head passes 1 MiB.
pub fn read_request(conn: &mut TcpStream) -> Option<String> {
    conn.set_read_timeout(Some(WAIT)).ok()?;
    let mut got = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if got.len() > 1 << 20 {
            return None;
        }
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&got[..head_end]).into_owned();
    let length: usize = head_field(&head, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while got.len() < head_end + length {
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    }
    Some(head)
}

/// A header's value in a request head (names in any case).
pub fn head_field(head: &str, name: &str) -> Option<String> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().to_string())
}
