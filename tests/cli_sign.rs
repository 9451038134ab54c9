//! `hook sign` through the real binary: output shapes, determinism,
//! rotation, body sources and secret sources (published vectors are in
//! `sign_vectors.rs`).

mod common;

use base64::Engine;
use common::*;
use std::time::{SystemTime, UNIX_EPOCH};

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
fn stdout_is_header_lines_only_with_content_type_first() {
    let out = sign("-p stripe --secret whsec_x --timestamp 1", br#"{"a":1}"#);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.len() >= 2, "{}", out.stdout);
    assert_eq!(lines[0], "Content-Type: application/json");
    for line in &lines {
        let (name, value) = line.split_once(": ").expect("a `Name: value` line");
        let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic());
        assert!(name_ok && !value.is_empty(), "{line:?}");
    }
    assert!(out.stderr.is_empty(), "no notes expected: {}", out.stderr);
    // An empty body has no Content-Type to sniff.
    let out = sign("-p stripe --secret whsec_x --timestamp 1", b"");
    assert!(out.header("Content-Type").is_none(), "{}", out.stdout);
    assert!(out.header("Stripe-Signature").is_some());
}

#[test]
fn pinned_timestamp_and_id_give_identical_output_for_every_provider() {
    for info in providers() {
        let name = info["name"].as_str().unwrap();
        if name == "hmac" {
            continue;
        }
        let (secret, _) = secrets_for(name);
        let pins = "--timestamp 1700000000 --id d-1 --url https://x.example/";
        let line = format!("-p {name} --secret {secret} {pins}");
        let first = sign(&line, br#"{"id":"evt_1"}"#);
        let second = sign(&line, br#"{"id":"evt_1"}"#);
        assert_eq!(first.raw_stdout, second.raw_stdout, "{name} varies");
        assert!(first.stdout.lines().count() >= 2, "{name}: {}", first.stdout);
    }
}

#[test]
fn fresh_ids_and_current_timestamp_without_pins() {
    let a = sign(&format!("-p standard --secret {WHSEC}"), b"{}");
    let b = sign(&format!("-p standard --secret {WHSEC}"), b"{}");
    let id_a = a.header("webhook-id").unwrap();
    assert!(id_a.starts_with("msg_") && id_a.len() > 10, "{id_a}");
    assert_ne!(Some(id_a), b.header("webhook-id"), "the same id twice");
    assert_ne!(a.header("webhook-signature"), b.header("webhook-signature"));

    let a = sign("-p github --secret s", b"{}");
    let b = sign("-p github --secret s", b"{}");
    let delivery = a.header("X-GitHub-Delivery").unwrap();
    assert_eq!(delivery.len(), 36, "not a UUID: {delivery}");
    assert_ne!(Some(delivery), b.header("X-GitHub-Delivery"));

    // Without --timestamp the signature carries the current time.
    let before = now();
    let out = sign("-p stripe --secret whsec_x", b"{}");
    let after = now();
    let sig = out.header("Stripe-Signature").unwrap();
    let t = sig.strip_prefix("t=").unwrap().split(',').next().unwrap();
    let t: i64 = t.parse().unwrap();
    assert!(before <= t && t <= after, "t={t} not in {before}..={after}");
}

#[test]
fn several_secrets_rotate_or_note() {
    let pins = "--timestamp 1700000000 --id msg_1";
    let stripe = |secrets: &str| {
        let out = sign(&format!("-p stripe {secrets} {pins}"), b"{}");
        out.header("Stripe-Signature").unwrap()
    };
    let both = stripe("--secret whsec_a --secret whsec_b");
    assert_eq!(both.matches(",v1=").count(), 2, "{both}");
    let b_only = stripe("--secret whsec_b");
    assert!(both.ends_with(b_only.split(',').nth(1).unwrap()), "{both}");

    let other = "whsec_dGhpcyBpcyBteSBuZXcgc2VjcmV0IQ==";
    let line = format!("-p standard --secret {WHSEC} --secret {other} {pins}");
    let list = sign(&line, b"{}").header("webhook-signature").unwrap();
    let entries: Vec<&str> = list.split(' ').collect();
    assert_eq!(entries.len(), 2, "{list}");
    let well_formed = |e: &&str| e.starts_with("v1,") && e.len() == 47;
    assert!(entries.iter().all(well_formed), "{list}");

    let github = sign("-p github --secret first --secret second", b"{}");
    assert!(github.stderr.starts_with("hook: note: "), "{}", github.stderr);
    let note = "github sends one signature";
    assert!(github.stderr.contains(note), "{}", github.stderr);
    assert!(!github.stdout.contains("note"), "{}", github.stdout);
    let sig = github.header("X-Hub-Signature-256").unwrap();
    let first = sign("-p github --secret first", b"{}");
    first.expect_header("X-Hub-Signature-256", &sig);
    assert_eq!(sig.matches("sha256=").count(), 1);
}

/// Another provider's secret among several (one replay signing fixtures of
/// several providers) is skipped with a note; only none usable is an error.
#[test]
fn a_secret_the_provider_cannot_use_is_skipped_with_a_note() {
    let pins = "--timestamp 1700000000 --id msg_1";
    let mixed = sign(&format!("-p standard --secret k3y --secret {WHSEC} {pins}"), b"{}");
    let alone = sign(&format!("-p standard --secret {WHSEC} {pins}"), b"{}");
    assert_eq!(mixed.header("webhook-signature"), alone.header("webhook-signature"));
    assert!(
        mixed.stderr.contains("note: secret #1 was not used"),
        "{}",
        mixed.stderr
    );
    assert!(!mixed.stderr.contains("k3y"), "{}", mixed.stderr);
    let none = run(&format!("sign -p standard --secret k3y {pins}"), Some(b"{}"));
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(
        none.stderr.contains("secret #1 cannot be used for standard"),
        "{}",
        none.stderr
    );
}

#[test]
fn body_from_stdin_dash_and_file_sign_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let body = br#"{"zen":"Keep it logically awesome."}"#;
    let file = write(dir.path(), "body.json", body);
    let line = "sign -p stripe --secret whsec_x --timestamp 1700000000";
    let from_file = run(&format!("{line} {}", s(&file)), None);
    let from_dash = run(&format!("{line} -"), Some(body));
    let from_stdin = run(line, Some(body));
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    assert_eq!(from_file.raw_stdout, from_stdin.raw_stdout);
    assert_eq!(from_file.raw_stdout, from_dash.raw_stdout);
}

#[test]
fn binary_body_signs_its_raw_bytes() {
    let body: &[u8] = &[0x00, b'a', 0xff, 0xfe, 0x80, b'\n', 0x00];
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "body.bin", body);
    let mac = hmac_sha256(b"k", body);
    let sig = format!("sha256={}", hex::encode(&mac));
    let from_stdin = sign("-p github --secret k --id 1", body);
    let from_file = sign(&format!("-p github --secret k --id 1 {}", s(&file)), b"");
    for out in [&from_stdin, &from_file] {
        out.expect_header("X-Hub-Signature-256", &sig);
        out.expect_header("Content-Type", "application/octet-stream");
    }
    // Base64 providers sign the same bytes.
    let b64 = base64::engine::general_purpose::STANDARD.encode(&mac);
    let shopify = sign("-p shopify --secret k --id 1", body);
    shopify.expect_header("X-Shopify-Hmac-Sha256", &b64);
}

