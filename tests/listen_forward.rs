//! `hook listen -f`: forwarding to a real local app byte-exact, the app's
//! answer back to the sender, 502/504 when the app fails, and HTTPS.

mod listen_support;

use listen_support::app::{App, Seen};
use listen_support::*;
use serde_json::json;
use std::net::TcpListener;
use std::time::{Duration, Instant};

#[test]
fn forwards_byte_exact_and_returns_the_apps_answer() {
    let app = App::start(Duration::ZERO);
    let l = Listen::json(&["-f", &app.port.to_string()]);
    assert_eq!(l.ready["forward_to"], format!("http://127.0.0.1:{}/", app.port));
    let http = Http::new();
    let json_body: &[u8] = b"{ \"id\": \"evt_1\",\n  \"type\":\"x\" }";
    let cases: [(&str, &str, &[u8]); 4] = [
        ("POST", "/hooks/stripe?a=1&b=%2F&c", json_body),
        ("PUT", "/bin", &[0, 0xff, 0xfe, 0x80, b'\n', 0]),
        ("DELETE", "/empty/?x", b""),
        ("GET", "/verify?hub.challenge=abc", b""),
    ];
    let sent = [
        ("X-Custom", "Value  1"),
        ("Content-Type", "application/x-thing"),
        ("Stripe-Signature", "t=1,v1=0"),
    ];
    let own_host = format!("127.0.0.1:{}", l.port);
    for (method, target, body) in cases {
        let reply = http.send(method, &format!("{}{target}", l.url), &hdrs(&sent), body);
        let want = (201, "app-body".to_string(), Some("yes"));
        assert_eq!((reply.status, reply.text(), reply.header("x-app")), want);
        let seen = app.next();
        assert_eq!((seen.method.as_str(), seen.target.as_str()), (method, target));
        for (name, value) in sent {
            assert_eq!(seen.header(name), [value], "{name} in {seen:?}");
        }
        assert_eq!(sha(&seen.body), sha(body), "{method} {target}: {:?}", seen.body);
        assert_eq!(seen.header("X-Forwarded-For"), ["127.0.0.1"]);
        assert_eq!(seen.header("X-Forwarded-Proto"), ["http"]);
        assert_eq!(seen.header("X-Forwarded-Host"), [own_host.as_str()]);
        let line = l.request();
        let url = format!("http://127.0.0.1:{}{target}", app.port);
        let want = json!([url, 201, "app-body", null]);
        assert_eq!(pick(&line["forward"], &["url", "status", "body", "error"]), want);
        assert!(
            line["forward"]["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
            "{line}"
        );
        let want = json!([201, null, sha(body)]);
        assert_eq!(
            pick(&line, &["status", "handshake", "body_sha256"]),
            want,
            "no handshake: the app answers"
        );
    }
    let dup = b"POST /dup HTTP/1.1\r\nHost: h\r\nX-Dup: one\r\nX-Dup: two\r\nConnection: close\r\n\
                Content-Length: 2\r\n\r\nhi";
    let (status, answer) = raw(l.port, dup);
    assert_eq!(status, 201);
    assert!(answer.starts_with("HTTP/1.1 201 Made It\r\n"), "{answer}");
    assert_eq!(app.next().header("x-dup"), ["one", "two"], "repeated headers in order");
    assert_eq!(l.request()["status"], 201);
}

/// Send each target (and an extra header line) through `hook listen -f` as raw bytes; the app's view of each.
fn forward_raw(targets: &[&str], extra_header: &[u8]) -> Vec<Seen> {
    let app = App::start(Duration::ZERO);
    let l = Listen::json(&["-f", &app.port.to_string()]);
    let seen = targets.iter().map(|target| {
        let mut req = format!("GET {target} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n").into_bytes();
        req.extend_from_slice(extra_header);
        req.extend_from_slice(b"\r\n");
        assert_eq!(raw(l.port, &req).0, 201);
        assert_eq!(l.request()["status"], 201);
        app.next()
    });
    seen.collect()
}

#[test]
fn forwarding_keeps_path_and_query_bytes_exact() {
    let sent = [
        "/a/../b",
        "/a/./b",
        "/%2e%2e/x",
        "/p{1}",
        "/a\\b",
        "/q?x='y'",
        "/ok?a=%2F",
    ];
    let got: Vec<String> = forward_raw(&sent, b"").into_iter().map(|s| s.target).collect();
    assert_eq!(got, sent, "the targets the app received");
}

#[test]
fn forwarding_keeps_header_bytes_exact() {
    let seen = forward_raw(&["/h"], b"X-Latin: caf\xe9\r\n").remove(0);
    let (sent, head) = (b"\r\nx-latin: caf\xe9\r\n", seen.head.to_ascii_lowercase());
    assert!(
        head.windows(sent.len()).any(|w| w == sent),
        "{:?}",
        String::from_utf8_lossy(&seen.head)
    );
}

#[test]
fn show_response_prints_the_apps_body() {
    let app = App::start(Duration::ZERO);
    let mut l = Listen::text(&["-f", &app.port.to_string(), "--show-response"]);
    assert_eq!(Http::new().post(&format!("{}/x", l.url), &[], b"{\"a\":1}").status, 201);
    let mut out = l.until(|line| line.contains("→ 201"));
    out.extend(l.interrupt().0);
    let text = out.join("\n");
    let app_line = format!("  app http://127.0.0.1:{}/x answered 201 in ", app.port);
    assert!(
        out.iter().any(|l| l.starts_with(&app_line)),
        "{app_line:?} missing:\n{text}"
    );
    assert!(out.iter().any(|l| l == "    app-body"), "no app body:\n{text}");
}

#[test]
fn an_app_that_is_down_gives_502() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let l = Listen::json(&["-f", &port.to_string()]);
    let reply = Http::new().post(&format!("{}/down", l.url), &[], b"{}");
    assert_eq!(reply.status, 502, "{}", reply.text());
    assert!(reply.text().contains("cannot connect"), "{}", reply.text());
    let line = l.request();
    let f = &line["forward"];
    assert_eq!(pick(&line, &["status"]), pick(f, &["status"]), "{line}");
    assert_eq!(pick(f, &["status", "body"]), json!([502, null]), "{line}");
    let error = f["error"].as_str().unwrap_or_default();
    assert!(error.contains(&format!("cannot connect to 127.0.0.1:{port}")), "{line}");
}

