//! The server side of the raw codec, shared by the relay's ingress and `hook
//! listen`: waiting for a request with time limits, reading its body with a
//! size limit (and `Expect: 100-continue`), and writing an answer with its
//! headers as given.

use super::origin::RawAnswer;
use super::refusal::Refusal;
use super::wire::{self, Framing, Header, Reader, RequestHead, WireError};
use bytes::Bytes;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::timeout;

/// An answer to write.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// The reason phrase, when not the standard one (another server's, passed on).
    pub reason: Option<Bytes>,
    /// Headers in order, names as written.
    pub headers: Vec<Header>,
    /// Body.
    pub body: Bytes,
    /// The body is not written (HEAD, 204, 304): its length is said as the headers say it.
    pub bodiless: bool,
    /// hook's own answer, which gets a `Date` when it has none (RFC 9110 asks an
    /// origin server with a clock for one); another server's answer passes as it was.
    pub dated: bool,
}

impl Reply {
    /// An answer with `headers` (name, text value pairs) and `body`.
    pub fn new(status: u16, headers: &[(String, String)], body: Bytes) -> Reply {
        Reply {
            status,
            reason: None,
            headers: headers
                .iter()
                .map(|(n, v)| (n.clone(), Bytes::copy_from_slice(v.as_bytes())))
                .collect(),
            body,
            bodiless: bodiless_by_rule(status),
            dated: true,
        }
    }

    /// A short plain-text answer (a newline is added).
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::typed(status, "text/plain; charset=utf-8", Bytes::from(format!("{body}\n")))
    }

    /// An answer with a `Content-Type`.
    pub fn typed(status: u16, content_type: &'static str, body: Bytes) -> Reply {
        Reply {
            status,
            reason: None,
            headers: vec![("Content-Type".into(), Bytes::from_static(content_type.as_bytes()))],
            body,
            bodiless: bodiless_by_rule(status),
            dated: true,
        }
    }

    /// This answer as it goes to a HEAD request: the headers a GET would get,
    /// with the `Content-Length` its body would have had, and no body.
    pub fn without_body(mut self) -> Reply {
        if !self.bodiless {
            let len = itoa::Buffer::new().format(self.body.len()).to_string();
            self.headers.push(("Content-Length".into(), Bytes::from(len)));
            self.bodiless = true;
        }
        self
    }

    /// Another server's answer as it wrote it, to a request made with `method`:
    /// one with no body by rule keeps its `Content-Length` as said.
    pub fn relayed(method: &str, answer: RawAnswer) -> Reply {
        let RawAnswer {
            status,
            reason,
            headers,
            body,
        } = answer;
        let bodiless = method.eq_ignore_ascii_case("HEAD") || bodiless_by_rule(status);
        Reply {
            status,
            reason,
            headers,
            body,
            bodiless,
            dated: false,
        }
    }
}

/// RFC 9110: 1xx, 204 and 304 answers end at their headers, and hook's own
/// say no `Content-Length` (a 204 must not).
fn bodiless_by_rule(status: u16) -> bool {
    status < 200 || status == 204 || status == 304
}

/// Write `reply`; `close` adds `Connection: close`. Hop-by-hop headers are
/// dropped and `Content-Length` is said where the headers said it.
pub async fn write_reply<S: AsyncWrite + Unpin>(io: &mut S, reply: &Reply, close: bool) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(128 + reply.headers.iter().map(|(n, v)| n.len() + v.len() + 4).sum::<usize>());
    let reason = match &reply.reason {
        Some(said) => &said[..],
        None => wire::standard_reason(reply.status).as_bytes(),
    };
    head.extend_from_slice(b"HTTP/1.1 ");
    // Three digits always: the codec reads an app's `042` as 42, and a
    // status line of two digits is one no client reads.
    let mut status = itoa::Buffer::new();
    let status = status.format(reply.status).as_bytes();
    head.extend(std::iter::repeat_n(b'0', 3usize.saturating_sub(status.len())));
    head.extend_from_slice(status);
    head.push(b' ');
    head.extend_from_slice(reason);
    head.extend_from_slice(b"\r\n");
    let length = (!reply.bodiless).then_some(reply.body.len() as u64);
    let headers = reply.headers.iter().map(|(n, v)| (n.as_str(), &v[..]));
    wire::put_passed_headers(&mut head, headers, length);
    if reply.dated && wire::header(&reply.headers, "date").is_none() {
        put_date(&mut head);
    }
    if close {
        head.extend_from_slice(b"Connection: close\r\n");
    }
    head.extend_from_slice(b"\r\n");
    let body = if reply.bodiless { &[][..] } else { &reply.body[..] };
    wire::write_message(io, head, body).await
}

/// Write a `Date` header for now. It changes once a second, so each thread
/// formats it once a second rather than once per answer.
fn put_date(head: &mut Vec<u8>) {
    use std::cell::RefCell;
    use std::time::{SystemTime, UNIX_EPOCH};
    thread_local! {
        static CACHED: RefCell<(u64, Vec<u8>)> = const { RefCell::new((u64::MAX, Vec::new())) };
    }
    let now = SystemTime::now();
    let second = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    CACHED.with_borrow_mut(|(at, text)| {
        if *at != second {
            *at = second;
            *text = httpdate::fmt_http_date(now).into_bytes();
        }
        wire::put_header(head, "Date", text);
    })
}

