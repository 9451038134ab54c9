//! One tunnel's WebSocket on the relay: handshake, token and channel checks,
//! the backlog, then frames both ways with heartbeats until the link ends.

use super::protocol::{self, RelayFrame, TunnelFrame};
use super::relay::Relay;
use super::store::Answer;
use crate::http::rewind::Rewind;
use crate::http::serve::{write_reply, Reply};
use crate::http::wire::{self, Reader, RequestHead};
use crate::model::RelayEvent;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Frames waiting to go to one tunnel before the relay stops accepting more for it.
const OUTBOX: usize = 1024;

/// Answer the WebSocket upgrade on this connection and run the link.
pub(super) async fn upgrade<S>(mut io: S, reader: Reader, head: RequestHead, relay: Arc<Relay>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let key = wire::header(&head.headers, "sec-websocket-key").map(<[u8]>::to_vec);
    let is_ws = wire::has_token(&head.headers, "upgrade", "websocket");
    let (Some(key), true, "GET") = (key, is_ws, head.method.as_str()) else {
        let mut reply = Reply::text(400, "this path is for hook tunnel's WebSocket");
        if head.method == "HEAD" {
            reply = reply.without_body();
        }
        let _ = write_reply(&mut io, &reply, true).await;
        return;
    };
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(&key);
    let switching = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
    );
    if wire::write_message(&mut io, switching.into_bytes(), &[]).await.is_err() {
        return;
    }
    let config = protocol::link::ws_config(relay.config.max_body as usize);
    // An idle link should not keep the head's read buffer: thousands are held at once.
    drop(head);
    let leftover = reader.into_leftover();
    let leftover = if leftover.is_empty() {
        bytes::BytesMut::new()
    } else {
        leftover
    };
    let io = Rewind::new(leftover, io);
    let ws = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
    run(ws, relay).await;
}

async fn refuse<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut WebSocketStream<S>, reason: &str, relay: &Relay) {
    refuse_with(ws, reason, false, relay).await
}

async fn refuse_with<S: AsyncRead + AsyncWrite + Unpin>(
    ws: &mut WebSocketStream<S>,
    reason: &str,
    retry: bool,
    relay: &Relay,
) {
    let frame = RelayFrame::Refused {
        reason: reason.into(),
        retry,
    };
    let _ = ws.send(Message::Binary(frame.encode())).await;
    let _ = ws.close(None).await;
    let _ = relay.events.send(RelayEvent::Refused { reason: reason.into() }).await;
}

/// The whole life of one link.
async fn run<S: AsyncRead + AsyncWrite + Unpin>(mut ws: WebSocketStream<S>, relay: Arc<Relay>) {
    // Subscribed first, and its receiver held until this link has closed, so a
    // relay that stops while the link is still being set up waits for it too.
    let mut stopping = relay.stopping.subscribe();
    // Borrowed, not moved: the receiver must outlive this future, which ends first.
    let stopped = async { stopping.wait_for(|&stop| stop).await.is_ok() };
    tokio::pin!(stopped);
    let hello = match tokio::time::timeout(protocol::HANDSHAKE_TIMEOUT, ws.next()).await {
        Ok(Some(Ok(Message::Binary(b)))) => TunnelFrame::decode(b),
        Ok(Some(Ok(Message::Text(_)))) => {
            return refuse(
                &mut ws,
                "expected Hello, got a text frame (the protocol is binary)",
                &relay,
            )
            .await
        }
        Ok(Some(Ok(_))) => return refuse(&mut ws, "expected Hello as the first frame", &relay).await,
        Ok(_) => return refuse(&mut ws, "the link closed before its Hello", &relay).await,
        Err(_) => return refuse(&mut ws, "expected Hello within the handshake timeout", &relay).await,
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
    // An empty token is never valid, whatever the relay was given.
    if token.trim().is_empty() {
        return refuse(&mut ws, "invalid token", &relay).await;
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
        Ok(claimed) => {
            if claimed.adopted {
                let message = "its token is no longer accepted; claimed by the token presenting now".into();
                let channel = claimed.name.clone();
                let _ = relay.events.send(RelayEvent::Notice { channel, message }).await;
            }
            (claimed.name, claimed.backlog)
        }
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
        timeout_ms: relay.config.timeout.as_millis().try_into().unwrap_or(u64::MAX),
    };
    if ws.send(Message::Binary(welcome.encode())).await.is_err() {
        relay.store.release(&name, session);
        return;
    }
    let _ = relay
        .events
        .send(RelayEvent::Connected {
            channel: name.clone(),
            queued: backlog.len(),
        })
        .await;
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
                        Ok(TunnelFrame::Response { id, status, reason, headers, body }) => relay.store.answer(&name, id, Answer { status, reason, headers, body }),
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
                Some(frame) => ok = protocol::link::send_batch(&mut sink, frame, &mut rx).await,
                None => break "replaced by a newer link".to_string(),
            },
            _ = &mut stopped => {
                protocol::link::close(&mut sink, &mut stream).await;
                break "the relay is stopping".to_string();
            }
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
    let _ = relay
        .events
        .send(RelayEvent::Disconnected { channel: name, reason })
        .await;
}
