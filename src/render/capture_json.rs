//! The `{"type":"request",…}` line of `hook listen --json` and `hook tunnel
//! --json`: the contract in `schemas/listen.schema.json`. Serialised straight
//! from borrowed fields, without building a JSON tree per request.

use super::escape::push_json_string;
use crate::model::{Capture, CheckKind, Forwarded, HeaderList, Retried};
use crate::signature::{Finding, Workings};
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::io::Write as _;

/// The fields after `body`.
#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    body_base64: Option<String>,
    body_sha256: String,
    size: usize,
    provider: Option<&'a str>,
    event: Option<&'a str>,
    delivery_id: Option<&'a str>,
    verdict: CheckKind,
    reason: Option<&'a str>,
    findings: &'a [Finding],
    /// Only with `-v`, on a signature that matched no secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    workings: Option<&'a Workings>,
    duplicate: bool,
    status: u16,
    handshake: Option<&'a str>,
    note: Option<&'a str>,
    forward: Option<ForwardLine<'a>>,
    saved: Option<String>,
    /// Only on requests `-e/--events` left out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    skipped: bool,
}

/// The `forward` object.
#[derive(Serialize)]
struct ForwardLine<'a> {
    url: &'a str,
    status: u16,
    latency_ms: f64,
    body: Option<Box<RawValue>>,
    /// The app's response headers, only with `-v`.
    #[serde(skip_serializing_if = "Option::is_none")]
    headers: Option<&'a HeaderList>,
    error: Option<&'a str>,
}

/// Write the line for a capture (without the newline); `verbose` (`-v`)
/// adds the signature's workings and the app's response headers. The body,
/// most of a line's bytes, is escaped straight into it between the fields written by
/// hand before it and those serialised after it: through serde it was
/// escaped and then, as a raw value, parsed again to be validated.
pub fn request_line(out: &mut Vec<u8>, c: &Capture, verbose: bool) -> serde_json::Result<()> {
    let text = std::str::from_utf8(&c.body).ok();
    let tail = Tail {
        body_base64: match text {
            Some(_) => None,
            None => Some(base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                &c.body,
            )),
        },
        body_sha256: crate::signature::mac::lower_hex(&Sha256::digest(&c.body)),
        size: c.body.len(),
        provider: c.provider.as_deref(),
        event: c.event.as_deref(),
        delivery_id: c.delivery_id.as_deref(),
        verdict: c.check.kind,
        reason: c.check.reason.as_deref(),
        findings: &c.check.findings,
        workings: c.check.workings.as_deref().filter(|_| verbose),
        duplicate: c.duplicate,
        status: c.status,
        handshake: c.handshake.as_deref(),
        note: c.note.as_deref(),
        forward: c.forwarded.as_ref().map(|f| forward_line(f, verbose)),
        saved: c.saved.as_ref().map(|p| p.display().to_string()),
        skipped: c.skipped,
    };
    head(out, c);
    if let Some(text) = text {
        out.extend_from_slice(b",\"body\":");
        push_json_string(out, text);
    }
    let from = out.len();
    serde_json::to_writer(&mut *out, &tail)?;
    out[from] = b','; // its opening brace: it continues the object
    Ok(())
}

/// The fields before `body`, written by hand: they are mostly strings
/// (headers above all), which `push_json_string` escapes faster than serde.
fn head(out: &mut Vec<u8>, c: &Capture) {
    out.extend_from_slice(b"{\"type\":\"request\",\"seq\":");
    // Writing into a Vec cannot fail; RFC 3339 text needs no escaping.
    let _ = write!(
        out,
        "{},\"time\":\"{}",
        c.seq,
        humantime::format_rfc3339_millis(c.received)
    );
    out.extend_from_slice(b"\",\"method\":");
    push_json_string(out, &c.method);
    out.extend_from_slice(b",\"path\":");
    push_json_string(out, &c.path);
    out.extend_from_slice(b",\"query\":");
    match &c.query {
        Some(q) => push_json_string(out, q),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"headers\":[");
    for (i, (name, value)) in c.headers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_json_string(out, name);
        out.push(b',');
        push_json_string(out, value);
        out.push(b']');
    }
    out.push(b']');
}

