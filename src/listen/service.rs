//! One connection and its requests: read, inspect, decide, answer, report.
//! On the raw codec, so headers are seen (and saved, and forwarded) in their
//! order and with the case of their names.

use super::{forward, handshake, policy, route, ListenConfig};
use crate::http::origin::OriginClient;
use crate::http::refusal::Refusal;
use crate::http::serve::{self, write_reply, Body, Next, Reply};
use crate::http::wire::{Reader, RequestHead};
use crate::inspect;
use crate::model::{Capture, HeaderList};
use crate::signature::body_view::BodyView;
use bytes::Bytes;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::mpsc::UnboundedSender;

/// How long a client may take to send its request head once begun (slow clients).
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long an idle keep-alive connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a client may take to send its whole body.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a TLS handshake may take.
const TLS_TIMEOUT: Duration = Duration::from_secs(10);

/// What the request handlers of every shard share.
pub(super) struct Shared {
    pub config: ListenConfig,
    pub tls: bool,
    pub seq: AtomicU64,
    pub policy: policy::Policy,
    /// Deliveries with retries still to come (`--retry`).
    pub retrying: super::Pending,
}

impl Shared {
    pub fn new(config: ListenConfig, tls: bool) -> Shared {
        let policy = policy::Policy::new(&config.faults);
        Shared {
            config,
            tls,
            seq: AtomicU64::new(0),
            policy,
            retrying: super::Pending::default(),
        }
    }
}

/// What the request handlers of one shard (one thread) share.
pub(super) struct State {
    pub shared: Arc<Shared>,
    /// The forwarding clients, one per `ListenConfig::targets` entry: their
    /// connections belong to this shard's runtime.
    pub clients: Vec<OriginClient>,
    pub sink: UnboundedSender<Capture>,
    pub pending: super::Pending,
}

/// Serve one accepted connection (after TLS, when on).
pub(super) async fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
) {
    match acceptor {
        None => requests(stream, remote, &state).await,
        Some(acceptor) => {
            let mut stream = stream;
            let remedy = "give it https://, or listen without --tls";
            if let Some(refusal) = crate::http::plain_on_tls::refused(&mut stream, TLS_TIMEOUT, remedy).await {
                return refused(refusal, &state);
            }
            if let Ok(Ok(tls)) = tokio::time::timeout(TLS_TIMEOUT, acceptor.accept(stream)).await {
                requests(tls, remote, &state).await
            }
        }
    }
}

/// Answer requests on one connection in turn until it closes.
async fn requests<S: AsyncRead + AsyncWrite + Unpin>(mut io: S, remote: SocketAddr, state: &State) {
    let mut reader = Reader::default();
    loop {
        let head = match serve::next_request(&mut io, &mut reader, IDLE_TIMEOUT, HEADER_TIMEOUT).await {
            Next::Request(head) => head,
            Next::Done => return,
            Next::Refused(refusal) => return refused(refusal, state),
        };
        let keep_alive = serve::keeps_alive(&head);
        let body = serve::read_body(&mut io, &mut reader, &head, state.shared.config.max_body, BODY_TIMEOUT).await;
        if matches!(body, Body::Broken) {
            return;
        }
        let close = !(keep_alive && body.reusable());
        let head_only = head.method == "HEAD";
        let mut reply = handle(head, body, remote, state).await;
        if head_only && !reply.bodiless {
            // Say the length the body would have had, and send none.
            let len = reply.body.len().to_string();
            reply.headers.push(("Content-Length".into(), Bytes::from(len)));
            reply.bodiless = true;
        }
        if write_reply(&mut io, &reply, close).await.is_err() || close {
            return;
        }
    }
}

