//! `hook verify -v`: when no secret matches, the bytes signed, the signature
//! received and what each secret gives, checked against `hook sign`.

mod common;

use common::verify::*;
use common::*;

/// A second secret of the provider's shape, which did not sign the request.
fn other_secret(provider: &str) -> &'static str {
    match provider {
        "standard" => "whsec_b3RoZXIta2V5LWJ5dGVzLTAxMjM0NTY3ODk=",
        _ => "other-secret-1",
    }
}

#[test]
fn each_secret_gives_what_hook_sign_sends_with_it() {
    let dir = tempfile::tempdir().unwrap();
    for provider in [
        "github", "stripe", "slack", "shopify", "standard", "twilio", "hubspot", "mailgun",
    ] {
        let (text, json, url) = signed(dir.path(), provider);
        // Mailgun signs inside the body: the body sent is the one hook sign wrote.
        let body = sent_body(&json);
        let other = other_secret(provider);
        let line = format!("-p {provider} --secret {other} --headers-file {text} --url {url} --now {NOW} -v");
        let out = verify(&format!("{line} --json"), &body);
        assert_eq!(out.code, 1, "{provider}: {}", out.stdout);
        let w = &out.json()["workings"];
        let expected = w["expected"][0]["signature"].as_str().unwrap_or_default().to_string();
        let received = w["received"][0].as_str().unwrap_or_default().to_string();
        assert!(expected.len() >= 20 && expected != received, "{provider}: {w}");
        assert_eq!(w["expected"][0]["secret"], 1, "{provider}: {w}");
        let original = std::fs::read_to_string(&json).unwrap();
        assert!(original.contains(&received), "{provider}: {received} not in {original}");
        // Signed with that secret, hook sign sends exactly the expected signature.
        let theirs = run(
            &format!("sign -p {provider} --secret {other} --timestamp {T} --id d-1 --url {URL}"),
            Some(BODY),
        );
        assert!(
            theirs.stdout.contains(&expected),
            "{provider}: {expected} not in {}",
            theirs.stdout
        );
        assert!(!out.stdout.contains(other), "{provider}: the secret is shown");

        let shown = verify(&line, &body).stdout;
        for label in ["\n  signed   ", "\n  received ", "\n  expected "] {
            assert!(shown.contains(label), "{provider}: {label:?} in {shown}");
        }
        assert!(shown.contains(&format!("{expected}  (secret #1)")), "{shown}");
        let without = verify(
            &format!("-p {provider} --secret {other} --headers-file {text} --url {url} --json"),
            BODY,
        );
        assert!(
            without.json().get("workings").is_none(),
            "only with -v: {}",
            without.stdout
        );
    }
}

#[test]
fn the_signed_bytes_are_described_without_secret_or_whole_body() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "slack");
    let out = verify(
        &format!("-p slack --secret wrong-one --headers-file {text} --now {NOW} -v --json"),
        BODY,
    );
    let w = &out.json()["workings"];
    assert_eq!(w["signed"], format!("\"v0:{T}:\" + body ({} bytes)", BODY.len()), "{w}");
    assert_eq!(w["header"], "X-Slack-Signature");
    let (_, _, url) = signed(dir.path(), "hubspot");
    let legacy = run(&format!("sign -p hubspot --secret {KEY} --url {url}"), Some(BODY)).stdout;
    let v1 = legacy
        .lines()
        .find(|l| l.starts_with("X-HubSpot-Signature:"))
        .expect("v1 header");
    // One word for the test's argv splitting: `Name:value`.
    let v1 = v1.replace(": ", ":");
    let out = verify(
        &format!("-p hubspot --secret wrong-one -H {v1} --url {url} -v --json"),
        BODY,
    );
    assert_eq!(
        out.json()["workings"]["signed"],
        format!("client secret + body ({} bytes)", BODY.len())
    );
    assert!(
        !out.stdout.contains(KEY) && !out.stdout.contains("wrong-one"),
        "{}",
        out.stdout
    );
    drop(text);
}

#[test]
fn a_public_key_scheme_shows_what_was_signed_and_that_nothing_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    for (provider, header) in [
        ("discord", "X-Signature-Ed25519"),
        ("sendgrid", "X-Twilio-Email-Event-Webhook-Signature"),
    ] {
        let (text, json, _) = signed(dir.path(), provider);
        let (_, public) = secrets_for(provider);
        // The right key, a changed body: the signature cannot verify.
        let line = format!("-p {provider} --secret {public} --headers-file {text} --now {NOW} -v");
        let out = verify(&format!("{line} --json"), TAMPERED);
        assert_eq!(out.code, 1, "{provider}: {}", out.stdout);
        let w = &out.json()["workings"];
        assert_eq!(
            w["signed"],
            format!("\"{T}\" + body ({} bytes)", TAMPERED.len()),
            "{provider}: {w}"
        );
        assert_eq!(w["header"], header, "{provider}: {w}");
        assert_eq!(w["expected"], serde_json::json!([]), "{provider}: {w}");
        assert_eq!(w["public_key"], true, "{provider}: {w}");
        let received = w["received"][0].as_str().unwrap_or_default();
        let original = std::fs::read_to_string(&json).unwrap();
        assert!(
            received.len() > 40 && original.contains(received),
            "{provider}: {received}"
        );
        let shown = verify(&line, TAMPERED).stdout;
        assert!(
            shown.contains(&format!("\n  received {received}  ({header})")),
            "{shown}"
        );
        assert!(
            shown.contains("\n  expected none: a public key checks a signature"),
            "{shown}"
        );
        assert!(verify(&line, BODY).code == 0, "{provider}: the untouched body verifies");
    }
}
