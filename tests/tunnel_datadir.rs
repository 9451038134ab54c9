//! What the relay finds in `--data-dir` after a restart, through the real
//! binaries: a queued file that is not a request it wrote is set aside and
//! reported, and the rest of the queue is delivered in order.

mod tunnel_support;

use std::path::{Path, PathBuf};
use tunnel_support::*;

const TOKEN: &str = "datadir-token-5e1a";

/// Claim `channel` with a tunnel, then kill it and wait until the relay noticed.
fn claim_and_leave(relay: &Relay, token: &str, channel: &str, app: &App) {
    let (mut t, _) = tunnel(&relay.url, token, Some(channel), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    t.kill9();
    relay.p.expect("disconnected", WAIT);
}

/// The `.frame` files queued for `channel`, in name (= arrival) order.
fn queue_files(data: &Path, channel: &str) -> Vec<PathBuf> {
    let dir = data.join("channels").join(channel).join("queue");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("queue dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "frame"))
        .collect();
    files.sort();
    files
}

/// Regression: one unreadable queue file made the relay send its bytes as a
/// frame; the tunnel dropped the link on it, reconnected, got it again, forever.
#[test]
fn a_corrupt_queue_file_is_set_aside_and_the_rest_is_delivered_in_order() {
    let rt = rt();
    let app = App::start(&rt);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("utf-8 path");
    let mut first = Relay::start(&["--token", TOKEN, "--data-dir", data]);
    claim_and_leave(&first, TOKEN, "p1", &app);
    for name in ["a", "b", "c"] {
        let r = rt.block_on(post(first.addr, &format!("/p1/{name}"), name.as_bytes()));
        assert_eq!(r.status, 202, "{name}: {}", String::from_utf8_lossy(&r.body));
    }
    first.p.kill9();
    let files = queue_files(dir.path(), "p1");
    assert_eq!(files.len(), 3, "{files:?}");
    std::fs::write(&files[1], b"garbage\n").expect("corrupt the middle one");

    let second = Relay::start(&["--token", TOKEN, "--data-dir", data]);
    let notice = second.p.expect("notice", WAIT);
    let message = notice["message"].as_str().unwrap_or_default();
    let name = files[1].file_name().and_then(|n| n.to_str()).expect("name");
    assert_eq!(notice["channel"], "p1", "{notice}");
    assert!(
        message.contains(name) && message.contains("does not decode"),
        "the notice names the file and why: {notice}"
    );
    let mut bad = files[1].clone().into_os_string();
    bad.push(".bad");
    assert!(Path::new(&bad).exists(), "moved aside beside the queue: {message}");
    assert!(!files[1].exists(), "{message}");

    let (t, _) = tunnel(&second.url, TOKEN, Some("p1"), &app.url, &[]);
    let up = second.p.expect("connected", WAIT);
    assert_eq!(up["queued"], 2, "{up}");
    app.wait_for(2, WAIT);
    // A request sent after the backlog arrives after it: the link held throughout.
    let r = rt.block_on(post(second.addr, "/p1/after", b"after"));
    assert!([202, status_for(&sha(b"after"))].contains(&r.status), "{r:?}");
    app.wait_for(3, WAIT);
    assert_eq!(app.targets(), ["/a", "/c", "/after"]);
    let seen = t.output();
    assert!(!seen.contains("link_lost"), "the tunnel lost its link: {seen}");
    assert!(!second.p.output().contains("malformed"), "{}", second.p.output());
}

/// A file left by something else, or an older relay, is treated the same way:
/// a request marked live, or filed under another id, would never be acknowledged.
#[test]
fn queue_files_are_checked_against_their_names() {
    let rt = rt();
    let app = App::start(&rt);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("utf-8 path");
    let mut first = Relay::start(&["--token", TOKEN, "--data-dir", data]);
    claim_and_leave(&first, TOKEN, "p2", &app);
    for name in ["x", "y"] {
        assert_eq!(rt.block_on(post(first.addr, &format!("/p2/{name}"), b"{}")).status, 202);
    }
    first.p.kill9();
    let files = queue_files(dir.path(), "p2");
    // The second request's bytes filed under a new id: it would be acknowledged as the old one.
    let moved = files[1].with_file_name("00000000000000000099.frame");
    std::fs::copy(&files[1], &moved).expect("copy");
    std::fs::write(files[0].with_file_name("notanumber.frame"), b"").expect("write");

    let second = Relay::start(&["--token", TOKEN, "--data-dir", data]);
    let notes = [second.p.expect("notice", WAIT), second.p.expect("notice", WAIT)];
    let text = format!("{notes:?}");
    assert!(
        text.contains("00000000000000000099.frame") && text.contains("not 99"),
        "{text}"
    );
    assert!(
        text.contains("notanumber.frame") && text.contains("not a request id"),
        "{text}"
    );
    let (_t, _) = tunnel(&second.url, TOKEN, Some("p2"), &app.url, &[]);
    assert_eq!(second.p.expect("connected", WAIT)["queued"], 2);
    app.wait_for(2, WAIT);
    assert_eq!(app.targets(), ["/x", "/y"]);
}

/// Regression: after the relay's tokens changed, a channel stayed tied to a
/// token that could never connect again. Now that channel (and its queue)
/// goes to the next accepted token that claims it, with a line saying so;
/// a channel whose token is still accepted stays protected.
#[test]
fn a_channel_whose_token_was_removed_can_be_claimed_by_a_current_one() {
    let rt = rt();
    let app = App::start(&rt);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("utf-8 path");
    let mut first = Relay::start(&["--token", "oldtok-1234", "--data-dir", data]);
    claim_and_leave(&first, "oldtok-1234", "own", &app);
    assert_eq!(rt.block_on(post(first.addr, "/own/waiting", b"w")).status, 202);
    first.p.kill9();

    let mut second = Relay::start(&["--token", "newtok-5678", "--data-dir", data]);
    let (mut t, _) = tunnel(&second.url, "newtok-5678", Some("own"), &app.url, &[]);
    let notice = second.p.expect("notice", WAIT);
    assert_eq!(notice["channel"], "own", "{notice}");
    assert_eq!(
        notice["message"], "its token is no longer accepted; claimed by the token presenting now",
        "{notice}"
    );
    assert_eq!(second.p.expect("connected", WAIT)["queued"], 1);
    app.wait_for(1, WAIT);
    assert_eq!(app.targets(), ["/waiting"], "the queue goes with the channel");
    t.kill9();
    second.p.kill9();
    assert!(!second.p.output().contains("newtok"), "tokens are never printed");

    // Both tokens accepted again: the channel is the new token's now, and the old one is refused.
    let third = Relay::start(&["--token", "newtok-5678", "--token", "oldtok-1234", "--data-dir", data]);
    let mut old = spawn_tunnel(&third.url, "oldtok-1234", Some("own"), &app.url, &[]);
    assert_eq!(old.wait_exit(WAIT), Some(2), "{}", old.stderr());
    assert!(old.stderr().contains("belongs to another token"), "{}", old.stderr());
    let (_t, _) = tunnel(&third.url, "newtok-5678", Some("own"), &app.url, &[]);
    third.p.expect("connected", WAIT);
    assert!(!third.p.output().contains("notice"), "{}", third.p.output());
}

/// A channel whose token is still accepted is not given to another token, across a restart.
#[test]
fn a_channel_whose_token_is_still_accepted_stays_protected() {
    let app = App::start(&rt());
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("utf-8 path");
    let args = [
        "--token",
        "alice-token-1",
        "--token",
        "bob-token-22",
        "--data-dir",
        data,
    ];
    let mut first = Relay::start(&args);
    claim_and_leave(&first, "alice-token-1", "alices", &app);
    first.p.kill9();
    let second = Relay::start(&args);
    let mut bob = spawn_tunnel(&second.url, "bob-token-22", Some("alices"), &app.url, &[]);
    assert_eq!(bob.wait_exit(WAIT), Some(2), "{}", bob.stderr());
    assert!(bob.stderr().contains("belongs to another token"), "{}", bob.stderr());
    let (_t, _) = tunnel(&second.url, "alice-token-1", Some("alices"), &app.url, &[]);
}
