//! `hook replay` sending: captured fixtures, directories, stdin, fresh ids,
//! `--set`/`--unset`/`-H` edits, `--dry-run`, `--json`, and usage errors —
//! always against a real `hook listen --json`.

mod replay_support;

use replay_support::*;
use serde_json::{json, Value};

const STRIPE_FIXTURE_ID: &str = "evt_1QHy0fL2eZvjx9KqF3g4H5i6";

/// `hook replay ARGS --to URL --secret WHSEC`, expecting exit `code`.
fn replay(args: &[&str], to: &str, code: i32) -> Run {
    let run = run(&[&["replay"], args, &["--to", to, "--secret", WHSEC]].concat());
    run.expect_code(code);
    run
}

/// Sign `body` as GitHub with `hook sign` and POST it to `url` at `target`.
fn post_signed(url: &str, target: &str, body: &[u8], dir: &std::path::Path) {
    let file = dir.join("body.bin");
    std::fs::write(&file, body).expect("write body");
    let sign = run(&[
        "sign",
        "-p",
        "github",
        "--secret",
        WHSEC,
        "--event",
        "push",
        &file.to_string_lossy(),
    ]);
    sign.expect_code(0);
    assert_eq!(post(url, target, &header_lines(&sign.stdout), body), 200);
}

#[test]
fn fixtures_saved_by_listen_replay_valid_with_the_same_path_query_and_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("saved");
    let capture = Listener::with_secret(WHSEC, &["--save", &saved.to_string_lossy()]);
    post_signed(
        &capture.url,
        "/hooks/gh?x=1&y=two",
        b"{\"zen\": \"Keep it.\",\n \"n\": 1}",
        dir.path(),
    );
    post_signed(&capture.url, "/bin", &[0xff, 0x00, 0x9f, b'{', b'\n'], dir.path());
    let captured = capture.requests(2);
    for c in &captured {
        expect_fields(c, json!({"verdict": "valid", "provider": "github"}));
        assert!(c["saved"].is_string(), "not saved: {c}");
    }

    let receiver = Listener::with_secret(WHSEC, &[]);
    let saved = saved.to_string_lossy();
    replay(&[&saved], &receiver.url, 0);
    let got = receiver.requests(2);
    assert_eq!(paths(&got), ["/hooks/gh?x=1&y=two", "/bin"]);
    for (g, c) in got.iter().zip(&captured) {
        expect_fields(g, json!({"verdict": "valid", "provider": "github", "event": "push"}));
        assert_eq!(g["body_sha256"], c["body_sha256"], "body bytes changed: {g}");
        assert_ne!(g["delivery_id"], c["delivery_id"], "a replay is a fresh delivery");
    }

    replay(&[&saved, "--keep-ids"], &receiver.url, 0);
    for (k, c) in receiver.requests(2).iter().zip(&captured) {
        expect_fields(k, json!({"verdict": "valid", "delivery_id": c["delivery_id"]}));
    }
}

#[test]
fn a_directory_is_sent_in_file_name_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, path) in [("c.json", "/c"), ("a.json", "/a"), ("b.json", "/b")] {
        write_fixture(dir.path(), file, "github", "push", path, json!({"file": file}));
    }
    std::fs::write(dir.path().join("notes.txt"), "not a fixture").expect("write");
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay(&[&dir.path().to_string_lossy(), "--json"], &listener.url, 0);
    assert_eq!(run.summary()["deliveries"], 3, "{run:?}");
    let requests = listener.requests(3);
    assert_eq!(paths(&requests), ["/a", "/b", "/c"]);
    assert!(requests.iter().all(|r| r["verdict"] == "valid"), "{requests:?}");
}

#[test]
fn dash_reads_a_fixture_from_stdin() {
    let fixture = json!({"provider": "github", "event": "push", "path": "/from-stdin?via=pipe",
        "headers": [["X-GitHub-Event", "push"]], "body": {"ref": "refs/heads/main"}});
    let listener = Listener::with_secret(WHSEC, &[]);
    let args = ["replay", "-", "--to", &listener.url, "--secret", WHSEC];
    run_with(&args, Some(fixture.to_string().as_bytes())).expect_code(0);
    let got = listener.request();
    assert_eq!(paths(std::slice::from_ref(&got)), ["/from-stdin?via=pipe"]);
    assert_eq!(body_json(&got), fixture["body"]);
    assert_eq!(got["verdict"], "valid", "{got}");
}

