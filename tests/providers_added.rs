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
    let lines: Vec<String> = header_lines(&signed.stdout)
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    for l in &lines {
        args.extend(["-H", l]);
    }
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
