//! `hook sign` output: header lines, a curl command, or JSON.

use super::Printer;
use crate::model::HeaderList;
use serde_json::json;
use std::io::{self, Write};

/// What a signing produced, ready to print.
pub struct SignedRequest<'a> {
    /// Provider name.
    pub provider: &'a str,
    /// Headers to send, in order.
    pub headers: &'a HeaderList,
    /// URL to send to.
    pub url: &'a str,
    /// Timestamp signed.
    pub timestamp: i64,
    /// Body file, when the body came from one (for curl's `@file`).
    pub body_file: Option<&'a str>,
    /// The body bytes (inlined into curl when they came from stdin).
    pub body: &'a [u8],
    /// Remarks also sent to stderr.
    pub notes: &'a [String],
}

/// `Name: value` lines and nothing else, so scripts can use them.
pub fn headers<W: Write>(p: &mut Printer<W>, r: &SignedRequest) -> io::Result<()> {
    for (name, value) in r.headers.iter() {
        p.line(&format!("{name}: {value}"))?;
    }
    Ok(())
}

/// One JSON object: provider, url, timestamp, headers (name → value), notes.
pub fn json<W: Write>(p: &mut Printer<W>, r: &SignedRequest) -> io::Result<()> {
    let headers: serde_json::Map<String, serde_json::Value> =
        r.headers.iter().map(|(n, v)| (n.to_string(), json!(v))).collect();
    p.json_line(&json!({
        "type": "signed",
        "provider": r.provider,
        "url": r.url,
        "timestamp": r.timestamp,
        "headers": headers,
        "notes": r.notes,
    }))
}

/// A ready-to-run curl command.
pub fn curl<W: Write>(p: &mut Printer<W>, r: &SignedRequest) -> io::Result<()> {
    let data = match r.body_file {
        Some(file) => super::curl::Data::File(file),
        None => super::curl::Data::Bytes(r.body),
    };
    p.line(&super::curl::command("POST", r.url, r.headers.iter(), data))
}
