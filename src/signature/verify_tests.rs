//! Verification failures through the `Scheme` interface: each reason and
//! each diagnosis of the likely cause.

use super::vectors::{check, codes, headers, sign};
use super::*;

#[test]
fn stale_and_future_timestamps_say_by_how_much() {
    let h = sign("stripe", &["whsec_x"], 1000, None, None, b"{}");
    let v = check("stripe", &["whsec_x"], &h, None, 1000 + 725, b"{}");
    assert_eq!(
        v.problems,
        vec![Problem::TimestampTooOld {
            age_secs: 725,
            tolerance_secs: 300
        }]
    );
    assert!(v.matched.is_some(), "signature itself is right");
    assert!(
        check("stripe", &["whsec_x"], &h, None, 0, b"{}").valid,
        "stripe accepts future timestamps"
    );
    let h = sign("slack", &["x"], 5000, None, None, b"{}");
    let v = check("slack", &["x"], &h, None, 1000, b"{}");
    assert_eq!(
        v.problems,
        vec![Problem::TimestampInFuture {
            ahead_secs: 4000,
            tolerance_secs: 300
        }]
    );
}

#[test]
fn diagnoses_reencoded_body_and_trailing_newline() {
    let h = sign("github", &["k"], 0, None, None, br#"{"a":1,"b":[1,2]}"#);
    let v = check(
        "github",
        &["k"],
        &h,
        None,
        0,
        b"{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}",
    );
    assert!(codes(&v).contains(&"body_reencoded"), "{v:?}");
    assert!(v.findings[0].message.contains("compact JSON"));
    let v = check("github", &["k"], &h, None, 0, b"{\"a\":1,\"b\":[1,2]}\n");
    assert!(
        v.findings
            .iter()
            .any(|f| f.message.contains("without its trailing newline")),
        "{v:?}"
    );
}

#[test]
fn diagnoses_secret_conventions_and_older_secret() {
    // A whsec_ secret base64-decoded for Stripe.
    let decoded_key = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    )
    .unwrap();
    let mac = mac::Algorithm::Sha256.mac(&decoded_key, &[b"100.{}"]);
    let h = headers(&[("Stripe-Signature", &format!("t=100,v1={}", hex::encode(mac)))]);
    let v = check(
        "stripe",
        &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        &h,
        None,
        100,
        b"{}",
    );
    assert!(
        v.findings
            .iter()
            .any(|f| f.code == "secret_misused" && f.message.contains("decoded")),
        "{v:?}"
    );
    // A Standard Webhooks secret used as text.
    let raw = mac::Algorithm::Sha256.mac(b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &[b"m.100.{}"]);
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, raw);
    let h = headers(&[
        ("webhook-id", "m"),
        ("webhook-timestamp", "100"),
        ("webhook-signature", &format!("v1,{b64}")),
    ]);
    let v = check(
        "standard",
        &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        &h,
        None,
        100,
        b"{}",
    );
    assert!(codes(&v).contains(&"secret_misused"), "{v:?}");
    // Rotation: valid with the second secret, and said so.
    let h = sign("github", &["old"], 0, None, None, b"x");
    let v = check("github", &["new", "old"], &h, None, 0, b"x");
    assert!(v.valid && codes(&v) == vec!["older_secret"], "{v:?}");
    // A secret before it that was not tried (another provider's) is no rotation.
    let whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let h = sign("standard", &[whsec], 100, Some("msg_1"), None, b"x");
    let v = check("standard", &["plain-text", whsec], &h, None, 100, b"x");
    assert!(v.valid && codes(&v) == vec!["secret_skipped"], "{v:?}");
}

#[test]
fn diagnoses_url_and_wrong_algorithm() {
    let h = sign("square", &["k"], 0, None, Some("https://abc.example/hooks"), b"{}");
    let v = check("square", &["k"], &h, Some("http://abc.example/hooks"), 0, b"{}");
    assert!(
        v.findings
            .iter()
            .any(|f| f.code == "url_differs" && f.message.contains("https://abc.example/hooks")),
        "{v:?}"
    );
    let sha1 = hex::encode(mac::Algorithm::Sha1.mac(b"k", &[b"body"]));
    let h = headers(&[("X-Hub-Signature-256", &format!("sha256={sha1}"))]);
    let v = check("github", &["k"], &h, None, 0, b"body");
    assert!(codes(&v).contains(&"wrong_algorithm"), "{v:?}");
}

#[test]
fn missing_and_malformed_headers_are_named() {
    let v = check(
        "stripe",
        &["whsec_x"],
        &headers(&[("X-Hub-Signature-256", "sha256=00")]),
        None,
        0,
        b"{}",
    );
    assert_eq!(
        v.problems,
        vec![Problem::MissingHeader {
            header: "Stripe-Signature".into()
        }]
    );
    assert!(codes(&v).contains(&"other_provider"));
    let v = check(
        "stripe",
        &["whsec_x"],
        &headers(&[("Stripe-Signature", "v1=abc")]),
        None,
        0,
        b"{}",
    );
    assert!(
        matches!(&v.problems[0], Problem::MalformedHeader { why, .. } if why.contains("t=")),
        "{v:?}"
    );
    let v = check(
        "github",
        &["k"],
        &headers(&[("X-Hub-Signature-256", "abc")]),
        None,
        0,
        b"{}",
    );
    assert!(
        matches!(&v.problems[0], Problem::MalformedHeader { why, .. } if why.contains("sha256=")),
        "{v:?}"
    );
}
