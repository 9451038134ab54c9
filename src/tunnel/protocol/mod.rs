//! The wire protocol between `hook tunnel` and `hook relay`, in one place.
//!
//! Every frame is one binary WebSocket message: a kind byte, then fields in a
//! fixed order — integers big-endian, byte strings as a u32 length and the
//! bytes. Bodies and header values travel as raw bytes, never re-encoded.
//! Frames are named after their sender. The tunnel opens with `Hello`
//! (carrying [`VERSION`]); the relay answers `Welcome` or `Refused` within
//! [`HANDSHAKE_TIMEOUT`]. Liveness uses WebSocket pings both ways.

mod codec;

use bytes::{BufMut, Bytes};
pub use codec::encode_request;
use codec::{headers_len, Reader, Writer};
use std::time::Duration;

/// Protocol version; a relay refuses tunnels of another version. 3: a
/// `Response`'s reason phrase is any bytes, where 2 required UTF-8 (a
/// version-2 relay would drop a link that sent it another phrase). 4:
/// `Welcome` says the relay's timeout, so the tunnel knows when a sender has
/// already been answered 504 (a version-3 tunnel would refuse the longer frame).
pub const VERSION: u32 = 4;
/// How long the tunnel has to say `Hello`, and the relay to answer it.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Default heartbeat interval; a link silent for two intervals is dead.
pub const HEARTBEAT: Duration = Duration::from_secs(10);
/// The relay's WebSocket path.
pub const WS_PATH: &str = "/_hook/tunnel";
/// Largest number of headers in one request or response.
pub const MAX_HEADERS: usize = 1000;
/// The tunnel's limit on one frame: the relay is authenticated and bounds
/// bodies with its own `--max-body`, so this only guards against nonsense.
pub const TUNNEL_MAX_FRAME: usize = 1 << 30;
/// Room for everything but the body in a frame.
pub const FRAME_OVERHEAD: usize = 1 << 20;

/// A request or response header: name as sent and raw value bytes.
pub use crate::http::wire::Header;

pub mod link;

/// Frames the tunnel sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TunnelFrame {
    /// Opens the link.
    Hello {
        /// Must equal [`VERSION`].
        version: u32,
        /// Access token.
        token: String,
        /// Channel to claim; empty for a fresh random one.
        channel: String,
    },
    /// The local app's answer to a request.
    Response {
        /// The request's id.
        id: u64,
        /// Status code.
        status: u16,
        /// The app's reason phrase, when not the standard one for the status.
        reason: Option<Bytes>,
        /// Headers in order.
        headers: Vec<Header>,
        /// Body bytes.
        body: Bytes,
    },
    /// A queued request was delivered; the relay may forget it.
    Ack {
        /// The request's id.
        id: u64,
    },
}

/// Frames the relay sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayFrame {
    /// The link is up.
    Welcome {
        /// Relay's version.
        version: u32,
        /// The channel this tunnel holds.
        channel: String,
        /// Public URL of the channel.
        url: String,
        /// Largest body the relay accepts; larger answers cannot go back through it.
        max_body: u64,
        /// How long the relay waits for an answer before it answers the sender 504, in ms.
        timeout_ms: u64,
    },
    /// The link is refused, and why.
    Refused {
        /// For people.
        reason: String,
        /// True when trying again later may succeed (the channel is held by a live link).
        retry: bool,
    },
    /// A request for the local app.
    Request {
        /// Id to answer with.
        id: u64,
        /// True when it waited in the relay's queue (the sender already got 202).
        queued: bool,
        /// HTTP method.
        method: String,
        /// Path and query exactly as received, without the channel prefix.
        target: String,
        /// The sender's address.
        remote: String,
        /// Headers in order.
        headers: Vec<Header>,
        /// Body bytes.
        body: Bytes,
    },
}

