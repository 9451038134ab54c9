//! `hook listen -v`: under a signature that matched no secret, what was
//! signed, the signature received and what each secret gives (as `hook
//! verify -v`); and the app's response headers and body when forwarding.
//! Without `-v` none of it is shown.

mod listen_support;

use hmac::{Hmac, Mac};
use listen_support::app::App;
use listen_support::*;
use std::time::Duration;

const SECRET: &str = "verbose-secret";
const BODY: &[u8] = br#"{"ref":"refs/heads/main"}"#;

/// GitHub's headers with a signature made by the wrong secret.
fn wrongly_signed() -> Headers {
    hdrs(&[
        ("X-GitHub-Event", "push"),
        ("Content-Type", "application/json"),
        (
            "X-Hub-Signature-256",
            &format!("sha256={}", github_mac("not-the-secret")),
        ),
    ])
}

/// The hex HMAC-SHA256 of BODY under `secret`: what GitHub sends.
fn github_mac(secret: &str) -> String {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(BODY);
    hex::encode(mac.finalize().into_bytes())
}

/// Send one wrongly signed request to a text listener with ARGS; its output.
fn text_for(args: &[&str]) -> (Vec<String>, u16) {
    let app = App::start(Duration::ZERO);
    let port = app.port.to_string();
    let mut l = Listen::text(&[&["--secret", SECRET, "-f", &port][..], args].concat());
    let reply = Http::new().post(&format!("{}/gh", l.url), &wrongly_signed(), BODY);
    assert_eq!(reply.status, 201, "{}", reply.text());
    app.next();
    let mut out = l.until(|line| line.contains("→ 201"));
    out.extend(l.interrupt().0);
    (out, app.port)
}

#[test]
fn verbose_text_shows_the_workings_and_the_apps_answer() {
    let (out, port) = text_for(&["-v"]);
    let text = out.join("\n");
    let has = |want: &str| out.iter().any(|l| l.trim_end() == want);
    assert!(has("  why signature matches none of the 1 secret(s) given"), "{text}");
    assert!(has(&format!("  signed   body ({} bytes)", BODY.len())), "{text}");
    let received = format!("  received {}  (X-Hub-Signature-256)", github_mac("not-the-secret"));
    assert!(has(&received), "{received:?} missing:\n{text}");
    let expected = format!("  expected {}  (secret #1)", github_mac(SECRET));
    assert!(has(&expected), "{expected:?} missing:\n{text}");
    let app_line = format!("  app http://127.0.0.1:{port}/gh answered 201 in ");
    let at = out.iter().position(|l| l.starts_with(&app_line));
    let at = at.unwrap_or_else(|| panic!("{app_line:?} missing:\n{text}"));
    assert_eq!(
        out[at + 1..at + 5],
        [
            "    Content-Type: text/plain",
            "    X-App: yes",
            "    Content-Length: 8",
            "    Connection: close"
        ],
        "the app's headers, in order, under its line:\n{text}"
    );
    assert!(out.iter().any(|l| l == "    app-body"), "no app body:\n{text}");
    assert!(!text.contains(SECRET), "the secret itself was shown:\n{text}");
}

#[test]
fn without_verbose_neither_workings_nor_response_headers_are_shown() {
    let (out, _) = text_for(&[]);
    let text = out.join("\n");
    assert!(text.contains("  why signature matches none"), "{text}");
    for absent in ["  signed ", "  expected ", "    X-App: yes", "    app-body"] {
        assert!(!text.contains(absent), "{absent:?} shown without -v:\n{text}");
    }
}

#[test]
fn verbose_json_adds_workings_and_the_apps_headers() {
    let app = App::start(Duration::ZERO);
    let port = app.port.to_string();
    let l = Listen::json(&["--secret", SECRET, "-f", &port, "--verbose"]);
    Http::new().post(&format!("{}/gh", l.url), &wrongly_signed(), BODY);
    let line = l.request();
    assert_eq!(line["verdict"], "invalid", "{line}");
    let w = &line["workings"];
    assert_eq!(w["header"], "X-Hub-Signature-256", "{line}");
    assert_eq!(
        w["received"],
        serde_json::json!([github_mac("not-the-secret")]),
        "{line}"
    );
    assert_eq!(
        w["expected"],
        serde_json::json!([{"secret": 1, "signature": github_mac(SECRET)}]),
        "{line}"
    );
    assert_eq!(
        line["forward"]["headers"][1],
        serde_json::json!(["X-App", "yes"]),
        "{line}"
    );
    // A valid request has nothing to work out.
    let good = sign("github", SECRET, BODY, &["--event", "push"]);
    Http::new().post(&format!("{}/gh", l.url), &good, BODY);
    let line = l.request();
    assert_eq!(line["verdict"], "valid", "{line}");
    assert!(line.get("workings").is_none(), "{line}");
}

#[test]
fn plain_json_has_no_workings_and_no_response_headers() {
    let app = App::start(Duration::ZERO);
    let l = Listen::json(&["--secret", SECRET, "-f", &app.port.to_string()]);
    Http::new().post(&format!("{}/gh", l.url), &wrongly_signed(), BODY);
    let line = l.request();
    assert_eq!(line["verdict"], "invalid", "{line}");
    assert!(line.get("workings").is_none(), "{line}");
    assert!(line["forward"].get("headers").is_none(), "{line}");
}

#[test]
fn verbose_with_quiet_or_compact_is_refused() {
    for other in ["-q", "--compact"] {
        let (code, _, err) = run_to_exit(&["listen", "-p", "0", "-v", other]);
        assert_eq!(code, Some(2), "{other}: {err}");
        assert!(err.contains("cannot be used with"), "{other}: {err}");
    }
}
