//! What `hook tunnel` shows for each request, through the real binaries: the
//! line `hook listen` would print, with provider, event, a signature
//! verdict made with `--secret`, a flag on a repeated delivery id, and the
//! app's status and latency.

mod tunnel_support;

use hmac::{Hmac, Mac};
use tunnel_support::*;

const TOKEN: &str = "screen-token-5e1a";
const SECRET: &str = "screen-secret";

/// GitHub's headers for `body` signed with `secret`.
fn github(secret: &str, body: &[u8]) -> Headers {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    vec![
        ("X-GitHub-Event".into(), b"push".to_vec()),
        ("X-GitHub-Delivery".into(), b"d-1".to_vec()),
        ("X-Hub-Signature-256".into(), signature.into_bytes()),
        ("Content-Type".into(), b"application/json".to_vec()),
    ]
}

#[test]
fn each_request_is_shown_with_provider_event_and_verdict() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("screen"), &app.url, &["--secret", SECRET]);
    let body = br#"{"ref":"refs/heads/main"}"#;
    let good = rt.block_on(send(
        relay.addr,
        "POST",
        "/screen/hook?a=1",
        &github(SECRET, body),
        body,
    ));
    let bad = rt.block_on(send(
        relay.addr,
        "POST",
        "/screen/hook",
        &github("not-the-secret", body),
        body,
    ));
    assert_eq!(
        (good.status, bad.status),
        (status_for(&sha(body)), status_for(&sha(body)))
    );

    let first = tunnel.expect("request", WAIT);
    assert_eq!(first["method"], "POST", "{first}");
    assert_eq!(first["path"], "/hook", "{first}");
    assert_eq!(first["query"], "a=1", "{first}");
    assert_eq!(first["provider"], "github", "{first}");
    assert_eq!(first["event"], "push", "{first}");
    assert_eq!(first["delivery_id"], "d-1", "{first}");
    assert_eq!(first["verdict"], "valid", "{first}");
    assert_eq!(first["status"], status_for(&sha(body)), "{first}");
    assert_eq!(first["forward"]["status"], status_for(&sha(body)), "{first}");
    assert!(
        first["forward"]["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "{first}"
    );
    assert_eq!(first["body_sha256"], hex::encode(sha(body)), "{first}");

    assert_eq!(first["duplicate"], false, "{first}");
    let second = tunnel.expect("request", WAIT);
    assert_eq!(second["verdict"], "invalid", "{second}");
    // The same GitHub delivery id again: a retry, flagged as `hook listen` does.
    assert_eq!(second["duplicate"], true, "{second}");
    assert!(
        second["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "an invalid signature says why: {second}"
    );
    assert!(second["seq"].as_u64() > first["seq"].as_u64(), "{first} then {second}");
    // The secret itself is never shown.
    assert!(!tunnel.output().contains(SECRET), "{}", tunnel.output());
}

#[test]
fn an_answer_later_than_the_relays_timeout_is_shown_as_the_504_the_sender_got() {
    let rt = rt();
    let app = App::start(&rt);
    // The app takes 2 s over /slow; the relay waits 1 s.
    let relay = Relay::start(&["--token", TOKEN, "--timeout", "1s"]);
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("late"), &app.url, &[]);
    let reply = rt.block_on(post(relay.addr, "/late/slow", b"{}"));
    assert_eq!(reply.status, 504, "{}", String::from_utf8_lossy(&reply.body));
    let line = tunnel.expect("request", WAIT);
    assert_eq!(line["status"], 504, "{line}");
    assert_eq!(
        line["forward"]["status"],
        status_for(&sha(b"{}")),
        "the app's own answer: {line}"
    );
    let note = line["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("--timeout of 1s") && note.contains("answered 504"),
        "{line}"
    );
}

#[test]
fn verbose_adds_the_signature_workings_and_the_apps_headers() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (tunnel, _) = tunnel(
        &relay.url,
        TOKEN,
        Some("verbose"),
        &app.url,
        &["--secret", SECRET, "-v"],
    );
    let body = br#"{"ref":"refs/heads/dev"}"#;
    let sent = github("not-the-secret", body);
    rt.block_on(send(relay.addr, "POST", "/verbose/hook", &sent, body));
    let line = tunnel.expect("request", WAIT);
    assert_eq!(line["verdict"], "invalid", "{line}");
    let mac = |secret: &str| {
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    };
    let w = &line["workings"];
    assert_eq!(w["received"][0], mac("not-the-secret"), "{line}");
    assert_eq!(w["expected"][0]["signature"], mac(SECRET), "{line}");
    let headers = line["forward"]["headers"].as_array().cloned().unwrap_or_default();
    let app_sha = serde_json::json!(["x-app-sha", hex::encode(sha(body))]);
    assert!(headers.contains(&app_sha), "the app's headers: {line}");
    assert!(!tunnel.output().contains(SECRET), "{}", tunnel.output());
}
