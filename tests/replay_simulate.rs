//! `hook replay` simulating real delivery against a real `hook listen --json`:
//! retries, connection errors, duplicates, shuffling, negative cases, load.

mod replay_support;

use replay_support::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

/// `hook replay ARGS --to URL --secret WHSEC --json`, expecting exit `code`.
fn replay(args: &str, to: &str, code: i32) -> Run {
    let run = run(&[
        &["replay"],
        &words(args)[..],
        &["--to", to, "--secret", WHSEC, "--json"],
    ]
    .concat());
    run.expect_code(code);
    run
}

/// The same in text mode.
fn replay_text(args: &str, to: &str, code: i32) -> Run {
    let run = run(&[&["replay"], &words(args)[..], &["--to", to, "--secret", WHSEC]].concat());
    run.expect_code(code);
    run
}

fn field(lines: &[Value], key: &str) -> Vec<Value> {
    lines.iter().map(|a| a[key].clone()).collect()
}

/// A retrying replay against `--fail-first 2`: 500, 500, then 200, one delivery id throughout.
fn retries_until_ok(retry: &str) {
    let listener = Listener::with_secret(WHSEC, &["--fail-first", "2"]);
    let run = replay(&format!("github/push {retry}"), &listener.url, 0);
    let attempts = run.attempts();
    assert_eq!(
        field(&attempts, "status"),
        [json!(500), json!(500), json!(200)],
        "{run:?}"
    );
    assert_eq!(field(&attempts, "attempt"), [json!(1), json!(2), json!(3)]);
    assert_eq!(field(&attempts, "retry_in_ms"), [json!(50), json!(50), Value::Null]);
    assert_eq!(field(&attempts, "last"), [json!(false), json!(false), json!(true)]);
    assert_eq!(attempts[2]["ok"], true);
    let summary = run.summary();
    expect_fields(
        &summary,
        json!({"deliveries": 1, "attempts": 3, "ok": 1, "by_status": {"200": 1, "500": 2}}),
    );

    let requests = listener.requests(3);
    assert_eq!(field(&requests, "status"), [json!(500), json!(500), json!(200)]);
    let ids: BTreeSet<&str> = requests.iter().filter_map(|r| r["delivery_id"].as_str()).collect();
    assert_eq!(ids.len(), 1, "retries changed the delivery id: {requests:?}");
    assert_eq!(attempts[0]["delivery_id"].as_str(), ids.first().copied());
    assert!(requests.iter().all(|r| r["verdict"] == "valid"), "{requests:?}");
}

#[test]
fn retry_fixed_retries_the_same_delivery_until_it_succeeds() {
    retries_until_ok("--retry fixed --retry-base 50ms --retry-max 3");
}

#[test]
fn retry_schedule_retries_after_exactly_those_delays() {
    retries_until_ok("--retry-schedule 50ms,50ms");
}

#[test]
fn without_retry_a_500_is_one_failed_attempt() {
    let listener = Listener::with_secret(WHSEC, &["--fail-first", "2"]);
    let run = replay("github/push", &listener.url, 1);
    let attempts = run.attempts();
    assert_eq!(attempts.len(), 1, "{run:?}");
    expect_fields(
        &attempts[0],
        json!({"status": 500, "ok": false, "last": true, "retry_in_ms": null}),
    );
    expect_fields(&run.summary(), json!({"failed": 1, "by_status": {"500": 1}}));
    assert_eq!(listener.request()["status"], 500);
}

#[test]
fn a_refused_connection_is_an_attempt_with_an_error_and_is_retried() {
    let to = refused_url();
    let run = replay("github/push --retry fixed --retry-base 50ms --retry-max 1", &to, 1);
    let attempts = run.attempts();
    assert_eq!(attempts.len(), 2, "{run:?}");
    for a in &attempts {
        expect_fields(a, json!({"status": null, "ok": false, "failure": "refused"}));
        assert!(a["error"].as_str().is_some_and(|e| !e.is_empty()), "{a}");
    }
    expect_fields(&run.summary(), json!({"failed": 1, "by_status": {"error": 2}}));
    let text = replay_text("github/push", &to, 1);
    assert!(text.stdout.contains("the delivery did not get a 2xx"), "{text:?}");
}

