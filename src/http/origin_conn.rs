//! One request and its answer on one connection to the origin: the part of
//! [`super::origin::OriginClient`] that speaks HTTP/1.1 on the wire.

use super::origin::RawAnswer;
use super::wire::{self, Reader, WireError};
use tokio::io::{AsyncRead, AsyncWrite};

pub(super) trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// One connection to the origin, with what was read from it and not yet used.
pub(super) struct Conn {
    pub io: Box<dyn Stream>,
    pub reader: Reader,
}

/// Why an exchange failed.
pub(super) enum Failure {
    /// Nothing came back: on a pooled connection, the app had closed it.
    Stale(String),
    /// The exchange broke after the app began to answer.
    Broken(String),
    /// The body is over the limit.
    TooLarge,
}

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
    let answer = loop {
        match conn.reader.response_head(&mut conn.io).await {
            // Interim answers (100 Continue, 103 Early Hints) precede the real one.
            Ok(h) if (100..200).contains(&h.status) && h.status != 101 => continue,
            Ok(h) => break h,
            Err(WireError::Closed) => return Err(Failure::Stale("the app closed the connection".into())),
            Err(WireError::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
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
