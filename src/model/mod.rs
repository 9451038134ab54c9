//! Plain data shared by the commands and engines.

use serde::Serialize;

pub mod added_headers;
pub mod events;
mod headers;
pub mod retry;
pub use headers::{content_type_of, is_field_name, is_field_value, HeaderList, RawValues};

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
    /// Index among the secrets given of the one whose signature matched
    /// (even if the timestamp is stale): a handshake answers with that one.
    #[serde(skip)]
    pub secret: Option<usize>,
    /// How a signature that matched no secret was worked out, shown with
    /// `-v`; boxed because most requests have none.
    #[serde(skip)]
    pub workings: Option<Box<crate::signature::Workings>>,
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
    /// The exact bytes of the header values that are not UTF-8 (`headers`
    /// shows them with U+FFFD), for `--save`; empty for most requests.
    pub raw_values: RawValues,
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
    /// True when the request was refused before all of it was read (a head
    /// that would not parse, a body too large or too slow): it is shown,
    /// but not saved, since a fixture of it would not be what was sent.
    pub incomplete: bool,
    /// True when `-e/--events` matched none of its patterns: answered by
    /// hook, shown as one line, never forwarded nor saved.
    pub skipped: bool,
    /// True when `--reject-invalid` answered it 401 for its signature.
    pub rejected: bool,
    /// True when it came over HTTPS (`hook listen --tls`): a saved fixture
    /// keeps it, for the URL a URL-signing provider signed.
    pub tls: bool,
    /// Set on a delivery to the app again (`hook listen --retry`): the
    /// capture repeats the request, `forwarded` is this attempt's outcome,
    /// and it is shown as one line, never saved.
    pub retry: Option<Retried>,
}

/// Which delivery to the app a retry was (`hook listen --retry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retried {
    /// This attempt's number: 2 for the first retry.
    pub attempt: u32,
    /// The attempts the schedule allows in all.
    pub attempts: u32,
    /// How long until the next attempt, when this one failed too and the
    /// schedule has another.
    pub next: Option<std::time::Duration>,
}

impl Check {
    /// Not checked (yet): no secret, or before inspection.
    pub fn unchecked() -> Check {
        Check {
            kind: CheckKind::Unchecked,
            reason: None,
            findings: Vec::new(),
            secret: None,
            workings: None,
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
            raw_values: RawValues::default(),
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
            incomplete: false,
            skipped: false,
            rejected: false,
            tls: false,
            retry: None,
        }
    }

    /// Whether this request went wrong: the app did not answer, someone
    /// answered 5xx, or hook refused it before reading it whole (a head it
    /// cannot serve, a body too large or too slow), or `--reject-invalid`
    /// turned it away (a wrong secret turns every delivery away): the
    /// sender's delivery failed then too, and `--quiet` must not hide that.
    pub fn failed(&self) -> bool {
        let app_failed = match &self.forwarded {
            Some(Forwarded::Failed { .. }) => true,
            Some(Forwarded::Answered { status, .. }) => *status >= 500,
            None => false,
        };
        app_failed || self.status >= 500 || self.incomplete || self.rejected
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
    /// Something about a channel the operator should know (a queued file set aside).
    Notice {
        /// Channel name.
        channel: String,
        /// What happened, for people.
        message: String,
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
#[derive(Debug)]
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
    /// A request went to the app; inspected (provider, event, verdict) by
    /// whoever shows it, off the link's thread.
    Request(Box<crate::tunnel::Arrival>),
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
