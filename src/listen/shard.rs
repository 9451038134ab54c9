//! `hook listen` on one thread per core. Each shard is a thread with its own
//! single-threaded runtime that serves its connections to the end and hands
//! its captures to its own caller, so a request never crosses threads: only
//! a new connection does, once, from the first shard (which accepts them
//! all) to the shard serving the fewest.
//!
//! Why not tokio's multi-thread runtime: measured, it moves requests and
//! captures between threads, and those wake-ups cost more than the second
//! core gives back (bench/HISTORY.md).

use super::service::{self, Shared, State};
use super::{forward, ListenConfig, Pending};
use crate::http::origin::OriginClient;
use crate::model::Capture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// A connection on its way from the accepting shard to another.
type Handed = (std::net::TcpStream, SocketAddr);

/// One thread's share of `hook listen`: serve it on that thread's runtime.
pub struct Shard {
    shared: Arc<Shared>,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    /// One client per app requests may go to, as `ListenConfig::targets` lists them.
    clients: Vec<OriginClient>,
    source: Source,
    /// Connections this shard serves now.
    live: Arc<AtomicUsize>,
    pending: Pending,
}

/// Where a shard's connections come from.
enum Source {
    /// The listening socket, and the other shards to share connections with.
    Accept(std::net::TcpListener, Vec<Peer>),
    /// Connections the accepting shard hands over.
    Handed(UnboundedReceiver<Handed>),
}

/// Another shard, as the accepting shard sees it.
struct Peer {
    to: UnboundedSender<Handed>,
    live: Arc<AtomicUsize>,
}

/// Make `config.threads` shards (at least one) over one listening socket.
pub(super) fn split(
    listener: std::net::TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    config: ListenConfig,
) -> anyhow::Result<Vec<Shard>> {
    let clients = config
        .targets()
        .map(forward::client)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let threads = config.threads.max(1);
    let shared = Arc::new(Shared::new(config, acceptor.is_some()));
    let shard = |source, live| Shard {
        shared: shared.clone(),
        acceptor: acceptor.clone(),
        // A pooled connection to the app belongs to the runtime that opened it.
        clients: clients.iter().map(OriginClient::with_own_pool).collect(),
        source,
        live,
        pending: Pending::default(),
    };
    let mut peers = Vec::new();
    let mut others = Vec::new();
    for _ in 1..threads {
        let (to, from) = unbounded_channel();
        let live = Arc::new(AtomicUsize::new(0));
        peers.push(Peer { to, live: live.clone() });
        others.push(shard(Source::Handed(from), live));
    }
    let mut shards = vec![shard(Source::Accept(listener, peers), Arc::default())];
    shards.extend(others);
    Ok(shards)
}

impl Shard {
    /// The counter of this shard's captures on their way to its caller.
    pub fn pending(&self) -> Pending {
        self.pending.clone()
    }

    /// The counter of deliveries (of every shard) with `--retry` attempts
    /// still to come.
    pub fn retrying(&self) -> Pending {
        self.shared.retrying.clone()
    }

    /// Serve until `shutdown` completes (or, for a shard that is handed its
    /// connections, until the accepting shard stops), sending each capture
    /// to `events` in the order its request was answered. Run it on the
    /// runtime of the thread that is to serve this shard's connections.
    pub async fn serve(
        self,
        events: UnboundedSender<Capture>,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let config = &self.shared.config;
        let sink = spawn_sink(config.save.clone(), config.save_after, events);
        let state = Arc::new(State {
            shared: self.shared,
            clients: self.clients,
            sink,
            pending: self.pending,
        });
        let serving = Serving {
            state,
            acceptor: self.acceptor,
            live: self.live,
        };
        tokio::pin!(shutdown);
        match self.source {
            Source::Accept(listener, peers) => {
                let listener = TcpListener::from_std(listener)?;
                loop {
                    tokio::select! {
                        () = &mut shutdown => return Ok(()),
                        accepted = listener.accept() => {
                            let Ok((stream, remote)) = accepted else {
                                // Out of file descriptors or similar: let the pressure pass.
                                tokio::time::sleep(Duration::from_millis(50)).await;
                                continue;
                            };
                            let _ = stream.set_nodelay(true);
                            serving.share(stream, remote, &peers);
                        }
                    }
                }
            }
            Source::Handed(mut from) => loop {
                tokio::select! {
                    () = &mut shutdown => return Ok(()),
                    handed = from.recv() => {
                        let Some((stream, remote)) = handed else { return Ok(()) };
                        match TcpStream::from_std(stream) {
                            Ok(stream) => serving.spawn(stream, remote),
                            Err(_) => drop(Live(serving.live.clone())),
                        }
                    }
                }
            },
        }
    }
}

/// A shard at work: what each of its connections needs.
struct Serving {
    state: Arc<State>,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    live: Arc<AtomicUsize>,
}

impl Serving {
    /// Serve a new connection here or hand it to the shard serving the fewest
    /// (this one on a tie), so long-lived keep-alive connections spread evenly.
    fn share(&self, stream: TcpStream, remote: SocketAddr, peers: &[Peer]) {
        let mut fewest = self.live.load(Ordering::Relaxed);
        let mut chosen = None;
        for peer in peers {
            let live = peer.live.load(Ordering::Relaxed);
            if live < fewest {
                fewest = live;
                chosen = Some(peer);
            }
        }
        let Some(peer) = chosen else {
            self.live.fetch_add(1, Ordering::Relaxed);
            return self.spawn(stream, remote);
        };
        let Ok(stream) = stream.into_std() else { return };
        peer.live.fetch_add(1, Ordering::Relaxed);
        if let Err(back) = peer.to.send((stream, remote)) {
            // That shard's thread has ended: serve the connection here.
            peer.live.fetch_sub(1, Ordering::Relaxed);
            let (stream, remote) = back.0;
            if let Ok(stream) = TcpStream::from_std(stream) {
                self.live.fetch_add(1, Ordering::Relaxed);
                self.spawn(stream, remote);
            }
        }
    }

    /// Serve one connection, already counted in `live`, on this shard's runtime.
    fn spawn(&self, stream: TcpStream, remote: SocketAddr) {
        let counted = Live(self.live.clone());
        let (acceptor, state) = (self.acceptor.clone(), self.state.clone());
        tokio::spawn(async move {
            let _counted = counted;
            service::connection(stream, remote, acceptor, state).await;
        });
    }
}

/// One connection counted as live until dropped (it ended, or its task was dropped).
struct Live(Arc<AtomicUsize>);

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Saving and handing over happen here, in answer order, off the request path.
/// Without `--save`, captures go straight to the caller (one hand-over fewer per request).
/// Files are numbered `after + seq`, after those an earlier run left in the directory.
fn spawn_sink(save: Option<PathBuf>, after: u64, events: UnboundedSender<Capture>) -> UnboundedSender<Capture> {
    let Some(dir) = save else {
        return events;
    };
    let (tx, mut rx) = unbounded_channel::<Capture>();
    tokio::spawn(async move {
        while let Some(mut capture) = rx.recv().await {
            if let Some(fixture) = crate::fixture::to_keep(&mut capture) {
                let (dir, number) = (dir.clone(), after + capture.seq);
                let written = tokio::task::spawn_blocking(move || crate::fixture::save(&dir, number, &fixture)).await;
                crate::fixture::record_saved(&mut capture, written.unwrap_or_else(|e| Err(e.into())));
            }
            if events.send(capture).is_err() {
                return;
            }
        }
    });
    tx
}
