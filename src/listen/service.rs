//! One connection and one request: read, inspect, decide, answer, report.

use super::{forward, handshake, policy, ListenConfig};
use crate::inspect;
use crate::model::{Capture, HeaderList};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::net::TcpStream;
use tokio::sync::mpsc::UnboundedSender;

/// How long a client may take to send its request head (slow clients).
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take to send its whole body.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a TLS handshake may take.
const TLS_TIMEOUT: Duration = Duration::from_secs(10);

/// What every request handler shares.
pub(super) struct State {
    pub config: ListenConfig,
    pub client: Option<crate::http::exact::ExactClient>,
    pub sink: UnboundedSender<Capture>,
    pub tls: bool,
    pub seq: AtomicU64,
    pub policy: policy::Policy,
    pub pending: super::Pending,
}

impl State {
    pub fn new(
        config: ListenConfig,
        client: Option<crate::http::exact::ExactClient>,
        sink: UnboundedSender<Capture>,
        tls: bool,
        pending: super::Pending,
    ) -> State {
        let policy = policy::Policy::new(&config.faults);
        State {
            config,
            client,
            sink,
            tls,
            seq: AtomicU64::new(0),
            pending,
            policy,
        }
    }
}

/// Serve one accepted connection (after TLS, when on).
pub(super) async fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
) {
    let service = hyper::service::service_fn(move |req| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(handle(req, remote, &state).await) }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    match acceptor {
        None => {
            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
        }
        Some(acceptor) => {
            if let Ok(Ok(tls)) = tokio::time::timeout(TLS_TIMEOUT, acceptor.accept(stream)).await {
                let _ = builder.serve_connection(TokioIo::new(tls), service).await;
            }
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
pub(super) fn response(status: u16, headers: &[(String, String)], body: Bytes) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(body));
    *res.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            res.headers_mut().append(n, v);
        }
    }
    res
}

fn text(status: u16, body: &str) -> Response<Full<Bytes>> {
    response(
        status,
        &[("Content-Type".into(), "text/plain; charset=utf-8".into())],
        Bytes::from(format!("{body}\n")),
    )
}

async fn handle(req: Request<Incoming>, remote: SocketAddr, state: &State) -> Response<Full<Bytes>> {
    let seq = state.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let (parts, body) = req.into_parts();
    let headers = HeaderList(
        parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    );
    let mut capture = Capture {
        seq,
        received: SystemTime::now(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(String::from),
        headers,
        body: Bytes::new(),
        provider: None,
        event: None,
        delivery_id: None,
        check: inspect::unchecked(),
        duplicate: false,
        status: 0,
        handshake: None,
        note: None,
        forwarded: None,
        saved: None,
    };
    let max = state.config.max_body;
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let too_large = format!("body over --max-body {} bytes: answered 413", max);
    if declared.is_some_and(|n| n > max) {
        return finish(state, capture, 413, Some(too_large), text(413, "payload too large"));
    }
    let read = tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, max as usize).collect());
    let Ok(read) = read.await else {
        let note = Some(format!(
            "the body took over {}s to arrive: answered 408",
            BODY_TIMEOUT.as_secs()
        ));
        return finish(state, capture, 408, note, text(408, "request body too slow"));
    };
    match read {
        Ok(collected) => capture.body = collected.to_bytes(),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return finish(state, capture, 413, Some(too_large), text(413, "payload too large"));
        }
        Err(e) => {
            return finish(
                state,
                capture,
                400,
                Some(format!("could not read the body: {e}")),
                text(400, "bad request body"),
            );
        }
    }
    let body_value = crate::signature::describe::body_value(&capture.body);
    inspect::inspect(&mut capture, body_value.as_ref(), &state.config.verify, state.tls);
    capture.duplicate = capture
        .delivery_id
        .as_ref()
        .is_some_and(|id| state.policy.seen_before(capture.provider.as_deref(), id));
    let response = decide(state, &mut capture, body_value.as_ref(), &parts, remote).await;
    let status = response.status().as_u16();
    let note = capture.note.take();
    finish(state, capture, status, note, response)
}

fn finish(
    state: &State,
    mut capture: Capture,
    status: u16,
    note: Option<String>,
    res: Response<Full<Bytes>>,
) -> Response<Full<Bytes>> {
    capture.status = status;
    capture.note = note;
    state.pending.add();
    let _ = state.sink.send(capture);
    res
}

/// The answer, in order of precedence: rejection, handshake, fault, forward, normal reply.
async fn decide(
    state: &State,
    c: &mut Capture,
    body: Option<&serde_json::Value>,
    parts: &http::request::Parts,
    remote: SocketAddr,
) -> Response<Full<Bytes>> {
    use crate::model::CheckKind;
    let cfg = &state.config;
    let handshake = if cfg.handshakes && state.client.is_none() {
        handshake::detect(&c.method, c.query.as_deref(), &c.headers, body)
    } else {
        None
    };
    // GET challenges are never signed by their senders, so --reject-invalid must not block them.
    if let Some(h @ handshake::Handshake::Challenge(_)) = &handshake {
        let (label, res) = handshake::answer(h, &cfg.verify.secrets);
        c.handshake = Some(label);
        return res;
    }
    if cfg.verify.reject_invalid && matches!(c.check.kind, CheckKind::Invalid | CheckKind::Unsigned) {
        c.note = Some(format!(
            "rejected: {}",
            c.check.reason.as_deref().unwrap_or("not validly signed")
        ));
        return text(401, "invalid signature");
    }
    if let Some(h) = handshake {
        let (label, res) = handshake::answer(&h, &cfg.verify.secrets);
        c.handshake = Some(label);
        return res;
    }
    if let Some(why) = state.policy.fault(c) {
        c.note = Some(why);
        pause(cfg.reply.delay).await;
        return text(500, "deliberate failure (hook listen --fail-first/--fail-rate)");
    }
    if let (Some(client), Some(fwd)) = (&state.client, &cfg.forward) {
        let out = forward::Outgoing {
            method: &parts.method,
            path_and_query: parts.uri.path_and_query().map_or("/", |p| p.as_str()),
            headers: &parts.headers,
            body: c.body.clone(),
            remote,
            tls: state.tls,
        };
        let (outcome, res) = forward::forward(client, fwd, out).await;
        c.forwarded = Some(outcome);
        return res;
    }
    pause(cfg.reply.delay).await;
    response(cfg.reply.status, &cfg.reply.headers, cfg.reply.body.clone())
}
