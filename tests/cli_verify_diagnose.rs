//! `hook verify` through the real binary: the diagnoses of common mistakes
//! (re-encoded bodies, misused secrets, wrong URLs, missing or foreign
//! headers) and the ways headers reach it.

mod common;

use common::verify::*;
use common::*;

#[test]
fn pretty_printed_body_is_diagnosed_as_reencoded() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "github");
    let value: serde_json::Value = serde_json::from_slice(BODY).unwrap();
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    let line = format!("-p github --secret {KEY} --headers-file {text}");
    let out = verify(&format!("{line} --json"), &pretty);
    assert_eq!(out.code, 1);
    assert_eq!(out.problem_codes(), ["no_match"]);
    assert_eq!(out.finding_codes(), ["body_reencoded"], "{}", out.stdout);
    let out = verify(&line, &pretty);
    let cause = "\n  cause the signature matches the body re-serialised";
    assert!(out.stdout.contains(cause), "{}", out.stdout);
}

#[test]
fn stripe_secret_base64_decoded_is_diagnosed_as_misused() {
    use base64::Engine;
    let b64 = WHSEC.strip_prefix("whsec_").unwrap();
    let decoded = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    let check = |key: &[u8]| {
        let mac = hex::encode(hmac_sha256(key, &[T.as_bytes(), b".", BODY].concat()));
        let header = format!("Stripe-Signature:t={T},v1={mac}");
        verify(
            &format!("-p stripe --secret {WHSEC} --now {NOW} --json -H {header}"),
            BODY,
        )
    };
    let out = check(&decoded);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(out.finding_codes(), ["secret_misused"], "{}", out.stdout);
    // The control: keyed with the whole text, the same header format is valid.
    assert_eq!(check(WHSEC.as_bytes()).code, 0);
}

#[test]
fn older_second_secret_is_valid_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "github");
    let line = format!("-p github --secret new --secret {KEY} --headers-file {text}");
    let out = verify(&line, BODY);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let head = "valid github X-Hub-Signature-256 matches secret #2 of 2";
    assert!(out.stdout.starts_with(head), "{}", out.stdout);
    let json = verify(&format!("{line} --json"), BODY).json();
    assert_eq!(json["matched"]["secret"], 2);
    assert_eq!(json["findings"][0]["code"], "older_secret");
}

#[test]
fn square_url_with_other_scheme_is_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "square");
    let line = format!("-p square --secret {KEY} --headers-file {text}");
    let out = verify(&format!("{line} --url http://x.example/hook --json"), BODY);
    assert_eq!(out.code, 1);
    assert_eq!(out.finding_codes(), ["url_differs"], "{}", out.stdout);
    assert!(out.stdout.contains(URL), "names the signed URL: {}", out.stdout);
}

#[test]
fn missing_header_is_named() {
    let out = verify("-p github --secret s -H Content-Type:text/plain --json", BODY);
    assert_eq!(out.code, 1);
    assert_eq!(out.problem_codes(), ["missing_header"]);
    let reason = out.json()["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("X-Hub-Signature-256"), "{reason}");
    let out = verify("-p slack --secret s -H X-Slack-Signature:v0=00", BODY);
    assert_eq!(out.code, 1);
    let head = "invalid slack missing header X-Slack-Request-Timestamp";
    assert!(out.stdout.starts_with(head), "{}", out.stdout);
}

#[test]
fn other_providers_headers_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "stripe");
    let out = verify(&format!("-p github --secret s --headers-file {text} --json"), BODY);
    assert_eq!(out.code, 1);
    assert_eq!(out.problem_codes(), ["missing_header"]);
    assert_eq!(out.finding_codes(), ["other_provider"]);
    assert!(out.stdout.contains("--provider stripe"), "{}", out.stdout);
}

