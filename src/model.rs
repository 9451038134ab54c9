//! Plain data shared by the commands and engines.

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
    pub fn shown(wire: &[(String, bytes::Bytes)]) -> HeaderList {
        HeaderList(
            wire.iter()
                .map(|(n, v)| (n.clone(), String::from_utf8_lossy(v).into_owned()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_keeps_first() {
        let mut h = HeaderList::new();
        h.push("X-Hub-Signature-256", "sha256=a");
        h.push("x-hub-signature-256", "sha256=b");
        assert_eq!(h.get("x-HUB-signature-256"), Some("sha256=a"));
        assert_eq!(h.len(), 2);
        assert!(!h.contains("stripe-signature"));
    }
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
mod content_type_tests {
    use super::content_type_of;

    #[test]
    fn sniffs_json_form_text_and_bytes() {
        assert_eq!(content_type_of(b" {\"a\":1}\n"), Some("application/json"));
        assert_eq!(content_type_of(b"a=1&b=%20"), Some("application/x-www-form-urlencoded"));
        assert_eq!(content_type_of(b"hello world"), Some("text/plain; charset=utf-8"));
        assert_eq!(content_type_of(&[0xff, 0]), Some("application/octet-stream"));
        assert_eq!(content_type_of(b""), None);
    }
}

/// How a received request's signature fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    /// A signature matched a secret, within tolerance.
    Valid,
    /// A signature was present and did not verify.
    Invalid,
    /// No signature header was present.
    Unsigned,
    /// Not checked: no secret was given.
    Unchecked,
}

/// The signature verdict of one received request, with its explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Outcome.
    pub kind: CheckKind,
    /// Why it is not valid (first problem), when it is not.
    pub reason: Option<String>,
    /// Diagnoses and remarks, as `hook verify` gives them.
    pub findings: Vec<crate::signature::Finding>,
}

/// What the user's app answered to a forwarded request.
#[derive(Debug, Clone)]
pub enum Forwarded {
    /// The app answered.
    Answered {
        /// Where it went.
        url: String,
        /// The app's status.
        status: u16,
        /// Time to the app's full response.
        latency: std::time::Duration,
        /// The app's response headers.
        headers: HeaderList,
        /// The app's response body.
        body: bytes::Bytes,
    },
    /// The app could not be reached or did not answer in time.
    Failed {
        /// Where it went.
        url: String,
        /// What we answered instead: 502 (unreachable) or 504 (timeout).
        status: u16,
        /// Time until we gave up.
        latency: std::time::Duration,
        /// What went wrong, for people.
        error: String,
    },
}

/// One request received by `hook listen`, and what was done with it.
#[derive(Debug, Clone)]
pub struct Capture {
    /// 1-based number of the request since start.
    pub seq: u64,
    /// When it arrived.
    pub received: std::time::SystemTime,
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Query string without `?`, if any.
    pub query: Option<String>,
    /// Headers in received order (names as the server reports them).
    pub headers: HeaderList,
    /// The raw body bytes (empty when refused for size).
    pub body: bytes::Bytes,
    /// Detected provider.
    pub provider: Option<String>,
    /// Event type.
    pub event: Option<String>,
    /// Delivery / event id.
    pub delivery_id: Option<String>,
    /// Signature verdict.
    pub check: Check,
    /// True when this delivery id was seen before (a retry or duplicate).
    pub duplicate: bool,
    /// The status we answered.
    pub status: u16,
    /// A handshake answered automatically, e.g. `slack url_verification`.
    pub handshake: Option<String>,
    /// Why we answered as we did when it was not the normal reply (fail-first, 413, 401).
    pub note: Option<String>,
    /// The forwarding outcome, when forwarding.
    pub forwarded: Option<Forwarded>,
    /// Where the request was saved as a fixture.
    pub saved: Option<std::path::PathBuf>,
}

impl Check {
    /// Not checked (yet): no secret, or before inspection.
    pub fn unchecked() -> Check {
        Check {
            kind: CheckKind::Unchecked,
            reason: None,
            findings: Vec::new(),
        }
    }
}

impl Capture {
    /// A request as it arrived (target split into path and query), before
    /// inspection: no provider, no verdict, nothing answered yet.
    pub fn arrived(seq: u64, method: String, target: &str, headers: HeaderList, body: bytes::Bytes) -> Capture {
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.to_string(), None),
        };
        Capture {
            seq,
            received: std::time::SystemTime::now(),
            method,
            path,
            query,
            headers,
            body,
            provider: None,
            event: None,
            delivery_id: None,
            check: Check::unchecked(),
            duplicate: false,
            status: 0,
            handshake: None,
            note: None,
            forwarded: None,
            saved: None,
        }
    }

    /// Whether this request went wrong: the app did not answer, or someone answered 5xx.
    pub fn failed(&self) -> bool {
        let app_failed = match &self.forwarded {
            Some(Forwarded::Failed { .. }) => true,
            Some(Forwarded::Answered { status, .. }) => *status >= 500,
            None => false,
        };
        app_failed || self.status >= 500
    }
}

/// Something that happened on the relay, for its screen.
#[derive(Debug, Clone)]
pub enum RelayEvent {
    /// A tunnel took a channel.
    Connected {
        /// Channel name.
        channel: String,
        /// Queued requests it is about to receive.
        queued: usize,
    },
    /// A tunnel's link ended.
    Disconnected {
        /// Channel name.
        channel: String,
        /// Why.
        reason: String,
    },
    /// A tunnel was turned away.
    Refused {
        /// Why.
        reason: String,
    },
    /// A request came in.
    Request {
        /// Channel.
        channel: String,
        /// Method.
        method: String,
        /// Path and query.
        target: String,
        /// What the sender got.
        status: u16,
    },
}

/// Something that happened on the tunnel, for its screen.
#[derive(Debug, Clone)]
pub enum TunnelEvent {
    /// Connected (again) and holding this public URL.
    Ready {
        /// Public URL.
        url: String,
        /// Channel name.
        channel: String,
        /// True after a reconnect.
        again: bool,
    },
    /// A request went to the app.
    Request(Box<Capture>),
    /// A queued request the app did not answer will be tried again.
    Retrying {
        /// `METHOD /path`.
        target: String,
        /// Why.
        reason: String,
        /// Delay before the next try.
        retry_in: std::time::Duration,
    },
    /// The link dropped; reconnecting after `retry_in` (or exiting).
    Lost {
        /// Why.
        reason: String,
        /// Delay before the next attempt; `None` when exiting.
        retry_in: Option<std::time::Duration>,
    },
}
