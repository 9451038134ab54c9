//! The relay's channels: who owns each, the live link to its tunnel, and the
//! queue of requests that arrived while no tunnel was connected (on disk with
//! `--data-dir`, written durably before the sender gets 202).

use super::protocol::{self, Header};
use bytes::Bytes;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// The tunnel's answer to a live request: the app's answer as it wrote it.
pub use crate::http::origin::RawAnswer as Answer;

/// What happens to an incoming request.
pub enum Ingress {
    /// Sent to the tunnel; the answer comes on this receiver (dropped if the link dies).
    Live(oneshot::Receiver<Answer>),
    /// Stored for later delivery.
    Queued,
    /// Refused with this status and reason.
    Refused(u16, String),
}

/// Why a tunnel cannot have a channel.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Another token claimed it.
    #[error("channel {0:?} belongs to another token")]
    Taken(String),
    /// A live tunnel holds it; try again when that link ends.
    #[error("channel {0:?} is held by another connected tunnel")]
    Busy(String),
    /// Not a usable name.
    #[error("channel name {0:?} is not 1–63 lowercase letters, digits or dashes")]
    BadName(String),
}

/// A connected tunnel, as the relay sees it.
pub struct Link {
    /// Distinguishes successive links of one channel.
    pub session: u64,
    /// Frames for the tunnel.
    pub tx: mpsc::Sender<Bytes>,
    pending: HashMap<u64, oneshot::Sender<Answer>>,
}

pub(super) struct Queued {
    pub id: u64,
    pub frame: Bytes,
}

#[derive(Default)]
pub(super) struct Channel {
    pub owner: [u8; 32],
    pub link: Option<Link>,
    pub queue: VecDeque<Queued>,
    pub queue_bytes: u64,
}

/// Something about a channel the relay's operator should hear (a queued file set aside).
pub struct Notice {
    /// The channel.
    pub channel: String,
    /// What happened, for people.
    pub message: String,
}

/// Limits on what waits for an offline tunnel.
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Requests per channel.
    pub max: usize,
    /// Bytes per channel.
    pub bytes: u64,
    /// Queue at all (`--offline queue`), or answer 503 (`--offline reject`).
    pub enabled: bool,
    /// Live requests in flight per channel.
    pub in_flight: usize,
}

/// All channels.
pub struct Store {
    channels: Mutex<HashMap<String, Channel>>,
    data_dir: Option<PathBuf>,
    next_id: AtomicU64,
    limits: QueueLimits,
    /// Digests of the tokens the relay accepts: only these protect a channel.
    tokens: Vec<[u8; 32]>,
    /// Serialises queue writes so requests are queued, and later delivered, in arrival order.
    queue_lock: tokio::sync::Mutex<()>,
}

impl Store {
    /// An empty store, or the one saved in `data_dir`, for a relay that
    /// accepts `tokens` (digests); also what loading it set aside, to report.
    pub fn open(
        data_dir: Option<PathBuf>,
        limits: QueueLimits,
        tokens: Vec<[u8; 32]>,
    ) -> anyhow::Result<(Arc<Store>, Vec<Notice>)> {
        let loaded = match &data_dir {
            Some(dir) => super::disk::load(dir)?,
            None => super::disk::Loaded {
                channels: HashMap::new(),
                max_id: 0,
                notes: Vec::new(),
            },
        };
        let store = Arc::new(Store {
            channels: Mutex::new(loaded.channels),
            data_dir,
            next_id: AtomicU64::new(loaded.max_id + 1),
            limits,
            tokens,
            queue_lock: tokio::sync::Mutex::new(()),
        });
        Ok((store, loaded.notes))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Channel>> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Deliver the tunnel's answer to the waiting sender.
    pub fn answer(&self, channel: &str, id: u64, answer: Answer) {
        let waiter = self
            .lock()
            .get_mut(channel)
            .and_then(|ch| ch.link.as_mut()?.pending.remove(&id));
        if let Some(w) = waiter {
            let _ = w.send(answer);
        }
    }

    /// A queued request was delivered: drop it, from disk too.
    pub fn ack(&self, channel: &str, id: u64) {
        let mut channels = self.lock();
        if let Some(ch) = channels.get_mut(channel) {
            if let Some(pos) = ch.queue.iter().position(|q| q.id == id) {
                if let Some(q) = ch.queue.remove(pos) {
                    ch.queue_bytes -= q.frame.len() as u64;
                }
                drop(channels);
                if let Some(dir) = &self.data_dir {
                    let _ = std::fs::remove_file(super::disk::queue_file(dir, channel, id));
                }
            }
        }
    }

    /// Route one incoming request.
    pub async fn ingress(&self, channel: &str, frame: RequestParts<'_>) -> Ingress {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        {
            let mut channels = self.lock();
            let Some(ch) = channels.get_mut(channel) else {
                return Ingress::Refused(404, format!("no channel {channel:?} on this relay"));
            };
            if let (Some(link), true) = (ch.link.as_mut(), ch.queue.is_empty()) {
                if link.pending.len() >= self.limits.in_flight {
                    return Ingress::Refused(503, "too many requests in flight for this channel".into());
                }
                let (tx, rx) = oneshot::channel();
                if link.tx.try_send(frame.encode(id, false)).is_err() {
                    return Ingress::Refused(503, "the tunnel is not keeping up".into());
                }
                link.pending.insert(id, tx);
                return Ingress::Live(rx);
            }
            if !self.limits.enabled {
                return Ingress::Refused(503, "no tunnel is connected to this channel".into());
            }
            if ch.queue.len() >= self.limits.max || ch.queue_bytes + frame.body.len() as u64 > self.limits.bytes {
                return Ingress::Refused(503, "the queue for this channel is full".into());
            }
        }
        let _order = self.queue_lock.lock().await;
        let bytes = frame.encode(id, true);
        if let Some(dir) = &self.data_dir {
            if let Err(e) = super::disk::write_durably(&super::disk::queue_file(dir, channel, id), &bytes) {
                return Ingress::Refused(503, format!("cannot store the request: {e}"));
            }
        }
        let mut channels = self.lock();
        let Some(ch) = channels.get_mut(channel) else {
            return Ingress::Refused(404, "channel vanished".into());
        };
        ch.queue_bytes += bytes.len() as u64;
        ch.queue.push_back(Queued {
            id,
            frame: bytes.clone(),
        });
        if let Some(link) = &ch.link {
            // Connected while the backlog drains: send it behind the backlog.
            let _ = link.tx.try_send(bytes);
        }
        Ingress::Queued
    }
}

/// A request before it has an id, borrowed: the relay still needs its
/// method and target after the frame is made, to answer and to show it.
pub struct RequestParts<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path and query.
    pub target: &'a str,
    /// Sender address.
    pub remote: &'a str,
    /// Headers.
    pub headers: &'a [Header],
    /// Body.
    pub body: &'a Bytes,
}

impl RequestParts<'_> {
    fn encode(&self, id: u64, queued: bool) -> Bytes {
        protocol::encode_request(
            id,
            queued,
            [self.method, self.target, self.remote],
            self.headers,
            self.body,
        )
    }
}

#[path = "store_claim.rs"]
mod claim;
pub use claim::{random_name, valid_name, Claimed};

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