#[test]
fn sha1_in_a_sha256_header_and_legacy_header() {
    use hmac::{Hmac, Mac};
    let mut m = <Hmac<sha1::Sha1> as Mac>::new_from_slice(b"s").unwrap();
    m.update(BODY);
    let sha1 = hex::encode(m.finalize().into_bytes());
    let check = |header: String| {
        let out = verify(&format!("-p github --secret s --json -H {header}"), BODY);
        (out.code, out.finding_codes())
    };
    let wrong = check(format!("X-Hub-Signature-256:sha256={sha1}"));
    assert_eq!(wrong, (1, vec!["wrong_algorithm".into()]));
    let legacy = check(format!("X-Hub-Signature:sha1={sha1}"));
    assert_eq!(legacy, (0, vec!["legacy_signature".into()]));
}

#[test]
fn headers_from_an_http_request_head_and_body_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let sig = format!("sha256={}", hex::encode(hmac_sha256(b"s", BODY)));
    // HTTP/2 captures have lowercase names; the match is case-insensitive.
    let head = format!("POST /hook HTTP/1.1\r\nHost: x.example\r\nx-hub-signature-256: {sig}\r\n\r\n");
    let head = write(dir.path(), "head.http", head.as_bytes());
    let body = write(dir.path(), "body.json", BODY);
    let line = format!("verify --secret s --headers-file {} {}", s(&head), s(&body));
    let out = run(&line, None);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("valid github"), "{}", out.stdout);
}

#[test]

fn header_flag_overrides_the_headers_file() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "github");
    let wrong = format!("X-Hub-Signature-256:sha256={}", "0".repeat(64));
    let out = verify(
        &format!("-p github --secret {KEY} --headers-file {text} -H {wrong}"),
        BODY,
    );
    assert_eq!(out.code, 1, "the -H signature is wrong, yet: {}", out.stdout);
}

/// Shopify's newer event webhooks send the same signature under unprefixed
/// names; `-p auto` finds Shopify and verifies them.
#[test]
fn shopify_unprefixed_headers_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (headers, _, _) = signed(dir.path(), "shopify");
    let text = std::fs::read_to_string(&headers).unwrap();
    let renamed = text
        .replace("X-Shopify-Hmac-Sha256", "shopify-hmac-sha256")
        .replace("X-Shopify-Topic", "shopify-topic")
        .replace("X-Shopify-Webhook-Id", "shopify-webhook-id");
    assert!(renamed.contains("shopify-hmac-sha256: "), "{renamed}");
    let h = write(dir.path(), "unprefixed.txt", renamed.as_bytes());
    let (secret, _) = secrets_for("shopify");
    let ok = verify(
        &format!("-p auto --secret {secret} --headers-file {} --json", s(&h)),
        BODY,
    );
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert_eq!(ok.json()["provider"], "shopify", "{}", ok.stdout);
    let bad = verify(
        &format!("-p auto --secret {secret} --headers-file {} --json", s(&h)),
        TAMPERED,
    );
    assert_eq!(bad.code, 1, "{}{}", bad.stdout, bad.stderr);
}

