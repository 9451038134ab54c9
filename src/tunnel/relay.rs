//! `hook relay`: the public side. An HTTP ingress at `/<channel>/…` carries
//! each request to the channel's tunnel over its WebSocket, or queues it while
//! the tunnel is away; `GET /` says what this is, and nothing else is served.

use super::protocol::{self, Header};
use super::relay_link;
use super::store::{Answer, Ingress, QueueLimits, RequestParts, Store};
use crate::listen::TlsConfig;
use crate::model::RelayEvent;
use crate::secret::Secret;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedSender;

/// How long a client may take to send its whole body (slow clients hold connections).
pub(super) const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take to send its request head (slow clients).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything `hook relay` needs, validated.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// Address to bind.
    pub listen: SocketAddr,
    /// Public base URL; default `http(s)://<bound address>`.
    pub public_url: Option<String>,
    /// Tokens a tunnel may present.
    pub tokens: Vec<Secret>,
    /// Where queued requests survive a restart.
    pub data_dir: Option<PathBuf>,
    /// Serve HTTPS/WSS.
    pub tls: Option<TlsConfig>,
    /// Offline queue limits.
    pub queue: QueueLimits,
    /// Largest request body.
    pub max_body: u64,
    /// Heartbeat interval.
    pub heartbeat: Duration,
    /// How long to wait for a tunnel's answer (504 after).
    pub timeout: Duration,
}

/// What every handler shares.
pub(super) struct Relay {
    pub config: RelayConfig,
    pub store: Arc<Store>,
    pub token_digests: Vec<[u8; 32]>,
    pub events: UnboundedSender<RelayEvent>,
    pub base_url: String,
    pub sessions: std::sync::atomic::AtomicU64,
}

/// A bound relay, not yet serving.
pub struct BoundRelay {
    listener: TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    relay: Arc<Relay>,
    /// Ingress base URL.
    pub url: String,
    /// WebSocket URL for tunnels.
    pub ws_url: String,
    /// The bound address.
    pub local_addr: SocketAddr,
}

/// Bind, load the queue, and prepare TLS, failing early with clear errors.
pub async fn bind(config: RelayConfig, events: UnboundedSender<RelayEvent>) -> anyhow::Result<BoundRelay> {
    let listener = TcpListener::bind(config.listen).await.map_err(|e| {
        crate::error::hinted(
            format!("cannot listen on {}: {e}", config.listen),
            "choose another --listen address, or port 0 for a free one",
        )
    })?;
    let local_addr = listener.local_addr()?;
    let tls = match &config.tls {
        Some(TlsConfig::Files { cert, key }) => Some(crate::listen::tls::from_files(cert, key)?),
        Some(TlsConfig::SelfSigned) => Some(crate::listen::tls::self_signed()?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("{scheme}://{local_addr}"))
        .trim_end_matches('/')
        .to_string();
    let ws_url = format!("{}{}", url.replacen("http", "ws", 1), protocol::WS_PATH);
    let store = Store::open(config.data_dir.clone(), config.queue)?;
    let token_digests = config.tokens.iter().map(|t| super::token_digest(t.expose())).collect();
    let relay = Arc::new(Relay {
        config,
        store,
        token_digests,
        events,
        base_url: url.clone(),
        sessions: Default::default(),
    });
    Ok(BoundRelay {
        listener,
        acceptor: tls.map(|t| t.acceptor),
        relay,
        url,
        ws_url,
        local_addr,
    })
}

impl BoundRelay {
    /// Serve forever.
    pub async fn serve(self) {
        loop {
            let Ok((stream, remote)) = self.listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            let _ = stream.set_nodelay(true);
            let (relay, acceptor) = (self.relay.clone(), self.acceptor.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let relay = relay.clone();
                    async move { Ok::<_, Infallible>(route(req, remote, relay).await) }
                });
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
                match acceptor {
                    None => {
                        let _ = builder
                            .serve_connection(TokioIo::new(stream), service)
                            .with_upgrades()
                            .await;
                    }
                    Some(a) => {
                        if let Ok(Ok(tls)) = tokio::time::timeout(protocol::HANDSHAKE_TIMEOUT, a.accept(stream)).await {
                            let _ = builder
                                .serve_connection(TokioIo::new(tls), service)
                                .with_upgrades()
                                .await;
                        }
                    }
                }
            });
        }
    }
}

