//! One request and its answer on one connection to the origin: the part of
//! [`super::origin::OriginClient`] that speaks HTTP/1.1 on the wire.

use super::origin::RawAnswer;
use super::wire::{self, Reader, WireError};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub(super) trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// One connection to the origin, with what was read from it and not yet used.
pub(super) struct Conn {
    pub io: Box<dyn Stream>,
    pub reader: Reader,
}

impl Conn {
    /// Whether the app has closed this idle connection (or reset it, or sent
    /// bytes nobody asked for): it cannot carry another exchange. A look
    /// that never waits: a read polled once with a waker that does nothing.
    pub fn is_closed(&mut self) -> bool {
        let mut cx = Context::from_waker(Waker::noop());
        let mut byte = [0u8; 1];
        let mut buf = ReadBuf::new(&mut byte);
        !matches!(Pin::new(&mut self.io).poll_read(&mut cx, &mut buf), Poll::Pending)
    }
}

/// Why an exchange failed.
pub(super) enum Failure {
    /// Not one byte came back, the connection closed or reset: on a pooled
    /// connection, the app had closed it and never read the request.
    Stale(String),
    /// The exchange broke after the app began to answer.
    Broken(String),
    /// The body is over the limit.
    TooLarge,
    /// The app answered `101 Switching Protocols`: what follows on the
    /// connection is not HTTP, so neither this answer nor the connection can
    /// be used.
    Switched,
}

/// Most interim answers (100, 102, 103) taken before a final one: real
/// servers send one or two.
const MAX_INTERIM: u32 = 16;

/// Write the request, read the answer; also whether the connection may be reused.
/// `message` is the request's bytes in order: the head (with a small body)
/// and the rest of the body.
pub(super) async fn exchange(
    conn: &mut Conn,
    message: [&[u8]; 2],
    method: &str,
    max_body: u64,
) -> Result<(RawAnswer, bool), Failure> {
    wire::write_parts(&mut conn.io, message)
        .await
        .map_err(|e| Failure::Stale(e.to_string()))?;
    // 100 Continue and the like are bytes of an answer: after one, the app
    // has read the request, and a close is no longer "never answered".
    let mut interim = 0;
    let answer = loop {
        match conn.reader.response_head(&mut conn.io).await {
            // hook never asks the app to switch protocols (it drops `Upgrade`),
            // and a webhook's sender expects an HTTP answer: a switch is a failed
            // delivery, and the connection, no longer HTTP, is dropped with it.
            Ok(h) if h.status == 101 => return Err(Failure::Switched),
            // Interim answers (100 Continue, 103 Early Hints) precede the real one.
            Ok(h) if (100..200).contains(&h.status) => {
                interim += 1;
                // An app repeating them would otherwise hold the exchange
                // until the timeout, with nothing said of why.
                if interim > MAX_INTERIM {
                    let why = format!("the app sent more than {MAX_INTERIM} interim (1xx) answers and no final one");
                    return Err(Failure::Broken(why));
                }
            }
            Ok(h) => break h,
            Err(WireError::Closed) if interim == 0 => {
                return Err(Failure::Stale("the app closed the connection without answering".into()))
            }
            Err(e) if interim == 0 && !conn.reader.has_buffered() && ends_unanswered(&e) => {
                return Err(Failure::Stale(e.to_string()))
            }
            Err(e) => return Err(Failure::Broken(e.to_string())),
        }
    };
    let framing =
        wire::response_framing(method, answer.status, &answer.headers).map_err(|e| Failure::Broken(e.to_string()))?;
    let body = conn
        .reader
        .body(&mut conn.io, framing, max_body)
        .await
        .map_err(|e| match e {
            WireError::BodyTooLarge => Failure::TooLarge,
            e => Failure::Broken(e.to_string()),
        })?;
    let reusable = answer.minor == 1
        && framing != wire::Framing::UntilClose
        && !wire::has_token(&answer.headers, "connection", "close")
        && !conn.reader.has_buffered();
    Ok((
        RawAnswer {
            status: answer.status,
            reason: answer.reason,
            headers: answer.headers,
            body,
        },
        reusable,
    ))
}

/// Whether a failed read means the app reset the connection rather than
/// sent something wrong.
fn ends_unanswered(e: &WireError) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
    matches!(e, WireError::Io(io) if matches!(io.kind(), ConnectionReset | ConnectionAborted | BrokenPipe))
}
