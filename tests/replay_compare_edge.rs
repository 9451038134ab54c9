//! `hook replay --save-responses` and `--compare` at the edges: files that
//! are not what `--save-responses` writes, flags refused with `--dry-run`,
//! saving over the file compared against, concurrent runs, and a stopped run
//! that must not leave half a file.

mod replay_support;

use replay_support::*;
use serde_json::{json, Value};

/// A usage or input error: exit 2, `hook: error:` with each of `needles`, a hint.
#[track_caller]
fn refused(run: &Run, needles: &[&str]) {
    run.expect_code(2);
    assert!(run.stderr.starts_with("hook: error: "), "{run:?}");
    assert!(run.stderr.contains("\nhint: "), "{run:?}");
    for needle in needles {
        assert!(run.stderr.contains(needle), "no {needle:?} in {}", run.stderr);
    }
}

#[test]
fn a_compare_file_that_is_not_saved_responses_is_refused_with_its_line_and_nothing_is_sent() {
    let app = App::start();
    app.answer("/a", Answer::new(200, "ok"));
    let f = Fixtures::new(&["/a"]);
    let (args, saved) = ([f.arg("/a")], f.file("saved.jsonl"));
    save_responses(&args, &app, &saved, &[]);
    let good = std::fs::read_to_string(&saved).expect("saved");
    let sent = app.requests();
    let bad = f.file("bad.jsonl");
    let name = bad.to_string_lossy().into_owned();
    let attempt = r#"{"type":"attempt","delivery":1}"#;
    let cases = [
        (format!("{good}{{\"type\":\"response\",\n"), format!("{name}:2:")),
        (
            format!("{good}\n{attempt}\n"),
            format!("{name}:3: type is \"attempt\", not \"response\""),
        ),
        (
            good.replace("\"occurrence\":1", "\"occurrence\":\"one\""),
            format!("{name}:1: invalid type"),
        ),
        (
            format!("{good}{good}"),
            format!("{name}:2: {} occurrence 1 is already on line 1", args[0]),
        ),
    ];
    for (text, want) in cases {
        std::fs::write(&bad, text).expect("write");
        let run = replay_app(&args, &app, &["--compare", &name]);
        refused(&run, &[&want, "--save-responses"]);
    }
    let missing = f.file("none.jsonl").to_string_lossy().into_owned();
    refused(
        &replay_app(&args, &app, &["--compare", &missing]),
        &[&format!("reading --compare {missing}")],
    );
    assert_eq!(app.requests(), sent, "a delivery was sent before the file was checked");
}

#[test]
fn saving_and_comparing_are_refused_with_dry_run() {
    for flags in [
        &["--compare", "saved.jsonl"][..],
        &["--save-responses", "saved.jsonl"],
        &["--compare", "saved.jsonl", "--ignore-field", "at"],
    ] {
        let run = run(&[&["replay", "github/push", "--dry-run"], flags].concat());
        refused(&run, &["--dry-run", "cannot be used with", flags[0]]);
    }
    let run = run(&[
        "replay",
        "github/push",
        "--to",
        "3000",
        "--secret",
        WHSEC,
        "--ignore-field",
        "at",
    ]);
    refused(&run, &["--compare <FILE>"]);
}

#[test]
fn a_save_file_hook_cannot_write_is_an_error_before_anything_is_sent() {
    let app = App::start();
    app.answer("/a", Answer::new(200, "ok"));
    let f = Fixtures::new(&["/a"]);
    let nowhere = f.file("no/such/folder/saved.jsonl").to_string_lossy().into_owned();
    let run = replay_app(&[f.arg("/a")], &app, &["--save-responses", &nowhere]);
    refused(&run, &[&format!("--save-responses {nowhere}")]);
    assert_eq!(app.requests(), 0);
}

