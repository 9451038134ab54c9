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
    /// HTTP method to send with.
    pub method: &'a str,
    /// URL to send to.
    pub url: &'a str,
    /// Timestamp signed.
    pub timestamp: i64,
    /// Body file, when the body came from one (for curl's `@file`).
    pub body_file: Option<&'a str>,
    /// The body bytes (inlined into curl when they came from stdin).
    pub body: &'a [u8],
    /// True when the signature is inside the body (Mailgun), so the body is part of the output.
    pub signed_body: bool,
    /// Remarks also sent to stderr.
    pub notes: &'a [String],
}

/// `Name: value` lines and nothing else, so scripts can use them; when
/// the signature is in the body, a blank line and the signed body follow,
/// as in an HTTP message (`hook verify --headers-file` stops at the blank line).
pub fn headers<W: Write>(p: &mut Printer<W>, r: &SignedRequest) -> io::Result<()> {
    for (name, value) in r.headers.iter() {
        p.line(&format!("{name}: {value}"))?;
    }
    if r.signed_body {
        p.line("")?;
        p.raw(r.body)?;
        p.line("")?;
    }
    Ok(())
}

/// One JSON object: provider, url, timestamp, headers (name → value), notes,
/// and the signed body when the signature is inside it.
pub fn json<W: Write>(p: &mut Printer<W>, r: &SignedRequest) -> io::Result<()> {
    let headers: serde_json::Map<String, serde_json::Value> =
        r.headers.iter().map(|(n, v)| (n.to_string(), json!(v))).collect();
    let mut value = json!({
        "type": "signed",
        "provider": r.provider,
        "method": r.method,
        "url": r.url,
        "timestamp": r.timestamp,
        "headers": headers,
        "notes": r.notes,
    });
    if r.signed_body {
        // Only where signing changed the body: otherwise it is the caller's own.
        value["body"] = json!(String::from_utf8_lossy(r.body));
    }
    p.json_line(&value)
}

/// A ready-to-run curl command.
pub fn curl<W: Write>(p: &mut Printer<W>, r: &SignedRequest) -> io::Result<()> {
    let data = match r.body_file {
        Some(file) => super::curl::Data::File(file),
        None => super::curl::Data::Bytes(r.body),
    };
    let headers = r.headers.iter().map(|(n, v)| (n, v.as_bytes()));
    p.line(&super::curl::command(r.method, r.url, headers, data))
}
