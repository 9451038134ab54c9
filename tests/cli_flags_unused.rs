//! A flag that would do nothing in its combination is refused (exit 2 and a
//! hint naming what it needs), never accepted and silently ignored.

mod common;

use common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How long a refused command may take: it exits before it listens or sends.
const LIMIT: Duration = Duration::from_secs(20);

/// Run `hook LINE`; it must be a usage error that mentions every one of
/// `needles`. Bounded: a command that was accepted (a relay that starts
/// serving) is killed and fails the test.
#[track_caller]
fn refused(line: &str, needles: &[&str]) {
    let mut child = cmd(&argv(line))
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hook");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("output");
    let (code, stdout, stderr) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(code, 2, "{line}: accepted (exit {code}): {stdout}{stderr}");
    assert!(
        stderr.starts_with("hook: error: ") && stderr.contains("\nhint: "),
        "{line}: {stderr}"
    );
    for needle in needles {
        assert!(stderr.contains(needle), "{line}: no {needle:?} in {stderr}");
    }
    assert!(stdout.is_empty(), "{line}: {stdout}");
}

/// `--retry-base` and `--retry-max` shape a `--retry` strategy; alone, or
/// beside an explicit `--retry-schedule`, they would change nothing.
#[test]
fn retry_shape_without_a_retry_strategy_is_refused() {
    let replay = "replay github/push --to http://127.0.0.1:1/ --secret s";
    for flag in ["--retry-base 10ms", "--retry-max 5"] {
        refused(&format!("{replay} {flag}"), &["--retry <STRATEGY>"]);
        refused(
            &format!("{replay} --retry-schedule 1s,2s {flag}"),
            &["--retry-schedule"],
        );
    }
}

/// `--format` shapes what `--dry-run` prints, as text; the flags of sending
/// (retries, pacing, timeouts, TLS, what is shown of the answers) have
/// nothing to act on when nothing is sent.
#[test]
fn dry_run_and_send_only_flags_are_not_combined() {
    let replay = "replay github/push --to http://127.0.0.1:1/ --secret s";
    refused(&format!("{replay} --format curl"), &["--dry-run"]);
    refused(&format!("{replay} --dry-run --json --format curl"), &["--json"]);
    for flag in [
        "--retry fixed",
        "--retry-schedule 1s",
        "--rate 5/s",
        "--concurrency 4",
        "--show-response",
        "--quiet",
        "--timeout 5s",
        "--insecure",
        "--cacert ca.pem",
    ] {
        let name = flag.split(' ').next().unwrap_or(flag);
        refused(&format!("{replay} --dry-run {flag}"), &["--dry-run", name]);
    }
    // What does shape the printed requests still goes with --dry-run.
    let out = run(
        &format!("{replay} --dry-run --duplicate --repeat 2 --format curl"),
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.matches("curl -sS").count(), 4, "{}", out.stdout);
}

/// With `--offline reject` nothing is queued: a queue limit would limit nothing.
#[test]
fn queue_limits_with_offline_reject_are_refused() {
    let relay = "relay --listen 127.0.0.1:0 --token t --offline reject";
    for flag in ["--queue-max 5", "--queue-bytes 1MiB"] {
        let name = flag.split(' ').next().unwrap_or(flag);
        refused(&format!("{relay} {flag}"), &[name, "--offline reject"]);
    }
}
