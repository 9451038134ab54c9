//! `hook listen`'s text output, and its display flags: they shape the text
//! output; a `--json` line keeps the schema's whole request whatever they say,
//! so scripts get one shape.

mod listen_support;

use listen_support::*;

const SECRET: &str = "s3cret-for-tests";

#[test]
fn display_flags_trim_text_but_not_json_lines() {
    let body = br#"{"zen":"kept"}"#;
    let trim = ["--compact", "--no-headers", "--no-body"];
    let l = Listen::json(&trim);
    let http = Http::new();
    let headers = hdrs(&[("X-Marker", "m-1")]);
    assert_eq!(http.post(&format!("{}/d", l.url), &headers, body).status, 200);
    let line = l.request();
    assert_eq!(line["body"], r#"{"zen":"kept"}"#, "{line}");
    assert_eq!(header_values(&line, "X-Marker"), ["m-1"], "{line}");

    // The same flags in text mode: a summary line per request and nothing
    // between them (a second request marks where the first one's output ends).
    let t = Listen::text(&trim);
    for path in ["/d", "/e"] {
        assert_eq!(http.post(&format!("{}{path}", t.url), &headers, body).status, 200);
    }
    let shown = t.until(|l| l.contains("/d"));
    assert!(shown.iter().all(|l| !l.contains("m-1")), "{shown:#?}");
    let shown = t.until(|l| l.contains("/e"));
    assert_eq!(shown.len(), 1, "only the next summary follows: {shown:#?}");
    let text = shown.join("\n");
    assert!(!text.contains("m-1") && !text.contains("kept"), "{text}");
}

#[test]
fn text_output_shows_the_request_without_colour() {
    let mut l = Listen::text(&["--secret", SECRET]);
    let body = br#"{"action":"opened","number":7,"pull_request":{"title":"Fix"}}"#;
    let headers = sign("github", SECRET, body, &["--event", "pull_request", "--id", "t-1"]);
    let reply = Http::new().post(&format!("{}/hooks/gh?x=1", l.url), &headers, body);
    assert_eq!(reply.status, 200);
    let mut out = l.until(|line| line.contains("→ 200"));
    let (rest, code) = l.interrupt();
    out.extend(rest);
    let text = out.join("\n");
    assert_eq!(code, Some(0), "{text}");
    let summary = out.iter().find(|line| line.contains("→ 200")).unwrap();
    let parts = [
        "POST  /hooks/gh?x=1  ",
        "  github pull_request.opened  ",
        "  id t-1  ",
        "  valid  ",
    ];
    for part in parts {
        assert!(summary.contains(part), "{part:?} missing in {summary:?}");
    }
    for line in [
        "  x-github-event: pull_request",
        "  x-github-delivery: t-1",
        "  content-type: application/json",
        "  {",
        "    \"action\": \"opened\",",
        "    \"number\": 7,",
        "      \"title\": \"Fix\"",
        "hook: stopped after 1 request: 1×200",
    ] {
        assert!(out.iter().any(|l| l == line), "no line {line:?} in:\n{text}");
    }
    assert!(!text.contains('\x1b'), "ANSI escape with --color never:\n{text}");
}

/// The lines `hook listen --compact ARGS` prints for three POSTs, between the ready block and the stop line.
fn compact_lines(args: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut l = Listen::text(&[&["--compact"], args].concat());
    let http = Http::new();
    for i in 0..3 {
        http.post(&format!("{}/c{i}", l.url), &[], br#"{"a":1,"b":[1,2]}"#);
    }
    let mut out = l.until(|line| line.contains("/c2"));
    let (rest, code) = l.interrupt();
    assert_eq!(code, Some(0));
    out.extend(rest.iter().cloned());
    let first = out.iter().position(|line| line.contains("/c0")).unwrap();
    let stop = out.iter().position(|line| line.starts_with("hook: stopped"));
    let stop = stop.expect("a stop line");
    (out[first..stop].to_vec(), rest)
}

#[test]
fn compact_prints_one_line_per_request() {
    let (lines, rest) = compact_lines(&[]);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    for (i, line) in lines.iter().enumerate() {
        let expected = format!("POST  /c{i}  ");
        assert!(line.contains(&expected) && line.ends_with("→ 200"), "{line}");
    }
    assert_eq!(rest, ["hook: stopped after 3 requests: 3×200"], "no headers or body");
}

#[test]
fn compact_is_one_line_per_request_even_with_notes() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().to_str().unwrap();
    let (lines, _) = compact_lines(&["--secret", SECRET, "--fail-first", "1", "--save", save]);
    assert_eq!(lines.len(), 3, "'Show only one summary line per request': {lines:#?}");
}

#[test]
fn control_characters_from_the_sender_are_shown_not_obeyed() {
    // A carriage return could rewrite the verdict on the line; an OSC sets
    // the window title; an SGR hides or colours text. With colour on, only
    // hook's own colour codes may reach the terminal.
    let l = Listen::text_coloured("always", &[]);
    let body = b"{\"type\":\"invoice.\\u001b[31mpaid\\r\",\"id\":\"evt_\\u001b]0;pwn\\u0007\"}";
    let headers = hdrs(&[("Stripe-Signature", "t=1,v1=00"), ("Content-Type", "application/json")]);
    assert_eq!(Http::new().post(&format!("{}/esc", l.url), &headers, body).status, 200);
    let text = Http::new().post(
        &format!("{}/txt", l.url),
        &hdrs(&[]),
        b"hi \x1b[8mhidden\x1b]0;t\x07\rvalid",
    );
    assert_eq!(text.status, 200);
    let shown = l.until(|line| line.contains("valid") && line.contains("hidden"));
    let all = shown.join("\n");
    for raw in ["\r", "\x07", "\x1b]", "\x1b[8m"] {
        assert!(!all.contains(raw), "{raw:?} reached the terminal: {all:?}");
    }
    assert!(all.contains("invoice.\\x1b[31mpaid\\x0d"), "{all:?}");
    assert!(all.contains("id evt_\\x1b]0;pwn\\x07"), "{all:?}");
    assert!(all.contains("hi \\x1b[8mhidden\\x1b]0;t\\x07\\x0dvalid"), "{all:?}");
    assert!(all.contains("\x1b["), "hook's own colour is still there: {all:?}");
}

#[test]
fn a_secret_sent_as_a_header_is_hidden_from_output_and_saved_fixtures() {
    // GitLab sends the secret itself, in X-Gitlab-Token.
    let token = "GLTOKEN-abc123";
    let dir = tempfile::tempdir().expect("tempdir");
    let save = dir.path().to_string_lossy().into_owned();
    let l = Listen::json(&["--secret", token, "--save", &save]);
    let headers = hdrs(&[("X-Gitlab-Token", token), ("X-Gitlab-Event", "Push Hook")]);
    assert_eq!(Http::new().post(&format!("{}/gl", l.url), &headers, b"{}").status, 200);
    let line = l.request();
    assert_eq!(line["verdict"], "valid", "{line}");
    assert!(!line.to_string().contains(token), "{line}");
    let saved = std::fs::read_to_string(line["saved"].as_str().expect("saved")).expect("read");
    assert!(!saved.contains(token) && saved.contains("hidden"), "{saved}");
    let t = Listen::text(&["--secret", token]);
    assert_eq!(Http::new().post(&format!("{}/gl", t.url), &headers, b"{}").status, 200);
    let shown = t.until(|l| l.to_ascii_lowercase().contains("x-gitlab-token"));
    assert!(shown.iter().all(|l| !l.contains(token)), "{shown:#?}");

    // Inside a longer value or the query, it is hidden too; the rest stays.
    let bearer = format!("Bearer {token}");
    let headers = hdrs(&[("Authorization", &bearer)]);
    let url = format!("{}/in?token={token}&x=1", l.url);
    assert_eq!(Http::new().post(&url, &headers, b"{}").status, 200);
    let line = l.request();
    assert!(!line.to_string().contains(token), "{line}");
    assert_eq!(line["query"], "token=HIDDEN-SECRET&x=1", "{line}");
    let auth = header_values(&line, "Authorization");
    assert_eq!(auth, ["Bearer [hidden: it is a --secret]"], "{line}");
    let saved = line["saved"].as_str().expect("saved").to_string();
    assert!(!std::fs::read_to_string(&saved).expect("read").contains(token));
    // The saved fixture can be sent again, with the header given anew.
    let args = [
        "replay",
        &saved,
        "--to",
        &l.url,
        "--secret",
        "x",
        "-H",
        "Authorization: Bearer new",
    ];
    let (code, out, err) = run_to_exit(&args);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        !err.to_lowercase().contains("authorization holds the mark"),
        "-H gave it: {err}"
    );
    assert!(err.contains("the query holds HIDDEN-SECRET"), "{err}");
    let line = l.request();
    assert_eq!(line["query"], "token=HIDDEN-SECRET&x=1", "{line}");
    assert_eq!(header_values(&line, "Authorization"), ["Bearer new"], "{line}");
    // Without -H, replay says the mark is sent in place of the secret.
    let (code, out, err) = run_to_exit(&args[..6]);
    assert_eq!(code, Some(0), "{out}{err}");
    let err = err.to_lowercase();
    assert!(err.contains("authorization holds the mark hook listen saved"), "{err}");
    l.request();
}

#[test]
fn a_fixed_provider_explains_another_providers_request_as_verify_does() {
    let l = Listen::json(&["--provider", "stripe", "--secret", SECRET]);
    let body = br#"{"zen":"x"}"#;
    let headers = sign("github", SECRET, body, &["--event", "ping"]);
    assert_eq!(Http::new().post(&format!("{}/p", l.url), &headers, body).status, 200);
    let line = l.request();
    assert_eq!(line["verdict"], "unsigned", "{line}");
    let findings = line["findings"].as_array().expect("findings");
    let other = findings
        .iter()
        .find(|f| f["code"] == "other_provider")
        .expect("other_provider");
    assert!(
        other["message"].as_str().unwrap().contains("--provider github"),
        "{line}"
    );
}
