//! Counting attempts into the end-of-run summary.

use super::Attempt;
use std::collections::BTreeMap;
use std::time::Duration;

/// The run so far.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Deliveries finished.
    pub deliveries: usize,
    /// Attempts made.
    pub attempts: usize,
    /// Deliveries whose last answer was the expected one.
    pub ok: usize,
    /// Answers by status code.
    statuses: BTreeMap<u16, usize>,
    /// Attempts that got no answer (timeouts, connection failures).
    errors: usize,
    latencies: Vec<Duration>,
}

impl Tally {
    /// Count one attempt.
    pub fn add(&mut self, a: &Attempt) {
        self.attempts += 1;
        match a.status {
            Some(status) => {
                *self.statuses.entry(status).or_default() += 1;
                self.latencies.push(a.latency);
            }
            None => self.errors += 1,
        }
        if a.last {
            self.deliveries += 1;
            self.ok += usize::from(a.ok);
        }
    }

    /// Deliveries that did not get the expected answer.
    pub fn failed(&self) -> usize {
        self.deliveries - self.ok
    }

    /// Answers by status (`"200"`, …, then `"error"` for timeouts and connection failures).
    pub fn by_status(&self) -> BTreeMap<String, usize> {
        let mut out: BTreeMap<String, usize> = self.statuses.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        if self.errors > 0 {
            out.insert("error".into(), self.errors);
        }
        out
    }

    /// Latency percentile (0–100) over answered attempts, nearest-rank.
    /// Selects rather than sorts: a long `--repeat` run holds a latency per
    /// attempt, and the summary asks for several percentiles.
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        if self.latencies.is_empty() {
            return None;
        }
        let mut all = self.latencies.clone();
        let rank = ((p / 100.0) * all.len() as f64).ceil().clamp(1.0, all.len() as f64) as usize;
        Some(*all.select_nth_unstable(rank - 1).1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(status: Option<u16>, ms: u64, last: bool, ok: bool) -> Attempt {
        Attempt {
            delivery: 1,
            attempt: 1,
            of: 1,
            source: "".into(),
            provider: None,
            event: None,
            delivery_id: None,
            duplicate: false,
            url: String::new(),
            status,
            error: None,
            failure: None,
            latency: Duration::from_millis(ms),
            response: None,
            response_headers: Vec::new(),
            retry_in: None,
            last,
            ok,
        }
    }

    #[test]
    fn counts_and_percentiles() {
        let mut t = Tally::default();
        t.add(&attempt(Some(500), 30, false, false));
        t.add(&attempt(Some(200), 10, true, true));
        t.add(&attempt(None, 0, true, false));
        assert_eq!((t.deliveries, t.attempts, t.ok, t.failed()), (2, 3, 1, 1));
        assert_eq!(t.by_status().get("error"), Some(&1));
        assert_eq!(t.percentile(50.0), Some(Duration::from_millis(10)));
        assert_eq!(t.percentile(99.0), Some(Duration::from_millis(30)));
    }

    #[test]
    fn percentiles_equal_nearest_rank_of_the_sorted_latencies() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for n in [1usize, 2, 3, 10, 101, 1000] {
            let mut t = Tally::default();
            for _ in 0..n {
                t.add(&attempt(Some(200), rng.gen_range(0..50), true, true));
            }
            let mut sorted = t.latencies.clone();
            sorted.sort();
            for p in [0.0, 1.0, 50.0, 90.0, 99.0, 99.9, 100.0] {
                let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
                assert_eq!(t.percentile(p), Some(sorted[rank - 1]), "n {n} p {p}");
            }
        }
    }

    #[test]
    fn statuses_are_listed_in_order_with_errors_last() {
        let mut t = Tally::default();
        for status in [Some(503), None, Some(200), Some(404), Some(200)] {
            t.add(&attempt(status, 1, true, false));
        }
        let listed: Vec<(String, usize)> = t.by_status().into_iter().collect();
        let expected = [("200", 2), ("404", 1), ("503", 1), ("error", 1)];
        assert_eq!(listed, expected.map(|(s, n)| (s.to_string(), n)));
    }
}
