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
    /// Answers by status (`"200"`, …, or `"error"` for timeouts and connection failures).
    pub by_status: BTreeMap<String, usize>,
    latencies: Vec<Duration>,
}

impl Tally {
    /// Count one attempt.
    pub fn add(&mut self, a: &Attempt) {
        self.attempts += 1;
        let key = a.status.map_or_else(|| "error".to_string(), |s| s.to_string());
        *self.by_status.entry(key).or_default() += 1;
        if a.status.is_some() {
            self.latencies.push(a.latency);
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

    /// Latency percentile (0–100) over answered attempts, nearest-rank.
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        if self.latencies.is_empty() {
            return None;
        }
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
        sorted.get(rank - 1).copied()
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
            source: String::new(),
            provider: None,
            event: None,
            delivery_id: None,
            duplicate: false,
            url: String::new(),
            status,
            error: None,
            latency: Duration::from_millis(ms),
            response: None,
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
        assert_eq!(t.by_status.get("error"), Some(&1));
        assert_eq!(t.percentile(50.0), Some(Duration::from_millis(10)));
        assert_eq!(t.percentile(99.0), Some(Duration::from_millis(30)));
    }
}
