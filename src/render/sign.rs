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
    let mut cmd = format!("curl -X POST {}", quote(r.url));
    for (name, value) in r.headers.iter() {
        cmd.push_str(&format!(" \\\n  -H {}", quote(&format!("{name}: {value}"))));
    }
    let data = match (r.body_file, std::str::from_utf8(r.body)) {
        (Some(file), _) => format!("@{file}"),
        (None, Ok(text)) if !text.contains('\0') => text.to_string(),
        (None, _) => "@-".to_string(),
    };
    cmd.push_str(&format!(" \\\n  --data-binary {}", quote(&data)));
    p.line(&cmd)
}

/// Quote for a POSIX shell: single quotes, with `'` written as `'\''`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_quotes_single_quotes() {
        assert_eq!(quote("it's"), r"'it'\''s'");
        let mut h = HeaderList::new();
        h.push("X-A", "1");
        let r = SignedRequest {
            provider: "github",
            headers: &h,
            url: "http://x/",
            timestamp: 1,
            body_file: None,
            body: b"{'a'}",
            notes: &[],
        };
        let mut p = Printer::new(Vec::new(), false, false);
        curl(&mut p, &r).unwrap();
        let out = String::from_utf8(p.into_inner()).unwrap();
        assert_eq!(
            out,
            "curl -X POST 'http://x/' \\\n  -H 'X-A: 1' \\\n  --data-binary '{'\\''a'\\''}'\n"
        );
    }
}
