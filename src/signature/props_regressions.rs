//! Named regressions for the bugs the property tests found, each with the
//! concrete input, so they stay covered without the random search.

use super::props::secrets;
use super::*;

/// Sign with `scheme`, then verify `sent` (or the signed body) with `verifier`.
fn sign_then_check(name: &str, signer: &str, verifier: &str, body: &[u8], sent: Option<&[u8]>, url: &str) -> Verdict {
    let scheme = find(name).expect("a known provider");
    let given = secrets(&[signer]);
    let signed = scheme
        .sign(&SignInput {
            body,
            secrets: &given,
            timestamp: 1_700_000_000,
            id: None,
            url: Some(url),
            method: "POST",
            event: None,
        })
        .expect("signs");
    let verify_with = secrets(&[verifier]);
    let input = VerifyInput {
        body: sent.unwrap_or(body),
        headers: &signed.headers,
        secrets: &verify_with,
        url: Some(signed.url.as_deref().unwrap_or(url)),
        method: "POST",
        now: 1_700_000_000,
        tolerance: None,
    };
    verify(scheme, &input).expect("a verdict")
}

/// Twitch writes RFC 3339, which ends at the year 9999: `hook sign
/// --timestamp 253402300800` panicked inside humantime's formatter.
#[test]
fn a_timestamp_past_the_year_9999_is_an_error_not_a_panic() {
    for (name, ts) in [
        ("twitch", 253_402_300_800),
        ("twitch", i64::MAX),
        ("hubspot", i64::MAX),
        ("linear", i64::MIN),
    ] {
        let given = secrets(&["s3cret"]);
        let signed = find(name).expect("known").sign(&SignInput {
            body: b"{}",
            secrets: &given,
            timestamp: ts,
            id: None,
            url: Some("https://example.com/h"),
            method: "POST",
            event: None,
        });
        let err = signed.expect_err("cannot be written");
        assert!(crate::error::hint_of(&err).is_some(), "{name}: {err:#}");
    }
}