/// The `{"type":"retry",…}` line of `hook listen --retry`: which request
/// (by `seq`), which attempt, and the app's answer to it.
pub fn retry_line(out: &mut Vec<u8>, c: &Capture, r: &Retried) -> serde_json::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        r#type: &'static str,
        seq: u64,
        time: String,
        method: &'a str,
        path: &'a str,
        query: Option<&'a str>,
        provider: Option<&'a str>,
        event: Option<&'a str>,
        delivery_id: Option<&'a str>,
        attempt: u32,
        attempts: u32,
        next_in_ms: Option<u128>,
        status: u16,
        forward: Option<ForwardLine<'a>>,
    }
    serde_json::to_writer(
        out,
        &Line {
            r#type: "retry",
            seq: c.seq,
            time: humantime::format_rfc3339_millis(c.received).to_string(),
            method: &c.method,
            path: &c.path,
            query: c.query.as_deref(),
            provider: c.provider.as_deref(),
            event: c.event.as_deref(),
            delivery_id: c.delivery_id.as_deref(),
            attempt: r.attempt,
            attempts: r.attempts,
            next_in_ms: r.next.map(|d| d.as_millis()),
            status: c.status,
            forward: c.forwarded.as_ref().map(|f| forward_line(f, false)),
        },
    )
}

fn forward_line(f: &Forwarded, verbose: bool) -> ForwardLine<'_> {
    match f {
        Forwarded::Answered {
            url,
            status,
            latency,
            headers,
            body,
        } => ForwardLine {
            url,
            status: *status,
            latency_ms: latency.as_secs_f64() * 1000.0,
            body: super::escape::raw_string(&String::from_utf8_lossy(body)),
            headers: Some(headers).filter(|_| verbose),
            error: None,
        },
        Forwarded::Failed {
            url,
            status,
            latency,
            error,
        } => ForwardLine {
            url,
            status: *status,
            latency_ms: latency.as_secs_f64() * 1000.0,
            body: None,
            headers: None,
            error: Some(error),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use serde_json::Value;

    #[test]
    fn hand_written_fields_parse_back_to_what_was_captured() {
        let headers = vec![
            ("X-Quote".to_string(), "a \"b\" \\c\u{1}\t".to_string()),
            ("X-Empty".to_string(), String::new()),
            ("x-quote".to_string(), "caf\u{e9} \u{1f600}".to_string()),
        ];
        let mut c = Capture::arrived(
            42,
            "POST".into(),
            "/a\"b\\c?q=\"1\"&r=\u{7f}",
            HeaderList(headers.clone()),
            Bytes::from_static(b"{\"k\":\"v\\n\"}"),
        );
        c.received = std::time::UNIX_EPOCH;
        c.status = 200;
        let mut line = Vec::new();
        request_line(&mut line, &c, false).unwrap();
        let v: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["type"], "request");
        assert_eq!(v["seq"], 42);
        assert_eq!(v["time"], "1970-01-01T00:00:00.000Z");
        assert_eq!(v["path"], "/a\"b\\c");
        assert_eq!(v["query"], "q=\"1\"&r=\u{7f}");
        let back: Vec<(String, String)> = serde_json::from_value(v["headers"].clone()).unwrap();
        assert_eq!(back, headers);
        assert_eq!(v["body"], "{\"k\":\"v\\n\"}");
        assert_eq!(v["size"], 11);
        let none = Capture {
            query: None,
            headers: HeaderList(Vec::new()),
            ..c
        };
        let mut line = Vec::new();
        request_line(&mut line, &none, false).unwrap();
        let v: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["query"], Value::Null);
        assert_eq!(v["headers"], serde_json::json!([]));
    }
}
