//! A local app for the forwarding tests: a plain TCP server on a free port
//! that records each request's raw bytes and answers 201 after a delay.

use super::{Headers, WAIT};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::Duration;

/// One request as the app received it.
#[derive(Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Headers,
    pub body: Vec<u8>,
    /// The request head's raw bytes.
    pub head: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Vec<&str> {
        let named = self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
        named.map(|(_, v)| v.as_str()).collect()
    }
}

/// A local app on a free port, answering 201 with `app-body` and `X-App: yes` after `delay`.
pub struct App {
    pub port: u16,
    seen: Receiver<Seen>,
}

impl App {
    pub fn start(delay: Duration) -> App {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, seen) = channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(64) {
                let (Ok(stream), tx) = (stream, tx.clone()) else {
                    continue;
                };
                std::thread::spawn(move || serve(stream, tx, delay));
            }
        });
        App { port, seen }
    }

    pub fn next(&self) -> Seen {
        self.seen.recv_timeout(WAIT).expect("the app received nothing")
    }
}

fn serve(mut stream: TcpStream, tx: Sender<Seen>, delay: Duration) {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut chunk) {
            Ok(n) if n > 0 && data.len() < 1 << 20 => data.extend_from_slice(&chunk[..n]),
            _ => return,
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let (method, target) = (request_line.next().unwrap_or(""), request_line.next().unwrap_or(""));
    let headers: Headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    let length = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length"));
    let length: usize = length.map_or(0, |(_, v)| v.parse().unwrap());
    while data.len() < head_end + length {
        match stream.read(&mut chunk) {
            Ok(n) if n > 0 => data.extend_from_slice(&chunk[..n]),
            _ => return,
        }
    }
    let body = data[head_end..head_end + length].to_vec();
    let (method, target, head) = (method.into(), target.into(), data[..head_end].to_vec());
    let _ = tx.send(Seen {
        method,
        target,
        headers,
        body,
        head,
    });
    // The app being slow, not a wait for readiness.
    std::thread::sleep(delay);
    // The app's own reason phrase, which must reach the sender as it wrote it.
    let answer = "HTTP/1.1 201 Made It\r\nContent-Type: text/plain\r\nX-App: yes\r\nContent-Length: 8\r\n\
                  Connection: close\r\n\r\napp-body";
    let _ = stream.write_all(answer.as_bytes());
}