/// Twilio signs a JSON body through `bodySHA256` in the URL, and the URL was
/// read with `Url::parse` to find it: a URL with a fragment (where the
/// parameter lands after `#`) or a bare path hid it, and a changed body
/// verified as valid.
#[test]
fn twilio_checks_the_body_hash_in_any_url() {
    for url in ["https://example.com/sms#top", "/sms", "https://example.com/sms"] {
        let v = sign_then_check("twilio", "s3cret", "s3cret", br#"{"a":1}"#, Some(br#"{"a":2}"#), url);
        assert!(
            !v.valid && v.problems.contains(&Problem::BodyHashMismatch),
            "{url}: {v:?}"
        );
        assert!(
            sign_then_check("twilio", "s3cret", "s3cret", br#"{"a":1}"#, None, url).valid,
            "{url}"
        );
    }
}

/// A form whose bytes are not UTF-8 once decoded: the decoder turns them
/// into U+FFFD, so `a=\xff`, `a=\xfe` and `a=%FF` all verified against the
/// signature of `a=%EF%BF%BD` (U+FFFD itself): a flipped byte was valid.
#[test]
fn twilio_refuses_a_form_that_is_not_utf8() {
    let url = "https://example.com/sms";
    for sent in [&b"a=\xff"[..], b"a=\xfe", b"a=%FF", b"a=%FE"] {
        let v = sign_then_check("twilio", "s3cret", "s3cret", b"a=%EF%BF%BD", Some(sent), url);
        assert!(
            !v.valid && v.problems.iter().any(|p| matches!(p, Problem::MalformedField { .. })),
            "{v:?}"
        );
    }
    assert!(sign_then_check("twilio", "s3cret", "s3cret", b"a=%EF%BF%BD", None, url).valid);
    assert!(sign_then_check("twilio", "s3cret", "s3cret", "a=%C3%A9&b=\u{e9}".as_bytes(), None, url).valid);
}

/// Discord with a public key and another provider's secret, and a signature
/// that matches neither: the diagnosis read every secret as hex with `?`,
/// so the skipped one turned the negative verdict into a usage error.
#[test]
fn discord_mismatch_with_a_skipped_secret_is_a_verdict() {
    let public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let mut headers = HeaderList::new();
    headers.push("X-Signature-Ed25519", "00".repeat(64));
    headers.push("X-Signature-Timestamp", "1700000000");
    let given = secrets(&[public, "whsec_not-discord"]);
    let input = VerifyInput {
        body: b"{}",
        headers: &headers,
        secrets: &given,
        url: None,
        method: "POST",
        now: 1_700_000_000,
        tolerance: None,
    };
    let v = verify(find("discord").expect("known"), &input).expect("a verdict, not an error");
    assert!(
        !v.valid && v.problems.contains(&Problem::NoMatch { secrets: 2 }),
        "{v:?}"
    );
}

/// `provider` signing `body` (at time 0, with one secret, to `url`).
fn sign_body(provider: &str, body: &[u8], url: Option<&str>) -> anyhow::Result<super::Signed> {
    find(provider).expect("known").sign(&SignInput {
        body,
        secrets: &secrets(&["s3cret"]),
        timestamp: 0,
        id: None,
        url,
        method: "POST",
        event: None,
    })
}

/// What verify refuses, sign refuses too: a Twilio form of bytes that are
/// not UTF-8 once decoded is a usage error, with a hint.
#[test]
fn twilio_does_not_sign_a_form_that_is_not_utf8() {
    for body in [&b"a=\xa7I"[..], b"a=%FF"] {
        let err = sign_body("twilio", body, Some("https://example.com/sms"));
        assert!(err.is_err_and(|e| crate::error::hint_of(&e).is_some()));
    }
}

/// Regression of the property test, not the code: Mailgun refuses JSON that
/// is not an object (`0` was taken for a signable body), with a hint.
#[test]
fn mailgun_refuses_json_that_is_not_an_object() {
    for body in [&b"0"[..], b"[1]", b"\"a\""] {
        assert!(sign_body("mailgun", body, None).is_err(), "{body:?}");
        assert!(super::props::refuses("mailgun", body), "{body:?}");
    }
    assert!(!super::props::refuses("mailgun", b"{}") && !super::props::refuses("mailgun", b"a=1"));
}

/// A generic prefix that starts with whitespace: the header value is trimmed
/// before the prefix is stripped (as HTTP trims it), so what `hook sign
/// --prefix ' sha='` wrote, verify called malformed.
#[test]
fn a_generic_prefix_starting_with_whitespace_round_trips() {
    for prefix in ["\u{2000}", " sha256=", "\t"] {
        let scheme = GenericHmac {
            header: "X-A".into(),
            algorithm: mac::Algorithm::Sha1,
            encoding: mac::Encoding::Hex,
            prefix: prefix.into(),
            payload_template: "{body}".into(),
            timestamp_header: None,
            id_header: None,
        }
        .into_scheme()
        .expect("a scheme");
        let given = secrets(&["\u{1d552}"]);
        let signed = scheme
            .sign(&SignInput {
                body: b"",
                secrets: &given,
                timestamp: 0,
                id: None,
                url: None,
                method: "POST",
                event: None,
            })
            .expect("signs");
        let input = VerifyInput {
            body: b"",
            headers: &signed.headers,
            secrets: &given,
            url: None,
            method: "POST",
            now: 0,
            tolerance: None,
        };
        assert!(verify(&scheme, &input).expect("a verdict").valid, "{prefix:?}");
    }
}

/// A legacy Mailgun form that names a signature field twice: sign set the
/// first, verify read the last (a form becomes a map, the last value
/// winning), so what hook signed it called a mismatch.
#[test]
fn mailgun_signs_a_form_with_repeated_fields() {
    let body = b"timestamp=1&token=a&timestamp=2&signature=x&signature=y&token=b&event=delivered";
    let given = secrets(&["key-s3cret"]);
    let signed = find("mailgun")
        .expect("known")
        .sign(&SignInput {
            body,
            secrets: &given,
            timestamp: 1_700_000_000,
            id: Some("tok"),
            url: None,
            method: "POST",
            event: None,
        })
        .expect("signs");
    let sent = signed.body.expect("mailgun signs inside the body");
    let input = VerifyInput {
        body: &sent,
        headers: &signed.headers,
        secrets: &given,
        url: None,
        method: "POST",
        now: 1_700_000_000,
        tolerance: None,
    };
    let v = verify(find("mailgun").expect("known"), &input).expect("a verdict");
    assert!(v.valid, "{}: {v:?}", String::from_utf8_lossy(&sent));
}
