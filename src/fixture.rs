//! The fixture format: one delivery per JSON file (provider, event, method,
//! path, headers, body), as `hook listen --save` writes it and `hook replay`
//! sends it.

use crate::model::{Capture, HeaderList};
use anyhow::Context;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fixture {
    /// Provider name, e.g. `github`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Event type, e.g. `push`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// HTTP method; POST when absent.
    #[serde(default = "post")]
    pub method: String,
    /// Path with its query string.
    #[serde(default = "root")]
    pub path: String,
    /// Headers in order, as `[name, value]` pairs; repeated names kept.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body as a JSON value, sent compact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    /// The body as text, sent as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// The body as base64 of its raw bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

fn post() -> String {
    "POST".into()
}

fn root() -> String {
    "/".into()
}

/// Headers that describe one transfer, not the delivery; not saved.
const TRANSPORT: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "expect",
];

impl Fixture {
    /// A fixture from a captured request, keeping the body's bytes exactly:
    /// `body` only when compact JSON re-serialises to the same bytes.
    pub fn from_capture(c: &Capture) -> Fixture {
        let mut f = Fixture {
            provider: c.provider.clone(),
            event: c.event.clone(),
            method: c.method.clone(),
            path: match &c.query {
                Some(q) => format!("{}?{q}", c.path),
                None => c.path.clone(),
            },
            headers: c
                .headers
                .iter()
                .filter(|(n, _)| !TRANSPORT.contains(&n.to_ascii_lowercase().as_str()))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: None,
            body_text: None,
            body_base64: None,
        };
        f.set_body(&c.body);
        f
    }

    /// Store raw bytes in the most readable field that keeps them exact.
    pub fn set_body(&mut self, bytes: &[u8]) {
        (self.body, self.body_text, self.body_base64) = (None, None, None);
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
            if serde_json::to_vec(&value).is_ok_and(|compact| compact == bytes) {
                self.body = Some(value);
                return;
            }
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => self.body_text = Some(text.to_string()),
            Err(_) => self.body_base64 = Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }
    }

    /// The exact bytes to send.
    pub fn body_bytes(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(v) = &self.body {
            return Ok(serde_json::to_vec(v)?);
        }
        if let Some(t) = &self.body_text {
            return Ok(t.as_bytes().to_vec());
        }
        if let Some(b) = &self.body_base64 {
            return base64::engine::general_purpose::STANDARD
                .decode(b)
                .context("body_base64 is not valid base64");
        }
        Ok(Vec::new())
    }

    /// Headers as a list.
    pub fn header_list(&self) -> HeaderList {
        HeaderList(self.headers.clone())
    }
}

/// Write a fixture into `dir` as `NNNN-provider-event.json`, atomically
/// (a temporary file renamed), and return its path.
pub fn save(dir: &Path, seq: u64, fixture: &Fixture) -> anyhow::Result<PathBuf> {
    let label: String = [
        fixture.provider.as_deref().unwrap_or("request"),
        fixture.event.as_deref().unwrap_or(""),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join("-")
    .chars()
    .map(|c| {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-' {
            c
        } else {
            '_'
        }
    })
    .take(80)
    .collect();
    let path = dir.join(format!("{seq:04}-{label}.json"));
    let tmp = dir.join(format!(".{seq:04}.tmp"));
    let mut text = serde_json::to_vec_pretty(fixture)?;
    text.push(b'\n');
    std::fs::write(&tmp, &text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Make sure `dir` exists and is writable, so `--save` fails at start, not on the first request.
pub fn prepare_dir(dir: &Path) -> anyhow::Result<()> {
    let probe = dir.join(".hook-write-test");
    let result = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&probe, b""));
    if let Err(e) = result {
        return Err(crate::error::hinted(
            format!("cannot write fixtures to {}: {e}", dir.display()),
            "choose a writable directory with --save DIR",
        ));
    }
    let _ = std::fs::remove_file(probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_keep_their_exact_bytes() {
        let mut f: Fixture = serde_json::from_str("{}").unwrap();
        assert_eq!((f.method.as_str(), f.path.as_str()), ("POST", "/"));
        for bytes in [
            &br#"{"a":1}"#[..],
            b"{\n  \"a\": 1\n}",
            b"a=1&b=2",
            &[0, 159, 146, 150],
            b"",
        ] {
            f.set_body(bytes);
            assert_eq!(f.body_bytes().unwrap(), bytes);
        }
        f.set_body(br#"{"a":1}"#);
        assert!(f.body.is_some());
        f.set_body(b"{\n  \"a\": 1\n}");
        assert!(
            f.body_text.is_some(),
            "pretty JSON is kept as text so its bytes survive"
        );
    }
}
