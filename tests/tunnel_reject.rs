//! `hook tunnel --reject-invalid`, through the real binaries: a request not
//! validly signed is answered 401 by the tunnel and never reaches the app; a
//! signed one, a GET subscription check, and a queued request whose
//! timestamp aged at the relay all do.

mod tunnel_support;

use hmac::{Hmac, Mac};
use tunnel_support::*;

const TOKEN: &str = "reject-token-4d2e";
const SECRET: &str = "whsec_reject_test";

/// Stripe's headers for `body` signed at unix time `t`.
fn stripe(body: &[u8], t: u64) -> Headers {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let sig = hex::encode(mac.finalize().into_bytes());
    vec![("Stripe-Signature".into(), format!("t={t},v1={sig}").into_bytes())]
}

fn now() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.expect("clock").as_secs()
}

#[test]
fn unsigned_and_invalid_requests_get_401_and_never_reach_the_app() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    // --quiet shows only what failed: a rejection is one.
    let flags = ["--secret", SECRET, "--reject-invalid", "--quiet"];
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("rj"), &app.url, &flags);
    let body = br#"{"id":"evt_1","type":"invoice.paid"}"#;
    let unsigned = rt.block_on(post(relay.addr, "/rj/none", body));
    assert_eq!((unsigned.status, &unsigned.body[..]), (401, &b"no signature\n"[..]));
    let mut forged = stripe(body, now());
    forged[0].1.extend_from_slice(b"0");
    let invalid = rt.block_on(send(relay.addr, "POST", "/rj/forged", &forged, body));
    assert_eq!((invalid.status, &invalid.body[..]), (401, &b"invalid signature\n"[..]));
    for target in ["/rj/none", "/rj/forged"] {
        let line = tunnel.expect("request", WAIT);
        assert_eq!(line["status"], 401, "{line}");
        let note = line["note"].as_str().unwrap_or_default();
        assert!(note.starts_with("rejected (--reject-invalid):"), "{target}: {line}");
    }
    // Signed, and a GET subscription check (never signed), reach the app.
    let good = rt.block_on(send(relay.addr, "POST", "/rj/good", &stripe(body, now()), body));
    assert_eq!(good.status, status_for(&sha(body)));
    let check = rt.block_on(send(relay.addr, "GET", "/rj/sub?hub.challenge=abc", &Vec::new(), b""));
    assert_eq!(check.status, status_for(&sha(b"")));
    assert_eq!(app.targets(), ["/good", "/sub?hub.challenge=abc"]);
}

#[test]
fn a_queued_request_is_judged_without_its_age() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (mut first, _) = tunnel(&relay.url, TOKEN, Some("late"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    first.kill9();
    relay.p.expect("disconnected", WAIT);
    // Signed an hour ago, well past Stripe's five minutes, then queued.
    let body = br#"{"id":"evt_2"}"#;
    let old = rt.block_on(send(relay.addr, "POST", "/late/old", &stripe(body, now() - 3600), body));
    assert_eq!(old.status, 202);
    let unsigned = rt.block_on(post(relay.addr, "/late/unsigned", body));
    assert_eq!(unsigned.status, 202);
    let flags = ["--secret", SECRET, "--reject-invalid"];
    let (again, _) = tunnel(&relay.url, TOKEN, Some("late"), &app.url, &flags);
    let lines = [again.expect("request", WAIT), again.expect("request", WAIT)];
    assert_eq!(app.wait_for(1, WAIT)[0].target, "/old");
    assert_eq!(
        (lines[0]["path"].as_str(), lines[1]["path"].as_str()),
        (Some("/old"), Some("/unsigned"))
    );
    assert!(
        lines[1]["note"].as_str().unwrap_or_default().starts_with("rejected"),
        "{}",
        lines[1]
    );
    // Both were acknowledged: the queue is empty, and nothing else reached the app.
    assert_eq!(app.targets(), ["/old"]);
    // Sent live, the same stale request is refused for its age.
    let live = rt.block_on(send(relay.addr, "POST", "/late/old", &stripe(body, now() - 3600), body));
    assert_eq!(live.status, 401);
    let note = again.expect("request", WAIT)["note"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(note.contains("old"), "{note}");
    assert_eq!(app.targets(), ["/old"]);
}

#[test]
fn reject_invalid_without_a_secret_is_refused() {
    let mut p = spawn_tunnel("http://127.0.0.1:9", TOKEN, None, "3000", &["--reject-invalid"]);
    assert_eq!(p.wait_exit(WAIT), Some(2));
    let err = p.stderr();
    assert!(err.contains("--reject-invalid") && err.contains("hint:"), "{err}");
}
