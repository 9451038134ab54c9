//! `hook listen`: --max-body, --save (exact fixtures), and the errors that
//! stop it before it starts.

mod listen_support;

use base64::Engine;
use listen_support::*;
use serde_json::{json, Value};

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

/// A second run saving into the same directory numbers its files after
/// the first run's, instead of overwriting `0001-…` with its own request.
#[test]
fn save_into_a_used_directory_keeps_the_earlier_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().to_str().unwrap();
    let http = Http::new();
    let mut saved = Vec::new();
    for run in [&b"first run"[..], b"second run"] {
        let l = Listen::json(&["--save", save]);
        assert_eq!(http.post(&l.url, &[], run).status, 200);
        let line = l.request();
        saved.push(
            line["saved"]
                .as_str()
                .unwrap_or_else(|| panic!("not saved: {line}"))
                .to_string(),
        );
    }
    assert_ne!(saved[0], saved[1], "both runs wrote the same file");
    assert!(saved[1].ends_with("0002-request.json"), "{saved:?}");
    let first: Value = serde_json::from_slice(&std::fs::read(&saved[0]).unwrap()).unwrap();
    assert_eq!(
        first["body_text"], "first run",
        "the first run's fixture was overwritten"
    );
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

/// With -f the app answers, so flags that shape hook's own answer would do
/// nothing: refused rather than ignored.
#[test]
fn answer_flags_with_forward_to_are_an_error() {
    for flag in [
        &["--status", "202"][..],
        &["--response-body", "ok"],
        &["--response-header", "X-A: 1"],
    ] {
        let args = [&["listen", "-p", "0", "--json", "-f", "9"][..], flag].concat();
        let stderr = assert_exit_2(&args, &format!("{} sets hook's own answer", flag[0]));
        assert!(stderr.contains("\nhint: "), "{stderr}");
    }
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

#[test]
fn a_204_answer_has_no_body_and_no_length_so_keep_alive_holds() {
    let l = Listen::json(&["--status", "204"]);
    // Two requests on one connection, the second closing it: both answers
    // must parse, and neither may say a length or carry bytes.
    let one = b"POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\na";
    let two = b"POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nConnection: close\r\n\r\nb";
    let (status, answer) = raw(l.port, &[&one[..], &two[..]].concat());
    assert_eq!(status, 204);
    let answers: Vec<&str> = answer.split("HTTP/1.1 ").filter(|a| !a.is_empty()).collect();
    assert_eq!(answers.len(), 2, "{answer:?}");
    for a in answers {
        assert!(a.starts_with("204 No Content\r\n") && a.ends_with("\r\n\r\n"), "{a:?}");
        assert!(!a.to_ascii_lowercase().contains("content-length"), "{a:?}");
    }
    // A body for an answer that cannot carry one is refused before listening.
    for status in ["204", "304"] {
        let (code, _, stderr) = run_to_exit(&["listen", "-p", "0", "--status", status, "--response-body", "x"]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains("carries no body") && stderr.contains("hint:"),
            "{stderr}"
        );
    }
    let (code, _, stderr) = run_to_exit(&["listen", "-p", "0", "--status", "101"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("interim status"), "{stderr}");
}

#[test]
fn heads_that_cannot_be_served_are_shown_and_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("saved");
    let token = "s3cret-token-1";
    let l = Listen::json(&["--save", save.to_str().unwrap(), "--secret", token, "--max-body", "16"]);
    // A sender given https:// for this plain-HTTP port opens with a TLS handshake.
    let hello = [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00];
    assert_eq!(raw(l.port, &hello).0, 400);
    let line = l.request();
    assert_eq!(pick(&line, &["status", "method"]), json!([400, "?"]), "{line}");
    let note = line["note"].as_str().unwrap_or_default();
    assert!(note.contains("TLS handshake") && note.contains("https://"), "{line}");
    assert!(note.ends_with("not saved, as it was not read whole"), "{line}");

    // A byte that is not UTF-8 in the path: the start of the line is shown, escaped.
    assert_eq!(raw(l.port, b"POST /caf\xff HTTP/1.1\r\nHost: h\r\n\r\n").0, 400);
    let line = l.request();
    assert_eq!(line["method"], "POST", "{line}");
    let note = line["note"].as_str().unwrap_or_default();
    assert!(note.contains(r#"it began "POST /caf\xff HTTP/1.1\r\n""#), "{line}");

    // A good request line, a header value with a control byte: the header is blamed.
    assert_eq!(
        raw(l.port, b"POST /esc HTTP/1.1\r\nHost: h\r\nX-A: b\x01c\r\n\r\n").0,
        400
    );
    let line = l.request();
    let note = line["note"].as_str().unwrap_or_default();
    assert!(
        note.starts_with("malformed HTTP: a header value with a control character"),
        "{line}"
    );

    // Too many headers: 431, with the method and path that were readable.
    let many: String = (0..300).map(|i| format!("X-{i}: v\r\n")).collect();
    let head = format!("POST /big?t={token} HTTP/1.1\r\nHost: h\r\n{many}\r\n");
    assert_eq!(raw(l.port, head.as_bytes()).0, 431);
    let line = l.request();
    assert_eq!(
        pick(&line, &["status", "method", "path"]),
        json!([431, "POST", "/big"]),
        "{line}"
    );
    assert_eq!(line["query"], "t=HIDDEN-SECRET", "a secret stays hidden: {line}");

    // Refused for its body: shown with its secret header hidden, and not saved.
    let headers = hdrs(&[("X-Gitlab-Token", token)]);
    assert_eq!(Http::new().post(&l.url, &headers, &[b'x'; 64]).status, 413);
    let line = l.request();
    assert!(!line.to_string().contains(token), "{line}");
    let note = line["note"].as_str().unwrap_or_default();
    assert!(note.ends_with("not saved, as it was not read whole"), "{line}");

    // A whole request is still saved, numbered after the five refused ones.
    assert_eq!(Http::new().post(&l.url, &[], b"{}").status, 200);
    let saved = l.request()["saved"].as_str().map(String::from);
    let files: Vec<_> = std::fs::read_dir(&save)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 1, "only the whole request is saved: {files:?}");
    assert!(saved.is_some_and(|s| s.contains("0006-")), "{files:?}");
}

/// Flags that change nothing in the run are accepted (a settings file may
/// give them every time) but said, on stderr, before anything else.
#[test]
fn flags_that_change_nothing_are_named() {
    // A port in use makes hook stop right after its notes.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let args = [
        "listen",
        "-p",
        &port,
        "--timeout",
        "5s",
        "--cacert",
        "ca.pem",
        "--seed",
        "3",
    ];
    let (code, _, err) = run_to_exit(&args);
    assert_eq!(code, Some(2), "{err}");
    for flag in ["--timeout", "--cacert"] {
        let note = format!("hook: note: {flag} changes nothing here: it is for forwarding (-f or --route)");
        assert!(err.contains(&note), "{err}");
    }
    assert!(err.contains("hook: note: --seed only shapes --fail-rate"), "{err}");
    // With an app and --fail-rate, the same flags say nothing.
    let args = [
        "listen",
        "-p",
        &port,
        "-f",
        "3000",
        "--timeout",
        "5s",
        "--fail-rate",
        "0.5",
        "--seed",
        "3",
    ];
    let (code, _, err) = run_to_exit(&args);
    assert_eq!(code, Some(2), "{err}");
    assert!(!err.contains("note:"), "{err}");
}
