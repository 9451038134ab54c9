//! Running a plan: deliveries `--concurrency` at a time, on one thread, or on
//! one thread per core when the run is large enough to gain from it.

use super::{deliver, plan::Plan, Attempt, ReplayConfig};
use crate::http::origin::OriginClient;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc::UnboundedSender, oneshot};

/// Below this many deliveries per extra thread, a run is over before a
/// second thread (about a tenth of a millisecond to start) pays for itself.
const PER_EXTRA_SHARD: usize = 256;

/// Send every delivery, `concurrency` at a time, reporting each attempt.
/// Each delivery is made just before it is sent; an error making one stops
/// the run after the deliveries already under way (and is returned).
///
/// A large run with `--concurrency` of 2 or more and no `--rate` is split
/// into `threads` shards ([`threads_for`]), each on its own thread with a
/// single-threaded runtime, its share of the concurrency and connections of
/// its own. Shards claim deliveries in sending order from one shared counter,
/// so the shard on the calling thread, which also prints, takes fewer. A load
/// generator on one thread is capped by that thread (wrk runs two), and
/// tokio's work-stealing runtime measured slower than one thread here:
/// shards share nothing on the hot path but that counter. The attempts of
/// all shards come to `events`, as from one.
pub async fn run(
    cfg: ReplayConfig,
    plan: Plan,
    client: OriginClient,
    events: UnboundedSender<Attempt>,
    threads: usize,
) -> anyhow::Result<()> {
    let n = threads.max(1);
    let (cfg, plan) = (Arc::new(cfg), Arc::new(plan));
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let mut others = Vec::with_capacity(n - 1);
    for k in 1..n {
        let (tx, rx) = oneshot::channel();
        let work = Shard {
            cfg: cfg.clone(),
            plan: plan.clone(),
            k,
            n,
            client: Arc::new(client.with_own_pool()),
            events: events.clone(),
            stop: stop.clone(),
            next: next.clone(),
        };
        let thread = std::thread::Builder::new().name(format!("replay-{k}")).spawn(move || {
            let made = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt.block_on(work.send_all()),
                Err(e) => {
                    work.stop.store(true, Ordering::Relaxed);
                    Err(anyhow::anyhow!("starting a sending thread's runtime: {e}"))
                }
            };
            let _ = tx.send(made);
        });
        match thread {
            Ok(_) => others.push(rx),
            // Like an error making a delivery: the deliveries under way
            // finish, no new one starts, and the run reports why.
            Err(e) => {
                stop.store(true, Ordering::Relaxed);
                others.push(oneshot_err(anyhow::anyhow!("starting a sending thread: {e}")));
            }
        }
    }
    let mine = Shard {
        cfg,
        plan,
        k: 0,
        n,
        client: Arc::new(client),
        events,
        stop,
        next,
    };
    let mut outcome = mine.send_all().await;
    for rx in others {
        let theirs = rx
            .await
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a sending thread stopped unexpectedly")));
        if outcome.is_ok() {
            outcome = theirs;
        }
    }
    outcome
}

