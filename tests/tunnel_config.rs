//! `hook relay` and `hook tunnel` refuse bad flags before they start: each
//! is a usage error (exit 2) with a `hint:` line, never a relay that runs
//! with a setting that makes no sense or leaves it open.

mod tunnel_support;

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tunnel_support::{hermetic, Proc, Relay, WAIT};

/// Run `hook ARGS` with `env` set and no other HOOK_* variable: its exit
/// code (`None` when it was still running after a while, then killed), stdout and stderr.
fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut c = hermetic::hook();
    c.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("HOOK_") {
            c.env_remove(&key);
        }
    }
    c.envs(env.iter().copied());
    let mut child = c.spawn().expect("spawn hook");
    let deadline = Instant::now() + WAIT;
    let mut code = None;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("try_wait") {
            code = status.code();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if code.is_none() {
        let _ = child.kill();
    }
    let _ = child.wait();
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read");
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    (code, out, err)
}

/// `hook ARGS` must exit 2 at once with `hook: error: …needle…` and a hint; its stderr.
fn refused(args: &[&str], env: &[(&str, &str)], needle: &str) -> String {
    let (code, out, err) = run(args, env);
    assert_eq!(code, Some(2), "{args:?} {env:?}: stdout {out}\nstderr {err}");
    assert!(out.is_empty(), "{args:?}: printed {out}");
    assert!(err.starts_with("hook: error: "), "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: stderr lacks {needle:?}: {err}");
    assert!(
        err.lines().any(|l| l.starts_with("hint: ") && l.len() > 8),
        "{args:?}: no hint: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

const LISTEN: [&str; 3] = ["relay", "--listen", "127.0.0.1:0"];

fn relay_with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [&LISTEN[..], extra].concat()
}

#[test]
fn an_empty_token_is_refused_by_the_relay_and_the_tunnel() {
    for token in ["", "  "] {
        let err = refused(&relay_with(&["--token", token]), &[], "empty token");
        assert!(err.contains("openssl rand -hex 32"), "{err}");
        refused(&relay_with(&["--token", "good", "--token", token]), &[], "empty token");
        refused(&LISTEN, &[("HOOK_RELAY_TOKEN", token)], "empty token");
        let tunnel = ["tunnel", "--relay", "http://127.0.0.1:1", "-f", "3000"];
        refused(&[&tunnel[..], &["--token", token]].concat(), &[], "empty token");
        refused(&tunnel, &[("HOOK_RELAY_TOKEN", token)], "empty token");
    }
}

#[test]
fn a_tokens_file_without_a_token_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [
        ("empty", ""),
        ("blank", "\n  \n"),
        ("comments", "# tokens\n\n  # none yet\n"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let path = path.display().to_string();
        let err = refused(&relay_with(&["--tokens-file", &path]), &[], "holds no token");
        assert!(err.contains(&format!("--tokens-file {path} holds no token")), "{err}");
    }
}

#[test]
fn a_public_url_must_be_a_plain_http_base() {
    for (url, needle) in [
        ("ftp://x", "is not an http or https URL"),
        ("ws://relay.example.com", "is not an http or https URL"),
        ("hooks.example.com", "is not a URL"),
        ("https://example.com/hooks?x=1", "has a query string"),
        ("https://example.com/hooks?", "has a query string"),
        ("https://example.com/#top", "has a fragment"),
        ("https://user@example.com", "user name or password"),
    ] {
        refused(&relay_with(&["--token", "t", "--public-url", url]), &[], needle);
    }
    let err = refused(
        &relay_with(&["--token", "t", "--public-url", "https://u:pw-SECRET-77@example.com"]),
        &[],
        "user name or password",
    );
    assert!(!err.contains("pw-SECRET-77"), "the password was echoed: {err}");
}

#[test]
fn a_password_or_token_in_the_relay_url_is_never_shown() {
    // A port nothing listens on: the connection is refused, and the error names the URL.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let relay = format!("http://user:pw-SECRET-1@127.0.0.1:{port}/?token=tok-SECRET-2&x=1");
    let args = [
        "tunnel",
        "--relay",
        &relay,
        "--token",
        "t",
        "-f",
        "3000",
        "--exit-on-disconnect",
    ];
    let (code, out, err) = run(&args, &[]);
    assert_eq!(code, Some(1), "stdout {out}\nstderr {err}");
    let all = format!("{out}{err}");
    assert!(!all.contains("SECRET"), "a secret was shown: {all}");
    let shown = format!("ws://user:***@127.0.0.1:{port}/_hook/tunnel?token=***&x=1");
    assert!(all.contains(&shown), "{all}");
    for relay in [
        "ftp://user:pw-SECRET-3@example.com/?token=tok-SECRET-4",
        "user:pw-SECRET-5@?token=x",
    ] {
        let tunnel = ["tunnel", "--relay", relay, "--token", "t", "-f", "3000"];
        let err = refused(&tunnel, &[], "is not an http, https, ws or wss URL");
        assert!(!err.contains("SECRET"), "a secret was shown: {err}");
    }
}

#[test]
fn zero_limits_a_missing_tls_file_and_a_bad_listen_address_are_explained() {
    refused(
        &relay_with(&["--token", "t", "--max-in-flight", "0"]),
        &[],
        "--max-in-flight 0",
    );
    refused(&relay_with(&["--token", "t", "--max-body", "0"]), &[], "--max-body 0");
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.pem").display().to_string();
    let tls = ["--token", "t", "--tls-cert", &missing, "--tls-key", &missing];
    refused(&relay_with(&tls), &[], &format!("reading --tls-cert {missing}"));
    for listen in ["nope", "localhost", "127.0.0.1", "no-such-host.invalid:80"] {
        refused(
            &["relay", "--token", "t", "--listen", listen],
            &[],
            &format!("--listen {listen:?}"),
        );
    }
}

#[test]
fn a_listen_address_may_name_a_host() {
    let relay = Relay::from(Proc::spawn(&[
        "relay",
        "--listen",
        "localhost:0",
        "--json",
        "--token",
        "t",
    ]));
    assert!(
        relay.addr.ip().is_loopback() && relay.addr.port() != 0,
        "{}",
        relay.ready
    );
}

#[test]
fn behind_a_public_url_the_text_ready_lines_still_say_the_bound_address() {
    let relay = Proc::spawn(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--public-url",
        "https://hooks.example.com",
        "--token",
        "config-token-for-public-url",
        "--color",
        "never",
    ]);
    let lines: Vec<String> = (0..3).map(|_| relay.text_line(WAIT)).collect();
    assert!(lines[0].contains("https://hooks.example.com/<channel>/"), "{lines:?}");
    let address = lines[2]
        .strip_prefix("  listening on 127.0.0.1:")
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(address.parse::<u16>().is_ok_and(|p| p > 0), "{lines:?}");
}
