//! `hook listen --retry`: when the app fails a forwarded request (no
//! answer, 429, 5xx), deliver the same request to it again later, as the
//! provider would have. The sender already has the first answer; each
//! retry is reported as a capture of its own, marked with its attempt,
//! and never saved (the request is the one already saved).

use super::forward::{self, Outgoing};
use super::service::State;
use super::ForwardConfig;
use crate::http::origin::OriginClient;
use crate::http::wire::Header;
use crate::model::retry::RetryPolicy;
use crate::model::{Capture, Retried};
use bytes::Bytes;
use std::net::SocketAddr;

/// The request as forwarded the first time, kept to send again.
pub(super) struct Again {
    method: String,
    target: String,
    headers: Vec<Header>,
    body: Bytes,
    remote: SocketAddr,
    tls: bool,
}

impl Again {
    /// A copy of what goes to the app (the body is shared, not copied).
    pub fn of(out: &Outgoing) -> Again {
        Again {
            method: out.method.to_string(),
            target: out.target.to_string(),
            headers: out.headers.to_vec(),
            body: out.body.clone(),
            remote: out.remote,
            tls: out.tls,
        }
    }

    fn outgoing(&self) -> Outgoing<'_> {
        Outgoing {
            method: &self.method,
            target: &self.target,
            headers: &self.headers,
            body: self.body.clone(),
            remote: self.remote,
            tls: self.tls,
        }
    }
}

/// Most deliveries waiting for a retry at once: each holds its request, so
/// an app that stays down under a long schedule cannot fill the memory.
pub const MAX_WAITING: usize = 1000;

/// Deliver `again` on `fwd`'s schedule until the app takes it or the
/// schedule ends, reporting each attempt as a copy of `first`'s capture;
/// the note for `first` saying what comes next.
pub(super) fn schedule(
    state: &State,
    first: &Capture,
    client: OriginClient,
    fwd: ForwardConfig,
    again: Again,
) -> String {
    if state.shared.retrying.count() >= MAX_WAITING {
        return format!("the app failed it, and it is not retried: {MAX_WAITING} deliveries already wait for a retry");
    }
    let (sink, pending) = (state.sink.clone(), state.pending.clone());
    let waiting = Waiting::new(state.shared.retrying.clone());
    let mut template = first.clone();
    // A retry repeats the request; what is new is the app's answer.
    (template.note, template.handshake, template.duplicate) = (None, None, false);
    let fwd_retry = fwd.retry.clone();
    tokio::spawn(async move {
        let _waiting = waiting;
        let attempts = fwd.retry.attempts();
        for attempt in 2..=attempts {
            let Some(delay) = fwd.retry.delay_before(attempt) else {
                break;
            };
            tokio::time::sleep(delay).await;
            let (outcome, _) = forward::forward(&client, &fwd, again.outgoing()).await;
            let failed = forward::retryable(&outcome);
            let mut c = template.clone();
            c.received = std::time::SystemTime::now();
            c.status = forward::status(&outcome);
            c.forwarded = Some(outcome);
            c.retry = Some(Retried {
                attempt,
                attempts,
                next: fwd.retry.delay_before(attempt + 1).filter(|_| failed),
            });
            pending.add();
            if sink.send(c).is_err() || !failed {
                break;
            }
        }
    });
    coming(&fwd_retry)
}

/// The note on a request the app failed: when hook delivers it again.
fn coming(policy: &RetryPolicy) -> String {
    let first = policy.delay_before(2).unwrap_or_default();
    format!(
        "the app failed it: hook delivers it again in {} (--retry, {} more tries at most)",
        crate::signature::human_duration(first),
        policy.attempts() - 1
    )
}

/// One delivery counted as waiting for retries until dropped: its task
/// ended, or was dropped at stop with retries not sent.
struct Waiting(super::Pending);

impl Waiting {
    fn new(count: super::Pending) -> Waiting {
        count.add();
        Waiting(count)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.taken();
    }
}
