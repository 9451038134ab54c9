//! `--format curl` commands, run by a real shell (`| sh`) with the real curl
//! against a real `hook listen`: the body arrives byte for byte, whatever it
//! holds, and the signature verifies.

mod replay_support;

use base64::Engine;
use replay_support::*;
use sha2::{Digest, Sha256};
use std::process::{Command, Stdio};

/// Run `command` as `… --format curl | sh` does: the script on sh's stdin.
fn sh(command: &str) {
    use std::io::Write;
    let mut child = Command::new("sh")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh and curl are needed for this test");
    let mut stdin = child.stdin.take().expect("stdin");
    let script = command.to_string();
    // Written from a thread: a script larger than the pipe would otherwise block.
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));
    let out = child.wait_with_output().expect("sh");
    writer.join().expect("writer").expect("script written to sh");
    assert!(
        out.status.success(),
        "the command failed ({}): {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        command.chars().take(400).collect::<String>()
    );
}

/// Sign `body` (given on stdin) for GitHub as a curl command to the listener, and run it.
fn sign_and_send(listener: &Listener, body: &[u8]) -> serde_json::Value {
    let url = format!("{}/curl", listener.url);
    let args = [
        "sign", "-p", "github", "--secret", WHSEC, "--event", "push", "--url", &url, "--format", "curl",
    ];
    let signed = run_with(&args, Some(body));
    signed.expect_code(0);
    sh(&signed.stdout);
    listener.request()
}

/// What `hook replay FILE --to URL --dry-run --format FORMAT` prints.
fn dry_run(file: &str, to: &str, format: &str) -> String {
    let printed = run(&[
        "replay",
        file,
        "--to",
        to,
        "--secret",
        WHSEC,
        "--dry-run",
        "--format",
        format,
    ]);
    printed.expect_code(0);
    printed.stdout
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[track_caller]
fn arrived_exactly(request: &serde_json::Value, body: &[u8]) {
    assert_eq!(
        request["body_sha256"],
        sha256_hex(body),
        "body changed on the way: {request}"
    );
    assert_eq!(request["verdict"], "valid", "{request}");
    // curl's own Accept stays out: the request has none.
    assert_eq!(header(request, "Accept"), None, "curl added a header: {request}");
}

#[test]
fn every_byte_value_arrives_unchanged() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // All 256 byte values, NULs, quotes and backslashes, and bytes that are not UTF-8.
    let mut body: Vec<u8> = (0..=255u8).collect();
    body.extend_from_slice(b"\\'\"%b\\0101\n");
    let request = sign_and_send(&listener, &body);
    arrived_exactly(&request, &body);
}

#[test]
fn text_curl_would_read_as_a_file_name_is_sent_as_text() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let body = b"@/etc/hostname";
    let request = sign_and_send(&listener, body);
    arrived_exactly(&request, body);
}

#[test]
fn a_body_too_long_for_one_argument_arrives_whole() {
    let listener = Listener::with_secret(WHSEC, &[]);
    // Linux refuses a single argument over 128 KiB.
    let body = format!("{{\"pad\":\"{}\"}}", "it's ".repeat(40_000));
    let request = sign_and_send(&listener, body.as_bytes());
    arrived_exactly(&request, body.as_bytes());
}

#[test]
fn replay_dry_run_curl_sends_a_binary_fixture_exactly() {
    let listener = Listener::with_secret(WHSEC, &[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let body: Vec<u8> = (0..=255u8).rev().collect();
    let fixture = serde_json::json!({
        "provider": "github",
        "event": "push",
        "path": "/bin",
        "headers": [["Content-Type", "application/octet-stream"], ["X-GitHub-Event", "push"]],
        "body_base64": base64::engine::general_purpose::STANDARD.encode(&body),
    });
    let file = dir.path().join("binary.json");
    std::fs::write(&file, fixture.to_string()).expect("write fixture");
    let printed = dry_run(&file.to_string_lossy(), &listener.url, "curl");
    listener.assert_nothing_received();
    sh(&printed);
    let request = listener.request();
    arrived_exactly(&request, &body);
    assert_eq!(request["path"], "/bin", "{request}");
    // Exactly what hook itself would send: the fixture's and the signature's
    // headers, Host and Content-Length; nothing of curl's own.
    let names: Vec<&str> = request["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .filter_map(|h| h[0].as_str())
        .collect();
    let expected = [
        "Host",
        "Content-Type",
        "X-GitHub-Event",
        "User-Agent",
        "X-GitHub-Delivery",
        "X-Hub-Signature",
        "X-Hub-Signature-256",
        "Content-Length",
    ];
    assert_eq!(names, expected, "{request}");
}

#[test]
fn replay_dry_run_prints_the_path_as_sent_dot_segments_and_all() {
    // The fixture's path goes out untouched; --dry-run must print that path,
    // and its curl command must send it (curl drops `..` and `.` unless told not to).
    let listener = Listener::with_secret(WHSEC, &[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = "/hooks/x/../gh/./in";
    write_fixture(
        dir.path(),
        "dots.json",
        "github",
        "push",
        &format!("{path}?r=ä"),
        serde_json::json!({"a": 1}),
    );
    let file = dir.path().join("dots.json").to_string_lossy().into_owned();
    let http = dry_run(&file, &listener.url, "http");
    assert_eq!(
        http.lines().next(),
        Some(format!("POST {path}?r=ä HTTP/1.1").as_str()),
        "{http}"
    );
    sh(&dry_run(&file, &listener.url, "curl"));
    let request = listener.request();
    assert_eq!(
        (&request["path"], &request["query"]),
        (&path.into(), &"r=ä".into()),
        "{request}"
    );
    assert_eq!(request["verdict"], "valid", "{request}");
}

#[test]
fn replay_dry_run_curl_sends_a_header_value_that_is_not_utf8_exactly() {
    // ISO-8859-1 `café`, bytes no text can hold: printf makes them in the command.
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = serde_json::json!({
        "path": "/latin",
        "headers": [["X-Latin", {"base64": "Y2Fm6Q=="}], ["X-Odd", {"base64": "/4AnIHg="}]],
        "body": {"a": 1},
    });
    let file = dir.path().join("latin.json");
    std::fs::write(&file, fixture.to_string()).expect("write fixture");
    let (to, head) = one_raw_head();
    sh(&dry_run(&file.to_string_lossy(), &to, "curl"));
    let head = head.join().expect("receiver");
    let text = String::from_utf8_lossy(&head);
    assert!(holds(&head, b"\r\nX-Latin: caf\xe9\r\n"), "{text}");
    // Bytes that are not UTF-8 in a row, a quote among them.
    assert!(holds(&head, b"\r\nX-Odd: \xff\x80' x\r\n"), "{text}");
}
