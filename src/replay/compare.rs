//! Whether a response is the same as a saved one, and if not, what changed
//! first. Same means: the status is equal (two deliveries without an answer
//! alike only when they failed the same way), and the body is equal — JSON
//! bodies as values (object key order aside, numbers by their value,
//! `--ignore-field` paths removed from both sides), other bodies byte for
//! byte. Headers are not compared: `Date` and friends differ on every run.
//! Pure: no I/O.

use super::failure::Failure;
use crate::fixture::edit::{remove_if_present, show, Step};
use serde_json::{Number, Value};

/// One side of a comparison: what a delivery's last attempt got.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The status, or `None` when there was no answer (timeout, refused).
    pub status: Option<u16>,
    /// Why there was no answer; `None` when there was one, or when a saved
    /// file does not say (it was written before hook saved the kind).
    pub failure: Option<Failure>,
    /// The body; empty when there was no answer.
    pub body: &'a [u8],
}

/// What differs between a saved answer and this run's.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `(old, new)` when the statuses differ.
    pub status: Option<(Option<u16>, Option<u16>)>,
    /// Why each side got no answer (`None` for an answer, or a kind the
    /// saved file does not say), when the status or that reason changed and
    /// at least one reason is known.
    pub failure: Option<(Option<Failure>, Option<Failure>)>,
    /// The first difference in the bodies, when they differ.
    pub body: Option<BodyChange>,
}

/// The first difference between two bodies.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyChange {
    /// Both bodies are JSON: the first path whose values differ, with the
    /// value on each side (`None` where that side has no such field).
    Json {
        /// The path as `--set` writes it (`data.items[0].id`); empty for
        /// the whole body (two bodies that are different kinds of value).
        path: String,
        /// The saved value.
        old: Option<Value>,
        /// This run's value.
        new: Option<Value>,
    },
    /// At least one body is not JSON: where the bytes first differ.
    Bytes {
        /// Offset of the first differing byte (the shorter length when one
        /// body is the start of the other).
        offset: usize,
        /// The saved body's size.
        old_len: usize,
        /// This run's body size.
        new_len: usize,
    },
}

/// Compare a saved answer with this run's; `None` when they are the same.
/// `ignore` holds parsed `--ignore-field` paths, removed from JSON bodies.
pub fn change(old: Answer, new: Answer, ignore: &[Vec<Step>]) -> Option<Change> {
    let status = (old.status != new.status).then_some((old.status, new.status));
    // A side that was answered has no reason, whatever a hand-made file says.
    let why = |a: &Answer| a.status.is_none().then_some(a.failure).flatten();
    let (was, now) = (why(&old), why(&new));
    // Two no-answers differ only when both kinds are known and not the same:
    // a saved line without one (a file written before hook saved the kind)
    // matches any no-answer, as it did when it was written.
    let reason_changed =
        old.status.is_none() && new.status.is_none() && matches!((was, now), (Some(a), Some(b)) if a != b);
    let failure = ((status.is_some() || reason_changed) && (was.is_some() || now.is_some())).then_some((was, now));
    let body = body_change(old.body, new.body, ignore);
    (status.is_some() || reason_changed || body.is_some()).then_some(Change { status, failure, body })
}

/// The first difference between two bodies, or `None` when they are the same.
fn body_change(old: &[u8], new: &[u8], ignore: &[Vec<Step>]) -> Option<BodyChange> {
    if old == new {
        return None;
    }
    if let (Some(mut a), Some(mut b)) = (json(old), json(new)) {
        for path in ignore {
            remove_if_present(&mut a, path);
            remove_if_present(&mut b, path);
        }
        let mut at = Vec::new();
        return first_difference(&a, &b, &mut at).map(|(old, new)| BodyChange::Json {
            path: if at.is_empty() { String::new() } else { show(&at) },
            old,
            new,
        });
    }
    let offset = old
        .iter()
        .zip(new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    Some(BodyChange::Bytes {
        offset,
        old_len: old.len(),
        new_len: new.len(),
    })
}

/// The body as JSON, when it is JSON. An empty body is not: two empty bodies
/// are equal before this is asked, and empty against `{}` is a real change.
fn json(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

/// Walk both values in the saved side's order (then the fields only this
/// run has) and return the first pair that differs, leaving its path in `at`.
fn first_difference(old: &Value, new: &Value, at: &mut Vec<Step>) -> Option<(Option<Value>, Option<Value>)> {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                at.push(Step::Key(k.clone()));
                match b.get(k) {
                    Some(vb) => {
                        if let Some(found) = first_difference(va, vb, at) {
                            return Some(found);
                        }
                    }
                    None => return Some((Some(va.clone()), None)),
                }
                at.pop();
            }
            let (k, vb) = b.iter().find(|(k, _)| !a.contains_key(*k))?;
            at.push(Step::Key(k.clone()));
            Some((None, Some(vb.clone())))
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                at.push(Step::Index(i));
                if let Some(found) = first_difference(va, vb, at) {
                    return Some(found);
                }
                at.pop();
            }
            if a.len() == b.len() {
                return None;
            }
            let i = a.len().min(b.len());
            at.push(Step::Index(i));
            Some((a.get(i).cloned(), b.get(i).cloned()))
        }
        (Value::Number(a), Value::Number(b)) if same_number(a, b) => None,
        (a, b) if a == b => None,
        (a, b) => Some((Some(a.clone()), Some(b.clone()))),
    }
}

/// True when two JSON numbers are the same number however written (`1`,
/// `1.0`, `1e0`): `Value` equality tells an integer from a float, and an app
/// whose serializer changed from one to the other answers the same. Two
/// integers are compared exactly: past 2^53 an f64 cannot tell neighbours
/// apart, and two different ids must not look alike.
fn same_number(a: &Number, b: &Number) -> bool {
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// The number when it is an integer (an `i64` or a `u64`, which `i128` holds both of).
fn integer(n: &Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
