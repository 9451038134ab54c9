//! `hook listen`: how it answers — status/body/headers, deliberate failures,
//! provider handshakes, --reject-invalid, --quiet (--max-body, --save and
//! start-up errors: listen_limits.rs).

mod listen_support;

use listen_support::*;
use serde_json::{json, Value};

const SECRET: &str = "s3cret-for-tests";

#[test]
fn answers_with_the_configured_status_body_and_header() {
    let l = Listen::json(&[
        "--status",
        "202",
        "--response-body",
        "ok",
        "--response-header",
        "X-A: 1",
    ]);
    let reply = Http::new().post(&format!("{}/x", l.url), &[], b"{}");
    let want = (202, "ok".to_string(), Some("1"));
    assert_eq!((reply.status, reply.text(), reply.header("x-a")), want);
    let line = l.request();
    assert_eq!(pick(&line, &["status", "note"]), json!([202, null]));
    // hook's own answers carry a Date (RFC 9110), one only, the user's when given.
    let date = reply.header("date").expect("a Date header");
    let when = httpdate::parse_http_date(date).expect("an HTTP date");
    let off = when.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(off.abs_diff(now) < 120, "{date}");
    let given = "Tue, 01 Jan 2030 00:00:00 GMT";
    let l = Listen::json(&["--response-header", &format!("Date: {given}")]);
    let reply = Http::new().post(&format!("{}/x", l.url), &[], b"{}");
    let dates: Vec<_> = reply.headers.get_all("date").iter().collect();
    assert_eq!(dates, [given], "the user's Date, not a second one");
}

#[test]
fn fail_first_fails_each_delivery_n_times_then_succeeds() {
    let l = Listen::json(&["--fail-first", "2"]);
    let http = Http::new();
    let body = br#"{"zen":"x"}"#;
    let headers = sign("github", SECRET, body, &["--event", "ping", "--id", "retry-1"]);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let status = http.post(&l.url, &headers, body).status;
        let line = l.request();
        assert_eq!(line["status"], status, "{line}");
        seen.push(pick(&line, &["status", "delivery_id", "note"]));
    }
    let notes = [
        "--fail-first 2: attempt 1 of this delivery, answered 500",
        "--fail-first 2: attempt 2 of this delivery, answered 500",
    ];
    let want = json!([
        [500, "retry-1", notes[0]],
        [500, "retry-1", notes[1]],
        [200, "retry-1", null]
    ]);
    assert_eq!(Value::Array(seen), want);
    let other = sign("github", SECRET, body, &["--event", "ping", "--id", "retry-2"]);
    assert_eq!(
        http.post(&l.url, &other, body).status,
        500,
        "each delivery fails on its own"
    );
    assert_eq!(l.request()["note"], notes[0]);
}

#[test]
fn fail_rate_one_always_fails_and_zero_never_does() {
    let always = Listen::json(&["--fail-rate", "1"]);
    let never = Listen::json(&["--fail-rate", "0"]);
    let http = Http::new();
    for i in 0..4 {
        let body = format!("{{\"n\":{i}}}");
        assert_eq!(http.post(&always.url, &[], body.as_bytes()).status, 500);
        let line = always.request();
        assert!(
            line["note"].as_str().is_some_and(|n| n.contains("--fail-rate")),
            "{line}"
        );
        assert_eq!(http.post(&never.url, &[], body.as_bytes()).status, 200);
        assert_eq!(pick(&never.request(), &["status", "note"]), json!([200, null]));
    }
}

