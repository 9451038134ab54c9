//! A header value that is not UTF-8 (obs-text: `X-Latin: caf\xe9`, ISO-8859-1)
//! survives `hook listen --save` as `{"base64": …}` and goes out of `hook
//! replay` byte for byte, and so does `--dry-run`'s raw HTTP; `--dry-run
//! --json` writes it as base64. A hand-written value that is not base64, or
//! whose bytes would break the request head, is refused before anything is sent.

mod replay_support;

use replay_support::*;
use serde_json::{json, Value};

/// The value as an ISO-8859-1 sender writes `café`.
const LATIN: &[u8] = b"caf\xe9";

/// POST `{}` to `hook listen` with `X-Latin: caf\xe9` and a UTF-8 header
/// beside it, written raw; the status answered.
fn send_latin(base: &str) -> u16 {
    let authority = base.trim_start_matches("http://");
    let mut request = format!("POST /latin HTTP/1.1\r\nHost: {authority}\r\nX-Latin: ").into_bytes();
    request.extend_from_slice(LATIN);
    request.extend_from_slice("\r\nX-Utf8: café\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".as_bytes());
    send_raw(base, &request)
}

/// A fixture file with the Latin-1 value as base64 and a UTF-8 one.
fn latin_fixture(dir: &std::path::Path) -> String {
    let fixture = json!({
        "path": "/latin",
        "headers": [["X-Latin", {"base64": "Y2Fm6Q=="}], ["X-Utf8", "café"]],
        "body": {"a": 1},
    });
    let file = dir.join("latin.json");
    std::fs::write(&file, fixture.to_string()).expect("write the fixture");
    file.to_string_lossy().into_owned()
}

#[test]
fn listen_save_keeps_the_bytes_and_replay_sends_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let listener = Listener::start(&["--save", &dir.path().to_string_lossy()]);
    assert_eq!(send_latin(&listener.url), 200);
    let line = listener.request();
    // What is for reading shows the text, with U+FFFD.
    assert_eq!(header(&line, "X-Latin"), Some("caf\u{fffd}"), "{line}");
    let saved = line["saved"].as_str().unwrap_or_else(|| panic!("not saved: {line}"));
    let fixture: Value = serde_json::from_slice(&std::fs::read(saved).expect("read the fixture")).expect("JSON");
    let headers = fixture["headers"].as_array().expect("headers");
    assert!(
        headers.contains(&json!(["X-Latin", {"base64": "Y2Fm6Q=="}])),
        "{fixture}"
    );
    assert!(headers.contains(&json!(["X-Utf8", "café"])), "{fixture}");

    let (to, head) = one_raw_head();
    run(&["replay", saved, "--to", &to]).expect_code(0);
    let head = head.join().expect("receiver");
    let text = String::from_utf8_lossy(&head);
    assert!(
        holds(&head, &[&b"\r\nX-Latin: "[..], LATIN, b"\r\n"].concat()),
        "{text}"
    );
    assert!(holds(&head, "\r\nX-Utf8: café\r\n".as_bytes()), "{text}");
}

#[test]
fn dry_run_prints_the_bytes_and_json_their_base64() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = latin_fixture(dir.path());
    let to = refused_url();
    let out = hook(&["replay", &file, "--to", &to, "--dry-run"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run hook replay --dry-run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        holds(&out.stdout, &[&b"\r\nX-Latin: "[..], LATIN, b"\r\n"].concat()),
        "{printed}"
    );

    let json = run(&["replay", &file, "--to", &to, "--dry-run", "--json"]);
    json.expect_code(0);
    let request = &json.json_lines()[0];
    let headers = request["headers"].as_array().expect("headers");
    assert!(
        headers.contains(&json!(["X-Latin", {"base64": "Y2Fm6Q=="}])),
        "{request}"
    );
    assert!(headers.contains(&json!(["X-Utf8", "café"])), "{request}");
}

#[test]
fn a_hand_written_value_that_is_not_base64_or_breaks_the_head_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let to = refused_url();
    let cases = [
        // Not base64: the error names the header, never the value.
        (
            json!([["X-A", "1"], ["X-Latin", {"base64": "s3cr3t-value!"}]]),
            r#"header #2 "X-Latin" has a {"base64": …} value that is not standard base64"#,
        ),
        // `a\r\nX-Injected: 1`: a line break that would start another header.
        (
            json!([["X-A", {"base64": "YQ0KWC1JbmplY3RlZDogMQ=="}]]),
            r#"header #1 "X-A" has a line break (CR or LF) or another control character in its value"#,
        ),
        // The object form is strict.
        (
            json!([["X-A", {"base64": "YQ==", "encoding": "latin1"}]]),
            "unknown field `encoding`, expected `base64`",
        ),
    ];
    for (i, (headers, error)) in cases.into_iter().enumerate() {
        let file = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&file, json!({"headers": headers}).to_string()).expect("write");
        let file = file.to_string_lossy().into_owned();
        let out = run(&["replay", &file, "--to", &to]);
        out.expect_code(2);
        let first = out.stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with(&format!("hook: error: {file}")), "{}", out.stderr);
        assert!(first.contains(error), "{}", out.stderr);
        assert!(!out.stderr.contains("s3cr3t"), "{}", out.stderr);
        let hint = out.stderr.lines().find(|l| l.starts_with("hint: "));
        assert!(hint.is_some_and(|h| h.len() > 10), "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

#[test]
fn save_responses_keeps_a_response_header_that_is_not_utf8_as_its_bytes() {
    let mut answer = b"HTTP/1.1 200 OK\r\nX-Latin: ".to_vec();
    answer.extend_from_slice(LATIN);
    answer.extend_from_slice("\r\nX-Utf8: café\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".as_bytes());
    let (to, received) = one_raw_head_answering(answer);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = latin_fixture(dir.path());
    let saved = dir.path().join("responses.jsonl");
    run(&[
        "replay",
        &file,
        "--to",
        &to,
        "--save-responses",
        &saved.to_string_lossy(),
    ])
    .expect_code(0);
    received.join().expect("the receiver answered");
    let line: Value = serde_json::from_slice(&std::fs::read(&saved).expect("read")).expect("one JSON line");
    let headers = line["headers"].as_array().cloned().unwrap_or_default();
    assert!(headers.contains(&json!(["X-Latin", {"base64": "Y2Fm6Q=="}])), "{line}");
    assert!(headers.contains(&json!(["X-Utf8", "café"])), "UTF-8 stays text: {line}");
}