/// With -f, --delay holds the app's answer back after the app has seen the
/// request: the case of a sender timing out on a delivery that was processed.
#[test]
fn delay_holds_back_the_apps_answer_after_the_app_has_it() {
    let app = App::start(Duration::ZERO);
    let l = Listen::json(&["-f", &app.port.to_string(), "--delay", "600ms"]);
    let url = format!("{}/late", l.url);
    let sender = std::thread::spawn(move || {
        let reply = Http::new().post(&url, &[], b"{}");
        (reply.status, Instant::now())
    });
    app.next();
    let seen = Instant::now();
    let (status, answered) = sender.join().unwrap();
    assert_eq!(status, 201);
    let held = answered.saturating_duration_since(seen);
    assert!(
        held >= Duration::from_millis(300),
        "answered {held:?} after the app saw it"
    );
    assert_eq!(l.request()["forward"]["status"], 201);
}

#[test]
fn an_app_slower_than_the_timeout_gives_504() {
    let app = App::start(Duration::from_secs(3));
    let l = Listen::json(&["-f", &app.port.to_string(), "--timeout", "300ms"]);
    let start = Instant::now();
    let reply = Http::new().post(&format!("{}/slow", l.url), &[], b"{}");
    let took = start.elapsed();
    assert_eq!(reply.status, 504, "{}", reply.text());
    let in_time = took >= Duration::from_millis(300) && took < Duration::from_millis(2500);
    assert!(in_time, "answered after {took:?}");
    app.next();
    let line = l.request();
    let f = &line["forward"];
    assert_eq!(pick(&line, &["status"]), pick(f, &["status"]), "{line}");
    assert_eq!(f["status"], 504, "{line}");
    assert!(f["error"].as_str().is_some_and(|e| e.contains("--timeout")), "{line}");
    assert!(f["latency_ms"].as_f64().is_some_and(|ms| ms >= 300.0), "{line}");
}

#[test]
fn tls_serves_https_with_the_announced_certificate() {
    let app = App::start(Duration::ZERO);
    let l = Listen::json(&["--tls", "-f", &app.port.to_string()]);
    assert!(l.url.starts_with("https://127.0.0.1:"), "{}", l.ready);
    let fingerprint = l.ready["tls_fingerprint"].as_str().expect("a fingerprint").to_string();
    let reply = Http::new().post(&format!("{}/secure", l.url), &[], b"{}");
    assert_eq!(reply.status, 201);
    let der = reply.cert.clone().expect("the server's certificate");
    let hex = sha(&der).to_uppercase();
    let pairs: Vec<&str> = (0..hex.len()).step_by(2).map(|i| &hex[i..i + 2]).collect();
    assert_eq!(
        fingerprint,
        pairs.join(":"),
        "the ready line names the certificate served"
    );
    assert_eq!(app.next().header("x-forwarded-proto"), ["https"]);
    assert_eq!(pick(&l.request(), &["path", "status"]), json!(["/secure", 201]));

    let plain = Listen::json(&["--tls"]);
    assert_eq!(Http::new().post(&plain.url, &[], b"").status, 200);
    assert_eq!(plain.request()["status"], 200);
}