#[test]
fn json_format_has_the_same_headers() {
    let line = "-p github --secret a --secret b --timestamp 1700000000 --id d1";
    let lines = headers_of(&sign(line, br#"{"a":1}"#).stdout);
    for extra in ["--format json", "--json"] {
        let json = sign(&format!("{line} {extra}"), br#"{"a":1}"#).json();
        assert_eq!(json["type"], "signed");
        assert_eq!(json["provider"], "github");
        assert_eq!(json["timestamp"], 1700000000);
        let url = json["url"].as_str().unwrap_or_default();
        assert!(url.starts_with("http"), "{json}");
        let map = json["headers"].as_object().expect("headers object");
        assert_eq!(map.len(), lines.len(), "{json}");
        for (name, value) in &lines {
            assert_eq!(map[name].as_str(), Some(value.as_str()), "{name}");
        }
        let notes = json["notes"].as_array().expect("notes array");
        let one = |n: &serde_json::Value| n.as_str().unwrap().contains("one signature");
        assert!(notes.iter().any(one), "{json}");
    }
}

#[test]
fn curl_format_posts_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "it's-body.json", br#"{"a":1}"#);
    let url = "http://localhost:3000/wh";
    let line = format!("-p stripe --secret whsec_x --timestamp 1 --url {url} {}", s(&file));
    let curl = sign(&format!("{line} --format curl"), b"").stdout;
    let headers = sign(&line, b"").stdout;
    assert!(curl.starts_with(&format!("curl -sS -X POST '{url}'")), "{curl}");
    let quoted = s(&file).replace('\'', r"'\''");
    assert!(curl.contains(&format!("--data-binary '@{quoted}'")), "{curl}");
    for (name, value) in headers_of(&headers) {
        assert!(curl.contains(&format!("-H '{name}: {value}'")), "{name}: {curl}");
    }
}

#[test]
fn secret_file_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let line = "-p stripe --timestamp 1700000000";
    let one = sign(&format!("{line} --secret whsec_a"), b"{}").stdout;
    let two = sign(&format!("{line} --secret whsec_a --secret whsec_b"), b"{}").stdout;
    for content in ["whsec_a\n", "whsec_a", "whsec_a\r\n"] {
        let file = write(dir.path(), "one", content.as_bytes());
        let out = sign(&format!("{line} --secret-file {}", s(&file)), b"{}");
        assert_eq!(out.stdout, one, "secret file {content:?}");
    }
    let file = write(dir.path(), "two", b"whsec_a\nwhsec_b\n");
    let out = sign(&format!("{line} --secret-file {}", s(&file)), b"{}");
    assert_eq!(out.stdout, two);
    // HOOK_SECRET_FILE is the same flag.
    let c = cmd(&argv(&format!("sign {line}"))).env("HOOK_SECRET_FILE", s(&file));
    let out = c.stdin("{}").run();
    assert_eq!(out.stdout, two, "{}", out.stderr);
}

#[test]
fn hook_secret_and_hook_provider_env() {
    let by_flag = sign("-p stripe --secret whsec_env --timestamp 5", b"{}");
    let c = cmd(&argv("sign -p stripe --timestamp 5")).env("HOOK_SECRET", "whsec_env");
    let out = c.stdin("{}").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, by_flag.stdout);
    let c = cmd(&argv("sign --secret whsec_env --timestamp 5")).env("HOOK_PROVIDER", "stripe");
    let out = c.stdin("{}").run();
    assert_eq!(out.stdout, by_flag.stdout, "{}", out.stderr);
}

