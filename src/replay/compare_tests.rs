//! Unit tests of `compare.rs`.

use super::*;
use crate::fixture::edit::parse_path;
use serde_json::json;

fn answer(status: u16, body: &str) -> Answer<'_> {
    Answer {
        status: Some(status),
        failure: None,
        body: body.as_bytes(),
    }
}

fn no_answer(failure: Option<Failure>) -> Answer<'static> {
    Answer {
        status: None,
        failure,
        body: b"",
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
    let none = no_answer(None);
    assert_eq!(
        change(none, none, &[]),
        None,
        "two no-answers of no known kind are alike"
    );
}

#[test]
fn a_status_change_is_reported_with_both_statuses() {
    let c = change(answer(200, "{}"), answer(500, "{}"), &[]).unwrap();
    assert_eq!(c.status, Some((Some(200), Some(500))));
    assert_eq!(c.body, None);
    let gone = no_answer(None);
    let c = change(answer(200, "ok"), gone, &[]).unwrap();
    assert_eq!(c.status, Some((Some(200), None)));
    assert_eq!(c.failure, None, "no reason known on either side");
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

#[test]
fn numbers_are_equal_when_they_are_the_same_number() {
    for (old, new) in [
        ("1", "1.0"),
        ("1", "1e0"),
        ("1.0", "10e-1"),
        ("-0", "0.0"),
        (r#"{"n":[2,{"m":-3}]}"#, r#"{"n":[2.0,{"m":-3e0}]}"#),
        ("18446744073709551615", "18446744073709551615"),
    ] {
        assert_eq!(json_change(old, new, &[]), None, "{old} and {new}");
    }
    assert_eq!(
        json_change(r#"{"n":1}"#, r#"{"n":1.5}"#, &[]),
        at("n", Some(json!(1)), Some(json!(1.5)))
    );
    // Beyond 2^53 two integers an f64 would round to the same value differ.
    assert_eq!(
        json_change("9007199254740993", "9007199254740992", &[]),
        at("", Some(json!(9007199254740993u64)), Some(json!(9007199254740992u64)))
    );
    assert_eq!(
        json_change("-1", "18446744073709551615", &[]),
        at("", Some(json!(-1)), Some(json!(u64::MAX)))
    );
    // A number is not its text.
    assert_eq!(
        json_change(r#"{"n":1}"#, r#"{"n":"1"}"#, &[]),
        at("n", Some(json!(1)), Some(json!("1")))
    );
}

#[test]
fn no_answers_differ_when_they_failed_differently() {
    use Failure::*;
    let (timeout, refused) = (no_answer(Some(Timeout)), no_answer(Some(Refused)));
    assert_eq!(change(timeout, timeout, &[]), None);
    let c = change(timeout, refused, &[]).expect("a timeout is not a refusal");
    assert_eq!(
        c,
        Change {
            status: None,
            failure: Some((Some(Timeout), Some(Refused))),
            body: None
        }
    );
    // A saved line that does not say why (written before hook saved it)
    // matches any no-answer, on either side.
    assert_eq!(change(no_answer(None), refused, &[]), None);
    assert_eq!(change(timeout, no_answer(None), &[]), None);
    // An answer against a no-answer: the status changed, and the reason is told.
    let c = change(answer(200, ""), refused, &[]).unwrap();
    assert_eq!(c.status, Some((Some(200), None)));
    assert_eq!(c.failure, Some((None, Some(Refused))));
    // A reason beside a status (a hand-made line) is no reason.
    let odd = Answer {
        failure: Some(Timeout),
        ..answer(200, "")
    };
    assert_eq!(change(odd, answer(200, ""), &[]), None);
}
