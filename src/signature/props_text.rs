//! Property tests of the signature layer's small text helpers: timestamps,
//! payload templates, body views and the diagnoses' variants. Any input
//! gives an answer (a value, `None` or an error), never a panic.

use super::props::config;
use super::timestamp::{human_duration, TimeFormat, Tolerance};
use proptest::prelude::*;
use std::time::Duration;

const FORMATS: [TimeFormat; 3] = [TimeFormat::UnixSeconds, TimeFormat::UnixMillis, TimeFormat::Rfc3339];

/// Numbers as text at the edges of every integer type, and any text.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just(u64::MAX.to_string()),
        Just(i64::MIN.to_string()),
        Just(i128::MAX.to_string()),
        "-?[0-9]{0,40}",
        " *[0-9]{1,20} *",
        "\\PC{0,40}",
        "[0-9]{4,6}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{0,12})?(Z|[+-][0-9]{2}:[0-9]{2})?",
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn timestamps_parse_format_and_check_without_overflow(text in number_text(), unix in any::<i64>(), now in any::<i64>()) {
        for f in FORMATS {
            let _ = f.parse(&text);
            let _ = f.unit_mixup(&text, now);
            if let Ok(written) = f.format(unix) {
                let _ = f.parse(&written);
            }
        }
        for tolerance in [Tolerance::NONE, Tolerance::age(300), Tolerance::both(5), Tolerance::both(u64::MAX)] {
            let _ = tolerance.check(unix, now).map(|p| p.to_string());
            let _ = tolerance.overridden(Some(Duration::from_secs(now.unsigned_abs()))).check(now, unix);
        }
    }

    #[test]
    fn timestamps_in_range_round_trip(unix in -62_135_596_800i64..=253_402_300_799) {
        for f in FORMATS {
            let written = f.format(unix);
            prop_assert!(written.is_ok(), "{f:?} {unix}");
            let back = f.parse(&written.unwrap_or_default());
            // RFC 3339 as hook writes it starts at the epoch.
            let want = if f == TimeFormat::Rfc3339 { unix.max(0) } else { unix };
            prop_assert_eq!(back, Ok(want), "{:?}", f);
        }
    }

    #[test]
    fn durations_read_for_any_length(secs in any::<u64>(), nanos in 0u32..1_000_000_000) {
        let _ = human_duration(Duration::new(secs, nanos));
    }

    #[test]
    fn templates_take_any_text(template in "[{}a-z.:]{0,30}|\\PC{0,30}", body in any::<Vec<u8>>(), other in "\\PC{0,10}") {
        use super::template::*;
        let _ = unknown_placeholder(&template);
        let _ = describe_template(&template);
        let parts = Parts { body: &body, timestamp: &other, id: &other, url: &other };
        let expanded = expand(&template, &parts);
        prop_assert_eq!(&expanded, &segments(&template, &parts).concat());
        if !template.contains('{') {
            prop_assert_eq!(expanded, template.as_bytes());
        }
    }

    #[test]
    fn body_views_answer_any_pointer(body in super::props::body(), pointer in "(/[a-z0-9~]{0,4}){0,4}|\\PC{0,12}") {
        let view = super::body_view::BodyView::of(&body);
        let got = view.pointer(&pointer);
        // The view answers as a parsed `Value` would, for JSON bodies.
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) {
            prop_assert_eq!(got, value.pointer(&pointer).cloned());
        }
        let _ = super::describe::body_value(&body);
    }

    #[test]
    fn diagnosis_variants_take_any_body_url_and_host(
        body in super::props::body(),
        url in super::props::url(),
        host in "\\PC{0,20}",
        proto in "\\PC{0,8}",
    ) {
        for (variant, _) in super::diagnose_body::body_variants(&body) {
            prop_assert_ne!(variant, body.clone());
        }
        let mut headers = crate::model::HeaderList::new();
        headers.push("Host", host);
        headers.push("X-Forwarded-Proto", proto);
        for (variant, _) in super::diagnose::url_variants(&url, &headers) {
            prop_assert_ne!(variant, url.clone());
        }
        let _ = super::hubspot::doc_decoded(&url);
    }
}
