//! Secrets through the real binary: never in an error, a failure's output
//! or `--help`, even when typed where a header name belongs.

mod common;

use common::*;

const BODY: &[u8] = br#"{"id":"evt_1"}"#;
const SECRET: &str = "SUPERSECRET123";

/// Run `hook LINE` with a small body and assert a hinted error containing `needle`.
fn err(line: &str, needle: &str) -> Output {
    hinted_error(line, Some(BODY), needle)
}

#[test]
fn malformed_header_lines_are_named_by_position_not_value() {
    let out = err("verify -p github --secret s -H sha256=tokenvalue", "-H #1");
    assert!(!out.stderr.contains("tokenvalue"), "{}", out.stderr);
    let dir = tempfile::tempdir().unwrap();
    let text = b"X-Hub-Signature-256: sha256=00\nsha256=tokenvalue\n";
    let file = write(dir.path(), "h.txt", text);
    let out = err(
        &format!("verify -p github --secret s --headers-file {}", s(&file)),
        "line 2",
    );
    assert!(!out.stderr.contains("tokenvalue"), "{}", out.stderr);
    // A token typed before the ':' is not repeated either; where the name goes wrong is.
    let line = vec![
        "verify",
        "-p",
        "github",
        "--secret",
        "s",
        "-H",
        "Authorization tokenvalue: x",
    ];
    let out = hook(&line, Some(BODY));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("its name has a space at character 14"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("tokenvalue"), "{}", out.stderr);
}

#[test]
fn secrets_never_appear_in_output_of_failures() {
    let dir = tempfile::tempdir().unwrap();
    let headers = discord_headers(dir.path(), BODY);
    let file = write(dir.path(), "secrets", format!("{SECRET}\n").as_bytes());
    // `$S` stands for the secret.
    let lines = [
        "sign -p nope --secret $S".to_string(),
        "sign -p standard --secret $S".into(),
        format!("sign -p standard --secret-file {}", s(&file)),
        "sign -p discord --secret $S".into(),
        format!("verify -p discord --secret $S --headers-file {headers}"),
        "sign -p twilio --secret $S".into(),
        "sign -p github --secret $S /nonexistent/body".into(),
        "sign -p github --secret $S --bogus".into(),
        "verify -p github --secret $S -H no-colon".into(),
        "verify -p github --secret $S -H X-Hub-Signature-256:sha256=00".into(),
        "verify -p stripe --secret $S -H Stripe-Signature:t=1,v1=00 --json".into(),
        "verify -p gitlab --secret $S -H X-Gitlab-Token:other".into(),
        "verify -p gitlab --secret $S -H X-Gitlab-Token:SUPERSECRET12".into(),
    ];
    let mut runs: Vec<(String, Output)> = Vec::new();
    for line in lines {
        let out = run(&line.replace("$S", SECRET), Some(BODY));
        runs.push((line, out));
    }
    for line in ["sign -p nope", "sign"] {
        let out = cmd(&argv(line)).env("HOOK_SECRET", SECRET).stdin(BODY).run();
        runs.push((format!("HOOK_SECRET=… {line}"), out));
    }
    for (line, out) in &runs {
        assert_ne!(out.code, 0, "{line} should fail");
        assert!(!out.stderr.contains("panicked"), "{line}: {}", out.stderr);
        assert!(!out.stderr.contains(SECRET), "{line} leaks on stderr: {}", out.stderr);
        assert!(!out.stdout.contains(SECRET), "{line} leaks on stdout: {}", out.stdout);
    }
}

#[test]
fn help_does_not_show_hook_secret() {
    for line in ["sign --help", "verify --help", "--help", "sign -h"] {
        let out = cmd(&argv(line)).env("HOOK_SECRET", SECRET).run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("Usage: hook"), "{}", out.stdout);
        let shown = out.stdout.contains(SECRET) || out.stderr.contains(SECRET);
        assert!(!shown, "{line} shows the secret: {}", out.stdout);
    }
    let out = cmd(&argv("verify --help")).env("HOOK_SECRET", SECRET).run();
    assert!(
        out.stdout.contains("HOOK_SECRET"),
        "the variable is documented: {}",
        out.stdout
    );
}
