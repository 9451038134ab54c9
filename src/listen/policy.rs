//! Per-delivery memory: which ids were seen (duplicates), how many attempts
//! each delivery made (fail-first), and the seeded coin for fail-rate.

use super::FaultConfig;
use crate::inspect::SeenDeliveries;
use crate::model::Capture;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// Remembered attempt counts are forgotten past this many, so a long run stays bounded in memory.
const MEMORY: usize = 100_000;

/// Shared by all request handlers; each lock is held for a few instructions.
pub(super) struct Policy {
    seen: Mutex<SeenDeliveries>,
    attempts: Mutex<HashMap<String, u32>>,
    coin: Mutex<StdRng>,
    fail_first: u32,
    fail_rate: f64,
}

impl Policy {
    pub fn new(f: &FaultConfig) -> Policy {
        let coin = match f.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_entropy(),
        };
        Policy {
            seen: Mutex::new(SeenDeliveries::default()),
            attempts: Mutex::new(HashMap::new()),
            coin: Mutex::new(coin),
            fail_first: f.fail_first,
            fail_rate: f.fail_rate,
        }
    }

    /// Set `c.duplicate`: whether its provider's delivery id arrived before.
    pub fn flag_duplicate(&self, c: &mut Capture) {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).flag(c);
    }

    /// Why this request must fail on purpose, if it must.
    pub fn fault(&self, c: &Capture) -> Option<String> {
        if self.fail_first > 0 {
            let key = match &c.delivery_id {
                Some(id) => format!("{}\0{id}", c.provider.as_deref().unwrap_or("")),
                None => hex::encode(Sha256::digest(&c.body)),
            };
            let mut attempts = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
            if attempts.len() >= MEMORY {
                attempts.clear();
            }
            let n = attempts.entry(key).or_insert(0);
            *n += 1;
            if *n <= self.fail_first {
                return Some(format!(
                    "--fail-first {}: attempt {} of this delivery, answered 500",
                    self.fail_first, n
                ));
            }
        }
        if self.fail_rate > 0.0 && self.coin.lock().unwrap_or_else(|p| p.into_inner()).gen::<f64>() < self.fail_rate {
            return Some(format!("--fail-rate {}: answered 500", self.fail_rate));
        }
        None
    }
}
