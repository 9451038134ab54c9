//! The relay's public HTTP/1.1 side, on the raw codec so that what a
//! provider sends reaches the tunnel with its headers in their order and
//! case, and the app's answer goes back the same way. One task per
//! connection; requests on it are answered in turn (keep-alive, pipelining).

use super::protocol::{self, Header};
use super::relay::{Relay, BODY_TIMEOUT};
use super::store::{Answer, Ingress, RequestParts};
use crate::http::wire::{self, Framing, Reader, RequestHead, WireError};
use crate::model::RelayEvent;
use bytes::Bytes;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::timeout;

/// How long a client may take to send its request head once it has begun (slow clients).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an idle keep-alive connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// An answer to write.
pub(super) struct Reply {
    status: u16,
    headers: Vec<Header>,
    body: Bytes,
    /// The body is not written (HEAD, 204, 304): its length is said as the app said it.
    bodiless: bool,
}

/// A short plain-text answer from the relay itself.
pub(super) fn text(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), Bytes::from_static(b"text/plain; charset=utf-8"))],
        body: Bytes::from(format!("{body}\n")),
        bodiless: false,
    }
}

/// Write `reply`; `close` adds `Connection: close`.
pub(super) async fn write_reply<S: AsyncWrite + Unpin>(io: &mut S, reply: &Reply, close: bool) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(128 + reply.headers.iter().map(|(n, v)| n.len() + v.len() + 4).sum::<usize>());
    let reason = http::StatusCode::from_u16(reply.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    head.extend_from_slice(format!("HTTP/1.1 {} {reason}\r\n", reply.status).as_bytes());
    let length = (!reply.bodiless).then_some(reply.body.len() as u64);
    let headers = reply.headers.iter().map(|(n, v)| (n.as_str(), &v[..]));
    wire::put_passed_headers(&mut head, headers, length);
    if close {
        head.extend_from_slice(b"Connection: close\r\n");
    }
    head.extend_from_slice(b"\r\n");
    let body = if reply.bodiless { &[][..] } else { &reply.body[..] };
    wire::write_message(io, head, body).await
}

/// Serve one connection until it closes.
pub(super) async fn serve<S>(mut io: S, remote: SocketAddr, relay: Arc<Relay>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut reader = Reader::default();
    loop {
        if !reader.has_buffered() && !matches!(timeout(IDLE_TIMEOUT, reader.fill(&mut io)).await, Ok(Ok(true))) {
            return;
        }
        let refusal = match timeout(HEADER_TIMEOUT, reader.request_head(&mut io)).await {
            Ok(Ok(head)) => {
                if head.target.split('?').next() == Some(protocol::WS_PATH) {
                    return super::relay_link::upgrade(io, reader, head, relay).await;
                }
                let keep_alive = keeps_alive(&head);
                match request(&mut io, &mut reader, head, remote, &relay).await {
                    Some((reply, body_read)) => {
                        let close = !(keep_alive && body_read);
                        if write_reply(&mut io, &reply, close).await.is_err() || close {
                            return;
                        }
                        continue;
                    }
                    None => return,
                }
            }
            Err(_) => text(408, "the request head took too long to arrive"),
            Ok(Err(WireError::Closed | WireError::Io(_))) => return,
            Ok(Err(WireError::HeadTooLarge)) => text(431, "the request head is too large"),
            Ok(Err(e)) => text(400, &e.to_string()),
        };
        let _ = write_reply(&mut io, &refusal, true).await;
        return;
    }
}

/// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.
fn keeps_alive(head: &RequestHead) -> bool {
    if head.minor == 0 {
        wire::has_token(&head.headers, "connection", "keep-alive")
    } else {
        !wire::has_token(&head.headers, "connection", "close")
    }
}

