//! What a received request is: provider, event, delivery id, and the
//! signature verdict with the same explanations as `hook verify`. Shared by
//! `hook listen` and `hook tunnel`, which show requests the same way.

use crate::model::{Capture, Check, CheckKind, HeaderList};
use crate::secret::Secret;
use crate::signature::body_view::BodyView;
use crate::signature::describe::{describe_with, BodyFields, Described};
use crate::signature::{self, timestamp::now_unix, Scheme, VerifyInput};
use std::collections::HashSet;
use std::time::Duration;

mod signed_url;
use signed_url::signed_url;
pub use signed_url::{explain_checked, named_url};

/// Remembered delivery ids are forgotten past this many, so a long run stays bounded in memory.
const REMEMBERED: usize = 100_000;

/// The delivery ids seen so far, to flag a provider's retry or duplicate.
#[derive(Debug, Default)]
pub struct SeenDeliveries(HashSet<String>);

impl SeenDeliveries {
    /// True when this provider's delivery id arrived before; remembers it.
    pub fn seen_before(&mut self, provider: Option<&str>, id: &str) -> bool {
        if self.0.len() >= REMEMBERED {
            self.0.clear();
        }
        !self.0.insert(format!("{}\0{id}", provider.unwrap_or("")))
    }

    /// Set `c.duplicate` from its delivery id (after [`inspect`]).
    pub fn flag(&mut self, c: &mut Capture) {
        c.duplicate = c
            .delivery_id
            .as_deref()
            .is_some_and(|id| self.seen_before(c.provider.as_deref(), id));
    }
}

/// How to check signatures.
#[derive(Debug, Clone, Default)]
pub struct VerifyConfig {
    /// The provider to check as; `None` detects it per request.
    pub scheme: Option<&'static dyn Scheme>,
    /// Secrets; none means requests are `unchecked`.
    pub secrets: Vec<Secret>,
    /// Public base URL the provider calls (URL-signing schemes behind a tunnel).
    pub public_url: Option<String>,
    /// True when `public_url` is the relay's (`hook tunnel`), not a
    /// `--public-url` the user gave: a failed check says where to change it.
    pub public_url_is_relays: bool,
    /// Tolerance override.
    pub tolerance: Option<Duration>,
    /// Answer 401 to invalid and unsigned requests.
    pub reject_invalid: bool,
}

/// Fill in provider, event, delivery id and the signature check; `tls`
/// says whether the request came over HTTPS (for the signed URL).
/// The provider (the one given, else the one the request shows) and what
/// its headers and body say of the event and delivery id.
fn identified(
    headers: &HeaderList,
    raw: &[u8],
    body: &BodyView,
    given: Option<&'static dyn Scheme>,
) -> (Option<&'static dyn Scheme>, Described) {
    let scheme = given.or_else(|| signature::identify(headers, raw));
    let described = match scheme {
        Some(s) => s.describe(headers, body),
        // Unknown sender: the fields most webhook bodies use.
        None => describe_with(
            headers,
            body,
            None,
            None,
            BodyFields {
                event: &["/type", "/event", "/event_type"],
                action: false,
                id: &["/id"],
            },
        ),
    };
    (scheme, described)
}

/// Only the provider and event, as [`inspect`] finds them, with no
/// signature check: what `hook tunnel` routes by before the app sees the request.
pub fn provider_and_event(
    headers: &HeaderList,
    raw: &[u8],
    given: Option<&'static dyn Scheme>,
) -> (Option<&'static str>, Option<String>) {
    let (scheme, described) = identified(headers, raw, &BodyView::of(raw), given);
    (scheme.map(|s| s.name()), described.event)
}

pub fn inspect(c: &mut Capture, body: &BodyView, cfg: &VerifyConfig, tls: bool) {
    let (scheme, described) = identified(&c.headers, &c.body, body, cfg.scheme);
    c.provider = scheme.map(|s| s.name().to_string());
    c.event = described.event;
    c.delivery_id = described.delivery_id;
    c.check = check(c, scheme, cfg, tls);
    hide_secrets(c, cfg);
}

/// Where the URL checked came from, when not from the request, and how to
/// give the one the provider calls: `hook listen`'s flag, or the relay's.
fn public_url_terms(cfg: &VerifyConfig) -> (Option<&'static str>, &'static str) {
    match (&cfg.public_url, cfg.public_url_is_relays) {
        (None, _) => (None, "that base URL with --public-url"),
        (Some(_), false) => (Some("--public-url"), "that base URL with --public-url"),
        (Some(_), true) => (
            Some("the relay's public URL"),
            "that base URL to the relay as its --public-url",
        ),
    }
}

/// What a header that carried a configured secret shows instead.
pub const HIDDEN_SECRET: &str = "[hidden: it is a --secret]";

/// The same in a query, where spaces and brackets would leave a saved
/// fixture with a target `hook replay` cannot send.
pub const HIDDEN_SECRET_IN_URL: &str = "HIDDEN-SECRET";

/// A secret shorter than this is hidden only where it is a header's whole
/// value: inside longer text, a short one would blot out ordinary words.
const MIN_SECRET_IN_TEXT: usize = 8;

