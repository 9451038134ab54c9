//! Property tests of verification on hostile input: any header values, any
//! body, any secret, any clock. Verify answers with a verdict or a usage
//! error, never a panic, and nothing it says, as text or JSON, holds the secret.

use super::props::{body_up_to, config, key_pair, secrets, url};
use super::*;
use crate::render::{verdict::verdict as render, Printer};
use proptest::prelude::*;

/// Header values as senders and attackers write them: any text, long runs
/// of separators, and the prefixes the parsers look for.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        ".{0,20}",
        "[,=; v1th\\-0-9a-f]{0,60}",
        "(t|ts|v1|h1|sha256|sha1|v0)[=,][0-9a-zA-Z+/=]{0,90}",
        "(v1,[A-Za-z0-9+/=]{0,50} ?){0,4}",
        "[0-9]{0,25}",
        "-?[0-9]{15,22}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{0,20}Z?",
        "[0-9a-fA-F]{0,140}",
        "([0-9a-f]{2}){32}|([0-9a-f]{2}){64}",
        "\\PC{200,2000}",
    ]
}

/// Header names: the ones providers read (so the parsers run), and others.
fn headers() -> impl Strategy<Value = HeaderList> {
    let known: Vec<String> = schemes()
        .iter()
        .flat_map(|s| {
            let mut names = s.info().headers;
            names.extend(s.signature_headers().iter().map(|h| h.to_string()));
            names
        })
        .chain(["Host", "X-Forwarded-Host", "X-Forwarded-Proto", "User-Agent"].map(String::from))
        .collect();
    let name = prop_oneof![4 => proptest::sample::select(known), 1 => "\\PC{0,12}"];
    proptest::collection::vec((name, value()), 0..12).prop_map(|pairs| {
        let mut h = HeaderList::new();
        for (n, v) in pairs {
            h.push(n, v);
        }
        h
    })
}

/// Everything verify can say about a request: the verdict as text and as
/// JSON, the error and its hint.
pub(super) fn rendered(result: &anyhow::Result<Verdict>) -> String {
    match result {
        Ok(v) => {
            let mut p = Printer::new(Vec::new(), false, false);
            render(&mut p, v).expect("writing to a Vec");
            let text = String::from_utf8_lossy(&p.into_inner()).into_owned();
            format!("{text}\n{}", crate::render::verdict::to_json(v))
        }
        Err(e) => format!("{e:#}\n{}", crate::error::hint_of(e).unwrap_or_default()),
    }
}

/// Verify must answer, and must not repeat a secret of 8 characters or
/// more. With a URL and a usable key (`usable`), the answer is a verdict:
/// an error is only for a usage mistake.
fn check_verify(
    scheme: &dyn Scheme,
    input: &VerifyInput,
    secret_texts: &[&str],
    usable: bool,
) -> Result<(), TestCaseError> {
    let result = verify(scheme, input);
    if usable && input.url.is_some() {
        prop_assert!(result.is_ok(), "{}: {}", scheme.name(), rendered(&result));
    }
    let said = rendered(&result);
    for s in secret_texts.iter().filter(|s| s.chars().count() >= 8) {
        prop_assert!(!said.contains(*s), "{}: the secret {s:?} is in {said}", scheme.name());
    }
    if let Ok(v) = &result {
        let view = body_view::BodyView::of(input.body);
        let _ = scheme.describe(input.headers, &view);
        prop_assert_eq!(v.valid, v.matched.is_some() && v.problems.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn verify_answers_any_headers_and_body_without_the_secret(
        headers in headers(),
        body in body_up_to(8192),
        seed in any::<[u8; 32]>(),
        text in "[a-zA-Z0-9_]{8,30}",
        stray in "\\PC{0,30}",
        shape in any::<u8>(),
        url in proptest::option::of(url()),
        now in prop_oneof![any::<i64>(), 0i64..4_102_444_800],
        tolerance in proptest::option::of(any::<u64>()),
    ) {
        for scheme in schemes() {
            let (signer, verifier) = key_pair(scheme.name(), seed, &text, shape);
            // The right secret, a private one given by mistake, and another provider's.
            let lists = [
                vec![verifier.as_str()],
                vec![stray.as_str(), verifier.as_str()],
                vec![signer.as_str(), stray.as_str()],
                vec![stray.as_str()],
            ];
            for (n, list) in lists.iter().enumerate() {
                let given = secrets(list);
                let input = VerifyInput {
                    body: &body,
                    headers: &headers,
                    secrets: &given,
                    url: url.as_deref(),
                    method: "POST",
                    now,
                    tolerance: tolerance.map(std::time::Duration::from_secs),
                };
                check_verify(*scheme, &input, &[&signer, &verifier, &text], n < 2)?;
            }
        }
    }

}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn extreme_clocks_give_a_verdict_or_an_error(
        ts in prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(-1i64), Just(253_402_300_800i64), any::<i64>()],
        now in prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0i64), any::<i64>()],
        seed in any::<[u8; 32]>(),
        body in proptest::collection::vec(any::<u8>(), 0..32),
    ) {
        for scheme in schemes() {
            let (signer, verifier) = key_pair(scheme.name(), seed, "s3cret-s3cret", 0);
            let given = secrets(&[signer.as_str()]);
            let signed = scheme.sign(&SignInput {
                body: &body,
                secrets: &given,
                timestamp: ts,
                id: Some("msg_1"),
                url: Some("https://example.com/h"),
                method: "POST",
                event: None,
            });
            let Ok(signed) = signed else { continue };
            let sent = signed.body.clone().unwrap_or(body.clone());
            let verify_with = secrets(&[verifier.as_str()]);
            let input = VerifyInput {
                body: &sent,
                headers: &signed.headers,
                secrets: &verify_with,
                url: Some(signed.url.as_deref().unwrap_or("https://example.com/h")),
                method: "POST",
                now,
                tolerance: None,
            };
            check_verify(*scheme, &input, &["s3cret-s3cret"], true)?;
        }
    }
}
