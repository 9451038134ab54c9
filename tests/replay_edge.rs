//! `hook replay` at the edges: rates too high to pace, the pace after the
//! last delivery, apps that close keep-alive connections, fixtures and flags
//! that would put bad bytes on the wire.

mod replay_support;

use replay_support::*;
use std::io::Write;

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

/// `hook replay github/ping --to URL --secret WHSEC EXTRA`.
fn ping(url: &str, extra: &[&str]) -> Run {
    run(&[&["replay", "github/ping", "--to", url, "--secret", WHSEC][..], extra].concat())
}

#[test]
fn a_rate_too_high_to_pace_is_a_usage_error_and_sends_nothing() {
    let listener = Listener::with_secret(WHSEC, &[]);
    for rate in ["4000000000/s", "inf"] {
        let run = ping(&listener.url, &["--rate", rate]);
        usage_error(&run, &["--rate", "too high", "at most 1000000000 per second"]);
        assert!(run.stdout.is_empty(), "a summary was printed: {run:?}");
    }
    listener.assert_nothing_received();
}

#[test]
fn a_rated_run_waits_between_deliveries_not_after_the_last() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // One delivery at 1/m: the next would wait a minute, but there is none.
    let one = ping(&listener.url, &["--rate", "1/m", "-q"]);
    one.expect_code(0);
    assert!(one.elapsed < WAIT, "one delivery at 1/m took {:?}", one.elapsed);
    listener.request();
    // Three deliveries sent twice at 20/s: six starts, five waits of 50 ms
    // between them, the copies paced like the rest.
    let six = ping(
        &listener.url,
        &["--rate", "20/s", "--repeat", "3", "--duplicate", "--json"],
    );
    six.expect_code(0);
    assert_eq!(six.summary()["attempts"], 6, "{six:?}");
    let elapsed = six.summary()["elapsed_ms"].as_f64().expect("elapsed_ms");
    assert!(elapsed >= 240.0, "six starts at 20/s took only {elapsed} ms");
    assert!(six.elapsed < WAIT, "{:?}", six.elapsed);
    assert_eq!(listener.requests(6).len(), 6);
}

/// An app that answers each connection once, with a length and no
/// `Connection: close`, then closes it: legal HTTP/1.1 that catches a client
/// reusing a pooled connection the app has closed. Counts whole requests and
/// keeps each `X-GitHub-Delivery`; stops at the first connection after `stop`.
struct OneShotApp {
    url: String,
    addr: std::net::SocketAddr,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl OneShotApp {
    fn start() -> OneShotApp {
        use std::sync::atomic::{AtomicBool, Ordering};
        let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = socket.local_addr().expect("addr");
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut ids = Vec::new();
            for conn in socket.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut conn) = conn else { continue };
                if let Some(id) = one_request(&mut conn) {
                    ids.push(id);
                    let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                }
            }
            ids
        });
        OneShotApp {
            url: format!("http://{addr}"),
            addr,
            stop,
            thread: Some(thread),
        }
    }

    /// Stop accepting (one last connection wakes the accept) and return the delivery ids seen.
    fn finish(mut self) -> Vec<String> {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
        self.thread.take().expect("running").join().expect("app thread")
    }
}

/// Read one whole request; its delivery id, or `None` when the connection
/// ends before a whole request.
fn one_request(conn: &mut std::net::TcpStream) -> Option<String> {
    head_field(&read_request(conn)?, "x-github-delivery")
}

#[test]
fn an_app_closing_each_connection_after_answering_gets_every_delivery_once() {
    let app = OneShotApp::start();
    let run = run(&[
        "replay",
        "github/push",
        "--repeat",
        "200",
        "-c",
        "4",
        "--to",
        &app.url,
        "--secret",
        WHSEC,
        "--json",
    ]);
    let ids = app.finish();
    run.expect_code(0);
    let summary = run.summary();
    assert_eq!(summary["ok"], 200, "{summary}");
    assert_eq!(summary["attempts"], 200, "{summary}");
    assert_eq!(ids.len(), 200, "the app saw {} requests", ids.len());
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 200, "a delivery reached the app twice");
}

#[test]
fn a_fixture_with_an_unknown_provider_is_refused_before_anything_is_sent() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = |name: &str, provider: &str| {
        let path = dir.path().join(name);
        let text = format!(r#"{{"provider":"{provider}","event":"invoice.paid","body":{{"id":"evt_1"}}}}"#);
        std::fs::write(&path, text).expect("write fixture");
        path.to_string_lossy().into_owned()
    };
    let typo = fixture("typo.json", "stipe");
    let refused = run(&["replay", &typo, "--to", &listener.url, "--secret", WHSEC]);
    usage_error(&refused, &[&typo, "unknown provider \"stipe\""]);
    assert!(refused.stderr.contains("hint: did you mean stripe?"), "{refused:?}");
    listener.assert_nothing_received();
    // Names match in any case, as --provider's do: this one is signed as Stripe.
    let cased = fixture("cased.json", "Stripe");
    run(&["replay", &cased, "--to", &listener.url, "--secret", WHSEC]).expect_code(0);
    let request = listener.request();
    assert_eq!(
        (request["provider"].as_str(), request["verdict"].as_str()),
        (Some("stripe"), Some("valid"))
    );
}

