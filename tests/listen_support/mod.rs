//! Helpers for the `hook listen` tests: run the real binary on a free port,
//! read its lines with a bounded wait, send real HTTP, validate every JSON
//! line against schemas/listen.schema.json.
#![allow(dead_code)] // each test binary uses a different subset

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod schema;
pub use schema::validate;

/// The longest any single wait lasts.
pub const WAIT: Duration = Duration::from_secs(10);

/// The binary, with every HOOK_* variable and the colour variables removed.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hook"));
    c.args(args);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("HOOK_") {
            c.env_remove(&key);
        }
    }
    for key in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        c.env_remove(key);
    }
    c
}

/// A running `hook listen`, killed when dropped.
pub struct Listen {
    child: Child,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
    /// `http(s)://127.0.0.1:PORT`.
    pub url: String,
    /// The bound port.
    pub port: u16,
    /// The parsed ready line (`Null` in text mode).
    pub ready: Value,
}

impl Listen {
    /// `hook listen -p 0 --json ARGS`; the ready line is read and validated.
    pub fn json(args: &[&str]) -> Listen {
        let mut l = Listen::spawn(&[&["listen", "-p", "0", "--json"], args].concat());
        let ready = l.json_line();
        assert_eq!(ready["type"], "ready", "{ready}");
        l.url = ready["url"].as_str().expect("url").to_string();
        l.port = port_of(&l.url);
        l.ready = ready;
        l
    }

    /// `hook listen -p 0 --color never ARGS`, the text output.
    pub fn text(args: &[&str]) -> Listen {
        let mut l = Listen::spawn(&[&["listen", "-p", "0", "--color", "never"], args].concat());
        let first = l.line();
        assert!(first.starts_with("hook listening on "), "{first}");
        l.url = first.split_whitespace().nth(3).expect("url").to_string();
        l.port = port_of(&l.url);
        l
    }

    fn spawn(args: &[&str]) -> Listen {
        let mut c = command(args);
        let child = c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = child.spawn().expect("spawn hook");
        let (tx, lines) = channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (err, sink) = (child.stderr.take().expect("stderr"), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap_or_else(|p| p.into_inner());
                text.push_str(&line);
                text.push('\n');
            }
        });
        let (url, port, ready) = (String::new(), 0, Value::Null);
        Listen {
            child,
            lines,
            stderr,
            url,
            port,
            ready,
        }
    }

    /// The next stdout line, within [`WAIT`].
    pub fn line(&self) -> String {
        self.lines.recv_timeout(WAIT).unwrap_or_else(|e| {
            let stderr = self.stderr.lock().unwrap_or_else(|p| p.into_inner()).clone();
            panic!("no line from hook listen ({e:?}); stderr: {stderr}")
        })
    }

    /// The next line as JSON, checked against the schema.
    pub fn json_line(&self) -> Value {
        let line = self.line();
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        validate(&v).unwrap_or_else(|e| panic!("line breaks the schema: {e}\n{line}"));
        v
    }

    /// The next line, which must be a request line.
    pub fn request(&self) -> Value {
        let v = self.json_line();
        assert_eq!(v["type"], "request", "{v}");
        v
    }

    /// Lines up to and including the first one `found` accepts.
    pub fn until(&self, found: impl Fn(&str) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        for _ in 0..1000 {
            let line = self.line();
            let done = found(&line);
            seen.push(line);
            if done {
                return seen;
            }
        }
        panic!("line not found in: {seen:#?}");
    }

    /// Ctrl-C (SIGINT); the remaining stdout lines and the exit code.
    pub fn interrupt(&mut self) -> (Vec<String>, Option<i32>) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().expect("run kill");
        assert!(sent.success(), "kill -INT failed");
        let deadline = Instant::now() + WAIT;
        let mut rest = Vec::new();
        loop {
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => rest.push(line),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("hook did not stop after SIGINT: {rest:?}"),
            }
        }
        (rest, wait_until(&mut self.child, deadline).code())
    }
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {url}"))
}

