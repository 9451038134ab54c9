//! Timestamp formats providers use, and the tolerance check.

use super::verdict::Problem;
use serde::Serialize;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// Unix seconds, e.g. `1614265330`.
    UnixSeconds,
    /// Unix milliseconds (Linear).
    UnixMillis,
    /// RFC 3339 with nanoseconds (Twitch).
    Rfc3339,
}

impl TimeFormat {
    /// Write unix seconds in this format, or say why they cannot be: only
    /// what [`TimeFormat::parse`] reads back is written (milliseconds within
    /// an i64, RFC 3339 before the year 10000, past which humantime's writer
    /// fails).
    pub fn format(self, unix: i64) -> Result<String, String> {
        match self {
            TimeFormat::UnixSeconds => Ok(unix.to_string()),
            TimeFormat::UnixMillis => unix
                .checked_mul(1000)
                .map(|ms| ms.to_string())
                .ok_or_else(|| format!("{unix} is too far from 1970 to write in unix milliseconds")),
            TimeFormat::Rfc3339 => {
                if unix > LAST_RFC3339 {
                    return Err(format!("{unix} is after the year 9999, which RFC 3339 cannot write"));
                }
                let t = UNIX_EPOCH + Duration::from_secs(unix.max(0) as u64);
                Ok(humantime::format_rfc3339_nanos(t).to_string())
            }
        }
    }

    /// Parse into unix seconds, or say why it cannot be.
    pub fn parse(self, text: &str) -> Result<i64, String> {
        let text = text.trim();
        match self {
            TimeFormat::UnixSeconds => text
                .parse::<i64>()
                .map_err(|_| format!("{text:?} is not a whole number of unix seconds")),
            TimeFormat::UnixMillis => text
                .parse::<i64>()
                .map(|ms| ms.div_euclid(1000))
                .map_err(|_| format!("{text:?} is not unix milliseconds")),
            TimeFormat::Rfc3339 => humantime::parse_rfc3339_weak(text)
                .map(|t| match t.duration_since(UNIX_EPOCH) {
                    Ok(d) => d.as_secs() as i64,
                    Err(e) => -(e.duration().as_secs() as i64),
                })
                .map_err(|_| format!("{text:?} is not an RFC 3339 time")),
        }
    }
}

/// The last second RFC 3339 can write: 9999-12-31T23:59:59Z.
const LAST_RFC3339: i64 = 253_402_300_799;

/// How near `now` a timestamp read in the other unit must fall for a
/// mix-up of seconds and milliseconds to be the likely cause: a day.
const UNIT_MIXUP_WINDOW: i128 = 86_400;

impl TimeFormat {
    /// When a timestamp out of tolerance would be near `now` read in the
    /// other unit (seconds written where milliseconds belong, or the other
    /// way round), say so: the usual cause of a "55 years old" timestamp.
    pub fn unit_mixup(self, text: &str, now: i64) -> Option<String> {
        let value = i128::from(text.trim().parse::<i64>().ok()?);
        let near = |secs: i128| (secs - i128::from(now)).abs() <= UNIT_MIXUP_WINDOW;
        match self {
            TimeFormat::UnixMillis if near(value) => Some(format!(
                "the timestamp {value} is unix seconds, but this provider writes milliseconds: \
                 as milliseconds it is {}",
                value * 1000
            )),
            TimeFormat::UnixSeconds if near(value.div_euclid(1000)) => Some(format!(
                "the timestamp {value} is unix milliseconds, but this provider writes seconds: \
                 as seconds it is {}",
                value.div_euclid(1000)
            )),
            _ => None,
        }
    }
}

/// A provider's default timestamp tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tolerance {
    /// Maximum age (and future skew when `future` is set); `None` = no check.
    pub window: Option<Duration>,
    /// Whether timestamps in the future are also rejected (Stripe: no).
    pub future: bool,
}

impl Tolerance {
    /// No timestamp check.
    pub const NONE: Tolerance = Tolerance {
        window: None,
        future: false,
    };

    /// Reject timestamps more than `secs` away in either direction.
    pub const fn both(secs: u64) -> Tolerance {
        Tolerance {
            window: Some(Duration::from_secs(secs)),
            future: true,
        }
    }

    /// Reject timestamps older than `secs`; future ones pass (Stripe).
    pub const fn age(secs: u64) -> Tolerance {
        Tolerance {
            window: Some(Duration::from_secs(secs)),
            future: false,
        }
    }

    /// Apply a `--tolerance` override: zero turns the check off.
    pub fn overridden(self, given: Option<Duration>) -> Tolerance {
        match given {
            None => self,
            Some(d) if d.is_zero() => Tolerance::NONE,
            Some(d) => Tolerance {
                window: Some(d),
                future: self.future,
            },
        }
    }