/// A frame that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed frame: {0}")]
pub struct Malformed(pub &'static str);

impl TunnelFrame {
    /// Encode for the wire.
    pub fn encode(&self) -> Bytes {
        match self {
            TunnelFrame::Hello {
                version,
                token,
                channel,
            } => {
                let mut w = Writer::new(1, token.len() + channel.len());
                w.0.put_u32(*version);
                w.bytes(token.as_bytes());
                w.bytes(channel.as_bytes());
                w.0.freeze()
            }
            TunnelFrame::Response {
                id,
                status,
                reason,
                headers,
                body,
            } => {
                let reason_len = reason.as_ref().map_or(0, |r| r.len() + 4);
                let mut w = Writer::new(2, headers_len(headers) + body.len() + reason_len + 5);
                w.0.put_u64(*id);
                w.0.put_u16(*status);
                match reason {
                    None => w.0.put_u8(0),
                    Some(reason) => {
                        w.0.put_u8(1);
                        w.bytes(reason);
                    }
                }
                w.headers(headers);
                w.bytes(body);
                w.0.freeze()
            }
            TunnelFrame::Ack { id } => {
                let mut w = Writer::new(3, 8);
                w.0.put_u64(*id);
                w.0.freeze()
            }
        }
    }

    /// Decode one message.
    pub fn decode(buf: Bytes) -> Result<TunnelFrame, Malformed> {
        let mut r = Reader { buf };
        let frame = match r.u8()? {
            1 => TunnelFrame::Hello {
                version: r.u32()?,
                token: r.text()?,
                channel: r.text()?,
            },
            2 => TunnelFrame::Response {
                id: r.u64()?,
                status: r.u16()?,
                reason: match r.u8()? {
                    0 => None,
                    1 => Some(r.bytes()?),
                    _ => return Err(Malformed("bad reason flag")),
                },
                headers: r.headers()?,
                body: r.bytes()?,
            },
            3 => TunnelFrame::Ack { id: r.u64()? },
            _ => return Err(Malformed("unknown tunnel frame kind")),
        };
        r.end()?;
        if let TunnelFrame::Response {
            status,
            reason,
            headers,
            ..
        } = &frame
        {
            codec::writable_answer(*status, reason.as_deref(), headers)?;
        }
        Ok(frame)
    }
}

impl RelayFrame {
    /// Encode for the wire.
    pub fn encode(&self) -> Bytes {
        match self {
            RelayFrame::Welcome {
                version,
                channel,
                url,
                max_body,
                timeout_ms,
            } => {
                let mut w = Writer::new(11, channel.len() + url.len() + 8);
                w.0.put_u32(*version);
                w.bytes(channel.as_bytes());
                w.bytes(url.as_bytes());
                w.0.put_u64(*max_body);
                w.0.put_u64(*timeout_ms);
                w.0.freeze()
            }
            RelayFrame::Refused { reason, retry } => {
                let mut w = Writer::new(12, reason.len());
                w.bytes(reason.as_bytes());
                w.0.put_u8(u8::from(*retry));
                w.0.freeze()
            }
            RelayFrame::Request {
                id,
                queued,
                method,
                target,
                remote,
                headers,
                body,
            } => encode_request(*id, *queued, [method, target, remote], headers, body),
        }
    }

    /// Decode one message.
    pub fn decode(buf: Bytes) -> Result<RelayFrame, Malformed> {
        let mut r = Reader { buf };
        let frame = match r.u8()? {
            11 => RelayFrame::Welcome {
                version: r.u32()?,
                channel: r.text()?,
                url: r.text()?,
                max_body: r.u64()?,
                timeout_ms: r.u64()?,
            },
            12 => RelayFrame::Refused {
                reason: r.text()?,
                retry: r.u8()? != 0,
            },
            13 => RelayFrame::Request {
                id: r.u64()?,
                queued: r.u8()? != 0,
                method: r.text()?,
                target: r.text()?,
                remote: r.text()?,
                headers: r.headers()?,
                body: r.bytes()?,
            },
            _ => return Err(Malformed("unknown relay frame kind")),
        };
        r.end()?;
        Ok(frame)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;

#[cfg(test)]
mod answer_props;
