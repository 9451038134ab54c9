//! `hook replay`'s output while a run goes on: attempt lines are batched for
//! speed, but each reaches stdout within moments, not at the end of the run.

mod replay_support;

use replay_support::*;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc::channel;

#[test]
fn attempt_lines_reach_stdout_while_the_run_goes_on() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // Three deliveries at 1/s: the second is sent a second after the first,
    // the third a second later; the run ends after that.
    let mut child = hook(&[
        "replay",
        "github/push",
        "--repeat",
        "3",
        "--rate",
        "1/s",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
        "--json",
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
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
