//! `hook replay -e/--events`: only the fixtures whose events match are sent,
//! a note says how many were left out, and a filter that matches none is an
//! error listing the events there were.

mod replay_support;

use replay_support::*;
use serde_json::json;

const SECRET: &str = "replay-events-secret";

#[test]
fn only_fixtures_with_matching_events_are_sent() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path(), "1.json", "github", "push", "/one", json!({"n": 1}));
    write_fixture(dir.path(), "2.json", "github", "issues.opened", "/two", json!({"n": 2}));
    write_fixture(
        dir.path(),
        "3.json",
        "github",
        "pull_request.opened",
        "/three",
        json!({"n": 3}),
    );
    let listener = Listener::with_secret(SECRET, &[]);
    let dir_arg = dir.path().to_str().unwrap();
    let args = [
        "replay",
        dir_arg,
        "-e",
        "push,github:pull_*",
        "--to",
        &listener.url,
        "--secret",
        SECRET,
        "--json",
    ];
    let run = run(&args);
    run.expect_code(0);
    assert_eq!(run.summary()["deliveries"], 2, "{}", run.stdout);
    assert_eq!(paths(&listener.requests(2)), ["/one", "/three"]);
    assert!(
        run.stderr.contains("-e push,github:pull_* left out 1 of 3 fixtures"),
        "{}",
        run.stderr
    );
    listener.assert_nothing_received();
}

#[test]
fn a_filter_that_matches_nothing_lists_the_events_there_were() {
    let args = [
        "replay",
        "stripe/invoice.paid",
        "github/push",
        "-e",
        "ping",
        "--to",
        "http://127.0.0.1:9",
        "--secret",
        SECRET,
    ];
    let run = run(&args);
    run.expect_code(2);
    assert!(run.stderr.contains("no fixture matches -e ping"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hint: the fixtures given have: github:push, stripe:invoice.paid"),
        "{}",
        run.stderr
    );
}

#[test]
fn responses_of_events_left_out_are_not_missing_from_a_comparison() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path(), "1.json", "github", "push", "/one", json!({"n": 1}));
    write_fixture(dir.path(), "2.json", "github", "ping", "/two", json!({"n": 2}));
    let listener = Listener::with_secret(SECRET, &[]);
    let saved = dir.path().join("saved.jsonl");
    let (fixtures, saved) = (dir.path().to_str().unwrap(), saved.to_str().unwrap());
    let send = ["replay", fixtures, "--to", &listener.url, "--secret", SECRET];
    let run_all = run(&[&send[..], &["--save-responses", saved]].concat());
    run_all.expect_code(0);
    let only_push = run(&[&send[..], &["-e", "push", "--compare", saved]].concat());
    only_push.expect_code(0);
    assert!(
        only_push.stdout.contains("every response matches"),
        "{}",
        only_push.stdout
    );
    assert!(!only_push.stdout.contains("missing"), "{}", only_push.stdout);
    // Without -e, a fixture gone from the run is missing.
    let one = dir.path().join("1.json");
    let without = run(&[
        "replay",
        one.to_str().unwrap(),
        "--to",
        &listener.url,
        "--secret",
        SECRET,
        "--compare",
        saved,
    ]);
    without.expect_code(1);
    assert!(without.stdout.contains("missing"), "{}", without.stdout);
}

#[test]
fn fixtures_lists_the_files_and_directories_named_and_filters_by_event() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(
        dir.path(),
        "0001-github-push.json",
        "github",
        "push",
        "/one",
        json!({"n": 1}),
    );
    write_fixture(
        dir.path(),
        "0002-github-ping.json",
        "github",
        "ping",
        "/two",
        json!({"n": 2}),
    );
    let listing = run(&["fixtures", dir.path().to_str().unwrap(), "-e", "push", "--json"]);
    listing.expect_code(0);
    let listed = listing.json_lines();
    assert_eq!(listed.len(), 1, "{}", listing.stdout);
    assert_eq!(
        (&listed[0]["provider"], &listed[0]["event"]),
        (&json!("github"), &json!("push"))
    );
    assert!(
        listed[0]["name"]
            .as_str()
            .is_some_and(|n| n.ends_with("0001-github-push.json")),
        "{}",
        listed[0]
    );
    // Without names: the built-in ones, filtered the same way.
    let run = run(&["fixtures", "-e", "stripe:invoice.*", "--json"]);
    run.expect_code(0);
    let names: Vec<String> = run
        .json_lines()
        .iter()
        .map(|l| l["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["stripe/invoice.paid"]);
}

#[test]
fn what_a_sender_wrote_in_a_saved_fixture_is_shown_never_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let event = "push\u{1b}]0;title\u{7}\u{1b}[31mRED";
    // Its header is clean (a header with control characters is refused); its event is not.
    let fixture = json!({"provider": "github", "event": event, "path": "/one",
        "headers": [["X-GitHub-Event", "push"]], "body": {"n": 1}});
    std::fs::write(dir.path().join("1.json"), fixture.to_string()).unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let listing = run(&["fixtures", dir_arg, "--color", "always"]);
    let to = refused_url();
    let sending = run(&["replay", dir_arg, "--to", &to, "--secret", SECRET, "--color", "always"]);
    for out in [&listing.stdout, &sending.stdout] {
        assert!(!out.is_empty(), "{listing:?} {sending:?}");
        assert!(out.contains(r"push\x1b]0;title\x07\x1b[31mRED"), "{out:?}");
        assert!(!out.contains("\u{1b}[31mRED") && !out.contains("\u{1b}]0;"), "{out:?}");
    }
}
