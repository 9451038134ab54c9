//! `hook verify` through the real binary: sign → verify round trips for every
//! provider, detection, timestamps, and the diagnoses of common mistakes.

mod common;

use common::*;
use std::path::Path;

const T: &str = "1700000000";
const NOW: &str = "1700000001";
const URL: &str = "https://x.example/hook";
const BODY: &[u8] = br#"{"id":"evt_1","amount":100}"#;
/// BODY with one byte changed.
const TAMPERED: &[u8] = br#"{"id":"evt_2","amount":100}"#;

/// Signed headers for a provider, written to `dir`: (`Name: value` file, JSON file, URL to verify with).
fn signed(dir: &Path, provider: &str) -> (String, String, String) {
    let (secret, _) = secrets_for(provider);
    let line = format!("sign -p {provider} --secret {secret} --timestamp {T}");
    let line = format!("{line} --id d-1 --url {URL}");
    let text = run(&line, Some(BODY));
    assert_eq!(text.code, 0, "sign {provider}: {}", text.stderr);
    let json = run(&format!("{line} --format json"), Some(BODY));
    assert_eq!(json.code, 0, "sign {provider}: {}", json.stderr);
    // Twilio signs a JSON body through `?bodySHA256=` in the URL: verify with the URL it reports.
    let url = json.json()["url"].as_str().expect("url").to_string();
    let h = write(dir, &format!("{provider}.txt"), text.stdout.as_bytes());
    let j = write(dir, &format!("{provider}.json"), json.stdout.as_bytes());
    (s(&h).to_string(), s(&j).to_string(), url)
}

/// `hook verify LINE` with a body on stdin.
fn verify(line: &str, body: &[u8]) -> Output {
    run(&format!("verify {line}"), Some(body))
}

#[test]
fn round_trip_for_every_provider() {
    let dir = tempfile::tempdir().unwrap();
    let infos = providers();
    assert!(infos.len() > 20);
    for p in infos.iter().map(|i| i["name"].as_str().unwrap()) {
        if p == "hmac" {
            continue; // needs its own flags: generic_hmac_round_trip_with_timestamp_and_id
        }
        let (_, secret) = secrets_for(p);
        let (text, json, url) = signed(dir.path(), p);
        for file in [&text, &json] {
            let line = format!("-p {p} --secret {secret} --headers-file {file}");
            let line = format!("{line} --url {url} --now {NOW}");
            let out = verify(&line, BODY);
            assert_eq!(out.code, 0, "{p} {file}: {}{}", out.stdout, out.stderr);
            assert!(out.stdout.starts_with(&format!("valid {p} ")), "{}", out.stdout);
            assert!(out.stdout.contains("matches secret #1 of 1"), "{}", out.stdout);

            let out = verify(&line, TAMPERED);
            // GitLab sends its token as is: nothing covers the body, so a changed body still verifies.
            let expected = if p == "gitlab" { 0 } else { 1 };
            assert_eq!(out.code, expected, "{p} tampered: {}", out.stdout);
            if expected == 1 {
                assert!(out.stdout.starts_with(&format!("invalid {p} ")), "{}", out.stdout);
            }
        }
    }
}

