//! One tunnel's WebSocket on the relay: handshake, token and channel checks,
//! the backlog, then frames both ways with heartbeats until the link ends.

use super::protocol::{self, RelayFrame, TunnelFrame};
use super::relay::{text, Relay};
use super::store::Answer;
use crate::model::RelayEvent;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Frames waiting to go to one tunnel before the relay stops accepting more for it.
const OUTBOX: usize = 1024;

/// Answer the WebSocket upgrade and run the link in its own task.
pub(super) fn upgrade(mut req: Request<Incoming>, relay: Arc<Relay>) -> Response<Full<Bytes>> {
    let key = req.headers().get("sec-websocket-key").map(|k| k.as_bytes().to_vec());
    let is_ws = req
        .headers()
        .get(hyper::header::UPGRADE)
        .is_some_and(|u| u.as_bytes().eq_ignore_ascii_case(b"websocket"));
    let (Some(key), true) = (key, is_ws) else {
        return text(400, "this path is for hook tunnel's WebSocket");
    };
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(&key);
    tokio::spawn(async move {
        if let Ok(upgraded) = hyper::upgrade::on(&mut req).await {
            let config = protocol::ws_config(relay.config.max_body as usize);
            let ws = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config)).await;
            run(ws, relay).await;
        }
    });
    let mut res = Response::new(Full::new(Bytes::new()));
    *res.status_mut() = hyper::StatusCode::SWITCHING_PROTOCOLS;
    let h = res.headers_mut();
    h.insert(
        hyper::header::UPGRADE,
        hyper::header::HeaderValue::from_static("websocket"),
    );
    h.insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) = hyper::header::HeaderValue::from_str(&accept) {
        h.insert("sec-websocket-accept", v);
    }
    res
}

type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

async fn refuse(ws: &mut Ws, reason: &str, relay: &Relay) {
    refuse_with(ws, reason, false, relay).await
}

async fn refuse_with(ws: &mut Ws, reason: &str, retry: bool, relay: &Relay) {
    let frame = RelayFrame::Refused {
        reason: reason.into(),
        retry,
    };
    let _ = ws.send(Message::Binary(frame.encode())).await;
    let _ = ws.close(None).await;
    let _ = relay.events.send(RelayEvent::Refused { reason: reason.into() });
}

/// The whole life of one link.
async fn run(mut ws: Ws, relay: Arc<Relay>) {
    let hello = match tokio::time::timeout(protocol::HANDSHAKE_TIMEOUT, ws.next()).await {
        Ok(Some(Ok(Message::Binary(b)))) => TunnelFrame::decode(b),
        _ => return refuse(&mut ws, "expected Hello within the handshake timeout", &relay).await,
    };
    let Ok(TunnelFrame::Hello {
        version,
        token,
        channel,
    }) = hello
    else {
        return refuse(&mut ws, "expected Hello", &relay).await;
    };
    if version != protocol::VERSION {
        return refuse(
            &mut ws,
            &format!("protocol version {version} is not {}: update hook", protocol::VERSION),
            &relay,
        )
        .await;
    }
    let digest = super::token_digest(&token);
    // Compare every token, in constant time each, so timing says nothing about which was close.
    let known = relay
        .token_digests
        .iter()
        .fold(false, |found, t| found | crate::signature::mac::same(t, &digest));
    if !known {
        return refuse(&mut ws, "invalid token", &relay).await;
    }
    let session = relay.sessions.fetch_add(1, Ordering::Relaxed) + 1;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(OUTBOX);
    let (name, backlog) = match relay.store.claim(digest, &channel, session, tx) {
        Ok(claimed) => claimed,
        Err(refusal) => {
            let retry = matches!(refusal, super::store::Refusal::Busy(_));
            return refuse_with(&mut ws, &refusal.to_string(), retry, &relay).await;
        }
    };
    let url = format!("{}/{name}", relay.base_url);
    let welcome = RelayFrame::Welcome {
        version: protocol::VERSION,
        channel: name.clone(),
        url: url.clone(),
        max_body: relay.config.max_body,
    };
    if ws.send(Message::Binary(welcome.encode())).await.is_err() {
        relay.store.release(&name, session);
        return;
    }
    let _ = relay.events.send(RelayEvent::Connected {
        channel: name.clone(),
        queued: backlog.len(),
    });
    let (mut sink, mut stream) = ws.split();
    let mut ok = true;
    for frame in backlog {
        ok &= sink.send(Message::Binary(frame)).await.is_ok();
    }
    let beat = relay.config.heartbeat;
    let mut tick = tokio::time::interval(beat);
    let mut last_seen = Instant::now();
    let reason = loop {
        if !ok {
            break "the link failed".to_string();
        }
        tokio::select! {
            msg = stream.next() => {
                last_seen = Instant::now();
                match msg {
                    Some(Ok(Message::Binary(b))) => match TunnelFrame::decode(b) {
                        Ok(TunnelFrame::Response { id, status, headers, body }) => relay.store.answer(&name, id, Answer { status, headers, body }),
                        Ok(TunnelFrame::Ack { id }) => relay.store.ack(&name, id),
                        Ok(TunnelFrame::Hello { .. }) => break "a second Hello".to_string(),
                        Err(e) => break e.to_string(),
                    },
                    Some(Ok(Message::Close(_))) | None => break "the tunnel closed the link".to_string(),
                    Some(Ok(Message::Text(_))) => break "a text frame (the protocol is binary)".to_string(),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break format!("the link broke: {e}"),
                }
            }
            out = rx.recv() => match out {
                Some(frame) => ok = protocol::send_batch(&mut sink, frame, &mut rx).await,
                None => break "replaced by a newer link".to_string(),
            },
            _ = tick.tick() => {
                if last_seen.elapsed() > beat * 2 {
                    break format!("no heartbeat for {}", crate::signature::human_duration(beat * 2));
                }
                ok = sink.send(Message::Ping(Bytes::new())).await.is_ok();
            }
        }
    };
    let _ = sink.close().await;
    relay.store.release(&name, session);
    let _ = relay.events.send(RelayEvent::Disconnected { channel: name, reason });
}
