//! `hook fixtures` and the built-in fixtures: every one is listed, resolves by
//! name and by provider/event, and arrives at a real `hook listen` with a valid
//! signature; bad fixture files and names are clear errors (exit 2).

mod replay_support;

use replay_support::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every built-in fixture, as `hook fixtures --json` lists them.
fn builtins() -> Vec<Value> {
    let run = run(&["fixtures", "--json"]);
    run.expect_code(0);
    let rows = run.json_lines();
    for row in &rows {
        assert_eq!(row["type"], "fixture", "{row}");
        for key in ["name", "provider", "event"] {
            assert!(row[key].as_str().is_some_and(|s| !s.is_empty()), "{key} missing: {row}");
        }
    }
    rows
}

#[test]
fn fixtures_lists_the_built_ins() {
    let run = run(&["fixtures"]);
    run.expect_code(0);
    let names: Vec<&str> = run.stdout.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert!(names.len() >= 24, "only {} fixtures:\n{}", names.len(), run.stdout);
    for want in [
        "github/push",
        "stripe/payment_intent.succeeded",
        "slack/slash_command",
        "twilio/incoming_sms",
    ] {
        assert!(names.contains(&want), "{want} not listed:\n{}", run.stdout);
    }
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("github/push "))
        .expect("github/push line");
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["github/push", "github", "push"]
    );
}

#[test]
fn fixtures_json_is_one_object_per_line_matching_the_text_list() {
    let rows = builtins();
    let text = run(&["fixtures"]);
    assert_eq!(rows.len(), text.stdout.lines().count(), "json and text lists differ");
    let names: BTreeSet<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names.len(), rows.len(), "duplicate names");
    for row in &rows {
        let name = row["name"].as_str().unwrap_or_default();
        let provider = row["provider"].as_str().unwrap_or_default();
        assert!(name.starts_with(&format!("{provider}/")), "{row}");
    }
    let push = rows.iter().find(|r| r["name"] == "github/push").expect("github/push");
    assert_eq!((&push["provider"], &push["event"]), (&"github".into(), &"push".into()));
}

/// Replay `names` with `secret` to a listener verifying with `verify_with`;
/// every one must arrive valid, as its provider and with the event its
/// fixture lists (`hook fixtures` and `hook listen` name events alike), at its
/// fixture's position.
fn replay_all_valid(names: &[String], providers: &[String], events: &[String], secret: &str, verify_with: &str) {
    let listener = Listener::with_secret(verify_with, &[]);
    let mut args = vec!["replay"];
    args.extend(names.iter().map(String::as_str));
    args.extend(["--to", &listener.url, "--secret", secret, "--json"]);
    let run = run(&args);
    run.expect_code(0);
    assert_eq!(run.summary()["ok"], names.len(), "{run:?}");
    for (i, request) in listener.requests(names.len()).iter().enumerate() {
        assert_eq!(
            request["verdict"], "valid",
            "{} arrived {}: {request}",
            names[i], request["verdict"]
        );
        assert_eq!(request["provider"], providers[i].as_str(), "{}: {request}", names[i]);
        assert_eq!(request["event"], events[i].as_str(), "{}: {request}", names[i]);
        assert_eq!(request["status"], 200, "{}: {request}", names[i]);
    }
}

