//! The shape most providers share: an HMAC over a template of body, timestamp,
//! id and URL, written into one header. Providers of this shape are rows of
//! data in `providers.rs`; this file signs for all of them.

use super::mac::{Algorithm, Encoding, KeyFormat};
use super::timestamp::{TimeFormat, Tolerance};
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::model::HeaderList;
use anyhow::anyhow;

/// How the signature header's value is built.
#[derive(Debug, Clone, Copy)]
pub enum SignatureFormat {
    /// `PREFIX<sig>` (GitHub `sha256=…`, Shopify bare base64).
    Single {
        /// Header name.
        header: &'static str,
        /// Text before the signature.
        prefix: &'static str,
    },
    /// `PREFIX<sig>SEP PREFIX<sig>` (Standard Webhooks `v1,…` space-separated, PagerDuty `v1=…,`).
    List {
        /// Header name.
        header: &'static str,
        /// Text before each signature.
        prefix: &'static str,
        /// Between entries.
        separator: &'static str,
    },
    /// `t=<ts>,v1=<sig>[,v1=<sig>]` (Stripe, Mux, Calendly; Paddle with `ts`/`h1`/`;`).
    Keyed {
        /// Header name.
        header: &'static str,
        /// Key of the timestamp entry.
        ts_key: &'static str,
        /// Key of each signature entry.
        sig_key: &'static str,
        /// Between entries.
        separator: char,
    },
}

impl SignatureFormat {
    /// The signature header's name.
    pub fn header(&self) -> &'static str {
        match *self {
            SignatureFormat::Single { header, .. }
            | SignatureFormat::List { header, .. }
            | SignatureFormat::Keyed { header, .. } => header,
        }
    }
}

