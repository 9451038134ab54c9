//! Property tests of the header helpers: any name, value or body gets an
//! answer, and the answers agree with what they promise.

use super::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn names_and_values_are_judged_by_their_bytes(s in "\\PC{0,20}|.{0,20}|[\\x00-\\x7f]{0,20}") {
        if is_field_name(&s) {
            prop_assert!(!s.is_empty() && s.is_ascii() && !s.contains([' ', ':', '\r', '\n']));
        }
        let control = s.chars().any(|c| c.is_ascii_control() && c != '\t');
        prop_assert_eq!(is_field_value(&s), !control);
    }

    #[test]
    fn any_body_has_a_content_type(body in prop_oneof![
        any::<Vec<u8>>(),
        "\\PC{0,40}".prop_map(String::into_bytes),
        "[a-z=&%0-9 {}\":\\[\\]]{0,40}".prop_map(String::into_bytes),
    ]) {
        let kind = content_type_of(&body);
        prop_assert_eq!(kind.is_none(), body.is_empty());
        if std::str::from_utf8(&body).is_err() && serde_json::from_slice::<serde_json::Value>(&body).is_err() {
            prop_assert_eq!(kind, Some("application/octet-stream"));
        }
    }

    #[test]
    fn shown_and_received_headers_keep_every_header(wire in proptest::collection::vec((".{0,10}", any::<Vec<u8>>()), 0..8)) {
        let wire: Vec<(String, bytes::Bytes)> = wire.into_iter().map(|(n, v)| (n, bytes::Bytes::from(v))).collect();
        let shown = HeaderList::shown(&wire);
        prop_assert_eq!(shown.len(), wire.len());
        for ((n, v), (sn, sv)) in wire.iter().zip(shown.iter()) {
            prop_assert_eq!(n.as_str(), sn);
            prop_assert_eq!(sv, String::from_utf8_lossy(v));
            prop_assert_eq!(shown.get(n).is_some(), true);
        }
        // Received, the same text, and the exact bytes of exactly the values that are not UTF-8.
        let (received, raw) = HeaderList::received(&wire);
        prop_assert_eq!(&received, &shown);
        for (i, (_, v)) in wire.iter().enumerate() {
            let not_utf8 = std::str::from_utf8(v).is_err();
            prop_assert_eq!(raw.get(i), not_utf8.then_some(&v[..]));
        }
    }
}
