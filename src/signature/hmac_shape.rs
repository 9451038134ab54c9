//! The parts an HMAC provider is described by: how its signature header is
//! written, where its timestamp travels, how its delivery ids look, and the
//! compatibility header some send alongside.

use super::mac::Algorithm;
use super::timestamp::TimeFormat;

/// How the signature header's value is built.
#[derive(Debug, Clone, Copy)]
pub enum SignatureFormat {
    /// `PREFIX<sig>` (GitHub `sha256=…`, Shopify bare base64).
    Single {
        /// Header name.
        header: &'static str,
        /// Text before the signature.
        prefix: &'static str,
    },
    /// `PREFIX<sig>SEP PREFIX<sig>` (Standard Webhooks `v1,…` space-separated, PagerDuty `v1=…,`).
    List {
        /// Header name.
        header: &'static str,
        /// Text before each signature.
        prefix: &'static str,
        /// Between entries.
        separator: &'static str,
    },
    /// `t=<ts>,v1=<sig>[,v1=<sig>]` (Stripe, Mux, Calendly; Paddle with `ts`/`h1`/`;`).
    Keyed {
        /// Header name.
        header: &'static str,
        /// Key of the timestamp entry.
        ts_key: &'static str,
        /// Key of each signature entry.
        sig_key: &'static str,
        /// Between entries.
        separator: char,
    },
}

impl SignatureFormat {
    /// The signature header's name.
    pub fn header(&self) -> &'static str {
        match *self {
            SignatureFormat::Single { header, .. }
            | SignatureFormat::List { header, .. }
            | SignatureFormat::Keyed { header, .. } => header,
        }
    }
}

/// Where the timestamp travels.
#[derive(Debug, Clone, Copy)]
pub enum TimestampSource {
    /// No timestamp.
    None,
    /// Its own header.
    Header(&'static str, TimeFormat),
    /// Inside the signature header (`Keyed` format).
    InSignature,
    /// A JSON body field, with a header as fallback (Linear's `webhookTimestamp`).
    BodyField {
        /// Top-level JSON field.
        field: &'static str,
        /// Header sent alongside.
        header: &'static str,
        /// Format of both.
        format: TimeFormat,
    },
}

/// How fresh delivery ids look.
#[derive(Debug, Clone, Copy)]
pub enum IdStyle {
    /// A random UUID v4.
    Uuid,
    /// A prefix and 27 random base62 characters (`msg_…`).
    Prefixed(&'static str),
    /// A random decimal number.
    Digits,
}

impl IdStyle {
    /// A fresh random id in this style.
    pub fn fresh(self) -> String {
        use rand::distributions::{Alphanumeric, DistString};
        use rand::Rng;
        match self {
            IdStyle::Uuid => crate::fixture::fresh::random_uuid(),
            IdStyle::Prefixed(p) => format!("{p}{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 27)),
            IdStyle::Digits => rand::thread_rng().gen_range(100_000..100_000_000u64).to_string(),
        }
    }
}

/// A second signature header sent for compatibility (GitHub's SHA-1 `X-Hub-Signature`).
#[derive(Debug, Clone, Copy)]
pub struct Legacy {
    /// Header name.
    pub header: &'static str,
    /// Its algorithm.
    pub algorithm: Algorithm,
    /// Text before the signature.
    pub prefix: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_have_the_provider_style() {
        assert_eq!(IdStyle::Uuid.fresh().len(), 36);
        let m = IdStyle::Prefixed("msg_").fresh();
        assert!(m.starts_with("msg_") && m.len() == 31);
        assert!(IdStyle::Digits.fresh().chars().all(|c| c.is_ascii_digit()));
        assert_ne!(IdStyle::Uuid.fresh(), IdStyle::Uuid.fresh());
    }
}
