//! The `{"type":"attempt",…}` line of `hook replay --json`, one per attempt.
//! Written field by field, byte for byte what serde wrote before (the test
//! holds the old struct as its oracle): through serde every key was escaped
//! again for every line, which cost more than the rest of the line.

use super::escape::push_json_string;
use crate::replay::Attempt;

/// Append the line for `a` (without the newline). The response body is in
/// it only with `show_response`: it is also kept for `--save-responses` and
/// `--compare`, which do not ask for it on screen.
pub fn attempt_line(out: &mut Vec<u8>, a: &Attempt, show_response: bool) -> serde_json::Result<()> {
    out.extend_from_slice(br#"{"type":"attempt","delivery":"#);
    number(out, a.delivery);
    out.extend_from_slice(br#","attempt":"#);
    number(out, a.attempt);
    out.extend_from_slice(br#","of":"#);
    number(out, a.of);
    out.extend_from_slice(br#","source":"#);
    push_json_string(out, &a.source);
    out.extend_from_slice(br#","provider":"#);
    opt_string(out, a.provider.as_deref());
    out.extend_from_slice(br#","event":"#);
    opt_string(out, a.event.as_deref());
    out.extend_from_slice(br#","delivery_id":"#);
    opt_string(out, a.delivery_id.as_deref());
    out.extend_from_slice(br#","duplicate":"#);
    boolean(out, a.duplicate);
    out.extend_from_slice(br#","url":"#);
    push_json_string(out, &a.url);
    out.extend_from_slice(br#","status":"#);
    match a.status {
        Some(s) => number(out, s),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","error":"#);
    opt_string(out, a.error.as_deref());
    // The kind beside the text: scripts can branch on `"timeout"` without
    // parsing wording that changes between machines.
    out.extend_from_slice(br#","failure":"#);
    opt_string(out, a.failure.map(|f| f.name()));
    out.extend_from_slice(br#","latency_ms":"#);
    // serde_json's own float format, so the digits are what they always were.
    serde_json::to_writer(&mut *out, &(a.latency.as_secs_f64() * 1000.0))?;
    out.extend_from_slice(br#","retry_in_ms":"#);
    match a.retry_in {
        Some(d) => number(out, d.as_millis()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","last":"#);
    boolean(out, a.last);
    out.extend_from_slice(br#","ok":"#);
    boolean(out, a.ok);
    out.extend_from_slice(br#","response":"#);
    match &a.response {
        Some(body) if show_response => push_json_string(out, &String::from_utf8_lossy(body)),
        _ => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
    Ok(())
}

/// An integer in decimal; `itoa` because `write!` goes through the
/// formatting machinery, which cost more than the rest of the line's numbers.
fn number(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_json_string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use serde::Serialize;
    use std::time::Duration;

    /// What the line was when serde wrote it: the oracle.
    #[derive(Serialize)]
    struct AttemptLine<'a> {
        r#type: &'static str,
        delivery: usize,
        attempt: u32,
        of: u32,
        source: &'a str,
        provider: Option<&'a str>,
        event: Option<&'a str>,
        delivery_id: Option<&'a str>,
        duplicate: bool,
        url: &'a str,
        status: Option<u16>,
        error: Option<&'a str>,
        failure: Option<crate::replay::failure::Failure>,
        latency_ms: f64,
        retry_in_ms: Option<u128>,
        last: bool,
        ok: bool,
        response: Option<std::borrow::Cow<'a, str>>,
    }

    fn by_serde(a: &Attempt) -> String {
        serde_json::to_string(&AttemptLine {
            r#type: "attempt",
            delivery: a.delivery,
            attempt: a.attempt,
            of: a.of,
            source: &a.source,
            provider: a.provider.as_deref(),
            event: a.event.as_deref(),
            delivery_id: a.delivery_id.as_deref(),
            duplicate: a.duplicate,
            url: &a.url,
            status: a.status,
            error: a.error.as_deref(),
            failure: a.failure,
            latency_ms: a.latency.as_secs_f64() * 1000.0,
            retry_in_ms: a.retry_in.map(|d| d.as_millis()),
            last: a.last,
            ok: a.ok,
            response: a.response.as_ref().map(|b| String::from_utf8_lossy(b)),
        })
        .unwrap()
    }

    fn plain() -> Attempt {
        Attempt {
            delivery: 7,
            attempt: 1,
            of: 1,
            source: "github/push".into(),
            provider: Some("github".into()),
            event: Some("push".into()),
            delivery_id: Some("f586accf-f8c6-48ce-886d-f9b4ed0848ea".into()),
            duplicate: false,
            url: "http://127.0.0.1:3000/webhooks/github".into(),
            status: Some(200),
            error: None,
            failure: None,
            latency: Duration::from_nanos(1_643_303),
            response: None,
            response_headers: Vec::new(),
            retry_in: None,
            last: true,
            ok: true,
        }
    }

    #[test]
    fn lines_are_what_serde_wrote() {
        let hostile = "quote \" back \\ tab \t nl \n nul \u{0} del \u{7f} é 😀 \u{2028}";
        let mut failed = plain();
        failed.attempt = 2;
        failed.of = 5;
        failed.source = format!("fixtures/{hostile}.json").into();
        failed.provider = None;
        failed.event = Some(hostile.into());
        failed.delivery_id = None;
        failed.duplicate = true;
        failed.url = format!("http://h/p?q={hostile}");
        failed.status = None;
        failed.error = Some(format!("no answer within 30s: {hostile}"));
        failed.failure = Some(crate::replay::failure::Failure::Timeout);
        failed.latency = Duration::from_nanos(1);
        failed.retry_in = Some(Duration::from_millis(1500));
        failed.last = false;
        failed.ok = false;
        let mut answered = plain();
        answered.status = Some(503);
        answered.latency = Duration::from_secs(12_345);
        answered.response = Some(Bytes::from_static(b"{\"a\":\"\xff\xfe bad utf-8\"}\n"));
        let mut empty = plain();
        empty.response = Some(Bytes::new());
        empty.latency = Duration::ZERO;
        for a in [plain(), failed, answered.clone(), empty] {
            let mut out = Vec::new();
            attempt_line(&mut out, &a, true).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), by_serde(&a));
        }
        // Kept for saving or comparing, not asked for on screen: not in the line.
        let mut out = Vec::new();
        attempt_line(&mut out, &answered, false).unwrap();
        answered.response = None;
        assert_eq!(String::from_utf8(out).unwrap(), by_serde(&answered));
    }
}
