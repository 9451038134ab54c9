//! `hook replay`'s output while a run goes on: attempt lines are batched for
//! speed, but each reaches stdout within moments, not at the end of the run.

mod replay_support;

use replay_support::*;
use std::io::Read;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Instant;

/// `hook replay github/push --repeat N --rate 1/s --json` to `to`, started;
/// its stdout lines as they come. At 1/s each delivery after the first
/// starts a second after the one before.
fn paced_replay(to: &str, repeat: &str, stderr: Stdio) -> (Child, Receiver<String>) {
    let mut child = hook(&[
        "replay",
        "github/push",
        "--repeat",
        repeat,
        "--rate",
        "1/s",
        "--to",
        to,
        "--secret",
        WHSEC,
        "--json",
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(stderr)
    .spawn()
    .expect("spawn hook replay");
    let out = child.stdout.take().expect("stdout");
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, lines)
}

#[test]
fn attempt_lines_reach_stdout_while_the_run_goes_on() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // Three deliveries at 1/s: the run ends two seconds after the first.
    let (mut child, lines) = paced_replay(&listener.url, "3", Stdio::null());
    let first = lines.recv_timeout(WAIT).expect("an attempt line within the wait");
    let v: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(
        (v["type"].as_str(), v["delivery"].as_u64()),
        (Some("attempt"), Some(1)),
        "{first}"
    );
    // Output held to the end would come only after the listener had shown the
    // second and third deliveries, one and two seconds later.
    let early = listener.requests_so_far();
    assert!(
        early.len() <= 1,
        "the first attempt line came after {} deliveries",
        early.len()
    );
    // The rest of the run: two more attempts and the summary, then exit 0.
    let rest: Vec<String> = (0..3).map(|_| lines.recv_timeout(WAIT).expect("a line")).collect();
    assert!(rest[2].contains(r#""type":"summary""#), "{rest:?}");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
    assert_eq!(early.len() + listener.requests(3 - early.len()).len(), 3);
}

#[test]
fn quiet_prints_only_attempts_that_went_wrong_and_the_summary() {
    // Every delivery's first attempt gets a 500, its retry a 200.
    let listener = Listener::with_secret(WHSEC, &["--fail-first", "1"]);
    let args = [
        "replay",
        "github/push",
        "--repeat",
        "3",
        "--retry",
        "fixed",
        "--retry-base",
        "10ms",
        "--quiet",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
    ];
    let json = run(&[&args[..], &["--json"]].concat());
    json.expect_code(0);
    let attempts = json.attempts();
    let shown: Vec<_> = attempts
        .iter()
        .map(|a| (a["attempt"].as_u64(), a["status"].as_u64()))
        .collect();
    assert_eq!(
        shown,
        vec![(Some(1), Some(500)); 3],
        "only the failed attempts: {json:?}"
    );
    let summary = json.summary();
    assert_eq!(
        (summary["attempts"].as_u64(), summary["ok"].as_u64()),
        (Some(6), Some(3)),
        "{summary}"
    );
    // Text: the three 500s and the summary; nothing for the 200s.
    let text = run(&args);
    text.expect_code(0);
    let attempt_lines = text.stdout.lines().filter(|l| l.contains(" attempt ")).count();
    assert_eq!(attempt_lines, 3, "{}", text.stdout);
    assert_eq!(text.stdout.matches("→ 500").count(), 3, "{}", text.stdout);
    assert!(text.stdout.contains("3 deliveries, 6 attempts"), "{}", text.stdout);
    assert_eq!(listener.requests(12).len(), 12);
}

#[test]
fn ctrl_c_ends_the_run_with_its_summary_and_exit_1() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // A hundred deliveries at 1/s: Ctrl-C comes while the second one waits its turn.
    let (mut child, lines) = paced_replay(&listener.url, "100", Stdio::piped());
    let first = lines.recv_timeout(WAIT).expect("an attempt line within the wait");
    assert!(first.contains(r#""type":"attempt""#), "{first}");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -INT failed");
    let deadline = Instant::now() + WAIT;
    let mut rest = Vec::new();
    loop {
        match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => rest.push(line),
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => panic!("hook replay did not stop after SIGINT: {rest:?}"),
        }
    }
    let status = loop {
        match child.try_wait().expect("wait") {
            Some(status) => break status,
            None if Instant::now() > deadline => panic!("hook replay still running after SIGINT"),
            None => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    };
    let mut stderr = String::new();
    let _ = child.stderr.take().expect("stderr").read_to_string(&mut stderr);
    let summary: serde_json::Value = serde_json::from_str(rest.last().expect("a summary line")).expect("JSON");
    assert_eq!(summary["type"], "summary", "{rest:?}");
    let sent = summary["deliveries"].as_u64().unwrap_or_default();
    assert!((1..100).contains(&sent), "{summary}");
    assert_eq!(summary["interrupted"], true, "{summary}");
    assert_eq!(summary["planned"], 100, "{summary}");
    // Not every delivery got its answer: a negative result, said on stderr.
    assert_eq!(status.code(), Some(1), "{status:?} {stderr}");
    assert!(stderr.contains(&format!("after {sent} of 100 deliveries")), "{stderr}");
}
