//! Parsing request and response heads for the codec in `wire.rs`, with
//! httparse, into owned heads that keep names, order and raw values.

use super::wire::{Header, RequestHead, ResponseHead, WireError, MAX_HEADER_COUNT};
use bytes::{Buf, Bytes, BytesMut};

// Parsing is synchronous and apart from the reading futures on purpose: the
// header slots (8 KiB) then live on the stack for one call, instead of inside
// every future that awaits a head (which made each request's task, and each
// idle tunnel link, 8 KiB larger and cost a copy of it per spawn).

/// Parse a complete request head off the front of `buf`, or `None` for more bytes.
pub(super) fn parse_request(buf: &mut BytesMut) -> Result<Option<RequestHead>, WireError> {
    let mut slots = [const { std::mem::MaybeUninit::<httparse::Header<'_>>::uninit() }; MAX_HEADER_COUNT];
    let mut req = httparse::Request::new(&mut []);
    match req.parse_with_uninit_headers(buf, &mut slots) {
        Ok(httparse::Status::Complete(len)) => {
            let head = RequestHead {
                method: req.method.unwrap_or_default().to_string(),
                target: req.path.unwrap_or_default().to_string(),
                minor: req.version.unwrap_or(1),
                headers: own(req.headers),
            };
            buf.advance(len);
            Ok(Some(head))
        }
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => Err(WireError::HeadTooLarge),
        // Said precisely: the request line may be fine, and the screen shows it.
        Err(httparse::Error::HeaderName) => Err(WireError::Malformed("a header name that is not an HTTP token")),
        Err(httparse::Error::HeaderValue) => Err(WireError::Malformed(
            "a header value with a control character (CR, LF, NUL, …) in it",
        )),
        Err(_) => Err(WireError::Malformed("not an HTTP/1.x request")),
    }
}

/// The standard reason phrase for `status` (`OK` for 200), or an empty one.
pub fn standard_reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// The reason phrase of a parsed status line (`HTTP/1.1 201 Made It`), when
/// it is not the standard phrase: only then is it kept (and carried through
/// the tunnel), so the common answer costs no allocation. Read from the raw
/// line rather than from httparse, which gives an empty phrase for bytes that
/// are not UTF-8.
fn unusual_reason(status: u16, line: &[u8]) -> Option<Bytes> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // "HTTP/1.1" SP 3DIGIT [SP phrase]: httparse accepted exactly one space each.
    let said = line.get(13..).unwrap_or_default();
    (said != standard_reason(status).as_bytes()).then(|| Bytes::copy_from_slice(said))
}

/// Parse a complete response head off the front of `buf`, or `None` for more bytes.
pub(super) fn parse_response(buf: &mut BytesMut) -> Result<Option<ResponseHead>, WireError> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADER_COUNT];
    let mut res = httparse::Response::new(&mut slots);
    match res.parse(buf) {
        Ok(httparse::Status::Complete(len)) => {
            let status = res.code.unwrap_or(0);
            let line = buf[..len].split(|&b| b == b'\n').next().unwrap_or_default();
            let head = ResponseHead {
                status,
                reason: unusual_reason(status, line),
                minor: res.version.unwrap_or(1),
                headers: own(res.headers),
            };
            buf.advance(len);
            Ok(Some(head))
        }
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => Err(WireError::HeadTooLarge),
        Err(_) => Err(WireError::Malformed("not an HTTP/1.x response")),
    }
}

fn own(headers: &[httparse::Header<'_>]) -> Vec<Header> {
    headers
        .iter()
        .map(|h| (h.name.to_string(), Bytes::copy_from_slice(h.value)))
        .collect()
}
