//! `hook relay`: the public side. An HTTP ingress at `/<channel>/…` carries
//! each request to the channel's tunnel over its WebSocket, or queues it while
//! the tunnel is away; `GET /` says what this is, and nothing else is served.

use super::protocol;
use super::store::{QueueLimits, Store};
use crate::listen::TlsConfig;
use crate::model::RelayEvent;
use crate::secret::Secret;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// How long a client may take to send its whole body (slow clients hold connections).
pub(super) const BODY_TIMEOUT: Duration = Duration::from_secs(30);

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
    /// Report only requests answered 5xx.
    pub quiet: bool,
}

/// What every handler shares.
pub(super) struct Relay {
    pub config: RelayConfig,
    pub store: Arc<Store>,
    pub token_digests: Vec<[u8; 32]>,
    pub events: mpsc::Sender<RelayEvent>,
    pub base_url: String,
    /// The path of `--public-url` (`/hooks` of `https://example.com/hooks`), or
    /// empty: a proxy that passes it on unchanged is routed below it.
    pub path_prefix: String,
    /// How senders reach the relay, for the forwarding headers.
    pub outside: super::forwarded::Outside,
    pub sessions: std::sync::atomic::AtomicU64,
    /// Turns true when the relay stops; each link holds a receiver until it has closed.
    pub stopping: watch::Sender<bool>,
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
pub async fn bind(config: RelayConfig, events: mpsc::Sender<RelayEvent>) -> anyhow::Result<BoundRelay> {
    // Checked here too, not only in the flags: a relay without a real token is open to anyone.
    if config.tokens.is_empty() || config.tokens.iter().any(|t| t.expose().trim().is_empty()) {
        return Err(crate::error::hinted(
            "the relay needs a token that is not empty",
            "pass --token TOKEN (e.g. from `openssl rand -hex 32`), or none to have one generated",
        ));
    }
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
    let token_digests: Vec<[u8; 32]> = config.tokens.iter().map(|t| super::token_digest(t.expose())).collect();
    let (store, notes) = Store::open(config.data_dir.clone(), config.queue, token_digests.clone())?;
    for super::store::Notice { channel, message } in notes {
        // Shown once the screen starts, after the ready line; the channel holds far more than these.
        let _ = events.try_send(RelayEvent::Notice { channel, message });
    }
    let outside = super::forwarded::Outside::new(config.public_url.as_deref(), tls.is_some());
    let relay = Arc::new(Relay {
        config,
        store,
        token_digests,
        events,
        base_url: url.clone(),
        path_prefix: url::Url::parse(&url)
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default(),
        outside,
        sessions: Default::default(),
        stopping: watch::channel(false).0,
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
    /// A handle to close every link when the relay stops.
    pub fn closer(&self) -> Closer {
        Closer(self.relay.clone())
    }

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
                match acceptor {
                    None => super::ingress::serve(stream, remote, relay).await,
                    Some(a) => {
                        let mut stream = stream;
                        let wait = protocol::HANDSHAKE_TIMEOUT;
                        let remedy = "give it https://";
                        if let Some(refusal) = crate::http::plain_on_tls::refused(&mut stream, wait, remedy).await {
                            return super::ingress::shown_refusal(&relay, refusal).await;
                        }
                        if let Ok(Ok(tls)) = tokio::time::timeout(wait, a.accept(stream)).await {
                            super::ingress::serve(tls, remote, relay).await
                        }
                    }
                }
            });
        }
    }
}

/// Closes the relay's links when it stops, so each tunnel hears a WebSocket
/// Close ("the relay closed the link") rather than a broken connection.
pub struct Closer(Arc<Relay>);

impl Closer {
    /// Tell every link to close, and wait until they have, at most `within`.
    pub async fn close(&self, within: Duration) {
        self.0.stopping.send_replace(true);
        let _ = tokio::time::timeout(within, self.0.stopping.closed()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_without_a_real_token_does_not_start() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for tokens in [vec![], vec![Secret::new("")], vec![Secret::new("ok"), Secret::new(" ")]] {
            let config = RelayConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                public_url: None,
                tokens,
                data_dir: None,
                tls: None,
                queue: QueueLimits {
                    max: 1,
                    bytes: 1,
                    enabled: true,
                    in_flight: 1,
                },
                max_body: 1,
                heartbeat: Duration::from_secs(1),
                timeout: Duration::from_secs(1),
                quiet: false,
            };
            let (tx, _rx) = mpsc::channel(1);
            let bound = runtime.block_on(bind(config, tx));
            assert!(bound.is_err_and(|e| e.to_string().contains("token")));
        }
    }
}
