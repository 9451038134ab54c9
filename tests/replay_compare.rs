//! `hook replay --save-responses` and `--compare`: two runs against a real
//! local app whose answers change between them, matched by source and
//! occurrence, differences named by status, JSON path or byte.

mod replay_support;

use replay_support::*;
use serde_json::{json, Value};
use std::path::Path;

#[test]
fn identical_runs_match_and_the_saved_file_holds_each_response_in_plan_order() {
    let app = App::start();
    app.answer("/a", Answer::new(200, r#"{"ok":true,"n":{n}}"#));
    app.answer("/b", Answer::new(202, "accepted"));
    app.answer("/c", Answer::new(200, vec![0xff, 0x00, 0x9f]));
    let f = Fixtures::new(&["/a", "/b", "/c"]);
    let saved = f.file("saved.jsonl");
    let saved_arg = saved.to_string_lossy().into_owned();
    let args = [f.arg("/a"), f.arg("/b"), f.arg("/c"), f.arg("/a")];
    replay_app(&args, &app, &["--save-responses", &saved_arg]).expect_code(0);

    let lines = lines_of(&saved);
    assert_eq!(lines.len(), 4, "{lines:?}");
    let keys: Vec<(Value, Value)> = lines
        .iter()
        .map(|l| (l["source"].clone(), l["occurrence"].clone()))
        .collect();
    let want = [(&args[0], 1), (&args[1], 1), (&args[2], 1), (&args[0], 2)].map(|(s, n)| (json!(s), json!(n)));
    assert_eq!(keys, want);
    expect_fields(
        &lines[0],
        json!({"type": "response", "provider": "github", "event": "push", "status": 200, "error": null,
               "body": "{\"ok\":true,\"n\":1}"}),
    );
    assert_eq!(lines[3]["body"], "{\"ok\":true,\"n\":2}");
    assert_eq!(lines[1]["body"], "accepted");
    assert_eq!(lines[2]["body_base64"], "/wCf", "{}", lines[2]);
    assert!(lines[2].get("body").is_none(), "{}", lines[2]);
    let sha = |body: &[u8]| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(body));
    assert_eq!(lines[1]["body_sha256"], sha(b"accepted"));
    assert_eq!(lines[2]["body_sha256"], sha(&[0xff, 0x00, 0x9f]));
    let names: Vec<&str> = lines[1]["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .filter_map(|h| h[0].as_str())
        .collect();
    assert!(names.contains(&"Content-Length"), "{names:?}");

    app.restart_counts();
    let run = replay_app(&args, &app, &["--compare", &saved_arg]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(&format!("every response matches {saved_arg}")),
        "{run:?}"
    );
    app.restart_counts();
    let run = replay_app(&args, &app, &["--compare", &saved_arg, "--json"]);
    run.expect_code(0);
    assert!(run.differences().is_empty(), "{run:?}");
    expect_fields(&run.summary(), json!({"differ": 0, "compared": 4}));
    // Kept to compare, not asked for: the attempt lines carry no body.
    assert!(run.attempts().iter().all(|a| a["response"].is_null()), "{run:?}");
}

#[test]
fn a_changed_status_and_a_changed_json_field_are_named_with_their_paths() {
    let app = App::start();
    app.answer("/a", Answer::new(200, r#"{"ok":true}"#));
    app.answer("/b", Answer::new(200, r#"{"id":"x","data":{"total":3,"items":[1,2]}}"#));
    let f = Fixtures::new(&["/a", "/b"]);
    let (args, saved) = ([f.arg("/a"), f.arg("/b")], f.file("saved.jsonl"));
    save_responses(&args, &app, &saved, &[]);
    app.answer("/a", Answer::new(500, r#"{"ok":true}"#));
    app.answer("/b", Answer::new(200, r#"{"id":"x","data":{"total":4,"items":[1,2]}}"#));
    let saved = saved.to_string_lossy().into_owned();

    let run = replay_app(&args, &app, &["--compare", &saved]);
    run.expect_code(1);
    for want in [
        format!("#1 {} differs: status 200 → 500\n", args[0]),
        format!("#2 {} differs: body at data.total: 3 → 4\n", args[1]),
        format!("2 of 2 responses differ from {saved}\n"),
    ] {
        assert!(run.stdout.contains(&want), "no {want:?} in\n{}", run.stdout);
    }

    let run = replay_app(&args, &app, &["--compare", &saved, "--json"]);
    run.expect_code(1);
    let found = run.differences();
    assert_eq!(found.len(), 2, "{run:?}");
    expect_fields(
        &found[0],
        json!({"kind": "changed", "delivery": 1, "source": args[0], "occurrence": 1, "line": 1,
               "status": {"old": 200, "new": 500}, "body": null}),
    );
    expect_fields(
        &found[1],
        json!({"kind": "changed", "delivery": 2, "line": 2, "status": null,
               "body": {"path": "data.total", "old": 3, "new": 4}}),
    );
    expect_fields(&run.summary(), json!({"differ": 2, "compared": 2, "failed": 1}));

    // -q hides the attempts that got their 2xx, not the differences.
    let run = replay_app(&args, &app, &["--compare", &saved, "-q"]);
    run.expect_code(1);
    assert!(!run.stdout.contains("→ 200"), "{}", run.stdout);
    assert!(run.stdout.contains("body at data.total: 3 → 4"), "{}", run.stdout);
}

#[test]
fn ignore_field_hides_a_field_that_changes_on_every_run() {
    let app = App::start();
    app.answer(
        "/a",
        Answer::new(200, r#"{"ok":true,"at":"10:00:00","req":{"id":"r1"}}"#),
    );
    let f = Fixtures::new(&["/a"]);
    let (args, saved) = ([f.arg("/a")], f.file("saved.jsonl"));
    save_responses(&args, &app, &saved, &[]);
    app.answer(
        "/a",
        Answer::new(200, r#"{"ok":true,"at":"10:00:01","req":{"id":"r2"}}"#),
    );
    let saved = saved.to_string_lossy().into_owned();

    let both = ["--compare", &saved, "--ignore-field", "at", "--ignore-field", "/req/id"];
    let run = replay_app(&args, &app, &both);
    run.expect_code(0);
    assert!(run.stdout.contains("every response matches"), "{run:?}");
    let run = replay_app(&args, &app, &["--compare", &saved, "--ignore-field", "at"]);
    run.expect_code(1);
    assert!(run.stdout.contains("body at req.id: \"r1\" → \"r2\""), "{run:?}");
    assert!(run.stdout.contains("the response differs from"), "{run:?}");

    let before = app.requests();
    let run = replay_app(&args, &app, &["--compare", &saved, "--ignore-field", "req["]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--ignore-field req[") && run.stderr.contains("hint:"),
        "{run:?}"
    );
    assert_eq!(app.requests(), before, "sent despite a bad --ignore-field");
}

#[test]
fn json_key_order_and_spacing_are_not_differences() {
    let app = App::start();
    app.answer("/a", Answer::new(200, r#"{"a":1,"b":{"c":2,"d":[3,4]}}"#));
    let f = Fixtures::new(&["/a"]);
    let (args, saved) = ([f.arg("/a")], f.file("saved.jsonl"));
    save_responses(&args, &app, &saved, &[]);
    app.answer(
        "/a",
        Answer::new(200, "{ \"b\": {\"d\": [3, 4], \"c\": 2},\n \"a\": 1 }"),
    );
    let run = replay_app(&args, &app, &["--compare", &saved.to_string_lossy()]);
    run.expect_code(0);
    assert!(run.stdout.contains("every response matches"), "{run:?}");
}

#[test]
fn other_bodies_differ_at_a_byte() {
    let app = App::start();
    app.answer("/t", Answer::new(200, "hello world"));
    app.answer("/bin", Answer::new(200, vec![0xff, 0x00, 0x01]));
    let f = Fixtures::new(&["/t", "/bin"]);
    let (args, saved) = ([f.arg("/t"), f.arg("/bin")], f.file("saved.jsonl"));
    save_responses(&args, &app, &saved, &[]);
    app.answer("/t", Answer::new(200, "hello there!"));
    app.answer("/bin", Answer::new(200, vec![0xff, 0x00, 0x02]));
    let saved = saved.to_string_lossy().into_owned();
    let run = replay_app(&args, &app, &["--compare", &saved]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(&format!(
            "#1 {} differs: body differs from byte 6 (11 bytes → 12 bytes)",
            args[0]
        )),
        "{run:?}"
    );
    assert!(run.stdout.contains("body differs from byte 2 (3 bytes)"), "{run:?}");
    let run = replay_app(&args, &app, &["--compare", &saved, "--json"]);
    let found = run.differences();
    assert_eq!(
        found[0]["body"],
        json!({"offset": 6, "old_size": 11, "new_size": 12}),
        "{run:?}"
    );
    assert_eq!(
        found[1]["body"],
        json!({"offset": 2, "old_size": 3, "new_size": 3}),
        "{run:?}"
    );
}

#[test]
fn shuffled_and_duplicated_deliveries_match_by_source_and_occurrence() {
    let app = App::start();
    let f = Fixtures::new(&["/a", "/b", "/c"]);
    for p in ["/a", "/b", "/c"] {
        // The n-th request of a path answers n: a delivery matched to the
        // wrong occurrence, or to another fixture, differs.
        app.answer(p, Answer::new(200, format!(r#"{{"path":"{p}","n":{{n}}}}"#)));
    }
    let args = [f.arg("/a"), f.arg("/b"), f.arg("/c")];
    let saved = f.file("saved.jsonl");
    save_responses(&args, &app, &saved, &["--duplicate", "--repeat", "2"]);
    let occurrences: Vec<u64> = lines_of(&saved)
        .iter()
        .filter_map(|l| l["occurrence"].as_u64())
        .collect();
    assert_eq!(
        occurrences,
        [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4],
        "copies follow their first"
    );
    let saved = saved.to_string_lossy().into_owned();

    for order in [&["--shuffle", "--seed", "5"][..], &["--shuffle", "--seed", "9"][..]] {
        app.restart_counts();
        let compare = [&["--compare", &saved, "--duplicate", "--repeat", "2", "--json"], order].concat();
        let run = replay_app(&args, &app, &compare);
        run.expect_code(0);
        assert!(run.differences().is_empty(), "{run:?}");
        let sent: Vec<Value> = run.attempts().iter().map(|a| a["source"].clone()).collect();
        let in_plan: Vec<Value> = lines_of(Path::new(&saved))
            .iter()
            .map(|l| l["source"].clone())
            .collect();
        assert_ne!(sent, in_plan, "the seed left the plan order as it was");
    }
}

#[test]
fn deliveries_only_one_side_has_are_new_or_missing() {
    let app = App::start();
    let f = Fixtures::new(&["/a", "/b", "/c"]);
    for p in ["/a", "/b", "/c"] {
        app.answer(p, Answer::new(200, "ok"));
    }
    let saved = f.file("saved.jsonl");
    save_responses(&[f.arg("/a"), f.arg("/b")], &app, &saved, &["--repeat", "2"]);
    let saved = saved.to_string_lossy().into_owned();
    let args = [f.arg("/b"), f.arg("/c")];

    let run = replay_app(&args, &app, &["--compare", &saved]);
    run.expect_code(1);
    for want in [
        format!("#2 {} new: not in {saved}\n", args[1]),
        format!("{} missing: in {saved} (line 1), not sent this run\n", f.arg("/a")),
        format!(
            "{} (2nd) missing: in {saved} (line 3), not sent this run\n",
            f.arg("/a")
        ),
        format!(
            "{} (2nd) missing: in {saved} (line 4), not sent this run\n",
            f.arg("/b")
        ),
        format!("4 of 5 responses differ from {saved}\n"),
    ] {
        assert!(run.stdout.contains(&want), "no {want:?} in\n{}", run.stdout);
    }

    let run = replay_app(&args, &app, &["--compare", &saved, "--json"]);
    run.expect_code(1);
    let kinds: Vec<(Value, Value, Value)> = run
        .differences()
        .iter()
        .map(|d| (d["kind"].clone(), d["delivery"].clone(), d["line"].clone()))
        .collect();
    let want = [("new", json!(2), json!(null)), ("missing", json!(null), json!(1))]
        .into_iter()
        .chain([("missing", json!(null), json!(3)), ("missing", json!(null), json!(4))])
        .map(|(k, d, l)| (json!(k), d, l))
        .collect::<Vec<_>>();
    assert_eq!(kinds, want, "{run:?}");
    expect_fields(&run.summary(), json!({"differ": 4, "compared": 5, "failed": 0}));
}
