//! Carrying one request from the relay to the local app, and the app's
//! answer (or a queued request's acknowledgement) back.

use super::client::TunnelConfig;
use super::protocol::{Header, RelayFrame, TunnelFrame};
use super::Arrival;
use crate::http::origin::{OriginClient, RawAnswer};
use crate::http::outgoing::ExchangeError;
use crate::inspect::VerifyConfig;
use crate::model::events::{choose, skipped_note, Choice};
use crate::model::{Forwarded, HeaderList, TunnelEvent};
use bytes::Bytes;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// How a failure to reach the app begins: such queued requests wait for the app.
/// How [`crate::http::outgoing::unreachable_app`] begins.
const UNREACHABLE: &str = "cannot connect to";
/// Tries for a queued request the app receives but fails on.
const QUEUED_TRIES: u32 = 3;

/// Carries one request to the app and the answer back.
#[derive(Clone)]
pub(super) struct Worker {
    pub cfg: Arc<TunnelConfig>,
    pub verify: Arc<VerifyConfig>,
    /// The routes' apps, then `-f`'s ([`Worker::destination`] picks one).
    pub apps: Vec<OriginClient>,
    pub seq: Arc<AtomicU64>,
    pub events: mpsc::Sender<TunnelEvent>,
    /// The bytes requests waiting to be shown may hold ([`super::arrival::cost`]).
    pub shown: Arc<tokio::sync::Semaphore>,
    pub out: mpsc::Sender<Bytes>,
    /// The relay's body limit: a larger answer could not go back through it.
    pub relay_max: u64,
    /// The relay's timeout: an answer later than this finds the sender already answered 504.
    pub relay_timeout: Duration,
}

/// How one try went; the screen's [`Forwarded`] is made from it only when shown.
enum Outcome {
    Answered {
        latency: Duration,
    },
    Failed {
        status: u16,
        latency: Duration,
        error: String,
    },
    /// `-e/--events` left it out: the tunnel answered, with this note.
    Skipped(String),
}

