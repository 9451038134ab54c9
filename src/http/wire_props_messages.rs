//! Properties of well-formed messages: a request as a sender writes it, and
//! an answer as [`crate::http::serve::write_reply`] writes it, read back
//! exactly; one byte changed, a request is read or refused.

use super::*;
use crate::http::serve::{write_reply, Reply};

/// A header name: an HTTP token, never one that frames the body.
fn name() -> impl Strategy<Value = String> {
    "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,16}".prop_map(|n| {
        let framing = ["content-length", "transfer-encoding"];
        if framing.iter().any(|f| f.eq_ignore_ascii_case(&n)) {
            format!("X-{n}")
        } else {
            n
        }
    })
}

/// A header value: visible ASCII, spaces, tabs and bytes above 0x7F, not
/// starting or ending with space or tab (HTTP trims those as whitespace).
fn value() -> impl Strategy<Value = Bytes> {
    let byte = prop_oneof![Just(b'\t'), 0x20..=0x7eu8, 0x80..=0xffu8];
    prop::collection::vec(byte, 0..40).prop_map(|v| Bytes::copy_from_slice(v.trim_ascii()))
}

/// A body past [`INLINE_BODY`], which is written apart from its head: one
/// byte repeated, as random bytes this many are slow to make.
fn large_body() -> impl Strategy<Value = Vec<u8>> {
    (0..3 * INLINE_BODY, any::<u8>()).prop_map(|(n, b)| vec![b; n])
}

/// How a generated request says its body's length.
#[derive(Debug, Clone)]
enum Body {
    /// `Content-Length`, or no length header at all when `bare` (empty bodies only).
    Length { bare: bool },
    /// Chunked, cut at these places, with extensions and trailers when `decorated`.
    Chunked { cuts: Vec<usize>, decorated: bool },
}

#[derive(Debug, Clone)]
struct Request {
    method: String,
    target: String,
    headers: Vec<Header>,
    body: Vec<u8>,
    framing: Body,
}

fn request() -> impl Strategy<Value = Request> {
    let method = prop_oneof![
        prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]).prop_map(String::from),
        "[A-Z]{1,12}",
    ];
    let framing = prop_oneof![
        any::<bool>().prop_map(|bare| Body::Length { bare }),
        (prop::collection::vec(any::<usize>(), 0..6), any::<bool>())
            .prop_map(|(cuts, decorated)| Body::Chunked { cuts, decorated }),
    ];
    let body = prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..300),
        large_body()
    ];
    (
        method,
        "/[!-~]{0,60}",
        prop::collection::vec((name(), value()), 0..12),
        body,
        framing,
    )
        .prop_map(|(method, target, headers, body, framing)| Request {
            method,
            target,
            headers,
            body,
            framing,
        })
}

impl Request {
    /// The headers as they go on the wire, the framing one last.
    fn sent_headers(&self) -> Vec<Header> {
        let mut headers = self.headers.clone();
        match &self.framing {
            Body::Length { bare: true } if self.body.is_empty() => {}
            Body::Length { .. } => headers.push(("Content-Length".into(), Bytes::from(self.body.len().to_string()))),
            Body::Chunked { .. } => headers.push(("Transfer-Encoding".into(), Bytes::from_static(b"chunked"))),
        }
        headers
    }

