//! Property tests over every provider in the registry: what one signs, it
//! verifies; a flipped body byte or another secret is a mismatch, never a
//! match or a panic. Provider added later are covered by iterating `schemes()`.

use super::*;
use crate::secret::Secret;
use base64::engine::general_purpose::{STANDARD as B64, STANDARD_NO_PAD};
use base64::Engine;
use proptest::prelude::*;

/// Few cases, no files: every case runs every provider.
pub(super) fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Body bytes: mostly short (any bytes, JSON, a form), now and then up to 64 KiB.
pub(super) fn body() -> impl Strategy<Value = Vec<u8>> {
    body_up_to(65_536)
}

/// Body bytes as [`body`] makes them, the long ones shorter than `max`: a
/// mismatch's diagnosis hashes the body a dozen times per provider.
pub(super) fn body_up_to(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..128),
        2 => "\\PC{0,64}".prop_map(|t| serde_json::json!({ "type": t, "id": 1 }).to_string().into_bytes()),
        2 => "[a-zA-Z0-9%+]{1,8}=[a-zA-Z0-9%+ ]{0,12}(&[a-z]{1,4}=[^&=\\s]{0,8}){0,3}".prop_map(String::into_bytes),
        // Mailgun's legacy form fields, repeated or not.
        1 => "(timestamp|token|signature|event)=[a-z0-9]{0,3}(&(timestamp|token|signature|event)=[a-z0-9]{0,3}){0,5}"
            .prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..max),
    ]
}

/// The secret a provider signs with and the one it verifies with, made
/// from random material in one of the shapes the provider accepts.
pub(super) fn key_pair(name: &str, seed: [u8; 32], text: &str, shape: u8) -> (String, String) {
    match name {
        "discord" => {
            let key = ed25519_dalek::SigningKey::from_bytes(&seed);
            (hex::encode(seed), hex::encode(key.verifying_key().to_bytes()))
        }
        "sendgrid" => {
            // A seed outside the curve's order is rare; fall back to a fixed scalar.
            let key = p256::ecdsa::SigningKey::from_slice(&seed)
                .unwrap_or_else(|_| p256::ecdsa::SigningKey::from_slice(&[7; 32]).expect("7…7 is a scalar"));
            let public = super::sendgrid::public_text(key.verifying_key());
            // The hex scalar, as is or with the line end a key file has.
            let private = hex::encode(key.to_bytes()) + if shape % 2 == 1 { "\n" } else { "" };
            (private, public)
        }
        "standard" | "svix" => {
            let len = 1 + usize::from(seed[0] % 31);
            let b64 = match shape % 3 {
                0 => B64.encode(&seed[..len]),
                1 => STANDARD_NO_PAD.encode(&seed[..len]),
                _ => return (B64.encode(&seed[..len]), B64.encode(&seed[..len])),
            };
            let s = format!("whsec_{b64}");
            (s.clone(), s)
        }
        _ => (text.to_string(), text.to_string()),
    }
}

/// Secrets from strings.
pub(super) fn secrets(list: &[&str]) -> Vec<Secret> {
    list.iter().map(|s| Secret::new(*s)).collect()
}

/// Whether signing may refuse this body: Mailgun's that is neither JSON nor
/// a form, Twilio's form that is not UTF-8 once decoded.
pub(super) fn refuses(name: &str, body: &[u8]) -> bool {
    match name {
        // Mailgun signs inside a JSON object or a form; other JSON (`0`,
        // `[1]`, `"a"`) is refused, like anything that is neither.
        "mailgun" => {
            let body = body.trim_ascii_end();
            let json = serde_json::from_slice::<serde_json::Value>(body);
            let empty = body.iter().all(u8::is_ascii_whitespace);
            let form = json.is_err() && super::describe::form_value(body).is_some();
            !(empty || form || matches!(json, Ok(serde_json::Value::Object(_))))
        }
        "twilio" => !super::twilio::form_is_utf8(body),
        _ => false,
    }
}

