//! Why a signature did not match: recompute it under the usual mistakes
//! (re-encoded body, secret used the wrong way, a different URL) and report
//! the one that matches.

use super::mac::{lenient_base64, KeyFormat};
use super::verdict::{Finding, Match, Problem, Verdict};
use super::VerifyInput;
use crate::model::HeaderList;
use crate::secret::Secret;
use base64::Engine;

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

/// Remark on a match with an older secret (rotation in progress).
pub(super) fn note_match(findings: &mut Vec<Finding>, m: &Match) {
    if m.secret > 1 {
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

/// The body as it might have been before something re-encoded it.
pub(super) fn body_variants(body: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let mut out: Vec<(Vec<u8>, &'static str)> = Vec::new();
    // Small edits first: they are the likelier story when several variants match.
    if let Some(stripped) = body.strip_suffix(b"\n") {
        out.push((
            stripped.strip_suffix(b"\r").unwrap_or(stripped).to_vec(),
            "without its trailing newline",
        ));
    } else {
        out.push(([body, b"\n"].concat(), "with a trailing newline added"));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        out.push((
            String::from_utf8_lossy(body).replace("\r\n", "\n").into_bytes(),
            "with CRLF line ends turned into LF",
        ));
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        if let Ok(compact) = serde_json::to_vec(&value) {
            out.push((compact, "re-serialised as compact JSON"));
        }
        if let Ok(pretty) = serde_json::to_vec_pretty(&value) {
            out.push((pretty, "re-serialised as pretty JSON (2 spaces)"));
        }
        out.push((
            python_style(&value).into_bytes(),
            "re-serialised with \", \" and \": \" separators (Python's json.dumps)",
        ));
        if let Ok(four) = pretty_with(&value, b"    ") {
            out.push((four, "re-serialised as pretty JSON (4 spaces)"));
        }
    }
    out.retain(|(b, _)| b != body);
    out
}

fn pretty_with(value: &serde_json::Value, indent: &[u8]) -> serde_json::Result<Vec<u8>> {
    use serde::Serialize;
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(indent);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, fmt))?;
    Ok(out)
}

/// JSON as Python's `json.dumps` writes it by default: `", "` and `": "`, non-ASCII escaped.
fn python_style(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Array(items) => format!("[{}]", items.iter().map(python_style).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", ascii_json(k), python_style(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::String(s) => ascii_json(s),
        other => other.to_string(),
    }
}

fn ascii_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in serde_json::Value::String(s.to_string()).to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
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
    fn python_style_matches_json_dumps() {
        let v: serde_json::Value = serde_json::from_str(r#"{"a":[1,2],"b":"é"}"#).unwrap();
        assert_eq!(python_style(&v), r#"{"a": [1, 2], "b": "\u00e9"}"#);
    }

    #[test]
    fn body_variants_skip_the_body_itself() {
        let v = body_variants(br#"{"a":1}"#);
        assert!(v.iter().all(|(b, _)| b != br#"{"a":1}"#));
        assert!(v.iter().any(|(b, _)| b == b"{\n  \"a\": 1\n}"));
    }

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
