//! Property tests of the text hook shows: JSON escaping is serde_json's,
//! byte for byte, and text from the network reaches the terminal with no
//! control character left to obey.

use super::escape::{json_string, raw_string};
use super::shown::{line, safe};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text heavy in what needs escaping: C0 and C1 controls, DEL, quotes,
/// backslashes, SGR-looking sequences, and any character at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,80}",
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\"\\\\a\\[0-9;m]{0,80}",
        "(\\x1b\\[[0-9;]{0,6}m?|[a-z\\r\\n\\t]|\\u{9b}){0,30}",
        any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

/// True when a control character that drives a terminal is left in `s`
/// (tab is allowed, and newlines where `newlines` says so).
fn has_control(s: &str, newlines: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\t' && !(newlines && c == '\n'))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn json_escaping_is_serde_jsons_and_reads_back(s in text()) {
        let escaped = json_string(&s);
        prop_assert_eq!(&escaped, &serde_json::to_string(&s).unwrap_or_default());
        prop_assert_eq!(serde_json::from_str::<String>(&escaped).ok(), Some(s.clone()));
        prop_assert_eq!(raw_string(&s).map(|r| r.get().to_string()), Some(escaped));
    }

    #[test]
    fn shown_text_has_no_control_left(s in text()) {
        prop_assert!(!has_control(&safe(&s), false), "{:?}", safe(&s));
        prop_assert!(!has_control(&line(&s, false), true), "{:?}", line(&s, false));
        // With colour on, only SGR sequences keep their ESC.
        let coloured = line(&s, true);
        let without_sgr = coloured.split('\x1b').skip(1).all(|rest| {
            let params = rest.strip_prefix('[').map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';'));
            params.is_some_and(|r| r.starts_with('m'))
        });
        prop_assert!(without_sgr, "{:?}", coloured);
        prop_assert!(!has_control(&coloured.replace('\x1b', ""), true), "{:?}", coloured);
    }

    #[test]
    fn body_lines_show_no_control(body in prop_oneof![
        any::<Vec<u8>>(),
        text().prop_map(String::into_bytes),
        text().prop_map(|t| serde_json::json!({ "k": t, t.clone(): [t] }).to_string().into_bytes()),
        text().prop_map(|t| format!("a={}&{}=b", urlencode(&t), urlencode(&t)).into_bytes()),
    ]) {
        colored::control::set_override(false);
        for l in super::body::lines(&body, "  ") {
            prop_assert!(!has_control(&l, false), "{:?}", l);
        }
    }
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
