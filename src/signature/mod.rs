//! Webhook signature schemes: sign a body the way a provider does, verify a
//! received request, and explain why a check fails.
//!
//! Every scheme is a pure function of its inputs: the clock (`now`,
//! `timestamp`) is passed in, so tests are deterministic.

pub mod body_view;
pub mod describe;
mod diagnose;
mod diagnose_body;
mod discord;
mod generic;
mod hmac_carried;
mod hmac_scheme;
mod hmac_shape;
mod hmac_sign;
mod hmac_verify;
mod hubspot;
mod hubspot_verify;
pub mod mac;
mod mac_memo;
mod mailgun;
mod providers;
mod providers_more;
mod registry;
mod sendgrid;
mod sendgrid_verify;
mod template;
pub mod timestamp;
mod token;
mod twilio;
mod verdict;

pub use generic::GenericHmac;
pub use hmac_scheme::{HmacScheme, IdStyle, SignatureFormat, TimestampSource};
pub use registry::{close_names, detect, detect_request, find, identify, names, schemes};
pub use timestamp::{human_duration, Tolerance};
pub use verdict::{Expected, Finding, Match, Problem, Verdict, Workings};

use crate::model::HeaderList;
use crate::secret::Secret;
use std::time::Duration;

/// What to sign.
#[derive(Debug, Clone, Copy)]
pub struct SignInput<'a> {
    /// The raw body bytes, exactly as they will be sent.
    pub body: &'a [u8],
    /// One or more secrets; schemes that allow it sign with each (rotation).
    pub secrets: &'a [Secret],
    /// Unix seconds to put in the signature.
    pub timestamp: i64,
    /// Delivery / message id; `None` makes a fresh one in the provider's style.
    pub id: Option<&'a str>,
    /// The URL the request goes to (Twilio, Square sign it).
    pub url: Option<&'a str>,
    /// The HTTP method the request is sent with (HubSpot signs it).
    pub method: &'a str,
    /// Event type, for the provider's event header.
    pub event: Option<&'a str>,
}

/// The headers a provider would send, and anything the user must know.
#[derive(Debug, Clone, Default)]
pub struct Signed {
    /// Headers in the order the provider sends them.
    pub headers: HeaderList,
    /// The URL to send to when the scheme changes it (Twilio adds `bodySHA256`).
    pub url: Option<String>,
    /// The body to send instead of the one given, when the scheme signs
    /// inside the body (Mailgun's `signature` object).
    pub body: Option<Vec<u8>>,
    /// Remarks for stderr, e.g. "github sends one signature: signed with the first secret".
    pub notes: Vec<String>,
}

/// A received request to check.
#[derive(Debug, Clone, Copy)]
pub struct VerifyInput<'a> {
    /// The raw body bytes as received.
    pub body: &'a [u8],
    /// The request headers.
    pub headers: &'a HeaderList,
    /// Every secret that may have signed it (current and older ones).
    pub secrets: &'a [Secret],
    /// The URL the sender signed (Twilio, Square).
    pub url: Option<&'a str>,
    /// The HTTP method the request came with (HubSpot signs it).
    pub method: &'a str,
    /// Unix seconds to judge timestamps against.
    pub now: i64,
    /// Overrides the provider's default tolerance; zero turns the check off.
    pub tolerance: Option<Duration>,
}

/// What `hook providers` shows about a scheme.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Info {
    /// Name used with `--provider`.
    pub name: String,
    /// Human name, e.g. `GitHub`.
    pub title: String,
    /// Headers the provider sends.
    pub headers: Vec<String>,
    /// What bytes are signed, e.g. `t "." body`.
    pub signs: String,
    /// Algorithm and encoding, e.g. `HMAC-SHA256 hex`.
    pub algorithm: String,
    /// Default timestamp tolerance.
    pub tolerance: String,
    /// How the secret is used.
    pub secret: String,
}

