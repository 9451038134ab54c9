//! HubSpot (SIGNATURES.md §24): the docs' v1 and v2 vectors, v3 against an
//! independent computation, and the explanations of a failed check.

use super::vectors::{check, codes, headers, sign};
use super::*;

const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const BODY: &str = r#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;
const URI: &str = "https://www.example.com/webhook_uri";

fn check_as(method: &str, h: &HeaderList, url: Option<&str>, body: &[u8], now: i64) -> Verdict {
    let s = super::vectors::secrets(&[SECRET]);
    let input = VerifyInput {
        body,
        headers: h,
        secrets: &s,
        url,
        method,
        now,
        tolerance: None,
    };
    verify(find("hubspot").unwrap(), &input).unwrap()
}

#[test]
fn hubspot_v1_doc_vector() {
    let h = headers(&[
        (
            "X-HubSpot-Signature",
            "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
        ),
        ("X-HubSpot-Signature-Version", "v1"),
    ]);
    // v1 signs no URI: no --url needed.
    let v = check("hubspot", &[SECRET], &h, None, 0, BODY.as_bytes());
    assert!(v.valid, "{v:?}");
    let v = check("hubspot", &[SECRET], &h, None, 0, BODY.replace("123", "124").as_bytes());
    assert!(!v.valid);
    assert_eq!(v.problems, vec![Problem::NoMatch { secrets: 1 }]);
}

#[test]
fn hubspot_v2_doc_vector_signs_method_and_uri() {
    let h = headers(&[
        (
            "X-HubSpot-Signature",
            "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
        ),
        ("X-HubSpot-Signature-Version", "v2"),
    ]);
    assert!(check_as("GET", &h, Some(URI), b"", 0).valid);
    // The same request checked as a POST: invalid, and the method is named.
    let v = check_as("POST", &h, Some(URI), b"", 0);
    assert!(!v.valid && codes(&v).contains(&"method_differs"), "{v:?}");
    // Labelled v1 by mistake: invalid, and the version is named.
    let mut wrong = h.clone();
    wrong.0[1].1 = "v1".into();
    let v = check_as("GET", &wrong, Some(URI), b"", 0);
    assert!(!v.valid && codes(&v).contains(&"wrong_version"), "{v:?}");
}

#[test]
fn hubspot_v3_matches_an_independent_hmac_and_round_trips() {
    // base64(HMAC-SHA256) of "POST" || URI || BODY || "1700000000000", computed with Python's hmac module.
    let h = sign("hubspot", &[SECRET], 1_700_000_000, None, Some(URI), BODY.as_bytes());
    assert_eq!(h.get("X-HubSpot-Request-Timestamp"), Some("1700000000000"));
    assert_eq!(
        h.get("X-HubSpot-Signature-v3"),
        Some("/pXDSgWeGksQpwCsgqd43P0eY6gBIse9UX0tfkudUrE=")
    );
    let v = check("hubspot", &[SECRET], &h, Some(URI), 1_700_000_100, BODY.as_bytes());
    assert!(v.valid, "{v:?}");
    let d = find("hubspot")
        .unwrap()
        .describe(&h, &body_view::BodyView::of(BODY.as_bytes()));
    assert_eq!(
        (d.event.as_deref(), d.delivery_id.as_deref()),
        (Some("contact.creation"), Some("1"))
    );
}

#[test]
fn hubspot_v3_failures_say_why() {
    let h = sign("hubspot", &[SECRET], 1_700_000_000, None, Some(URI), BODY.as_bytes());
    // Five minutes and one second later: stale (the timestamp is in milliseconds).
    let v = check("hubspot", &[SECRET], &h, Some(URI), 1_700_000_301, BODY.as_bytes());
    assert!(
        matches!(v.problems[..], [Problem::TimestampTooOld { age_secs: 301, .. }]),
        "{v:?}"
    );
    let v = check("hubspot", &["other"], &h, Some(URI), 1_700_000_000, BODY.as_bytes());
    assert_eq!(v.problems, vec![Problem::NoMatch { secrets: 1 }]);
    // Signed for http, checked against https: the URL variant is named.
    let v = check(
        "hubspot",
        &[SECRET],
        &h,
        Some("http://www.example.com/webhook_uri"),
        1_700_000_000,
        BODY.as_bytes(),
    );
    assert!(codes(&v).contains(&"url_differs"), "{v:?}");
    // A pretty-printed body: re-encoded on the way.
    let pretty = serde_json::to_vec_pretty(&serde_json::from_str::<serde_json::Value>(BODY).unwrap()).unwrap();
    let v = check("hubspot", &[SECRET], &h, Some(URI), 1_700_000_000, &pretty);
    assert!(codes(&v).contains(&"body_reencoded"), "{v:?}");
    // Signed over the docs' decoded URI, checked with the escaped one.
    let escaped = "https://www.example.com/webhook_uri?at=a%3Ab";
    let h = sign(
        "hubspot",
        &[SECRET],
        1_700_000_000,
        None,
        Some("https://www.example.com/webhook_uri?at=a:b"),
        b"[]",
    );
    let v = check("hubspot", &[SECRET], &h, Some(escaped), 1_700_000_000, b"[]");
    assert!(!v.valid && codes(&v).contains(&"url_differs"), "{v:?}");
    // Missing timestamp header.
    let only_sig = headers(&[("X-HubSpot-Signature-v3", h.get("X-HubSpot-Signature-v3").unwrap())]);
    let v = check("hubspot", &[SECRET], &only_sig, Some(URI), 0, b"[]");
    assert_eq!(
        v.problems,
        vec![Problem::MissingHeader {
            header: "X-HubSpot-Request-Timestamp".into()
        }]
    );
}

#[test]
fn hubspot_is_detected_by_either_signature_header() {
    for name in ["X-HubSpot-Signature-v3", "X-HubSpot-Signature"] {
        let h = headers(&[(name, "x")]);
        assert_eq!(detect(&h).map(|s| s.name()), Some("hubspot"), "{name}");
    }
}