/// Sign `body` for `scheme` and check what was sent; `None` when signing
/// refused this input (see [`refuses`]).
fn round_trip(
    scheme: &dyn Scheme,
    (signer, verifier): (&str, &str),
    body: &[u8],
    ts: i64,
    url: &str,
    method: &str,
    tamper: Option<usize>,
) -> Option<Verdict> {
    let sign_with = secrets(&[signer]);
    let signed = match scheme.sign(&SignInput {
        body,
        secrets: &sign_with,
        timestamp: ts,
        id: None,
        url: Some(url),
        method,
        event: Some("ping"),
    }) {
        Ok(s) => s,
        Err(e) if refuses(scheme.name(), body) => {
            assert!(signer.chars().count() < 8 || !format!("{e:#}").contains(signer));
            return None;
        }
        Err(e) => panic!("{}: sign failed: {e:#}", scheme.name()),
    };
    let mut sent = signed.body.clone().unwrap_or_else(|| body.to_vec());
    if let Some(at) = tamper.filter(|_| !sent.is_empty()) {
        let at = at % sent.len();
        sent[at] ^= 0x01;
    }
    let verify_with = secrets(&[verifier]);
    let url = signed.url.as_deref().unwrap_or(url);
    let input = VerifyInput {
        body: &sent,
        headers: &signed.headers,
        secrets: &verify_with,
        url: Some(url),
        method,
        now: ts,
        tolerance: None,
    };
    Some(verify(scheme, &input).unwrap_or_else(|e| panic!("{}: verify failed: {e:#}", scheme.name())))
}

/// A URL or path as people pass them, or any text at all.
pub(super) fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        "https?://[a-z]{1,10}\\.example(:[0-9]{1,5})?(/[a-zA-Z0-9%._~-]{0,8}){0,3}(\\?[a-z]{1,4}=[^#\\s]{0,10}(&[a-z]{1,3}=[a-z0-9]{0,4}){0,2})?(#[a-z]{0,4})?",
        "/[\\PC]{0,20}",
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn every_provider_verifies_what_it_signs(
        body in body(),
        seed in any::<[u8; 32]>(),
        text in "\\PC{1,40}",
        shape in any::<u8>(),
        ts in 0i64..=253_402_300_799,
        url in url(),
        method in prop_oneof!["POST", "GET", "PUT", "[A-Z]{1,7}"],
    ) {
        for scheme in schemes() {
            let (signer, verifier) = key_pair(scheme.name(), seed, &text, shape);
            if let Some(v) = round_trip(*scheme, (&signer, &verifier), &body, ts, &url, &method, None) {
                prop_assert!(v.valid, "{}: {v:?}", scheme.name());
            }
        }
    }

}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn a_flipped_body_byte_or_another_secret_is_a_mismatch(
        body in body_up_to(8192),
        seed in any::<[u8; 32]>(),
        other in any::<[u8; 32]>(),
        text in "\\PC{1,40}",
        other_text in "\\PC{1,40}",
        shape in any::<u8>(),
        at in any::<usize>(),
        ts in 0i64..=4_102_444_800,
        url in url(),
    ) {
        prop_assume!(seed != other && text != other_text);
        for scheme in schemes() {
            let name = scheme.name();
            let (signer, verifier) = key_pair(name, seed, &text, shape);
            if scheme.signs_body() {
                if let Some(v) = round_trip(*scheme, (&signer, &verifier), &body, ts, &url, "POST", Some(at)) {
                    let tampered = !body.is_empty();
                    prop_assert!(!tampered || (!v.valid && !v.problems.is_empty()), "{name}: {v:?}");
                }
            }
            let (_, wrong) = key_pair(name, other, &other_text, shape);
            if let Some(v) = round_trip(*scheme, (&signer, &wrong), &body, ts, &url, "POST", None) {
                prop_assert!(!v.valid && v.matched.is_none(), "{name}: {v:?}");
                prop_assert!(v.problems.contains(&Problem::NoMatch { secrets: 1 }), "{name}: {v:?}");
            }
        }
    }
}
