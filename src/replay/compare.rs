//! Whether a response is the same as a saved one, and if not, what changed
//! first. Same means: the status is equal, and the body is equal — JSON
//! bodies as values (object key order aside, `--ignore-field` paths removed
//! from both sides), other bodies byte for byte. Headers are not compared:
//! `Date` and friends differ on every run. Pure: no I/O.

use crate::fixture::edit::{remove_if_present, show, Step};
use serde_json::Value;

/// One side of a comparison: what a delivery's last attempt got.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The status, or `None` when there was no answer (timeout, refused).
    pub status: Option<u16>,
    /// The body; empty when there was no answer.
    pub body: &'a [u8],
}

/// What differs between a saved answer and this run's.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `(old, new)` when the statuses differ.
    pub status: Option<(Option<u16>, Option<u16>)>,
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
    let body = body_change(old.body, new.body, ignore);
    (status.is_some() || body.is_some()).then_some(Change { status, body })
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
        (a, b) if a == b => None,
        (a, b) => Some((Some(a.clone()), Some(b.clone()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::edit::parse_path;
    use serde_json::json;

    fn answer(status: u16, body: &str) -> Answer<'_> {
        Answer {
            status: Some(status),
            body: body.as_bytes(),
        }
    }

    fn json_change(old: &str, new: &str, ignore: &[&str]) -> Option<BodyChange> {
        let ignore: Vec<Vec<Step>> = ignore.iter().map(|p| parse_path(p).unwrap()).collect();
        change(answer(200, old), answer(200, new), &ignore).and_then(|c| c.body)
    }

    fn at(path: &str, old: Option<Value>, new: Option<Value>) -> Option<BodyChange> {
        Some(BodyChange::Json {
            path: path.into(),
            old,
            new,
        })
    }

    #[test]
    fn the_same_answer_is_no_change() {
        assert_eq!(change(answer(200, "ok"), answer(200, "ok"), &[]), None);
        let none = Answer {
            status: None,
            body: b"",
        };
        assert_eq!(change(none, none, &[]), None, "two timeouts are alike");
    }

    #[test]
    fn a_status_change_is_reported_with_both_statuses() {
        let c = change(answer(200, "{}"), answer(500, "{}"), &[]).unwrap();
        assert_eq!(c.status, Some((Some(200), Some(500))));
        assert_eq!(c.body, None);
        let gone = Answer {
            status: None,
            body: b"",
        };
        let c = change(answer(200, "ok"), gone, &[]).unwrap();
        assert_eq!(c.status, Some((Some(200), None)));
        assert!(matches!(
            c.body,
            Some(BodyChange::Bytes {
                offset: 0,
                old_len: 2,
                new_len: 0
            })
        ));
    }

    #[test]
    fn json_key_order_and_spacing_do_not_matter() {
        assert_eq!(
            json_change(r#"{"a":1,"b":[1,2]}"#, r#"{ "b": [1, 2], "a": 1 }"#, &[]),
            None
        );
    }

    #[test]
    fn the_first_differing_json_path_is_named_with_both_values() {
        let old = r#"{"id":"x","data":{"items":[{"n":1},{"n":2}],"total":3}}"#;
        let new = r#"{"id":"x","data":{"items":[{"n":1},{"n":5}],"total":6}}"#;
        assert_eq!(
            json_change(old, new, &[]),
            at("data.items[1].n", Some(json!(2)), Some(json!(5)))
        );
        assert_eq!(
            json_change(r#"{"a":1}"#, r#"{"a":1,"b":null}"#, &[]),
            at("b", None, Some(json!(null)))
        );
        assert_eq!(
            json_change(r#"{"a":1,"b":2}"#, r#"{"a":1}"#, &[]),
            at("b", Some(json!(2)), None)
        );
        assert_eq!(json_change("[1,2]", "[1,2,3]", &[]), at("[2]", None, Some(json!(3))));
        assert_eq!(json_change("1", "2", &[]), at("", Some(json!(1)), Some(json!(2))));
        assert_eq!(
            json_change(r#"{"a":[1]}"#, r#"{"a":{"0":1}}"#, &[]),
            at("a", Some(json!([1])), Some(json!({"0": 1})))
        );
    }

    #[test]
    fn ignored_fields_are_removed_from_both_sides() {
        let old = r#"{"at":"10:00","req":{"id":"a","ok":true},"list":[{"t":1}]}"#;
        let new = r#"{"at":"10:01","req":{"id":"b","ok":true},"list":[{"t":2}]}"#;
        assert_eq!(json_change(old, new, &["at", "req.id", "list[0].t"]), None);
        assert_eq!(
            json_change(old, new, &["at", "list[0].t"]),
            at("req.id", Some(json!("a")), Some(json!("b")))
        );
        // A field only one side has is ignored as well.
        assert_eq!(json_change(r#"{"a":1}"#, r#"{"a":1,"now":5}"#, &["now"]), None);
    }

    #[test]
    fn other_bodies_are_compared_byte_for_byte() {
        let bytes = |old: &str, new: &str| json_change(old, new, &["a"]);
        assert_eq!(
            bytes("hello world", "hello there"),
            Some(BodyChange::Bytes {
                offset: 6,
                old_len: 11,
                new_len: 11
            })
        );
        assert_eq!(
            bytes("ok", "ok!"),
            Some(BodyChange::Bytes {
                offset: 2,
                old_len: 2,
                new_len: 3
            })
        );
        // JSON on one side only is a byte difference too.
        assert_eq!(
            bytes("{\"a\":1}", "<html>"),
            Some(BodyChange::Bytes {
                offset: 0,
                old_len: 7,
                new_len: 6
            })
        );
        assert_eq!(
            bytes("", "{}"),
            Some(BodyChange::Bytes {
                offset: 0,
                old_len: 0,
                new_len: 2
            })
        );
    }
}
