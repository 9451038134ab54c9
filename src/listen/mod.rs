//! `hook listen`'s engine: a server (on the raw codec in `crate::http`) that captures each request,
//! verifies it, answers as configured (or forwards it), and hands a
//! [`Capture`](crate::model::Capture) to the caller. It never prints.

mod forward;
mod handshake;
pub(crate) use handshake::challenge;
mod policy;
mod retry;
mod route;
mod service;
mod shard;
pub mod tls;

pub use crate::inspect::VerifyConfig;
use crate::model::events::EventPattern;
use anyhow::Context;
use bytes::Bytes;
pub use shard::Shard;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The normal answer.
#[derive(Debug, Clone)]
pub struct ReplyConfig {
    /// Status code.
    pub status: u16,
    /// Body.
    pub body: Bytes,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Wait this long before answering.
    pub delay: Duration,
}

/// Deliberate failures, to exercise a sender's retries.
#[derive(Debug, Clone, Default)]
pub struct FaultConfig {
    /// Answer 500 to the first N attempts of each delivery.
    pub fail_first: u32,
    /// Answer 500 to this fraction of requests.
    pub fail_rate: f64,
    /// Seed for `fail_rate`, for repeatable runs.
    pub seed: Option<u64>,
}

/// Where and how to forward.
#[derive(Debug, Clone)]
pub struct ForwardConfig {
    /// Base URL of the user's app; the request's path is appended.
    pub base: url::Url,
    /// Give up after this long (504).
    pub timeout: Duration,
    /// Accept any certificate from the app.
    pub insecure: bool,
    /// Extra CA certificate (PEM) to trust.
    pub cacert: Option<PathBuf>,
    /// Deliver again after a failure (`--retry`), on this schedule; empty
    /// for never.
    pub retry: crate::model::retry::RetryPolicy,
    /// `-H`: headers added to each forwarded request.
    pub headers: crate::model::added_headers::AddedHeaders,
}

/// `--route PATTERN=URL`: requests whose event matches go to this app.
#[derive(Debug, Clone)]
pub struct Route {
    /// Which events.
    pub events: EventPattern,
    /// Where they go.
    pub forward: ForwardConfig,
}

/// HTTPS settings.
#[derive(Debug, Clone)]
pub enum TlsConfig {
    /// A self-signed certificate made at start.
    SelfSigned,
    /// The user's certificate chain and key (PEM files).
    Files {
        /// Certificate chain.
        cert: PathBuf,
        /// Private key.
        key: PathBuf,
    },
}

/// Everything `hook listen` needs, validated.
#[derive(Debug, Clone)]
pub struct ListenConfig {
    /// Address to bind; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Signature checking.
    pub verify: VerifyConfig,
    /// The normal answer.
    pub reply: ReplyConfig,
    /// Deliberate failures.
    pub faults: FaultConfig,
    /// Answer provider handshakes automatically.
    pub handshakes: bool,
    /// `-e/--events`: only requests with these events are forwarded and shown
    /// in full; empty means every request.
    pub events: Vec<EventPattern>,
    /// `--route`s, in order: the first whose pattern matches takes the request.
    pub routes: Vec<Route>,
    /// Forward the rest to the user's app (`-f`).
    pub forward: Option<ForwardConfig>,
    /// Save each request as a fixture here.
    pub save: Option<PathBuf>,
    /// The highest fixture number already in the `--save` directory: this
    /// run numbers its files after it, so it never overwrites an earlier run's.
    pub save_after: u64,
    /// Largest body accepted (413 beyond).
    pub max_body: u64,
    /// Serve HTTPS.
    pub tls: Option<TlsConfig>,
    /// Threads serving connections (at least one).
    pub threads: usize,
}

impl ListenConfig {
    /// Every app requests may go to: the routes' in order, then `-f`'s.
    /// A request's destination is an index into this.
    pub fn targets(&self) -> impl Iterator<Item = &ForwardConfig> {
        self.routes.iter().map(|r| &r.forward).chain(&self.forward)
    }
}

/// A bound, not yet serving, listener.
pub struct Bound {
    /// Held as the standard library's socket: each shard registers it (or
    /// the connections it is handed) with its own thread's runtime.
    listener: std::net::TcpListener,
    /// The address actually bound.
    pub local_addr: SocketAddr,
    /// `http(s)://addr`.
    pub url: String,
    /// SHA-256 fingerprint of the certificate, with TLS.
    pub tls_fingerprint: Option<String>,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    config: ListenConfig,
}

/// Captures answered but not yet taken by the caller: at stop, the caller
/// waits for this to reach zero so no answered request goes unreported.
#[derive(Debug, Clone, Default)]
pub struct Pending(Arc<std::sync::atomic::AtomicUsize>);

impl Pending {
    /// One more capture on its way.
    pub fn add(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// The caller took one.
    pub fn taken(&self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many are on their way.
    pub fn count(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Bind the address and prepare TLS and forwarding, failing early with a clear error.
pub async fn bind(mut config: ListenConfig) -> anyhow::Result<Bound> {
    let listener = TcpListener::bind(config.addr).await.map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            "another program uses that port: choose another with --port, or --port 0 for a free one"
        } else {
            "check --host and --port"
        };
        crate::error::hinted(format!("cannot listen on {}: {e}", config.addr), hint)
    })?;
    let local_addr = listener.local_addr().context("reading the bound address")?;
    for f in config.targets() {
        refuse_forwarding_to_itself(&f.base, local_addr)?;
    }
    let listener = listener.into_std().context("preparing the listening socket")?;
    let tls = match &config.tls {
        None => None,
        Some(TlsConfig::SelfSigned) => Some(tls::self_signed()?),
        Some(TlsConfig::Files { cert, key }) => Some(tls::from_files(cert, key)?),
    };
    if let Some(dir) = &config.save {
        config.save_after = crate::fixture::prepare_dir(dir)?;
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    Ok(Bound {
        listener,
        local_addr,
        url: format!("{scheme}://{local_addr}"),
        tls_fingerprint: tls.as_ref().map(|t| t.fingerprint.clone()),
        acceptor: tls.map(|t| t.acceptor),
        config,
    })
}

impl Bound {
    /// Split the server into `config.threads` shards, one per thread. The
    /// first accepts every connection and hands each to the shard serving
    /// the fewest; a shard serves its connections to the end, on its own.
    pub fn shards(self) -> anyhow::Result<Vec<Shard>> {
        shard::split(self.listener, self.acceptor, self.config)
    }
}

/// `-f` naming this listener's own port on this machine would send every
/// request round until the headers grew too large: refuse it at the start.
fn refuse_forwarding_to_itself(base: &url::Url, local: SocketAddr) -> anyhow::Result<()> {
    let here = match base.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified() || IpAddr::V4(ip) == local.ip(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || ip.is_unspecified() || IpAddr::V6(ip) == local.ip(),
        None => false,
    };
    if here && base.port_or_known_default() == Some(local.port()) {
        return Err(crate::error::hinted(
            format!("-f {base} is this listener itself: every request would be forwarded back to it"),
            "forward to your app's port, e.g. -f 3000, and listen on another with --port",
        ));
    }
    Ok(())
}
