//! Why a signature did not match: recompute it under the usual mistakes
//! (re-encoded body, secret used the wrong way, a different URL) and report
//! the one that matches.

use super::mac::{lenient_base64, KeyFormat};
use super::verdict::{Finding, Match, Problem, Verdict};
use super::VerifyInput;
use crate::model::HeaderList;
use crate::secret::Secret;
use base64::Engine;

pub(super) use super::diagnose_body::body_variants;

/// What the diagnosis may vary.
pub(super) struct Probe<'a> {
    pub provider: &'a str,
    pub body: &'a [u8],
    pub secrets: &'a [Secret],
    pub key_format: KeyFormat,
    pub url: Option<&'a str>,
    pub headers: &'a HeaderList,
}

/// Recomputes the signature for a key, body and URL and says whether it matches.
pub(super) type Matcher<'a> = dyn Fn(&[u8], &[u8], &str) -> bool + 'a;

impl<'a> Probe<'a> {
    /// What a received request lets the diagnosis vary, for a scheme keyed as `key_format`.
    pub(super) fn of(provider: &'a str, input: &VerifyInput<'a>, key_format: KeyFormat, url: Option<&'a str>) -> Self {
        Probe {
            provider,
            body: input.body,
            secrets: input.secrets,
            key_format,
            url,
            headers: input.headers,
        }
    }
}

/// Record that no secret matched, then the common mistakes that explain it.
pub(super) fn no_match(v: &mut Verdict, p: &Probe, matches: &Matcher) {
    v.problem(Problem::NoMatch {
        secrets: p.secrets.len(),
    });
    explain(p, matches, &mut v.findings);
}

/// Remark on a match with an older secret (rotation in progress): one
/// after a secret that was tried, not only after others' (`skipped`).
pub(super) fn note_match(findings: &mut Vec<Finding>, skipped: &[usize], m: &Match) {
    if (0..m.secret - 1).any(|i| !skipped.contains(&i)) {
        findings.push(Finding {
            code: "older_secret",
            message: format!(
                "matched secret #{} of {}, not the first: the sender still signs with an older secret",
                m.secret, m.of
            ),
        });
    }
}

/// Try the common mistakes and record each one that explains the mismatch.
pub(super) fn explain(p: &Probe, matches: &Matcher, findings: &mut Vec<Finding>) {
    let url = p.url.unwrap_or("");
    let keys: Vec<Vec<u8>> = p
        .secrets
        .iter()
        .filter_map(|s| p.key_format.key(s.expose()).ok())
        .collect();
    for (i, secret) in p.secrets.iter().enumerate() {
        for (key, how) in key_variants(secret.expose(), p.key_format) {
            if matches(&key, p.body, url) {
                findings.push(Finding {
                    code: "secret_misused",
                    message: format!(
                        "secret #{} matches when {how}; {} uses {}",
                        i + 1,
                        p.provider,
                        p.key_format.label()
                    ),
                });
            }
        }
    }
    for (body, how) in body_variants(p.body) {
        if keys.iter().any(|k| matches(k, &body, url)) {
            findings.push(Finding {
                code: "body_reencoded",
                message: format!(
                    "the signature matches the body {how}: the body was changed on its way to you (a proxy, relay or JSON parser re-encoded it); verify the raw bytes as received"
                ),
            });
            break;
        }
    }
    if let Some(given) = p.url {
        for (candidate, how) in url_variants(given, p.headers) {
            if keys.iter().any(|k| matches(k, p.body, &candidate)) {
                findings.push(Finding {
                    code: "url_differs",
                    message: format!(
                        "the signature matches the URL {candidate} ({how}), not {given}: {} signs the URL it called; pass that one with --url (behind a tunnel or proxy, the public URL)",
                        p.provider
                    ),
                });
                break;
            }
        }
    }
}