#[test]
fn every_replay_gets_fresh_ids_and_times_unless_keep_ids() {
    let listener = Listener::with_secret(WHSEC, &[]);
    replay(&words("stripe/invoice.paid stripe/invoice.paid"), &listener.url, 0);
    let bodies: Vec<Value> = listener.requests(2).iter().map(body_json).collect();
    let ids: Vec<&str> = bodies.iter().map(|b| b["id"].as_str().unwrap_or_default()).collect();
    let fresh = |id: &&str| id.starts_with("evt_") && *id != STRIPE_FIXTURE_ID;
    assert!(ids.iter().all(fresh), "{ids:?}");
    assert_ne!(ids[0], ids[1], "two deliveries share an id");
    for body in &bodies {
        let created = body["created"].as_i64().expect("created");
        assert!((created - now_unix()).abs() < 120, "created {created} is not now");
    }

    replay(&words("stripe/invoice.paid --keep-ids"), &listener.url, 0);
    let kept = listener.request();
    assert_eq!(body_json(&kept)["id"], STRIPE_FIXTURE_ID, "{kept}");
    expect_fields(&kept, json!({"delivery_id": STRIPE_FIXTURE_ID, "verdict": "valid"}));
}

#[test]
fn set_unset_and_headers_change_what_arrives_and_stay_signed() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let mut edits = words("stripe/invoice.paid --set data.object.amount_paid=123 --unset data.object.customer_email");
    edits.extend(["--set", "/data/object/currency=\"eur\"", "-H", "X-Extra: 1"]);
    replay(&edits, &listener.url, 0);
    let got = listener.request();
    assert_eq!(got["verdict"], "valid", "signature not over the edited bytes: {got}");
    let object = &body_json(&got)["data"]["object"];
    expect_fields(
        object,
        json!({"amount_paid": 123, "currency": "eur", "customer_name": "Ada Lovelace"}),
    );
    assert!(object.get("customer_email").is_none(), "--unset left it: {object}");
    assert_eq!(header(&got, "x-extra"), Some("1"), "{got}");
}

#[test]
fn set_on_a_missing_path_is_an_error_naming_the_closest_path_and_sends_nothing() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let run = replay(
        &words("stripe/invoice.paid --set data.objet.amount_paid=0"),
        &listener.url,
        2,
    );
    assert!(run.stderr.contains("hook: error: "), "{run:?}");
    assert!(run.stderr.contains("data.objet.amount_paid"), "{run:?}");
    let hint = run.stderr.lines().find(|l| l.starts_with("hint: ")).unwrap_or_default();
    assert!(hint.contains("did you mean") && hint.contains("data.object"), "{run:?}");
    let unset = replay(
        &words("stripe/invoice.paid --unset data.object.amount_payed"),
        &listener.url,
        2,
    );
    assert!(
        unset.stderr.contains("did you mean data.object.amount_paid"),
        "{unset:?}"
    );
    listener.assert_nothing_received();
}

#[test]
fn set_wins_over_fresh_ids() {
    let listener = Listener::with_secret(WHSEC, &[]);
    replay(
        &words("stripe/invoice.paid --set id=evt_mine --set created=5"),
        &listener.url,
        0,
    );
    let body = body_json(&listener.request());
    expect_fields(&body, json!({"id": "evt_mine", "created": 5}));
}

#[test]
fn dry_run_prints_a_verifiable_http_request_and_sends_nothing() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let dry = replay(
        &words("stripe/invoice.paid --dry-run"),
        &format!("{}/base", listener.url),
        0,
    );
    let (head, body) = dry.stdout.split_once("\r\n\r\n").expect("a blank line after the head");
    let (request_line, head) = head.split_once("\r\n").expect("a request line");
    assert_eq!(request_line, "POST /base/webhooks/stripe HTTP/1.1", "{}", dry.stdout);
    let headers = header_lines(&head.replace("\r\n", "\n"));
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Host"), listener.url.strip_prefix("http://"));
    assert!(
        get("Stripe-Signature").is_some_and(|s| s.starts_with("t=")),
        "{}",
        dry.stdout
    );
    let body = body.strip_suffix('\n').unwrap_or(body);
    assert_eq!(get("Content-Length"), Some(body.len().to_string().as_str()));
    assert_eq!(
        serde_json::from_str::<Value>(body).expect("body")["type"],
        "invoice.paid"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let (head_file, body_file) = (dir.path().join("head.txt"), dir.path().join("body.json"));
    std::fs::write(&head_file, head.replace("\r\n", "\n")).expect("write");
    std::fs::write(&body_file, body).expect("write");
    let (head_file, body_file) = (head_file.to_string_lossy(), body_file.to_string_lossy());
    let verify = run(&["verify", "--headers-file", &head_file, "--secret", WHSEC, &body_file]);
    assert_eq!(verify.code, 0, "dry-run signature does not verify: {verify:?}");
    listener.assert_nothing_received();
}

