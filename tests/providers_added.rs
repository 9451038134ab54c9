//! HubSpot, Mailgun, SendGrid and Jira through the real binary: published
//! vectors with `hook verify`, a failure that says why, and `hook listen`
//! naming the provider, event and verdict of a signed request.

mod replay_support;

use replay_support::*;

/// SIGNATURES.md §24: the HubSpot docs' client secret and v1 body.
const HS_SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const HS_BODY: &str = r#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;

/// `hook ARGS` with `body` on stdin.
fn with_body(args: &[&str], body: &[u8]) -> Run {
    run_with(args, Some(body))
}

/// `-H 'Name: value'` flags for the header lines `hook sign` printed.
fn header_flags(signed: &str) -> Vec<String> {
    (header_lines(signed).into_iter())
        .flat_map(|(n, v)| ["-H".to_string(), format!("{n}: {v}")])
        .collect()
}

/// Sign with `hook sign`, then POST exactly those headers and `body` to `listener` at `path`.
fn sign_and_post(listener: &Listener, sign: &[&str], path: &str, body: &[u8]) -> serde_json::Value {
    let url = format!("{}{path}", listener.url);
    let signed = with_body(&[&["sign", "--url", &url], sign].concat(), body);
    signed.expect_code(0);
    assert_eq!(post(&listener.url, path, &header_lines(&signed.stdout), body), 200);
    listener.request()
}

#[test]
fn hubspot_doc_vectors_verify_on_the_command_line() {
    let v1 = "X-HubSpot-Signature: 232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";
    // hook sign sends v1 beside v3, as HubSpot's Webhooks API does: the docs' v1 value.
    let url = "https://www.example.com/webhook_uri";
    let signed = with_body(
        &["sign", "-p", "hubspot", "--secret", HS_SECRET, "--url", url],
        HS_BODY.as_bytes(),
    );
    signed.expect_code(0);
    let lines = header_lines(&signed.stdout);
    let sent = |name: &str| lines.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(
        sent("X-HubSpot-Signature").as_deref(),
        v1.strip_prefix("X-HubSpot-Signature: ")
    );
    assert_eq!(sent("X-HubSpot-Signature-Version").as_deref(), Some("v1"));
    assert!(sent("X-HubSpot-Signature-v3").is_some(), "{}", signed.stdout);
    let run = with_body(
        &[
            "verify",
            "--secret",
            HS_SECRET,
            "-H",
            v1,
            "-H",
            "X-HubSpot-Signature-Version: v1",
        ],
        HS_BODY.as_bytes(),
    );
    run.expect_code(0);
    assert!(run.stdout.starts_with("valid hubspot "), "{run:?}");
    let v2 = [
        "-H",
        "X-HubSpot-Signature: eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
        "-H",
        "X-HubSpot-Signature-Version: v2",
        "--url",
        "https://www.example.com/webhook_uri",
    ];
    let get = with_body(
        &[
            &["verify", "-p", "hubspot", "--secret", HS_SECRET, "--method", "GET"],
            &v2[..],
        ]
        .concat(),
        b"",
    );
    get.expect_code(0);
    // Checked as the default POST: invalid, and the fix is named.
    let post = with_body(
        &[&["verify", "-p", "hubspot", "--secret", HS_SECRET], &v2[..]].concat(),
        b"",
    );
    post.expect_code(1);
    assert!(post.stdout.contains("--method GET"), "{post:?}");
}