    /// The problem with timestamp `ts` at `now`, if any. Computed in i128 so
    /// no timestamp, however absurd, can overflow past the check.
    pub fn check(self, ts: i64, now: i64) -> Option<Problem> {
        let window = self.window?.as_secs();
        let age = i128::from(now) - i128::from(ts);
        let secs = |d: i128| u64::try_from(d).unwrap_or(u64::MAX);
        if age > i128::from(window) {
            return Some(Problem::TimestampTooOld {
                age_secs: secs(age),
                tolerance_secs: window,
            });
        }
        if self.future && -age > i128::from(window) {
            return Some(Problem::TimestampInFuture {
                ahead_secs: secs(-age),
                tolerance_secs: window,
            });
        }
        None
    }

    /// Text for `hook providers`.
    pub fn label(self) -> String {
        match self.window {
            None => "none".into(),
            Some(d) if self.future => format!("±{}", human_duration(d)),
            Some(d) => format!("{} (age only)", human_duration(d)),
        }
    }
}

/// A duration as people write it, two units at most: `5m`, `12m 5s`, `2h 3m`, `1096d 16h`.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s == 0 && !d.is_zero() {
        return format!("{}ms", d.as_millis());
    }
    let (big, big_unit, small, small_unit) = match s {
        86_400.. => (s / 86_400, "d", s % 86_400 / 3600, "h"),
        3600.. => (s / 3600, "h", s % 3600 / 60, "m"),
        60.. => (s / 60, "m", s % 60, "s"),
        _ => return format!("{s}s"),
    };
    if small == 0 {
        format!("{big}{big_unit}")
    } else {
        format!("{big}{big_unit} {small}{small_unit}")
    }
}

/// The error for a signing time that a provider's timestamp format cannot write.
pub(crate) fn unwritable(provider: &str, why: &str) -> anyhow::Error {
    crate::error::hinted(
        format!("{provider} cannot sign with that timestamp: {why}"),
        "give --timestamp a unix time in seconds, e.g. --timestamp 1700000000",
    )
}

/// The current unix time in seconds.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip() {
        for f in [TimeFormat::UnixSeconds, TimeFormat::UnixMillis, TimeFormat::Rfc3339] {
            assert_eq!(f.parse(&f.format(1614265330).unwrap()), Ok(1614265330), "{f:?}");
        }
        assert_eq!(TimeFormat::Rfc3339.format(0).unwrap(), "1970-01-01T00:00:00.000000000Z");
        assert!(TimeFormat::UnixSeconds.parse("12a").is_err());
    }

    #[test]
    fn seconds_and_milliseconds_mixed_up_are_named() {
        let now = 1_700_000_000;
        let why = TimeFormat::UnixMillis.unit_mixup("1700000100", now).unwrap();
        assert!(
            why.contains("is unix seconds") && why.ends_with("1700000100000"),
            "{why}"
        );
        let why = TimeFormat::UnixSeconds.unit_mixup("1699999000123", now).unwrap();
        assert!(
            why.contains("is unix milliseconds") && why.ends_with("1699999000"),
            "{why}"
        );
        // Far off in either unit, or not a number: no guess.
        assert_eq!(TimeFormat::UnixMillis.unit_mixup("1500000000", now), None);
        assert_eq!(TimeFormat::UnixSeconds.unit_mixup("1700000000", now), None);
        assert_eq!(TimeFormat::Rfc3339.unit_mixup("1700000000", now), None);
        assert_eq!(TimeFormat::UnixSeconds.unit_mixup("x", now), None);
    }

    #[test]
    fn durations_read_well() {
        let h = |s| human_duration(Duration::from_secs(s));
        assert_eq!(
            [h(0), h(59), h(300), h(725), h(7380), h(94_712_940)],
            ["0s", "59s", "5m", "12m 5s", "2h 3m", "1096d 5h"]
        );
    }

    #[test]
    fn tolerance_directions() {
        let stripe = Tolerance::age(300);
        assert_eq!(stripe.check(1000, 1300), None);
        assert!(matches!(
            stripe.check(1000, 1301),
            Some(Problem::TimestampTooOld { age_secs: 301, .. })
        ));
        assert_eq!(stripe.check(5000, 1000), None, "stripe accepts future timestamps");
        assert!(matches!(
            stripe.check(i64::MIN, 1000),
            Some(Problem::TimestampTooOld { .. })
        ));
        assert!(matches!(
            Tolerance::both(300).check(i64::MAX, i64::MIN),
            Some(Problem::TimestampInFuture { .. })
        ));
        let slack = Tolerance::both(300);
        assert!(matches!(
            slack.check(5000, 1000),
            Some(Problem::TimestampInFuture { ahead_secs: 4000, .. })
        ));
        assert_eq!(slack.overridden(Some(Duration::ZERO)).check(0, 100000), None);
        assert!(Tolerance::NONE
            .overridden(Some(Duration::from_secs(5)))
            .check(0, 6)
            .is_some());
    }
}
