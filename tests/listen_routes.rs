//! `hook listen -e/--events` and `--route`: each event to the app named for
//! it, the rest to `-f` or answered by hook, and events not asked for
//! answered, shown as one line, never forwarded nor saved; and where `-f`
//! sends a port given with a path.

mod listen_support;

use listen_support::app::App;
use listen_support::*;
use serde_json::json;
use std::time::Duration;

const GH: &str = "gh-secret-for-routes";
const WHSEC: &str = "whsec_cm91dGVzLXRlc3Qtc2VjcmV0LWJ5dGVz";

/// A signed GitHub request of `event` and its body; an `issues` or
/// `pull_request` one has the action `opened`, as GitHub sends them.
fn github(event: &str) -> (Headers, Vec<u8>) {
    let body = match event {
        "push" => br#"{"zen":"routes","ref":"refs/heads/main"}"#.to_vec(),
        _ => br#"{"zen":"routes","action":"opened"}"#.to_vec(),
    };
    (sign("github", GH, &body, &["--event", event]), body)
}

/// A signed Stripe event of `kind`.
fn stripe(kind: &str) -> (Headers, Vec<u8>) {
    let body = format!(r#"{{"id":"evt_{0}","object":"event","type":"{kind}"}}"#, kind.len()).into_bytes();
    (sign("stripe", WHSEC, &body, &[]), body)
}

#[test]
fn each_event_goes_to_the_first_route_that_names_it_and_the_rest_to_f() {
    let (stripe_app, gh_app, rest_app) = (
        App::start(Duration::ZERO),
        App::start(Duration::ZERO),
        App::start(Duration::ZERO),
    );
    let routes = [
        format!("stripe:*={}", stripe_app.port),
        format!("pull_request.*=http://127.0.0.1:{}/gh", gh_app.port),
    ];
    let rest = rest_app.port.to_string();
    let l = Listen::json(&["--route", &routes[0], "--route", &routes[1], "-f", &rest]);
    let want = json!([
        {"events": "stripe:*", "to": format!("http://127.0.0.1:{}/", stripe_app.port)},
        {"events": "pull_request.*", "to": format!("http://127.0.0.1:{}/gh", gh_app.port)},
    ]);
    assert_eq!(l.ready["routes"], want, "{}", l.ready);
    assert_eq!(l.ready["events"], json!([]));
    let http = Http::new();
    let sends = [
        (stripe("invoice.paid"), &stripe_app, "/hooks"),
        (github("pull_request"), &gh_app, "/gh/hooks"),
        (github("push"), &rest_app, "/hooks"),
        (stripe("charge.refunded"), &stripe_app, "/hooks"),
    ];
    for ((headers, body), app, path) in sends {
        let reply = http.post(&format!("{}/hooks", l.url), &headers, &body);
        assert_eq!(reply.status, 201, "the app's answer");
        let seen = app.next();
        assert_eq!((seen.target.as_str(), sha(&seen.body)), (path, sha(&body)));
        let line = l.request();
        let to = line["forward"]["url"].as_str().unwrap_or_default().to_string();
        assert!(to.starts_with(&format!("http://127.0.0.1:{}/", app.port)), "{line}");
        assert!(line.get("skipped").is_none(), "{line}");
    }
}

#[test]
fn events_not_asked_for_are_answered_by_hook_shown_as_skipped_and_not_saved() {
    let app = App::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().to_str().unwrap();
    let port = app.port.to_string();
    // Answer flags are allowed with -f once -e leaves requests for hook to answer.
    let args = ["-e", "push,invoice.*", "-f", &port, "--status", "202", "--save", save];
    let l = Listen::json(&args);
    assert_eq!(l.ready["events"], json!(["push", "invoice.*"]));
    let http = Http::new();
    let (headers, body) = github("issues");
    assert_eq!(http.post(&format!("{}/skip", l.url), &headers, &body).status, 202);
    let line = l.request();
    assert_eq!(
        pick(&line, &["skipped", "status", "forward", "saved"]),
        json!([true, 202, null, null])
    );
    let note = line["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("event issues.opened (github) is not in --events push,invoice.*"),
        "{note}"
    );
    // Forwarded as usual: and the app's first request is this one, not the skipped one.
    let (headers, body) = stripe("invoice.paid");
    assert_eq!(http.post(&format!("{}/take", l.url), &headers, &body).status, 201);
    assert_eq!(app.next().target, "/take");
    let line = l.request();
    assert_eq!(line["forward"]["status"], 201, "{line}");
    assert!(line["saved"].is_string(), "{line}");
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 1, "only the forwarded request is saved");
}