/// One provider's signature scheme.
pub trait Scheme: Send + Sync {
    /// The name used with `--provider`.
    fn name(&self) -> &str;
    /// Description for `hook providers`.
    fn info(&self) -> Info;
    /// True when these headers look like this provider's (for `--provider auto`).
    fn detect(&self, headers: &HeaderList) -> bool;
    /// True when the signature travels in the body and this body carries
    /// one (Mailgun), for requests no signature header identifies.
    fn detect_body(&self, _body: &[u8]) -> bool {
        false
    }
    /// True when the body looks like this provider's even without a
    /// signature (Mailgun's empty `signature` fields), for a provider that
    /// signs inside the body.
    fn recognises_body(&self, _body: &[u8]) -> bool {
        false
    }
    /// True when the headers look like this provider's even without a
    /// signature (its event or id header, its User-Agent).
    fn recognises(&self, headers: &HeaderList) -> bool {
        self.detect(headers)
    }
    /// True when the signature header is present *and* has this provider's
    /// shape (its `sha256=` or `sha1=` prefix). Several providers share a
    /// header name (`X-Hub-Signature`), and only the shape tells them apart.
    fn detect_shape(&self, headers: &HeaderList) -> bool {
        self.detect(headers)
    }
    /// The event type and delivery id, from headers or the parsed body.
    fn describe(&self, headers: &HeaderList, body: &body_view::BodyView) -> describe::Described;
    /// True when receivers reject an old signed timestamp by default (so a
    /// stale delivery can be simulated).
    fn checks_age(&self) -> bool {
        false
    }
    /// True when the signature covers the body (so a tampered body can be detected).
    fn signs_body(&self) -> bool {
        true
    }
    /// The headers that carry the signature (removed for an unsigned delivery).
    fn signature_headers(&self) -> Vec<&'static str>;
    /// A fresh delivery id in the provider's style, when it sends one in a header.
    fn fresh_id(&self) -> Option<String> {
        None
    }
    /// True when the scheme signs the URL, so `--url` is required.
    fn needs_url(&self) -> bool {
        false
    }
    /// Produce the provider's headers for a body.
    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed>;
    /// Check a request. `Err` only for usage errors (a key that cannot be
    /// used, a missing `--url`); an invalid signature is an `Ok` verdict.
    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict>;
}

impl std::fmt::Debug for dyn Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The first secret, which single-signature schemes sign with.
pub(crate) fn first_secret<'a>(input: &SignInput<'a>) -> anyhow::Result<&'a Secret> {
    input.secrets.first().ok_or_else(|| {
        crate::error::hinted(
            "no secret given",
            "pass --secret SECRET, --secret-file FILE, or set HOOK_SECRET",
        )
    })
}

/// The error for a URL-signing scheme used without `--url`.
pub(crate) fn url_required(provider: &str) -> anyhow::Error {
    crate::error::hinted(
        format!("{provider} signs the request URL, and no --url was given"),
        "pass --url with the exact URL the provider posts to, e.g. --url https://example.com/webhooks",
    )
}

/// Verify with a scheme, and when its headers are missing but another
/// provider's are present, say which provider the request looks like.
pub fn verify(scheme: &dyn Scheme, input: &VerifyInput) -> anyhow::Result<Verdict> {
    let mut verdict = scheme.verify(input)?;
    let missing = verdict
        .problems
        .iter()
        .any(|p| matches!(p, Problem::MissingHeader { .. } | Problem::MissingField { .. }));
    if missing {
        if let Some(other) = detect_request(input.headers, input.body).filter(|o| o.name() != scheme.name()) {
            verdict.finding(
                "other_provider",
                format!(
                    "the headers look like {}: try --provider {} or --provider auto",
                    other.name(),
                    other.name()
                ),
            );
        }
    }
    Ok(verdict)
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod props_more;
#[cfg(test)]
mod props_regressions;
#[cfg(test)]
mod props_text;
#[cfg(test)]
mod props_verify;
#[cfg(test)]
mod vectors;
#[cfg(test)]
mod vectors_hubspot;
#[cfg(test)]
mod vectors_mailgun;
#[cfg(test)]
mod vectors_round_trip;
#[cfg(test)]
mod vectors_sendgrid;
#[cfg(test)]
mod verify_tests;