/// Other ways people turn a secret into a key, each with a description.
fn key_variants(secret: &str, format: KeyFormat) -> Vec<(Vec<u8>, String)> {
    let mut out = Vec::new();
    let trimmed = secret.trim();
    if trimmed != secret {
        if let Ok(k) = format.key(trimmed) {
            out.push((
                k,
                "trimmed of surrounding whitespace (a newline from a file?)".to_string(),
            ));
        }
    }
    match format {
        KeyFormat::Utf8 => {
            if let Some(rest) = trimmed.strip_prefix("whsec_") {
                if let Ok(k) = lenient_base64().decode(rest) {
                    out.push((
                        k,
                        "the base64 after whsec_ is decoded (the Standard Webhooks way)".into(),
                    ));
                }
                out.push((rest.as_bytes().to_vec(), "used without its whsec_ prefix".into()));
            }
            if trimmed.len() % 2 == 0 && trimmed.len() >= 32 {
                if let Ok(k) = hex::decode(trimmed) {
                    out.push((k, "hex-decoded".into()));
                }
            }
        }
        KeyFormat::WhsecBase64 => {
            out.push((
                trimmed.as_bytes().to_vec(),
                "its text is the key (as Stripe does)".into(),
            ));
            if let Some(rest) = trimmed.strip_prefix("whsec_") {
                out.push((
                    rest.as_bytes().to_vec(),
                    "the text after whsec_ is the key, not decoded".into(),
                ));
            }
        }
    }
    out
}

/// URLs the sender may really have signed: other scheme, port, trailing
/// slash, or the host the request itself names (Host, X-Forwarded-*).
pub(super) fn url_variants(given: &str, headers: &HeaderList) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let Ok(url) = url::Url::parse(given) else { return out };
    let mut push = |u: url::Url, how: &'static str| out.push((u.to_string(), how));
    let mut other_scheme = url.clone();
    if other_scheme
        .set_scheme(if url.scheme() == "https" { "http" } else { "https" })
        .is_ok()
    {
        push(other_scheme, "other scheme");
    }
    let mut slash = url.clone();
    let path = url.path().to_string();
    slash.set_path(&match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => format!("{path}/"),
    });
    push(slash, "trailing slash");
    if url.port().is_some() {
        let mut no_port = url.clone();
        let _ = no_port.set_port(None);
        push(no_port, "without the port");
    } else if url
        .port_or_known_default()
        .is_some_and(|p| given.contains(&format!(":{p}/")))
    {
        // `:443` on https (or `:80` on http) is dropped by parsing, so the
        // parsed URL is the one without the port.
        push(url.clone(), "without the port");
    }
    if let Some(host) = headers.get("x-forwarded-host").or_else(|| headers.get("host")) {
        let scheme = headers.get("x-forwarded-proto").unwrap_or(url.scheme());
        let rest = &url[url::Position::BeforePath..];
        if let Ok(u) = url::Url::parse(&format!("{scheme}://{host}{rest}")) {
            push(u, "the host the request was sent to");
        }
    }
    out.retain(|(u, _)| u != given);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_variants_cover_scheme_slash_port_and_host() {
        let mut h = HeaderList::new();
        h.push("Host", "abc.tunnel.example");
        h.push("X-Forwarded-Proto", "https");
        let v: Vec<String> = url_variants("http://localhost:3000/sms", &h)
            .into_iter()
            .map(|(u, _)| u)
            .collect();
        assert!(v.contains(&"https://localhost:3000/sms".to_string()));
        assert!(v.contains(&"http://localhost:3000/sms/".to_string()));
        assert!(v.contains(&"http://localhost/sms".to_string()));
        assert!(v.contains(&"https://abc.tunnel.example/sms".to_string()));
        // A default port written out is dropped by parsing: still a variant.
        let v = url_variants("https://abc.example:443/square", &HeaderList::new());
        assert!(
            v.contains(&("https://abc.example/square".to_string(), "without the port")),
            "{v:?}"
        );
    }
}
