//! Mailgun (SIGNATURES.md §15): the signature inside the body, checked
//! against an independent HMAC, in JSON and legacy form bodies.

use super::vectors::{check, codes, secrets};
use super::*;

const KEY: &str = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
const TOKEN: &str = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
/// hex HMAC-SHA256(KEY, "1529006854" || TOKEN), computed with Python's hmac module.
const SIG: &str = "b63c0701c4f4b614f272106a1b367c5c3369bcdca664ae73ebd52787e45eef07";

fn json_body(sig: &str) -> String {
    format!(
        r#"{{"signature":{{"timestamp":"1529006854","token":"{TOKEN}","signature":"{sig}"}},"event-data":{{"event":"opened","id":"ev1"}}}}"#
    )
}

fn signed_body(secret: &str, ts: i64, id: Option<&str>, body: &[u8]) -> Vec<u8> {
    let s = secrets(&[secret]);
    let input = SignInput {
        body,
        secrets: &s,
        timestamp: ts,
        id,
        url: None,
        method: "POST",
        event: None,
    };
    let signed = find("mailgun").unwrap().sign(&input).unwrap();
    assert!(signed.headers.is_empty(), "mailgun sends no signature header");
    signed.body.expect("mailgun returns the signed body")
}

#[test]
fn mailgun_matches_an_independent_hmac_in_json_and_form_bodies() {
    let none = HeaderList::new();
    let v = check("mailgun", &[KEY], &none, None, 0, json_body(SIG).as_bytes());
    assert!(v.valid, "{v:?}");
    let form = format!("timestamp=1529006854&token={TOKEN}&signature={SIG}&event=opened");
    assert!(check("mailgun", &[KEY], &none, None, 0, form.as_bytes()).valid);
    // Signing the same timestamp and token writes the same signature, in place.
    let body = signed_body(KEY, 1529006854, Some(TOKEN), json_body("").as_bytes());
    assert_eq!(String::from_utf8(body).unwrap(), json_body(SIG));
    let form = signed_body(KEY, 1529006854, Some(TOKEN), b"event=opened&token=old");
    assert_eq!(
        String::from_utf8(form).unwrap(),
        format!("event=opened&token={TOKEN}&timestamp=1529006854&signature={SIG}")
    );
    // A form piped in with `echo` ends in a newline: still a form.
    let piped = signed_body(KEY, 1529006854, Some(TOKEN), b"event=opened\n");
    let want = format!("event=opened&timestamp=1529006854&token={TOKEN}&signature={SIG}");
    assert_eq!(String::from_utf8(piped).unwrap(), want);
}

#[test]
fn mailgun_signs_a_fresh_random_token_and_is_detected_by_its_body() {
    let a = signed_body(KEY, 1_700_000_000, None, br#"{"event-data":{"event":"delivered"}}"#);
    let b = signed_body(KEY, 1_700_000_000, None, br#"{"event-data":{"event":"delivered"}}"#);
    assert_ne!(a, b, "the token is fresh each time");
    let token = serde_json::from_slice::<serde_json::Value>(&a).unwrap()["signature"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 50);
    let none = HeaderList::new();
    assert_eq!(detect_request(&none, &a).map(|s| s.name()), Some("mailgun"));
    assert!(detect_request(&none, br#"{"event-data":{"event":"delivered"}}"#).is_none());
    assert!(
        detect_request(&none, json_body("").as_bytes()).is_none(),
        "an empty signature is unsigned"
    );
    let d = find("mailgun").unwrap().describe(&none, &body_view::BodyView::of(&a));
    assert_eq!(d.event.as_deref(), Some("delivered"));
}

#[test]
fn mailgun_failures_say_why() {
    let none = HeaderList::new();
    let body = json_body(SIG);
    let v = check("mailgun", &["other-key"], &none, None, 0, body.as_bytes());
    assert_eq!(v.problems, vec![Problem::NoMatch { secrets: 1 }]);
    let v = check("mailgun", &[&format!("{KEY}\n")], &none, None, 0, body.as_bytes());
    assert!(codes(&v).contains(&"secret_misused"), "{v:?}");
    let v = check("mailgun", &[KEY], &none, None, 0, br#"{"event-data":{}}"#);
    assert_eq!(
        v.problems,
        vec![Problem::MissingField {
            field: "signature.timestamp".into()
        }]
    );
    let v = check(
        "mailgun",
        &[KEY],
        &none,
        None,
        0,
        json_body(&SIG.to_uppercase()).as_bytes(),
    );
    assert!(matches!(v.problems[..], [Problem::MalformedField { .. }]), "{v:?}");
    // No tolerance by default; one given judges the signed timestamp.
    let s = secrets(&[KEY]);
    let input = VerifyInput {
        body: body.as_bytes(),
        headers: &none,
        secrets: &s,
        url: None,
        method: "POST",
        now: 1529006854 + 600,
        tolerance: Some(std::time::Duration::from_secs(300)),
    };
    let v = verify(find("mailgun").unwrap(), &input).unwrap();
    assert!(
        matches!(v.problems[..], [Problem::TimestampTooOld { age_secs: 600, .. }]),
        "{v:?}"
    );
}

#[test]
fn a_form_repeating_a_signature_field_with_another_value_is_remarked() {
    let none = HeaderList::new();
    // The last token is the signed one: valid, and the repeat is named.
    let form = format!("token=forged&timestamp=1529006854&token={TOKEN}&signature={SIG}");
    let v = check("mailgun", &[KEY], &none, None, 0, form.as_bytes());
    assert!(v.valid, "{v:?}");
    let remark = v.findings.iter().find(|f| f.code == "repeated_field");
    let remark = remark.unwrap_or_else(|| panic!("no repeated_field: {v:?}"));
    assert!(remark.message.contains("token 2 times"), "{}", remark.message);
    assert!(
        !remark.message.contains("forged"),
        "values are not quoted: {}",
        remark.message
    );
    // The same value twice is no ambiguity.
    let twice = format!("timestamp=1529006854&timestamp=1529006854&token={TOKEN}&signature={SIG}");
    let v = check("mailgun", &[KEY], &none, None, 0, twice.as_bytes());
    assert!(v.valid && !codes(&v).contains(&"repeated_field"), "{v:?}");
}
