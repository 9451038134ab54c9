//! `HOOK_*` variables: `HOOK_<COMMAND>_<OPTION>` and `HOOK_<OPTION>` give
//! every long option, under the command line and over settings files; a
//! misspelt one is named, a bad value is an error that names its variable.

mod common;

use common::{cmd, request_header, Output};

/// `hook replay github/ping --dry-run --json` with these variables and
/// extra arguments: the one request it would send, as JSON.
fn dry_run(extra: &[&str], env: &[(&str, &str)]) -> (Output, serde_json::Value) {
    let args = [
        &["replay", "github/ping", "--dry-run", "--json", "--secret", "s"][..],
        extra,
    ]
    .concat();
    let mut c = cmd(&args);
    for (k, v) in env {
        c = c.env(k, v);
    }
    let out = c.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let request = serde_json::from_str(out.stdout.lines().next().unwrap_or_default())
        .unwrap_or_else(|e| panic!("a JSON line ({e}): {}", out.stdout));
    (out, request)
}

fn url(request: &serde_json::Value) -> &str {
    request["url"].as_str().unwrap_or_default()
}

#[test]
fn shared_and_command_variables_give_options_under_the_command_line() {
    // A shared variable; a repeatable option takes one value per line.
    let env = [
        ("HOOK_TO", "http://shared.example:9/in"),
        ("HOOK_HEADER", "X-A: 1\nX-B: 2, 3\n"),
    ];
    let (_, sent) = dry_run(&[], &env);
    assert!(url(&sent).starts_with("http://shared.example:9/in"), "{sent}");
    assert_eq!(request_header(&sent, "X-A"), ["1"]);
    assert_eq!(
        request_header(&sent, "X-B"),
        ["2, 3"],
        "a comma is part of a header's value"
    );

    // The command's own variable wins over the shared one, and the name
    // clap has always read (HOOK_REPLAY_TO) over HOOK_TO.
    let env = [
        ("HOOK_TO", "http://shared.example:9"),
        ("HOOK_REPLAY_TO", "http://own.example:9"),
        ("HOOK_HEADER", "X-From: shared"),
        ("HOOK_REPLAY_HEADER", "X-From: replay"),
    ];
    let (_, sent) = dry_run(&[], &env);
    assert!(url(&sent).starts_with("http://own.example:9"), "{sent}");
    assert_eq!(request_header(&sent, "X-From"), ["replay"]);

    // The command line wins over both.
    let (_, sent) = dry_run(&["-H", "X-From: cli", "--to", "http://cli.example:9"], &env);
    assert_eq!(request_header(&sent, "X-From"), ["cli"]);
    assert!(url(&sent).starts_with("http://cli.example:9"), "{sent}");

    // An empty variable is no variable.
    let (out, sent) = dry_run(&[], &[("HOOK_HEADER", ""), ("HOOK_TO", "")]);
    assert!(
        request_header(&sent, "X-From").is_empty() && out.stderr.is_empty(),
        "{}",
        out.stderr
    );
}

#[test]
fn a_commands_own_variable_replaces_a_shared_name_clap_reads() {
    // HOOK_PROVIDER has always given --provider; HOOK_SIGN_PROVIDER is sign's own.
    let env = [("HOOK_PROVIDER", "stripe"), ("HOOK_SIGN_PROVIDER", "github")];
    let mut c = cmd(&["sign", "--secret", "s"]).stdin(&b"{}"[..]);
    for (k, v) in env {
        c = c.env(k, v);
    }
    let out = c.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.header("X-Hub-Signature-256").is_some(), "{}", out.stdout);
    assert!(out.header("Stripe-Signature").is_none(), "{}", out.stdout);
}

