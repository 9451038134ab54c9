//! The result of checking a request: valid or not, why, and what probably went wrong.

use super::timestamp::human_duration;
use serde::Serialize;
use std::time::Duration;

/// The outcome of verifying one request.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Provider whose scheme was checked.
    pub provider: String,
    /// True when a signature matched and the timestamp is within tolerance.
    pub valid: bool,
    /// Which secret and header matched, when one did.
    pub matched: Option<Match>,
    /// Why the request is invalid; empty when valid.
    pub problems: Vec<Problem>,
    /// Diagnoses of the likely cause, and remarks on a valid request.
    pub findings: Vec<Finding>,
    /// 0-based positions of the secrets not tried (another provider's).
    #[serde(skip)]
    pub skipped: Vec<usize>,
    /// How a signature that matched no secret was worked out, for `hook
    /// verify -v`; `None` when it matched, or the scheme cannot say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workings: Option<Workings>,
}

/// The bytes a scheme signed and each secret's signature of them, beside
/// the signature received: what a user compares with their own code's.
/// Signatures only, never a secret: each is a MAC of this one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workings {
    /// The signed bytes described: text quoted, the body by its size
    /// (`"v0:1700000000:" + body (42 bytes)`).
    pub signed: String,
    /// The header the signature came in.
    pub header: String,
    /// The signatures it carried, without the scheme's prefix (`sha256=`, `v1=`).
    pub received: Vec<String>,
    /// What each usable secret gives, in the same form.
    pub expected: Vec<Expected>,
    /// True for a public-key scheme (Discord, SendGrid): a public key
    /// checks a signature but cannot make one, so `expected` is empty.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub public_key: bool,
}

impl Workings {
    /// A public-key scheme's workings: `timestamp` + body signed, what was
    /// received, and nothing expected.
    pub fn public_key(timestamp: &str, body: &[u8], header: &str, received: &str) -> Workings {
        Workings {
            signed: format!(
                "{} + body ({} bytes)",
                Workings::quoted(timestamp.as_bytes()),
                body.len()
            ),
            header: header.to_string(),
            received: vec![received.trim().to_string()],
            expected: Vec::new(),
            public_key: true,
        }
    }

    /// Signed text quoted, cut after 300 characters with the whole size
    /// said: a long form should not flood the screen.
    pub fn quoted(bytes: &[u8]) -> String {
        const SHOWN: usize = 300;
        let text = String::from_utf8_lossy(bytes);
        match text.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{:?}… ({} bytes)", &text[..cut], bytes.len()),
            None => format!("{text:?}"),
        }
    }
}

/// One secret's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// 1-based position of the secret among those given.
    pub secret: usize,
    /// The signature it gives, encoded as the provider sends it.
    pub signature: String,
}

impl Verdict {
    /// A verdict with no problems yet.
    pub fn new(provider: &str) -> Self {
        Verdict {
            provider: provider.to_string(),
            valid: false,
            matched: None,
            problems: Vec::new(),
            findings: Vec::new(),
            skipped: Vec::new(),
            workings: None,
        }
    }

    /// Record a problem (makes the verdict invalid).
    pub fn problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// Note that secret `index` (0-based) was not tried, and `why`: one
    /// listener or replay may hold secrets meant for other providers.
    pub fn secret_skipped(&mut self, index: usize, why: &str) {
        self.skipped.push(index);
        self.finding("secret_skipped", format!("secret #{} was not tried: {why}", index + 1));
    }

    /// Record a diagnosis or remark.
    pub fn finding(&mut self, code: &'static str, message: impl Into<String>) {
        self.findings.push(Finding {
            code,
            message: message.into(),
        });
    }

    /// Settle `valid` from the recorded match and problems.
    pub fn settle(mut self) -> Self {
        self.valid = self.matched.is_some() && self.problems.is_empty();
        self
    }
}

/// Which secret matched which header.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// 1-based position of the secret among those given.
    pub secret: usize,
    /// How many secrets were given.
    pub of: usize,
    /// The header that carried the matching signature.
    pub header: String,
}

/// A reason a request is invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    /// A header the scheme needs is absent.
    #[error("missing header {header}")]
    MissingHeader {
        /// Header name.
        header: String,
    },
    /// A header is present but cannot be parsed.
    #[error("malformed header {header}: {why}")]
    MalformedHeader {
        /// Header name.
        header: String,
        /// What is wrong with it.
        why: String,
    },
    /// A body field the scheme needs is absent (Mailgun signs in the body).
    #[error("missing body field {field}")]
    MissingField {
        /// Field name, e.g. `signature.token`.
        field: String,
    },
    /// A body field is present but cannot be parsed.
    #[error("malformed body field {field}: {why}")]
    MalformedField {
        /// Field name.
        field: String,
        /// What is wrong with it.
        why: String,
    },
    /// The timestamp is older than the tolerance allows.
    #[error("timestamp is {} old, more than the {} tolerance", human_duration(Duration::from_secs(*.age_secs)), human_duration(Duration::from_secs(*.tolerance_secs)))]
    TimestampTooOld {
        /// Age in seconds.
        age_secs: u64,
        /// Allowed age in seconds.
        tolerance_secs: u64,
    },
    /// The timestamp is further in the future than the tolerance allows.
    #[error("timestamp is {} in the future, more than the {} tolerance (is a clock wrong?)", human_duration(Duration::from_secs(*.ahead_secs)), human_duration(Duration::from_secs(*.tolerance_secs)))]
    TimestampInFuture {
        /// Seconds ahead of now.
        ahead_secs: u64,
        /// Allowed skew in seconds.
        tolerance_secs: u64,
    },
    /// No signature matches any secret.
    #[error("signature matches none of the {secrets} secret(s) given")]
    NoMatch {
        /// How many secrets were tried.
        secrets: usize,
    },
    /// The body's SHA-256 differs from the one the sender signed (Twilio JSON).
    #[error("body SHA-256 differs from bodySHA256 in the URL: the body changed after signing")]
    BodyHashMismatch,
}

/// A diagnosis or remark, with a stable code for scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable identifier, e.g. `body_reencoded`.
    pub code: &'static str,
    /// Sentence for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_well_and_serialise_with_codes() {
        let p = Problem::TimestampTooOld {
            age_secs: 725,
            tolerance_secs: 300,
        };
        assert_eq!(p.to_string(), "timestamp is 12m 5s old, more than the 5m tolerance");
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"code\":\"timestamp_too_old\""), "{json}");
    }

    #[test]
    fn settle_needs_match_and_no_problem() {
        let mut v = Verdict::new("github");
        assert!(!v.clone().settle().valid);
        v.matched = Some(Match {
            secret: 1,
            of: 1,
            header: "X-Hub-Signature-256".into(),
        });
        assert!(v.clone().settle().valid);
        v.problem(Problem::NoMatch { secrets: 1 });
        assert!(!v.settle().valid);
    }
}
