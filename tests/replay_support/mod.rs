//! Helpers for the `hook replay` / `hook fixtures` tests: run the real binary
//! with a clean environment (bounded), run a real `hook listen --json` as the
//! receiver and read its request lines with a bounded wait.
#![allow(dead_code)] // each test binary uses a different subset

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

mod app;
#[path = "../common/hermetic.rs"]
pub mod hermetic;
mod per_path;
mod stop;
mod tools;
// Used by the --compare tests only; the other test binaries leave them be.
#[allow(unused_imports)]
pub use app::*;
#[allow(unused_imports)]
pub use per_path::*;
#[allow(unused_imports)]
pub use stop::*;
pub use tools::*;

/// The longest any single wait for a line lasts.
pub const WAIT: Duration = Duration::from_secs(10);
/// The longest a `hook replay`/`hook fixtures` run may take.
pub const RUN_LIMIT: Duration = Duration::from_secs(30);
/// A Standard Webhooks test secret; every HMAC provider accepts it as text.
pub const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// RFC 8032 test 1: Ed25519 seed (signs Discord).
pub const ED25519_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
/// RFC 8032 test 1: the matching public key (verifies Discord).
pub const ED25519_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

/// An ECDSA P-256 private key of our own, for signing as sendgrid.
pub const P256_PRIVATE: &str = "d8d7426883fa1b668988ec87f63db5b46716714b44f5b7ea620445bac44f162f";
/// Its public key (base64 DER), for a listener verifying sendgrid.
pub const P256_PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2em9ofgthF4mMfAs9M7EQ23h692ARPYjXhAUAieqmBUETgPxsMPqI9cPS3bn3Dunry4wAGBFzIH8buPiZdwPbw==";

/// The binary, with every HOOK_* variable and the colour variables removed.
pub fn hook(args: &[&str]) -> Command {
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

/// What one finished run printed.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Run {
    /// Every stdout line parsed as JSON.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}\n{self:?}")))
            .collect()
    }

    /// The `{"type":"attempt"}` lines of `--json` output.
    pub fn attempts(&self) -> Vec<Value> {
        self.json_lines()
            .into_iter()
            .filter(|v| v["type"] == "attempt")
            .collect()
    }

    /// The `{"type":"difference"}` lines of `--compare --json` output.
    pub fn differences(&self) -> Vec<Value> {
        self.json_lines()
            .into_iter()
            .filter(|v| v["type"] == "difference")
            .collect()
    }

    /// The one `{"type":"summary"}` line, which must be the last line.
    #[track_caller]
    pub fn summary(&self) -> Value {
        let lines = self.json_lines();
        let last = lines.last().cloned().unwrap_or(Value::Null);
        assert_eq!(last["type"], "summary", "last line is not the summary: {self:?}");
        assert_eq!(lines.iter().filter(|v| v["type"] == "summary").count(), 1, "{self:?}");
        last
    }

    /// Assert the exit code, showing everything on failure.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code; {self:#?}");
        self
    }
}

/// Run the binary to the end (killed after [`RUN_LIMIT`]), feeding `stdin`.
pub fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let start = Instant::now();
    // Plain text unless the test chooses colour itself.
    let colour: &[&str] = if args.contains(&"--color") {
        &[]
    } else {
        &["--color", "never"]
    };
    let mut child = hook(args)
        .args(colour)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hook");
    if let Some(bytes) = stdin {
        let (mut pipe, bytes) = (child.stdin.take().expect("stdin"), bytes.to_vec());
        // A writer thread, so a child that never reads stdin cannot block the test.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let out = drain(child.stdout.take().expect("stdout"));
    let err = drain(child.stderr.take().expect("stderr"));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hook {args:?} still running after {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let text = |rx: Receiver<Vec<u8>>| String::from_utf8_lossy(&rx.recv_timeout(WAIT).unwrap_or_default()).into_owned();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: text(out),
        stderr: text(err),
        elapsed,
    }
}

/// `hook ARGS` with no stdin.
pub fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

fn drain(mut pipe: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        let _ = tx.send(buf);
    });
    rx
}

/// A running `hook listen -p 0 --json …`, killed when dropped.
pub struct Listener {
    child: Child,
    lines: Receiver<String>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Listener {
    /// Start `hook listen -p 0 --json ARGS` and read its ready line for the URL.
    pub fn start(args: &[&str]) -> Listener {
        let mut child = hook(&[&["listen", "-p", "0", "--json"], args].concat())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn hook listen");
        let stderr = drain(child.stderr.take().expect("stderr"));
        let (tx, lines) = channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut l = Listener {
            child,
            lines,
            url: String::new(),
        };
        let Some(ready) = l.next_line(WAIT) else {
            let _ = l.child.kill();
            let err = stderr.recv_timeout(WAIT).unwrap_or_default();
            panic!(
                "hook listen printed no ready line; stderr: {}",
                String::from_utf8_lossy(&err)
            );
        };
        assert_eq!(ready["type"], "ready", "{ready}");
        l.url = ready["url"].as_str().expect("ready url").to_string();
        l
    }

    /// A listener verifying with `secret`.
    pub fn with_secret(secret: &str, extra: &[&str]) -> Listener {
        Listener::start(&[&["--secret", secret], extra].concat())
    }

    fn next_line(&self, wait: Duration) -> Option<Value> {
        let line = self.lines.recv_timeout(wait).ok()?;
        Some(serde_json::from_str(&line).unwrap_or_else(|e| panic!("listen line is not JSON ({e}): {line}")))
    }

    /// The next request line, within [`WAIT`].
    #[track_caller]
    pub fn request(&self) -> Value {
        let v = self
            .next_line(WAIT)
            .expect("no request reached hook listen within 10 s");
        assert_eq!(v["type"], "request", "{v}");
        v
    }

    /// The next `n` request lines.
    #[track_caller]
    pub fn requests(&self, n: usize) -> Vec<Value> {
        (0..n).map(|_| self.request()).collect()
    }

    /// The request lines printed so far, without waiting for more.
    pub fn requests_so_far(&self) -> Vec<Value> {
        std::iter::from_fn(|| self.lines.try_recv().ok())
            .map(|line| serde_json::from_str(&line).unwrap_or_else(|e| panic!("listen line is not JSON ({e}): {line}")))
            .collect()
    }

    /// Assert that nothing reached this listener so far, without a timed wait:
    /// send a marked delivery now and check it is the first request seen.
    #[track_caller]
    pub fn assert_nothing_received(&self) {
        let run = run(&[
            "replay",
            "github/ping",
            "--to",
            &self.url,
            "--secret",
            WHSEC,
            "-H",
            "X-Marker: 1",
        ]);
        run.expect_code(0);
        let first = self.request();
        assert_eq!(
            header(&first, "x-marker"),
            Some("1"),
            "a request arrived before the marker: {first}"
        );
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