#[test]
fn forwarding_and_saving_keep_header_case_and_order() {
    let lines = b"X-B: 1\r\nx-a: 2\r\nX-GitHub-Event: push\r\nX-B: 3\r\n";
    let seen = forward_raw(&["/order"], lines).remove(0);
    let head = String::from_utf8_lossy(&seen.head).into_owned();
    assert!(
        head.contains("\r\nX-B: 1\r\nx-a: 2\r\nX-GitHub-Event: push\r\nX-B: 3\r\n"),
        "{head}"
    );
    // A saved fixture lists them the same way.
    let dir = tempfile::tempdir().expect("tempdir");
    let l = Listen::json(&["--save", &dir.path().to_string_lossy()]);
    let mut req = b"POST /saved HTTP/1.1\r\nHost: h\r\n".to_vec();
    req.extend_from_slice(lines);
    req.extend_from_slice(b"Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    assert_eq!(raw(l.port, &req).0, 200);
    let saved = l.request()["saved"].as_str().expect("saved path").to_string();
    let fixture: serde_json::Value = serde_json::from_slice(&std::fs::read(saved).expect("read")).expect("json");
    let names: Vec<&str> = fixture["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .filter_map(|h| h[0].as_str())
        .collect();
    let at = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("{n}: {names:?}"))
    };
    assert!(at("X-B") < at("x-a") && at("x-a") < at("X-GitHub-Event"), "{names:?}");
    assert_eq!(names.iter().filter(|n| **n == "X-B").count(), 2, "{names:?}");
}

#[test]
fn an_app_with_an_untrusted_certificate_is_not_called_down() {
    // The app is a `hook listen --tls`, whose certificate nothing trusts.
    let app = Listen::json(&["--tls"]);
    let l = Listen::json(&["-f", &app.url]);
    assert_eq!(Http::new().post(&format!("{}/x", l.url), &[], b"{}").status, 502);
    let line = l.request();
    let error = line["forward"]["error"].as_str().unwrap_or_default().to_string();
    assert!(error.contains("not trusted") && error.contains("--cacert"), "{line}");
    assert!(!error.contains("is your app running"), "{line}");
}

#[test]
fn forwarding_to_itself_is_refused_at_the_start() {
    // A free port, then a listener told to forward to that same port.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    for target in [port.clone(), format!("http://localhost:{port}/hooks")] {
        let (code, _, stderr) = run_to_exit(&["listen", "-p", &port, "-f", &target]);
        assert_eq!(code, Some(2), "{target}: {stderr}");
        assert!(
            stderr.contains("is this listener itself") && stderr.contains("hint:"),
            "{stderr}"
        );
    }
}

#[test]
fn headers_given_with_h_replace_the_senders_for_the_app_only() {
    let app = App::start(Duration::ZERO);
    let port = app.port.to_string();
    let l = Listen::json(&["-f", &port, "-H", "authorization: Bearer dev-token", "-H", "X-Env: dev"]);
    let sent = [("X-Env", "prod"), ("X-Keep", "1")];
    assert_eq!(
        Http::new().post(&format!("{}/in", l.url), &hdrs(&sent), b"{}").status,
        201
    );
    let seen = app.next();
    assert_eq!(seen.header("X-Env"), ["dev"], "replaced, not added beside");
    assert_eq!(seen.header("Authorization"), ["Bearer dev-token"]);
    assert_eq!(seen.header("X-Keep"), ["1"]);
    let line = l.request();
    let shown = line["headers"].as_array().unwrap();
    assert!(shown.contains(&json!(["x-env", "prod"])), "as it came: {line}");
    assert!(!line.to_string().contains("dev-token"), "{line}");
    // A malformed one is refused before anything starts, without its value.
    let (code, _, err) = run_to_exit(&["listen", "-f", &port, "-H", "Authorization Bearer tok_9: x"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("-H #1") && err.contains("hint:") && !err.contains("tok_9"),
        "{err}"
    );
}
