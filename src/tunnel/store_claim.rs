//! Channel names, and who may hold a channel: the token that claimed it,
//! one live link at a time. A channel whose token the relay no longer
//! accepts (its tokens changed across a restart with `--data-dir`) is
//! orphaned, and the next current token to claim it takes it.

use super::{Channel, Link, Refusal, Store};
use bytes::Bytes;
use std::collections::HashMap;
use tokio::sync::mpsc;

/// True for names a channel may have.
pub fn valid_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A fresh channel name with 130 bits of randomness (26 base-32 characters).
pub fn random_name() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut rng = rand::thread_rng();
    (0..26).map(|_| ALPHABET[rng.gen_range(0..32)] as char).collect()
}

/// A channel given to a tunnel.
#[derive(Debug)]
pub struct Claimed {
    /// The channel's name.
    pub name: String,
    /// Its queue, to send first, in order.
    pub backlog: Vec<Bytes>,
    /// True when it was orphaned (its token is no longer accepted) and this tunnel's token took it.
    pub adopted: bool,
}

impl Store {
    /// Give `requested` (or a fresh channel) to the tunnel holding `owner`, a
    /// token the relay accepts.
    pub fn claim(
        &self,
        owner: [u8; 32],
        requested: &str,
        session: u64,
        tx: mpsc::Sender<Bytes>,
    ) -> Result<Claimed, Refusal> {
        let name = if requested.is_empty() {
            random_name()
        } else {
            requested.to_string()
        };
        if !valid_name(&name) {
            return Err(Refusal::BadName(name));
        }
        let mut channels = self.lock();
        let fresh = !channels.contains_key(&name);
        let ch = channels.entry(name.clone()).or_insert_with(|| Channel {
            owner,
            ..Channel::default()
        });
        // Only a token still accepted protects a channel: one that was removed
        // cannot connect again, and would hold the name (and its queue) forever.
        let adopted = ch.owner != owner && !self.tokens.contains(&ch.owner);
        if ch.owner != owner && !adopted {
            return Err(Refusal::Taken(name));
        }
        // Two live tunnels on one channel would take it from each other forever;
        // a reconnecting tunnel waits (and retries) until its stale link is dropped.
        if ch.link.is_some() {
            return Err(Refusal::Busy(name));
        }
        ch.owner = owner;
        ch.link = Some(Link {
            session,
            tx,
            pending: HashMap::new(),
        });
        let backlog = ch.queue.iter().map(|q| q.frame.clone()).collect();
        drop(channels);
        if fresh || adopted {
            self.persist_owner(&name, owner);
        }
        Ok(Claimed { name, backlog, adopted })
    }

    /// Forget a link when it ends (unless a newer one replaced it).
    pub fn release(&self, channel: &str, session: u64) {
        if let Some(ch) = self.lock().get_mut(channel) {
            if ch.link.as_ref().is_some_and(|l| l.session == session) {
                ch.link = None;
            }
        }
    }

    fn persist_owner(&self, channel: &str, owner: [u8; 32]) {
        if let Some(dir) = &self.data_dir {
            let path = dir.join("channels").join(channel).join("owner");
            let _ = super::super::disk::write_durably(&path, hex::encode(owner).as_bytes());
        }
    }
}
