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
