//! The relay's public HTTP/1.1 side, on the raw codec so that what a
//! provider sends reaches the tunnel with its headers in their order and
//! case, and the app's answer goes back the same way. One task per
//! connection; requests on it are answered in turn (keep-alive, pipelining).

use super::forwarded::Peer;
use super::protocol;
use super::relay::{Relay, BODY_TIMEOUT};
use super::store::{Ingress, RequestParts};
use crate::http::serve::{self, write_reply, Body, Reply};
use crate::http::wire::{self, Framing, Reader, RequestHead};
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

/// A head refused before it reached a channel, already answered (400, 408,
/// 431): shown, so that a sender's refusal is never a mystery on the
/// relay's screen.
pub(super) async fn shown_refusal(relay: &Relay, refusal: crate::http::refusal::Refusal) {
    let mut target = refusal.target;
    below_prefix(&mut target, &relay.path_prefix);
    let (channel, target) = split_channel(&target);
    let method = if refusal.method.is_empty() {
        "?".into()
    } else {
        refusal.method
    };
    show(relay, shortened(channel), method, target, refusal.status).await;
}

/// Serve one connection until it closes.
pub(super) async fn serve<S>(mut io: S, remote: SocketAddr, relay: Arc<Relay>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut reader = Reader::default();
    let peer = Peer::of(remote);
    loop {
        let mut head = match serve::next_request(&mut io, &mut reader, IDLE_TIMEOUT, HEADER_TIMEOUT).await {
            serve::Next::Request(head) => head,
            serve::Next::Done => return,
            serve::Next::Refused(refusal) => return shown_refusal(&relay, refusal).await,
        };
        below_prefix(&mut head.target, &relay.path_prefix);
        if head.target.split('?').next() == Some(protocol::WS_PATH) {
            // A task of its own, sized for the link alone: a relay holds thousands of idle
            // links, and this connection's future is sized for serving requests too.
            tokio::spawn(super::relay_link::upgrade(io, reader, head, relay));
            return;
        }
        let keep_alive = serve::keeps_alive(&head);
        let head_only = head.method == "HEAD";
        let Some((mut reply, reusable)) = request(&mut io, &mut reader, head, &peer, &relay).await else {
            return;
        };
        if head_only {
            // The relay's own answers have bodies; a body after a HEAD answer
            // would be read as the next answer on this connection. (An app's
            // answer through a tunnel is already bodiless.)
            reply = reply.without_body();
        }
        let close = !(keep_alive && reusable);
        if write_reply(&mut io, &reply, close).await.is_err() || close {
            return;
        }
    }
}

/// Behind a proxy at a path (`--public-url https://example.com/hooks`), a
/// request for `/hooks/<channel>/…` is routed as `/<channel>/…`; one without
/// the prefix (a proxy that strips it) is routed as it is.
fn below_prefix(target: &mut String, prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    let Some(rest) = target.strip_prefix(prefix) else {
        return;
    };
    if rest.is_empty() || rest.starts_with('?') {
        *target = format!("/{rest}");
    } else if rest.starts_with('/') {
        *target = rest.to_string();
    }
}

/// Answer one request; also whether the connection can carry another.
/// `None`: the connection broke.
async fn request<S>(
    io: &mut S,
    reader: &mut Reader,
    head: RequestHead,
    peer: &Peer,
    relay: &Relay,
) -> Option<(Reply, bool)>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // Answers given before reading a body leave it unread: reusable only when there is none.
    let no_body = matches!(wire::request_framing(&head.headers), Ok(Framing::Empty));
    if head.target == "/" && matches!(head.method.as_str(), "GET" | "HEAD") {
        let about = "hook relay: carries webhooks to a hook tunnel. Send them to /<channel>/<path>.";
        return Some((Reply::text(200, about), no_body));
    }
    if !head.target.starts_with('/') {
        return Some((Reply::text(400, "the request target must be a path"), no_body));
    }
    let (channel, target) = split_channel(&head.target);
    if !super::store::valid_name(&channel) {
        let why = "no such channel: channel names are 1–63 lowercase letters, digits or dashes";
        let reply = shown(relay, shortened(channel), head.method, target, Reply::text(404, why)).await;
        return Some((reply, no_body));
    }
    let refused = match serve::read_body(io, reader, &head, relay.config.max_body, BODY_TIMEOUT).await {
        Body::Read(body) => return Some((relayed(head, body, peer, channel, target, relay).await, true)),
        Body::TooLarge => Reply::text(413, "payload too large"),
        Body::TooSlow => Reply::text(408, "the request body took too long to arrive"),
        Body::Bad(why) => Reply::text(400, &format!("could not read the body: {why}")),
        Body::Broken => return None,
    };
    // Refused before reaching the channel, and shown like any other request on it.
    let reply = shown(relay, channel, head.method, target, refused).await;
    Some((reply, false))
}