#[test]
fn hubspot_stale_v3_says_so_and_a_missing_url_is_a_usage_error() {
    let signed = with_body(
        &[
            "sign",
            "-p",
            "hubspot",
            "--secret",
            HS_SECRET,
            "--timestamp",
            "1700000000",
            "--url",
            "https://h.example/x",
        ],
        HS_BODY.as_bytes(),
    );
    signed.expect_code(0);
    let mut args = vec![
        "verify",
        "--secret",
        HS_SECRET,
        "--url",
        "https://h.example/x",
        "--now",
        "1700000400",
    ];
    let flags = header_flags(&signed.stdout);
    args.extend(flags.iter().map(String::as_str));
    let stale = with_body(&args, HS_BODY.as_bytes());
    stale.expect_code(1);
    assert!(stale.stdout.contains("6m 40s old"), "{stale:?}");
    let no_url: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--url") && !a.starts_with("https://h."))
        .collect();
    let usage = with_body(&no_url, HS_BODY.as_bytes());
    usage.expect_code(2);
    assert!(
        usage.stderr.starts_with("hook: error: hubspot signs the request URL"),
        "{usage:?}"
    );
    assert!(usage.stderr.contains("\nhint: "), "{usage:?}");
}

#[test]
fn listen_names_hubspot_its_event_and_verdict() {
    let listener = Listener::with_secret(HS_SECRET, &[]);
    let good = sign_and_post(
        &listener,
        &["-p", "hubspot", "--secret", HS_SECRET],
        "/hs",
        HS_BODY.as_bytes(),
    );
    assert_eq!(
        (&good["provider"], &good["event"], &good["verdict"]),
        (&"hubspot".into(), &"contact.creation".into(), &"valid".into()),
        "{good}"
    );
    let bad = sign_and_post(
        &listener,
        &["-p", "hubspot", "--secret", "not-it"],
        "/hs",
        HS_BODY.as_bytes(),
    );
    assert_eq!(bad["verdict"], "invalid", "{bad}");
    assert_eq!(bad["provider"], "hubspot", "{bad}");
}

