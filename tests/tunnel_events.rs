//! `hook tunnel -e/--events` and `--route`, through the real relay and
//! tunnel: each event reaches the app named for it, the rest `-f`'s app, and
//! an event not asked for is answered 200 by the tunnel, shown as skipped,
//! and never reaches an app, whether it came live or from the relay's queue.

mod tunnel_support;

use serde_json::json;
use tunnel_support::*;

const TOKEN: &str = "events-token-0c4d";

/// An unsigned GitHub delivery of `event` (with action `opened` unless a push).
fn github(event: &str) -> (Headers, Vec<u8>) {
    let body = match event {
        "push" => br#"{"ref":"refs/heads/main"}"#.to_vec(),
        _ => br#"{"action":"opened","number":3}"#.to_vec(),
    };
    let headers = vec![
        ("X-GitHub-Event".to_string(), event.as_bytes().to_vec()),
        ("X-GitHub-Delivery".to_string(), format!("d-{event}").into_bytes()),
        ("Content-Type".to_string(), b"application/json".to_vec()),
    ];
    (headers, body)
}

/// An unsigned Stripe event of `kind` (recognised by its body and user agent).
fn stripe(kind: &str) -> (Headers, Vec<u8>) {
    let body = format!(r#"{{"id":"evt_1","object":"event","type":"{kind}"}}"#).into_bytes();
    let headers = vec![
        (
            "User-Agent".to_string(),
            b"Stripe/1.0 (+https://stripe.com/docs/webhooks)".to_vec(),
        ),
        ("Content-Type".to_string(), b"application/json; charset=utf-8".to_vec()),
    ];
    (headers, body)
}

#[test]
fn routes_pick_the_app_and_events_not_asked_for_are_answered_by_the_tunnel() {
    let rt = rt();
    let (gh_app, rest_app) = (App::start(&rt), App::start(&rt));
    let relay = Relay::start(&["--token", TOKEN]);
    let route = format!("github:*={}", gh_app.url);
    let extra = ["--route", &route, "-e", "push,invoice.*"];
    let (tunnel, ready) = tunnel(&relay.url, TOKEN, Some("ev"), &rest_app.url, &extra);
    let want = json!([{"events": "github:*", "to": format!("{}/", gh_app.url)}]);
    assert_eq!(
        (&ready["routes"], &ready["events"]),
        (&want, &json!(["push", "invoice.*"]))
    );

    let sends = [
        (github("push"), Some(&gh_app), "/ev/a"),
        (stripe("invoice.paid"), Some(&rest_app), "/ev/b"),
        (github("issues"), None, "/ev/c"),
    ];
    for ((headers, body), app, target) in sends {
        let reply = rt.block_on(send(relay.addr, "POST", target, &headers, &body));
        let line = tunnel.expect("request", WAIT);
        match app {
            Some(app) => {
                assert_eq!(reply.status, status_for(&sha(&body)), "{target}");
                let url = line["forward"]["url"].as_str().unwrap_or_default().to_string();
                assert!(url.starts_with(&app.url), "{target} went to {url}");
                assert!(line.get("skipped").is_none(), "{line}");
            }
            None => {
                assert_eq!(reply.status, 200, "the tunnel answers a skipped request");
                assert!(String::from_utf8_lossy(&reply.body).contains("-e/--events"));
                assert_eq!(
                    (&line["skipped"], &line["forward"]),
                    (&json!(true), &json!(null)),
                    "{line}"
                );
                let note = line["note"].as_str().unwrap_or_default();
                assert!(
                    note.contains("event issues.opened (github) is not in --events push,invoice.*"),
                    "{note}"
                );
            }
        }
    }
    // The skipped request reached neither app.
    assert_eq!(gh_app.targets(), ["/a"]);
    assert_eq!(rest_app.targets(), ["/b"]);
}

#[test]
fn a_queued_request_left_out_by_events_is_acknowledged_not_delivered() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    // Claim the channel, then go: requests for it are queued while no tunnel is connected.
    let (mut first, _) = tunnel(&relay.url, TOKEN, Some("q"), &app.url, &[]);
    first.kill9();
    relay.p.expect("disconnected", WAIT);
    let offline = |(headers, body): (Headers, Vec<u8>), target: &str| {
        let reply = rt.block_on(send(relay.addr, "POST", target, &headers, &body));
        assert_eq!(reply.status, 202, "{target} queued");
    };
    offline(github("issues"), "/q/skip");
    offline(github("push"), "/q/take");
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("q"), &app.url, &["-e", "push"]);
    let skipped = tunnel.expect("request", WAIT);
    assert_eq!(
        (&skipped["path"], &skipped["skipped"]),
        (&json!("/skip"), &json!(true)),
        "{skipped}"
    );
    let taken = tunnel.expect("request", WAIT);
    assert_eq!(taken["path"], "/take", "{taken}");
    assert_eq!(app.wait_for(1, WAIT).len(), 1);
    assert_eq!(app.targets(), ["/take"]);
}

#[test]
fn bad_routes_are_refused_before_connecting() {
    let mut p = Proc::spawn(&[
        "tunnel",
        "--relay",
        "http://127.0.0.1:9",
        "--token",
        "t",
        "-f",
        "3000",
        "--route",
        "push",
    ]);
    assert_eq!(p.wait_exit(WAIT), Some(2));
    let err = p.stderr();
    assert!(
        err.contains("--route \"push\" has no '='") && err.contains("hint:"),
        "{err}"
    );
}