/// Some providers send the secret itself (GitLab's `X-Gitlab-Token`), and
/// some senders put it in a longer value (`Authorization: Bearer …`) or the
/// query (`?token=…`): once checked, a configured secret is hidden wherever
/// it appears in a header value or the query, on the screen, in the JSON
/// lines and in saved fixtures. What goes on to the app is the request as
/// it came; this is the shown copy.
pub fn hide_secrets(c: &mut Capture, cfg: &VerifyConfig) {
    // Runs on every request while verifying: the secrets are walked, not collected.
    let secrets = || cfg.secrets.iter().map(|s| s.expose()).filter(|s| !s.is_empty());
    if secrets().next().is_none() {
        return;
    }
    for (i, (_, value)) in c.headers.0.iter_mut().enumerate() {
        let whole = secrets().any(|s| value.trim() == s);
        let hidden = if whole {
            *value = HIDDEN_SECRET.to_string();
            true
        } else {
            hide_within(value, secrets(), HIDDEN_SECRET)
        };
        // A value that is not UTF-8 is saved from its exact bytes: the secret goes from those too.
        if let Some(raw) = c.raw_values.get(i).filter(|_| hidden) {
            let kept = (!whole).then(|| hide_within_bytes(raw, secrets(), HIDDEN_SECRET));
            c.raw_values.replace(i, kept);
        }
    }
    if let Some(query) = c.query.as_mut() {
        hide_within(query, secrets(), HIDDEN_SECRET_IN_URL);
    }
}

/// Replace each long-enough secret found inside `text` with `mark`; whether any was.
fn hide_within<'a>(text: &mut String, secrets: impl Iterator<Item = &'a str>, mark: &str) -> bool {
    let mut hidden = false;
    for secret in secrets.filter(|s| s.len() >= MIN_SECRET_IN_TEXT) {
        if text.contains(secret) {
            *text = text.replace(secret, mark);
            hidden = true;
        }
    }
    hidden
}

/// [`hide_within`] for a value's exact bytes, which are not UTF-8 (rare: no
/// provider sends such a value, so a plain scan does).
fn hide_within_bytes<'a>(bytes: &[u8], secrets: impl Iterator<Item = &'a str>, mark: &str) -> bytes::Bytes {
    let mut out = bytes.to_vec();
    for secret in secrets.filter(|s| s.len() >= MIN_SECRET_IN_TEXT).map(str::as_bytes) {
        let mut kept = Vec::with_capacity(out.len());
        let mut rest = &out[..];
        while !rest.is_empty() {
            if rest.starts_with(secret) {
                kept.extend_from_slice(mark.as_bytes());
                rest = &rest[secret.len()..];
            } else {
                kept.push(rest[0]);
                rest = &rest[1..];
            }
        }
        out = kept;
    }
    bytes::Bytes::from(out)
}

fn check(c: &Capture, scheme: Option<&'static dyn Scheme>, cfg: &VerifyConfig, tls: bool) -> Check {
    if cfg.secrets.is_empty() {
        return Check::unchecked();
    }
    let url = signed_url(c, cfg, tls);
    let input = VerifyInput {
        body: &c.body,
        headers: &c.headers,
        secrets: &cfg.secrets,
        url: Some(&url),
        method: &c.method,
        now: now_unix(),
        tolerance: cfg.tolerance,
    };
    let Some(scheme) = scheme.filter(|s| s.detect(&c.headers) || s.detect_body(&c.body)) else {
        let (reason, findings) = match scheme {
            // The explanations `hook verify` gives, such as another provider's
            // headers under a fixed --provider.
            Some(s) => (
                match s.signature_headers().is_empty() {
                    true => format!("no {} signature in the body", s.name()),
                    false => format!("no {} signature header", s.name()),
                },
                signature::verify(s, &input).map(|v| v.findings).unwrap_or_default(),
            ),
            None => ("no known signature header".to_string(), Vec::new()),
        };
        return Check {
            kind: CheckKind::Unsigned,
            reason: Some(reason),
            findings,
            secret: None,
            workings: None,
        };
    };
    match signature::verify(scheme, &input) {
        Ok(v) if v.valid => Check {
            kind: CheckKind::Valid,
            reason: None,
            findings: v.findings,
            secret: v.matched.map(|m| m.secret - 1),
            workings: None,
        },
        Ok(mut v) => {
            if scheme.needs_url() {
                let (public, remedy) = public_url_terms(cfg);
                explain_checked(&mut v, scheme.name(), &url, &c.headers, public, remedy);
            }
            Check {
                kind: CheckKind::Invalid,
                reason: v.problems.first().map(|p| p.to_string()),
                findings: v.findings,
                secret: v.matched.map(|m| m.secret - 1),
                workings: v.workings.map(Box::new),
            }
        }
        Err(e) => Check {
            kind: CheckKind::Invalid,
            reason: Some(format!("{e:#}")),
            findings: Vec::new(),
            secret: None,
            workings: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_in_a_value_that_is_not_utf8_is_hidden_from_its_bytes_too() {
        let wire = [
            ("Authorization", &b"Bearer tok-123456789 caf\xe9"[..]),
            ("X-Token", b"tok-123456789"),
            ("X-Latin", b"caf\xe9"),
        ];
        let wire: Vec<_> = wire
            .iter()
            .map(|(n, v)| (n.to_string(), bytes::Bytes::copy_from_slice(v)))
            .collect();
        let (headers, raw) = HeaderList::received(&wire);
        let mut c = Capture::arrived(1, "POST".into(), "/", headers, bytes::Bytes::new());
        c.raw_values = raw;
        let cfg = VerifyConfig {
            secrets: vec![Secret::new("tok-123456789")],
            ..VerifyConfig::default()
        };
        hide_secrets(&mut c, &cfg);
        let kept = format!("Bearer {HIDDEN_SECRET} caf");
        assert_eq!(c.raw_values.get(0), Some(&[kept.as_bytes(), b"\xe9"].concat()[..]));
        assert_eq!(c.headers.get("authorization"), Some(&*format!("{kept}\u{fffd}")));
        assert_eq!(c.headers.get("x-token"), Some(HIDDEN_SECRET));
        assert_eq!(
            c.raw_values.get(2),
            Some(&b"caf\xe9"[..]),
            "a value without the secret is kept"
        );
    }
}
