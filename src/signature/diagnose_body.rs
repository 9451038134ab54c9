//! The bodies a signature may have been made over before something
//! re-encoded the body on its way (a JSON parser and serialiser, an editor
//! adding a newline, a platform turning CRLF into LF), for the
//! `body_reencoded` finding.

/// The body as it might have been before something re-encoded it.
pub(super) fn body_variants(body: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let mut out: Vec<(Vec<u8>, &'static str)> = Vec::new();
    // Small edits first: they are the likelier story when several variants match.
    if let Some(stripped) = body.strip_suffix(b"\n") {
        out.push((
            stripped.strip_suffix(b"\r").unwrap_or(stripped).to_vec(),
            "without its trailing newline",
        ));
    } else {
        out.push(([body, b"\n"].concat(), "with a trailing newline added"));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        out.push((
            String::from_utf8_lossy(body).replace("\r\n", "\n").into_bytes(),
            "with CRLF line ends turned into LF",
        ));
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        if let Ok(compact) = serde_json::to_vec(&value) {
            out.push((compact, "re-serialised as compact JSON"));
        }
        if let Ok(pretty) = serde_json::to_vec_pretty(&value) {
            out.push((pretty, "re-serialised as pretty JSON (2 spaces)"));
        }
        out.push((
            python_style(&value).into_bytes(),
            "re-serialised with \", \" and \": \" separators (Python's json.dumps)",
        ));
        if let Ok(four) = pretty_with(&value, b"    ") {
            out.push((four, "re-serialised as pretty JSON (4 spaces)"));
        }
    }
    out.retain(|(b, _)| b != body);
    out
}

fn pretty_with(value: &serde_json::Value, indent: &[u8]) -> serde_json::Result<Vec<u8>> {
    use serde::Serialize;
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(indent);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, fmt))?;
    Ok(out)
}

/// JSON as Python's `json.dumps` writes it by default: `", "` and `": "`, non-ASCII escaped.
fn python_style(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Array(items) => format!("[{}]", items.iter().map(python_style).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", ascii_json(k), python_style(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::String(s) => ascii_json(s),
        other => other.to_string(),
    }
}

fn ascii_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in serde_json::Value::String(s.to_string()).to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_style_matches_json_dumps() {
        let v: serde_json::Value = serde_json::from_str(r#"{"a":[1,2],"b":"é"}"#).unwrap();
        assert_eq!(python_style(&v), r#"{"a": [1, 2], "b": "\u00e9"}"#);
    }

    #[test]
    fn body_variants_skip_the_body_itself() {
        let v = body_variants(br#"{"a":1}"#);
        assert!(v.iter().all(|(b, _)| b != br#"{"a":1}"#));
        assert!(v.iter().any(|(b, _)| b == b"{\n  \"a\": 1\n}"));
    }
}