/// `hook sign --format json` for a body-signing provider: its headers and the signed body.
fn signed_json(sign: &[&str], body: &[u8]) -> (Vec<(String, String)>, Vec<u8>) {
    let run = with_body(&[&["sign", "--format", "json"], sign].concat(), body);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    let headers = (json["headers"].as_object().expect("headers").iter())
        .map(|(n, v)| (n.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let body = json["body"].as_str().map(|b| b.as_bytes().to_vec());
    (headers, body.expect("mailgun prints the signed body"))
}

#[test]
fn listen_finds_mailgun_by_its_body_and_replay_unsigned_stays_unsigned() {
    let key = "mg-signing-key";
    let listener = Listener::with_secret(key, &[]);
    let event = br#"{"event-data":{"event":"opened","id":"ev-1"}}"#;
    for (secret, verdict) in [(key, "valid"), ("not-it", "invalid")] {
        let (headers, body) = signed_json(&["-p", "mailgun", "--secret", secret], event);
        assert_eq!(post(&listener.url, "/mg", &headers, &body), 200);
        let seen = listener.request();
        assert_eq!(
            (&seen["provider"], &seen["event"], &seen["verdict"]),
            (&"mailgun".into(), &"opened".into(), &verdict.into()),
            "{seen}"
        );
    }
    // The built-in fixture, sent unsigned: its signature fields stay empty.
    let run = run(&[
        "replay",
        "mailgun/delivered",
        "--to",
        &listener.url,
        "--secret",
        key,
        "--unsigned",
        "--json",
    ]);
    // A negative case expects a 4xx, and this listener answers every request 200.
    run.expect_code(1);
    let seen = listener.request();
    assert_eq!(seen["verdict"], "unsigned", "{seen}");
    // Still named by its body's empty signature fields.
    assert_eq!(
        (&seen["provider"], &seen["event"]),
        (&"mailgun".into(), &"delivered".into()),
        "{seen}"
    );
    assert_eq!(seen["reason"], "no mailgun signature in the body", "{seen}");
    assert_eq!(body_json(&seen)["signature"]["signature"], "", "{seen}");
}

#[test]
fn mailgun_verify_explains_a_missing_signature_and_refuses_tamper() {
    let out = with_body(
        &["verify", "-p", "mailgun", "--secret", "k"],
        br#"{"event-data":{"event":"opened"}}"#,
    );
    out.expect_code(1);
    assert!(out.stdout.contains("missing body field signature.timestamp"), "{out:?}");
    // The signature covers a timestamp and a token only: a changed body cannot be detected.
    let run = run(&[
        "replay",
        "mailgun/delivered",
        "--to",
        &refused_url(),
        "--secret",
        "k",
        "--tamper",
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("does not cover the body"), "{run:?}");
}

#[test]
fn sendgrid_sdk_vector_verifies_and_listen_names_it() {
    // SIGNATURES.md §16: the official SDKs' test vector.
    let public = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
    let sig = "X-Twilio-Email-Event-Webhook-Signature: MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";
    let ts = "X-Twilio-Email-Event-Webhook-Timestamp: 1588788367";
    let body = br#"{"category":"example_payload","event":"test_event","message_id":"message_id"}"#;
    let ok = with_body(&["verify", "--secret", public, "-H", sig, "-H", ts], body);
    ok.expect_code(0);
    assert!(ok.stdout.starts_with("valid sendgrid "), "{ok:?}");
    // The private key given to verify: invalid, and the public key to use is named.
    let signed = with_body(&["sign", "-p", "sendgrid", "--secret", P256_PRIVATE], body);
    signed.expect_code(0);
    assert!(signed.stderr.contains(P256_PUBLIC), "{signed:?}");
    let mut args = vec!["verify", "--secret", P256_PRIVATE];
    let flags = header_flags(&signed.stdout);
    args.extend(flags.iter().map(String::as_str));
    let wrong = with_body(&args, body);
    wrong.expect_code(1);
    assert!(
        wrong.stdout.contains("is the private key, not the public key"),
        "{wrong:?}"
    );
    assert!(!wrong.stdout.contains(P256_PRIVATE), "{wrong:?}");

    let listener = Listener::with_secret(P256_PUBLIC, &[]);
    let events = br#"[{"email":"ada@example.com","event":"bounce","sg_event_id":"ev-9"}]"#;
    let seen = sign_and_post(&listener, &["-p", "sendgrid", "--secret", P256_PRIVATE], "/sg", events);
    assert_eq!(
        (&seen["provider"], &seen["event"], &seen["verdict"]),
        (&"sendgrid".into(), &"bounce".into(), &"valid".into()),
        "{seen}"
    );
}

#[test]
fn jira_is_told_from_bitbucket_by_its_identifier_header() {
    let secret = "jira-webhook-secret";
    let listener = Listener::with_secret(secret, &[]);
    let body = br#"{"timestamp":1730822400000,"webhookEvent":"jira:issue_updated","issue":{"key":"ENG-1"}}"#;
    let seen = sign_and_post(&listener, &["-p", "jira", "--secret", secret], "/jira", body);
    assert_eq!(
        (&seen["provider"], &seen["event"], &seen["verdict"]),
        (&"jira".into(), &"jira:issue_updated".into(), &"valid".into()),
        "{seen}"
    );
    // The same signature without Jira's header is Bitbucket's, and still checks out.
    let signed = with_body(&["sign", "-p", "jira", "--secret", secret], body);
    signed.expect_code(0);
    assert!(signed.stdout.contains("X-Atlassian-Webhook-Identifier: "), "{signed:?}");
    let sig = header_lines(&signed.stdout)
        .into_iter()
        .find(|(n, _)| n == "X-Hub-Signature")
        .map(|(n, v)| format!("{n}: {v}"))
        .expect("X-Hub-Signature");
    let bare = with_body(&["verify", "--secret", secret, "-H", &sig], body);
    bare.expect_code(0);
    assert!(bare.stdout.starts_with("valid bitbucket "), "{bare:?}");
    let mut args = vec!["verify".to_string(), "--secret".into(), "other".into()];
    args.extend(header_flags(&signed.stdout));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let wrong = with_body(&args, body);
    wrong.expect_code(1);
    assert!(wrong.stdout.starts_with("invalid jira "), "{wrong:?}");
}
