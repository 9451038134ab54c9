//! Bodies for people: JSON pretty-printed in colour, form fields decoded,
//! text as is, binary as a short hex preview.

use super::palette;
use super::shown::safe;
use serde_json::Value;

/// How many bytes of a binary body to show.
const HEX_PREVIEW: usize = 32;

/// The body as indented lines (each starting with `indent`).
pub fn lines(body: &[u8], indent: &str) -> Vec<String> {
    if body.is_empty() {
        return vec![format!("{indent}{}", palette::dim("(empty body)"))];
    }
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        let mut out = String::new();
        json(&value, 0, &mut out);
        return out.lines().map(|l| format!("{indent}{l}")).collect();
    }
    if let Some(fields) = form(body) {
        return fields
            .into_iter()
            .map(|(k, v)| format!("{indent}{} = {}", palette::name(&safe(&k)), safe(&v)))
            .collect();
    }
    match std::str::from_utf8(body) {
        Ok(text) => text.lines().map(|l| format!("{indent}{}", safe(l))).collect(),
        Err(_) => {
            let shown = &body[..body.len().min(HEX_PREVIEW)];
            let hex: Vec<String> = shown.iter().map(|b| format!("{b:02x}")).collect();
            let more = if body.len() > HEX_PREVIEW { " …" } else { "" };
            vec![format!(
                "{indent}{} {}{more}",
                palette::dim(&format!("binary, {} bytes:", body.len())),
                hex.join(" ")
            )]
        }
    }
}

/// Form fields, when the body is `application/x-www-form-urlencoded`-shaped.
fn form(body: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains('=') || text.contains(char::is_whitespace) {
        return None;
    }
    Some(
        form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

/// Pretty JSON with a colour per kind of value.
fn json(v: &Value, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    match v {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (k, item)) in map.iter().enumerate() {
                out.push_str(&format!(
                    "{pad}{}: ",
                    palette::name(&safe(&Value::String(k.clone()).to_string()))
                ));
                json(item, depth + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{close}}}"));
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad);
                json(item, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{close}]"));
        }
        // serde_json escapes C0 controls but writes DEL and C1 controls as they are.
        Value::String(_) => out.push_str(&palette::string(&safe(&v.to_string())).to_string()),
        Value::Number(_) => out.push_str(&palette::number(&v.to_string()).to_string()),
        Value::Bool(_) | Value::Null => out.push_str(&palette::literal(&v.to_string()).to_string()),
        _ => out.push_str(&v.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_body() {
        colored::control::set_override(false);
        assert_eq!(
            lines(br#"{"a":[1,true],"b":{}}"#, ""),
            vec!["{", "  \"a\": [", "    1,", "    true", "  ],", "  \"b\": {}", "}"]
        );
        assert_eq!(
            lines(b"command=%2Fdeploy&text=", "  "),
            vec!["  command = /deploy", "  text = "]
        );
        assert_eq!(lines(b"hello\nworld", ""), vec!["hello", "world"]);
        assert_eq!(lines(&[0xff, 0x00], ""), vec!["binary, 2 bytes: ff 00"]);
        // Control characters from the sender are shown, not obeyed.
        assert_eq!(lines(b"a\x1b[2Jb\rc", ""), vec!["a\\x1b[2Jb\\x0dc"]);
        assert_eq!(lines(b"k=%1B%5B31m", ""), vec!["k = \\x1b[31m"]);
        assert_eq!(
            lines("{\"e\":\"x\u{9b}\"}".as_bytes(), ""),
            vec!["{", "  \"e\": \"x\\u{9b}\"", "}"]
        );
    }
}
