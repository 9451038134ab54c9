//! The exact signed request of one attempt at a delivery: fresh signature
//! and timestamp, the negative case applied, the target URL joined.

use super::plan::Delivery;
use super::{Negative, ReplayConfig};
use crate::fixture::HeaderValue;
use crate::signature::SignInput;
use bytes::Bytes;
use std::borrow::Cow;

/// A header name or a value's text: borrowed where it goes out as the fixture or an
/// option wrote it, owned where this attempt made it (the signature). A long
/// `--repeat` run would otherwise copy every fixture header twice per attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Text<'a> {
        Text(Cow::Borrowed(s))
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text(Cow::Owned(s))
    }
}

/// A header value: its text, and for a fixture value that is not UTF-8 the
/// exact bytes that go out in its place (the text shows them as U+FFFD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value<'a> {
    /// The value as people read it.
    pub text: Text<'a>,
    /// The fixture's exact bytes, when they are not `text`.
    pub raw: Option<&'a [u8]>,
}

impl Value<'_> {
    /// The bytes sent.
    pub fn bytes(&self) -> &[u8] {
        self.raw.unwrap_or(self.text.0.as_bytes())
    }
}

impl AsRef<[u8]> for Value<'_> {
    fn as_ref(&self) -> &[u8] {
        self.bytes()
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Value<'a> {
        Value {
            text: s.into(),
            raw: None,
        }
    }
}

impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value {
            text: s.into(),
            raw: None,
        }
    }
}

impl<'a> From<&'a HeaderValue> for Value<'a> {
    fn from(v: &'a HeaderValue) -> Value<'a> {
        match v {
            HeaderValue::Text(text) => text.as_str().into(),
            HeaderValue::Bytes(bytes) => Value {
                text: Text(String::from_utf8_lossy(bytes)),
                raw: Some(bytes),
            },
        }
    }
}

/// One attempt's headers, in order, repeated names kept.
#[derive(Debug, Clone, Default)]
pub struct Headers<'a>(pub Vec<(Text<'a>, Value<'a>)>);

impl Headers<'_> {
    /// `(name, value)` pairs in order, each value as text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (&*n.0, &*v.text.0))
    }

    /// `(name, value)` pairs in order, each value as the bytes sent.
    pub fn exact(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0.iter().map(|(n, v)| (&*n.0, v.bytes()))
    }

    /// Whether a header of this name (any case) is there.
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.0.eq_ignore_ascii_case(name))
    }
}

/// One attempt's request, exactly as it goes on the wire.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Full URL.
    pub url: String,
    /// Headers in order.
    pub headers: Headers<'a>,
    /// Body bytes.
    pub body: Bytes,
}

/// The signed request for one attempt at unix time `now`.
pub fn build<'a>(d: &'a Delivery, cfg: &'a ReplayConfig, now: i64) -> anyhow::Result<Request<'a>> {
    let url = join(&cfg.to, &d.fixture.path);
    let mut headers = Headers(Vec::with_capacity(d.fixture.headers.len() + 2));
    for (n, v) in &d.fixture.headers {
        let framing = ["host", "content-length", "transfer-encoding", "connection"];
        if !framing.iter().any(|f| n.eq_ignore_ascii_case(f)) {
            headers.0.push((n.as_str().into(), v.into()));
        }
    }
    let mut url_sent = None;
    let mut body = d.body.clone();
    if let Some(scheme) = d.scheme {
        let wrong;
        let secrets: &[crate::secret::Secret] = if cfg.negative.contains(&Negative::WrongSecret) {
            wrong = [wrong_secret(&cfg.secrets)];
            &wrong
        } else {
            &cfg.secrets
        };
        let stale = if cfg.negative.iter().any(|n| matches!(n, Negative::Stale(_))) {
            cfg.stale_secs()
        } else {
            0
        };
        // The event header travels in the fixture's headers, exactly as captured or written.
        let input = SignInput {
            body: &body,
            secrets,
            timestamp: now - stale,
            id: d.header_id.as_deref(),
            url: Some(&url),
            method: &d.fixture.method,
            event: None,
        };
        let signed = scheme.sign(&input)?;
        url_sent = signed.url;
        // Mailgun signs inside the body; an unsigned delivery keeps the body as written.
        if let Some(b) = signed.body.filter(|_| !cfg.negative.contains(&Negative::Unsigned)) {
            body = bytes::Bytes::from(b);
        }
        let unsigned = cfg.negative.contains(&Negative::Unsigned);
        let dropped = scheme.signature_headers();
        for (n, v) in signed.headers.0 {
            if unsigned && dropped.iter().any(|h| h.eq_ignore_ascii_case(&n)) {
                continue;
            }
            replace(&mut headers, n.into(), v.into());
        }
    }
    if cfg.negative.contains(&Negative::Tamper) {
        body = tamper(&body);
    }
    if !headers.contains("content-type") {
        if let Some(ct) = crate::model::content_type_of(&body) {
            headers.0.insert(0, ("Content-Type".into(), ct.into()));
        }
    }
    for (n, v) in &cfg.headers {
        replace(&mut headers, n.as_str().into(), v.as_str().into());
    }
    Ok(Request {
        method: &d.fixture.method,
        url: url_sent.unwrap_or(url),
        headers,
        body,
    })
}

