//! Why an attempt got no answer, as a kind that stays the same from run to
//! run. The error text beside it names ports, durations and OS wording that
//! change between runs and machines; `--compare` compares the kind.

use serde::{Deserialize, Serialize};

/// The kind of failure of an attempt that got no answer; written to the
/// `--save-responses` file as `"failure"`, in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// No whole answer within `--timeout`.
    Timeout,
    /// The connection was refused: nothing listens on that port.
    Refused,
    /// No connection for another reason: unreachable, a name not found, a
    /// TLS handshake that failed.
    Connect,
    /// Connected, but the answer broke off, never came (the app closed the
    /// connection) or was not HTTP (a switch of protocols included).
    Broken,
    /// The answer's body is over what `hook replay` reads.
    TooLarge,
    /// hook could not send the request: a URL or header that cannot be sent,
    /// or a delivery that could not be made.
    NotSent,
}

impl Failure {
    /// The failure for people, in a difference line: `timed out`.
    pub fn describe(self) -> &'static str {
        match self {
            Failure::Timeout => "timed out",
            Failure::Refused => "connection refused",
            Failure::Connect => "cannot connect",
            Failure::Broken => "answer broke off",
            Failure::TooLarge => "answer too large",
            Failure::NotSent => "not sent",
        }
    }

    /// The name written in files and JSON lines: `timeout`.
    pub fn name(self) -> &'static str {
        match self {
            Failure::Timeout => "timeout",
            Failure::Refused => "refused",
            Failure::Connect => "connect",
            Failure::Broken => "broken",
            Failure::TooLarge => "too_large",
            Failure::NotSent => "not_sent",
        }
    }

    /// The kind of an exchange's error.
    pub fn of(e: &crate::http::outgoing::ExchangeError) -> Failure {
        use crate::http::outgoing::ExchangeError;
        match e {
            ExchangeError::BadTarget(_) => Failure::NotSent,
            ExchangeError::Connect { refused: true, .. } => Failure::Refused,
            ExchangeError::Connect { .. } => Failure::Connect,
            ExchangeError::TooLarge(_) => Failure::TooLarge,
            // After a switch the connection is no longer HTTP: no HTTP answer
            // came, as when one broke off, and `--compare` sees the same kind.
            ExchangeError::Broken(_) | ExchangeError::Switched => Failure::Broken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_one_serde_writes_and_reads() {
        use Failure::*;
        for f in [Timeout, Refused, Connect, Broken, TooLarge, NotSent] {
            let written = serde_json::to_value(f).unwrap();
            assert_eq!(written, f.name());
            assert_eq!(serde_json::from_value::<Failure>(written).unwrap(), f);
        }
    }
}
