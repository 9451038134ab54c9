//! Writing HTTP/1.1 messages for the raw codec ([`super::wire`]): headers
//! passed on as they came, minus those that belong to one connection.

use tokio::io::AsyncWrite;

/// Hop-by-hop headers, which a proxy must not pass on (RFC 9110 §7.6.1).
pub fn hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "proxy-authenticate",
        "proxy-authorization",
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(name))
}

/// Append one header line.
pub fn put_header(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
}

/// Append headers as they came, minus hop-by-hop ones. With `length`, the
/// `Content-Length` is said as that, where the sender said it (appended when
/// it did not); without, it passes as sent (answers to HEAD, 204, 304).
pub fn put_passed_headers<'h>(
    out: &mut Vec<u8>,
    headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
    length: Option<u64>,
) {
    let mut said = false;
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("content-length") {
            match length {
                None => put_header(out, name, value),
                Some(n) if !said => put_header(out, name, n.to_string().as_bytes()),
                Some(_) => {}
            }
            said = true;
        } else if !hop_by_hop(name) {
            put_header(out, name, value);
        }
    }
    if let (false, Some(n)) = (said, length) {
        put_header(out, "Content-Length", n.to_string().as_bytes());
    }
}

/// Bodies up to this size are copied behind the head and written with it:
/// one system call. Larger ones are written on their own, not copied.
pub const INLINE_BODY: usize = 16 * 1024;

/// Write everything, as one buffer when the body is small (one system call)
/// and as two otherwise (no copy of a large body).
pub async fn write_message<S: AsyncWrite + Unpin>(io: &mut S, mut head: Vec<u8>, body: &[u8]) -> std::io::Result<()> {
    if body.len() <= INLINE_BODY {
        head.extend_from_slice(body);
        write_parts(io, [&head, &[]]).await
    } else {
        write_parts(io, [&head, body]).await
    }
}

/// Write the parts in order (an empty one costs nothing), then flush.
pub async fn write_parts<S: AsyncWrite + Unpin>(io: &mut S, parts: [&[u8]; 2]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        io.write_all(part).await?;
    }
    io.flush().await
}