#[test]
fn every_built_in_fixture_arrives_with_a_valid_signature() {
    let rows = builtins();
    let (discord, rest): (Vec<&Value>, Vec<&Value>) = rows.iter().partition(|r| r["provider"] == "discord");
    let (sendgrid, hmac): (Vec<&Value>, Vec<&Value>) = rest.into_iter().partition(|r| r["provider"] == "sendgrid");
    let field = |rows: &[&Value], key: &str| -> Vec<String> {
        rows.iter()
            .map(|r| r[key].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(hmac.len() >= 23 && !discord.is_empty(), "{rows:?}");
    let all = |rows: &[&Value]| (field(rows, "name"), field(rows, "provider"), field(rows, "event"));
    let (names, providers, events) = all(&hmac);
    replay_all_valid(&names, &providers, &events, WHSEC, WHSEC);
    // Discord signs with an Ed25519 seed; the receiver verifies with the public key.
    let (names, providers, events) = all(&discord);
    replay_all_valid(&names, &providers, &events, ED25519_SEED, ED25519_PUBLIC);
    // SendGrid signs with an ECDSA P-256 private key; the receiver verifies with the public key.
    assert!(!sendgrid.is_empty(), "{rows:?}");
    let (names, providers, events) = all(&sendgrid);
    replay_all_valid(&names, &providers, &events, P256_PRIVATE, P256_PUBLIC);
}

#[test]
fn built_ins_resolve_by_provider_and_event() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = run(&[
        "replay",
        "shopify/orders/create",
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
        "--json",
    ]);
    run.expect_code(0);
    let attempt = &run.attempts()[0];
    assert_eq!(
        (&attempt["provider"], &attempt["event"]),
        (&"shopify".into(), &"orders/create".into())
    );
    let request = listener.request();
    assert_eq!(request["event"], "orders/create", "{request}");
    assert_eq!(header(&request, "x-shopify-topic"), Some("orders/create"), "{request}");
    assert_eq!(request["verdict"], "valid", "{request}");
}

#[test]
fn a_fixture_with_a_json_syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{\n  \"provider\": \"github\",\n  \"body\": {\"a\": 1,}\n}\n").expect("write");
    let file = file.to_string_lossy().into_owned();
    let run = run(&["replay", &file, "--to", &refused_url(), "--secret", WHSEC]);
    run.expect_code(2);
    assert!(run.stderr.starts_with("hook: error: "), "{run:?}");
    assert!(
        run.stderr.contains(&format!("{file}:3:")),
        "no file:line:column in {run:?}"
    );
    let position = run.stderr.split(&format!("{file}:3:")).nth(1).unwrap_or_default();
    assert!(position.starts_with(|c: char| c.is_ascii_digit()), "no column: {run:?}");
    assert!(run.stderr.contains("hint: "), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
}

#[test]
fn a_fixture_with_two_body_fields_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("two.json");
    let text = r#"{"provider":"github","event":"ping","body":{"a":1},"body_text":"a=1"}"#;
    std::fs::write(&file, text).expect("write");
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = run(&[
        "replay",
        &file.to_string_lossy(),
        "--to",
        &listener.url,
        "--secret",
        WHSEC,
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("two.json"), "{run:?}");
    assert!(run.stderr.contains("more than one of body"), "{run:?}");
    listener.assert_nothing_received();
}

#[test]
fn an_unknown_fixture_name_is_an_error_pointing_at_hook_fixtures() {
    let run = run(&[
        "replay",
        "stripe/no_such_event",
        "--to",
        &refused_url(),
        "--secret",
        WHSEC,
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("stripe/no_such_event"), "{run:?}");
    let hint = run.stderr.lines().find(|l| l.starts_with("hint: ")).unwrap_or_default();
    assert!(hint.contains("hook fixtures"), "{run:?}");
    // Named first even when the secret is missing too.
    let run = replay_support::run(&["replay", "stripe/no_such_event", "--to", &refused_url()]);
    run.expect_code(2);
    assert!(run.stderr.contains("stripe/no_such_event"), "{run:?}");
    assert!(!run.stderr.contains("no secret"), "{run:?}");
}

#[test]
fn a_fixture_with_a_misspelt_field_is_an_error_not_an_empty_body() {
    // "bdy" for "body" would otherwise send an empty body, signed and "delivered".
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("typo.json");
    std::fs::write(&file, "{\n  \"provider\": \"github\",\n  \"bdy\": {\"a\": 1}\n}\n").expect("write");
    let file = file.to_string_lossy().into_owned();
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = run(&["replay", &file, "--to", &listener.url, "--secret", WHSEC]);
    run.expect_code(2);
    assert!(run.stderr.starts_with(&format!("hook: error: {file}:3:")), "{run:?}");
    assert!(run.stderr.contains("unknown field `bdy`"), "{run:?}");
    assert!(run.stderr.contains("hint: "), "{run:?}");
    listener.assert_nothing_received();
}

#[test]
fn stdin_named_twice_is_an_error_not_an_empty_second_fixture() {
    let fixture = br#"{"provider":"github","event":"ping","body":{}}"#;
    let run = run_with(
        &["replay", "-", "-", "--to", &refused_url(), "--secret", WHSEC],
        Some(fixture),
    );
    run.expect_code(2);
    assert!(
        run.stderr.starts_with("hook: error: - (stdin) is named twice"),
        "{run:?}"
    );
    assert!(run.stderr.contains("hint: "), "{run:?}");
}

#[test]
fn a_fixture_that_is_a_json_array_is_an_error() {
    // serde alone would read `[provider, event, method, path, …]` by position.
    let array = br#" ["github","ping","POST","/x",[],{}]"#;
    let run = run_with(&["replay", "-", "--to", &refused_url(), "--secret", WHSEC], Some(array));
    run.expect_code(2);
    assert!(run.stderr.contains("is a JSON array, not a fixture"), "{run:?}");
    assert!(run.stderr.contains("hint: "), "{run:?}");
}

/// A fixture with no provider goes unsigned and needs no secret; a signed
/// one without a secret is refused before anything is sent, named.
#[test]
fn only_signed_fixtures_need_a_secret() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = dir.path().join("plain.json");
    std::fs::write(&plain, r#"{"path":"/hooks/own","body":{"id":1}}"#).expect("write fixture");
    let plain = plain.to_string_lossy().into_owned();
    run(&["replay", &plain, "--to", &listener.url]).expect_code(0);
    let request = listener.request();
    assert_eq!(request["path"], "/hooks/own", "{request}");
    let mixed = run(&["replay", &plain, "github/ping", "--to", &listener.url]);
    mixed.expect_code(2);
    assert!(
        mixed
            .stderr
            .contains("no secret given: github/ping is a github delivery")
            && mixed.stderr.contains("hint: "),
        "{mixed:?}"
    );
    listener.assert_nothing_received();
}