/// Where the timestamp travels.
#[derive(Debug, Clone, Copy)]
pub enum TimestampSource {
    /// No timestamp.
    None,
    /// Its own header.
    Header(&'static str, TimeFormat),
    /// Inside the signature header (`Keyed` format).
    InSignature,
    /// A JSON body field, with a header as fallback (Linear's `webhookTimestamp`).
    BodyField {
        /// Top-level JSON field.
        field: &'static str,
        /// Header sent alongside.
        header: &'static str,
        /// Format of both.
        format: TimeFormat,
    },
}

/// How fresh delivery ids look.
#[derive(Debug, Clone, Copy)]
pub enum IdStyle {
    /// A random UUID v4.
    Uuid,
    /// A prefix and 27 random base62 characters (`msg_…`).
    Prefixed(&'static str),
    /// A random decimal number.
    Digits,
}

impl IdStyle {
    /// A fresh random id in this style.
    pub fn fresh(self) -> String {
        use rand::distributions::{Alphanumeric, DistString};
        use rand::Rng;
        match self {
            IdStyle::Uuid => uuid::Uuid::new_v4().to_string(),
            IdStyle::Prefixed(p) => format!("{p}{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 27)),
            IdStyle::Digits => rand::thread_rng().gen_range(100_000..100_000_000u64).to_string(),
        }
    }
}

/// A second signature header sent for compatibility (GitHub's SHA-1 `X-Hub-Signature`).
#[derive(Debug, Clone, Copy)]
pub struct Legacy {
    /// Header name.
    pub header: &'static str,
    /// Its algorithm.
    pub algorithm: Algorithm,
    /// Text before the signature.
    pub prefix: &'static str,
}

/// A provider whose scheme is an HMAC over a template. Adding a provider of
/// this shape is one value of this struct in `providers.rs`.
#[derive(Debug, Clone)]
pub struct HmacScheme {
    /// Name used with `--provider`.
    pub name: &'static str,
    /// Human name.
    pub title: &'static str,
    /// Hash under the HMAC.
    pub algorithm: Algorithm,
    /// Encoding of the MAC in the header.
    pub encoding: Encoding,
    /// How the secret becomes key bytes.
    pub key: KeyFormat,
    /// The signed bytes: `{body}`, `{timestamp}`, `{id}`, `{url}` placeholders, the rest literal.
    pub payload: &'static str,
    /// The signature header.
    pub signature: SignatureFormat,
    /// Where the timestamp travels.
    pub timestamp: TimestampSource,
    /// Default tolerance, as the provider's library has it.
    pub tolerance: Tolerance,
    /// The delivery-id header and the style of its values.
    pub id: Option<(&'static str, IdStyle)>,
    /// The header naming the event type.
    pub event_header: Option<&'static str>,
    /// Compatibility signature header, if the provider sends one.
    pub legacy: Option<Legacy>,
    /// Constant headers the provider sends (e.g. `User-Agent`).
    pub fixed_headers: &'static [(&'static str, &'static str)],
    /// True when several secrets yield several signatures (rotation).
    pub multi: bool,
}

/// Flags of the generic `hmac` provider, for people building their own webhooks.
#[derive(Debug, Clone)]
pub struct GenericHmac {
    /// Signature header name.
    pub header: String,
    /// Hash under the HMAC.
    pub algorithm: Algorithm,
    /// Encoding of the MAC.
    pub encoding: Encoding,
    /// Text before the signature.
    pub prefix: String,
    /// Signed bytes template.
    pub payload_template: String,
    /// Header carrying `{timestamp}`.
    pub timestamp_header: Option<String>,
    /// Header carrying `{id}`.
    pub id_header: Option<String>,
}

impl GenericHmac {
    /// Build the scheme. The strings are leaked on purpose: a scheme lives for
    /// the whole process, and this lets generic and built-in schemes share one type.
    pub fn into_scheme(self) -> anyhow::Result<HmacScheme> {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let template = self.payload_template;
        for (needed, flag, given) in [
            ("{timestamp}", "--timestamp-header", self.timestamp_header.is_some()),
            ("{id}", "--id-header", self.id_header.is_some()),
        ] {
            if template.contains(needed) && !given {
                return Err(crate::error::hinted(
                    format!("the payload template uses {needed} but no {flag} says where it travels"),
                    format!(
                        "add {flag} NAME, e.g. {flag} X-Webhook-{}",
                        if needed == "{id}" { "Id" } else { "Timestamp" }
                    ),
                ));
            }
        }
        if !template.contains("{body}") {
            return Err(anyhow!(
                "the payload template {template:?} does not contain {{body}}, so the body would not be signed"
            ));
        }
        Ok(HmacScheme {
            name: "hmac",
            title: "Generic HMAC",
            algorithm: self.algorithm,
            encoding: self.encoding,
            key: KeyFormat::Utf8,
            payload: leak(template),
            signature: SignatureFormat::Single {
                header: leak(self.header),
                prefix: leak(self.prefix),
            },
            timestamp: match self.timestamp_header {
                Some(h) => TimestampSource::Header(leak(h), TimeFormat::UnixSeconds),
                None => TimestampSource::None,
            },
            tolerance: Tolerance::NONE,
            id: self.id_header.map(|h| (leak(h), IdStyle::Uuid)),
            event_header: None,
            legacy: None,
            fixed_headers: &[],
            multi: false,
        })
    }
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
        let next = ["{body}", "{timestamp}", "{id}", "{url}"]
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

/// Expand a payload template into the bytes to sign.
pub(super) fn expand(template: &str, p: &Parts) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.body.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.extend_from_slice(&rest.as_bytes()[..start]);
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
        out.extend_from_slice(value);
        rest = &tail[len..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

impl HmacScheme {
    /// True when the template signs the URL.
    pub fn signs_url(&self) -> bool {
        self.payload.contains("{url}")
    }

    /// The MAC for one key.
    pub(super) fn mac(&self, algorithm: Algorithm, key: &[u8], parts: &Parts) -> Vec<u8> {
        algorithm.mac(key, &[&expand(self.payload, parts)])
    }

    fn timestamp_text(&self, ts: i64) -> String {
        match self.timestamp {
            TimestampSource::Header(_, f) | TimestampSource::BodyField { format: f, .. } => f.format(ts),
            TimestampSource::InSignature | TimestampSource::None => ts.to_string(),
        }
    }

    fn header_value(&self, ts: &str, sigs: &[String]) -> String {
        match self.signature {
            SignatureFormat::Single { prefix, .. } => format!("{prefix}{}", sigs[0]),
            SignatureFormat::List { prefix, separator, .. } => sigs
                .iter()
                .map(|s| format!("{prefix}{s}"))
                .collect::<Vec<_>>()
                .join(separator),
            SignatureFormat::Keyed {
                ts_key,
                sig_key,
                separator,
                ..
            } => {
                let mut v = format!("{ts_key}={ts}");
                for s in sigs {
                    v.push(separator);
                    v.push_str(&format!("{sig_key}={s}"));
                }
                v
            }
        }
    }
}

impl Scheme for HmacScheme {
    fn name(&self) -> &str {
        self.name
    }

    fn info(&self) -> Info {
        let mut headers: Vec<String> = vec![self.signature.header().to_string()];
        if let Some(l) = self.legacy {
            headers.push(l.header.into());
        }
        match self.timestamp {
            TimestampSource::Header(h, _) | TimestampSource::BodyField { header: h, .. } => headers.push(h.into()),
            _ => {}
        }
        headers.extend(self.id.map(|(h, _)| h.to_string()));
        headers.extend(self.event_header.map(String::from));
        let signs = describe_template(self.payload);
        Info {
            name: self.name.into(),
            title: self.title.into(),
            headers,
            signs,
            algorithm: format!("{} {}", self.algorithm.label(), self.encoding.label()),
            tolerance: self.tolerance.label(),
            secret: self.key.label().into(),
        }
    }

    fn detect(&self, headers: &HeaderList) -> bool {
        headers.contains(self.signature.header())
    }

    fn needs_url(&self) -> bool {
        self.signs_url()
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        let mut signed = Signed::default();
        let url = match (self.signs_url(), input.url) {
            (true, None) => return Err(super::url_required(self.name)),
            (_, url) => url.unwrap_or(""),
        };
        let id = input
            .id
            .map(String::from)
            .or_else(|| self.id.map(|(_, style)| style.fresh()))
            .unwrap_or_default();
        let ts = self.timestamp_text(input.timestamp);
        let secrets = if self.multi { input.secrets } else { &input.secrets[..1] };
        if !self.multi && input.secrets.len() > 1 {
            signed.notes.push(format!(
                "{} sends one signature: signed with the first secret only",
                self.name
            ));
        }
        let parts = Parts {
            body: input.body,
            timestamp: &ts,
            id: &id,
            url,
        };
        let mut sigs = Vec::new();
        for (i, s) in secrets.iter().enumerate() {
            let key = self
                .key
                .key(s.expose())
                .map_err(|why| secret_unusable(i, self.name, &why))?;
            sigs.push(self.encoding.encode(&self.mac(self.algorithm, &key, &parts)));
        }
        let h = &mut signed.headers;
        for (name, value) in self.fixed_headers {
            h.push(*name, *value);
        }
        if let (Some(header), Some(event)) = (self.event_header, input.event) {
            h.push(header, event);
        }
        if let Some((header, _)) = self.id {
            h.push(header, id.clone());
        }
        match self.timestamp {
            TimestampSource::Header(header, _) | TimestampSource::BodyField { header, .. } => {
                h.push(header, ts.clone())
            }
            _ => {}
        }
        if let Some(l) = self.legacy {
            let key = self
                .key
                .key(secrets[0].expose())
                .map_err(|why| secret_unusable(0, self.name, &why))?;
            h.push(
                l.header,
                format!(
                    "{}{}",
                    l.prefix,
                    self.encoding.encode(&self.mac(l.algorithm, &key, &parts))
                ),
            );
        }
        h.push(self.signature.header(), self.header_value(&ts, &sigs));
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<super::Verdict> {
        super::hmac_verify::verify(self, input)
    }
}

/// The error for a secret that cannot serve as this scheme's key.
pub(super) fn secret_unusable(index: usize, provider: &str, why: &str) -> anyhow::Error {
    crate::error::hinted(
        format!("secret #{} cannot be used for {provider}: {why}", index + 1),
        "check which secret you copied: Standard Webhooks and Svix secrets look like whsec_ followed by base64",
    )
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
    fn templates_are_described_as_concatenations() {
        assert_eq!(
            describe_template("v0:{timestamp}:{body}"),
            r#""v0:" || timestamp || ":" || body"#
        );
        assert_eq!(describe_template("{url}{body}"), "url || body");
    }

    #[test]
    fn fresh_ids_have_the_provider_style() {
        assert_eq!(IdStyle::Uuid.fresh().len(), 36);
        let m = IdStyle::Prefixed("msg_").fresh();
        assert!(m.starts_with("msg_") && m.len() == 31);
        assert!(IdStyle::Digits.fresh().chars().all(|c| c.is_ascii_digit()));
        assert_ne!(IdStyle::Uuid.fresh(), IdStyle::Uuid.fresh());
    }
}
