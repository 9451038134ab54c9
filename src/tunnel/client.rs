//! `hook tunnel`: hold a WebSocket to the relay (dialled in `dial`), carry each request to the
//! local app exactly, and send the app's answer back; reconnect with backoff
//! and jitter, keeping the same channel, when the link drops.

use super::deliver::Worker;
use super::dial::{connect, ConnectError, Ws};
use super::protocol::{self, RelayFrame};
use crate::http::origin::OriginClient;
use crate::inspect::VerifyConfig;
use crate::model::events::EventPattern;
use crate::model::TunnelEvent;
use crate::secret::Secret;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use rand::Rng;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message;

/// Longest wait between reconnect attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// First wait between reconnect attempts.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// Everything `hook tunnel` needs, validated.
#[derive(Debug, Clone)]
pub struct TunnelConfig {
    /// The relay's base URL (http, https, ws or wss).
    pub relay: url::Url,
    /// The local app's base URL (`-f`): it takes what no route takes.
    pub forward: url::Url,
    /// `-e/--events`: only requests with these events are forwarded; empty for all.
    pub events: Vec<EventPattern>,
    /// `--route`s in order: requests whose event matches go to that app.
    pub routes: Vec<(EventPattern, url::Url)>,
    /// Access token.
    pub token: Secret,
    /// Channel to hold; `None` lets the relay pick a random one (kept across reconnects).
    pub channel: Option<String>,
    /// Give up on the app after this long (504).
    pub timeout: Duration,
    /// Accept any certificate (relay and app).
    pub insecure: bool,
    /// Extra CA (PEM) for the relay and the app.
    pub cacert: Option<PathBuf>,
    /// Exit instead of reconnecting.
    pub exit_on_disconnect: bool,
    /// Report only failed requests (`--quiet`): the others skip inspection and rendering.
    pub quiet: bool,
    /// `--save DIR`: every request goes to the screen's thread, which writes it as a fixture.
    pub save: Option<PathBuf>,
    /// Heartbeat interval.
    pub heartbeat: Duration,
    /// `-H`: headers added to each forwarded request.
    pub headers: crate::model::added_headers::AddedHeaders,
    /// Signature checking for the screen.
    pub verify: VerifyConfig,
}

/// Why the tunnel stopped.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    /// The relay refused the tunnel (bad token, taken channel, version).
    #[error("the relay refused the tunnel: {0}")]
    Refused(String),
    /// The link dropped and `--exit-on-disconnect` was given.
    #[error("the link to the relay dropped: {0}")]
    Disconnected(String),
    /// The relay's certificate was not trusted on the first connection: the reason and a hint.
    #[error("the relay's certificate is not trusted: {reason}")]
    Untrusted {
        /// What is wrong with it, in plain words.
        reason: String,
        /// What to do about it.
        hint: String,
    },
    /// The tunnel could not be set up here (`--cacert`, the app's URL), before any relay was asked.
    #[error(transparent)]
    Setup(anyhow::Error),
}

/// Run until refused, until the link drops with `exit_on_disconnect`, or
/// until `quit` turns true: then the link is closed with a Close frame, so the
/// relay reports that the tunnel left rather than that its link broke.
pub async fn run(
    cfg: TunnelConfig,
    events: mpsc::Sender<TunnelEvent>,
    mut quit: watch::Receiver<bool>,
) -> Result<(), Stop> {
    // The routes' apps, then -f's: a request's destination is an index into this.
    let targets: Vec<&url::Url> = cfg.routes.iter().map(|(_, u)| u).chain([&cfg.forward]).collect();
    let used = matches!(cfg.relay.scheme(), "wss" | "https") || targets.iter().any(|u| u.scheme() == "https");
    let tls = crate::http::tls_client_config(cfg.insecure, cfg.cacert.as_deref(), used).map_err(Stop::Setup)?;
    // One TLS configuration (and one load of the system's roots) for the relay and the apps.
    let tls = Arc::new(tls);
    let apps = targets.iter().map(|u| OriginClient::new(u, tls.clone()));
    let apps = apps.collect::<Result<Vec<_>, _>>().map_err(|e| Stop::Setup(e.into()))?;
    let connector = tokio_tungstenite::Connector::Rustls(tls);
    // Shared by every link, so numbering and the screen's backlog carry across reconnects.
    let seq = Arc::new(AtomicU64::new(0));
    let shown = Arc::new(tokio::sync::Semaphore::new(super::arrival::BACKLOG_BYTES));
    let mut channel = cfg.channel.clone().unwrap_or_default();
    let mut connected_before = false;
    let mut failures = 0u32;
    loop {
        let reason = match connect(&cfg, &channel, connector.clone()).await {
            Ok((ws, terms)) => {
                failures = 0;
                channel = terms.channel.clone();
                let _ = events
                    .send(TunnelEvent::Ready {
                        url: terms.url.clone(),
                        channel: terms.channel.clone(),
                        again: connected_before,
                    })
                    .await;
                connected_before = true;
                session(ws, &cfg, &terms, &apps, (&seq, &shown), &events, &mut quit).await
            }
            Err(ConnectError::Refused(reason)) => return Err(Stop::Refused(reason)),
            // Never connected: the setup is wrong, and trying again would only repeat it.
            Err(ConnectError::Untrusted(why)) if !connected_before => {
                return Err(Stop::Untrusted {
                    reason: why.reason,
                    hint: why.hint,
                })
            }
            // It was trusted before, so the relay changed its certificate (perhaps while
            // renewing it): keep trying, and say why each time.
            Err(ConnectError::Untrusted(why)) => {
                format!("the relay's certificate is not trusted: {} ({})", why.reason, why.hint)
            }
            Err(ConnectError::Failed(reason)) => reason,
        };
        if *quit.borrow() {
            return Ok(());
        }
        if cfg.exit_on_disconnect {
            let _ = events
                .send(TunnelEvent::Lost {
                    reason: reason.clone(),
                    retry_in: None,
                })
                .await;
            return Err(Stop::Disconnected(reason));
        }
        failures += 1;
        let wait = backoff(failures);
        let _ = events
            .send(TunnelEvent::Lost {
                reason,
                retry_in: Some(wait),
            })
            .await;
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = quit.changed() => return Ok(()),
        }
    }
}