#[test]
fn variables_win_over_settings_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hook.toml");
    std::fs::write(&file, "json = true\n[replay]\nheader = [\"X-From: file\"]\n").unwrap();
    let file = file.to_str().unwrap();
    let run = |env: &[(&str, &str)]| {
        let mut c = cmd(&["replay", "github/ping", "--dry-run", "--secret", "s"]).env("HOOK_CONFIG", file);
        for (k, v) in env {
            c = c.env(k, v);
        }
        c.run()
    };
    let from_file = run(&[]);
    assert!(from_file.stdout.starts_with('{'), "json = true: {}", from_file.stdout);
    assert!(from_file.stdout.contains("X-From\",\"file"), "{}", from_file.stdout);
    // HOOK_JSON=0 turns off what the file turns on; HOOK_HEADER replaces its list.
    let out = run(&[("HOOK_JSON", "0"), ("HOOK_HEADER", "X-From: env")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.starts_with('{'), "{}", out.stdout);
    assert!(
        out.stdout.contains("X-From: env") && !out.stdout.contains("file"),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_values_are_errors_that_name_the_variable_and_never_a_secret() {
    let secret = "never-shown-secret-4711";
    let bad_switch = cmd(&["replay", "github/ping", "--dry-run"])
        .env("HOOK_SECRET", secret)
        .env("HOOK_JSON", "maybe")
        .run();
    assert_eq!(bad_switch.code, 2, "{}", bad_switch.stderr);
    assert!(
        bad_switch.stderr.contains("HOOK_JSON is an on/off setting")
            && bad_switch.stderr.contains("hint: set HOOK_JSON=1 or HOOK_JSON=0"),
        "{}",
        bad_switch.stderr
    );
    // A value clap refuses: its usual error, then which variables were used.
    let bad_value = cmd(&["replay", "github/ping", "--to", "http://127.0.0.1:9"])
        .env("HOOK_REPLAY_SECRET", secret)
        .env("HOOK_REPLAY_CONCURRENCY", "lots")
        .run();
    assert_eq!(bad_value.code, 2, "{}", bad_value.stderr);
    assert!(bad_value.stderr.contains("--concurrency"), "{}", bad_value.stderr);
    assert!(
        bad_value
            .stderr
            .contains("with settings from HOOK_REPLAY_SECRET, HOOK_REPLAY_CONCURRENCY")
            || bad_value
                .stderr
                .contains("with settings from HOOK_REPLAY_CONCURRENCY, HOOK_REPLAY_SECRET"),
        "{}",
        bad_value.stderr
    );
    for out in [&bad_switch, &bad_value] {
        assert!(!out.stderr.contains(secret) && !out.stdout.contains(secret));
    }
    // A variable clap reads by its own name is named too, when clap refuses it.
    let bad_port = cmd(&["listen"]).env("HOOK_PORT", "abc").run();
    assert_eq!(bad_port.code, 2, "{}", bad_port.stderr);
    assert!(
        bad_port.stderr.contains("'abc' for '--port") && bad_port.stderr.contains("with settings from HOOK_PORT"),
        "{}",
        bad_port.stderr
    );
    // --help reads no settings, so a bad variable cannot stop it.
    let help = cmd(&["replay", "--help"]).env("HOOK_JSON", "maybe").run();
    assert_eq!(help.code, 0, "{}", help.stderr);
}

#[test]
fn a_misspelt_command_variable_is_named_with_the_closest_option() {
    let (out, _) = dry_run(&[], &[("HOOK_REPLAY_KEEP_ID", "1"), ("HOOK_REPLAY_ZZZZZZZZ", "1")]);
    assert!(
        out.stderr.contains(
            "hook: note: HOOK_REPLAY_KEEP_ID is not an option of hook replay; did you mean HOOK_REPLAY_KEEP_IDS?"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("HOOK_REPLAY_ZZZZZZZZ is not an option of hook replay, so it is not used"),
        "{}",
        out.stderr
    );
    // Another command's variables are not this one's business.
    let (out, _) = dry_run(&[], &[("HOOK_LISTEN_PORT", "1"), ("HOOK_RELAY_TOKEN", "t")]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}
