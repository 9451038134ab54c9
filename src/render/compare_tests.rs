//! Unit tests of `compare.rs`.

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
    let stopped = |differ, total, not_compared| {
        verdict(&Compared {
            differ,
            total,
            not_compared,
            file: "a.jsonl".into(),
        })
    };
    let v = |differ, total| stopped(differ, total, 0);
    assert_eq!(v(0, 3), "every response matches a.jsonl");
    assert_eq!(v(1, 1), "the response differs from a.jsonl");
    assert_eq!(v(1, 3), "1 of 3 responses differs from a.jsonl");
    assert_eq!(v(2, 3), "2 of 3 responses differ from a.jsonl");
    assert_eq!(
        stopped(0, 3, 97),
        "every compared response matches a.jsonl (97 saved responses not compared: the run stopped)"
    );
    assert_eq!(
        stopped(1, 1, 1),
        "the response differs from a.jsonl (1 saved response not compared: the run stopped)"
    );
    assert_eq!(
        stopped(2, 3, 5),
        "2 of 3 responses differ from a.jsonl (5 saved responses not compared: the run stopped)"
    );
    assert_eq!(
        stopped(0, 0, 2),
        "no response was compared with a.jsonl (2 saved responses not compared: the run stopped)"
    );
    assert_eq!(
        [ordinal(2), ordinal(3), ordinal(11), ordinal(21), ordinal(112)],
        ["2nd", "3rd", "11th", "21st", "112th"]
    );
}