#[test]
fn auto_detects_providers_with_a_unique_signature_header() {
    let dir = tempfile::tempdir().unwrap();
    let infos = providers();
    let first = |i: &serde_json::Value| i["headers"][0].as_str().unwrap().to_ascii_lowercase();
    let mut checked = 0;
    for info in &infos {
        let p = info["name"].as_str().unwrap();
        // intercom and bitbucket share X-Hub-Signature, so auto cannot tell them apart.
        let shared = infos.iter().filter(|o| first(o) == first(info)).count() > 1;
        if p == "hmac" || shared {
            continue;
        }
        let (_, secret) = secrets_for(p);
        let (text, _, url) = signed(dir.path(), p);
        let line = format!("--secret {secret} --headers-file {text} --url {url} --now {NOW}");
        let out = verify(&line, BODY);
        assert_eq!(out.code, 0, "{p}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.starts_with(&format!("valid {p} ")), "{}", out.stdout);
        let json = verify(&format!("-p auto {line} --json"), BODY).json();
        assert_eq!(json["provider"], p);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} providers checked");
}

#[test]
fn generic_hmac_round_trip_with_timestamp_and_id() {
    let flags = "--algorithm sha512 --encoding base64 --prefix v1= \
                 --payload-template {id}.{timestamp}.{body} --timestamp-header X-Ts --id-header X-Id";
    let line = format!("sign -p hmac --header X-Sig --secret k --timestamp {T} --id m1");
    let out = run(&format!("{line} {flags}"), Some(BODY));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.expect_header("X-Id", "m1");
    out.expect_header("X-Ts", T);
    let sig = out.header("X-Sig").unwrap_or_default();
    assert!(sig.starts_with("v1=") && sig.len() == 3 + 88, "{}", out.stdout);
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "h.txt", out.stdout.as_bytes());
    let other_id = out.stdout.replace("X-Id: m1", "X-Id: m2");
    let other = write(dir.path(), "h2.txt", other_id.as_bytes());
    let check = |headers: &Path, now: &str, extra: &str, body: &[u8]| {
        let head = "-p hmac --signature-header X-Sig --secret k";
        let line = format!("{head} --headers-file {} --now {now}", s(headers));
        verify(&format!("{line} {flags} {extra}"), body)
    };
    assert_eq!(check(&file, NOW, "", BODY).code, 0);
    assert_eq!(check(&file, NOW, "", TAMPERED).code, 1);
    // The id is signed: another id does not verify.
    assert_eq!(check(&other, NOW, "", BODY).code, 1);
    // Generic HMAC has no default tolerance; --tolerance adds one.
    assert_eq!(check(&file, "1700003600", "", BODY).code, 0);
    let out = check(&file, "1700003600", "--tolerance 1m --json", BODY);
    assert_eq!(out.problem_codes(), ["timestamp_too_old"], "{}", out.stdout);
}

#[test]
fn stale_timestamp_is_invalid_unless_tolerance_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = signed(dir.path(), "stripe");
    let late = format!("-p stripe --secret {KEY} --headers-file {text} --now 1700001000");
    let out = verify(&late, BODY);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let first = out.stdout.lines().next().unwrap();
    assert!(first.starts_with("invalid stripe timestamp is 16m 40s old"), "{first}");
    assert!(first.contains("5m tolerance"), "{first}");
    let note = "\n  note the signature itself matches secret #1";
    assert!(out.stdout.contains(note), "{}", out.stdout);

    let json = verify(&format!("{late} --json"), BODY).json();
    assert_eq!((&json["verdict"], &json["valid"]), (&"invalid".into(), &false.into()));
    let problem = &json["problems"][0];
    assert_eq!(problem["code"], "timestamp_too_old");
    assert_eq!(
        (&problem["age_secs"], &problem["tolerance_secs"]),
        (&1000.into(), &300.into())
    );
    assert!(json["reason"].as_str().unwrap().contains("16m 40s"), "{json}");

    for (tolerance, code) in [("0", 0), ("20m", 0), ("1000", 0), ("300", 1), ("999s", 1)] {
        let out = verify(&format!("{late} --tolerance {tolerance}"), BODY);
        assert_eq!(out.code, code, "--tolerance {tolerance}: {}", out.stdout);
    }
}

#[test]
fn future_timestamps_slack_rejects_and_stripe_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let early = "--now 1699996000"; // 4000 s before the signed time
    let (slack, _, _) = signed(dir.path(), "slack");
    let out = verify(
        &format!("-p slack --secret {KEY} --headers-file {slack} {early} --json"),
        BODY,
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.problem_codes(), ["timestamp_in_future"], "{}", out.stdout);
    assert!(out.json()["reason"].as_str().unwrap().contains("in the future"));
    // Stripe's libraries check the age only.
    let (stripe, _, _) = signed(dir.path(), "stripe");
    let out = verify(
        &format!("-p stripe --secret {KEY} --headers-file {stripe} {early}"),
        BODY,
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
}

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
