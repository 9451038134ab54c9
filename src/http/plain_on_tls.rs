//! A plain-HTTP request on an HTTPS port (a sender given `http://`): read,
//! answered 400 in plain HTTP saying to use `https://`, and described for
//! the screen, instead of dropped by a TLS handshake that fails unseen.
//! `hook listen --tls` and `hook relay --tls-cert` both do this.

use super::refusal::Refusal;
use super::serve::{write_reply, Reply};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// What the sender is told.
const ANSWER: &str = "this port serves HTTPS: send the request to https://";

/// Look at how a connection to an HTTPS port opens. A TLS handshake (or
/// nothing within `wait`): `None`, the handshake goes ahead. An HTTP/1.x
/// request: it is read, answered 400, and described with `remedy` (what
/// the screen tells the user to change).
pub async fn refused(stream: &mut TcpStream, wait: Duration, remedy: &str) -> Option<Refusal> {
    let mut first = [0u8; 1];
    // A TLS handshake opens with 0x16; an HTTP/1.x request with its method.
    match tokio::time::timeout(wait, stream.peek(&mut first)).await {
        Ok(Ok(1)) if first[0].is_ascii_uppercase() => {}
        _ => return None,
    }
    // What has come of the request, read so that closing after the answer
    // does not reset the connection under it.
    let mut seen = vec![0u8; 8192];
    let n = match tokio::time::timeout(wait, stream.read(&mut seen)).await {
        Ok(Ok(n)) => n,
        _ => 0,
    };
    let _ = write_reply(stream, &Reply::text(400, ANSWER), true).await;
    let why = format!("a plain-HTTP request on this HTTPS port: the sender was given an http:// URL; {remedy}");
    Some(Refusal::plain(400, &why, &seen[..n]))
}
