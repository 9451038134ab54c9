//! Errors in the flags of the commands that talk over the network (replay,
//! listen's forwarding, relay, tunnel): refused before anything is sent,
//! with exit 2 and a hint.

mod common;

use common::*;

fn err(line: &str, needle: &str) -> Output {
    hinted_error(line, None, needle)
}

#[test]
fn a_bad_cacert_is_reported_even_when_no_connection_is_tls() {
    // The system's roots are loaded only for TLS connections; --cacert is read
    // anyway, so a wrong file is named before anything is sent.
    let dir = tempfile::tempdir().unwrap();
    let not_pem = s(&write(dir.path(), "ca.txt", b"not a certificate\n")).to_string();
    let replay = err(
        &format!("replay github/push --to http://127.0.0.1:1/ --secret s --cacert {not_pem}"),
        "holds no PEM certificate",
    );
    assert!(replay.stderr.contains("--cacert"), "{}", replay.stderr);
    let tunnel = err(
        &format!("tunnel --relay ws://127.0.0.1:1 -f 3000 --token t --exit-on-disconnect --cacert {not_pem}"),
        "holds no PEM certificate",
    );
    assert!(
        !tunnel.stderr.contains("refused"),
        "a local mistake is not the relay's refusal: {}",
        tunnel.stderr
    );
    let missing = format!("{}/missing.pem", s(dir.path()));
    err(
        &format!("replay github/push --to http://127.0.0.1:1/ --secret s --cacert {missing}"),
        "reading --cacert",
    );
}

/// A bare word or an impossible port is refused before anything starts,
/// rather than taken as a host name that fails at the first request.
#[test]
fn forward_targets_must_be_ports_or_urls() {
    let tunnel = "tunnel --relay ws://127.0.0.1:1 --token t --exit-on-disconnect -f";
    let out = err(
        &format!("{tunnel} notaport"),
        "--forward-to \"notaport\" is neither a port nor a URL",
    );
    assert!(out.stderr.contains("http://notaport"), "{}", out.stderr);
    err(&format!("{tunnel} 70000"), "--forward-to \"70000\" is not a port");
    err("listen -p 0 --forward-to 0", "--forward-to \"0\" is not a port");
    // replay's --to shares the parser, and names its own flag.
    let out = err(
        "replay github/push --to notaport",
        "--to \"notaport\" is neither a port nor a URL",
    );
    assert!(out.stderr.contains("http://notaport"), "{}", out.stderr);
    err("replay github/push --to 70000", "--to \"70000\" is not a port");
    err(
        "replay github/push --to ftp://x/",
        "--to \"ftp://x/\" is not a URL or port",
    );
}

/// Credentials in the app's URL were printed on every line and never sent:
/// refused, and never echoed.
#[test]
fn forward_targets_with_a_password_are_refused_unechoed() {
    let tunnel = "tunnel --relay ws://127.0.0.1:1 --token t --exit-on-disconnect -f";
    for line in [
        format!("{tunnel} http://bob:s3cret@localhost:3000/hooks"),
        "listen -p 0 -f bob:s3cret@localhost:3000".to_string(),
        "replay github/push --to http://bob:s3cret@127.0.0.1:1/".to_string(),
    ] {
        let out = err(&line, "must not carry a user name or password");
        assert!(!out.stderr.contains("s3cret"), "{line}: {}", out.stderr);
    }
    let replay = err(
        "replay github/push --to http://bob:s3cret@127.0.0.1:1/",
        "user name or password",
    );
    assert!(replay.stderr.contains("-H 'Authorization"), "{}", replay.stderr);
    let out = err(
        "replay github/push --to http://bob:s3cret@[x/",
        "--to is not a URL or port",
    );
    assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
}

/// A zero timeout would fail every request at once, a zero heartbeat every link.
#[test]
fn zero_timeouts_and_heartbeats_are_refused() {
    let tunnel = "tunnel --relay ws://127.0.0.1:1 --token t --exit-on-disconnect -f 3000";
    for line in [
        format!("{tunnel} --timeout 0s"),
        format!("{tunnel} --heartbeat 0"),
        "relay --listen 127.0.0.1:0 --token t --timeout 0ms".into(),
        "listen -p 0 --forward-to 3000 --timeout 0s".into(),
        "replay github/push --to 3000 --secret s --timeout 0s".into(),
        "replay github/push --to 3000 --secret s --retry fixed --retry-base 0s".into(),
        "listen -p 0 -f 3000 --retry exponential --retry-base 0ms".into(),
    ] {
        let flag = if line.contains("--heartbeat") {
            "--heartbeat"
        } else if line.contains("--retry-base") {
            "--retry-base"
        } else {
            "--timeout"
        };
        err(&line, &format!("{flag} must be more than zero"));
    }
    // Pings every millisecond would drop a busy link over and over.
    for line in [
        format!("{tunnel} --heartbeat 1ms"),
        "relay --listen 127.0.0.1:0 --token t --heartbeat 99ms".into(),
    ] {
        err(&line, "--heartbeat must be at least 100ms");
    }
}

/// An empty offline queue would answer every request "queue full": the
/// error points to --offline reject, which says what that user wants.
#[test]
fn an_empty_offline_queue_points_to_offline_reject() {
    for flag in ["--queue-max 0", "--queue-bytes 0"] {
        let out = err(
            &format!("relay --listen 127.0.0.1:0 --token t {flag}"),
            &format!("{flag} leaves no room to queue requests"),
        );
        assert!(out.stderr.contains("--offline reject"), "{}", out.stderr);
    }
}
