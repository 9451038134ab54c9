//! The relay queues while the tunnel is away and delivers in order, exactly
//! once, on reconnect (across a relay crash with --data-dir, while the app
//! is down, and while the tunnel is frozen); --offline reject and a full
//! queue answer 503 (heartbeats, --exit-on-disconnect and one live tunnel
//! per channel: tunnel_liveness.rs).

mod tunnel_support;

use std::time::Duration;
use tunnel_support::*;

const TOKEN: &str = "resilience-token-42";

/// Claim `channel` on `relay` with a tunnel, then kill -9 the tunnel and wait until the relay noticed.
fn claim_and_kill(relay: &Relay, channel: &str, app: &App) {
    let (mut t, _) = tunnel(&relay.url, TOKEN, Some(channel), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    t.kill9();
    let gone = relay.p.expect("disconnected", WAIT);
    assert_eq!(gone["channel"], channel, "{gone}");
}

/// `count` POSTs to /<channel>/<prefix>N, one after another; every answer must be `status`.
fn send_numbered(rt: &tokio::runtime::Runtime, relay: &Relay, channel: &str, prefix: &str, count: usize, status: u16) {
    for n in 1..=count {
        let r = rt.block_on(post(
            relay.addr,
            &format!("/{channel}/{prefix}{n}"),
            format!("body {n}").as_bytes(),
        ));
        assert_eq!(r.status, status, "request {n}: {}", String::from_utf8_lossy(&r.body));
    }
}

/// Once `expected` arrived, then a probe sent after them, the app must have seen exactly those, in order.
fn assert_delivered(rt: &tokio::runtime::Runtime, relay: &Relay, app: &App, channel: &str, expected: &[String]) {
    app.wait_for(expected.len(), Duration::from_secs(20));
    // A full queue (--queue-max) answers 503 until the relay has the tunnel's last Ack: retry briefly.
    for attempt in 0..100 {
        let r = rt.block_on(post(relay.addr, &format!("/{channel}/probe"), b"probe"));
        if r.status == 202 || r.status == status_for(&sha(b"probe")) {
            break;
        }
        assert!(r.status == 503 && attempt < 99, "probe: {}", r.status);
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = app.wait_for(expected.len() + 1, Duration::from_secs(20));
    let mut want = expected.to_vec();
    want.push("/probe".into());
    assert_eq!(app.targets(), want, "delivered out of order, twice, or not at all");
    for (s, n) in seen.iter().zip(1..=expected.len()) {
        assert_eq!(s.sha, sha(format!("body {n}").as_bytes()), "body of {}", s.target);
    }
}

#[test]
fn requests_sent_while_the_tunnel_is_killed_arrive_once_in_order() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    claim_and_kill(&relay, "crashy", &app);
    send_numbered(&rt, &relay, "crashy", "q", 20, 202);
    let (mut again, _) = tunnel(&relay.url, TOKEN, Some("crashy"), &app.url, &[]);
    let up = relay.p.expect("connected", WAIT);
    assert_eq!(up["queued"], 20, "{up}");
    let want: Vec<String> = (1..=20).map(|n| format!("/q{n}")).collect();
    assert_delivered(&rt, &relay, &app, "crashy", &want);
    for n in 1..=20 {
        let line = again.expect("request", WAIT);
        assert_eq!(line["path"], format!("/q{n}"), "{line}");
        assert!(line["note"].is_string(), "queued delivery should say so: {line}");
    }
    // Delivered means forgotten: once a request is answered live the queue is empty, and stays so.
    let live = sha(b"live");
    let answered = (0..50).any(|_| rt.block_on(post(relay.addr, "/crashy/live", b"live")).status == status_for(&live));
    assert!(answered, "the queue never emptied");
    again.kill9();
    relay.p.expect("disconnected", WAIT);
    let (_third, _) = tunnel(&relay.url, TOKEN, Some("crashy"), &app.url, &[]);
    let up = relay.p.expect("connected", WAIT);
    assert_eq!(up["queued"], 0, "{up}");
}

#[test]
fn offline_reject_answers_503_with_retry_after_and_keeps_nothing() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--offline", "reject"]);
    claim_and_kill(&relay, "strict", &app);
    let r = rt.block_on(post(relay.addr, "/strict/while-away", b"lost"));
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    let retry = r.header("retry-after").expect("Retry-After header");
    assert!(retry.parse::<u64>().is_ok_and(|s| s > 0), "Retry-After: {retry}");
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("strict"), &app.url, &[]);
    let up = relay.p.expect("connected", WAIT);
    assert_eq!(up["queued"], 0, "{up}");
    assert_delivered(&rt, &relay, &app, "strict", &[]);
}

#[test]
fn a_queue_in_the_data_dir_survives_a_relay_crash() {
    let rt = rt();
    let app = App::start(&rt);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("utf-8 path");
    let mut first = Relay::start(&["--token", TOKEN, "--data-dir", data]);
    claim_and_kill(&first, "durable", &app);
    send_numbered(&rt, &first, "durable", "d", 10, 202);
    first.p.kill9();
    let second = Relay::start(&["--token", TOKEN, "--data-dir", data]);
    let (_t, _) = tunnel(&second.url, TOKEN, Some("durable"), &app.url, &[]);
    let up = second.p.expect("connected", WAIT);
    assert_eq!(up["queued"], 10, "{up}");
    let want: Vec<String> = (1..=10).map(|n| format!("/d{n}")).collect();
    assert_delivered(&rt, &second, &app, "durable", &want);
}