#[test]
fn uppercase_hex_is_rejected_as_receivers_reject_it() {
    for provider in ["github", "stripe", "slack"] {
        let dir = tempfile::tempdir().unwrap();
        let (text, _, _) = signed(dir.path(), provider);
        let (_, secret) = secrets_for(provider);
        let headers = std::fs::read_to_string(&text).unwrap();
        // Uppercase only the hex after the signature's `=` (not its sha256=/v1=/v0= label).
        let upper: String = headers
            .lines()
            .map(|l| match l.split_once(": ") {
                Some((n, v))
                    if n.to_ascii_lowercase().contains("signature")
                        && !n.to_ascii_lowercase().contains("timestamp") =>
                {
                    let v: Vec<String> = v
                        .split(',')
                        .map(|part| match part.split_once('=') {
                            Some((k, hex)) if k != "t" => format!("{k}={}", hex.to_ascii_uppercase()),
                            _ => part.to_string(),
                        })
                        .collect();
                    format!("{n}: {}\n", v.join(","))
                }
                _ => format!("{l}\n"),
            })
            .collect();
        assert_ne!(upper, headers, "{provider}: nothing was uppercased");
        let upper = write(dir.path(), "upper.txt", upper.as_bytes());
        let line = format!(
            "-p {provider} --secret {secret} --headers-file {} --now {NOW}",
            s(&upper)
        );
        let out = verify(&line, BODY);
        assert_eq!(out.code, 1, "{provider}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("uppercase"), "{provider}: {}", out.stdout);
        // The same headers in lowercase verify.
        let out = verify(
            &format!("-p {provider} --secret {secret} --headers-file {text} --now {NOW}"),
            BODY,
        );
        assert_eq!(out.code, 0, "{provider}: {}{}", out.stdout, out.stderr);
    }
}

#[test]
fn a_secret_for_another_provider_is_skipped_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for provider in ["standard", "discord"] {
        let (text, _, _) = signed(dir.path(), provider);
        let (_, secret) = secrets_for(provider);
        // A plain text secret first (GitHub's, say), then the right one.
        let line = format!("-p {provider} --secret text-secret --secret {secret} --headers-file {text} --now {NOW}");
        let out = verify(&line, BODY);
        assert_eq!(out.code, 0, "{provider}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("secret #1 was not tried"),
            "{provider}: {}",
            out.stdout
        );
        // With no usable secret at all, it is still a usage error.
        let out = verify(
            &format!("-p {provider} --secret text-secret --headers-file {text} --now {NOW}"),
            BODY,
        );
        assert_eq!(out.code, 2, "{provider}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("hint:"), "{}", out.stderr);
    }
}

#[test]
fn small_input_mistakes_get_a_precise_answer() {
    let dir = tempfile::tempdir().unwrap();
    // A headers file saved with a byte-order mark reads as without one.
    let (text, _, _) = signed(dir.path(), "github");
    let (_, secret) = secrets_for("github");
    let bom = [&b"\xef\xbb\xbf"[..], &std::fs::read(&text).unwrap()].concat();
    let bom = write(dir.path(), "bom.txt", &bom);
    let out = verify(
        &format!("--secret {secret} --headers-file {} --now {NOW}", s(&bom)),
        BODY,
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // A Stripe t= that is not a time is named as such.
    let out = verify(
        &format!("-p stripe --secret whsec_x -H Stripe-Signature:t=abc,v1=00 --now {NOW}"),
        BODY,
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("t=abc is not a Unix time"), "{}", out.stdout);
    // whsec_ with nothing after it is no key.
    let (text, _, _) = signed(dir.path(), "standard");
    let out = verify(
        &format!("-p standard --secret whsec_ --headers-file {text} --now {NOW}"),
        BODY,
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("the key is empty"), "{}", out.stderr);
    // A secret file with comments only says so, naming the file.
    let empty = write(dir.path(), "secrets.txt", b"# rotate monthly\n\n");
    let out = verify(
        &format!("-p github --secret-file {} -H X-Hub-Signature-256:sha256=00", s(&empty)),
        BODY,
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("secrets.txt holds no secret"), "{}", out.stderr);
}

#[test]
fn a_timestamp_in_the_wrong_unit_is_named() {
    // Linear writes `webhookTimestamp` in milliseconds; seconds there read as 1970.
    let body = format!(r#"{{"action":"create","webhookTimestamp":{NOW}}}"#);
    let mac = hex::encode(hmac_sha256(KEY.as_bytes(), body.as_bytes()));
    let line = format!("-p linear --secret {KEY} --now {NOW} -H Linear-Signature:{mac}");
    let out = verify(&format!("{line} --json"), body.as_bytes());
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(out.problem_codes(), ["timestamp_too_old"], "{}", out.stdout);
    assert_eq!(out.finding_codes(), ["timestamp_unit"], "{}", out.stdout);
    let out = verify(&line, body.as_bytes());
    let cause = format!("cause the timestamp {NOW} is unix seconds, but this provider writes milliseconds");
    assert!(out.stdout.contains(&cause), "{}", out.stdout);
    // In milliseconds, it verifies.
    let body = body.replace(NOW, &format!("{NOW}000"));
    let mac = hex::encode(hmac_sha256(KEY.as_bytes(), body.as_bytes()));
    let line = format!("-p linear --secret {KEY} --now {NOW} -H Linear-Signature:{mac}");
    assert_eq!(verify(&line, body.as_bytes()).code, 0);
}
