//! `hook sign` through the real binary: published vectors, output shapes,
//! determinism, rotation, body sources and secret sources.

mod common;

use base64::Engine;
use common::*;
use std::time::{SystemTime, UNIX_EPOCH};

const SLACK_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const TWILIO_URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

/// `hook sign LINE` with a body on stdin; asserts success.
fn sign(line: &str, body: &[u8]) -> Output {
    let out = run(&format!("sign {line}"), Some(body));
    assert_eq!(out.code, 0, "hook sign {line}: {}", out.stderr);
    out
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
fn github_vectors() {
    let args = ["sign", "-p", "github", "--secret", "It's a Secret to Everybody"];
    let out = hook(&args, Some(b"Hello, World!"));
    let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    out.expect_header("X-Hub-Signature-256", sig);
    let out = sign("-p github --secret mysecret", br#"{"foo":"bar"}"#);
    let sig = "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3";
    out.expect_header("X-Hub-Signature-256", sig);
}

#[test]
fn stripe_vector() {
    let body = br#"{"id":"evt_test_webhook","object":"event"}"#;
    let out = sign("-p stripe --secret whsec_test_secret --timestamp 1492774577", body);
    let sig = "t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a";
    out.expect_header("Stripe-Signature", sig);
}

#[test]
fn slack_docs_vector() {
    let line = "-p slack --secret 8f742231b10e8888abcd99yyyzzz85a5 --timestamp 1531420618";
    let out = sign(line, SLACK_BODY.as_bytes());
    out.expect_header("X-Slack-Request-Timestamp", "1531420618");
    let sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    out.expect_header("X-Slack-Signature", sig);
    out.expect_header("Content-Type", "application/x-www-form-urlencoded");
}

#[test]
fn standard_and_svix_vector() {
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    for (provider, prefix) in [("standard", "webhook"), ("svix", "svix")] {
        let line = format!("-p {provider} --secret {WHSEC} --timestamp 1614265330 --id {id}");
        let out = sign(&line, br#"{"test": 2432232314}"#);
        out.expect_header(&format!("{prefix}-signature"), sig);
        out.expect_header(&format!("{prefix}-id"), id);
        out.expect_header(&format!("{prefix}-timestamp"), "1614265330");
    }
}

#[test]
fn paddle_vectors() {
    let line = "-p paddle --secret VALID_SECRET --timestamp 1698796800";
    let out = sign(line, br#"{"data": ["1", "2"]}"#);
    let h1 = "a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9";
    out.expect_header("Paddle-Signature", &format!("ts=1698796800;h1={h1}"));
    let out = sign(line, br#"{"data": "value"}"#);
    let h1 = "28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261";
    out.expect_header("Paddle-Signature", &format!("ts=1698796800;h1={h1}"));
}

#[test]
fn twilio_form_and_json_vectors() {
    let form = b"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
    let line = format!("-p twilio --secret 12345 --url {TWILIO_URL}");
    sign(&line, form).expect_header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

    // A JSON body is signed through `bodySHA256` in the URL, which --format json reports.
    let body = br#"{"property": "value", "boolean": true}"#;
    let json = sign(&format!("{line} --format json"), body).json();
    let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    assert_eq!(json["url"], format!("{TWILIO_URL}&bodySHA256={hash}"));
    assert_eq!(json["headers"]["X-Twilio-Signature"], "a9nBmqA0ju/hNViExpshrM61xv4=");
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
fn providers_lists_every_provider() {
    let names = "github stripe slack shopify standard svix twilio paddle linear gitlab pagerduty woocommerce \
                 vercel square zoom twitch typeform calendly mux discord bitbucket intercom lemonsqueezy \
                 dropbox sentry hmac";
    let text = run("providers", None);
    assert_eq!(text.code, 0);
    let names_in_table = text.stdout.lines().filter(|l| !l.starts_with(' '));
    let listed: Vec<&str> = names_in_table.filter_map(|l| l.split_whitespace().next()).collect();
    let json = providers();
    assert_eq!(json.len(), names.split_whitespace().count(), "{}", text.stdout);
    for name in names.split_whitespace() {
        assert!(listed.contains(&name), "{name} missing from hook providers");
        let info = json.iter().find(|i| i["name"] == name).expect("in --json");
        assert!(info["headers"].as_array().is_some_and(|h| !h.is_empty()), "{info}");
        assert!(info["title"].as_str().is_some_and(|t| !t.is_empty()), "{info}");
    }
}
