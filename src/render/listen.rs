//! `hook listen`'s own lines: where it listens, and the summary at the end.

use super::{palette, Printer};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// What the ready line reports.
pub struct Ready<'a> {
    /// `http(s)://addr`.
    pub url: &'a str,
    /// The bound socket address.
    pub address: String,
    /// Certificate fingerprint, with TLS.
    pub tls_fingerprint: Option<&'a str>,
    /// The app's URL, when forwarding.
    pub forward_to: Option<&'a str>,
    /// `--route`s: each pattern and its app's URL, in order.
    pub routes: Vec<(String, String)>,
    /// `-e/--events` patterns; empty for every event.
    pub events: Vec<String>,
    /// Provider being verified, or `auto`; `None` when no secret was given.
    pub verifying: Option<&'a str>,
    /// Directory fixtures are saved to.
    pub save: Option<String>,
    /// Threads serving connections.
    pub threads: usize,
}

/// The first line: `{"type":"ready",…}`, or where to send webhooks.
pub fn ready<W: Write>(p: &mut Printer<W>, r: &Ready) -> io::Result<()> {
    if p.json {
        return p.json_line(&json!({
            "type": "ready", "url": r.url, "address": r.address, "tls_fingerprint": r.tls_fingerprint,
            "forward_to": r.forward_to, "verifying": r.verifying, "save": r.save, "threads": r.threads,
            "routes": r.routes.iter().map(|(events, to)| json!({"events": events, "to": to})).collect::<Vec<_>>(),
            "events": r.events,
        }));
    }
    p.line(&format!(
        "{} {}  {}",
        palette::good("hook listening on"),
        r.url,
        palette::dim("(Ctrl-C to stop)")
    ))?;
    if let Some(fp) = r.tls_fingerprint {
        p.line(&format!("  {} SHA-256 {fp}", palette::name("certificate")))?;
    }
    route_lines(p, &r.routes)?;
    match (r.forward_to, r.routes.is_empty()) {
        (Some(to), true) => p.line(&format!("  {} {to}", palette::name("forwarding to")))?,
        (Some(to), false) => p.line(&format!("  {} the rest to {to}", palette::name("forwarding")))?,
        (None, false) => p.line(&format!("  {} the rest: hook answers", palette::name("forwarding")))?,
        (None, true) => {}
    }
    events_line(p, &r.events, "answered by hook")?;
    match r.verifying {
        Some(provider) => p.line(&format!("  {} {provider} signatures", palette::name("verifying")))?,
        None => p.line(&format!(
            "  {} no --secret: signatures are not checked",
            palette::dim("note")
        ))?,
    }
    if let Some(dir) = &r.save {
        p.line(&format!("  {} {dir}", palette::name("saving to")))?;
    }
    Ok(())
}

/// A line per `--route`: its pattern and app (`hook listen`, `hook tunnel`).
pub(super) fn route_lines<W: Write>(p: &mut Printer<W>, routes: &[(String, String)]) -> io::Result<()> {
    for (events, to) in routes {
        p.line(&format!("  {} {events} to {to}", palette::name("forwarding")))?;
    }
    Ok(())
}

/// The `-e/--events` patterns, and what becomes of the other requests.
pub(super) fn events_line<W: Write>(p: &mut Printer<W>, events: &[String], others: &str) -> io::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    p.line(&format!(
        "  {} {} {}",
        palette::name("only events"),
        events.join(", "),
        palette::dim(&format!("(others: {others}, one line each)"))
    ))
}

/// The last line: how many requests, by status, and how many deliveries
/// still had retries to come (`--retry`), which stopping dropped.
pub fn summary<W: Write>(p: &mut Printer<W>, by_status: &BTreeMap<u16, u64>, unretried: usize) -> io::Result<()> {
    let total: u64 = by_status.values().sum();
    if p.json {
        let map: serde_json::Map<String, serde_json::Value> =
            by_status.iter().map(|(s, n)| (s.to_string(), json!(n))).collect();
        return p.json_line(&json!({
            "type": "summary", "requests": total, "by_status": map, "retries_not_sent": unretried,
        }));
    }
    if unretried > 0 {
        let (n, s) = (unretried, if unretried == 1 { "y" } else { "ies" });
        p.line(&format!(
            "{} {n} deliver{s} to the app still had retries to come; they were not sent",
            palette::warn("note")
        ))?;
    }
    let parts: Vec<String> = by_status.iter().map(|(s, n)| format!("{n}×{s}")).collect();
    let detail = if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    };
    p.line(&format!(
        "hook: stopped after {total} request{}{detail}",
        if total == 1 { "" } else { "s" }
    ))
}