#[test]
fn timeouts_and_429_are_retried_with_growing_delays() {
    let slow = Listener::with_secret(WHSEC, &["--delay", "5s"]);
    let run = replay("github/ping --timeout 100ms --retry-schedule 50ms", &slow.url, 1);
    let attempts = run.attempts();
    assert_eq!(attempts.len(), 2, "{run:?}");
    assert!(
        attempts
            .iter()
            .all(|a| a["status"].is_null() && a["error"].is_string() && a["failure"] == "timeout"),
        "{attempts:?}"
    );
    assert_eq!(run.summary()["by_status"], json!({"error": 2}));

    let busy = Listener::with_secret(WHSEC, &["--status", "429"]);
    let run = replay(
        "github/ping --retry exponential --retry-base 50ms --retry-max 2",
        &busy.url,
        1,
    );
    let attempts = run.attempts();
    assert_eq!(
        field(&attempts, "status"),
        [json!(429), json!(429), json!(429)],
        "{run:?}"
    );
    assert_eq!(field(&attempts, "retry_in_ms"), [json!(50), json!(100), Value::Null]);
    assert_eq!(busy.requests(3).len(), 3);
}

#[test]
fn duplicate_sends_every_delivery_twice_with_the_same_id() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay("github/push stripe/invoice.paid --duplicate", &listener.url, 0);
    assert_eq!(run.summary()["deliveries"], 4, "{run:?}");
    let requests = listener.requests(4);
    for pair in requests.chunks(2) {
        assert_eq!(pair[0]["delivery_id"], pair[1]["delivery_id"], "{pair:?}");
        assert_eq!(pair[0]["body_sha256"], pair[1]["body_sha256"], "{pair:?}");
        assert_eq!(field(pair, "duplicate"), [json!(false), json!(true)], "{pair:?}");
        assert!(pair.iter().all(|r| r["verdict"] == "valid"), "{pair:?}");
    }
    assert_ne!(requests[0]["delivery_id"], requests[2]["delivery_id"]);
    let flagged = field(&run.attempts(), "duplicate");
    assert_eq!(flagged, [json!(false), json!(true), json!(false), json!(true)]);
}

#[test]
fn shuffle_with_a_seed_is_repeatable_and_not_name_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let names = ["/a", "/b", "/c", "/d", "/e"];
    for path in names {
        let file = format!("{}.json", &path[1..]);
        write_fixture(dir.path(), &file, "github", "push", path, json!({"p": path}));
    }
    let listener = Listener::with_secret(WHSEC, &[]);
    let dir = dir.path().to_string_lossy().into_owned();
    let order = |seed: &str| {
        replay(&format!("{dir} --shuffle --seed {seed}"), &listener.url, 0);
        paths(&listener.requests(5))
    };
    let first = order("7");
    assert_eq!(first, order("7"), "the same seed gave another order");
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(sorted, names, "shuffle lost or repeated a delivery");
    let orders: Vec<Vec<String>> = ["7", "1", "2"].iter().map(|s| order(s)).collect();
    assert!(
        orders.iter().any(|o| o != &names),
        "three seeds all gave name order: {orders:?}"
    );
}

/// Each negative case, with fixtures it applies to (`--stale` needs a provider with a tolerance).
const NEGATIVE: [&str; 4] = [
    "--tamper stripe/invoice.paid github/push",
    "--stale 10m stripe/invoice.paid slack/event_callback.app_mention linear/Issue.create",
    "--unsigned stripe/invoice.paid github/push",
    "--wrong-secret stripe/invoice.paid standard/invoice.paid",
];

