//! Tests of `body_view.rs`: JSON pointers answer as `serde_json::Value::pointer` does; forms and other bodies.

use super::*;
use serde_json::json;

#[test]
fn pointers_find_what_value_pointer_finds() {
    let doc = json!({
        "type": "invoice.paid", "id": 7, "n": null, "ok": true, "f": 1.5,
        "data": {"object": {"id": "in_1", "list": [10, {"x": "y"}]}},
        "a/b": {"m~n": "escaped"}, "esc\"aped": "k", "dup": 1,
        "unicode": "caf\u{e9}", "arr": [[1, 2], []],
    });
    let mut text = doc.to_string();
    text.insert_str(text.len() - 1, r#","dup":2"#); // duplicate key: the last wins
    let view = BodyView::of(text.as_bytes());
    let parsed: Value = serde_json::from_str(&text).unwrap();
    for p in [
        "",
        "/type",
        "/id",
        "/n",
        "/ok",
        "/f",
        "/data",
        "/data/object/id",
        "/data/object/list/1/x",
        "/data/object/list/0",
        "/data/object/list/2",
        "/data/object/list/01",
        "/a~1b/m~0n",
        "/esc\"aped",
        "/dup",
        "/unicode",
        "/arr/0/1",
        "/arr/1/0",
        "/missing",
        "/type/x",
        "/id/0",
        "nope",
    ] {
        assert_eq!(view.pointer(p), parsed.pointer(p).cloned(), "{p}");
    }
}

#[test]
fn forms_and_other_bodies() {
    let form = BodyView::of(b"command=%2Fdeploy&text=now");
    assert_eq!(form.pointer("/command"), Some(json!("/deploy")));
    assert!(matches!(BodyView::of(b"hello world"), BodyView::Opaque));
    assert!(matches!(BodyView::of(&[0xff, 0xfe]), BodyView::Opaque));
    assert!(matches!(BodyView::of(b"{\"a\":1} trailing"), BodyView::Opaque));
    assert_eq!(BodyView::of(b"  [1, {\"t\": 2}] ").pointer("/1/t"), Some(json!(2)));
}
