//! `hook listen`: how it answers — status/body/headers, deliberate failures,
//! provider handshakes, --reject-invalid, --max-body, --save, start-up errors.

mod listen_support;

use base64::Engine;
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
        "--fail-first: attempt 1 of 2 answered 500",
        "--fail-first: attempt 2 of 2 answered 500",
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
    let cases: [(&[u8], bool, u16, &str); 3] = [
        (body, true, 200, "valid"),
        (br#"{"id":"evt_1","type":"charge.succeeded"}"#, true, 401, "invalid"),
        (body, false, 401, "unsigned"),
    ];
    for (sent, signed, status, verdict) in cases {
        let reply = http.post(&l.url, if signed { &headers } else { &[] }, sent);
        let line = l.request();
        assert_eq!(reply.status, status, "{line}");
        assert_eq!(pick(&line, &["status", "verdict"]), json!([status, verdict]));
        let rejected = line["note"].as_str().is_some_and(|n| n.starts_with("rejected: "));
        assert_eq!(rejected, status == 401, "{line}");
    }
}

#[test]
fn reject_invalid_still_answers_get_challenges() {
    let l = Listen::json(&["--secret", SECRET, "--reject-invalid"]);
    let (reply, line) = send_handshake(&Http::new(), &l, 4);
    assert_eq!((reply.status, reply.text()), (200, "hub-42".to_string()), "{line}");
}

#[test]
fn max_body_answers_413_to_larger_bodies() {
    let l = Listen::json(&["--max-body", "1KiB"]);
    let http = Http::new();
    assert_eq!(http.post(&l.url, &[], &[b'x'; 2048]).status, 413);
    let line = l.request();
    assert_eq!(line["status"], 413);
    let note = line["note"].as_str().unwrap_or_default();
    assert!(note.contains("--max-body 1024"), "{line}");
    let head = "POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    let chunked = format!("{head}800\r\n{}\r\n0\r\n\r\n", "y".repeat(2048));
    assert_eq!(raw(l.port, chunked.as_bytes()).0, 413, "a chunked body too");
    assert_eq!(l.request()["status"], 413);
    assert_eq!(http.post(&l.url, &[], &[b'z'; 1024]).status, 200, "1024 bytes fit");
    assert_eq!(
        pick(&l.request(), &["status", "size", "note"]),
        json!([200, 1024, null])
    );
}

/// The exact bytes a fixture's `body`, `body_text` or `body_base64` stands for.
fn fixture_body(f: &Value) -> Vec<u8> {
    match (&f["body"], &f["body_text"], &f["body_base64"]) {
        (Value::Null, Value::Null, Value::String(b)) => base64::engine::general_purpose::STANDARD.decode(b).unwrap(),
        (Value::Null, Value::String(t), Value::Null) => t.as_bytes().to_vec(),
        (Value::Null, Value::Null, Value::Null) => Vec::new(),
        (v, Value::Null, Value::Null) => serde_json::to_vec(v).unwrap(),
        _ => panic!("more than one body field: {f}"),
    }
}

#[test]
fn save_writes_one_exact_fixture_per_request() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("fixtures");
    let l = Listen::json(&["--save", save.to_str().unwrap()]);
    assert_eq!(l.ready["save"], save.to_str().unwrap());
    let http = Http::new();
    let bodies: [&[u8]; 4] = [
        br#"{"b":1,"a":[true,null]}"#,
        b"{\n  \"pretty\": 1\n}",
        &[0, 0xff, 1, 0xc3],
        b"",
    ];
    for (i, body) in bodies.iter().enumerate() {
        let target = format!("/hooks/{i}?a=1&b=two");
        let mark = format!("t{i}");
        let reply = http.post(&format!("{}{target}", l.url), &hdrs(&[("X-Test", &mark)]), body);
        assert_eq!(reply.status, 200);
        let line = l.request();
        let saved = line["saved"].as_str().unwrap_or_else(|| panic!("not saved: {line}"));
        let path = std::path::PathBuf::from(saved);
        assert_eq!(path.parent(), Some(save.as_path()));
        let f: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(pick(&f, &["method", "path"]), json!(["POST", target]));
        let headers: Headers = serde_json::from_value(f["headers"].clone()).unwrap();
        assert!(headers.contains(&("x-test".into(), mark)), "{f}");
        assert_eq!(fixture_body(&f), *body, "fixture #{i} changed the body: {f}");
    }
    let names = std::fs::read_dir(&save).unwrap().map(|e| e.unwrap().file_name());
    let visible = names.filter(|n| !n.to_string_lossy().starts_with('.'));
    assert_eq!(visible.count(), bodies.len());
}

fn assert_exit_2(args: &[&str], needle: &str) -> String {
    let (code, stdout, stderr) = run_to_exit(args);
    assert_eq!(code, Some(2), "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stderr.starts_with("hook: error: ") && stderr.contains(needle),
        "{stderr}"
    );
    assert!(!stdout.contains("\"ready\""), "no ready line on failure: {stdout}");
    stderr
}

#[test]
fn save_to_an_unwritable_place_is_an_error() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let under_a_file = file.path().join("fixtures");
    let args = ["listen", "-p", "0", "--json", "--save", under_a_file.to_str().unwrap()];
    let stderr = assert_exit_2(&args, "cannot write fixtures");
    assert!(stderr.lines().any(|l| l.starts_with("hint: ")), "{stderr}");
}

#[test]
fn a_port_in_use_or_a_bad_host_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let needle = format!("cannot listen on 127.0.0.1:{port}");
    let stderr = assert_exit_2(&["listen", "--json", "-p", &port], &needle);
    assert!(stderr.contains("\nhint: ") && stderr.contains("--port 0"), "{stderr}");
    assert_exit_2(&["listen", "-p", "0", "--host", "nope"], "--host");
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
