//! `hook listen` output: one capture as text (summary, headers, body) or a JSON line.

use super::shown::safe;
use super::{body, palette, Printer};
use crate::model::{Capture, CheckKind, Forwarded, Retried};
use std::io::{self, Write};
use std::time::UNIX_EPOCH;

/// What to show of each request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    /// Only requests that failed.
    pub quiet: bool,
    /// Only the summary line.
    pub compact: bool,
    /// Skip headers.
    pub no_headers: bool,
    /// Skip the body.
    pub no_body: bool,
    /// Show the forwarded app's response body.
    pub show_response: bool,
    /// Also show how an invalid signature was worked out, and the app's
    /// response headers and body.
    pub verbose: bool,
}

impl From<crate::cli::DisplayArgs> for Shape {
    fn from(d: crate::cli::DisplayArgs) -> Shape {
        Shape {
            quiet: d.quiet,
            compact: d.compact,
            no_headers: d.no_headers,
            no_body: d.no_body,
            show_response: d.show_response,
            verbose: d.verbose,
        }
    }
}

/// Print one capture.
pub fn capture<W: Write>(p: &mut Printer<W>, c: &Capture, shape: Shape) -> io::Result<()> {
    if shape.quiet && !c.failed() {
        return Ok(());
    }
    if let Some(r) = &c.retry {
        if p.json {
            return p.json_written(|line| super::capture_json::retry_line(line, c, r));
        }
        return p.line(&retry_line(c, r));
    }
    if p.json {
        return p.json_written(|line| super::capture_json::request_line(line, c, shape.verbose));
    }
    p.line(&summary(c))?;
    if shape.compact {
        return Ok(());
    }
    if c.skipped {
        // Not one of the events asked for: the line and why, nothing more.
        if let Some(note) = &c.note {
            // The note begins "skipped:" for the JSON line; the label says it here.
            let why = note.strip_prefix("skipped: ").unwrap_or(note);
            p.line(&format!("  {} {}", palette::dim("skipped"), safe(why)))?;
        }
        return Ok(());
    }
    if let Some(h) = &c.handshake {
        p.line(&format!("  {} {h}", palette::name("handshake")))?;
    }
    if let Some(reason) = &c.check.reason {
        let label = if c.check.kind == CheckKind::Invalid {
            palette::bad("why")
        } else {
            palette::dim("why")
        };
        p.line(&format!("  {label} {}", safe(reason)))?;
    }
    for f in &c.check.findings {
        p.line(&format!("  {} {}", palette::cause("cause"), safe(&f.message)))?;
    }
    if let Some(w) = c.check.workings.as_deref().filter(|_| shape.verbose) {
        super::verdict::workings(p, w)?;
    }
    if let Some(note) = &c.note {
        p.line(&format!("  {} {}", palette::warn("note"), safe(note)))?;
    }
    match &c.forwarded {
        Some(Forwarded::Answered {
            url,
            status,
            latency,
            headers,
            body,
        }) => {
            p.line(&format!(
                "  {} {url} answered {} in {} ms",
                palette::name("app"),
                palette::status(*status),
                latency.as_millis()
            ))?;
            if shape.verbose {
                for (n, v) in headers.iter() {
                    p.line(&format!("    {}: {}", palette::name(&safe(n)), safe(v)))?;
                }
            }
            if shape.show_response || shape.verbose {
                for l in body::lines(body, "    ") {
                    p.line(&l)?;
                }
            }
        }
        Some(Forwarded::Failed { url, status, error, .. }) => {
            p.line(&format!(
                "  {} {url}: {} (answered {})",
                palette::bad("app"),
                safe(error),
                palette::status(*status)
            ))?;
        }
        None => {}
    }
    if let Some(path) = &c.saved {
        p.line(&format!("  {} {}", palette::dim("saved"), path.display()))?;
    }
    if !shape.no_headers {
        for (n, v) in c.headers.iter() {
            p.line(&format!("  {}: {}", palette::name(&safe(n)), safe(v)))?;
        }
    }
    // A request refused before its body was read has no body to show.
    if !shape.no_body && !c.incomplete && (!c.body.is_empty() || c.method != "GET") {
        for l in body::lines(&c.body, "  ") {
            p.line(&l)?;
        }
    }
    Ok(())
}

/// `HH:MM:SS retry 2 of 4  METHOD /path  provider event  id  → app URL
/// answered 200 in 3 ms`, or what went wrong and when the next try comes.
fn retry_line(c: &Capture, r: &Retried) -> String {
    let mut parts = request_parts(c);
    parts.insert(
        1,
        palette::warn(&format!("retry {} of {}", r.attempt, r.attempts)).to_string(),
    );
    let next = match r.next {
        Some(wait) => format!(" (next in {})", crate::signature::human_duration(wait)),
        None if c.failed() => " (the last)".to_string(),
        None => String::new(),
    };
    parts.push(match &c.forwarded {
        Some(Forwarded::Answered {
            url, status, latency, ..
        }) => format!(
            "→ {} {url} answered {} in {} ms{next}",
            palette::name("app"),
            palette::status(*status),
            latency.as_millis()
        ),
        Some(Forwarded::Failed { url, error, .. }) => {
            format!("→ {} {url}: {}{next}", palette::bad("app"), safe(error))
        }
        None => format!("→ {}", palette::status(c.status)),
    });
    parts.join("  ")
}

/// `HH:MM:SS METHOD /path?q  provider event  id  verdict  size → status`.
fn summary(c: &Capture) -> String {
    let mut parts = request_parts(c);
    parts.push(match c.check.kind {
        CheckKind::Valid => palette::good("valid").to_string(),
        CheckKind::Invalid => palette::bad("invalid").to_string(),
        CheckKind::Unsigned => palette::warn("unsigned").to_string(),
        CheckKind::Unchecked => palette::dim("unchecked").to_string(),
    });
    if c.duplicate {
        parts.push(palette::warn("duplicate").to_string());
    }
    parts.push(palette::dim(&size(c.body.len())).to_string());
    parts.push(format!("→ {}", palette::status(c.status)));
    parts.join("  ")
}

/// `HH:MM:SS METHOD /path?q  provider event  id`: what a request was.
fn request_parts(c: &Capture) -> Vec<String> {
    let secs = c.received.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let time = format!("{:02}:{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let target = match &c.query {
        Some(q) => format!("{}?{}", safe(&c.path), safe(q)),
        None => safe(&c.path).into_owned(),
    };
    let mut parts = vec![
        palette::dim(&time).to_string(),
        palette::name(&c.method).bold_text(),
        target,
    ];
    let who = [c.provider.as_deref(), c.event.as_deref()]
        .into_iter()
        .flatten()
        .map(safe)
        .collect::<Vec<_>>()
        .join(" ");
    if !who.is_empty() {
        parts.push(palette::provider(&who).to_string());
    }
    if let Some(id) = &c.delivery_id {
        parts.push(palette::dim(&format!("id {}", safe(id))).to_string());
    }
    parts
}

/// `512 B`, `1.2 KiB`, `3.4 MiB`.
pub fn size(n: usize) -> String {
    match n {
        0..=1023 => format!("{n} B"),
        1024..=1_048_575 => format!("{:.1} KiB", n as f64 / 1024.0),
        _ => format!("{:.1} MiB", n as f64 / 1_048_576.0),
    }
}

trait Bold {
    fn bold_text(&self) -> String;
}

impl Bold for colored::ColoredString {
    fn bold_text(&self) -> String {
        use colored::Colorize;
        self.clone().bold().to_string()
    }
}
