//! Reading what a template-HMAC signature header carries: its timestamp and
//! signatures, or why it cannot be read.

use super::hmac_scheme::{HmacScheme, SignatureFormat};
use super::mac::Algorithm;
use super::verdict::{Problem, Verdict};
use super::VerifyInput;

/// What the signature header carried.
pub(super) struct Carried {
    pub header: &'static str,
    pub timestamp: Option<String>,
    pub signatures: Vec<String>,
    pub algorithm: Algorithm,
}

/// Find and parse the signature header, recording a problem when it is absent or malformed.
pub(super) fn read_signature(s: &HmacScheme, input: &VerifyInput, v: &mut Verdict) -> Option<Carried> {
    let primary = s.signature.header();
    let (header, raw, algorithm) = match (input.headers.get(primary), s.legacy) {
        (Some(raw), _) => (primary, raw, s.algorithm),
        (None, Some(l)) if input.headers.contains(l.header) => (l.header, input.headers.get(l.header)?, l.algorithm),
        (None, _) => {
            v.problem(Problem::MissingHeader { header: primary.into() });
            return None;
        }
    };
    let prefix_of_legacy = s.legacy.filter(|l| l.header == header).map(|l| l.prefix);
    match parse_value(s.signature, prefix_of_legacy, raw.trim()) {
        Ok((timestamp, signatures)) => Some(Carried {
            header,
            timestamp,
            signatures,
            algorithm,
        }),
        Err(why) => {
            v.problem(Problem::MalformedHeader {
                header: header.into(),
                why,
            });
            None
        }
    }
}

/// Split a signature header value into its timestamp and signatures.
fn parse_value(
    format: SignatureFormat,
    legacy_prefix: Option<&str>,
    raw: &str,
) -> Result<(Option<String>, Vec<String>), String> {
    let strip = |entry: &str, prefix: &str| -> Result<String, String> {
        entry
            .strip_prefix(prefix)
            .map(String::from)
            .ok_or_else(|| format!("expected it to start with {prefix:?}"))
    };
    match format {
        // `raw` is trimmed, as HTTP trims a header value: so is the start of
        // the prefix (a generic `--prefix ' sha='`), or it never matches.
        SignatureFormat::Single { prefix, .. } => {
            Ok((None, vec![strip(raw, legacy_prefix.unwrap_or(prefix).trim_start())?]))
        }
        SignatureFormat::List { prefix, separator, .. } => {
            let entries: Vec<&str> = match separator.trim() {
                "" => raw.split_whitespace().collect(),
                sep => raw.split(sep).map(str::trim).filter(|e| !e.is_empty()).collect(),
            };
            let sigs: Vec<String> = entries
                .iter()
                .filter_map(|e| e.strip_prefix(prefix).map(String::from))
                .collect();
            if sigs.is_empty() {
                return Err(format!("no entry starts with {prefix:?}"));
            }
            Ok((None, sigs))
        }
        SignatureFormat::Keyed {
            ts_key,
            sig_key,
            separator,
            ..
        } => {
            let mut ts = None;
            let mut sigs = Vec::new();
            for entry in raw.split(separator) {
                match entry.trim().split_once('=') {
                    Some((k, val)) if k == ts_key => ts = Some(val.to_string()),
                    Some((k, val)) if k == sig_key => sigs.push(val.to_string()),
                    _ => {}
                }
            }
            let ts = ts.ok_or_else(|| format!("no {ts_key}= timestamp in it"))?;
            let digits = ts.strip_prefix('-').unwrap_or(&ts);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{ts_key}={ts} is not a Unix time in seconds"));
            }
            if sigs.is_empty() {
                return Err(format!("no {sig_key}= signature in it"));
            }
            Ok((Some(ts), sigs))
        }
    }
}
