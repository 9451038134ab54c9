//! `hook listen -f … --retry`: a request the app fails is delivered to it
//! again on the schedule, as the provider would, each attempt shown; the
//! sender keeps the first answer, retries are never saved, and stopping
//! says how many deliveries still had retries to come.

mod listen_support;

use listen_support::*;
use std::net::TcpListener;

/// A signed GitHub delivery: its headers and body.
fn delivery() -> (Headers, &'static [u8]) {
    let body: &[u8] = br#"{"zen":"Retries are a provider's promise."}"#;
    (sign("github", "s3cret", body, &["--event", "ping"]), body)
}

#[test]
fn a_failed_delivery_is_sent_again_until_the_app_takes_it() {
    // The app: hook listen itself, failing each delivery id's first two attempts.
    let app = Listen::json(&["--fail-first", "2"]);
    let saved = tempfile::tempdir().unwrap();
    let save = saved.path().to_str().unwrap();
    let args = ["-f", &app.url, "--retry-schedule", "50ms,50ms,50ms", "--save", save];
    let mut front = Listen::json(&args);
    let (headers, body) = delivery();
    let reply = Http::new().post(&format!("{}/hooks", front.url), &headers, body);
    assert_eq!(reply.status, 500, "the sender keeps the app's first answer");

    let first = front.request();
    assert_eq!(pick(&first, &["status", "event"]), serde_json::json!([500, "ping"]));
    let note = first["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("delivers it again in 50ms") && note.contains("3 more tries"),
        "{first}"
    );
    let second = front.json_line();
    let third = front.json_line();
    for (line, attempt, status, next) in [(&second, 2, 500, Some(50)), (&third, 3, 200, None)] {
        assert_eq!(line["type"], "retry", "{line}");
        let want = serde_json::json!([first["seq"], attempt, 4, status, next, "ping"]);
        let got = pick(line, &["seq", "attempt", "attempts", "status", "next_in_ms", "event"]);
        assert_eq!(got, want, "{line}");
        assert_eq!(line["forward"]["status"], status, "{line}");
    }
    // The app saw the same delivery three times, byte for byte.
    let seen: Vec<_> = (0..3).map(|_| app.request()).collect();
    for line in &seen {
        assert_eq!(line["body_sha256"], sha(body), "{line}");
        assert_eq!(
            header_values(line, "X-GitHub-Delivery"),
            header_values(&first, "X-GitHub-Delivery")
        );
        assert_eq!(
            header_values(line, "X-Hub-Signature-256"),
            header_values(&first, "X-Hub-Signature-256")
        );
    }
    let statuses: Vec<_> = seen.iter().map(|l| l["status"].clone()).collect();
    assert_eq!(statuses, [500, 500, 200]);

    let (rest, code) = front.interrupt();
    assert_eq!(code, Some(0));
    let summary: serde_json::Value = serde_json::from_str(rest.last().expect("a summary")).unwrap();
    let want = serde_json::json!([1, {"500": 1}, 0]);
    assert_eq!(
        pick(&summary, &["requests", "by_status", "retries_not_sent"]),
        want,
        "{rest:?}"
    );
    let files = std::fs::read_dir(saved.path()).unwrap().count();
    assert_eq!(files, 1, "the request is saved once, its retries never");
}

#[test]
fn retries_end_with_the_schedule_and_stopping_names_those_not_sent() {
    // Nothing listens on this port: every attempt fails (502).
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let to = port.to_string();
    let front = Listen::json(&[
        "-f",
        &to,
        "--retry",
        "fixed",
        "--retry-base",
        "50ms",
        "--retry-max",
        "2",
    ]);
    let (headers, body) = delivery();
    assert_eq!(Http::new().post(&front.url, &headers, body).status, 502);
    assert_eq!(front.request()["status"], 502);
    let last = front.json_line();
    let last = if last["attempt"] == 2 { front.json_line() } else { last };
    let want = serde_json::json!(["retry", 3, 3, 502, null]);
    assert_eq!(
        pick(&last, &["type", "attempt", "attempts", "status", "next_in_ms"]),
        want
    );
    let error = last["forward"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("cannot connect"), "{last}");

    // A retry an hour away is not sent, and the summary says so.
    let mut waiting = Listen::text(&["-f", &to, "--retry-schedule", "1h"]);
    assert_eq!(Http::new().post(&waiting.url, &headers, body).status, 502);
    let shown = waiting.until(|l| l.contains("--retry"));
    assert!(shown.last().unwrap().contains("delivers it again in 1h"), "{shown:?}");
    let (rest, code) = waiting.interrupt();
    assert_eq!(code, Some(0));
    let text = rest.join("\n");
    assert!(
        text.contains("1 delivery to the app still had retries to come; they were not sent"),
        "{text}"
    );
}

#[test]
fn at_most_a_thousand_deliveries_wait_for_a_retry() {
    // An app that is down, and retries an hour away: each failed request waits.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut front = Listen::json(&["-f", &port.to_string(), "--retry-schedule", "1h"]);
    let http = Http::new();
    let notes: Vec<String> = (0..1001)
        .map(|i| {
            assert_eq!(
                http.post(&front.url, &[], format!("{{\"n\":{i}}}").as_bytes()).status,
                502
            );
            front.request()["note"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert!(
        notes[..1000].iter().all(|n| n.contains("delivers it again in 1h")),
        "{:?}",
        &notes[..2]
    );
    assert_eq!(
        notes[1000],
        "the app failed it, and it is not retried: 1000 deliveries already wait for a retry"
    );
    let (rest, _) = front.interrupt();
    let summary: serde_json::Value = serde_json::from_str(rest.last().expect("a summary")).unwrap();
    assert_eq!(summary["retries_not_sent"], 1000, "{summary}");
}

#[test]
fn retry_flags_need_an_app() {
    let (code, _, err) = run_to_exit(&["listen", "-p", "0", "--retry", "exponential"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("no app is given") && err.contains("hint: forward to it with -f"),
        "{err}"
    );
    let (code, _, err) = run_to_exit(&["listen", "-p", "0", "-f", "3000", "--retry-max", "2"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--retry"), "{err}");
}