pub(super) fn text(status: u16, body: &str) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from(format!("{body}\n"))));
    *res.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    res.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

async fn route(req: Request<Incoming>, remote: SocketAddr, relay: Arc<Relay>) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    if path == protocol::WS_PATH {
        return relay_link::upgrade(req, relay);
    }
    if path == "/" && req.method() == hyper::Method::GET {
        return text(
            200,
            "hook relay: carries webhooks to a hook tunnel. Send them to /<channel>/<path>.",
        );
    }
    let target = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    let rest = &target[1..];
    let (channel, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    if !super::store::valid_name(channel) {
        return text(404, "no such channel");
    }
    let target = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    ingress(req, remote, channel.to_string(), target, &relay).await
}

async fn ingress(
    req: Request<Incoming>,
    remote: SocketAddr,
    channel: String,
    target: String,
    relay: &Relay,
) -> Response<Full<Bytes>> {
    let max = relay.config.max_body;
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return text(413, "payload too large");
    }
    let read = tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, max as usize).collect());
    let Ok(read) = read.await else {
        return text(408, "the request body took too long to arrive");
    };
    let body = match read {
        Ok(b) => b.to_bytes(),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return text(413, "payload too large")
        }
        Err(_) => return text(400, "could not read the body"),
    };
    let mut headers: Vec<Header> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), Bytes::copy_from_slice(v.as_bytes())))
        .collect();
    // Added, never replacing the sender's own.
    headers.push(("x-forwarded-for".into(), Bytes::from(remote.ip().to_string())));
    if !parts.headers.contains_key("x-forwarded-host") {
        if let Some(h) = parts.headers.get(hyper::header::HOST) {
            headers.push(("x-forwarded-host".into(), Bytes::copy_from_slice(h.as_bytes())));
        }
    }
    if !parts.headers.contains_key("x-forwarded-proto") {
        headers.push((
            "x-forwarded-proto".into(),
            Bytes::from_static(if relay.config.tls.is_some() { b"https" } else { b"http" }),
        ));
    }
    let method = parts.method.to_string();
    let request = RequestParts {
        method: method.clone(),
        target: target.clone(),
        remote: remote.to_string(),
        headers,
        body,
        queued: false,
    };
    let res = match relay.store.ingress(&channel, request).await {
        Ingress::Live(rx) => match tokio::time::timeout(relay.config.timeout, rx).await {
            Ok(Ok(answer)) => respond(answer),
            Ok(Err(_)) => text(502, "the tunnel went away before answering"),
            Err(_) => text(504, "the tunnel did not answer in time"),
        },
        Ingress::Queued => text(
            202,
            "queued: no tunnel is connected; it will be delivered when one reconnects",
        ),
        Ingress::Refused(status, why) => {
            let mut res = text(status, &why);
            if status == 503 {
                res.headers_mut().insert(
                    hyper::header::RETRY_AFTER,
                    hyper::header::HeaderValue::from_static("10"),
                );
            }
            res
        }
    };
    let _ = relay.events.send(RelayEvent::Request {
        channel,
        method,
        target,
        status: res.status().as_u16(),
    });
    res
}

/// Hop-by-hop headers never cross the relay.
fn hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "content-length",
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(name))
}

fn respond(a: Answer) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(a.body));
    *res.status_mut() = hyper::StatusCode::from_u16(a.status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
    for (name, value) in a.headers.iter().filter(|(n, _)| !hop_by_hop(n)) {
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_bytes(value),
        ) {
            res.headers_mut().append(n, v);
        }
    }
    res
}
