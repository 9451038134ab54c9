//! `hook replay`'s engine: send deliveries with fresh signatures, retry as
//! providers do, and report every attempt as a value. It never prints.

mod checks;
pub mod compare;
mod engine;
pub mod failure;
pub mod plan;
pub mod request;
pub mod response_file;
pub mod responses;
pub mod saved;
pub mod tally;

pub use engine::{run, threads_for};

use crate::http::origin::{self, OriginClient};
use crate::http::wire::Header;
use crate::model::retry::{self, RetryPolicy};
use crate::secret::Secret;
use crate::signature::Scheme;
use bytes::Bytes;
use failure::Failure;
use plan::Delivery;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;

/// A deliberately wrong delivery; the receiver should answer 4xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negative {
    /// Body changed after signing.
    Tamper,
    /// Timestamp this many seconds old.
    Stale(u64),
    /// No signature headers.
    Unsigned,
    /// Signed with a secret the receiver does not know.
    WrongSecret,
}

/// Everything `hook replay` needs, validated.
#[derive(Debug, Clone)]
pub struct ReplayConfig {
    /// Base URL; each fixture's path is appended.
    pub to: String,
    /// `-e/--events`: only fixtures with these events are sent; empty for all.
    pub events: Vec<crate::model::events::EventPattern>,
    /// Provider override.
    pub provider: Option<&'static dyn Scheme>,
    /// Signing secrets.
    pub secrets: Vec<Secret>,
    /// Keep the fixtures' delivery and event ids.
    pub keep_ids: bool,
    /// `--set path=value` edits.
    pub sets: Vec<String>,
    /// `--unset path` edits.
    pub unsets: Vec<String>,
    /// `-H` headers that add or replace.
    pub headers: Vec<(String, String)>,
    /// Retry schedule.
    pub retry: RetryPolicy,
    /// Send each delivery twice with the same id.
    pub duplicate: bool,
    /// Send in random order.
    pub shuffle: bool,
    /// Seed for `shuffle`.
    pub seed: Option<u64>,
    /// Negative cases applied to every delivery.
    pub negative: Vec<Negative>,
    /// Send everything this many times, each time as new deliveries.
    pub repeat: u32,
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Deliveries started per second, at most.
    pub rate: Option<f64>,
    /// Per-attempt timeout.
    pub timeout: Duration,
    /// Keep response bodies and headers: for the screen (`--show-response`),
    /// `--save-responses` and `--compare`.
    pub keep_responses: bool,
}

impl ReplayConfig {
    /// Age of a `--stale` timestamp in seconds.
    pub fn stale_secs(&self) -> i64 {
        self.negative
            .iter()
            .find_map(|n| {
                if let Negative::Stale(s) = n {
                    Some(*s as i64)
                } else {
                    None
                }
            })
            .unwrap_or(0)
    }
}

/// What one attempt got.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The delivery's position.
    pub delivery: usize,
    /// 1-based attempt number.
    pub attempt: u32,
    /// Attempts allowed.
    pub of: u32,
    /// Fixture source (shared with the delivery: no copy per attempt).
    pub source: Arc<str>,
    /// Provider name.
    pub provider: Option<String>,
    /// Event type.
    pub event: Option<String>,
    /// Delivery id.
    pub delivery_id: Option<String>,
    /// True for the second copy under `--duplicate`.
    pub duplicate: bool,
    /// Where it went.
    pub url: String,
    /// The status, or `None` on a timeout or connection error.
    pub status: Option<u16>,
    /// What went wrong without a status.
    pub error: Option<String>,
    /// The kind of what went wrong without a status, for `--compare`.
    pub failure: Option<Failure>,
    /// Time to the full response.
    pub latency: Duration,
    /// The response body, when kept.
    pub response: Option<Bytes>,
    /// The response headers, when kept (empty otherwise).
    pub response_headers: Vec<Header>,
    /// The next attempt's delay, when there will be one.
    pub retry_in: Option<Duration>,
    /// True on the delivery's last attempt.
    pub last: bool,
    /// True when the answer is what was expected (2xx, or 4xx for negative cases).
    pub ok: bool,
}