#[test]
fn negative_cases_pass_when_the_receiver_rejects_them() {
    let listener = Listener::with_secret(WHSEC, &["--reject-invalid"]);
    for case in NEGATIVE {
        let run = replay(case, &listener.url, 0);
        let n = case.split_whitespace().filter(|w| w.contains('/')).count();
        let want = json!({"expected": "4xx", "ok": n, "failed": 0, "by_status": {"401": n}});
        expect_fields(&run.summary(), want);
        let verdict = if case.starts_with("--unsigned") {
            "unsigned"
        } else {
            "invalid"
        };
        for request in listener.requests(n) {
            expect_fields(&request, json!({"status": 401, "verdict": verdict}));
        }
    }
    let text = replay_text("stripe/invoice.paid --tamper", &listener.url, 0);
    assert!(
        text.stdout.contains("the receiver rejected every bad delivery"),
        "{text:?}"
    );
}

#[test]
fn negative_cases_fail_when_the_receiver_accepts_them() {
    let listener = Listener::with_secret(WHSEC, &[]);
    for case in NEGATIVE {
        let run = replay(case, &listener.url, 1);
        let n = case.split_whitespace().filter(|w| w.contains('/')).count();
        expect_fields(
            &run.summary(),
            json!({"expected": "4xx", "failed": n, "by_status": {"200": n}}),
        );
        assert_eq!(field(&run.attempts(), "ok"), vec![json!(false); n], "{case}");
        for request in listener.requests(n) {
            assert_ne!(
                request["verdict"], "valid",
                "{case}: the bad delivery verified: {request}"
            );
        }
    }
    let text = replay_text("stripe/invoice.paid --wrong-secret", &listener.url, 1);
    assert!(
        text.stdout.contains("the bad delivery was not rejected with a 4xx"),
        "{text:?}"
    );
}

#[test]
fn repeat_with_concurrency_sends_new_deliveries_each_round() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay(
        "stripe/invoice.paid github/push --repeat 3 --concurrency 4",
        &listener.url,
        0,
    );
    expect_fields(&run.summary(), json!({"deliveries": 6, "attempts": 6, "ok": 6}));
    let requests = listener.requests(6);
    let ids: BTreeSet<&str> = requests.iter().filter_map(|r| r["delivery_id"].as_str()).collect();
    assert_eq!(ids.len(), 6, "ids repeat across rounds: {requests:?}");
    for request in &requests {
        expect_fields(request, json!({"verdict": "valid", "duplicate": false}));
    }
    assert_eq!(requests.iter().filter(|r| r["provider"] == "stripe").count(), 3);
}

#[test]
fn rate_limits_how_fast_deliveries_start() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay("github/push --repeat 5 --rate 20/s --concurrency 5", &listener.url, 0);
    let summary = run.summary();
    assert_eq!(summary["deliveries"], 5, "{summary}");
    // 5 starts at 20/s: the last one starts 4 × 50 ms after the first.
    let elapsed = summary["elapsed_ms"].as_f64().expect("elapsed_ms");
    assert!(elapsed >= 190.0, "5 deliveries at 20/s took only {elapsed} ms");
    assert!(run.elapsed >= Duration::from_millis(190), "{:?}", run.elapsed);
    assert_eq!(listener.requests(5).len(), 5);
}

#[test]
fn a_negative_case_that_cannot_apply_is_not_silent() {
    let listener = Listener::with_secret(WHSEC, &["--reject-invalid"]);
    for (case, flag) in [
        ("github/push --stale 10m", "--stale"),
        ("gitlab/push --tamper", "--tamper"),
    ] {
        let run = run(&[
            &["replay"],
            &words(case)[..],
            &["--to", &listener.url, "--secret", WHSEC],
        ]
        .concat());
        assert!(
            run.code == 2 || run.stderr.contains(flag),
            "{case} said nothing: {run:?}"
        );
    }
}

#[test]
fn repeat_zero_sends_nothing() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = run(&[
        "replay",
        "github/ping",
        "--repeat",
        "0",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
    ]);
    assert_eq!(run.code, 2, "--repeat 0 was accepted: {run:?}");
    listener.assert_nothing_received();
}