/// Answer one request; also whether its body was read (else the connection must close).
/// `None`: the connection broke.
async fn request<S>(
    io: &mut S,
    reader: &mut Reader,
    head: RequestHead,
    remote: SocketAddr,
    relay: &Relay,
) -> Option<(Reply, bool)>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let framing = match wire::request_framing(&head.headers) {
        Ok(f) => f,
        Err(e) => return Some((text(400, &e.to_string()), false)),
    };
    let no_body = framing == Framing::Empty;
    if head.target == "/" && head.method == "GET" {
        let about = "hook relay: carries webhooks to a hook tunnel. Send them to /<channel>/<path>.";
        return Some((text(200, about), no_body));
    }
    let Some(rest) = head.target.strip_prefix('/') else {
        return Some((text(400, "the request target must be a path"), no_body));
    };
    let (channel, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    if !super::store::valid_name(channel) {
        return Some((text(404, "no such channel"), no_body));
    }
    let target = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    let channel = channel.to_string();
    let max = relay.config.max_body;
    if matches!(framing, Framing::Length(n) if n > max) {
        return Some((text(413, "payload too large"), false));
    }
    if !no_body && wire::has_token(&head.headers, "expect", "100-continue") {
        wire::write_message(io, b"HTTP/1.1 100 Continue\r\n\r\n".to_vec(), &[])
            .await
            .ok()?;
    }
    let body = match timeout(BODY_TIMEOUT, reader.body(io, framing, max)).await {
        Ok(Ok(body)) => body,
        Ok(Err(WireError::BodyTooLarge)) => return Some((text(413, "payload too large"), false)),
        Ok(Err(WireError::Io(_))) => return None,
        Ok(Err(e)) => return Some((text(400, &format!("could not read the body: {e}")), false)),
        Err(_) => return Some((text(408, "the request body took too long to arrive"), false)),
    };
    let reply = relayed(head, body, remote, channel, target, relay).await;
    Some((reply, true))
}

/// Carry a read request through the channel, and say how it went.
async fn relayed(
    head: RequestHead,
    body: Bytes,
    remote: SocketAddr,
    channel: String,
    target: String,
    relay: &Relay,
) -> Reply {
    let RequestHead {
        method, mut headers, ..
    } = head;
    let has = |headers: &[Header], name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let host = wire::header(&headers, "host").map(Bytes::copy_from_slice);
    let (own_host, own_proto) = (has(&headers, "x-forwarded-host"), has(&headers, "x-forwarded-proto"));
    // Added, never replacing the sender's own.
    headers.push(("X-Forwarded-For".into(), Bytes::from(remote.ip().to_string())));
    if let (false, Some(host)) = (own_host, host) {
        headers.push(("X-Forwarded-Host".into(), host));
    }
    if !own_proto {
        let proto = if relay.config.tls.is_some() { "https" } else { "http" };
        headers.push(("X-Forwarded-Proto".into(), Bytes::from_static(proto.as_bytes())));
    }
    let head_only = method.eq_ignore_ascii_case("HEAD");
    let request = RequestParts {
        method: method.clone(),
        target: target.clone(),
        remote: remote.to_string(),
        headers,
        body,
        queued: false,
    };
    let reply = match relay.store.ingress(&channel, request).await {
        Ingress::Live(rx) => match timeout(relay.config.timeout, rx).await {
            Ok(Ok(answer)) => from_app(answer, head_only),
            Ok(Err(_)) => text(502, "the tunnel went away before answering"),
            Err(_) => text(504, "the tunnel did not answer in time"),
        },
        Ingress::Queued => text(
            202,
            "queued: no tunnel is connected; it will be delivered when one reconnects",
        ),
        Ingress::Refused(status, why) => {
            let mut reply = text(status, &why);
            if status == 503 {
                reply.headers.push(("Retry-After".into(), Bytes::from_static(b"10")));
            }
            reply
        }
    };
    let _ = relay.events.send(RelayEvent::Request {
        channel,
        method,
        target,
        status: reply.status,
    });
    reply
}

/// The app's answer as it wrote it; an answer that has no body by rule keeps
/// its `Content-Length` as the app said it.
fn from_app(a: Answer, head_only: bool) -> Reply {
    let bodiless = head_only || a.status < 200 || a.status == 204 || a.status == 304;
    Reply {
        status: a.status,
        headers: a.headers,
        body: a.body,
        bodiless,
    }
}