/// Exponential backoff with ±25% jitter, so many tunnels do not reconnect in step.
fn backoff(failures: u32) -> Duration {
    let base = FIRST_BACKOFF
        .saturating_mul(1 << failures.saturating_sub(1).min(10))
        .min(MAX_BACKOFF);
    base.mul_f64(rand::thread_rng().gen_range(0.75..1.25))
}

/// One link, until it drops; returns why.
async fn session(
    ws: Ws,
    cfg: &TunnelConfig,
    terms: &super::dial::Terms,
    apps: &[OriginClient],
    (seq, shown): (&Arc<AtomicU64>, &Arc<tokio::sync::Semaphore>),
    events: &mpsc::Sender<TunnelEvent>,
    quit: &mut watch::Receiver<bool>,
) -> String {
    let (mut sink, mut stream) = ws.split();
    let (out_tx, mut out_rx) = mpsc::channel::<Bytes>(1024);
    let (queued_tx, mut queued_rx) = mpsc::unbounded_channel::<RelayFrame>();
    let mut verify = cfg.verify.clone();
    if verify.public_url.is_none() {
        verify.public_url = Some(terms.url.clone());
        verify.public_url_is_relays = true;
    }
    // Shared, not cloned, by each request's task: a clone copies the app's address strings.
    let worker = Arc::new(Worker {
        cfg: Arc::new(cfg.clone()),
        verify: Arc::new(verify),
        apps: apps.to_vec(),
        seq: seq.clone(),
        events: events.clone(),
        shown: shown.clone(),
        out: out_tx,
        relay_max: terms.max_body,
        relay_timeout: terms.timeout,
    });
    // Queued requests are delivered one at a time, in order, each acknowledged.
    let serial = worker.clone();
    let drain = tokio::spawn(async move {
        while let Some(frame) = queued_rx.recv().await {
            serial.handle(frame).await;
        }
    });
    let mut tick = tokio::time::interval(cfg.heartbeat);
    let mut last_seen = Instant::now();
    let reason = loop {
        tokio::select! {
            msg = stream.next() => {
                last_seen = Instant::now();
                match msg {
                    Some(Ok(Message::Binary(b))) => match RelayFrame::decode(b) {
                        Ok(frame @ RelayFrame::Request { queued: true, .. }) => { let _ = queued_tx.send(frame); }
                        Ok(frame @ RelayFrame::Request { .. }) => { let w = worker.clone(); tokio::spawn(Box::pin(async move { w.handle(frame).await })); }
                        Ok(_) => {}
                        Err(e) => break e.to_string(),
                    },
                    Some(Ok(Message::Close(_))) | None => break "the relay closed the link".to_string(),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break format!("the link broke: {e}"),
                }
            }
            Some(frame) = out_rx.recv() => {
                if !protocol::link::send_batch(&mut sink, frame, &mut out_rx).await {
                    break "the link broke while sending".to_string();
                }
            }
            _ = quit.changed() => {
                protocol::link::close(&mut sink, &mut stream).await;
                break "stopped".to_string();
            }
            _ = tick.tick() => {
                if last_seen.elapsed() > cfg.heartbeat * 2 {
                    break format!("no heartbeat from the relay for {}", crate::signature::human_duration(cfg.heartbeat * 2));
                }
                if sink.send(Message::Ping(Bytes::new())).await.is_err() {
                    break "the link broke while sending".to_string();
                }
            }
        }
    };
    drain.abort();
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_within_its_bounds() {
        for n in 1..20 {
            let b = backoff(n);
            assert!(
                b >= FIRST_BACKOFF.mul_f64(0.74) && b <= MAX_BACKOFF.mul_f64(1.26),
                "{n}: {b:?}"
            );
        }
    }
}