/// The channel a path names (`/<channel>/…`; `?` when it names none) and
/// the target below it, which is what the app sees.
fn split_channel(target: &str) -> (String, String) {
    let Some(rest) = target.strip_prefix('/') else {
        return ("?".into(), target.to_string());
    };
    let (channel, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let below = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    (channel.to_string(), below)
}

/// A name that is no channel, cut to a channel name's length for the screen.
fn shortened(mut name: String) -> String {
    if name.len() > 64 {
        let cut = (0..=64).rev().find(|&i| name.is_char_boundary(i)).unwrap_or(0);
        name.truncate(cut);
        name.push('…');
    }
    name
}

/// Print the relay's line for a request on `channel` (unless `--quiet` and it went well).
async fn shown(relay: &Relay, channel: String, method: String, target: String, reply: Reply) -> Reply {
    show(relay, channel, method, target, reply.status).await;
    reply
}

/// Print the relay's line for a request answered `status`.
async fn show(relay: &Relay, channel: String, method: String, target: String, status: u16) {
    if relay.config.quiet && status < 500 {
        return;
    }
    let _ = relay
        .events
        .send(RelayEvent::Request {
            channel,
            method,
            target,
            status,
        })
        .await;
}

/// Carry a read request through the channel, and say how it went.
async fn relayed(head: RequestHead, body: Bytes, peer: &Peer, channel: String, target: String, relay: &Relay) -> Reply {
    let RequestHead {
        method, mut headers, ..
    } = head;
    super::forwarded::add(&mut headers, &peer.ip, &relay.outside, &channel);
    let request = RequestParts {
        method: &method,
        target: &target,
        remote: &peer.addr,
        headers: &headers,
        body: &body,
    };
    let ingress = relay.store.ingress(&channel, request).await;
    // The frame made from them holds its own copy: a large body is not kept
    // twice while the tunnel answers.
    drop((headers, body));
    let reply = match ingress {
        Ingress::Live(rx) => match timeout(relay.config.timeout, rx).await {
            Ok(Ok(a)) => from_tunnel(&method, a),
            Ok(Err(_)) => Reply::text(502, "the tunnel went away before answering"),
            Err(_) => Reply::text(504, "the tunnel did not answer in time"),
        },
        Ingress::Queued => Reply::text(
            202,
            "queued: no tunnel is connected; it will be delivered when one reconnects",
        ),
        Ingress::Refused(status, why) => {
            let mut reply = Reply::text(status, &why);
            if status == 503 {
                reply.headers.push(("Retry-After".into(), Bytes::from_static(b"10")));
            }
            reply
        }
    };
    shown(relay, channel, method, target, reply).await
}

/// The sender's answer for what a tunnel carried back. A 1xx is not a final
/// answer: written as one, it leaves the sender's connection in no defined
/// state (a 101 says the connection is no longer HTTP). A tunnel of this
/// version answers 502 itself for an app's 101; one of an older version may
/// still carry the 101 here.
fn from_tunnel(method: &str, answer: crate::http::origin::RawAnswer) -> Reply {
    if answer.status < 200 {
        let said = format!("{} {}", answer.status, wire::standard_reason(answer.status));
        return Reply::text(
            502,
            &format!(
                "the tunnel passed on the app's {}, which hook does not relay",
                said.trim_end()
            ),
        );
    }
    Reply::relayed(method, answer)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_interim_answer_from_a_tunnel_reaches_the_sender_as_502() {
        use crate::http::origin::RawAnswer;
        let switched = RawAnswer::text(101, "");
        let reply = super::from_tunnel("POST", switched);
        assert_eq!(reply.status, 502);
        let said = String::from_utf8_lossy(&reply.body).into_owned();
        assert_eq!(
            said,
            "the tunnel passed on the app's 101 Switching Protocols, which hook does not relay\n"
        );
        assert_eq!(super::from_tunnel("POST", RawAnswer::text(199, "")).status, 502);
        let ok = super::from_tunnel("POST", RawAnswer::text(200, "ok"));
        assert_eq!(
            (ok.status, &ok.body[..]),
            (200, &b"ok"[..]),
            "a final answer passes as it is"
        );
    }

    #[test]
    fn targets_below_the_public_url_path_lose_it() {
        let cases = [
            ("/hooks/chan/a?x=1", "/hooks", "/chan/a?x=1"),
            ("/hooks", "/hooks", "/"),
            ("/hooks?x", "/hooks", "/?x"),
            ("/hooksy/a", "/hooks", "/hooksy/a"),
            ("/chan/a", "/hooks", "/chan/a"),
            ("/hooks/_hook/tunnel", "/hooks", "/_hook/tunnel"),
            ("/chan/a", "", "/chan/a"),
        ];
        for (target, prefix, want) in cases {
            let mut t = target.to_string();
            super::below_prefix(&mut t, prefix);
            assert_eq!(t, want, "{target} under {prefix:?}");
        }
    }
}