/// How many threads [`run`] sends on: one per core, at most one per delivery
/// in flight, none extra for a small run or a `--rate` run.
pub fn threads_for(cfg: &ReplayConfig, deliveries: usize) -> usize {
    if cfg.rate.is_some() {
        // One pacer keeps the rate exact; a rated run is light anyway.
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let by_size = 1 + deliveries / PER_EXTRA_SHARD;
    cores.min(cfg.concurrency).min(by_size).max(1)
}

/// The wait between two deliveries at `rate` per second: never zero, which
/// tokio's interval refuses, and at most [`LONGEST_WAIT`], which a clock
/// reading can still be added to. `config` refuses rates outside that; this
/// keeps the engine from panicking whatever rate it is given.
fn period(rate: f64) -> Duration {
    Duration::try_from_secs_f64(1.0 / rate)
        .unwrap_or(LONGEST_WAIT)
        .clamp(Duration::from_nanos(1), LONGEST_WAIT)
}

/// About 136 years: far beyond any run, far below what overflows an `Instant`.
const LONGEST_WAIT: Duration = Duration::from_secs(u32::MAX as u64);

/// What a shard sends next: the second copy of a `--duplicate` delivery, or
/// the delivery of a fresh claim, not made yet.
enum Next {
    Copy(super::plan::Delivery),
    Claimed(usize),
}

fn oneshot_err(e: anyhow::Error) -> oneshot::Receiver<anyhow::Result<()>> {
    let (tx, rx) = oneshot::channel();
    let _ = tx.send(Err(e));
    rx
}

/// What one shard sends, and with what.
struct Shard {
    cfg: Arc<ReplayConfig>,
    plan: Arc<Plan>,
    k: usize,
    n: usize,
    /// Shared by the shard's tasks, not cloned per delivery: a clone copies four strings.
    client: Arc<OriginClient>,
    events: UnboundedSender<Attempt>,
    /// Set by the shard that fails to make a delivery; every shard then stops starting new ones.
    stop: Arc<AtomicBool>,
    /// The next delivery to claim, shared by every shard.
    next: Arc<AtomicUsize>,
}

impl Shard {
    /// The shard's deliveries, its share of `--concurrency` at a time.
    async fn send_all(self) -> anyhow::Result<()> {
        let cfg = &self.cfg;
        let share = cfg.concurrency.max(1) / self.n + usize::from(self.k < cfg.concurrency.max(1) % self.n);
        let gate = Arc::new(tokio::sync::Semaphore::new(share.max(1)));
        // The first delivery goes at once, each later one a period after the
        // one before: the wait comes between deliveries, never after the last.
        let mut pace = cfg.rate.map(|r| {
            let period = period(r);
            tokio::time::interval_at(tokio::time::Instant::now() + period, period)
        });
        let mut tasks = tokio::task::JoinSet::new();
        let mut outcome = Ok(());
        // The second copy of a `--duplicate` delivery, made with the first.
        let mut copy = None;
        let mut started = false;
        while !self.stop.load(Ordering::Relaxed) {
            // Room first, then the claim: a shard holds no delivery another could be sending.
            let Ok(permit) = gate.clone().acquire_owned().await else {
                break;
            };
            let next = match copy.take() {
                Some(d) => Next::Copy(d),
                None => match self.plan.claim(&self.next) {
                    Some(i) => Next::Claimed(i),
                    None => break,
                },
            };
            // The pace's wait: none before the first delivery, and only once
            // another is known to follow, so none after the last; and before
            // the delivery is made, so its fresh ids and times are not a
            // period old when it is sent.
            if let (Some(p), true) = (pace.as_mut(), started) {
                p.tick().await;
            }
            started = true;
            let d = match next {
                Next::Copy(d) => d,
                Next::Claimed(i) => match self.plan.make(cfg, i) {
                    Ok((d, second)) => {
                        copy = second;
                        d
                    }
                    Err(e) => {
                        self.stop.store(true, Ordering::Relaxed);
                        outcome = Err(e);
                        break;
                    }
                },
            };
            let (cfg, client, events) = (cfg.clone(), self.client.clone(), self.events.clone());
            tasks.spawn(async move {
                // Boxed where it starts: the attempts' state (the exchange, its
                // timeout) is ~1.7 KiB, and a future held inline is copied
                // whole each time it moves on its way into the task (callgrind:
                // 7 % of replay's instructions were those copies).
                Box::pin(deliver(&cfg, &d, &client, &events)).await;
                drop(permit);
            });
            // A finished task stays in the set until joined: reap as we go, or a
            // long run holds every delivery's task until the end.
            while tasks.try_join_next().is_some() {}
        }
        while tasks.join_next().await.is_some() {}
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_never_zero_nor_endless() {
        assert_eq!(period(10.0), Duration::from_millis(100));
        assert_eq!(period(4e9), Duration::from_nanos(1));
        assert_eq!(period(f64::INFINITY), Duration::from_nanos(1));
        assert_eq!(period(0.0), LONGEST_WAIT);
        assert_eq!(period(f64::NAN), LONGEST_WAIT);
        assert_eq!(period(1.0 / 3600.0).as_secs(), 3600);
    }
}
