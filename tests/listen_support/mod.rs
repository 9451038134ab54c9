//! Helpers for the `hook listen` tests: run the real binary on a free port,
//! read its lines with a bounded wait, send real HTTP, validate every JSON
//! line against schemas/listen.schema.json.
#![allow(dead_code)] // each test binary uses a different subset

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub mod app;
#[path = "../common/hermetic.rs"]
pub mod hermetic;
mod requests;
mod schema;
pub use requests::*;
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
    hermetic::clean(&mut c);
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
        Listen::text_coloured("never", args)
    }

    /// `hook listen -p 0 --color COLOR ARGS`, the text output.
    pub fn text_coloured(color: &str, args: &[&str]) -> Listen {
        let mut l = Listen::spawn(&[&["listen", "-p", "0", "--color", color], args].concat());
        let first = l.line();
        assert!(first.contains("listening on"), "{first}");
        let from = first.find("http").expect("a URL on the first line");
        let url = first[from..].split(|c: char| c.is_whitespace() || c == '\x1b').next();
        l.url = url.expect("url").to_string();
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