/// Wait before answering; no wait at all for zero, since even a zero-length
/// tokio sleep waits for the next timer tick (about a millisecond).
async fn pause(delay: Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

/// A response with a status, headers and body.
pub(super) fn response(status: u16, headers: &[(String, String)], body: Bytes) -> Reply {
    Reply::new(status, headers, body)
}

async fn handle(head: RequestHead, body: Body, remote: SocketAddr, state: &State) -> Reply {
    let seq = state.shared.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let (headers, raw_values) = HeaderList::received(&head.headers);
    let mut capture = Capture::arrived(seq, head.method.clone(), &head.target, headers, Bytes::new());
    capture.raw_values = raw_values;
    capture.tls = state.shared.tls;
    let refusal = match body {
        Body::Read(body) => {
            capture.body = body;
            None
        }
        Body::TooLarge => Some((
            format!(
                "body over --max-body {} bytes: answered 413",
                state.shared.config.max_body
            ),
            Reply::text(413, "payload too large"),
        )),
        Body::TooSlow => Some((
            format!("the body took over {}s to arrive: answered 408", BODY_TIMEOUT.as_secs()),
            Reply::text(408, "request body too slow"),
        )),
        Body::Bad(why) => Some((
            format!("could not read the body: {why}"),
            Reply::text(400, "bad request body"),
        )),
        Body::Broken => Some(("the connection broke".into(), Reply::text(400, "bad request body"))),
    };
    if let Some((note, reply)) = refusal {
        unread(state, capture, note, reply.status);
        return reply;
    }
    let body = capture.body.clone();
    let view = BodyView::of(&body);
    inspect::inspect(&mut capture, &view, &state.shared.config.verify, state.shared.tls);
    state.shared.policy.flag_duplicate(&mut capture);
    let reply = decide(state, &mut capture, &view, &head, remote).await;
    let note = capture.note.take();
    report(state, capture, note, reply.status);
    reply
}

/// Show a request whose head could not be served (it was answered already),
/// so a sender that gets a 400 from hook is never a mystery on its screen.
fn refused(refusal: Refusal, state: &State) {
    let seq = state.shared.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let method = if refusal.method.is_empty() {
        "?".to_string()
    } else {
        refusal.method
    };
    let capture = Capture::arrived(seq, method, &refusal.target, HeaderList::default(), Bytes::new());
    unread(state, capture, refusal.why, refusal.status);
}

/// Report a request refused before it was read whole: not inspected, but
/// shown with any secret it carries hidden, and never saved.
fn unread(state: &State, mut capture: Capture, note: String, status: u16) {
    capture.incomplete = true;
    inspect::hide_secrets(&mut capture, &state.shared.config.verify);
    report(state, capture, Some(note), status);
}

/// Hand a capture, answered `status`, to the screen (and `--save`).
fn report(state: &State, mut capture: Capture, note: Option<String>, status: u16) {
    capture.status = status;
    capture.note = note;
    state.pending.add();
    let _ = state.sink.send(capture);
}

/// The answer, in order of precedence: rejection, handshake, skip
/// (`--events`), fault, forward, normal reply.
async fn decide(state: &State, c: &mut Capture, body: &BodyView<'_>, head: &RequestHead, remote: SocketAddr) -> Reply {
    use crate::model::CheckKind;
    use route::Destination;
    let cfg = &state.shared.config;
    let destination = route::destination(cfg, c);
    let handshake = if cfg.handshakes && !matches!(destination, Destination::App(_)) {
        handshake::detect(&c.method, c.query.as_deref(), &c.headers, body)
    } else {
        None
    };
    // GET challenges are never signed by their senders, so --reject-invalid must not block them.
    if let Some(h @ handshake::Handshake::Challenge(_)) = &handshake {
        let (label, res) = handshake::answer(h, &cfg.verify.secrets, c.check.secret);
        c.handshake = Some(label);
        return res;
    }
    if cfg.verify.reject_invalid && matches!(c.check.kind, CheckKind::Invalid | CheckKind::Unsigned) {
        c.rejected = true;
        c.note = Some(format!(
            "rejected: {}",
            c.check.reason.as_deref().unwrap_or("not validly signed")
        ));
        let why = if c.check.kind == CheckKind::Unsigned {
            "no signature"
        } else {
            "invalid signature"
        };
        return Reply::text(401, why);
    }
    if let Some(h) = handshake {
        let (label, res) = handshake::answer(&h, &cfg.verify.secrets, c.check.secret);
        c.handshake = Some(label);
        return res;
    }
    if let Destination::Skipped = destination {
        c.skipped = true;
        c.note = Some(route::skipped_note(cfg, c));
    } else if let Some(why) = state.shared.policy.fault(c) {
        c.note = Some(why);
        pause(cfg.reply.delay).await;
        return Reply::text(500, "deliberate failure (hook listen --fail-first/--fail-rate)");
    }
    if let Destination::App(i) = destination {
        let (Some(client), Some(fwd)) = (state.clients.get(i), cfg.targets().nth(i)) else {
            return Reply::text(500, "hook: no client for this route");
        };
        let out = |body| forward::Outgoing {
            method: &head.method,
            target: &head.target,
            headers: &head.headers,
            body,
            remote,
            tls: state.shared.tls,
        };
        let (outcome, res) = forward::forward(client, fwd, out(c.body.clone())).await;
        // Copied to send again only when the app failed it, off the path of those it takes.
        if !fwd.retry.delays.is_empty() && forward::retryable(&outcome) {
            let again = super::retry::Again::of(&out(c.body.clone()));
            c.note = Some(super::retry::schedule(state, c, client.clone(), fwd.clone(), again));
        }
        c.forwarded = Some(outcome);
        // After the app has answered: the sender can time out on a request the
        // app did process, and retry it (a duplicate for the app to handle).
        pause(cfg.reply.delay).await;
        return res;
    }
    if let (Destination::Hook, false) = (&destination, cfg.routes.is_empty()) {
        c.note = Some(route::unrouted_note(c));
    }
    pause(cfg.reply.delay).await;
    response(cfg.reply.status, &cfg.reply.headers, cfg.reply.body.clone())
}
