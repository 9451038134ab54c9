//! The `{"type":"request",…}` line of `hook listen --json` and `hook tunnel
//! --json`: the contract in `schemas/listen.schema.json`. Serialised straight
//! from borrowed fields, without building a JSON tree per request.

use crate::model::{Capture, CheckKind, Forwarded};
use crate::signature::Finding;
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

/// The fields before `body`.
#[derive(Serialize)]
struct Head<'a> {
    r#type: &'static str,
    seq: u64,
    time: String,
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    headers: Vec<[&'a str; 2]>,
}

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
    duplicate: bool,
    status: u16,
    handshake: Option<&'a str>,
    note: Option<&'a str>,
    forward: Option<ForwardLine<'a>>,
    saved: Option<String>,
}

/// The `forward` object.
#[derive(Serialize)]
struct ForwardLine<'a> {
    url: &'a str,
    status: u16,
    latency_ms: f64,
    body: Option<Box<RawValue>>,
    error: Option<&'a str>,
}

/// Write the line for a capture (without the newline). The body, most of a
/// line's bytes, is escaped straight into it between the fields serialised
/// before and after it: through serde it was escaped and then, as a raw
/// value, parsed again to be validated.
pub fn request_line(out: &mut Vec<u8>, c: &Capture) -> serde_json::Result<()> {
    let text = std::str::from_utf8(&c.body).ok();
    let head = Head {
        r#type: "request",
        seq: c.seq,
        time: humantime::format_rfc3339_millis(c.received).to_string(),
        method: &c.method,
        path: &c.path,
        query: c.query.as_deref(),
        headers: c.headers.iter().map(|(n, v)| [n, v]).collect(),
    };
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
        duplicate: c.duplicate,
        status: c.status,
        handshake: c.handshake.as_deref(),
        note: c.note.as_deref(),
        forward: c.forwarded.as_ref().map(forward_line),
        saved: c.saved.as_ref().map(|p| p.display().to_string()),
    };
    serde_json::to_writer(&mut *out, &head)?;
    out.pop(); // the closing brace: more fields follow
    if let Some(text) = text {
        out.extend_from_slice(b",\"body\":");
        super::escape::push_json_string(out, text);
    }
    let from = out.len();
    serde_json::to_writer(&mut *out, &tail)?;
    out[from] = b','; // its opening brace: it continues the object
    Ok(())
}

fn forward_line(f: &Forwarded) -> ForwardLine<'_> {
    match f {
        Forwarded::Answered {
            url,
            status,
            latency,
            body,
            ..
        } => ForwardLine {
            url,
            status: *status,
            latency_ms: latency.as_secs_f64() * 1000.0,
            body: super::escape::raw_string(&String::from_utf8_lossy(body)),
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
            error: Some(error),
        },
    }
}