#[test]
fn method_is_signed_where_the_provider_signs_it_and_sent_by_curl() {
    let url = "--url https://app.example/hs --timestamp 1700000000";
    let get = sign(&format!("-p hubspot --secret hs-secret {url} --method GET"), b"");
    let post = sign(&format!("-p hubspot --secret hs-secret {url}"), b"");
    let sig = |o: &Output| o.header("X-HubSpot-Signature-v3").unwrap_or_default().to_string();
    assert_ne!(sig(&get), sig(&post), "HubSpot signs the method");
    let curl = sign(
        &format!("-p hubspot --secret hs-secret {url} --method GET --format curl"),
        b"",
    );
    assert!(curl.stdout.starts_with("curl -sS -X GET "), "{}", curl.stdout);
    let json = sign("-p github --secret s --method PUT --format json", b"{}").json();
    assert_eq!(json["method"], "PUT");
    let out = run("sign -p github --secret s --method P0ST", Some(b"{}"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("\"P0ST\" is not an HTTP method") && out.stderr.contains("hint:"));
}

#[test]
fn a_secret_may_begin_with_a_dash_and_a_forgotten_one_is_named() {
    // URL-safe base64 tokens can begin with '-': clap must take it as the value,
    // not report it (and so part of the secret) as an unknown flag.
    let dashed = hook(
        &["sign", "-p", "github", "--secret", "-Xk9tok", "--timestamp", "1"],
        Some(b"{}"),
    );
    assert_eq!(dashed.code, 0, "{}", dashed.stderr);
    let equals = hook(
        &["sign", "-p", "github", "--secret=-Xk9tok", "--timestamp", "1"],
        Some(b"{}"),
    );
    let sig = |o: &Output| o.header("X-Hub-Signature-256");
    assert_eq!(sig(&dashed), sig(&equals));
    // The secret left out: the next flag is not taken as the secret.
    let out = hook(&["sign", "-p", "github", "--secret", "--event", "ping"], Some(b"{}"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("'--event'") && out.stderr.contains("not a secret"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint: "), "{}", out.stderr);
}
