//! Shared helpers for the integration tests: run the real `hook` binary with a
//! clean environment, capture what it prints, and pick its output apart.
#![allow(dead_code)] // each test binary uses a different subset

pub mod hermetic;
pub mod verify;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Colour variables of other tools that hook honours; removed from every
/// child (with every `HOOK_*`, see `hermetic`) unless a test sets them.
const COLOR_ENV: &[&str] = &["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"];

/// The secret the tests sign with, for providers that take any text.
pub const KEY: &str = "s3cret-for-tests";
/// A published test vector's secret for Standard Webhooks / Svix.
pub const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// RFC 8032 test 1: the Ed25519 private key seed (for `hook sign -p discord`).
pub const ED25519_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
/// RFC 8032 test 1: the matching public key (for `hook verify -p discord`).
pub const ED25519_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

/// An ECDSA P-256 private key of our own (scalar: SHA-256 of "hook sendgrid test key"), for `hook sign -p sendgrid`.
pub const P256_PRIVATE: &str = "d8d7426883fa1b668988ec87f63db5b46716714b44f5b7ea620445bac44f162f";
/// Its public key as SendGrid shows one (base64 DER), for `hook verify -p sendgrid`.
pub const P256_PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2em9ofgthF4mMfAs9M7EQ23h692ARPYjXhAUAieqmBUETgPxsMPqI9cPS3bn3Dunry4wAGBFzIH8buPiZdwPbw==";

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Output {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Stdout, lossily decoded.
    pub stdout: String,
    /// Stderr, lossily decoded.
    pub stderr: String,
    /// Stdout as raw bytes.
    pub raw_stdout: Vec<u8>,
}

impl Output {
    /// The value of the first `Name: value` line on stdout with that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        headers_of(&self.stdout)
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// Assert that stdout has the header `name` with exactly `value`.
    pub fn expect_header(&self, name: &str, value: &str) {
        let got = self.header(name);
        assert_eq!(
            got.as_deref(),
            Some(value),
            "{name} in:\n{}{}",
            self.stdout,
            self.stderr
        );
    }

    /// Stdout parsed as one JSON value.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {}", self.stdout))
    }

    /// The codes of `findings` in `hook verify --json` output.
    pub fn finding_codes(&self) -> Vec<String> {
        codes(&self.json()["findings"])
    }

    /// The codes of `problems` in `hook verify --json` output.
    pub fn problem_codes(&self) -> Vec<String> {
        codes(&self.json()["problems"])
    }
}

fn codes(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .map(|a| a.iter().filter_map(|f| f["code"].as_str().map(String::from)).collect())
        .unwrap_or_default()
}

/// A command line for the binary, built up before running it.
pub struct Hook {
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    envs: Vec<(String, String)>,
    color_flag: bool,
}

/// Start a command line. Unless the arguments choose `--color` (or
/// [`Hook::no_color_flag`] is called), `--color never` is added.
pub fn cmd<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Hook {
    Hook {
        args: args.iter().map(|a| a.as_ref().to_os_string()).collect(),
        stdin: None,
        envs: Vec::new(),
        color_flag: true,
    }
}

/// Run the binary with these arguments and, when given, this stdin.
pub fn hook<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Output {
    let mut c = cmd(args);
    if let Some(bytes) = stdin {
        c = c.stdin(bytes);
    }
    c.run()
}

/// Split a command line on whitespace. There is no quoting: pass values with
/// spaces through [`hook`] or [`cmd`] as separate arguments instead.
pub fn argv(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}

/// Run the binary with a whitespace-separated command line, e.g. `run("providers --json", None)`.
pub fn run(line: &str, stdin: Option<&[u8]>) -> Output {
    hook(&argv(line), stdin)
}

/// `hook sign LINE` with a body on stdin; asserts success.
pub fn sign(line: &str, body: &[u8]) -> Output {
    let out = run(&format!("sign {line}"), Some(body));
    assert_eq!(out.code, 0, "hook sign {line}: {}", out.stderr);
    out
}

