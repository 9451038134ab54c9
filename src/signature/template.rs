//! Payload templates: `{body}`, `{timestamp}`, `{id}`, `{url}` and literal text.

/// Every placeholder a payload template can hold.
const PLACEHOLDERS: [&str; 4] = ["{body}", "{timestamp}", "{id}", "{url}"];

/// The first `{word}` in a template that is not one of [`PLACEHOLDERS`]: a
/// likely typo (`{tiemstamp}`), which would otherwise be signed as text.
/// Other braces (`{"a":`) are text, and stay allowed.
pub(super) fn unknown_placeholder(template: &str) -> Option<&str> {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let tail = &rest[start..];
        if let Some(end) = tail.find('}') {
            let word = &tail[1..end];
            let is_word = !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if is_word && !PLACEHOLDERS.contains(&&tail[..=end]) {
                return Some(&tail[..=end]);
            }
        }
        rest = &tail[1..];
    }
    None
}

/// Values the payload template refers to.
pub(super) struct Parts<'a> {
    pub body: &'a [u8],
    pub timestamp: &'a str,
    pub id: &'a str,
    pub url: &'a str,
}

/// A template as SIGNATURES.md writes it: `"v0:" || timestamp || ":" || body`.
pub(super) fn describe_template(template: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let next = PLACEHOLDERS
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, *p)))
            .min();
        match next {
            Some((0, p)) => {
                parts.push(p.trim_matches(|c| c == '{' || c == '}').to_string());
                rest = &rest[p.len()..];
            }
            Some((at, _)) => {
                parts.push(format!("{:?}", &rest[..at]));
                rest = &rest[at..];
            }
            None => {
                parts.push(format!("{rest:?}"));
                rest = "";
            }
        }
    }
    parts.join(" || ")
}

/// The template as a list of byte slices, in order: literal text and the
/// values of placeholders. A MAC is fed these one by one, so the body is
/// never copied to sign it.
pub(super) fn segments<'a>(template: &'a str, p: &Parts<'a>) -> Vec<&'a [u8]> {
    let mut out = Vec::with_capacity(8);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push(&rest.as_bytes()[..start]);
        let tail = &rest[start..];
        let (value, len): (&[u8], usize) = if tail.starts_with("{body}") {
            (p.body, 6)
        } else if tail.starts_with("{timestamp}") {
            (p.timestamp.as_bytes(), 11)
        } else if tail.starts_with("{id}") {
            (p.id.as_bytes(), 4)
        } else if tail.starts_with("{url}") {
            (p.url.as_bytes(), 5)
        } else {
            (b"{", 1)
        };
        out.push(value);
        rest = &tail[len..];
    }
    out.push(rest.as_bytes());
    out
}

/// The bytes a template gives, described for people: text quoted, the body
/// by its size, so a large or binary body does not flood the screen.
pub(super) fn describe_signed(template: &str, p: &Parts) -> String {
    let mut out = Vec::new();
    for (i, piece) in template.split("{body}").enumerate() {
        if i > 0 {
            out.push(format!("body ({} bytes)", p.body.len()));
        }
        if !piece.is_empty() {
            out.push(format!("{:?}", String::from_utf8_lossy(&expand(piece, p))));
        }
    }
    out.join(" + ")
}

/// Expand a payload template into the bytes to sign.
pub(super) fn expand(template: &str, p: &Parts) -> Vec<u8> {
    segments(template, p).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_expands_every_placeholder_and_keeps_braces() {
        let p = Parts {
            body: b"{\"a\":1}",
            timestamp: "17",
            id: "msg_1",
            url: "https://x",
        };
        assert_eq!(expand("{id}.{timestamp}.{body}", &p), b"msg_1.17.{\"a\":1}");
        assert_eq!(expand("v0:{timestamp}:{body}", &p), b"v0:17:{\"a\":1}");
        assert_eq!(expand("{url}{body}{x}", &p), b"https://x{\"a\":1}{x}");
    }

    #[test]
    fn signed_bytes_are_described_with_the_body_by_size() {
        let p = Parts {
            body: b"{\"a\":1}",
            timestamp: "17",
            id: "msg\n1",
            url: "https://x",
        };
        assert_eq!(
            describe_signed("v0:{timestamp}:{body}", &p),
            r#""v0:17:" + body (7 bytes)"#
        );
        assert_eq!(describe_signed("{body}", &p), "body (7 bytes)");
        assert_eq!(
            describe_signed("{id}.{body}.{url}", &p),
            r#""msg\n1." + body (7 bytes) + ".https://x""#
        );
    }

    #[test]
    fn templates_are_described_as_concatenations() {
        assert_eq!(
            describe_template("v0:{timestamp}:{body}"),
            r#""v0:" || timestamp || ":" || body"#
        );
        assert_eq!(describe_template("{url}{body}"), "url || body");
    }

    #[test]
    fn only_known_words_in_braces_are_placeholders() {
        let unknown = unknown_placeholder;
        assert_eq!(unknown("{nope}.{body}"), Some("{nope}"));
        assert_eq!(unknown("{timestamp}.{tiemstamp}.{body}"), Some("{tiemstamp}"));
        for fine in [
            "{body}",
            "v0:{timestamp}:{body}",
            "{id}.{url}{body}",
            r#"{"a":{body}}"#,
            "{ {body}",
            "{body}{",
        ] {
            assert_eq!(unknown(fine), None, "{fine}");
        }
    }
}
