//! Headers as people read them, and the body's content type as a provider
//! would send it.

use bytes::Bytes;
use serde::Serialize;

/// HTTP headers in the order they were given, repeated names kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HeaderList(pub Vec<(String, String)>);

impl HeaderList {
    /// An empty list.
    pub fn new() -> Self {
        HeaderList(Vec::new())
    }

    /// Append a header, keeping any existing one of the same name.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// The first value of a header, matched case-insensitively as HTTP does.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when a header of that name is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Iterate over `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of headers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Headers as read off the wire, for showing: each value as text, bytes
    /// that are not UTF-8 replaced (the raw bytes travel on separately).
    pub fn shown(wire: &[(String, Bytes)]) -> HeaderList {
        HeaderList(wire.iter().map(|(n, v)| (n.clone(), text_of(v))).collect())
    }

    /// A request's headers as they arrived: [`shown`](Self::shown), and the
    /// exact bytes of every value that is not UTF-8, which `--save` keeps.
    /// The one `from_utf8` per value that the text needs tells them apart.
    pub fn received(wire: &[(String, Bytes)]) -> (HeaderList, RawValues) {
        let mut raw = RawValues::default();
        let list = wire
            .iter()
            .enumerate()
            .map(|(i, (n, v))| {
                let text = match std::str::from_utf8(v) {
                    Ok(text) => text.to_owned(),
                    Err(_) => {
                        raw.0.push((i, v.clone()));
                        String::from_utf8_lossy(v).into_owned()
                    }
                };
                (n.clone(), text)
            })
            .collect();
        (HeaderList(list), raw)
    }
}

/// The exact bytes of the header values that are not UTF-8, by their place in
/// the [`HeaderList`] read with them (whose text has U+FFFD for those bytes):
/// a saved fixture keeps them, so `hook replay` sends what the provider sent.
/// Empty, and never allocated, for the usual request, which has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawValues(Vec<(usize, Bytes)>);

impl RawValues {
    /// The exact bytes of header number `index`, when they are not its text.
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        self.0.iter().find(|(i, _)| *i == index).map(|(_, b)| &b[..])
    }

    /// Put `bytes` in place of header `index`'s exact bytes, or with `None`
    /// drop them (its text then says it all): a hidden secret changes both.
    pub fn replace(&mut self, index: usize, bytes: Option<Bytes>) {
        self.0.retain(|(i, _)| *i != index);
        if let Some(bytes) = bytes {
            self.0.push((index, bytes));
        }
    }

    /// True when every value was UTF-8.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `bytes` as text: checked with `from_utf8` first, which is much faster
/// than the lossy decoder's chunk walk on the usual, valid, header value.
fn text_of(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Whether `name` can be a header name: an RFC 9110 token (letters, digits
/// and ``!#$%&'*+-.^_`|~``), so no space, colon or line break that would
/// change what the request head says.
pub fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` can be a header value (RFC 9110): visible characters,
/// spaces and tabs. Above all no CR or LF, which would end the header line
/// and start another; no other control character either (NUL, DEL, ESC…),
/// which servers refuse, hook's own listener and relay among them.
/// Judged on bytes, so a fixture value given as `{"base64": …}` is held to
/// the same rule as text.
pub fn is_field_value(value: impl AsRef<[u8]>) -> bool {
    !value.as_ref().iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

/// The Content-Type a provider would send with this body: JSON, a form, text
/// or bytes; `None` for an empty body.
pub fn content_type_of(body: &[u8]) -> Option<&'static str> {
    if body.is_empty() {
        return None;
    }
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        return Some("application/json");
    }
    let form_like = body.contains(&b'=') && body.iter().all(|b| b.is_ascii_graphic());
    match std::str::from_utf8(body) {
        Ok(_) if form_like => Some("application/x-www-form-urlencoded"),
        Ok(_) => Some("text/plain; charset=utf-8"),
        Err(_) => Some("application/octet-stream"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_hold_no_control_character_but_tab() {
        assert!(is_field_value("a\tb c~\u{e9}"));
        for bad in ["a\rb", "a\nb", "a\0b", "a\x01b", "a\x1bb", "a\x7fb"] {
            assert!(!is_field_value(bad), "{bad:?}");
        }
    }

    #[test]
    fn shown_values_are_text_with_invalid_bytes_replaced() {
        let wire = vec![
            ("X-Ok".to_string(), bytes::Bytes::from_static(b"caf\xc3\xa9")),
            ("X-Bad".to_string(), bytes::Bytes::from_static(b"a\xffb")),
        ];
        let shown = HeaderList::shown(&wire);
        assert_eq!(shown.get("x-ok"), Some("caf\u{e9}"));
        assert_eq!(shown.get("x-bad"), Some("a\u{fffd}b"));
    }

    #[test]
    fn received_keeps_the_bytes_of_values_that_are_not_utf8_only() {
        let wire = vec![
            ("X-Ok".to_string(), Bytes::from_static(b"caf\xc3\xa9")),
            ("X-Latin".to_string(), Bytes::from_static(b"caf\xe9")),
        ];
        let (shown, raw) = HeaderList::received(&wire);
        assert_eq!(shown, HeaderList::shown(&wire));
        assert_eq!((raw.get(0), raw.get(1)), (None, Some(&b"caf\xe9"[..])));
        let (_, none) = HeaderList::received(&wire[..1]);
        assert!(none.is_empty() && none.0.capacity() == 0, "nothing allocated for UTF-8");
        let mut raw = raw;
        raw.replace(1, Some(Bytes::from_static(b"\xff")));
        assert_eq!(raw.get(1), Some(&b"\xff"[..]));
        raw.replace(1, None);
        assert!(raw.is_empty());
        assert!(is_field_value(b"caf\xe9\t") && !is_field_value(b"a\r\nb"));
    }

    #[test]
    fn lookup_ignores_case_and_keeps_first() {
        let mut h = HeaderList::new();
        h.push("X-Hub-Signature-256", "sha256=a");
        h.push("x-hub-signature-256", "sha256=b");
        assert_eq!(h.get("x-HUB-signature-256"), Some("sha256=a"));
        assert_eq!(h.len(), 2);
        assert!(!h.contains("stripe-signature"));
    }

    #[test]
    fn names_are_tokens_and_values_one_line() {
        assert!(is_field_name("X-GitHub-Event") && is_field_name("a!#$%&'*+-.^_`|~9"));
        for bad in ["", "X A", "X:", "X\r\nY", "X\0", "é"] {
            assert!(!is_field_name(bad), "{bad:?}");
        }
        assert!(is_field_value("sha256=ab; t=1, v1=é\t"));
        for bad in ["a\r\nInjected: 1", "a\nb", "a\rb", "a\0"] {
            assert!(!is_field_value(bad), "{bad:?}");
        }
    }

    #[test]
    fn sniffs_json_form_text_and_bytes() {
        assert_eq!(content_type_of(b" {\"a\":1}\n"), Some("application/json"));
        assert_eq!(content_type_of(b"a=1&b=%20"), Some("application/x-www-form-urlencoded"));
        assert_eq!(content_type_of(b"hello world"), Some("text/plain; charset=utf-8"));
        assert_eq!(content_type_of(&[0xff, 0]), Some("application/octet-stream"));
        assert_eq!(content_type_of(b""), None);
    }
}

#[cfg(test)]
#[path = "headers_props.rs"]
mod props;
