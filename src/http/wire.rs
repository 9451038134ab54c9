//! A small HTTP/1.1 codec that keeps a message as it came: header names in
//! their own case, in their own order, repeated names where they stood.
//! hyper lower-cases names and groups repeats, so the relay's ingress and the
//! tunnel's delivery, which promise byte-exact carriage, read and write with
//! this instead. Parsing is httparse's; this adds body framing (length,
//! chunked, until close) and limits.

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

/// A header: the name as sent and the raw value bytes.
pub type Header = (String, Bytes);

pub use super::wire_frame::{has_token, header, request_framing, response_framing};
pub use super::wire_head::standard_reason;
use super::wire_head::{parse_request, parse_response};
pub use super::wire_write::{hop_by_hop, put_header, put_passed_headers, write_message, write_parts, INLINE_BODY};

/// Largest request or response head.
pub const MAX_HEAD: usize = 64 * 1024;
/// Most headers in one head.
pub(super) const MAX_HEADER_COUNT: usize = 256;
/// Bytes asked of the socket per read.
const READ_CHUNK: usize = 8 * 1024;
/// Most room made ahead for a body of a declared length: a length is only a
/// claim, and under a limit of exabytes reserving all it says fails the
/// allocation, which ends the process rather than the one connection.
/// Room past this grows as the bytes come. It covers the default `--max-body`.
const RESERVE_AHEAD: usize = 32 << 20;

/// Why a message could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The peer closed the connection between messages.
    #[error("the connection closed")]
    Closed,
    /// The head exceeds [`MAX_HEAD`] or has too many headers.
    #[error("the head is too large")]
    HeadTooLarge,
    /// The body exceeds the caller's limit.
    #[error("the body is too large")]
    BodyTooLarge,
    /// Not HTTP/1.x as written.
    #[error("malformed HTTP: {0}")]
    Malformed(&'static str),
    /// The socket failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A request line and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// Method as sent.
    pub method: String,
    /// Request target as sent.
    pub target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Headers in order, names in their case.
    pub headers: Vec<Header>,
}

/// A status line and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// Status code.
    pub status: u16,
    /// The reason phrase, when it is not the standard one for the status: its
    /// bytes as sent (RFC 9110 allows bytes above 0x7F, which need not be UTF-8).
    pub reason: Option<Bytes>,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Headers in order, names in their case.
    pub headers: Vec<Header>,
}

/// How a body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body.
    Empty,
    /// `Content-Length`.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Until the peer closes (responses only).
    UntilClose,
}

/// Reads messages from one connection, keeping bytes read past a message for the next.
pub struct Reader {
    buf: BytesMut,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            buf: BytesMut::with_capacity(READ_CHUNK),
        }
    }
}

impl Reader {
    /// Bytes read but not yet consumed (e.g. after a WebSocket upgrade).
    pub fn into_leftover(self) -> BytesMut {
        self.buf
    }

    /// Bytes read but not yet consumed, to show what an unreadable head held.
    pub fn buffered(&self) -> &[u8] {
        &self.buf
    }

    /// Whether unconsumed bytes are waiting.
    pub fn has_buffered(&self) -> bool {
        !self.buf.is_empty()
    }

    /// Read more; false at end of stream.
    pub async fn fill<S: AsyncRead + Unpin>(&mut self, io: &mut S) -> std::io::Result<bool> {
        if self.buf.capacity() - self.buf.len() < READ_CHUNK / 2 {
            self.buf.reserve(READ_CHUNK);
        }
        Ok(io.read_buf(&mut self.buf).await? > 0)
    }

    /// Read a request head; [`WireError::Closed`] when the peer hung up cleanly before it.
    pub async fn request_head<S: AsyncRead + Unpin>(&mut self, io: &mut S) -> Result<RequestHead, WireError> {
        loop {
            if let Some(head) = parse_request(&mut self.buf)? {
                return Ok(head);
            }
            self.more(io).await?;
        }
    }

