//! A flag that would do nothing in its combination is refused (exit 2 and a
//! hint naming what it needs), never accepted and silently ignored.

mod common;

use common::*;

/// Run `hook LINE`; it must be a usage error that mentions every one of `needles`.
#[track_caller]
fn refused(line: &str, needles: &[&str]) {
    let out = run(line, None);
    assert_eq!(out.code, 2, "{line}: {out:?}");
    assert_hint(&out);
    for needle in needles {
        assert!(out.stderr.contains(needle), "{line}: no {needle:?} in {}", out.stderr);
    }
    assert!(out.stdout.is_empty(), "{line}: {}", out.stdout);
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
