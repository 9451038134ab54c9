//! `hook replay` at the edges: rates too high to pace, the pace after the
//! last delivery, apps that close keep-alive connections, fixtures and flags
//! that would put bad bytes on the wire.

mod replay_support;

use replay_support::*;

/// Assert a usage error: exit 2, `hook: error:` naming every `needle`, a hint, no panic.
#[track_caller]
fn usage_error(run: &Run, needles: &[&str]) {
    run.expect_code(2);
    let first = run.stderr.lines().next().unwrap_or("");
    assert!(first.starts_with("hook: error: "), "{run:?}");
    for needle in needles {
        assert!(first.contains(needle), "{needle:?} not in {first:?}");
    }
    assert!(run.stderr.lines().any(|l| l.starts_with("hint: ")), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

#[test]
fn a_rate_too_high_to_pace_is_a_usage_error_and_sends_nothing() {
    let listener = Listener::with_secret(WHSEC, &[]);
    for rate in ["4000000000/s", "inf"] {
        let run = run(&[
            "replay",
            "github/ping",
            "--to",
            &listener.url,
            "--secret",
            WHSEC,
            "--rate",
            rate,
        ]);
        usage_error(&run, &["--rate", "too high", "at most 1000000000 per second"]);
        assert!(run.stdout.is_empty(), "a summary was printed: {run:?}");
    }
    listener.assert_nothing_received();
}

#[test]
fn a_rated_run_waits_between_deliveries_not_after_the_last() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // One delivery at 1/m: the next would wait a minute, but there is none.
    let one = run(&[
        "replay",
        "github/ping",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
        "--rate",
        "1/m",
        "-q",
    ]);
    one.expect_code(0);
    assert!(one.elapsed < WAIT, "one delivery at 1/m took {:?}", one.elapsed);
    listener.request();
    // Three deliveries sent twice at 20/s: six starts, five waits of 50 ms
    // between them, the copies paced like the rest.
    let six = run(&[
        "replay",
        "github/ping",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
        "--rate",
        "20/s",
        "--repeat",
        "3",
        "--duplicate",
        "--json",
    ]);
    six.expect_code(0);
    assert_eq!(six.summary()["attempts"], 6, "{six:?}");
    let elapsed = six.summary()["elapsed_ms"].as_f64().expect("elapsed_ms");
    assert!(elapsed >= 240.0, "six starts at 20/s took only {elapsed} ms");
    assert!(six.elapsed < WAIT, "{:?}", six.elapsed);
    assert_eq!(listener.requests(6).len(), 6);
}
