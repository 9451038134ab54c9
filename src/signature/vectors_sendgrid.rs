//! SendGrid (SIGNATURES.md §16): the official SDKs' test vector, and a key
//! pair of our own for signing (its scalar is SHA-256 of "hook sendgrid test key").

use super::vectors::{check, codes, headers, secrets};
use super::*;

/// The SDK tests' public key, timestamp, body and signature.
const SDK_PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
const SDK_TS: &str = "1588788367";
const SDK_BODY: &str = r#"{"category":"example_payload","event":"test_event","message_id":"message_id"}"#;
const SDK_SIG: &str =
    "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";

pub(super) const PRIVATE_HEX: &str = "d8d7426883fa1b668988ec87f63db5b46716714b44f5b7ea620445bac44f162f";
const PRIVATE_PKCS8: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2NdCaIP6G2aJiOyH9j21tGcWcUtE9bfqYgRFusRPFi+hRANCAATZ6b2h+C2EXiYx8Cz0zsRDbeHr3YBE9iNeEBQCJ6qYFQROA/Gww+oj1w9LdufcO6evLjAAYEXMgfxu4+Jl3A9v";
pub(super) const PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2em9ofgthF4mMfAs9M7EQ23h692ARPYjXhAUAieqmBUETgPxsMPqI9cPS3bn3Dunry4wAGBFzIH8buPiZdwPbw==";

fn sdk_headers(sig: &str) -> HeaderList {
    headers(&[
        ("X-Twilio-Email-Event-Webhook-Signature", sig),
        ("X-Twilio-Email-Event-Webhook-Timestamp", SDK_TS),
    ])
}

#[test]
fn sendgrid_sdk_vector() {
    let v = check(
        "sendgrid",
        &[SDK_PUBLIC],
        &sdk_headers(SDK_SIG),
        None,
        0,
        SDK_BODY.as_bytes(),
    );
    assert!(v.valid, "{v:?}");
    assert_eq!(detect(&sdk_headers(SDK_SIG)).map(|s| s.name()), Some("sendgrid"));
    let changed = SDK_BODY.replace("test_event", "test_evenT");
    let v = check(
        "sendgrid",
        &[SDK_PUBLIC],
        &sdk_headers(SDK_SIG),
        None,
        0,
        changed.as_bytes(),
    );
    assert_eq!(v.problems, vec![Problem::NoMatch { secrets: 1 }]);
    // Another key: no match either.
    let v = check(
        "sendgrid",
        &[PUBLIC],
        &sdk_headers(SDK_SIG),
        None,
        0,
        SDK_BODY.as_bytes(),
    );
    assert!(!v.valid);
}

#[test]
fn sendgrid_signs_with_either_private_key_form_and_names_the_public_key() {
    for private in [PRIVATE_HEX, PRIVATE_PKCS8] {
        let s = secrets(&[private]);
        let input = SignInput {
            body: SDK_BODY.as_bytes(),
            secrets: &s,
            timestamp: 1588788367,
            id: None,
            url: None,
            method: "POST",
            event: None,
        };
        let signed = find("sendgrid").unwrap().sign(&input).unwrap();
        assert!(signed.notes.iter().any(|n| n.contains(PUBLIC)), "{:?}", signed.notes);
        let v = check("sendgrid", &[PUBLIC], &signed.headers, None, 0, SDK_BODY.as_bytes());
        assert!(v.valid, "{v:?}");
        // The private key where the public one belongs: named, with the fix.
        let v = check("sendgrid", &[private], &signed.headers, None, 0, SDK_BODY.as_bytes());
        assert!(!v.valid && codes(&v).contains(&"secret_misused"), "{v:?}");
        // A body re-encoded on the way: named.
        let pretty = b"{\n  \"category\": \"example_payload\",\n  \"event\": \"test_event\",\n  \"message_id\": \"message_id\"\n}";
        let v = check("sendgrid", &[PUBLIC], &signed.headers, None, 0, pretty);
        assert!(codes(&v).contains(&"body_reencoded"), "{v:?}");
    }
}

#[test]
fn sendgrid_bad_input_is_named() {
    let v = check("sendgrid", &[SDK_PUBLIC], &sdk_headers("not base64!"), None, 0, b"{}");
    assert!(matches!(v.problems[..], [Problem::MalformedHeader { .. }]), "{v:?}");
    let only_sig = headers(&[("X-Twilio-Email-Event-Webhook-Signature", SDK_SIG)]);
    let v = check("sendgrid", &[SDK_PUBLIC], &only_sig, None, 0, b"{}");
    assert_eq!(
        v.problems,
        vec![Problem::MissingHeader {
            header: "X-Twilio-Email-Event-Webhook-Timestamp".into()
        }]
    );
    let s = secrets(&["not-a-key"]);
    let h = sdk_headers(SDK_SIG);
    let input = VerifyInput {
        body: b"{}",
        headers: &h,
        secrets: &s,
        url: None,
        method: "POST",
        now: 0,
        tolerance: None,
    };
    let err = find("sendgrid").unwrap().verify(&input).unwrap_err();
    assert!(!format!("{err:#}").contains("not-a-key"), "{err:#}");
}
