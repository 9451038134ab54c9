//! Staying connected: heartbeats notice a frozen relay and the tunnel comes
//! back on its channel; --exit-on-disconnect exits 1 instead; a second
//! tunnel on a held channel waits, then takes over once the first is gone;
//! a tunnel or relay stopped with Ctrl-C closes the link properly.

mod tunnel_support;

use std::time::{Duration, Instant};
use tunnel_support::*;

const TOKEN: &str = "liveness-token-42";

#[test]
fn heartbeats_notice_a_frozen_relay_and_the_tunnel_comes_back() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--heartbeat", "1s"]);
    let (t, _) = tunnel(&relay.url, TOKEN, Some("beat"), &app.url, &["--heartbeat", "1s"]);
    relay.p.expect("connected", WAIT);
    relay.p.signal("STOP");
    let stopped = Instant::now();
    let lost = t.expect("link_lost", WAIT);
    let noticed = stopped.elapsed();
    relay.p.signal("CONT");
    eprintln!("link_lost {noticed:?} after SIGSTOP: {lost}");
    assert!(noticed < Duration::from_secs(6), "link_lost took {noticed:?}");
    assert!(lost["retry_in_ms"].is_u64(), "{lost}");
    let back = t.expect("reconnected", Duration::from_secs(15));
    assert_eq!(back["channel"], "beat", "{back}");
    let r = rt.block_on(post(relay.addr, "/beat/after", b"after"));
    assert_eq!(
        r.status,
        status_for(&sha(b"after")),
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(app.targets(), ["/after"]);
}

#[test]
fn exit_on_disconnect_exits_1_when_the_relay_dies() {
    let rt = rt();
    let app = App::start(&rt);
    let mut relay = Relay::start(&["--token", TOKEN]);
    let (mut t, _) = tunnel(&relay.url, TOKEN, Some("once"), &app.url, &["--exit-on-disconnect"]);
    relay.p.expect("connected", WAIT);
    relay.p.kill9();
    let lost = t.expect("link_lost", WAIT);
    assert!(lost["retry_in_ms"].is_null(), "{lost}");
    assert_eq!(t.wait_exit(WAIT), Some(1), "stderr: {}", t.stderr());
}

#[test]
fn a_second_tunnel_on_a_held_channel_waits_then_takes_over() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (mut first, _) = tunnel(&relay.url, TOKEN, Some("twice"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    let second = spawn_tunnel(&relay.url, TOKEN, Some("twice"), &app.url, &[]);
    let busy = relay.p.expect("refused", WAIT);
    assert!(busy["reason"].as_str().is_some_and(|r| r.contains("held by")), "{busy}");
    let r = rt.block_on(post(relay.addr, "/twice/one", b"one"));
    assert_eq!(r.status, status_for(&sha(b"one")));
    assert_eq!(
        first.expect("request", WAIT)["path"],
        "/one",
        "the first tunnel still holds it"
    );
    first.kill9();
    relay.p.expect("disconnected", WAIT);
    second.expect("ready", Duration::from_secs(20));
    let r = rt.block_on(post(relay.addr, "/twice/two", b"two"));
    assert_eq!(r.status, status_for(&sha(b"two")));
    assert_eq!(second.expect("request", WAIT)["path"], "/two");
    let connects = relay.p.out.lock().unwrap().matches(r#""type":"connected""#).count();
    assert_eq!(
        connects,
        2,
        "the channel changed hands more than once:\n{}",
        relay.p.output()
    );
}

/// Ctrl-C on the tunnel closes its link properly: the relay says the tunnel
/// left, not that the link broke, and the tunnel exits 0 at once.
#[test]
fn a_stopped_tunnel_says_goodbye_to_the_relay() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (mut t, _) = tunnel(&relay.url, TOKEN, Some("bye"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    t.signal("INT");
    assert_eq!(t.wait_exit(WAIT), Some(0), "{}", t.stderr());
    let gone = relay.p.expect("disconnected", WAIT);
    assert_eq!(gone["channel"], "bye", "{gone}");
    assert_eq!(gone["reason"], "the tunnel closed the link", "{gone}");
}

/// Ctrl-C on the relay closes each tunnel's link properly too: the tunnel
/// hears that the relay closed it, and goes on trying to reconnect.
#[test]
fn a_stopped_relay_closes_its_links() {
    let rt = rt();
    let app = App::start(&rt);
    let mut relay = Relay::start(&["--token", TOKEN]);
    let (t, _) = tunnel(&relay.url, TOKEN, Some("closing"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    relay.p.signal("INT");
    assert_eq!(relay.p.wait_exit(WAIT), Some(0), "{}", relay.p.stderr());
    let gone = relay.p.output();
    assert!(gone.contains(r#""reason":"the relay is stopping""#), "{gone}");
    let lost = t.expect("link_lost", WAIT);
    assert_eq!(lost["reason"], "the relay closed the link", "{lost}");
    assert!(lost["retry_in_ms"].is_u64(), "it reconnects: {lost}");
}
