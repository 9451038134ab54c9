//! The shape most providers share: an HMAC over a template of body, timestamp,
//! id and URL, written into one header. Providers of this shape are rows of
//! data in `providers.rs` and `providers_more.rs`; this file signs for all of them.

use super::describe::{describe_with, BodyFields, Described};
pub use super::hmac_shape::{IdStyle, Legacy, SignatureFormat, TimestampSource};
use super::mac::{Algorithm, Encoding, KeyFormat};
use super::template::{describe_template, segments, Parts};
use super::timestamp::Tolerance;
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::model::HeaderList;

/// A provider whose scheme is an HMAC over a template. Adding a provider of
/// this shape is one value of this struct in `providers.rs` or `providers_more.rs`.
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
    /// Where the body carries the event type and id.
    pub fields: BodyFields,
    /// The same scheme under other header names, for a request that carries
    /// those instead (Shopify's newer unprefixed `shopify-*` headers).
    /// Signing always uses this scheme's own names.
    pub alternate: Option<&'static HmacScheme>,
    /// True when the alternate's headers alone name this provider in
    /// detection. False where another provider owns those names (Svix reads
    /// `webhook-*` when told `--provider svix`, but a request carrying only
    /// those is Standard Webhooks).
    pub alternate_detected: bool,
    /// A header that must be beside the signature for detection, when the
    /// signature header is another provider's too (Jira's
    /// `X-Atlassian-Webhook-Identifier` beside Bitbucket's `X-Hub-Signature`).
    pub requires: Option<&'static str>,
}