impl Hook {
    /// Bytes to write to the child's stdin (otherwise stdin is empty).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Set an environment variable in the child.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Do not add `--color never` (for the tests of colour itself).
    pub fn no_color_flag(mut self) -> Self {
        self.color_flag = false;
        self
    }

    /// The configured `Command`, stdin/stdout/stderr not yet chosen.
    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hook"));
        let chooses_color = self.args.iter().any(|a| a.to_string_lossy().starts_with("--color"));
        if self.color_flag && !chooses_color {
            c.args(["--color", "never"]);
        }
        c.args(&self.args);
        for key in COLOR_ENV {
            c.env_remove(key);
        }
        hermetic::clean(&mut c);
        for (k, v) in &self.envs {
            c.env(k, v);
        }
        c
    }

    /// Run to completion and capture everything.
    pub fn run(self) -> Output {
        let mut c = self.command();
        c.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn the hook binary");
        let writer = self.stdin.map(|bytes| {
            let mut pipe = child.stdin.take().expect("piped stdin");
            // A thread, so a large body cannot deadlock against a full stdout pipe;
            // the write may fail when hook exits before reading (an early error).
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            })
        });
        let out = child.wait_with_output().expect("wait for hook");
        if let Some(w) = writer {
            w.join().expect("stdin writer");
        }
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            raw_stdout: out.stdout,
        }
    }
}

/// `Name: value` lines parsed into pairs, in order.
pub fn headers_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// Write a file into a temporary directory and return its path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

/// A path as a `&str` argument.
pub fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

/// Every line of `hook providers --json`, parsed.
pub fn providers() -> Vec<serde_json::Value> {
    let out = hook(&["providers", "--json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The `--secret` to sign with and the one to verify with, for a provider.
pub fn secrets_for(provider: &str) -> (&'static str, &'static str) {
    match provider {
        "standard" | "svix" => (WHSEC, WHSEC),
        "discord" => (ED25519_SEED, ED25519_PUBLIC),
        "sendgrid" => (P256_PRIVATE, P256_PUBLIC),
        _ => (KEY, KEY),
    }
}

/// Assert a usage or runtime error: exit 2, `hook: error:` containing `needle`, no panic.
pub fn assert_error(out: &Output, needle: &str) {
    assert_eq!(
        out.code, 2,
        "expected exit 2\nstdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(out.stderr.starts_with("hook: error: "), "stderr: {}", out.stderr);
    assert!(out.stderr.contains(needle), "stderr lacks {needle:?}: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout should be empty on error: {}", out.stdout);
}

/// Assert the error carries a `hint:` line.
pub fn assert_hint(out: &Output) {
    assert!(
        out.stderr.lines().any(|l| l.starts_with("hint: ") && l.len() > 8),
        "no hint line in stderr: {}",
        out.stderr
    );
}

/// Run `hook LINE` and assert a hinted error whose message contains `needle`.
pub fn hinted_error(line: &str, stdin: Option<&[u8]>, needle: &str) -> Output {
    let out = run(line, stdin);
    assert_error(&out, needle);
    assert_hint(&out);
    out
}

/// HMAC-SHA256 of `msg` under `key`.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("any key length");
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

/// The values of header `name` in a `hook replay --dry-run --json` request.
pub fn request_header(request: &serde_json::Value, name: &str) -> Vec<String> {
    let pairs = request["headers"].as_array().cloned().unwrap_or_default();
    let named = pairs
        .iter()
        .filter(|p| p[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)));
    named.map(|p| p[1].as_str().unwrap_or_default().to_string()).collect()
}

/// Discord headers for `body` signed with the RFC 8032 seed, in a file under `dir`.
pub fn discord_headers(dir: &Path, body: &[u8]) -> String {
    let line = format!("sign -p discord --secret {ED25519_SEED} --timestamp 1");
    let out = run(&line, Some(body));
    assert_eq!(out.code, 0, "{}", out.stderr);
    s(&write(dir, "discord.txt", out.stdout.as_bytes())).to_string()
}
