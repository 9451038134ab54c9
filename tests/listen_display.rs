//! `hook listen`'s display flags: they shape the text output; a `--json` line
//! keeps the schema's whole request whatever they say, so scripts get one shape.

mod listen_support;

use listen_support::*;

#[test]
fn display_flags_trim_text_but_not_json_lines() {
    let body = br#"{"zen":"kept"}"#;
    let trim = ["--compact", "--no-headers", "--no-body"];
    let l = Listen::json(&trim);
    let http = Http::new();
    let headers = hdrs(&[("X-Marker", "m-1")]);
    assert_eq!(http.post(&format!("{}/d", l.url), &headers, body).status, 200);
    let line = l.request();
    assert_eq!(line["body"], r#"{"zen":"kept"}"#, "{line}");
    assert_eq!(header_values(&line, "X-Marker"), ["m-1"], "{line}");

    // The same flags in text mode: a summary line per request and nothing
    // between them (a second request marks where the first one's output ends).
    let t = Listen::text(&trim);
    for path in ["/d", "/e"] {
        assert_eq!(http.post(&format!("{}{path}", t.url), &headers, body).status, 200);
    }
    let shown = t.until(|l| l.contains("/d"));
    assert!(shown.iter().all(|l| !l.contains("m-1")), "{shown:#?}");
    let shown = t.until(|l| l.contains("/e"));
    assert_eq!(shown.len(), 1, "only the next summary follows: {shown:#?}");
    let text = shown.join("\n");
    assert!(!text.contains("m-1") && !text.contains("kept"), "{text}");
}
