//! `hook tunnel --save DIR`: every request the tunnel carried is written as a
//! fixture, as `hook listen --save` writes them, even under `--quiet` (which
//! shows only failures), but not one `-e` left out; and a saved fixture
//! replays to the app with the same path and body, and a header value that
//! is not UTF-8 with the same bytes.

mod tunnel_support;

use std::process::Stdio;
use tunnel_support::*;

const TOKEN: &str = "save-token-7d21";

/// A push body the app answers with a 2xx: `--quiet` does not show it, and
/// its replay counts as delivered.
fn quiet_body() -> Vec<u8> {
    (0..100)
        .map(|n| format!(r#"{{"ref":"refs/heads/main","n":{n}}}"#).into_bytes())
        .find(|b| (200..300).contains(&status_for(&sha(b))))
        .expect("one of a hundred bodies gets a 2xx")
}

fn github(event: &str) -> Headers {
    vec![
        ("X-GitHub-Event".to_string(), event.as_bytes().to_vec()),
        ("X-GitHub-Delivery".to_string(), format!("d-{event}").into_bytes()),
        ("Content-Type".to_string(), b"application/json".to_vec()),
    ]
}

#[test]
fn every_request_carried_is_saved_even_when_quiet_and_replays_the_same() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let dir = tempfile::tempdir().expect("tempdir");
    let save = dir.path().to_str().expect("utf-8 path");
    let extra = ["--save", save, "--quiet", "-e", "push"];
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("sv"), &app.url, &extra);
    let body = quiet_body();
    let pushed = rt.block_on(send(relay.addr, "POST", "/sv/hooks/one?x=1", &github("push"), &body));
    assert_eq!(pushed.status, status_for(&sha(&body)));
    let skipped = rt.block_on(send(relay.addr, "POST", "/sv/two", &github("issues"), b"{}"));
    assert_eq!(skipped.status, 200);
    let crashed = rt.block_on(send(relay.addr, "POST", "/sv/crash", &github("push"), b"{}"));
    assert_eq!(crashed.status, 502);
    // The screen works in order: once the failure is shown, the earlier requests are saved.
    let failure = tunnel.expect("request", WAIT);
    assert_eq!(failure["path"], "/crash", "--quiet shows only the failure: {failure}");
    assert!(
        failure["saved"]
            .as_str()
            .is_some_and(|p| p.contains("0003-github-push")),
        "{failure}"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read the save dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["0001-github-push.json", "0003-github-push.json"],
        "the skipped request is not saved"
    );

    let fixture = dir.path().join(&names[0]);
    let out = hermetic::hook()
        .args([
            "replay",
            fixture.to_str().unwrap(),
            "--to",
            &app.url,
            "--secret",
            "any",
            "--json",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("run hook replay");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let seen = app.seen();
    let last = seen.last().expect("the replayed request");
    assert_eq!((last.target.as_str(), last.sha), ("/hooks/one?x=1", sha(&body)));
}

#[test]
fn a_header_value_that_is_not_utf8_is_saved_as_its_bytes_and_replays_the_same() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let dir = tempfile::tempdir().expect("tempdir");
    let save = dir.path().to_str().expect("utf-8 path");
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("raw"), &app.url, &["--save", save]);
    // ISO-8859-1 `café`, beside a UTF-8 one.
    let latin = b"caf\xe9".to_vec();
    let headers: Headers = vec![
        ("X-Latin".to_string(), latin.clone()),
        ("X-Utf8".to_string(), "café".as_bytes().to_vec()),
    ];
    let body = quiet_body();
    let sent = rt.block_on(send(relay.addr, "POST", "/raw/latin", &headers, &body));
    assert_eq!(sent.status, status_for(&sha(&body)));
    let line = tunnel.expect("request", WAIT);
    let saved = line["saved"].as_str().unwrap_or_else(|| panic!("not saved: {line}"));
    let fixture: serde_json::Value =
        serde_json::from_slice(&std::fs::read(saved).expect("read the fixture")).expect("JSON");
    let pairs = fixture["headers"].as_array().expect("headers");
    assert!(
        pairs.contains(&serde_json::json!(["X-Latin", {"base64": "Y2Fm6Q=="}])),
        "{fixture}"
    );
    assert!(pairs.contains(&serde_json::json!(["X-Utf8", "café"])), "{fixture}");

    let out = hermetic::hook()
        .args(["replay", saved, "--to", &app.url])
        .stdin(Stdio::null())
        .output()
        .expect("run hook replay");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let seen = app.seen();
    assert_eq!(seen.len(), 2, "the request through the tunnel, then the replay");
    for request in &seen {
        let value = request.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("x-latin"));
        assert_eq!(value.map(|(_, v)| v), Some(&latin), "{request:?}");
    }
}
