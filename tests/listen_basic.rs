//! `hook listen`: the ready line, what each request line shows, provider and
//! verdict detection, and Ctrl-C (text output: listen_display.rs). Every JSON line is checked
//! against schemas/listen.schema.json.

mod listen_support;

use base64::Engine;
use listen_support::*;
use serde_json::{json, Value};

const SECRET: &str = "s3cret-for-tests";

#[test]
fn schema_validator_accepts_a_good_line_and_rejects_broken_ones() {
    let good = json!({"type":"request","seq":1,"time":"2026-01-01T00:00:00.000Z","method":"POST","path":"/",
        "query":null,"headers":[["host","x"]],"body":"{}","body_sha256":"00","size":2,"provider":null,"event":null,
        "delivery_id":null,"verdict":"unchecked","reason":null,"findings":[],"duplicate":false,"status":200,
        "handshake":null,"note":null,"forward":null,"saved":null});
    validate(&good).expect("the sample line is valid");
    validate(&json!({"type":"summary","requests":0,"by_status":{},"retries_not_sent":0})).expect("summary");
    let broken: [(&str, Value); 9] = [
        ("seq", Value::Null),
        ("seq", json!("1")),
        ("seq", json!(0)),
        ("verdict", json!("maybe")),
        ("headers", json!([["only-a-name"]])),
        ("query", json!(5)),
        ("extra", json!(true)),
        ("findings", json!([{"code": "x"}])),
        ("forward", json!({"url": "u", "status": 200, "latency_ms": 1})),
    ];
    for (field, value) in broken {
        let mut bad = good.clone();
        if value.is_null() {
            bad.as_object_mut().unwrap().remove(field);
        } else {
            bad[field] = value;
        }
        assert!(validate(&bad).is_err(), "accepted a line with a bad {field}: {bad}");
    }
    assert!(validate(&json!({"type":"summary","requests":1,"by_status":{"200":"1"}})).is_err());
    assert!(validate(&json!({"type":"other"})).is_err());
}

#[test]
fn ready_line_reports_where_and_how_it_listens() {
    let l = Listen::json(&[]);
    let r = &l.ready;
    assert!(l.url.starts_with("http://127.0.0.1:") && l.port != 0, "{r}");
    assert_eq!(r["address"], format!("127.0.0.1:{}", l.port));
    for field in ["tls_fingerprint", "forward_to", "verifying", "save"] {
        assert!(r[field].is_null(), "{field} should be null: {r}");
    }
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("caught");
    let save = save.to_str().unwrap();
    let l = Listen::json(&["--secret", "x", "--provider", "github", "-f", "9", "--save", save]);
    assert_eq!(l.ready["verifying"], "github");
    assert_eq!(l.ready["forward_to"], "http://127.0.0.1:9/");
    assert_eq!(l.ready["save"], save);
    assert_eq!(Listen::json(&["--secret", "x"]).ready["verifying"], "auto");
}

#[test]
fn any_method_path_and_query_is_accepted_and_shown() {
    let l = Listen::json(&[]);
    let http = Http::new();
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        let url = format!("{}/a/b%20c/?x=1&y=%2F&z", l.url);
        let reply = http.send(method, &url, &hdrs(&[("X-Custom", "Some  Value")]), b"");
        assert_eq!(reply.status, 200, "{method}");
        let line = l.request();
        let expected = json!([method, "/a/b%20c/", "x=1&y=%2F&z", 200]);
        assert_eq!(pick(&line, &["method", "path", "query", "status"]), expected);
        assert_eq!(header_values(&line, "x-custom"), ["Some  Value"]);
        let time = line["time"].as_str().unwrap().as_bytes();
        assert!(
            time.len() == 24 && time[10] == b'T' && time[19] == b'.' && time[23] == b'Z',
            "{line}"
        );
    }
    let head = b"PURGE /cache HTTP/1.1\r\nHost: h\r\nX-Dup: one\r\nX-Dup: two\r\nConnection: close\r\n\r\n";
    assert_eq!(raw(l.port, head).0, 200);
    let line = l.request();
    assert_eq!(
        pick(&line, &["method", "path", "query", "seq"]),
        json!(["PURGE", "/cache", null, 7])
    );
    assert_eq!(
        header_values(&line, "X-Dup"),
        ["one", "two"],
        "repeated headers kept in order"
    );
    assert_eq!(
        line["headers"],
        json!([
            ["Host", "h"],
            ["X-Dup", "one"],
            ["X-Dup", "two"],
            ["Connection", "close"]
        ]),
        "names keep their case, every header its place"
    );
}