/// The `--to` base and a fixture's path: paths joined, queries joined, so a
/// `?token=…` in `--to` stays in the query.
pub fn join(to: &str, path: &str) -> String {
    let (base, base_query) = to.split_once('?').map_or((to, None), |(b, q)| (b, Some(q)));
    let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
    let query: Vec<&str> = [base_query, query]
        .into_iter()
        .flatten()
        .filter(|q| !q.is_empty())
        .collect();
    let mut url = format!("{}{path}", base.trim_end_matches('/'));
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

/// Replace every header of this name with one value, keeping its place.
fn replace<'a>(headers: &mut Headers<'a>, name: Text<'a>, value: Value<'a>) {
    match headers.0.iter().position(|(n, _)| n.0.eq_ignore_ascii_case(&name.0)) {
        Some(i) => {
            let mut seen = 0;
            headers.0.retain(|(n, _)| {
                let same = n.0.eq_ignore_ascii_case(&name.0);
                seen += usize::from(same);
                !same || seen == 1
            });
            headers.0[i] = (name, value);
        }
        None => headers.0.push((name, value)),
    }
}

/// The body changed after signing: one byte more, JSON kept valid.
fn tamper(body: &[u8]) -> Bytes {
    let mut b = body.to_vec();
    match b.iter().rposition(|c| *c == b'}') {
        Some(i) => b.insert(i, b' '),
        None => b.push(b'x'),
    }
    Bytes::from(b)
}

/// A secret of the same shape as the real one, that the receiver cannot know.
fn wrong_secret(real: &[crate::secret::Secret]) -> crate::secret::Secret {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let first = real.first().map(|s| s.expose()).unwrap_or("");
    let text = if first.starts_with("whsec_") {
        format!(
            "whsec_{}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes[..24])
        )
    } else if first.len() == 64 && hex::decode(first).is_ok()
        || first.starts_with("MI")
        || first.starts_with("-----BEGIN")
    {
        // A hex key, or an ECDSA private key in base64 DER or PEM (SendGrid):
        // random hex is a key of the same kind, which the signer accepts.
        hex::encode(bytes)
    } else {
        format!("wrong-{}", hex::encode(&bytes[..12]))
    };
    crate::secret::Secret::new(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_keeps_both_queries() {
        assert_eq!(
            join("http://h/hook?token=abc", "/webhooks/github?x=1"),
            "http://h/hook/webhooks/github?token=abc&x=1"
        );
        assert_eq!(join("http://h/", "/p"), "http://h/p");
    }

    #[test]
    fn a_value_that_is_not_utf8_goes_out_as_its_bytes_and_reads_as_text() {
        let latin = HeaderValue::Bytes(b"caf\xe9".to_vec());
        let h = Headers(vec![("X-Latin".into(), (&latin).into()), ("X-A".into(), "1".into())]);
        assert_eq!(h.iter().collect::<Vec<_>>(), [("X-Latin", "caf\u{fffd}"), ("X-A", "1")]);
        assert_eq!(
            h.exact().collect::<Vec<_>>(),
            [("X-Latin", &b"caf\xe9"[..]), ("X-A", b"1")]
        );
    }

    #[test]
    fn replace_keeps_position_and_drops_repeats() {
        let mut h = Headers(vec![
            ("A".into(), "1".into()),
            ("b".into(), "2".into()),
            ("a".into(), "3".into()),
        ]);
        replace(&mut h, "a".into(), String::from("9").into());
        let pairs: Vec<(&str, &str)> = h.iter().collect();
        assert_eq!(pairs, vec![("a", "9"), ("b", "2")]);
        assert!(h.contains("B") && !h.contains("c"));
        assert_eq!(&tamper(b"{\"a\":1}")[..], b"{\"a\":1 }");
        assert_eq!(&tamper(b"x=1")[..], b"x=1x");
    }
}