#[test]
fn the_relay_drops_a_frozen_tunnel_and_queues_until_it_wakes() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--heartbeat", "1s"]);
    let (t, _) = tunnel(&relay.url, TOKEN, Some("frozen"), &app.url, &["--heartbeat", "1s"]);
    relay.p.expect("connected", WAIT);
    t.signal("STOP");
    let gone = relay.p.expect("disconnected", WAIT);
    assert!(
        gone["reason"].as_str().is_some_and(|r| r.contains("heartbeat")),
        "{gone}"
    );
    send_numbered(&rt, &relay, "frozen", "z", 3, 202);
    t.signal("CONT");
    t.expect("reconnected", Duration::from_secs(15));
    let want: Vec<String> = (1..=3).map(|n| format!("/z{n}")).collect();
    assert_delivered(&rt, &relay, &app, "frozen", &want);
}

#[test]
fn a_full_queue_answers_503_and_keeps_what_it_accepted() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--queue-max", "3"]);
    claim_and_kill(&relay, "small-queue", &app);
    send_numbered(&rt, &relay, "small-queue", "f", 3, 202);
    let full = rt.block_on(post(relay.addr, "/small-queue/overflow", b"overflow"));
    assert_eq!(full.status, 503, "{}", String::from_utf8_lossy(&full.body));
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("small-queue"), &app.url, &[]);
    let want: Vec<String> = (1..=3).map(|n| format!("/f{n}")).collect();
    assert_delivered(&rt, &relay, &app, "small-queue", &want);
}

#[test]
fn a_generated_token_is_kept_in_the_data_dir_and_ownership_survives_a_restart() {
    let rt = rt();
    let app = App::start(&rt);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("utf-8 path");
    let mut first = Relay::start(&["--data-dir", data]);
    let token = first.ready["token"].as_str().expect("a generated token").to_string();
    let (mut t, _) = tunnel(&first.url, &token, Some("kept"), &app.url, &[]);
    t.kill9();
    first.p.kill9();
    // The generated token still accepted (beside another): the channel stays its own.
    let second = Relay::start(&[
        "--data-dir",
        data,
        "--token",
        &token,
        "--token",
        "another-token-entirely",
    ]);
    let mut thief = spawn_tunnel(&second.url, "another-token-entirely", Some("kept"), &app.url, &[]);
    assert_eq!(
        thief.wait_exit(WAIT),
        Some(2),
        "the channel's owner was forgotten: {}",
        thief.stderr()
    );
    drop(second);
    let third = Relay::start(&["--data-dir", data]);
    assert_eq!(third.ready["token"], token.as_str(), "{}", third.ready);
    let (_t, _) = tunnel(&third.url, &token, Some("kept"), &app.url, &[]);
    assert_delivered(&rt, &third, &app, "kept", &[]);
}

#[test]
fn queued_requests_wait_while_the_app_is_down() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    claim_and_kill(&relay, "patient", &app);
    send_numbered(&rt, &relay, "patient", "p", 3, 202);
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead_url = format!("http://{}", dead.local_addr().expect("addr"));
    drop(dead);
    let (mut early, _) = tunnel(&relay.url, TOKEN, Some("patient"), &dead_url, &[]);
    relay.p.expect("connected", WAIT);
    let retry = early.expect("queued_retry", WAIT); // the first queued request, not answered
    assert!(retry["target"].as_str().is_some_and(|r| r.contains("/p1")), "{retry}");
    early.kill9();
    relay.p.expect("disconnected", WAIT);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("patient"), &app.url, &[]);
    let up = relay.p.expect("connected", WAIT);
    assert_eq!(up["queued"], 3, "undelivered requests were dropped: {up}");
    let want: Vec<String> = (1..=3).map(|n| format!("/p{n}")).collect();
    assert_delivered(&rt, &relay, &app, "patient", &want);
}

#[test]
fn a_queued_request_as_big_as_the_relay_allows_reaches_the_app() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--max-body", "3MiB"]);
    claim_and_kill(&relay, "large", &app);
    let bodies = [vec![1u8], vec![2; 3 << 20], vec![3]];
    for (n, body) in bodies.iter().enumerate() {
        assert_eq!(rt.block_on(post(relay.addr, &format!("/large/s{n}"), body)).status, 202);
    }
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("large"), &app.url, &[]);
    let seen = app.wait_for(3, Duration::from_secs(20));
    let got: Vec<_> = seen.iter().map(|s| (s.target.as_str(), s.sha)).collect();
    let want: Vec<_> = ["/s0", "/s1", "/s2"]
        .into_iter()
        .zip(bodies.iter().map(|b| sha(b)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn an_answer_over_the_relays_limit_fails_alone() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--max-body", "1MiB"]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("bystander"), &app.url, &[]);
    let addr = relay.addr;
    let slow = rt.spawn(async move { post(addr, "/bystander/slow", b"slow").await.status });
    app.wait_for(1, WAIT);
    let two_mib: Headers = vec![("X-Answer-Len".into(), (2usize << 20).to_string().into_bytes())];
    let big = rt.block_on(send(relay.addr, "POST", "/bystander/big", &two_mib, b"big"));
    assert_eq!(big.status, 502, "{}", String::from_utf8_lossy(&big.body));
    let slow = rt.block_on(slow).expect("slow request");
    assert_eq!(slow, status_for(&sha(b"slow")), "an unrelated request in flight failed");
}

#[test]
fn a_queued_request_the_app_cannot_answer_does_not_block_the_channel() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    claim_and_kill(&relay, "poison", &app);
    for target in ["/poison/crash", "/poison/after"] {
        assert_eq!(rt.block_on(post(relay.addr, target, b"x")).status, 202, "{target}");
    }
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("poison"), &app.url, &[]);
    let after = app.wait_until(Duration::from_secs(15), |s| s.iter().any(|s| s.target == "/after"));
    assert!(after, "after 15 s the app saw only {:?}", app.targets());
}
