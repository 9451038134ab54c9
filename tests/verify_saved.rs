//! `hook verify --request FILE`: a request `hook listen --save` wrote is
//! checked offline, with its method, path, headers and body as they came.

mod listen_support;

use listen_support::*;

/// Send `headers` and `body` to a `hook listen --save` and return the saved file.
fn saved(l: &Listen, path: &str, headers: &Headers, body: &[u8]) -> String {
    assert_eq!(Http::new().post(&format!("{}{path}", l.url), headers, body).status, 200);
    let line = l.request();
    line["saved"]
        .as_str()
        .unwrap_or_else(|| panic!("not saved: {line}"))
        .to_string()
}

#[test]
fn a_saved_request_verifies_offline_and_explains_a_wrong_secret() {
    let dir = tempfile::tempdir().unwrap();
    let l = Listen::json(&["--save", dir.path().to_str().unwrap()]);
    let body = br#"{"zen":"Keep it logically awesome."}"#;
    let file = saved(&l, "/gh", &sign("github", "s3cret", body, &["--event", "ping"]), body);

    let (code, out, err) = run_to_exit(&["verify", "--request", &file, "--secret", "s3cret"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.starts_with("valid github "), "{out}");
    let (code, out, _) = run_to_exit(&["verify", "--request", &file, "--secret", "other"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("invalid github "), "{out}");

    // A body file or --method beside --request is refused: the file holds both.
    let (code, _, err) = run_to_exit(&["verify", "--request", &file, "--secret", "s3cret", "b.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cannot be used with") && err.contains("hint:"), "{err}");
    let (code, _, err) = run_to_exit(&["verify", "--request", "/no/such.json", "--secret", "x"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with("hook: error: reading --request /no/such.json"), "{err}");
}

#[test]
fn a_url_signing_provider_is_checked_on_the_url_the_forwarded_headers_name() {
    // Twilio signs the public URL; a tunnel or proxy says it in X-Forwarded-*.
    let dir = tempfile::tempdir().unwrap();
    let l = Listen::json(&["--save", dir.path().to_str().unwrap()]);
    let body = b"Body=hi&From=%2B15550001";
    let url = ["--url", "https://pub.example/sms"];
    let mut headers = sign("twilio", "authtoken1", body, &url);
    headers.push(("X-Forwarded-Proto".into(), "https".into()));
    headers.push(("X-Forwarded-Host".into(), "pub.example".into()));
    headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
    let file = saved(&l, "/sms", &headers, body);
    let (code, out, err) = run_to_exit(&["verify", "--request", &file, "--secret", "authtoken1"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.starts_with("valid twilio "), "{out}");
}

#[test]
fn a_url_signing_mismatch_names_the_url_checked_and_a_forwarded_port_is_used() {
    // Signed for a port a proxy left out of X-Forwarded-Host.
    let dir = tempfile::tempdir().unwrap();
    let secret = "authtoken4";
    let l = Listen::json(&["--save", dir.path().to_str().unwrap(), "--secret", secret]);
    let body = b"Body=hi&From=%2B15550004";
    let mut headers = sign("twilio", secret, body, &["--url", "https://pub.example:8443/tw/sms"]);
    for (n, v) in [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "pub.example"),
        ("X-Forwarded-Prefix", "/tw"),
    ] {
        headers.push((n.into(), v.into()));
    }
    assert_eq!(Http::new().post(&format!("{}/sms", l.url), &headers, body).status, 200);
    let seen = l.request();
    let file = seen["saved"].as_str().expect("saved").to_string();
    assert_eq!(seen["verdict"], "invalid", "{seen}");
    let finding = &seen["findings"][0];
    assert_eq!(finding["code"], "url_checked", "{seen}");
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(message.contains("checked https://pub.example/tw/sms"), "{message}");
    assert!(
        message.contains("X-Forwarded-Host") && message.contains("--public-url"),
        "{message}"
    );

    let (code, out, _) = run_to_exit(&["verify", "--request", &file, "--secret", secret]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("hook checked https://pub.example/tw/sms") && out.contains("with --url"),
        "{out}"
    );

    // With the port named apart, as Traefik and load balancers do, it is the URL signed.
    headers.push(("X-Forwarded-Port".into(), "8443".into()));
    Http::new().post(&format!("{}/sms", l.url), &headers, body);
    let seen = l.request();
    assert_eq!(seen["verdict"], "valid", "{seen}");
}

#[test]
fn a_url_signing_provider_sent_straight_to_listen_is_checked_on_the_url_its_host_names() {
    let dir = tempfile::tempdir().unwrap();
    let l = Listen::json(&["--save", dir.path().to_str().unwrap()]);
    let body = b"Body=hi&From=%2B15550002";
    let url = format!("{}/sms?x=1", l.url);
    let mut headers = sign("twilio", "authtoken2", body, &["--url", &url]);
    headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
    let file = saved(&l, "/sms?x=1", &headers, body);
    let (code, out, err) = run_to_exit(&["verify", "--request", &file, "--secret", "authtoken2"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.starts_with("valid twilio "), "{out}");
    // Replayed elsewhere, the saved Host is not sent: the target's is.
    let replayed = run_to_exit(&[
        "replay",
        &file,
        "--to",
        "http://127.0.0.1:9",
        "--secret",
        "t",
        "--dry-run",
    ]);
    assert!(
        replayed.1.contains("Host: 127.0.0.1:9\r\n") || replayed.1.contains("Host: 127.0.0.1:9\n"),
        "{replayed:?}"
    );
    assert_eq!(replayed.1.matches("Host:").count(), 1, "{replayed:?}");
}

#[test]
fn a_url_signing_provider_received_over_tls_is_checked_on_its_https_url() {
    let dir = tempfile::tempdir().unwrap();
    let l = Listen::json(&["--tls", "--save", dir.path().to_str().unwrap()]);
    assert!(l.url.starts_with("https://"), "{}", l.url);
    let body = b"Body=hi&From=%2B15550003";
    let mut headers = sign("twilio", "authtoken3", body, &["--url", &format!("{}/sms", l.url)]);
    headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
    let file = saved(&l, "/sms", &headers, body);
    let fixture: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(fixture["tls"], true, "{fixture}");
    let (code, out, err) = run_to_exit(&["verify", "--request", &file, "--secret", "authtoken3"]);
    assert_eq!(code, Some(0), "no --url needed: {out}{err}");
    assert!(out.starts_with("valid twilio "), "{out}");
    // A plain-HTTP listener's fixture has no such field.
    let plain = Listen::json(&["--save", dir.path().to_str().unwrap()]);
    let other = saved(&plain, "/x", &Vec::new(), b"{}");
    assert!(!std::fs::read_to_string(&other).unwrap().contains("\"tls\""));
}

#[test]
fn a_secret_hidden_when_saved_is_named_and_can_be_given_again() {
    let dir = tempfile::tempdir().unwrap();
    let token = "gitlab-token-1";
    let l = Listen::json(&["--save", dir.path().to_str().unwrap(), "--secret", token]);
    let headers = hdrs(&[("X-Gitlab-Token", token), ("X-Gitlab-Event", "Push Hook")]);
    let file = saved(&l, "/gl", &headers, b"{}");

    let args = ["verify", "--request", &file, "--secret", token, "--json"];
    let (code, out, _) = run_to_exit(&args);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("\"code\":\"secret_hidden\""), "{out}");
    assert!(!out.contains(token), "the secret is not shown: {out}");
    let given = format!("X-Gitlab-Token: {token}");
    let (code, out, err) = run_to_exit(&["verify", "--request", &file, "--secret", token, "-H", &given]);
    assert_eq!(code, Some(0), "{out}{err}");
}
