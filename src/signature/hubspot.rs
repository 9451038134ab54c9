//! §24 HubSpot: v3 is HMAC-SHA256 base64 over `method || uri || body ||
//! timestamp` (milliseconds); the older v1 and v2, still sent, are a plain
//! SHA-256 hex of `secret || body` and `secret || method || uri || body`.
//!
//! The URI is signed exactly as given, as the official Python library
//! (`hubspot-api-client` 12.0.0, `Signature.get_signature`) does. HubSpot's
//! docs also ask receivers to decode a few percent-escapes (`%3A` → `:`, …)
//! before checking a v3 signature; that variant is tried only to explain a
//! mismatch, since the official library would reject it too.

use super::describe::{describe_with, BodyFields, Described};
use super::mac::{Algorithm, Encoding};
use super::timestamp::{TimeFormat, Tolerance};
use super::verdict::Verdict;
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::model::HeaderList;
use sha2::{Digest, Sha256};

pub(super) const V3: &str = "X-HubSpot-Signature-v3";
pub(super) const TS: &str = "X-HubSpot-Request-Timestamp";
pub(super) const LEGACY: &str = "X-HubSpot-Signature";
pub(super) const VERSION: &str = "X-HubSpot-Signature-Version";
/// The official libraries reject a v3 timestamp older than five minutes.
pub(super) const TOLERANCE: Tolerance = Tolerance::age(300);

/// HubSpot's webhook and workflow request signatures.
pub struct Hubspot;

/// Which of HubSpot's three signatures a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    V1,
    V2,
    V3,
}

impl Version {
    pub(super) fn label(self) -> &'static str {
        match self {
            Version::V1 => "v1",
            Version::V2 => "v2",
            Version::V3 => "v3",
        }
    }

    pub(super) fn signs_uri(self) -> bool {
        self != Version::V1
    }

    pub(super) fn encoding(self) -> Encoding {
        match self {
            Version::V3 => Encoding::Base64,
            _ => Encoding::Hex,
        }
    }
}

/// What one version computes, before encoding.
pub(super) struct Message<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub body: &'a [u8],
    pub timestamp: &'a str,
}

pub(super) fn digest(version: Version, key: &[u8], m: &Message) -> Vec<u8> {
    let (method, uri) = (m.method.as_bytes(), m.uri.as_bytes());
    match version {
        Version::V1 => Sha256::new().chain_update(key).chain_update(m.body).finalize().to_vec(),
        Version::V2 => (Sha256::new().chain_update(key).chain_update(method).chain_update(uri))
            .chain_update(m.body)
            .finalize()
            .to_vec(),
        Version::V3 => Algorithm::Sha256.mac(key, &[method, uri, m.body, m.timestamp.as_bytes()]),
    }
}

/// The URI with the percent-escapes HubSpot's docs list decoded (any case).
pub(super) fn doc_decoded(uri: &str) -> String {
    const ESCAPES: [(&str, char); 12] = [
        ("3A", ':'),
        ("2F", '/'),
        ("3F", '?'),
        ("40", '@'),
        ("21", '!'),
        ("24", '$'),
        ("27", '\''),
        ("28", '('),
        ("29", ')'),
        ("2A", '*'),
        ("2C", ','),
        ("3B", ';'),
    ];
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3).unwrap_or("");
        match ESCAPES.iter().find(|(e, _)| e.eq_ignore_ascii_case(code)) {
            Some((_, c)) => {
                out.push(*c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl Scheme for Hubspot {
    fn name(&self) -> &str {
        "hubspot"
    }

    fn info(&self) -> Info {
        Info {
            name: "hubspot".into(),
            title: "HubSpot".into(),
            headers: [V3, TS, LEGACY, VERSION].map(String::from).to_vec(),
            signs: "method || uri || body || timestamp (v3); secret || body (v1); secret || method || uri || body (v2)"
                .into(),
            algorithm: "HMAC-SHA256 base64 (v3), SHA-256 hex (v1, v2)".into(),
            tolerance: format!("{}, v3 only, timestamp in ms", TOLERANCE.label()),
            secret: "app client secret as UTF-8".into(),
        }
    }

    fn detect(&self, headers: &HeaderList) -> bool {
        headers.contains(V3) || headers.contains(LEGACY)
    }

    fn recognises(&self, headers: &HeaderList) -> bool {
        self.detect(headers) || headers.contains(TS)
    }

    fn checks_age(&self) -> bool {
        true
    }

    fn needs_url(&self) -> bool {
        true
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        vec![V3, LEGACY]
    }

    fn describe(&self, headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        // Webhooks API deliveries are an array of events; workflow ones one object.
        let fields = BodyFields {
            event: &["/0/subscriptionType", "/subscriptionType"],
            action: false,
            id: &["/0/eventId", "/eventId"],
        };
        describe_with(headers, body, None, None, fields)
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        let uri = input.url.ok_or_else(|| super::url_required("hubspot"))?;
        let mut signed = Signed::default();
        if input.secrets.len() > 1 {
            signed
                .notes
                .push("hubspot sends one signature: signed with the first secret only".into());
        }
        let timestamp = (TimeFormat::UnixMillis.format(input.timestamp))
            .map_err(|why| super::timestamp::unwritable("hubspot", &why))?;
        let message = Message {
            method: input.method,
            uri,
            body: input.body,
            timestamp: &timestamp,
        };
        let key = super::first_secret(input)?.expose().as_bytes();
        let sig = Encoding::Base64.encode(&digest(Version::V3, key, &message));
        // Webhooks API deliveries carry v1 beside v3, and many receivers
        // still check only v1, so both are sent as HubSpot does.
        let legacy = Encoding::Hex.encode(&digest(Version::V1, key, &message));
        signed.headers.push(TS, timestamp);
        signed.headers.push(V3, sig);
        signed.headers.push(LEGACY, legacy);
        signed.headers.push(VERSION, Version::V1.label());
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict> {
        super::hubspot_verify::verify(input)
    }
}
