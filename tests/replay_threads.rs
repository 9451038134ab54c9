//! `hook replay` sends a large concurrent run on one thread per core: every
//! delivery still goes out exactly once, duplicates stay pairs, and the
//! summary says how many threads sent.

mod replay_support;

use replay_support::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The threads hook should pick for `deliveries` at `concurrency` on this
/// machine: one per core, at most one per delivery in flight, and one more
/// only per 256 deliveries.
fn expected_threads(concurrency: usize, deliveries: usize) -> u64 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(concurrency).min(1 + deliveries / 256) as u64
}

fn replay_json(args: &str, to: &str) -> Run {
    let run = run(&[
        &["replay"],
        &words(args)[..],
        &["--to", to, "--secret", WHSEC, "--json"],
    ]
    .concat());
    run.expect_code(0);
    run
}

/// How many times each value of `key` occurs.
fn counts(lines: &[Value], key: &str) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for line in lines {
        *seen.entry(line[key].to_string()).or_default() += 1;
    }
    seen
}

#[test]
fn a_large_run_sends_each_delivery_once_on_every_core() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay_json("github/push --repeat 600 --concurrency 8", &listener.url);
    let summary = run.summary();
    expect_fields(
        &summary,
        json!({"deliveries": 600, "attempts": 600, "ok": 600, "threads": expected_threads(8, 600)}),
    );
    let attempts = run.attempts();
    let numbers = counts(&attempts, "delivery");
    assert_eq!(numbers.len(), 600, "delivery numbers repeat or are missing");
    assert!(
        (1..=600).all(|n| numbers.get(&n.to_string()) == Some(&1)),
        "{numbers:?}"
    );
    let requests = listener.requests(600);
    let ids = counts(&requests, "delivery_id");
    assert_eq!(ids.len(), 600, "delivery ids repeat across threads");
    assert!(
        requests.iter().all(|r| r["verdict"] == "valid"),
        "a delivery was not signed right"
    );
    listener.assert_nothing_received();
}

#[test]
fn duplicates_stay_pairs_when_threads_share_a_run() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay_json("github/push --repeat 300 --duplicate --concurrency 4", &listener.url);
    expect_fields(
        &run.summary(),
        json!({"deliveries": 600, "ok": 600, "threads": expected_threads(4, 600)}),
    );
    let requests = listener.requests(600);
    let ids = counts(&requests, "delivery_id");
    assert_eq!(ids.len(), 300, "{ids:?}");
    assert!(
        ids.values().all(|&n| n == 2),
        "an id was not sent exactly twice: {ids:?}"
    );
    let copies = requests.iter().filter(|r| r["duplicate"] == true).count();
    assert_eq!(copies, 300, "the listener should flag every second copy");
}

#[test]
fn small_and_rated_runs_stay_on_one_thread() {
    let listener = Listener::with_secret(WHSEC, &[]);
    for args in [
        "github/push --repeat 20 --concurrency 4",
        "github/push --repeat 600 --concurrency 1",
        "github/push --repeat 3 --concurrency 3 --rate 100/s",
    ] {
        let run = replay_json(args, &listener.url);
        assert_eq!(run.summary()["threads"], 1, "{args}: {run:?}");
    }
    assert_eq!(listener.requests(623).len(), 623);
}

#[test]
fn the_text_summary_names_the_threads_only_when_more_than_one() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let many = expected_threads(8, 600);
    let large = run(&[
        "replay",
        "github/push",
        "--repeat",
        "600",
        "--concurrency",
        "8",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
    ]);
    large.expect_code(0);
    assert_eq!(
        large.stdout.contains(&format!(" on {many} threads")),
        many > 1,
        "{}",
        large.stdout
    );
    let small = run(&["replay", "github/push", "--to", &listener.url, "--secret", WHSEC]);
    small.expect_code(0);
    assert!(!small.stdout.contains("threads"), "{}", small.stdout);
    assert_eq!(listener.requests(601).len(), 601);
}