/// Add `X-Forwarded-For`, `-Host` and `-Proto` for a request from `remote`,
/// after the sender's headers and never replacing the sender's own.
pub fn add_forwarded(headers: &mut Vec<Header>, remote: std::net::IpAddr, tls: bool) {
    let has = |headers: &[Header], name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let host = wire::header(headers, "host").map(Bytes::copy_from_slice);
    let (own_host, own_proto) = (has(headers, "x-forwarded-host"), has(headers, "x-forwarded-proto"));
    headers.push(("X-Forwarded-For".into(), Bytes::from(remote.to_string())));
    if let (false, Some(host)) = (own_host, host) {
        headers.push(("X-Forwarded-Host".into(), host));
    }
    if !own_proto {
        let proto = if tls { "https" } else { "http" };
        headers.push(("X-Forwarded-Proto".into(), Bytes::from_static(proto.as_bytes())));
    }
}

/// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.
pub fn keeps_alive(head: &RequestHead) -> bool {
    if head.minor == 0 {
        wire::has_token(&head.headers, "connection", "keep-alive")
    } else {
        !wire::has_token(&head.headers, "connection", "close")
    }
}

/// What came of waiting for the next request on a connection.
#[derive(Debug)]
pub enum Next {
    /// A request head, ready to serve.
    Request(RequestHead),
    /// The connection is done: closed, or idle too long.
    Done,
    /// A head that cannot be served: answered 400, 408 or 431, and the
    /// connection closed.
    Refused(Refusal),
}

/// Wait up to `idle` for a request to begin, then up to `head_time` for its
/// whole head.
pub async fn next_request<S: AsyncRead + AsyncWrite + Unpin>(
    io: &mut S,
    reader: &mut Reader,
    idle: Duration,
    head_time: Duration,
) -> Next {
    if !reader.has_buffered() && !matches!(timeout(idle, reader.fill(io)).await, Ok(Ok(true))) {
        return Next::Done;
    }
    // The sender is answered in few words; the screen is told more.
    let (answer, refusal) = match timeout(head_time, reader.request_head(io)).await {
        Ok(Ok(head)) => return Next::Request(head),
        Ok(Err(WireError::Closed | WireError::Io(_))) => return Next::Done,
        Err(_) => {
            let why = format!("the request head took over {}s to arrive", head_time.as_secs());
            let answer = "the request head took too long to arrive".to_string();
            (answer, Refusal::plain(408, &why, reader.buffered()))
        }
        Ok(Err(WireError::HeadTooLarge)) => {
            let why = "the request head is too large";
            (why.to_string(), Refusal::plain(431, why, reader.buffered()))
        }
        Ok(Err(e)) => (e.to_string(), Refusal::unreadable(&e.to_string(), reader.buffered())),
    };
    let _ = write_reply(io, &Reply::text(refusal.status, &answer), true).await;
    Next::Refused(refusal)
}

/// A request body, or why there is none.
#[derive(Debug)]
pub enum Body {
    /// The whole body.
    Read(Bytes),
    /// Over the limit (said up front, or found while reading).
    TooLarge,
    /// Not all there within the time limit.
    TooSlow,
    /// Framed wrongly (both a length and chunking, a bad chunk…).
    Bad(String),
    /// The connection broke.
    Broken,
}

impl Body {
    /// Whether the connection can carry another request after this one.
    pub fn reusable(&self) -> bool {
        matches!(self, Body::Read(_))
    }
}

/// Read the body `head` announces: at most `max` bytes, within `time`.
/// A sender that asked to `Expect: 100-continue` is told to go ahead first.
pub async fn read_body<S: AsyncRead + AsyncWrite + Unpin>(
    io: &mut S,
    reader: &mut Reader,
    head: &RequestHead,
    max: u64,
    time: Duration,
) -> Body {
    let framing = match wire::request_framing(&head.headers) {
        Ok(f) => f,
        Err(e) => return Body::Bad(e.to_string()),
    };
    if matches!(framing, Framing::Length(n) if n > max) {
        return Body::TooLarge;
    }
    if framing != Framing::Empty && wire::has_token(&head.headers, "expect", "100-continue") {
        let go_ahead = b"HTTP/1.1 100 Continue\r\n\r\n".to_vec();
        if wire::write_message(io, go_ahead, &[]).await.is_err() {
            return Body::Broken;
        }
    }
    match timeout(time, reader.body(io, framing, max)).await {
        Ok(Ok(body)) => Body::Read(body),
        Ok(Err(WireError::BodyTooLarge)) => Body::TooLarge,
        Ok(Err(WireError::Io(_))) => Body::Broken,
        Ok(Err(e)) => Body::Bad(e.to_string()),
        Err(_) => Body::TooSlow,
    }
}
