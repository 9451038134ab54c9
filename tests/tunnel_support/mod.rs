//! Helpers for the relay + tunnel tests: run the real `hook relay` and `hook
//! tunnel` and read their JSON lines with bounded waits. The recording local
//! app is in `app.rs`, the raw HTTP/1.1 sender (targets byte-exact) in `sender.rs`.
#![allow(dead_code)] // each test binary uses a different subset

#[path = "../common/hermetic.rs"]
pub mod hermetic;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

mod app;
mod sender;
// Not every test file uses the app (tunnel_wire has a raw-socket one) or the sender.
#[allow(unused_imports)]
pub use app::*;
#[allow(unused_imports)]
pub use sender::*;

/// The usual bound on one wait.
pub const WAIT: Duration = Duration::from_secs(10);

/// Headers as (name, raw value) pairs.
pub type Headers = Vec<(String, Vec<u8>)>;

/// Headers the comparison ignores: hop-by-hop, framing, and what the relay adds.
pub const IGNORED: &str = "host content-length connection transfer-encoding keep-alive te trailer upgrade \
    proxy-connection x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-prefix";

/// A tokio runtime for the app and the sender.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// A running `hook` process, killed when dropped; stdout lines arrive on a channel.
pub struct Proc {
    pub child: Child,
    lines: Receiver<String>,
    /// Everything printed so far, stdout then stderr.
    pub out: Arc<Mutex<String>>,
    pub err: Arc<Mutex<String>>,
    pumps: Vec<std::thread::JoinHandle<()>>,
}

impl Proc {
    /// Spawn `hook ARGS`.
    pub fn spawn(args: &[&str]) -> Proc {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hook"));
        hermetic::clean(&mut c);
        c.args(args);
        Proc::start(c)
    }

    /// Start `c` with HOOK_* and colour variables removed, stdout and stderr read.
    pub fn start(mut c: Command) -> Proc {
        c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("HOOK_") {
                c.env_remove(&key);
            }
        }
        for key in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
            c.env_remove(key);
        }
        let mut child = c.spawn().expect("spawn hook");
        let (tx, lines) = channel();
        let (out, err) = (Arc::<Mutex<String>>::default(), Arc::<Mutex<String>>::default());
        let pumps = vec![
            pump(child.stdout.take().expect("stdout"), out.clone(), Some(tx)),
            pump(child.stderr.take().expect("stderr"), err.clone(), None),
        ];
        Proc {
            child,
            lines,
            out,
            err,
            pumps,
        }
    }

    pub fn stderr(&self) -> String {
        self.err.lock().unwrap().clone()
    }

    /// Both streams so far.
    pub fn output(&self) -> String {
        format!("{}{}", self.out.lock().unwrap(), self.err.lock().unwrap())
    }

    /// The next stdout line as text, within `within`.
    pub fn text_line(&self, within: Duration) -> String {
        self.lines
            .recv_timeout(within)
            .unwrap_or_else(|e| panic!("no line within {within:?} ({e:?}); stderr: {}", self.stderr()))
    }

    /// The next stdout line as JSON, within `within`.
    pub fn json(&self, within: Duration) -> Value {
        let line = self
            .lines
            .recv_timeout(within)
            .unwrap_or_else(|e| panic!("no line within {within:?} ({e:?}); stderr: {}", self.stderr()));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    /// Lines up to the first of type `kind`, within `within`; returns that line.
    pub fn expect(&self, kind: &str, within: Duration) -> Value {
        let deadline = Instant::now() + within;
        let mut seen = Vec::new();
        for _ in 0..100_000 {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else { break };
            let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            if v["type"] == kind {
                return v;
            }
            seen.push(v["type"].to_string());
        }
        panic!(
            "no {kind:?} line within {within:?}; saw {seen:?}; stderr: {}",
            self.stderr()
        )
    }

    /// Wait for the process to exit on its own (bounded); its exit code.
    pub fn wait_exit(&mut self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Everything it printed has been read once both pipes reach end of file.
                self.pumps.drain(..).for_each(|p| p.join().expect("pump"));
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("hook did not exit within {within:?}; stderr: {}", self.stderr())
    }

    /// Send a signal by name (STOP, CONT) to this child only.
    pub fn signal(&self, sig: &str) {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &pid])
            .status()
            .expect("kill");
        assert!(ok.success(), "kill -{sig} {pid} failed");
    }

    /// SIGKILL and reap.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copy lines from `from` into `log` (and `tx`) on a thread.
fn pump(
    from: impl std::io::Read + Send + 'static,
    log: Arc<Mutex<String>>,
    tx: Option<Sender<String>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(tx) = &tx {
                let _ = tx.send(line);
            }
        }
    })
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A running relay and where it listens.
pub struct Relay {
    pub p: Proc,
    pub url: String,
    pub ws_url: String,
    pub addr: SocketAddr,
    pub ready: Value,
}

impl Relay {
    /// `hook relay --listen 127.0.0.1:0 --json ARGS`, ready line read.
    pub fn start(args: &[&str]) -> Relay {
        Relay::from(Proc::spawn(
            &[&["relay", "--listen", "127.0.0.1:0", "--json"], args].concat(),
        ))
    }

    /// A relay already spawned: read its ready line.
    pub fn from(p: Proc) -> Relay {
        let ready = p.json(WAIT);
        assert_eq!(ready["type"], "ready", "{ready}");
        let s = |k: &str| ready[k].as_str().unwrap_or_default().to_string();
        let addr = s("address").parse().expect("address");
        assert_eq!(s("url"), format!("http://{addr}"), "{ready}");
        assert_eq!(s("ws_url"), format!("ws://{addr}/_hook/tunnel"), "{ready}");
        Relay {
            url: s("url"),
            ws_url: s("ws_url"),
            addr,
            ready: ready.clone(),
            p,
        }
    }
}

/// `hook tunnel --json` to `relay` for `app`; waits for its ready line.
pub fn tunnel(relay: &str, token: &str, channel: Option<&str>, app: &str, extra: &[&str]) -> (Proc, Value) {
    let p = spawn_tunnel(relay, token, channel, app, extra);
    let ready = p.expect("ready", WAIT);
    (p, ready)
}

/// `hook tunnel --json`, without waiting.
pub fn spawn_tunnel(relay: &str, token: &str, channel: Option<&str>, app: &str, extra: &[&str]) -> Proc {
    let mut args = vec!["tunnel", "--json", "--relay", relay, "--token", token, "-f", app];
    if let Some(c) = channel {
        args.extend(["--channel", c]);
    }
    Proc::spawn(&[&args, extra].concat())
}

/// Headers as a multimap by lower-cased name (order kept within a name), minus `ignore` (names, space-separated).
pub fn multimap(h: &Headers, ignore: &str) -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut m: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for (n, v) in h {
        let n = n.to_ascii_lowercase();
        if !ignore.split_whitespace().any(|i| i == n) {
            m.entry(n).or_default().push(v.clone());
        }
    }
    m
}

/// A request through `channel` reaches the app and its answer comes back.
pub fn works(rt: &tokio::runtime::Runtime, relay: &Relay, app: &App, channel: &str, name: &str) {
    let before = app.seen().len();
    let r = rt.block_on(post(relay.addr, &format!("/{channel}/{name}"), name.as_bytes()));
    assert_eq!(
        r.status,
        status_for(&sha(name.as_bytes())),
        "{name}: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(app.wait_for(before + 1, WAIT)[before].target, format!("/{name}"));
}