/// Every attempt of one delivery.
pub(crate) async fn deliver(
    cfg: &ReplayConfig,
    d: &Delivery,
    client: &OriginClient,
    events: &UnboundedSender<Attempt>,
) {
    let negative = !cfg.negative.is_empty();
    let of = cfg.retry.attempts();
    for attempt in 1..=of {
        let now = crate::signature::timestamp::now_unix();
        let (url, status, failed, latency, kept) = match request::build(d, cfg, now) {
            Ok(req) => send(client, &req, cfg.timeout, cfg.keep_responses).await,
            Err(e) => (
                String::new(),
                None,
                Some((Failure::NotSent, format!("{e:#}"))),
                Duration::ZERO,
                None,
            ),
        };
        let (failure, error) = failed.unzip();
        let (response_headers, response) = match kept {
            Some((headers, body)) => (headers, Some(body)),
            None => (Vec::new(), None),
        };
        let ok = match status {
            Some(s) if negative => (400..500).contains(&s),
            Some(s) => (200..300).contains(&s),
            None => false,
        };
        let retry_in = if !ok && retry::retryable(status) {
            cfg.retry.delay_before(attempt + 1)
        } else {
            None
        };
        let _ = events.send(Attempt {
            delivery: d.seq,
            attempt,
            of,
            source: d.source.clone(),
            provider: d
                .scheme
                .map(|s| s.name().to_string())
                .or_else(|| d.fixture.provider.clone()),
            event: d.event.clone(),
            delivery_id: d.delivery_id.clone(),
            duplicate: d.duplicate,
            url,
            status,
            error,
            failure,
            latency,
            response,
            response_headers,
            retry_in,
            last: retry_in.is_none(),
            ok,
        });
        match retry_in {
            Some(wait) => tokio::time::sleep(wait).await,
            None => return,
        }
    }
}

/// What [`send`] found: the URL, the status, what went wrong without one
/// (its kind and its text), the time to the whole answer, and the answer's
/// headers and body when kept.
type Sent = (
    String,
    Option<u16>,
    Option<(Failure, String)>,
    Duration,
    Option<(Vec<Header>, Bytes)>,
);

/// One HTTP exchange, timed to the end of the response body. Headers go out
/// as the fixture spells them, in its order.
/// The most of an answer's body `hook replay` reads. A receiver answers a
/// webhook in a few bytes; a far larger answer is a misbehaving receiver,
/// and reading it whole (and keeping it, for `--show-response` or
/// `--compare`) would let it fill the memory.
const MAX_ANSWER: u64 = 16 << 20;

async fn send(client: &OriginClient, req: &request::Request<'_>, timeout: Duration, keep: bool) -> Sent {
    let start = Instant::now();
    let failed = |why: String| {
        (
            req.url.clone(),
            None,
            Some((Failure::NotSent, why)),
            Duration::ZERO,
            None,
        )
    };
    let target: std::borrow::Cow<str> = match client.target_in(&req.url) {
        Some(target) => target.into(),
        None => match origin::split_url(&req.url) {
            Ok((o, target)) if client.serves(&o) => target.into(),
            Ok(_) => return failed(format!("{} is not on the --to origin", req.url)),
            Err(e) => return failed(e.to_string()),
        },
    };
    let exchange = async {
        let res = client
            .send(req.method, &target, &req.headers.0, &req.body, MAX_ANSWER)
            .await?;
        Ok::<_, crate::http::outgoing::ExchangeError>((res.status, res.headers, res.body))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok((status, headers, body))) => (
            req.url.clone(),
            Some(status),
            None,
            start.elapsed(),
            keep.then_some((headers, body)),
        ),
        Ok(Err(crate::http::outgoing::ExchangeError::TooLarge(_))) => {
            let why = "the answer's body is over 16 MiB, more than hook replay reads";
            let failed = Some((Failure::TooLarge, why.to_string()));
            (req.url.clone(), None, failed, start.elapsed(), None)
        }
        Ok(Err(e)) => {
            let failed = Some((Failure::of(&e), e.to_string()));
            (req.url.clone(), None, failed, start.elapsed(), None)
        }
        Err(_) => (
            req.url.clone(),
            None,
            Some((
                Failure::Timeout,
                format!("no answer within {}", crate::signature::human_duration(timeout)),
            )),
            start.elapsed(),
            None,
        ),
    }
}