impl Worker {
    pub async fn handle(&self, frame: RelayFrame) {
        let RelayFrame::Request {
            id,
            queued,
            method,
            target,
            headers,
            body,
            ..
        } = frame
        else {
            return;
        };
        let received = std::time::SystemTime::now();
        let arrived = Instant::now();
        // Room on the screen's backlog before the app sees the request: a
        // screen that falls behind slows delivery instead of holding bodies.
        let held = self
            .shown
            .clone()
            .acquire_many_owned(super::arrival::cost(&body))
            .await
            .ok();
        let tls = self.cfg.relay.scheme() == "https";
        let came = super::reject::Received {
            method: &method,
            target: &target,
            headers: &headers,
            body: &body,
            queued,
            tls,
        };
        let refused = super::reject::refusal(&self.verify, &came);
        let app = self.destination(&headers, &body);
        let mut wait = Duration::from_secs(1);
        let mut attempts = 0;
        let (answer, outcome) = loop {
            if let Some((answer, note)) = &refused {
                break (answer.clone(), Outcome::Skipped(note.clone()));
            }
            let app = match &app {
                Ok(app) => *app,
                Err(note) => break skipped(note.clone()),
            };
            let (answer, outcome) = self.forward(app, &method, &target, &headers, body.clone()).await;
            attempts += 1;
            // A queued request is acknowledged once the app has answered. While the app
            // cannot be reached it stays queued and is tried again, in order; an app that
            // is reachable but fails on it (hangs up, too slow) gets a few tries, then the
            // request is given up so it cannot block the channel.
            let unreachable = matches!(&outcome, Outcome::Failed { error, .. } if error.starts_with(UNREACHABLE));
            let answered = matches!(outcome, Outcome::Answered { .. });
            if !queued || answered || self.out.is_closed() || (!unreachable && attempts >= QUEUED_TRIES) {
                break (answer, outcome);
            }
            let _ = self
                .events
                .send(TunnelEvent::Retrying {
                    target: format!("{method} {target}"),
                    reason: format!("the app did not answer ({})", answer.status),
                    retry_in: wait,
                })
                .await;
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(30));
        };
        if queued && self.out.is_closed() {
            return;
        }
        // The relay counts from when it got the request, a little before this
        // frame arrived: an answer this late surely found the sender gone.
        let late = (!queued && arrived.elapsed() >= self.relay_timeout).then_some(self.relay_timeout);
        let status = answer.status;
        // A rejected request counts as failed, so `--quiet` still shows it: a
        // wrong --secret would otherwise turn every delivery away in silence.
        let failed = late.is_some()
            || refused.is_some()
            || match &outcome {
                Outcome::Failed { .. } => true,
                Outcome::Answered { .. } => status >= 500,
                Outcome::Skipped(_) => false,
            };
        // What the screen shows of the app's answer, taken before the answer goes
        // back; skipped when nothing will be shown or saved (`--quiet`, no `--save`,
        // and all went well).
        let wanted = !self.cfg.quiet || failed || self.cfg.save.is_some();
        let shown = wanted.then(|| described(app.ok(), &target, outcome, &answer));
        let reply = if queued {
            TunnelFrame::Ack { id }
        } else {
            TunnelFrame::Response {
                id,
                status,
                reason: answer.reason,
                headers: answer.headers,
                body: answer.body,
            }
        };
        let _ = self.out.send(reply.encode()).await;
        // Numbered whether shown or not, so a quiet screen still says how many came.
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let Some((forwarded, skipped)) = shown else {
            return;
        };
        let _ = self
            .events
            .send(TunnelEvent::Request(Box::new(Arrival {
                seq,
                received,
                method,
                target,
                headers,
                body,
                status: if late.is_some() { 504 } else { status },
                queued,
                late,
                forwarded,
                skipped,
                rejected: refused.is_some(),
                verify: self.verify.clone(),
                tls,
                held,
            })))
            .await;
    }

    /// Which app takes a request: without `-e` or `--route`, `-f`'s at once;
    /// else by its provider and event, found as the screen finds them. `Err`:
    /// `-e` left it out, with the note that says why.
    fn destination(&self, headers: &[Header], body: &Bytes) -> Result<&OriginClient, String> {
        let (events, routes) = (&self.cfg.events, &self.cfg.routes);
        let rest = self.apps.len() - 1;
        if events.is_empty() && routes.is_empty() {
            return Ok(&self.apps[rest]);
        }
        let shown = HeaderList::shown(headers);
        let (provider, event) = crate::inspect::provider_and_event(&shown, body, self.verify.scheme);
        let event = event.as_deref();
        match choose(events, routes.iter().map(|(p, _)| p), provider, event) {
            Choice::Skipped => {
                let answered = "hook tunnel answered 200, not forwarded";
                Err(skipped_note(events, provider, event, answered))
            }
            Choice::Route(i) => Ok(&self.apps[i]),
            Choice::Rest => Ok(&self.apps[rest]),
        }
    }

    async fn forward(
        &self,
        app: &OriginClient,
        method: &str,
        target: &str,
        headers: &[Header],
        body: Bytes,
    ) -> (RawAnswer, Outcome) {
        // `-H` changes the app's copy only; the screen shows the request as it came.
        let headers = self.cfg.headers.applied(headers);
        let headers = &headers[..];
        let start = Instant::now();
        // An answer over the relay's limit could not go back through it: stop reading there.
        let limit = self.relay_max;
        let answer = tokio::time::timeout(self.cfg.timeout, app.send(method, target, headers, &body, limit)).await;
        let latency = start.elapsed();
        let failed = |status: u16, error: String| {
            let answer = RawAnswer::text(status, format!("hook tunnel: {error}\n"));
            (answer, Outcome::Failed { status, latency, error })
        };
        match answer {
            Ok(Ok(answer)) => (answer, Outcome::Answered { latency }),
            Ok(Err(ExchangeError::TooLarge(_))) => failed(
                502,
                format!(
                    "the app answered more than the relay's --max-body of {} bytes",
                    self.relay_max
                ),
            ),
            Ok(Err(ExchangeError::Connect { target, cause, .. })) => {
                failed(502, crate::http::outgoing::unreachable_app(&target, &cause))
            }
            Ok(Err(e)) => failed(502, e.to_string()),
            Err(_) => failed(
                504,
                format!(
                    "no answer within {} (--timeout)",
                    crate::signature::human_duration(self.cfg.timeout)
                ),
            ),
        }
    }
}

/// The screen's account of how the app answered (none for a skipped
/// request), and the note on a skipped one.
fn described(
    app: Option<&OriginClient>,
    target: &str,
    outcome: Outcome,
    answer: &RawAnswer,
) -> (Option<Forwarded>, Option<String>) {
    let url = || app.map(|a| a.url_of(target)).unwrap_or_default();
    match outcome {
        Outcome::Answered { latency } => {
            let forwarded = Forwarded::Answered {
                url: url(),
                status: answer.status,
                latency,
                headers: HeaderList::shown(&answer.headers),
                body: answer.body.clone(),
            };
            (Some(forwarded), None)
        }
        Outcome::Failed { status, latency, error } => {
            let forwarded = Forwarded::Failed {
                url: url(),
                status,
                latency,
                error,
            };
            (Some(forwarded), None)
        }
        Outcome::Skipped(note) => (None, Some(note)),
    }
}

/// The tunnel's own answer to a request `-e/--events` left out: 200, so the
/// sender sees no failure and does not retry.
fn skipped(note: String) -> (RawAnswer, Outcome) {
    let body = Bytes::from_static(b"hook tunnel: not one of the events it forwards (-e/--events)\n");
    (RawAnswer::text(200, body), Outcome::Skipped(note))
}