#[test]
fn without_f_unrouted_events_get_hooks_answer_with_a_note() {
    let app = App::start(Duration::ZERO);
    let route = format!("github:push={}", app.port);
    let l = Listen::json(&["--route", &route]);
    assert!(l.ready["forward_to"].is_null());
    let http = Http::new();
    let (headers, body) = stripe("invoice.paid");
    assert_eq!(http.post(&l.url, &headers, &body).status, 200);
    let line = l.request();
    assert_eq!(pick(&line, &["status", "forward"]), json!([200, null]));
    assert_eq!(
        line["note"],
        "no --route matches event invoice.paid (stripe); hook answered"
    );
    let (headers, body) = github("push");
    assert_eq!(http.post(&l.url, &headers, &body).status, 201);
    assert_eq!(app.next().target, "/");
}

#[test]
fn a_skipped_request_is_one_line_and_why_in_text_output() {
    let l = Listen::text(&["-e", "github:*"]);
    let http = Http::new();
    let (headers, body) = stripe("invoice.paid");
    assert_eq!(http.post(&format!("{}/first", l.url), &headers, &body).status, 200);
    let (headers, body) = github("push");
    assert_eq!(http.post(&format!("{}/second", l.url), &headers, &body).status, 200);
    let first = l.until(|line| line.contains("/first"));
    assert!(
        first.last().is_some_and(|s| s.contains("stripe invoice.paid")),
        "{first:#?}"
    );
    let between = l.until(|line| line.contains("/second"));
    assert_eq!(
        between.len(),
        2,
        "the skipped line, then the next request: {between:#?}"
    );
    let why = &between[0];
    assert!(
        why.trim_start()
            .starts_with("skipped event invoice.paid (stripe) is not in --events github:*"),
        "the label once, then why: {why}"
    );
    let after = l.until(|line| line.contains("\"zen\""));
    assert!(
        after.iter().any(|s| s.contains("x-github-event: push")),
        "shown in full: {after:#?}"
    );
}

#[test]
fn bad_routes_and_events_are_refused_before_listening() {
    let cases: [(&[&str], &str); 5] = [
        (&["--route", "invoice.*"], "no '=' between the events and the app"),
        (
            &["--route", "push=nowhere"],
            "--route \"nowhere\" is neither a port nor a URL",
        ),
        (&["-e", "push,"], "--events has an empty event pattern"),
        (
            &["-f", "3000", "--status", "202"],
            "with --forward-to your app answers every request",
        ),
        (&["--route", "push=localhost:1", "-p", "1"], "is this listener itself"),
    ];
    for (args, want) in cases {
        let (code, out, err) = run_to_exit(&[&["listen", "--json"], args].concat());
        assert_eq!(code, Some(2), "{args:?}: {out}{err}");
        assert!(err.contains(want) && err.contains("hint:"), "{args:?}: {err}");
    }
}

/// `-f 3000/hooks` and `-f :3000/hooks` are a port on this machine and a
/// path: not the IPv4 address 0.0.11.184, as a URL parser reads `3000`.
#[test]
fn a_port_with_a_path_forwards_to_this_machine() {
    let app = App::start(Duration::ZERO);
    for given in [format!("{}/hooks", app.port), format!(":{}/hooks", app.port)] {
        let l = Listen::json(&["-f", &given]);
        assert_eq!(
            l.ready["forward_to"],
            format!("http://127.0.0.1:{}/hooks", app.port),
            "{given}"
        );
        assert_eq!(Http::new().post(&format!("{}/stripe", l.url), &[], b"{}").status, 201);
        assert_eq!(app.next().target, "/hooks/stripe", "{given}");
    }
}