/// The handshakes providers send: (method, path and query, headers, JSON body).
fn handshakes() -> Vec<(&'static str, &'static str, Headers, Value)> {
    let ct = ("Content-Type", "application/json");
    let twitch = ("Twitch-Eventsub-Message-Type", "webhook_callback_verification");
    let discord = hdrs(&[ct, ("X-Signature-Ed25519", "00"), ("X-Signature-Timestamp", "1")]);
    let slack = json!({"token": "t", "challenge": "c-123", "type": "url_verification"});
    let zoom = json!({"event": "endpoint.url_validation", "payload": {"plainToken": "pt-9"}});
    let challenge = json!({"challenge": "tw-chal", "subscription": {"type": "channel.follow"}});
    vec![
        ("POST", "/", hdrs(&[ct]), slack),
        ("POST", "/", hdrs(&[ct]), zoom),
        ("POST", "/", hdrs(&[ct, twitch]), challenge),
        ("POST", "/", discord, json!({"type": 1})),
        (
            "GET",
            "/?hub.mode=subscribe&hub.challenge=hub-42&hub.verify_token=v",
            vec![],
            Value::Null,
        ),
    ]
}

fn send_handshake(http: &Http, l: &Listen, i: usize) -> (Reply, Value) {
    let (method, path, headers, body) = &handshakes()[i];
    let bytes = if body.is_null() {
        Vec::new()
    } else {
        serde_json::to_vec(body).unwrap()
    };
    let reply = http.send(method, &format!("{}{path}", l.url), headers, &bytes);
    (reply, l.request())
}