    /// Read a response head.
    pub async fn response_head<S: AsyncRead + Unpin>(&mut self, io: &mut S) -> Result<ResponseHead, WireError> {
        loop {
            if let Some(head) = parse_response(&mut self.buf)? {
                return Ok(head);
            }
            self.more(io).await?;
        }
    }

    async fn more<S: AsyncRead + Unpin>(&mut self, io: &mut S) -> Result<(), WireError> {
        if self.buf.len() >= MAX_HEAD {
            return Err(WireError::HeadTooLarge);
        }
        let was_empty = self.buf.is_empty();
        match self.fill(io).await? {
            true => Ok(()),
            false if was_empty => Err(WireError::Closed),
            false => Err(WireError::Malformed("the connection closed mid-head")),
        }
    }

    /// Read a body of at most `max` bytes.
    pub async fn body<S: AsyncRead + Unpin>(
        &mut self,
        io: &mut S,
        framing: Framing,
        max: u64,
    ) -> Result<Bytes, WireError> {
        match framing {
            Framing::Empty => Ok(Bytes::new()),
            Framing::Length(n) if n > max => Err(WireError::BodyTooLarge),
            Framing::Length(n) => self.exactly(io, n as usize).await,
            Framing::Chunked => self.chunked(io, max).await,
            Framing::UntilClose => {
                while self.fill(io).await? {
                    if self.buf.len() as u64 > max {
                        return Err(WireError::BodyTooLarge);
                    }
                }
                Ok(self.buf.split().freeze())
            }
        }
    }

    async fn exactly<S: AsyncRead + Unpin>(&mut self, io: &mut S, n: usize) -> Result<Bytes, WireError> {
        if self.buf.len() < n {
            self.buf.reserve((n - self.buf.len()).min(RESERVE_AHEAD));
        }
        while self.buf.len() < n {
            if !self.fill(io).await? {
                return Err(WireError::Malformed("the connection closed mid-body"));
            }
        }
        Ok(self.buf.split_to(n).freeze())
    }

    async fn chunked<S: AsyncRead + Unpin>(&mut self, io: &mut S, max: u64) -> Result<Bytes, WireError> {
        let mut body = BytesMut::new();
        loop {
            let (skip, size) = loop {
                match httparse::parse_chunk_size(&self.buf) {
                    Ok(httparse::Status::Complete(found)) => break found,
                    Ok(httparse::Status::Partial) if self.buf.len() < 4096 => self.more(io).await?,
                    _ => return Err(WireError::Malformed("bad chunk size")),
                }
            };
            self.buf.advance(skip);
            if size == 0 {
                break;
            }
            // A size may be up to 2^64 - 1 (sixteen hex digits): compared
            // with what is left under the limit, and with its CRLF counted
            // checked, it cannot overflow.
            let left = max.saturating_sub(body.len() as u64);
            let sized = usize::try_from(size).ok().filter(|_| size <= left);
            let Some((size, with_crlf)) = sized.and_then(|n| Some((n, n.checked_add(2)?))) else {
                return Err(WireError::BodyTooLarge);
            };
            let chunk = self.exactly(io, with_crlf).await?;
            if &chunk[size..] != b"\r\n" {
                return Err(WireError::Malformed("a chunk not ended by CRLF"));
            }
            body.extend_from_slice(&chunk[..size]);
        }
        // Trailers are read and dropped, up to the empty line; together they
        // are held to a head's limit, or endless trailer lines were read forever.
        let mut trailers = 0;
        loop {
            match self.buf.windows(2).position(|w| w == b"\r\n") {
                Some(0) => {
                    self.buf.advance(2);
                    return Ok(body.freeze());
                }
                Some(_) if trailers > MAX_HEAD => return Err(WireError::HeadTooLarge),
                Some(end) => {
                    trailers += end + 2;
                    self.buf.advance(end + 2);
                }
                None => self.more(io).await?,
            }
        }
    }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "wire_props.rs"]
mod props;