#[test]
fn a_run_compares_against_the_file_it_saves_over() {
    let app = App::start();
    app.answer("/a", Answer::new(200, r#"{"v":1}"#));
    let f = Fixtures::new(&["/a"]);
    let (args, saved) = ([f.arg("/a")], f.file("saved.jsonl"));
    save_responses(&args, &app, &saved, &[]);
    app.answer("/a", Answer::new(200, r#"{"v":2}"#));
    let name = saved.to_string_lossy().into_owned();
    let both = ["--compare", &name, "--save-responses", &name];
    let run = replay_app(&args, &app, &both);
    run.expect_code(1);
    assert!(run.stdout.contains("body at v: 1 → 2"), "{run:?}");
    assert_eq!(
        lines_of(&saved)[0]["body"],
        r#"{"v":2}"#,
        "the new responses were not saved"
    );
    replay_app(&args, &app, &both).expect_code(0);
}

#[test]
fn a_concurrent_run_saves_in_plan_order_and_matches_itself() {
    let app = App::start();
    let paths = ["/a", "/b", "/c", "/d"];
    let f = Fixtures::new(&paths);
    for p in paths {
        app.answer(p, Answer::new(200, format!(r#"{{"path":"{p}"}}"#)));
    }
    let args: Vec<String> = paths.iter().map(|p| f.arg(p)).collect();
    let saved = f.file("saved.jsonl");
    save_responses(&args, &app, &saved, &["--repeat", "25", "-c", "8"]);
    let lines = lines_of(&saved);
    let keys: Vec<(Value, Value)> = lines
        .iter()
        .map(|l| (l["source"].clone(), l["occurrence"].clone()))
        .collect();
    let want: Vec<(Value, Value)> = (1..=25)
        .flat_map(|n| args.iter().map(move |a| (json!(a), json!(n))))
        .collect();
    assert_eq!(keys, want);
    let name = saved.to_string_lossy().into_owned();
    let run = replay_app(
        &args,
        &app,
        &["--compare", &name, "--repeat", "25", "-c", "8", "--json"],
    );
    run.expect_code(0);
    expect_fields(&run.summary(), json!({"differ": 0, "compared": 100}));
}

#[test]
fn a_stopped_run_leaves_the_save_file_as_it_was() {
    let app = App::start();
    app.answer("/a", Answer::new(200, "ok"));
    let f = Fixtures::new(&["/a"]);
    let saved = f.file("saved.jsonl");
    std::fs::write(&saved, "before\n").expect("write");
    let name = saved.to_string_lossy().into_owned();
    // A hundred deliveries at 1/s: the signal comes while the second waits its turn.
    let stopped = interrupt_after_first_line(&[
        "replay",
        &f.arg("/a"),
        "--repeat",
        "100",
        "--rate",
        "1/s",
        "--json",
        "--to",
        &app.url,
        "--secret",
        WHSEC,
        "--save-responses",
        &name,
    ]);
    assert!(stopped.stdout[0].contains(r#""type":"attempt""#), "{stopped:?}");
    assert_eq!(stopped.code, Some(1), "{stopped:?}");
    assert!(
        stopped
            .stderr
            .contains(&format!("--save-responses {name} was not written")),
        "{stopped:?}"
    );
    assert_eq!(std::fs::read_to_string(&saved).expect("read"), "before\n");
    let mut left: Vec<String> = std::fs::read_dir(saved.parent().expect("dir"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["a.json", "saved.jsonl"], "a temporary file was left behind");
}

#[test]
fn no_answers_differ_when_they_failed_differently_but_not_by_their_text() {
    let f = Fixtures::new(&["/a"]);
    let (a, saved) = (f.arg("/a"), f.file("saved.jsonl"));
    let name = saved.to_string_lossy().into_owned();
    let replay = |to: &str, extra: &[&str]| {
        let fixed = ["replay", &a, "--to", to, "--secret", WHSEC, "--timeout", "200ms"];
        run(&[&fixed[..], extra].concat())
    };
    replay(&refused_url(), &["--save-responses", &name]).expect_code(1);
    expect_fields(
        &lines_of(&saved)[0],
        json!({"status": null, "failure": "refused", "body": null}),
    );

    // Refused again, on another port: the error's text differs, its kind does not.
    let run = replay(&refused_url(), &["--compare", &name]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(&format!("every response matches {name}\n")),
        "{run:?}"
    );

    let run = replay(&silent_url(), &["--compare", &name]);
    run.expect_code(1);
    for want in [
        format!("#1 {a} differs: status no answer (connection refused) → no answer (timed out)\n"),
        format!("the response differs from {name}\n"),
    ] {
        assert!(run.stdout.contains(&want), "no {want:?} in\n{}", run.stdout);
    }
    let run = replay(&silent_url(), &["--compare", &name, "--json"]);
    let found = run.differences();
    assert_eq!(found.len(), 1, "{run:?}");
    expect_fields(
        &found[0],
        json!({"kind": "changed", "delivery": 1, "line": 1, "status": null, "body": null,
               "failure": {"old": "refused", "new": "timeout"}}),
    );

    // A file from before hook saved the kind: its no-answer matches any.
    let mut line = lines_of(&saved).remove(0);
    line.as_object_mut().expect("object").remove("failure");
    std::fs::write(&saved, format!("{line}\n")).expect("write");
    let run = replay(&silent_url(), &["--compare", &name]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(&format!("every response matches {name}\n")),
        "{run:?}"
    );
}

#[test]
fn a_stopped_compare_run_counts_the_saved_responses_it_did_not_compare_and_calls_none_missing() {
    let app = App::start();
    app.answer("/a", Answer::new(200, "ok"));
    let f = Fixtures::new(&["/a"]);
    let (a, saved) = (f.arg("/a"), f.file("saved.jsonl"));
    save_responses(std::slice::from_ref(&a), &app, &saved, &["--repeat", "100"]);
    let name = saved.to_string_lossy().into_owned();
    // A hundred deliveries at 1/s: the signal comes while the second waits its turn.
    let compare = |extra: &str| {
        let fixed = ["replay", &a, "--repeat", "100", "--rate", "1/s", "--to", &app.url];
        interrupt_after_first_line(&[&fixed[..], &["--secret", WHSEC, "--compare", &name, extra]].concat())
    };

    let stopped = compare("--json");
    assert_eq!(stopped.code, Some(1), "{stopped:?}");
    let lines: Vec<Value> = stopped
        .stdout
        .iter()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(lines.iter().all(|l| l["type"] != "difference"), "{stopped:?}");
    let summary = lines.last().expect("a summary");
    expect_fields(summary, json!({"type": "summary", "interrupted": true, "differ": 0}));
    let (compared, not_compared) = (&summary["compared"], &summary["not_compared"]);
    let (compared, not_compared) = (
        compared.as_u64().expect("compared"),
        not_compared.as_u64().expect("count"),
    );
    assert!(compared >= 1 && compared + not_compared == 100, "{summary}");

    let stopped = compare("--color=never");
    assert_eq!(stopped.code, Some(1), "{stopped:?}");
    let text = stopped.stdout.join("\n");
    assert!(!text.contains("missing"), "{text}");
    // The run's verdict says how many finished; the comparison's, how many of the rest it left.
    let finished: usize = text
        .split_once("(stopped after ")
        .and_then(|(_, rest)| rest.split_once(" of 100)"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("no \"stopped after N of 100\" in {text}"));
    let want = format!(
        "every compared response matches {name} ({} saved responses not compared: the run stopped)",
        100 - finished
    );
    assert!(text.contains(&want), "no {want:?} in\n{text}");
}