#[test]
fn dry_run_format_curl_prints_a_curl_command() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let out = replay(&words("github/push --dry-run --format curl"), &listener.url, 0).stdout;
    assert!(
        out.starts_with(&format!("curl -sS -X POST '{}/webhooks/github'", listener.url)),
        "{out}"
    );
    assert!(out.contains("-H 'X-GitHub-Event: push'"), "{out}");
    assert!(out.contains("-H 'X-Hub-Signature-256: sha256="), "{out}");
    assert!(out.contains("--data-binary '{"), "{out}");
    listener.assert_nothing_received();
}

#[test]
fn json_output_has_an_attempt_per_delivery_and_a_matching_summary() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let args = words("github/push stripe/invoice.paid slack/slash_command --json");
    let run = replay(&args, &listener.url, 0);
    let attempts = run.attempts();
    let requests = listener.requests(3);
    assert_eq!(attempts.len(), 3, "{run:?}");
    for (i, (a, r)) in attempts.iter().zip(&requests).enumerate() {
        let want = json!({"delivery": i + 1, "attempt": 1, "of": 1, "status": 200, "ok": true, "last": true,
            "error": null, "failure": null, "duplicate": false, "provider": r["provider"], "delivery_id": r["delivery_id"]});
        expect_fields(a, want);
        assert!(a["url"].as_str().is_some_and(|u| u.starts_with(&listener.url)), "{a}");
        assert!(a["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{a}");
    }
    let s = run.summary();
    let want =
        json!({"deliveries": 3, "attempts": 3, "ok": 3, "failed": 0, "expected": "2xx", "by_status": {"200": 3}});
    expect_fields(&s, want);
    for p in ["p50", "p90", "p99"] {
        assert!(s["latency_ms"][p].as_f64().is_some(), "{s}");
    }
    assert!(s["deliveries_per_second"].as_f64().is_some_and(|r| r > 0.0), "{s}");
}

#[test]
fn text_output_has_a_line_per_attempt_and_a_summary() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let out = replay(&["stripe/invoice.paid"], &listener.url, 0).stdout;
    let id = listener.request()["delivery_id"].as_str().expect("id").to_string();
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("#1 stripe invoice.paid {id} → 200 ")),
        "{out}"
    );
    assert!(out.contains("1 delivery, 1 attempt (1×200)"), "{out}");
    assert!(out.contains("every delivery got a 2xx"), "{out}");
}

#[test]
fn a_missing_to_is_a_usage_error() {
    let run = run(&["replay", "github/push", "--secret", WHSEC]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("hook: error: ") && run.stderr.contains("--to"),
        "{run:?}"
    );
    assert!(run.stderr.contains("hint: ") && run.stdout.is_empty(), "{run:?}");
}

#[test]
fn a_query_in_to_stays_the_query() {
    let listener = Listener::with_secret(WHSEC, &[]);
    replay(&["github/push"], &format!("{}/hook?token=abc", listener.url), 0);
    expect_fields(
        &listener.request(),
        json!({"path": "/hook/webhooks/github", "query": "token=abc"}),
    );
}

#[test]
fn dry_run_json_prints_json_or_refuses() {
    let run = run(&["replay", "github/ping", "--dry-run", "--json", "--secret", WHSEC]);
    if run.code != 2 {
        run.expect_code(0);
        for line in run.stdout.lines() {
            assert!(
                serde_json::from_str::<Value>(line).is_ok(),
                "--json printed a non-JSON line: {line:?}"
            );
        }
    }
}
