//! Property tests of what the registry and the generic `hmac` provider
//! build on: detection answers any request, rotation keeps every secret
//! working, and a generic scheme made from any flags verifies what it signs.

use super::mac::{Algorithm, Encoding};
use super::props::{body_up_to, config, key_pair, secrets};
use super::*;
use proptest::prelude::*;

/// A payload template of placeholders and literal text, `{body}` somewhere.
fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{timestamp}".to_string()),
        Just("{id}".to_string()),
        Just("{url}".to_string()),
        "[^{}]{0,4}",
        Just("{\"a\":".to_string()),
    ];
    (
        proptest::collection::vec(piece.clone(), 0..3),
        proptest::collection::vec(piece, 0..3),
    )
        .prop_map(|(before, after)| format!("{}{{body}}{}", before.concat(), after.concat()))
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_generic_scheme_from_any_flags_verifies_what_it_signs(
        template in template(),
        header in "X-[A-Za-z-]{1,12}",
        prefix in "\\PC{0,8}",
        algorithm in proptest::sample::select(vec![Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512]),
        encoding in proptest::sample::select(vec![Encoding::Hex, Encoding::Base64]),
        id in "\\PC{0,20}",
        secret in "\\PC{1,20}",
        body in body_up_to(4096),
        ts in any::<i64>(),
        url in super::props::url(),
    ) {
        let generic = GenericHmac {
            header,
            algorithm,
            encoding,
            prefix,
            timestamp_header: template.contains("{timestamp}").then(|| "X-Ts".to_string()),
            id_header: template.contains("{id}").then(|| "X-Id".to_string()),
            payload_template: template,
        };
        let scheme = generic.into_scheme().map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
        let given = secrets(&[&secret]);
        let signed = scheme.sign(&SignInput {
            body: &body, secrets: &given, timestamp: ts, id: Some(&id), url: Some(&url), method: "POST", event: None,
        });
        let signed = signed.map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
        let input = VerifyInput {
            body: &body, headers: &signed.headers, secrets: &given, url: Some(&url), method: "POST", now: ts, tolerance: None,
        };
        let v = verify(&scheme, &input).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
        prop_assert!(v.valid, "{:?} {v:?}", signed.headers);
    }

    #[test]
    fn rotation_verifies_with_any_one_of_the_secrets(
        seed in any::<[u8; 32]>(),
        other in any::<[u8; 32]>(),
        text in "\\PC{1,20}",
        other_text in "\\PC{1,20}",
        body in body_up_to(1024),
        ts in 0i64..4_102_444_800,
    ) {
        for scheme in schemes() {
            let (old, old_check) = key_pair(scheme.name(), seed, &text, 0);
            let (new, new_check) = key_pair(scheme.name(), other, &other_text, 0);
            let given = secrets(&[&new, &old]);
            let Ok(signed) = scheme.sign(&SignInput {
                body: &body, secrets: &given, timestamp: ts, id: None, url: Some("https://example.com/h"), method: "POST", event: None,
            }) else { continue };
            let sent = signed.body.clone().unwrap_or(body.clone());
            // The first secret always signs; the receiver may know it second, after a stale one.
            let known = secrets(&[&old_check, &new_check]);
            let input = VerifyInput {
                body: &sent, headers: &signed.headers, secrets: &known, url: Some(signed.url.as_deref().unwrap_or("https://example.com/h")), method: "POST", now: ts, tolerance: None,
            };
            let v = verify(*scheme, &input).map_err(|e| TestCaseError::fail(format!("{}: {e:#}", scheme.name())))?;
            prop_assert!(v.valid, "{}: {v:?}", scheme.name());
        }
    }

    #[test]
    fn detection_answers_any_request(
        pairs in proptest::collection::vec(("\\PC{0,30}|X-Hub-Signature(-256)?|webhook-[a-z]{2,9}|svix-id|User-Agent", "\\PC{0,30}|sha(1|256)=.{0,4}|GitHub-Hookshot/.{0,3}"), 0..6),
        body in body_up_to(512),
    ) {
        let mut headers = HeaderList::new();
        for (n, v) in pairs {
            headers.push(n, v);
        }
        let found = detect(&headers);
        prop_assert!(found.is_none() || detect_request(&headers, &body).is_some());
        let _ = identify(&headers, &body);
        for s in schemes() {
            let _ = (s.detect_shape(&headers), s.recognises(&headers), s.detect_body(&body), s.recognises_body(&body));
        }
    }
}