/// One replay for fixtures of several providers takes each one's secret: a
/// secret the Standard Webhooks fixture cannot use is skipped, with a note;
/// none it can use is an error before anything is sent.
#[test]
fn a_secret_a_fixture_cannot_use_is_skipped() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let args = ["replay", "standard/invoice.paid", "--to", &listener.url];
    let mixed = run(&[&args[..], &["--secret", "k3y", "--secret", WHSEC]].concat());
    mixed.expect_code(0);
    let request = listener.request();
    assert_eq!(
        (request["provider"].as_str(), request["verdict"].as_str()),
        (Some("standard"), Some("valid"))
    );
    // Said before sending, once, on stderr.
    let said = "hook: note: secret #1 was not used: it cannot be used for standard";
    assert_eq!(mixed.stderr.matches(said).count(), 1, "{mixed:?}");
    // With no secret it can use, the run stops before sending: exit 2, the fixture named.
    let none = run(&[&args[..], &["--secret", "k3y"]].concat());
    usage_error(&none, &["standard/invoice.paid is a standard delivery"]);
    listener.assert_nothing_received();
}

#[test]
fn sign_refuses_an_event_or_id_that_would_inject_a_header() {
    for (flag, value) in [("--event", "push\r\nX-Injected: 1"), ("--id", "d1\nX-Injected: 1")] {
        let args = ["sign", "-p", "github", "--secret", "s3cret", flag, value];
        let run = run_with(&args, Some(b"{}"));
        usage_error(&run, &[flag, "line break"]);
        assert!(!run.stdout.contains("X-Injected"), "{run:?}");
    }
    let hmac = ["sign", "-p", "hmac", "--header", "X Sig", "--secret", "s3cret"];
    usage_error(&run_with(&hmac, Some(b"{}")), &["--header", "a space at character 2"]);
}

#[test]
fn fixture_and_flag_headers_that_would_break_the_request_are_refused_unsent() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = |name: &str, header: [&str; 2]| {
        let path = dir.path().join(name);
        let value =
            serde_json::json!({"provider": "github", "headers": [["X-GitHub-Event", "push"], header], "body": {}});
        std::fs::write(&path, value.to_string()).expect("write fixture");
        path.to_string_lossy().into_owned()
    };
    let crlf = fixture("crlf.json", ["X-A", "line\r\nInjected: 1"]);
    let space = fixture("space.json", ["X A", "1"]);
    for (file, needle) in [
        (&crlf, "header #2 \"X-A\" has a line break"),
        (&space, "header #2 \"X A\" is not"),
    ] {
        for mode in [&["--dry-run"][..], &["--to", &listener.url]] {
            let run = run(&[&["replay", file.as_str(), "--secret", WHSEC][..], mode].concat());
            usage_error(&run, &[file, needle]);
            assert!(!run.stdout.contains("Injected"), "{run:?}");
        }
    }
    for header in ["X-A: line\r\nInjected: 1", "X A: 1"] {
        let run = ping(&listener.url, &["-H", header]);
        usage_error(&run, &["-H #1"]);
    }
    listener.assert_nothing_received();
}

#[test]
fn an_answer_too_large_to_read_fails_the_delivery_without_reading_it() {
    // A receiver that says it will send a gigabyte: refused at its head.
    let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", socket.local_addr().expect("addr"));
    let app = std::thread::spawn(move || {
        let (mut conn, _) = socket.accept().expect("accept");
        let _ = read_request(&mut conn);
        let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n");
    });
    let run = ping(&url, &["--show-response", "--json"]);
    run.expect_code(1);
    let attempts = run.attempts();
    assert_eq!(attempts.len(), 1, "{run:?}");
    let error = attempts[0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("over 16 MiB"), "{error}");
    assert_eq!(attempts[0]["failure"], "too_large");
    app.join().expect("app thread");
}

/// `--unsigned` needs no secret, for every built-in fixture: the schemes
/// that sign with a key (Discord, SendGrid) get a placeholder they can use.
#[test]
fn every_builtin_fixture_goes_unsigned_without_a_secret() {
    let listed = run(&["fixtures", "--json"]);
    listed.expect_code(0);
    let names: Vec<String> = listed
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["name"].as_str().map(String::from))
        .collect();
    assert!(names.len() > 20, "{}", listed.stdout);
    let args: Vec<&str> = ["replay", "--unsigned", "--dry-run"]
        .into_iter()
        .chain(names.iter().map(String::as_str))
        .collect();
    let out = run(&args);
    out.expect_code(0);
    for signature in [
        "X-Signature-Ed25519",
        "X-Twilio-Email-Event-Webhook-Signature",
        "X-Hub-Signature-256",
    ] {
        assert!(!out.stdout.contains(signature), "{signature} sent unsigned: {out:?}");
    }
}
