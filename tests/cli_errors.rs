//! Errors through the real binary: exit 2, `hook: error:` with a hint, no
//! panics (secrets: cli_secrets.rs; pipes, colour and help: cli_output.rs;
//! the network commands' flags: cli_errors_network.rs).

mod common;

use common::*;

const BODY: &[u8] = br#"{"id":"evt_1"}"#;

/// Run `hook LINE` with a small body and assert a hinted error containing `needle`.
fn err(line: &str, needle: &str) -> Output {
    hinted_error(line, Some(BODY), needle)
}

#[test]
fn unknown_provider_lists_the_known_ones() {
    for cmd in ["sign", "verify"] {
        let out = err(&format!("{cmd} -p gitbub --secret s"), "unknown provider \"gitbub\"");
        let hint = out.stderr.lines().find(|l| l.starts_with("hint: ")).unwrap();
        for name in ["github", "stripe", "standard", "discord", "sentry", "hmac"] {
            assert!(hint.contains(name), "{name} not in {hint}");
        }
        assert!(hint.starts_with("hint: did you mean github? "), "{hint}");
        // Only the names this command takes: auto checks a received request.
        assert_eq!(hint.contains(", auto"), cmd == "verify", "{hint}");
    }
    let out = err("listen -p 0 --provider gitbub", "unknown provider \"gitbub\"");
    let hint = out.stderr.lines().find(|l| l.starts_with("hint: ")).unwrap();
    assert!(
        hint.ends_with(", sendgrid, auto"),
        "listen takes auto, not hmac: {hint}"
    );
}

#[test]
fn missing_secret() {
    err("sign -p github", "no secret given");
    err("verify -p github -H X-Hub-Signature-256:sha256=00", "no secret given");
    let out = hook(&["sign", "-p", "github", "--secret", ""], Some(BODY));
    assert_error(&out, "empty secret");
    assert_hint(&out);
}

#[test]
fn unreadable_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let missing = s(&missing);
    let out = run(&format!("sign -p github --secret s {missing}"), None);
    assert_error(&out, &format!("reading body from {missing}"));
    let out = run(&format!("sign -p github --secret-file {missing}"), Some(BODY));
    assert_error(&out, &format!("reading --secret-file {missing}"));
    let line = format!("verify -p github --secret s --headers-file {missing}");
    assert_error(&run(&line, Some(BODY)), &format!("reading --headers-file {missing}"));
    // A directory is not a body either.
    let line = format!("sign -p github --secret s {}", s(dir.path()));
    assert_error(&run(&line, None), "reading body from");
}

#[test]
fn every_error_has_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let bad_json = write(dir.path(), "h.json", br#"{"headers": 5}"#);
    let lines = [
        format!("sign -p github --secret s {}", s(&missing)),
        format!("sign -p github --secret-file {}", s(&missing)),
        format!("verify -p github --secret s --headers-file {}", s(&missing)),
        format!("verify -p github --secret s --headers-file {}", s(&bad_json)),
        "sign -p hmac --header X --payload-template {url} --url http://x/ --secret s".into(),
        "sign -p hmac --header X --payload-template {nope}.{body} --secret s".into(),
    ];
    let mut unhinted = Vec::new();
    for line in &lines {
        let out = run(line, Some(BODY));
        assert_error(&out, "");
        if !out.stderr.lines().any(|l| l.starts_with("hint: ")) {
            unhinted.push(format!("hook {line}\n  {}", out.stderr));
        }
    }
    assert!(unhinted.is_empty(), "errors without a hint:\n{}", unhinted.join(""));
}

/// Errors found while parsing the command line get a hint line too, naming
/// the help of the subcommand when one was given.
#[test]
fn command_line_errors_have_a_hint() {
    for (line, help) in [
        ("verify --now abc", "`hook verify --help`"),
        ("sign --bogus", "`hook sign --help`"),
        ("bogus", "`hook --help`"),
        ("--color sometimes listen", "`hook listen --help`"),
    ] {
        let out = run(line, None);
        assert_error(&out, "");
        let hint = out.stderr.lines().last().unwrap_or_default();
        assert!(
            hint.starts_with("hint: ") && hint.contains(help),
            "hook {line}:\n{}",
            out.stderr
        );
        assert!(!out.stderr.contains("For more information"), "{}", out.stderr);
    }
}

#[test]
fn discord_keys_must_be_64_hex_characters() {
    err("sign -p discord --secret not-hex", "64 hex characters");
    err(
        &format!("sign -p discord --secret {}", &ED25519_SEED[..62]),
        "64 hex characters",
    );
    let dir = tempfile::tempdir().unwrap();
    let headers = discord_headers(dir.path(), BODY);
    err(
        &format!("verify -p discord --secret zz --headers-file {headers}"),
        "64 hex characters",
    );
}