#[test]
fn the_raw_body_is_kept_exactly() {
    let l = Listen::json(&[]);
    let http = Http::new();
    let json_body = "{ \"b\":1,  \"a\": [1.50, \"\u{e9}\\u00e9\"] }\n".as_bytes();
    let binary: &[u8] = &[0, 0xff, 0xfe, b'a', 0, 0x80, b'{', 0xc3];
    for body in [json_body, binary, b""] {
        assert_eq!(http.post(&format!("{}/b", l.url), &[], body).status, 200);
        let line = l.request();
        assert_eq!(line["body_sha256"], sha(body), "{line}");
        assert_eq!(line["size"], body.len());
        match std::str::from_utf8(body) {
            Ok(text) => {
                assert_eq!(line["body"], text);
                assert!(line.get("body_base64").is_none(), "{line}");
            }
            Err(_) => {
                let expected = base64::engine::general_purpose::STANDARD.encode(body);
                assert_eq!(line["body_base64"], expected);
                assert!(line.get("body").is_none(), "binary body shown as text: {line}");
            }
        }
    }
}

/// POST `body` signed by `hook sign -p provider --secret SECRET EXTRA` and return its line.
fn deliver(l: &Listen, http: &Http, provider: &str, body: &[u8], extra: &[&str]) -> Value {
    let headers = sign(provider, SECRET, body, extra);
    let reply = http.post(&format!("{}/hooks/{provider}", l.url), &headers, body);
    assert_eq!(reply.status, 200);
    l.request()
}

const WHO: [&str; 5] = ["provider", "event", "delivery_id", "verdict", "reason"];

#[test]
fn providers_events_and_ids_are_detected_and_verified() {
    let l = Listen::json(&["--secret", SECRET]);
    let http = Http::new();
    let pr = br#"{"action":"opened","number":1}"#;
    let line = deliver(&l, &http, "github", pr, &["--event", "pull_request", "--id", "gh-1"]);
    assert_eq!(
        pick(&line, &WHO),
        json!(["github", "pull_request.opened", "gh-1", "valid", null])
    );
    let charge = br#"{"id":"evt_1","type":"charge.succeeded","data":{}}"#;
    let line = deliver(&l, &http, "stripe", charge, &[]);
    assert_eq!(
        pick(&line, &WHO),
        json!(["stripe", "charge.succeeded", "evt_1", "valid", null])
    );
    let order = br#"{"id":820982911946154508}"#;
    let line = deliver(
        &l,
        &http,
        "shopify",
        order,
        &["--event", "orders/create", "--id", "s-1"],
    );
    assert_eq!(
        pick(&line, &WHO),
        json!(["shopify", "orders/create", "s-1", "valid", null])
    );
    let slack = br#"{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","text":"hi"}}"#;
    let line = deliver(&l, &http, "slack", slack, &[]);
    assert_eq!(pick(&line, &WHO), json!(["slack", "app_mention", "Ev1", "valid", null]));
}

