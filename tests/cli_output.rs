//! Output channels through the real binary: a closed pipe ends hook quietly,
//! a closed stdout is not an error,
//! colour follows `--color` and `NO_COLOR`, and lazily built subcommands keep
//! their help and the global options.

mod common;

use common::*;
use std::io::{Read, Write};
use std::process::Stdio;

const BODY: &[u8] = br#"{"id":"evt_1"}"#;

/// Spawn with stdout piped, close our end at once, and wait: hook must exit 0 quietly.
fn exits_quietly_into_a_closed_pipe(line: &str, stdin: Option<Vec<u8>>) {
    let mut c = cmd(&argv(line)).command();
    c.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    drop(child.stdout.take()); // the reader goes away before hook writes
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(&bytes).expect("write body");
    }
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "hook {line} into a closed pipe: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("error"), "a closed pipe is not an error: {stderr}");
}

#[test]
fn broken_pipe_exits_zero() {
    exits_quietly_into_a_closed_pipe("providers", None);
    // 1 MiB inlined into the curl command: far more than a pipe buffer, so the write must fail.
    let big = vec![b'a'; 1 << 20];
    exits_quietly_into_a_closed_pipe("sign -p github --secret s --format curl", Some(big));
}

/// Started with stdout closed, hook writes into `/dev/null` as a program
/// started by std's runtime does (hook starts itself: `src/startup.rs`).
/// Otherwise the first descriptor hook opens takes number 1, and its output
/// goes there: replay's runtime failed with EINVAL before sending anything.
#[test]
fn closed_stdout_is_not_an_error() {
    use std::os::unix::process::CommandExt;
    let target = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", target.local_addr().unwrap());
    let receiver = std::thread::spawn(move || receive_one(&target));
    let mut c = cmd(&argv(&format!("replay github/push --to {url} --secret s"))).command();
    c.stdin(Stdio::null()).stderr(Stdio::piped());
    // SAFETY: runs in the child between fork and exec; close is async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            libc::close(1);
            Ok(())
        })
    };
    let mut child = c.spawn().expect("spawn");
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "hook replay with stdout closed: {stderr}");
    assert_eq!(stderr, "");
    let head = receiver.join().expect("receiver");
    assert!(head.starts_with("POST /webhooks/github HTTP/1.1\r\n"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("x-hub-signature-256: sha256="),
        "{head}"
    );
}

/// Accept one connection, read one request's head, answer 204: the head.
fn receive_one(listener: &std::net::TcpListener) -> String {
    let (mut conn, _) = listener.accept().expect("accept");
    conn.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    // Bounded: at most 64 reads of a head far shorter than 256 KiB.
    for _ in 0..64 {
        if bytes.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
        let n = conn.read(&mut chunk).expect("read request");
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    conn.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
        .expect("answer");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn color_follows_the_flag_and_environment() {
    let mac = hex::encode(hmac_sha256(b"s", BODY));
    let check = |extra: &str, env: &[(&str, &str)]| {
        let line = format!("verify -p github --secret s -H X-Hub-Signature-256:sha256={mac}");
        let mut c = cmd(&argv(&format!("{line} {extra}"))).no_color_flag().stdin(BODY);
        for (k, v) in env {
            c = c.env(k, v);
        }
        let out = c.run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let plain = "valid github X-Hub-Signature-256 matches secret #1 of 1\n";
    assert!(check("--color always", &[]).contains("\x1b["), "--color always");
    assert!(check("", &[("HOOK_COLOR", "always")]).contains("\x1b["), "HOOK_COLOR");
    assert_eq!(check("--color never", &[]), plain);
    assert_eq!(check("--color never", &[("HOOK_COLOR", "always")]), plain, "flag wins");
    assert_eq!(check("", &[("NO_COLOR", "1")]), plain, "NO_COLOR=1");
    assert_eq!(check("--color auto", &[]), plain, "auto on a pipe");
    // JSON stays plain JSON even when colour is forced.
    let json = check("--color always --json", &[]);
    assert!(!json.contains('\x1b'), "{json}");
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
}

/// Subcommand options are built lazily (start-up time); each subcommand's
/// help must still show its own summary, options and examples, and the global
/// options must still be accepted after it.
#[test]
fn lazily_built_subcommands_keep_their_help_and_global_options() {
    let cases = [
        ("sign", "Print the headers a provider would send", "--provider"),
        ("verify", "Check a request's signature", "--headers-file"),
        ("listen", "Receive webhooks on a local server", "--forward-to"),
        ("replay", "Send fixture events to a URL", "--concurrency"),
        ("relay", "Run the public relay", "--data-dir"),
        ("tunnel", "Connect to a relay", "--exit-on-disconnect"),
    ];
    for (name, summary, option) in cases {
        let out = cmd(&[name, "--help"]).run();
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert!(out.stdout.starts_with(summary), "{name} --help begins: {}", out.stdout);
        assert!(out.stdout.contains(option), "{name} --help lacks {option}");
        assert!(
            out.stdout.contains("Examples:") || out.stdout.contains("Example:"),
            "{name}"
        );
        assert!(
            out.stdout.contains("--color <COLOR>"),
            "{name} --help lacks the global --color"
        );
    }
    let out = cmd(&[
        "sign",
        "--provider",
        "github",
        "--secret",
        "s3cret",
        "--json",
        "--color",
        "never",
    ])
    .stdin(BODY)
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("{\"type\":\"signed\""), "{}", out.stdout);
    let version = cmd(&["listen", "--version"]).run();
    assert!(version.stdout.starts_with("hook-listen "), "{}", version.stdout);
}

/// With stderr a pipe nobody reads (`hook … 2>&1 | head -1` once head has
/// gone), an error still ends with status 2, its line lost: never the 101
/// of a panic on a failed write.
#[test]
fn an_error_into_a_closed_stderr_still_exits_two() {
    use std::os::fd::FromRawFd;
    for line in [
        "replay github/push --to 3000 --stale -5m",
        "sign -p stipe --secret s",
        "listen -p 0 --status 99",
    ] {
        let mut fds = [0; 2];
        // SAFETY: pipe fills `fds` with two new descriptors; the read end is
        // closed at once and the write end owned by the OwnedFd given to the child.
        let writer = unsafe {
            assert_eq!(libc::pipe(fds.as_mut_ptr()), 0, "pipe");
            libc::close(fds[0]);
            std::os::fd::OwnedFd::from_raw_fd(fds[1])
        };
        let mut c = cmd(&argv(line)).command();
        c.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::from(writer));
        let status = c.status().expect("run hook");
        assert_eq!(status.code(), Some(2), "hook {line}");
    }
}