/// The generic HMAC flags would silently do nothing with a named provider
/// (`hook sign -p github --header X-Sig` printed GitHub's headers, exit 0).
#[test]
fn generic_hmac_flags_need_provider_hmac() {
    let needle = "apply to --provider hmac only";
    err("sign -p github --secret s --header X-Sig", needle);
    err("sign -p stripe --secret s --algorithm sha1", needle);
    err(
        "verify -p github --secret s --signature-header X-Sig -H X-Sig:00",
        needle,
    );
    err(
        "verify --secret s --prefix v1= -H X-Hub-Signature-256:sha256=00",
        needle,
    );
    let ok = run("sign -p hmac --secret s --header X-Sig --prefix v1=", Some(BODY));
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn url_signing_providers_need_url() {
    let dir = tempfile::tempdir().unwrap();
    for p in ["twilio", "square"] {
        err(&format!("sign -p {p} --secret s"), "no --url was given");
        let signed = run(&format!("sign -p {p} --secret s --url https://x.example/"), Some(BODY));
        let file = write(dir.path(), p, signed.stdout.as_bytes());
        err(
            &format!("verify -p {p} --secret s --headers-file {}", s(&file)),
            "no --url was given",
        );
    }
}

#[test]

fn usage_errors_do_not_depend_on_the_request() {
    // twilio already behaves: exit 2 without --url even when its header is missing.
    err("verify -p twilio --secret s", "no --url was given");
    let square = run("verify -p square --secret s", Some(BODY));
    let discord = run("verify -p discord --secret zz", Some(BODY));
    let both = format!(
        "square: {}{}\ndiscord: {}{}",
        square.stdout, square.stderr, discord.stdout, discord.stderr
    );
    assert_eq!((square.code, discord.code), (2, 2), "{both}");
}

#[test]

fn extreme_timestamps_are_judged_without_overflow() {
    // A correctly signed Stripe header from 292 billion years ago must not be valid.
    let t = "-9223372036854775808";
    let mac = hex::encode(hmac_sha256(b"whsec_x", &[t.as_bytes(), b".", BODY].concat()));
    let line = format!("verify -p stripe --secret whsec_x --json -H Stripe-Signature:t={t},v1={mac}");
    let out = run(&line, Some(BODY));
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.problem_codes(), ["timestamp_too_old"]);
    let slack = "-H X-Slack-Signature:v0=00 -H X-Slack-Request-Timestamp:";
    let runs = [
        run(&format!("verify -p slack --secret s {slack}{t}"), Some(BODY)),
        run("sign -p linear --secret s --timestamp 10000000000000000", Some(BODY)),
    ];
    for (i, out) in runs.iter().enumerate() {
        assert!(!out.stderr.contains("panicked"), "run #{i}: {}", out.stderr);
        assert!(
            (0..=2).contains(&out.code),
            "run #{i}: exit {} {}",
            out.code,
            out.stdout
        );
    }
}

#[test]
fn bad_tolerance_auto_for_sign_and_hmac_without_header() {
    let h = "-H X-Hub-Signature-256:sha256=00";
    err(
        &format!("verify -p github --secret s {h} --tolerance soon"),
        "--tolerance \"soon\"",
    );
    err("sign -p auto --secret s", "--provider auto only works when verifying");
    err("sign -p hmac --secret s", "--provider hmac needs the signature header");
    err(
        &format!("verify -p hmac --secret s {h}"),
        "--provider hmac needs the signature header",
    );
    let template = "--payload-template {timestamp}.{body}";
    err(
        &format!("sign -p hmac --header X {template} --secret s"),
        "--timestamp-header",
    );
    err("verify --secret s -H X-Unknown:1", "could not detect the provider");
}

#[test]
fn replay_options_that_cannot_go_together_are_refused() {
    // One negative case at a time; a seed only orders a shuffle; a stale age of zero is fresh.
    for (line, needle) in [
        ("replay github/push --to 9 --tamper --unsigned", "cannot be used with"),
        (
            "replay github/push --to 9 --stale 10m --wrong-secret",
            "cannot be used with",
        ),
        ("replay github/push --to 9 --seed 3", "--shuffle"),
    ] {
        let out = run(line, None);
        assert_eq!(out.code, 2, "{line}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{line}: {}", out.stderr);
    }
    err(
        "replay stripe/invoice.paid --to 9 --secret whsec_x --stale 0s",
        "is not stale",
    );
}
