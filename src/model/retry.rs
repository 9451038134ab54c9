//! When to try a delivery again, as providers do: on 5xx, 429, timeouts and
//! connection errors, after a schedule of delays.

use std::time::Duration;

/// How the delays between attempts grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Strategy {
    /// base, 2×base, 4×base, …
    Exponential,
    /// base, base, base, …
    Fixed,
    /// base, base, 2×base, 3×base, 5×base, …
    Fibonacci,
}

/// The delays before the 2nd, 3rd, … attempts; empty means one attempt only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Delay before each retry.
    pub delays: Vec<Duration>,
}

impl RetryPolicy {
    /// `retries` retries growing by `strategy` from `base`.
    pub fn from_strategy(strategy: Strategy, base: Duration, retries: u32) -> RetryPolicy {
        let (mut a, mut b) = (1u32, 1u32);
        let delays = (0..retries)
            .map(|i| {
                let factor = match strategy {
                    Strategy::Exponential => 1u32.checked_shl(i).unwrap_or(u32::MAX),
                    Strategy::Fixed => 1,
                    Strategy::Fibonacci => {
                        let f = a;
                        (a, b) = (b, a.saturating_add(b));
                        f
                    }
                };
                base.saturating_mul(factor)
            })
            .collect();
        RetryPolicy { delays }
    }

    /// Total attempts allowed.
    pub fn attempts(&self) -> u32 {
        self.delays.len() as u32 + 1
    }

    /// The delay before attempt `next` (2-based), if there is one.
    pub fn delay_before(&self, next: u32) -> Option<Duration> {
        self.delays.get(next.checked_sub(2)? as usize).copied()
    }
}

/// True when a provider would try again after this answer.
pub fn retryable(status: Option<u16>) -> bool {
    match status {
        None => true, // timeout or connection error
        Some(s) => s == 429 || s >= 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules() {
        let s = Duration::from_secs;
        assert_eq!(
            RetryPolicy::from_strategy(Strategy::Exponential, s(1), 4).delays,
            [s(1), s(2), s(4), s(8)]
        );
        assert_eq!(
            RetryPolicy::from_strategy(Strategy::Fixed, s(2), 2).delays,
            [s(2), s(2)]
        );
        assert_eq!(
            RetryPolicy::from_strategy(Strategy::Fibonacci, s(1), 5).delays,
            [s(1), s(1), s(2), s(3), s(5)]
        );
        let p = RetryPolicy::from_strategy(Strategy::Fixed, s(1), 2);
        assert_eq!(
            (p.attempts(), p.delay_before(2), p.delay_before(4)),
            (3, Some(s(1)), None)
        );
        assert!(retryable(None) && retryable(Some(429)) && retryable(Some(503)) && !retryable(Some(404)));
    }
}