#[test]
fn verdicts_invalid_unsigned_unchecked_and_duplicates() {
    let l = Listen::json(&["--secret", SECRET]);
    let http = Http::new();
    let body = br#"{"id":"evt_9","type":"invoice.paid","data":{"n":1}}"#;
    let headers = sign("stripe", SECRET, body, &[]);
    let pretty = serde_json::to_vec_pretty(&serde_json::from_slice::<Value>(body).unwrap()).unwrap();
    assert_eq!(http.post(&l.url, &headers, &pretty).status, 200, "no --reject-invalid");
    let line = l.request();
    assert_eq!(
        pick(&line, &["verdict", "duplicate"]),
        json!(["invalid", false]),
        "{line}"
    );
    assert!(line["reason"].as_str().is_some_and(|r| !r.is_empty()), "{line}");
    let codes = line["findings"].as_array().unwrap().iter().map(|f| f["code"].clone());
    assert!(codes.collect::<Vec<_>>().contains(&json!("body_reencoded")), "{line}");

    http.post(&l.url, &headers, body);
    let again = l.request();
    assert_eq!(
        pick(&again, &["verdict", "duplicate"]),
        json!(["valid", true]),
        "{again}"
    );
    http.post(&l.url, &hdrs(&[("Content-Type", "application/json")]), body);
    let unsigned = l.request();
    assert_eq!(unsigned["verdict"], "unsigned", "{unsigned}");
    assert!(
        unsigned["reason"]
            .as_str()
            .is_some_and(|r| r.contains("signature header")),
        "{unsigned}"
    );

    let plain = Listen::json(&[]);
    let push = ["--event", "push", "--id", "d-1"];
    let line = deliver(&plain, &http, "github", b"{}", &push);
    let fields = ["verdict", "provider", "reason", "findings", "duplicate"];
    assert_eq!(pick(&line, &fields), json!(["unchecked", "github", null, [], false]));
    let line = deliver(&plain, &http, "github", b"{}", &push);
    assert_eq!(line["duplicate"], true, "same X-GitHub-Delivery twice: {line}");
    let line = deliver(&plain, &http, "github", b"{}", &["--event", "push", "--id", "d-2"]);
    assert_eq!(line["duplicate"], false, "{line}");
}

#[test]
fn ctrl_c_prints_a_summary_and_exits_0() {
    let mut l = Listen::json(&["--max-body", "10"]);
    let http = Http::new();
    assert_eq!(http.post(&l.url, &[], b"small").status, 200);
    assert_eq!(http.post(&l.url, &[], b"far too large for ten bytes").status, 413);
    assert_eq!(http.send("GET", &l.url, &[], b"").status, 200);
    let statuses: Vec<Value> = (0..3).map(|_| l.request()["status"].clone()).collect();
    assert_eq!(statuses, [json!(200), json!(413), json!(200)]);
    let (rest, code) = l.interrupt();
    assert_eq!(rest.len(), 1, "{rest:?}");
    let summary: Value = serde_json::from_str(&rest[0]).unwrap();
    validate(&summary).unwrap_or_else(|e| panic!("{e}: {summary}"));
    let by_status = json!({"200": 2, "413": 1});
    assert_eq!(
        summary,
        json!({"type": "summary", "requests": 3, "by_status": by_status, "retries_not_sent": 0})
    );
    assert_eq!(code, Some(0), "Ctrl-C is a normal stop");
}

#[test]
fn ctrl_c_reports_a_request_answered_just_before() {
    let dir = tempfile::tempdir().unwrap();
    let http = Http::new();
    for attempt in 0..30 {
        let mut l = Listen::json(&["--save", dir.path().to_str().unwrap()]);
        assert_eq!(http.post(&l.url, &[], b"{}").status, 200);
        let (rest, code) = l.interrupt();
        assert_eq!(code, Some(0));
        let last: Value = serde_json::from_str(rest.last().expect("a summary line")).unwrap();
        assert_eq!(
            last["requests"], 1,
            "attempt {attempt}: answered 200, then Ctrl-C printed {rest:?}"
        );
    }
}

/// Twilio signs the public URL. Behind ngrok or a TLS proxy, `hook listen`
/// checks against the URL `X-Forwarded-Proto` and `X-Forwarded-Host` give;
/// without them, against the local one (and says the URL differs).
#[test]
fn url_signing_providers_are_checked_against_the_forwarded_public_url() {
    let l = Listen::json(&["--secret", SECRET]);
    let http = Http::new();
    let body = b"From=%2B15551234567&Body=hi&SmsStatus=received";
    let public = "https://abc.ngrok.app/hooks/twilio";
    let mut headers = sign("twilio", SECRET, body, &["--url", public]);
    headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
    let mut forwarded = headers.clone();
    forwarded.push(("X-Forwarded-Proto".into(), "https".into()));
    forwarded.push(("X-Forwarded-Host".into(), "abc.ngrok.app".into()));
    assert_eq!(
        http.post(&format!("{}/hooks/twilio", l.url), &forwarded, body).status,
        200
    );
    let line = l.request();
    assert_eq!(
        pick(&line, &["provider", "verdict"]),
        json!(["twilio", "valid"]),
        "{line}"
    );
    assert_eq!(
        http.post(&format!("{}/hooks/twilio", l.url), &headers, body).status,
        200
    );
    let line = l.request();
    assert_eq!(line["verdict"], "invalid", "{line}");
}
