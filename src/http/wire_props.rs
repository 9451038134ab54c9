//! Properties of the codec: any bytes, cut into any pieces, end in messages
//! or an error, never a panic or an endless read (well-formed messages:
//! `messages`).

use super::*;
use futures_util::FutureExt;
use proptest::prelude::*;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::ReadBuf;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A peer that sends its bytes in pieces, each always ready, then ends.
/// Read on and on after its end, it fails the test: a reader must stop there.
struct Pieces {
    parts: VecDeque<Vec<u8>>,
    reads_after_end: u32,
}

impl Pieces {
    /// `bytes` cut at `cuts` (taken modulo its length).
    fn new(bytes: &[u8], cuts: &[usize]) -> Pieces {
        let mut at: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        at.extend([0, bytes.len()]);
        at.sort_unstable();
        at.dedup();
        let parts = at
            .windows(2)
            .map(|w| bytes[w[0]..w[1]].to_vec())
            .filter(|p| !p.is_empty())
            .collect();
        Pieces {
            parts,
            reads_after_end: 0,
        }
    }
}

impl AsyncRead for Pieces {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.parts.front_mut() {
            None => {
                self.reads_after_end += 1;
                assert!(self.reads_after_end < 8, "read again and again after the end");
            }
            Some(part) => {
                let n = part.len().min(buf.remaining());
                buf.put_slice(&part[..n]);
                part.drain(..n);
                if part.is_empty() {
                    self.parts.pop_front();
                }
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// Run a future over [`Pieces`], which never waits: it must finish in one poll.
fn now<F: std::future::Future>(f: F) -> F::Output {
    f.now_or_never().expect("a read over ready bytes waited")
}

/// Requests read off `bytes` as a server reads them (head, framing, body)
/// until one fails; the requests read, and the failure.
fn serve_all(bytes: &[u8], cuts: &[usize], max: u64) -> (Vec<(RequestHead, Bytes)>, WireError) {
    let mut io = Pieces::new(bytes, cuts);
    let mut reader = Reader::default();
    let mut got = Vec::new();
    // Each request takes at least one byte, so this many rounds always reach the end.
    for _ in 0..=bytes.len() {
        let read = now(async {
            let head = reader.request_head(&mut io).await?;
            let framing = request_framing(&head.headers)?;
            let body = reader.body(&mut io, framing, max).await?;
            Ok::<_, WireError>((head, body))
        });
        match read {
            Ok(request) => got.push(request),
            Err(e) => return (got, e),
        }
    }
    panic!("more requests than bytes");
}

/// One response read off `bytes` (as the answer to `method`).
fn read_response(bytes: &[u8], cuts: &[usize], method: &str, max: u64) -> Result<(ResponseHead, Bytes), WireError> {
    let mut io = Pieces::new(bytes, cuts);
    let mut reader = Reader::default();
    now(async {
        let head = reader.response_head(&mut io).await?;
        let framing = response_framing(method, head.status, &head.headers)?;
        let body = reader.body(&mut io, framing, max).await?;
        Ok((head, body))
    })
}

#[path = "wire_props_messages.rs"]
mod messages;

/// Heads whose bodies the tails below then stand for.
const OPENINGS: &[&[u8]] = &[
    b"",
    b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"POST /x?y HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\na\r\n",
    b"PUT / HTTP/1.1\r\nContent-Length: ",
    b"GET / HTTP/1.0\r\n",
    b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
];

/// Bytes from the alphabet of chunk sizes and lines, or any bytes.
fn tail() -> impl Strategy<Value = Vec<u8>> {
    let chunky = prop::sample::select(b"0123456789abcdefABCDEFxX\r\n; =:".to_vec());
    prop_oneof![
        prop::collection::vec(chunky, 0..200),
        prop::collection::vec(any::<u8>(), 0..200),
        chunks(),
    ]
}

/// Chunks whose sizes may be anything hex (up to seventeen digits, as large
/// as 2^64 - 1 and past it) rather than their data's length.
fn chunks() -> impl Strategy<Value = Vec<u8>> {
    let size = prop_oneof![
        Just(None),
        "[0-9a-fA-F]{1,17}".prop_map(Some),
        Just(Some("f".repeat(16)))
    ];
    let chunk = (size, prop::collection::vec(any::<u8>(), 0..20), any::<bool>());
    prop::collection::vec(chunk, 0..4).prop_map(|chunks| {
        let mut out = Vec::new();
        for (size, data, ext) in chunks {
            let size = size.unwrap_or_else(|| format!("{:x}", data.len()));
            out.extend_from_slice(format!("{size}{}\r\n", if ext { ";e=1" } else { "" }).as_bytes());
            out.extend_from_slice(&data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
        out
    })
}

fn max_body() -> impl Strategy<Value = u64> {
    prop_oneof![0..64u64, Just(1 << 20), Just(u64::MAX)]
}

proptest! {
    #![proptest_config(config(256))]

    /// Any bytes, in any pieces: requests, then an error; never a panic or a hang.
    #[test]
    fn any_bytes_end_in_requests_or_an_error(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        max in max_body(),
    ) {
        serve_all(&bytes, &cuts, max);
    }

    /// The same for bytes that start as a request and go on in chunk sizes,
    /// lengths and line ends: where framing arithmetic goes wrong.
    #[test]
    fn broken_bodies_end_in_an_error(
        opening in prop::sample::select(OPENINGS),
        tail in tail(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        max in max_body(),
    ) {
        let bytes = [opening, &tail[..]].concat();
        serve_all(&bytes, &cuts, max);
    }

    /// Any bytes as an answer to GET or HEAD: an answer or an error.
    #[test]
    fn any_bytes_end_in_a_response_or_an_error(
        opening in prop::sample::select(vec![&b""[..], b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"]),
        tail in tail(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        head in any::<bool>(),
        max in max_body(),
    ) {
        let bytes = [opening, &tail[..]].concat();
        let _ = read_response(&bytes, &cuts, if head { "HEAD" } else { "GET" }, max);
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A `Content-Length` frames a body only when it is digits, as HTTP's
    /// grammar has it (between optional spaces and tabs), or a comma-separated
    /// list of such that all say the same length (RFC 9112 §6.3); anything
    /// else is refused, where another reader of the same bytes might frame
    /// them otherwise.
    #[test]
    fn a_length_is_digits_or_refused(value in "[0-9+\\- \t,a\u{a0}\u{3000}]{0,6}|[0-9]{18,21}") {
        let headers = vec![("Content-Length".to_string(), Bytes::from(value.clone()))];
        let number = |said: &str| {
            let said = said.trim_matches([' ', '\t']);
            said.bytes().all(|b| b.is_ascii_digit()).then(|| said.parse::<u64>().ok()).flatten()
        };
        let listed: Vec<Option<u64>> = value.split(',').map(number).collect();
        let number = listed[0].filter(|n| listed.iter().all(|l| *l == Some(*n)));
        match request_framing(&headers) {
            Ok(framing) => prop_assert_eq!(Some(framing), number.map(Framing::Length)),
            Err(_) => prop_assert_eq!(number, None),
        }
    }

    /// A list of lengths (`5, 5`), on one line or several, frames a body when
    /// every element says the same length, and is refused otherwise (an
    /// element of another value, or an empty one).
    #[test]
    fn a_list_of_one_length_is_that_length(
        n in prop_oneof![0..100u64, any::<u64>()],
        said in prop::collection::vec(("[ \t]{0,2}", "[ \t]{0,2}", any::<bool>()), 1..5),
        odd in prop::option::of((any::<prop::sample::Index>(), "[0-9]{0,3}")),
    ) {
        let mut elements: Vec<String> = said.iter().map(|(before, after, _)| format!("{before}{n}{after}")).collect();
        if let Some((at, other)) = odd {
            elements[at.index(said.len())] = other;
        }
        // What every element says, when it is a number; the length when all say one.
        let numbers: Vec<Option<u64>> = elements.iter().map(|e| e.trim_matches([' ', '\t']).parse().ok()).collect();
        let want = numbers[0].filter(|n| numbers.iter().all(|m| *m == Some(*n))).map(Framing::Length);
        // Each element goes on the line before it, or on a line of its own.
        let mut lines: Vec<String> = Vec::new();
        for (element, (_, _, own_line)) in elements.iter().zip(&said) {
            match lines.last_mut() {
                Some(line) if !own_line => line.push_str(&format!(",{element}")),
                _ => lines.push(element.clone()),
            }
        }
        let headers: Vec<Header> = lines.into_iter().map(|l| ("Content-Length".to_string(), Bytes::from(l))).collect();
        prop_assert_eq!(request_framing(&headers).ok(), want, "{:?}", headers);
        prop_assert_eq!(response_framing("GET", 200, &headers).ok(), want, "{:?}", headers);
    }
}

/// `+5`, or `5` then a no-break space, framed a body of five bytes: Rust's
/// number parsing takes a sign, and its trimming Unicode spaces.
#[test]
fn a_signed_or_unicode_spaced_length_is_refused() {
    for said in ["+5", "5\u{a0}", "\u{3000}5", "-0"] {
        let headers = vec![("Content-Length".to_string(), Bytes::from(said))];
        assert!(
            matches!(request_framing(&headers), Err(WireError::Malformed(_))),
            "{said:?}"
        );
    }
    let spaced = vec![("Content-Length".to_string(), Bytes::from_static(b" 5\t"))];
    assert_eq!(request_framing(&spaced).unwrap(), Framing::Length(5));
}

/// A chunk size of sixteen hex digits after a first chunk: adding it to the
/// body's length overflowed (a panic in a debug build; in a release build
/// the sum wrapped under the limit and the chunk's end was sliced out of range).
#[tokio::test]
async fn a_huge_chunk_size_is_too_large_not_an_overflow() {
    let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\nffffffffffffffff\r\nb\r\n0\r\n\r\n";
    for max in [10, u64::MAX] {
        let mut io = &raw[..];
        let mut reader = Reader::default();
        let head = reader.request_head(&mut io).await.unwrap();
        let framing = request_framing(&head.headers).unwrap();
        let read = reader.body(&mut io, framing, max).await;
        assert!(matches!(read, Err(WireError::BodyTooLarge)), "{max}: {read:?}");
    }
}

/// A `Content-Length` near 2^64 under a limit as large (`--max-body` of
/// exabytes): the whole length was reserved before a byte of it came, which
/// fails the allocation and ends the process, not the one connection.
#[tokio::test]
async fn a_huge_declared_length_reserves_no_more_than_arrives() {
    let raw = b"POST / HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n\r\nabc";
    let mut io = &raw[..];
    let mut reader = Reader::default();
    let head = reader.request_head(&mut io).await.unwrap();
    let framing = request_framing(&head.headers).unwrap();
    let read = reader.body(&mut io, framing, u64::MAX).await;
    assert!(matches!(read, Err(WireError::Malformed(_))), "{read:?}");
}

/// Trailer lines without end: each was dropped as read, so a peer could
/// keep one reading them forever. Now they are held to a head's size.
#[tokio::test]
async fn endless_trailers_are_too_large() {
    let mut raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n".to_vec();
    // Enough for sixteen heads: a reader with no limit reads it all and then
    // finds the end, so only the limit makes this `HeadTooLarge`.
    raw.extend(std::iter::repeat_n(&b"X-Trailer: 0123456789\r\n"[..], 16 * MAX_HEAD / 23).flatten());
    let mut io = &raw[..];
    let mut reader = Reader::default();
    let head = reader.request_head(&mut io).await.unwrap();
    let framing = request_framing(&head.headers).unwrap();
    let read = reader.body(&mut io, framing, 100).await;
    assert!(matches!(read, Err(WireError::HeadTooLarge)), "{read:?}");
    assert!(io.len() > 8 * MAX_HEAD, "stopped soon after the limit");
}