    fn bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target).into_bytes();
        for (n, v) in self.sent_headers() {
            put_header(&mut out, &n, &v);
        }
        out.extend_from_slice(b"\r\n");
        match &self.framing {
            Body::Length { .. } => out.extend_from_slice(&self.body),
            Body::Chunked { cuts, decorated } => {
                let mut at: Vec<usize> = cuts.iter().map(|c| c % (self.body.len() + 1)).collect();
                at.extend([0, self.body.len()]);
                at.sort_unstable();
                at.dedup();
                for w in at.windows(2).filter(|w| w[0] < w[1]) {
                    let ext = if *decorated { ";name=value" } else { "" };
                    out.extend_from_slice(format!("{:X}{ext}\r\n", w[1] - w[0]).as_bytes());
                    out.extend_from_slice(&self.body[w[0]..w[1]]);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(if *decorated {
                    b"0\r\nX-Trailer: t\r\n\r\n"
                } else {
                    b"0\r\n\r\n"
                });
            }
        }
        out
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// A well-formed request, and one after it on the same connection, in
    /// any pieces, read back as sent: method, target, headers in order and
    /// case, body bytes; then the connection's end.
    #[test]
    fn well_formed_requests_read_back_exactly(
        first in request(),
        second in request(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let bytes = [first.bytes(), second.bytes()].concat();
        let (got, end) = serve_all(&bytes, &cuts, 1 << 20);
        prop_assert!(matches!(end, WireError::Closed), "{end}");
        prop_assert_eq!(got.len(), 2);
        for ((head, body), sent) in got.iter().zip([&first, &second]) {
            prop_assert_eq!(&head.method, &sent.method);
            prop_assert_eq!(&head.target, &sent.target);
            prop_assert_eq!(head.minor, 1);
            prop_assert_eq!(&head.headers, &sent.sent_headers());
            prop_assert_eq!(&body[..], &sent.body[..]);
        }
    }

    /// One byte of a well-formed request changed: requests or an error, never a panic.
    #[test]
    fn a_changed_byte_is_read_or_refused(
        sent in request(),
        at in any::<usize>(),
        byte in any::<u8>(),
        cuts in prop::collection::vec(any::<usize>(), 0..4),
    ) {
        let mut bytes = sent.bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        serve_all(&bytes, &cuts, 1 << 20);
    }

    /// An answer `write_reply` wrote reads back: status, reason when unusual,
    /// headers in order less the hop-by-hop ones, one `Content-Length` that
    /// says the body's length where a body may follow, and the body.
    #[test]
    fn written_answers_read_back(
        status in prop_oneof![200..=599u16, Just(204), Just(304), 100..200u16],
        reason in prop::option::of(value()),
        headers in prop::collection::vec((prop_oneof![name(), Just("Connection".to_string())], value()), 0..10),
        body in prop_oneof![prop::collection::vec(any::<u8>(), 0..300), large_body()],
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let bodiless = status < 200 || status == 204 || status == 304;
        let reply = Reply {
            status,
            reason: reason.clone(),
            headers: headers.clone(),
            body: Bytes::from(body.clone()),
            bodiless,
            dated: false,
        };
        let mut out = Vec::new();
        now(write_reply(&mut out, &reply, false)).unwrap();
        let (head, got) = read_response(&out, &cuts, "POST", 1 << 20).unwrap();
        prop_assert_eq!(head.status, status);
        let unusual = reason.filter(|r| &r[..] != standard_reason(status).as_bytes());
        prop_assert_eq!(head.reason, unusual);
        let mut want: Vec<Header> = headers.into_iter().filter(|(n, _)| !hop_by_hop(n)).collect();
        if !bodiless {
            want.push(("Content-Length".into(), Bytes::from(body.len().to_string())));
        }
        prop_assert_eq!(head.headers, want);
        prop_assert_eq!(&got[..], if bodiless { &[][..] } else { &body[..] });
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// An answer the codec reads from an app, passed on as `hook listen`
    /// and the relay pass one on, reads back with the same status and reason.
    #[test]
    fn a_read_answer_is_passed_on_as_itself(
        status in "[0-9]{3}",
        reason in value(),
        headers in prop::collection::vec((name(), value()), 0..6),
        body in prop::collection::vec(any::<u8>(), 0..100),
    ) {
        let mut raw = format!("HTTP/1.1 {status} ").into_bytes();
        raw.extend_from_slice(&reason);
        raw.extend_from_slice(b"\r\n");
        for (n, v) in &headers {
            put_header(&mut raw, n, v);
        }
        put_header(&mut raw, "Content-Length", body.len().to_string().as_bytes());
        raw.extend_from_slice(b"\r\n");
        raw.extend_from_slice(&body);
        let (head, got) = read_response(&raw, &[], "GET", 1 << 20).unwrap();
        let answer = crate::http::origin::RawAnswer { status: head.status, reason: head.reason.clone(), headers: head.headers, body: got };
        let mut out = Vec::new();
        now(write_reply(&mut out, &Reply::relayed("GET", answer), false)).unwrap();
        let (again, _) = read_response(&out, &[], "GET", 1 << 20).unwrap();
        prop_assert_eq!((again.status, again.reason), (head.status, head.reason));
    }
}

/// An app's `HTTP/1.1 042 Odd` was passed on as `HTTP/1.1 42 Odd`, which no
/// client reads: the codec reads any three digits, and they go on as three.
#[test]
fn a_status_below_100_is_passed_on_in_three_digits() {
    let answer = crate::http::origin::RawAnswer {
        status: 42,
        reason: Some(Bytes::from_static(b"Odd")),
        headers: Vec::new(),
        body: Bytes::new(),
    };
    let mut out = Vec::new();
    now(write_reply(&mut out, &Reply::relayed("GET", answer), false)).unwrap();
    assert!(
        out.starts_with(b"HTTP/1.1 042 Odd\r\n"),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
}
