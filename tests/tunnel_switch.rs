//! `hook relay` + `hook tunnel` when the app switches protocols (`101
//! Switching Protocols`): the tunnel carries webhooks, never a switch, so the
//! sender gets 502 with the reason, both screens show it, and the tunnel
//! closes that connection to the app rather than send the next request on it.

mod tunnel_support;

#[path = "common/switching.rs"]
mod switching;

use serde_json::json;
use switching::{post, status, Sender, SwitchingApp};
use tunnel_support::*;

const TOKEN: &str = "switch-token-5d2e";
const SWITCHED: &str = "the app switched protocols (101 Switching Protocols), which hook does not relay";

/// With and without the sender asking for a switch: 502, then a normal
/// request on the same sender connection and through the same tunnel gets
/// the app's normal answer, on a fresh connection to the app.
#[test]
fn an_app_that_switches_protocols_gives_the_sender_502() {
    let app = SwitchingApp::start();
    let relay = Relay::start(&["--token", TOKEN]);
    let app_url = format!("http://{}", app.addr);
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("sw"), &app_url, &["--timeout", "5s"]);
    relay.p.expect("connected", WAIT);
    let rt = rt();
    let mut sender = rt.block_on(Sender::connect(relay.addr));
    for (round, upgrade) in [false, true].into_iter().enumerate() {
        let answer = rt
            .block_on(sender.send(&post("/sw/switch", upgrade)))
            .expect("an answer");
        assert_eq!(status(&answer), 502, "{answer}");
        assert!(answer.ends_with(&format!("hook tunnel: {SWITCHED}\n")), "{answer}");
        let line = tunnel.expect("request", WAIT);
        let f = &line["forward"];
        let want = json!([502, format!("{app_url}/switch"), 502, SWITCHED]);
        assert_eq!(
            json!([line["status"], f["url"], f["status"], f["error"]]),
            want,
            "{line}"
        );
        let shown = relay.p.expect("request", WAIT);
        assert_eq!(
            json!([shown["target"], shown["status"]]),
            json!(["/switch", 502]),
            "{shown}"
        );
        // The tunnel closed the switched connection: nothing more was written to it.
        let seen = app.wait_until(|s| s.closed_after_switch == round + 1);
        assert_eq!(seen.after_switch, 0, "a request went on the switched connection");

        let answer = rt
            .block_on(sender.send(&post("/sw/normal", upgrade)))
            .expect("an answer");
        assert_eq!(
            (status(&answer), answer.ends_with("\r\n\r\nnormal")),
            (200, true),
            "{answer}"
        );
        assert_eq!(tunnel.expect("request", WAIT)["forward"]["status"], 200);
        assert_eq!(relay.p.expect("request", WAIT)["status"], 200);
    }
    let seen = app.seen();
    assert_eq!((seen.connections, seen.heads.len()), (3, 4), "{seen:?}");
    assert!(
        seen.heads.iter().all(|h| !h.to_ascii_lowercase().contains("upgrade:")),
        "the sender's Upgrade is hop-by-hop: {seen:?}"
    );
}