impl HmacScheme {
    /// True when the provider's event or id header, or its User-Agent, is present.
    fn known_by_other_headers(&self, headers: &HeaderList) -> bool {
        let agent = headers.get("user-agent").unwrap_or_default();
        self.event_header.is_some_and(|h| headers.contains(h))
            || self.id.is_some_and(|(h, _)| headers.contains(h))
            || self.fixed_headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("user-agent") && agent.starts_with(v.split('/').next().unwrap_or(v))
            })
    }

    /// This scheme, or its alternate when the request carries the alternate's
    /// headers and not this scheme's signature header.
    fn for_headers(&self, headers: &HeaderList) -> &HmacScheme {
        match self.alternate {
            Some(alt) if !headers.contains(self.signature.header()) && alt.recognises(headers) => alt,
            _ => self,
        }
    }

    /// The alternate, when its headers alone name this provider.
    fn detected_alternate(&self) -> Option<&'static HmacScheme> {
        self.alternate.filter(|_| self.alternate_detected)
    }

    /// True when the template signs the URL.
    pub fn signs_url(&self) -> bool {
        self.payload.contains("{url}")
    }

    /// The encoded MAC for signing. Templates without a delivery id sign the
    /// same message for every delivery of one body (within a second at most),
    /// so those go through the memo; an id is fresh each time and would only
    /// miss it.
    pub(super) fn signature(&self, algorithm: Algorithm, key: &[u8], parts: &Parts) -> String {
        let message = segments(self.payload, parts);
        if self.payload.contains("{id}") {
            self.encoding.encode(&algorithm.mac(key, &message))
        } else {
            super::mac_memo::signature(algorithm, self.encoding, key, &message)
        }
    }

    /// The timestamp as this provider writes it, or the error for one it cannot write.
    pub(super) fn timestamp_text(&self, ts: i64) -> anyhow::Result<String> {
        match self.timestamp {
            TimestampSource::Header(_, f) | TimestampSource::BodyField { format: f, .. } => f
                .format(ts)
                .map_err(|why| super::timestamp::unwritable(self.name, &why)),
            TimestampSource::InSignature | TimestampSource::None => Ok(ts.to_string()),
        }
    }

    /// The signature header's value. Built by pushing pieces rather than with
    /// `format!`: it is made for every replayed delivery.
    pub(super) fn header_value(&self, ts: &str, sigs: &[String]) -> String {
        let mut v = String::with_capacity(32 + sigs.iter().map(|s| s.len() + 16).sum::<usize>());
        match self.signature {
            SignatureFormat::Single { prefix, .. } => {
                v.push_str(prefix);
                v.push_str(&sigs[0]);
            }
            SignatureFormat::List { prefix, separator, .. } => {
                for (i, s) in sigs.iter().enumerate() {
                    if i > 0 {
                        v.push_str(separator);
                    }
                    v.push_str(prefix);
                    v.push_str(s);
                }
            }
            SignatureFormat::Keyed {
                ts_key,
                sig_key,
                separator,
                ..
            } => {
                v.extend([ts_key, "=", ts]);
                for s in sigs {
                    v.push(separator);
                    v.extend([sig_key, "=", s.as_str()]);
                }
            }
        }
        v
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
        headers.extend(self.alternate.map(|a| a.signature.header().to_string()));
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
        if self.requires.is_some_and(|h| !headers.contains(h)) {
            return false;
        }
        headers.contains(self.signature.header())
            || self.detected_alternate().is_some_and(|a| a.detect(headers))
            // GitHub's legacy SHA-1 header alone, with GitHub's own headers beside it.
            || self.legacy.is_some_and(|l| headers.contains(l.header) && self.known_by_other_headers(headers))
    }

    fn detect_shape(&self, headers: &HeaderList) -> bool {
        let shaped = |header: &str, prefix: &str| {
            headers.get(header).is_some_and(|v| {
                let v = v.trim_start().as_bytes();
                prefix.is_empty()
                    || v.len() >= prefix.len() && v[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
            })
        };
        let main = match self.signature {
            SignatureFormat::Single { header, prefix } => shaped(header, prefix),
            _ => headers.contains(self.signature.header()),
        };
        main || self.detected_alternate().is_some_and(|a| a.detect_shape(headers))
            || self
                .legacy
                .is_some_and(|l| shaped(l.header, l.prefix) && self.known_by_other_headers(headers))
    }

    fn checks_age(&self) -> bool {
        self.tolerance.window.is_some()
            && matches!(
                self.timestamp,
                TimestampSource::Header(..) | TimestampSource::InSignature | TimestampSource::BodyField { .. }
            )
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        let mut h = vec![self.signature.header()];
        h.extend(self.legacy.map(|l| l.header));
        h.extend(self.alternate.map(|a| a.signature.header()));
        h
    }

    fn fresh_id(&self) -> Option<String> {
        self.id.map(|(_, style)| style.fresh())
    }

    fn recognises(&self, headers: &HeaderList) -> bool {
        self.detect(headers)
            || self.known_by_other_headers(headers)
            || self.detected_alternate().is_some_and(|a| a.recognises(headers))
    }

    fn describe(&self, headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        let s = self.for_headers(headers);
        describe_with(headers, body, s.event_header, s.id.map(|(h, _)| h), s.fields)
    }

    fn needs_url(&self) -> bool {
        self.signs_url()
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        super::hmac_sign::sign(self, input)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<super::Verdict> {
        let mut verdict = super::hmac_verify::verify(self.for_headers(input.headers), input)?;
        let alternate = self.alternate.map(|a| a.signature.header());
        if let Some(alt) = alternate.filter(|alt| !input.headers.contains(alt)) {
            if !input.headers.contains(self.signature.header()) {
                verdict.finding(
                    "missing_signature",
                    format!(
                        "the signature travels in {} or {alt}: neither is present",
                        self.signature.header()
                    ),
                );
            }
        }
        Ok(verdict)
    }
}

/// A secret's index among those given, and its key for this scheme.
pub(super) type Usable = (usize, Vec<u8>);
/// A secret's index among those given, and why this scheme cannot use it.
pub(super) type Unusable = (usize, String);

/// The secrets given, sorted into the keys this scheme can use (with each
/// one's index) and why each other one cannot serve; an error when none can.
/// A secret another provider needs is skipped, not fatal, so one listener or
/// one replay can hold the secrets of several providers.
pub(super) fn usable_keys(
    s: &HmacScheme,
    secrets: &[crate::secret::Secret],
) -> anyhow::Result<(Vec<Usable>, Vec<Unusable>)> {
    let (mut keys, mut unusable) = (Vec::new(), Vec::new());
    for (i, secret) in secrets.iter().enumerate() {
        match s.key.key(secret.expose()) {
            Ok(key) => keys.push((i, key)),
            Err(why) => unusable.push((i, why)),
        }
    }
    if let (true, Some((i, why))) = (keys.is_empty(), unusable.first()) {
        return Err(secret_unusable(*i, s.name, why));
    }
    Ok((keys, unusable))
}

/// The error for a secret that cannot serve as this scheme's key.
pub(super) fn secret_unusable(index: usize, provider: &str, why: &str) -> anyhow::Error {
    crate::error::hinted(
        format!("secret #{} cannot be used for {provider}: {why}", index + 1),
        "check which secret you copied: Standard Webhooks and Svix secrets look like whsec_ followed by base64",
    )
}