/// Wait for the child to exit before `deadline` (then kill it and fail).
fn wait_until(child: &mut Child, deadline: Instant) -> std::process::ExitStatus {
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    panic!("hook did not exit in time");
}

/// Run `hook ARGS` that should exit on its own: (code, stdout, stderr).
pub fn run_to_exit(args: &[&str]) -> (Option<i32>, String, String) {
    let mut c = command(args);
    let child = c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = child.spawn().expect("spawn hook");
    let pid = child.id().to_string();
    let (tx, rx) = channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = rx.recv_timeout(WAIT).unwrap_or_else(|_| {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        panic!("hook {args:?} did not exit in time")
    });
    let out = out.expect("wait for hook");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Request headers as `(name, value)` pairs, in order.
pub type Headers = Vec<(String, String)>;

/// Header pairs from `(&str, &str)` literals.
pub fn hdrs(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// What an HTTP exchange returned.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    /// The DER of the server's certificate, over HTTPS.
    pub cert: Option<Vec<u8>>,
}

impl Reply {
    /// A response header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A reqwest client on its own tokio runtime (no proxies, any certificate).
pub struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
}

impl Http {
    pub fn new() -> Http {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let client = reqwest::Client::builder()
            .no_proxy()
            .danger_accept_invalid_certs(true)
            .tls_info(true)
            .timeout(WAIT)
            .build()
            .expect("client");
        Http { rt, client }
    }

    /// Send one request and read the whole answer.
    pub fn send(&self, method: &str, url: &str, headers: &[(String, String)], body: &[u8]) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(method, url).body(body.to_vec());
        for (n, v) in headers {
            req = req.header(n.as_str(), v.as_str());
        }
        self.rt.block_on(async move {
            let res = req
                .send()
                .await
                .unwrap_or_else(|e| panic!("request to {url} failed: {e}"));
            let tls = res.extensions().get::<reqwest::tls::TlsInfo>();
            let cert = tls.and_then(|t| t.peer_certificate()).map(<[u8]>::to_vec);
            let (status, headers) = (res.status().as_u16(), res.headers().clone());
            let body = res.bytes().await.expect("response body").to_vec();
            Reply {
                status,
                headers,
                body,
                cert,
            }
        })
    }

    /// POST a body with headers.
    pub fn post(&self, url: &str, headers: &[(String, String)], body: &[u8]) -> Reply {
        self.send("POST", url, headers, body)
    }
}

/// Send exact bytes (include `Connection: close`); the status and the raw answer.
pub fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    s.write_all(request).expect("write request");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer); // a reset after the answer (unread request bytes) is fine
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok());
    (status.unwrap_or_else(|| panic!("not an HTTP answer: {answer}")), answer)
}

/// The headers `hook sign --provider P --secret S EXTRA FILE` prints, as users run it.
pub fn sign(provider: &str, secret: &str, body: &[u8], extra: &[&str]) -> Headers {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("body");
    std::fs::write(&file, body).expect("write body");
    let file = file.to_str().expect("utf-8 path");
    let args = [
        &["sign", "--provider", provider, "--secret", secret][..],
        extra,
        &[file],
    ]
    .concat();
    let (code, out, err) = run_to_exit(&args);
    assert_eq!(code, Some(0), "hook sign failed: {err}");
    let pairs = out.lines().filter_map(|l| l.split_once(": "));
    pairs.map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// Hex SHA-256.
pub fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Some fields of a JSON line, as an array, to compare several at once.
pub fn pick(line: &Value, keys: &[&str]) -> Value {
    Value::Array(keys.iter().map(|k| line[*k].clone()).collect())
}

/// The values of a header in a request line, matched case-insensitively.
pub fn header_values(line: &Value, name: &str) -> Vec<String> {
    let pairs = line["headers"].as_array().expect("headers array");
    let named = pairs
        .iter()
        .filter(|p| p[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)));
    named.map(|p| p[1].as_str().expect("value").to_string()).collect()
}