#[test]
fn provider_handshakes_are_answered() {
    let l = Listen::json(&["--secret", "zoom-secret"]);
    let http = Http::new();
    let token = hex::encode(hmac_sha256(b"zoom-secret", b"pt-9"));
    let zoom = json!({"plainToken": "pt-9", "encryptedToken": token}).to_string();
    let (json_ct, text_ct) = ("application/json", "text/plain; charset=utf-8");
    let expected = [
        ("slack url_verification", json_ct, r#"{"challenge":"c-123"}"#),
        ("zoom endpoint.url_validation", json_ct, &zoom),
        ("twitch webhook_callback_verification", text_ct, "tw-chal"),
        ("discord PING", json_ct, r#"{"type":1}"#),
        ("GET challenge echoed", text_ct, "hub-42"),
    ];
    for (i, (label, content_type, body)) in expected.into_iter().enumerate() {
        let (reply, line) = send_handshake(&http, &l, i);
        let got = (reply.status, reply.header("content-type"), reply.text());
        assert_eq!(got, (200, Some(content_type), body.to_string()), "{label}");
        assert_eq!(pick(&line, &["handshake", "status"]), json!([label, 200]), "{line}");
    }
    let no_secret = Listen::json(&[]);
    let (reply, line) = send_handshake(&http, &no_secret, 1);
    assert_eq!(
        (reply.status, &line["status"]),
        (400, &json!(400)),
        "Zoom needs --secret"
    );
    let label = line["handshake"].as_str().unwrap_or_default();
    assert!(label.contains("needs --secret"), "{line}");
}

/// One listener for several providers: Zoom's token is encrypted with the
/// secret its signature matched, not with the first `--secret`.
#[test]
fn zoom_validation_uses_the_secret_that_signed_it() {
    let l = Listen::json(&["--secret", "github-secret", "--secret", "zoom-secret"]);
    let body = br#"{"event":"endpoint.url_validation","payload":{"plainToken":"pt-9"}}"#;
    let headers = sign("zoom", "zoom-secret", body, &[]);
    let reply = Http::new().post(&l.url, &headers, body);
    let line = l.request();
    assert_eq!(line["verdict"], "valid", "{line}");
    let token = hex::encode(hmac_sha256(b"zoom-secret", b"pt-9"));
    let expected = json!({"plainToken": "pt-9", "encryptedToken": token}).to_string();
    assert_eq!((reply.status, reply.text()), (200, expected), "{line}");
}

#[test]
fn no_handshakes_answers_them_like_any_request() {
    let l = Listen::json(&["--secret", "zoom-secret", "--no-handshakes"]);
    let http = Http::new();
    for i in 0..handshakes().len() {
        let (reply, line) = send_handshake(&http, &l, i);
        assert_eq!((reply.status, reply.text()), (200, String::new()), "handshake #{i}");
        assert_eq!(pick(&line, &["handshake", "status"]), json!([null, 200]), "{line}");
    }
}

#[test]
fn reject_invalid_answers_401_to_invalid_and_unsigned() {
    let l = Listen::json(&["--secret", SECRET, "--reject-invalid"]);
    let http = Http::new();
    let body = br#"{"id":"evt_1","type":"charge.failed"}"#;
    let headers = sign("stripe", SECRET, body, &[]);
    let cases: [(&[u8], bool, u16, &str, &str); 3] = [
        (body, true, 200, "valid", ""),
        (
            br#"{"id":"evt_1","type":"charge.succeeded"}"#,
            true,
            401,
            "invalid",
            "invalid signature",
        ),
        (body, false, 401, "unsigned", "no signature"),
    ];
    for (sent, signed, status, verdict, answer) in cases {
        let reply = http.post(&l.url, if signed { &headers } else { &[] }, sent);
        let line = l.request();
        assert_eq!(reply.status, status, "{line}");
        assert_eq!(reply.text().trim_end(), answer, "{line}");
        assert_eq!(pick(&line, &["status", "verdict"]), json!([status, verdict]));
        let rejected = line["note"].as_str().is_some_and(|n| n.starts_with("rejected: "));
        assert_eq!(rejected, status == 401, "{line}");
    }
    // --quiet shows only what failed, and a rejection is a failed delivery:
    // a wrong --secret must not turn every request away in silence.
    let quiet = Listen::json(&["--secret", SECRET, "--reject-invalid", "--quiet"]);
    assert_eq!(http.post(&quiet.url, &headers, body).status, 200);
    assert_eq!(http.post(&quiet.url, &[], body).status, 401);
    let line = quiet.request();
    assert_eq!(pick(&line, &["status", "verdict"]), json!([401, "unsigned"]), "{line}");
}

#[test]
fn reject_invalid_still_answers_get_challenges() {
    let l = Listen::json(&["--secret", SECRET, "--reject-invalid"]);
    let (reply, line) = send_handshake(&Http::new(), &l, 4);
    assert_eq!((reply.status, reply.text()), (200, "hub-42".to_string()), "{line}");
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("any key length");
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

#[test]
fn quiet_prints_only_requests_answered_5xx() {
    let l = Listen::json(&["--quiet", "--fail-first", "1"]);
    let http = Http::new();
    let body = br#"{"zen":"x"}"#;
    let first = sign("github", SECRET, body, &["--event", "ping", "--id", "q-1"]);
    assert_eq!(http.post(&l.url, &first, body).status, 500);
    assert_eq!(
        http.post(&l.url, &first, body).status,
        200,
        "the retry succeeds, silently"
    );
    let second = sign("github", SECRET, body, &["--event", "ping", "--id", "q-2"]);
    assert_eq!(http.post(&l.url, &second, body).status, 500);
    // Two request lines: the two 500s; the 200 between them printed nothing.
    let lines = [l.request(), l.request()];
    assert_eq!(
        lines
            .iter()
            .map(|v| pick(v, &["seq", "status", "delivery_id"]))
            .collect::<Vec<_>>(),
        [json!([1, 500, "q-1"]), json!([3, 500, "q-2"])]
    );
}

#[test]
fn quiet_still_prints_requests_refused_unread() {
    let l = Listen::json(&["--quiet", "--max-body", "8"]);
    let http = Http::new();
    assert_eq!(http.post(&l.url, &[], b"{}").status, 200);
    assert_eq!(http.post(&l.url, &[], &[b'x'; 64]).status, 413);
    assert_eq!(raw(l.port, b"GET /caf\xff HTTP/1.1\r\n\r\n").0, 400);
    // The 200 printed nothing; the sender's failed deliveries are both shown.
    let lines = [l.request(), l.request()];
    let seen: Vec<_> = lines.iter().map(|v| pick(v, &["seq", "status"])).collect();
    assert_eq!(seen, [json!([2, 413]), json!([3, 400])]);
}
