//! The tunnel's WebSocket handshake at the relay: `Hello` and its protocol
//! version, and misbehaving WebSocket clients, each refused cleanly while a
//! real tunnel keeps working.

mod tunnel_support;

use futures_util::{SinkExt, StreamExt};
use std::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tunnel_support::*;

const TOKEN: &str = "handshake-token-good-51c7";

fn hello(token: &str, channel: &str) -> Vec<u8> {
    hello_as(hook::tunnel::protocol::VERSION, token, channel)
}

fn hello_as(version: u32, token: &str, channel: &str) -> Vec<u8> {
    let mut b = vec![1];
    b.extend_from_slice(&version.to_be_bytes());
    for s in [token, channel] {
        b.extend_from_slice(&(s.len() as u32).to_be_bytes());
        b.extend_from_slice(s.as_bytes());
    }
    b
}

/// Open a raw WebSocket, optionally say a valid Hello, send `junk`; the relay must close it.
async fn misbehave(ws_url: &str, say_hello: bool, junk: Message) -> Result<(), String> {
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_url)
        .await
        .map_err(|e| e.to_string())?;
    if say_hello {
        ws.send(Message::Binary(hello(TOKEN, "raw").into()))
            .await
            .map_err(|e| e.to_string())?;
        match tokio::time::timeout(WAIT, ws.next()).await {
            Ok(Some(Ok(Message::Binary(b)))) if b.first() == Some(&11) => {}
            other => return Err(format!("no Welcome: {other:?}")),
        }
    }
    let _ = ws.send(junk).await; // may fail: the relay can hang up mid-frame
    let deadline = Instant::now() + WAIT;
    for _ in 0..1000 {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, ws.next()).await {
            Err(_) => return Err("still open after 10 s".into()),
            Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return Ok(()),
            Ok(Some(Ok(_))) => {} // pings, or the Refused frame
        }
    }
    Err("endless frames".into())
}

#[test]
fn misbehaving_websockets_are_closed_and_a_real_tunnel_keeps_working() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--max-body", "1KiB"]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("real"), &app.url, &[]);
    let garbage = || Message::Binary(vec![0xde, 0xad, 0xbe, 0xef, 0, 1, 2].into());
    let huge = || Message::Binary(vec![1u8; 3 << 20].into()); // > 1 KiB + 1 MiB
    let cases = [
        ("garbage before Hello", false, garbage()),
        ("text before Hello", false, Message::Text("hello".into())),
        ("3 MiB frame before Hello", false, huge()),
        ("garbage after Hello", true, garbage()),
        ("3 MiB frame after Hello", true, huge()),
    ];
    for (i, (what, say_hello, junk)) in cases.into_iter().enumerate() {
        let outcome = rt.block_on(misbehave(&relay.ws_url, say_hello, junk));
        assert_eq!(outcome, Ok(()), "{what}");
        works(&rt, &relay, &app, "real", &format!("after-{i}"));
    }
}

#[test]
fn a_tunnel_of_another_protocol_version_is_refused_with_the_reason() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("real"), &app.url, &[]);
    let ours = hook::tunnel::protocol::VERSION;
    for version in [ours - 1, ours + 1] {
        let refused = rt.block_on(async {
            let (mut ws, _) = tokio_tungstenite::connect_async(relay.ws_url.as_str())
                .await
                .expect("connect");
            ws.send(Message::Binary(hello_as(version, TOKEN, "old").into()))
                .await
                .expect("send");
            match tokio::time::timeout(WAIT, ws.next()).await {
                Ok(Some(Ok(Message::Binary(b)))) => b.to_vec(),
                other => panic!("version {version}: no Refused frame: {other:?}"),
            }
        });
        // Refused (12): the reason as a u32 length and its bytes, then the retry flag.
        assert_eq!(refused[0], 12, "version {version}: {refused:?}");
        let len = u32::from_be_bytes(refused[1..5].try_into().unwrap()) as usize;
        let reason = String::from_utf8_lossy(&refused[5..5 + len]);
        assert_eq!(reason, format!("protocol version {version} is not {ours}: update hook"));
        assert_eq!(refused[5 + len], 0, "not worth retrying");
        works(&rt, &relay, &app, "real", &format!("after-v{version}"));
    }
}

#[test]
fn a_hello_with_an_empty_token_is_refused() {
    let rt = rt();
    let relay = Relay::start(&["--token", TOKEN]);
    for token in ["", " "] {
        let refused = rt.block_on(async {
            let (mut ws, _) = tokio_tungstenite::connect_async(relay.ws_url.as_str())
                .await
                .expect("connect");
            ws.send(Message::Binary(hello(token, "open").into()))
                .await
                .expect("send");
            match tokio::time::timeout(WAIT, ws.next()).await {
                Ok(Some(Ok(Message::Binary(b)))) => b.to_vec(),
                other => panic!("{token:?}: no Refused frame: {other:?}"),
            }
        });
        assert_eq!(refused[0], 12, "{token:?}: {refused:?}");
        assert_eq!(relay.p.expect("refused", WAIT)["reason"], "invalid token");
    }
}

#[test]
fn a_text_frame_instead_of_hello_is_refused_as_such() {
    let rt = rt();
    let relay = Relay::start(&["--token", TOKEN]);
    let refused = rt.block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(relay.ws_url.as_str())
            .await
            .expect("connect");
        ws.send(Message::Text("hello".into())).await.expect("send");
        match tokio::time::timeout(WAIT, ws.next()).await {
            Ok(Some(Ok(Message::Binary(b)))) => b.to_vec(),
            other => panic!("no Refused frame: {other:?}"),
        }
    });
    assert_eq!(refused[0], 12, "{refused:?}");
    let reason = String::from_utf8_lossy(&refused[5..]);
    assert!(reason.contains("got a text frame"), "{reason}");
}
