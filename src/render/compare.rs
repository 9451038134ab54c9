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

/// The comparison's verdict, its number agreeing with its count.
pub fn verdict(c: &Compared) -> String {
    let file = safe(&c.file);
    match (c.differ, c.total) {
        (0, _) => palette::good(&format!("every response matches {file}")).to_string(),
        (1, 1) => palette::bad(&format!("the response differs from {file}")).to_string(),
        (1, total) => palette::bad(&format!("1 of {total} responses differs from {file}")).to_string(),
        (n, total) => palette::bad(&format!("{n} of {total} responses differ from {file}")).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::compare::Change;

    fn printed(d: &Difference, json: bool) -> String {
        let mut p = Printer::new(Vec::new(), false, json);
        difference(&mut p, d, "old.jsonl").unwrap();
        String::from_utf8(p.into_inner()).unwrap()
    }

    fn changed(status: Option<(Option<u16>, Option<u16>)>, body: Option<BodyChange>) -> Difference {
        Difference {
            source: "github/push".into(),
            occurrence: 2,
            delivery: Some(3),
            line: Some(4),
            kind: DifferenceKind::Changed(Change {
                status,
                failure: None,
                body,
            }),
        }
    }

    #[test]
    fn lines_say_what_changed() {
        let long = "x".repeat(100);
        let d = changed(
            Some((Some(200), None)),
            Some(BodyChange::Json {
                path: "data.note".into(),
                old: None,
                new: Some(json!(long)),
            }),
        );
        let text = printed(&d, false);
        assert_eq!(
            text,
            format!(
                "#3 github/push (2nd) differs: status 200 → no answer; body at data.note: (absent) → \"{}…\n",
                "x".repeat(39)
            )
        );
        let v: Value = serde_json::from_str(&printed(&d, true)).unwrap();
        assert_eq!(v["status"], json!({"old": 200, "new": null}));
        assert_eq!(v["body"], json!({"path": "data.note", "new": long}));
        assert_eq!(
            (v["kind"].clone(), v["delivery"].clone(), v["line"].clone()),
            (json!("changed"), json!(3), json!(4))
        );

        let bytes = changed(
            None,
            Some(BodyChange::Bytes {
                offset: 5,
                old_len: 9,
                new_len: 1,
            }),
        );
        assert!(printed(&bytes, false).ends_with("differs: body differs from byte 5 (9 bytes → 1 byte)\n"));
        let missing = Difference {
            delivery: None,
            occurrence: 1,
            kind: DifferenceKind::Missing,
            ..bytes.clone()
        };
        assert_eq!(
            printed(&missing, false),
            "github/push missing: in old.jsonl (line 4), not sent this run\n"
        );
        let new = Difference {
            line: None,
            kind: DifferenceKind::New,
            ..bytes
        };
        assert_eq!(printed(&new, false), "#3 github/push (2nd) new: not in old.jsonl\n");
        let v: Value = serde_json::from_str(&printed(&new, true)).unwrap();
        assert_eq!(
            (v["line"].clone(), v["status"].clone(), v["body"].clone()),
            (Value::Null, Value::Null, Value::Null)
        );
    }

    #[test]
    fn a_changed_reason_for_no_answer_shows_both_reasons() {
        use crate::replay::failure::Failure::{Refused, Timeout};
        let mut d = changed(None, None);
        d.kind = DifferenceKind::Changed(Change {
            status: None,
            failure: Some((Some(Timeout), Some(Refused))),
            body: None,
        });
        assert_eq!(
            printed(&d, false),
            "#3 github/push (2nd) differs: status no answer (timed out) → no answer (connection refused)\n"
        );
        let v: Value = serde_json::from_str(&printed(&d, true)).unwrap();
        assert_eq!(v["failure"], json!({"old": "timeout", "new": "refused"}));
        assert_eq!((v["status"].clone(), v["body"].clone()), (Value::Null, Value::Null));
    }

    #[test]
    fn the_verdict_agrees_with_its_count() {
        colored::control::set_override(false);
        let v = |differ, total| {
            verdict(&Compared {
                differ,
                total,
                file: "a.jsonl".into(),
            })
        };
        assert_eq!(v(0, 3), "every response matches a.jsonl");
        assert_eq!(v(1, 1), "the response differs from a.jsonl");
        assert_eq!(v(1, 3), "1 of 3 responses differs from a.jsonl");
        assert_eq!(v(2, 3), "2 of 3 responses differ from a.jsonl");
        assert_eq!(
            [ordinal(2), ordinal(3), ordinal(11), ordinal(21), ordinal(112)],
            ["2nd", "3rd", "11th", "21st", "112th"]
        );
    }
}
