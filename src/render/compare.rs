//! `hook replay --compare` output: a line per delivery whose response is not
//! the saved one (or that only one side has), and the comparison's verdict.

use super::shown::safe;
use super::{palette, Printer};
use crate::replay::compare::{BodyChange, Change};
use crate::replay::failure::Failure;
use crate::replay::responses::{Compared, Difference, DifferenceKind};
use serde_json::{json, Value};
use std::io::{self, Write};

/// The most characters of a JSON value shown in a difference line.
const SHOWN_VALUE: usize = 40;

/// One difference: `#3 github/push differs: status 200 → 500`, or a
/// `{"type":"difference",…}` line. `file` is the `--compare` file.
pub fn difference<W: Write>(p: &mut Printer<W>, d: &Difference, file: &str) -> io::Result<()> {
    if p.json {
        return p.json_line(&difference_json(d));
    }
    let seq = d.delivery.map(|n| format!("#{n} ")).unwrap_or_default();
    let mut who = safe(&d.source).into_owned();
    if d.occurrence > 1 {
        who.push_str(&format!(" ({})", ordinal(d.occurrence)));
    }
    let who = palette::provider(&who);
    let file = safe(file);
    let line = match &d.kind {
        DifferenceKind::Changed(c) => format!("{seq}{who} {}: {}", palette::bad("differs"), changed(c)),
        DifferenceKind::New => format!("{seq}{who} {}: not in {file}", palette::warn("new")),
        DifferenceKind::Missing => format!(
            "{who} {}: in {file}{}, not sent this run",
            palette::warn("missing"),
            d.line.map(|l| format!(" (line {l})")).unwrap_or_default()
        ),
    };
    p.line(&line)
}

/// What changed, for people: `status 200 → 500; body at data.total: 10 → 12`,
/// or `status no answer (timed out) → no answer (connection refused)`.
fn changed(c: &Change) -> String {
    let mut parts = Vec::new();
    if c.status.is_some() || c.failure.is_some() {
        // A reason alone changes only between two no-answers: no status on either side.
        let (old, new) = c.status.unwrap_or_default();
        let (was, now) = c.failure.unwrap_or_default();
        parts.push(format!("status {} → {}", status(old, was), status(new, now)));
    }
    match &c.body {
        Some(BodyChange::Json { path, old, new }) => {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" at {}", palette::name(&safe(path)))
            };
            parts.push(format!("body{at}: {} → {}", value(old.as_ref()), value(new.as_ref())));
        }
        Some(BodyChange::Bytes {
            offset,
            old_len,
            new_len,
        }) => {
            let sizes = if old_len == new_len {
                bytes(*old_len)
            } else {
                format!("{} → {}", bytes(*old_len), bytes(*new_len))
            };
            parts.push(format!("body differs from byte {offset} ({sizes})"));
        }
        None => {}
    }
    parts.join("; ")
}

/// A status, or `no answer` with why when it is known: `no answer (timed out)`.
fn status(s: Option<u16>, why: Option<Failure>) -> String {
    match (s, why) {
        (Some(s), _) => palette::status(s).to_string(),
        (None, Some(f)) => format!("{} ({})", palette::bad("no answer"), f.describe()),
        (None, None) => palette::bad("no answer").to_string(),
    }
}

fn bytes(n: usize) -> String {
    format!("{n} {}", if n == 1 { "byte" } else { "bytes" })
}

/// A JSON value on one line, cut to [`SHOWN_VALUE`] characters.
fn value(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return palette::dim("(absent)").to_string();
    };
    let text = v.to_string();
    let shown = match text.char_indices().nth(SHOWN_VALUE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    };
    safe(&shown).into_owned()
}

/// `2nd`, `3rd`, `11th`, `21st`.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The `{"type":"difference",…}` line: `status`, `failure` and `body` are
/// `null` unless they changed; a JSON body change leaves out `old` or `new`
/// where that side has no such field.
fn difference_json(d: &Difference) -> Value {
    let kind = match d.kind {
        DifferenceKind::Changed(_) => "changed",
        DifferenceKind::New => "new",
        DifferenceKind::Missing => "missing",
    };
    let mut v = json!({
        "type": "difference", "kind": kind, "delivery": d.delivery, "source": &*d.source,
        "occurrence": d.occurrence, "line": d.line, "status": null, "failure": null, "body": null,
    });
    let DifferenceKind::Changed(c) = &d.kind else {
        return v;
    };
    if let Some((old, new)) = c.status {
        v["status"] = json!({"old": old, "new": new});
    }
    if let Some((old, new)) = c.failure {
        v["failure"] = json!({"old": old.map(Failure::name), "new": new.map(Failure::name)});
    }
    v["body"] = match &c.body {
        Some(BodyChange::Json { path, old, new }) => {
            let mut body = json!({"path": path});
            if let Some(old) = old {
                body["old"] = old.clone();
            }
            if let Some(new) = new {
                body["new"] = new.clone();
            }
            body
        }
        Some(BodyChange::Bytes {
            offset,
            old_len,
            new_len,
        }) => json!({"offset": offset, "old_size": old_len, "new_size": new_len}),
        None => Value::Null,
    };
    v
}

/// The comparison's verdict, its number agreeing with its count. After a
/// stopped run it speaks of the responses compared, and says how many saved
/// ones were not, as the run's verdict says "stopped after N of M".
pub fn verdict(c: &Compared) -> String {
    let file = safe(&c.file);
    let stopped = match c.not_compared {
        0 => String::new(),
        1 => " (1 saved response not compared: the run stopped)".to_string(),
        n => format!(" ({n} saved responses not compared: the run stopped)"),
    };
    match (c.differ, c.total, c.not_compared) {
        (0, 0, 1..) => palette::bad(&format!("no response was compared with {file}{stopped}")).to_string(),
        (0, _, 0) => palette::good(&format!("every response matches {file}")).to_string(),
        (0, _, _) => palette::good(&format!("every compared response matches {file}{stopped}")).to_string(),
        (1, 1, _) => palette::bad(&format!("the response differs from {file}{stopped}")).to_string(),
        (1, total, _) => palette::bad(&format!("1 of {total} responses differs from {file}{stopped}")).to_string(),
        (n, total, _) => palette::bad(&format!("{n} of {total} responses differ from {file}{stopped}")).to_string(),
    }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
