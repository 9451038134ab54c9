//! `hook verify` through the real binary: sign → verify round trips for every
//! provider, detection, and timestamps (diagnoses: `cli_verify_diagnose.rs`).

mod common;

use common::verify::*;
use common::*;
use std::path::Path;

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
        let body = sent_body(&json);
        for file in [&text, &json] {
            let line = format!("-p {p} --secret {secret} --headers-file {file}");
            let line = format!("{line} --url {url} --now {NOW}");
            let out = verify(&line, &body);
            assert_eq!(out.code, 0, "{p} {file}: {}{}", out.stdout, out.stderr);
            assert!(out.stdout.starts_with(&format!("valid {p} ")), "{}", out.stdout);
            assert!(out.stdout.contains("matches secret #1 of 1"), "{}", out.stdout);

            let out = verify(&line, &tampered(&body));
            // GitLab sends its token as is, and Mailgun signs only a timestamp and a
            // token: nothing covers the body, so a changed body still verifies.
            let expected = if ["gitlab", "mailgun"].contains(&p) { 0 } else { 1 };
            assert_eq!(out.code, expected, "{p} tampered: {}", out.stdout);
            if expected == 1 {
                assert!(out.stdout.starts_with(&format!("invalid {p} ")), "{}", out.stdout);
            }
        }
    }
}

#[test]
fn auto_detects_every_provider_from_its_signature_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    // Intercom, Bitbucket and GitHub's legacy header share X-Hub-Signature:
    // its sha1=/sha256= shape and GitHub's own headers tell them apart.
    for info in &providers() {
        let p = info["name"].as_str().unwrap();
        if p == "hmac" {
            continue;
        }
        let (_, secret) = secrets_for(p);
        let (text, json, url) = signed(dir.path(), p);
        let body = sent_body(&json);
        let line = format!("--secret {secret} --headers-file {text} --url {url} --now {NOW}");
        let out = verify(&line, &body);
        assert_eq!(out.code, 0, "{p}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.starts_with(&format!("valid {p} ")), "{}", out.stdout);
        let json = verify(&format!("-p auto {line} --json"), &body).json();
        assert_eq!(json["provider"], p);
        checked += 1;
    }
    assert!(checked >= 24, "only {checked} providers checked");
    // GitHub with only its legacy SHA-1 header is still GitHub, and says so.
    let (text, _, _) = signed(dir.path(), "github");
    let legacy: String = std::fs::read_to_string(&text)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("-256"))
        .map(|l| format!("{l}\n"))
        .collect();
    let legacy = write(dir.path(), "legacy.txt", legacy.as_bytes());
    let (_, secret) = secrets_for("github");
    let out = verify(
        &format!("--secret {secret} --headers-file {} --now {NOW} --json", s(&legacy)),
        BODY,
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let json = out.json();
    assert_eq!(json["provider"], "github", "{json}");
    assert!(out.stdout.contains("legacy"), "{}", out.stdout);
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
fn jira_admin_webhooks_verify_and_are_named_jira() {
    // Jira's admin webhooks: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>`
    // (SIGNATURES.md §29). The MAC is openssl's: `openssl dgst -sha256 -hmac s3cret`.
    let body = br#"{"webhookEvent":"jira:issue_created"}"#;
    let mac = "5ab55f7b72371fd2e7a1600c3bd8350b77dad92d8a82b18a6721676d53243a5e";
    let signature = format!("X-Hub-Signature: sha256={mac}");
    let args = [
        "verify",
        "--secret",
        "s3cret",
        "-H",
        &signature,
        "-H",
        "X-Atlassian-Webhook-Identifier: 1",
    ];
    let out = hook(&args, Some(body));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // X-Atlassian-Webhook-Identifier beside the shared header makes it Jira's, not Bitbucket's.
    assert!(out.stdout.starts_with("valid jira "), "{}", out.stdout);
    let out = hook(&args, Some(br#"{"webhookEvent":"jira:issue_deleted"}"#));
    assert_eq!(out.code, 1, "a changed body must not verify: {}", out.stdout);
}

#[test]
fn svix_reads_webhook_names_and_prefers_its_own_when_both_are_sent() {
    // Svix's libraries read `webhook-*` when `svix-*` is absent, and prefer
    // `svix-*` when both are present (SIGNATURES.md §6).
    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = secrets_for("svix");
    let (standard, _, _) = signed(dir.path(), "standard");
    let line = format!("--secret {secret} --headers-file {standard} --now {NOW}");
    let out = verify(&format!("-p svix {line}"), BODY);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("valid svix "), "{}", out.stdout);
    // Alone, the webhook-* names are still Standard Webhooks.
    assert!(verify(&line, BODY).stdout.starts_with("valid standard "));

    // Both sets, the webhook-* one broken: detection picks svix-* and verifies.
    let (svix, _, _) = signed(dir.path(), "svix");
    let broken = std::fs::read_to_string(&standard).unwrap().replace("v1,", "v1,AAAA");
    let both = format!("{}{broken}", std::fs::read_to_string(&svix).unwrap());
    let both = write(dir.path(), "both.txt", both.as_bytes());
    let out = verify(
        &format!("--secret {secret} --headers-file {} --now {NOW}", s(&both)),
        BODY,
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("valid svix "), "{}", out.stdout);

    // Neither set: the finding names both places the signature may travel.
    let args = [
        "verify",
        "-p",
        "svix",
        "--secret",
        secret,
        "-H",
        "svix-id: msg_1",
        "--now",
        NOW,
    ];
    let out = hook(&args, Some(BODY));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("svix-signature or webhook-signature"),
        "{}",
        out.stdout
    );
}

#[test]
fn linear_reads_a_timestamp_string_and_says_when_it_has_none() {
    // Linear signs the body alone, so its timestamp can be absent or a string.
    let check = |body: &[u8], extra: &str| {
        let mac = hex::encode(hmac_sha256(b"lin-key", body));
        verify(
            &format!("-p linear --secret lin-key -H Linear-Signature:{mac} --now {NOW} --json {extra}"),
            body,
        )
    };
    let stale = format!(r#"{{"action":"create","webhookTimestamp":"{}000"}}"#, 1_699_999_000);
    let out = check(stale.as_bytes(), "");
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(out.problem_codes(), ["timestamp_too_old"], "{}", out.stdout);
    let out = check(br#"{"action":"create"}"#, "");
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(out.finding_codes(), ["timestamp_unchecked"], "{}", out.stdout);
    // With the check turned off there is nothing to say.
    let out = check(br#"{"action":"create"}"#, "--tolerance 0");
    assert_eq!((out.code, out.finding_codes().len()), (0, 0), "{}", out.stdout);
}
