use super::*;

fn hdrs(list: &[(&str, &str)]) -> Vec<Header> {
    list.iter()
        .map(|(n, v)| (n.to_string(), Bytes::copy_from_slice(v.as_bytes())))
        .collect()
}

fn pairs(h: &[Header]) -> impl Iterator<Item = (&str, &[u8])> {
    h.iter().map(|(n, v)| (n.as_str(), &v[..]))
}

async fn read_request(raw: &[u8], max: u64) -> Result<(RequestHead, Bytes), WireError> {
    let mut io = raw;
    let mut reader = Reader::default();
    let head = reader.request_head(&mut io).await?;
    let body = reader.body(&mut io, request_framing(&head.headers)?, max).await?;
    Ok((head, body))
}

#[tokio::test]
async fn names_keep_their_case_and_repeats_their_place() {
    let raw = b"POST /a/../b?x=%2F HTTP/1.1\r\nX-B: 1\r\nx-a: 2\r\nX-B: 3\r\nContent-Length: 3\r\n\r\nabc";
    let (head, body) = read_request(raw, 10).await.unwrap();
    assert_eq!(head.method, "POST");
    assert_eq!(head.target, "/a/../b?x=%2F");
    assert_eq!(
        head.headers,
        hdrs(&[("X-B", "1"), ("x-a", "2"), ("X-B", "3"), ("Content-Length", "3")])
    );
    assert_eq!(&body[..], b"abc");
}

#[tokio::test]
async fn chunked_bodies_are_joined_and_trailers_dropped() {
    let raw =
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\nNEXT";
    let mut io = &raw[..];
    let mut reader = Reader::default();
    let head = reader.request_head(&mut io).await.unwrap();
    let framing = request_framing(&head.headers).unwrap();
    assert_eq!(framing, Framing::Chunked);
    assert_eq!(&reader.body(&mut io, framing, 100).await.unwrap()[..], b"abcde");
    assert_eq!(&reader.into_leftover()[..], b"NEXT", "the next message is kept");
}

/// RFC 9112 §6.3: a list of one length said again (`5, 5`, or the header
/// twice) is that length, for requests and answers; lengths that differ,
/// or an empty or non-numeric element among them, are refused.
#[tokio::test]
async fn a_length_said_twice_alike_is_one_length() {
    for said in [
        "5, 5",
        "5,5",
        "5 ,\t5",
        "5\r\nContent-Length: 5",
        "5, 5\r\ncontent-length: 5",
    ] {
        let raw = format!("POST / HTTP/1.1\r\nContent-Length: {said}\r\n\r\nhelloNEXT");
        let (_, body) = read_request(raw.as_bytes(), 10).await.unwrap();
        assert_eq!(&body[..], b"hello", "{said:?}");
        let raw = format!("HTTP/1.1 200 OK\r\nContent-Length: {said}\r\n\r\nhelloNEXT");
        let mut io = raw.as_bytes();
        let mut reader = Reader::default();
        let head = reader.response_head(&mut io).await.unwrap();
        let framing = response_framing("POST", head.status, &head.headers).unwrap();
        assert_eq!(framing, Framing::Length(5), "{said:?}");
    }
    for said in ["5, 6", "5,", ",5", "5,,5", "5, +5", "5\r\nContent-Length: 5, 4"] {
        let raw = format!("POST / HTTP/1.1\r\nContent-Length: {said}\r\n\r\nhello");
        let read = read_request(raw.as_bytes(), 10).await;
        assert!(matches!(read, Err(WireError::Malformed(_))), "{said:?}: {read:?}");
    }
}

#[tokio::test]
async fn limits_and_ambiguities_are_refused() {
    let big = b"POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world";
    assert!(matches!(read_request(big, 10).await, Err(WireError::BodyTooLarge)));
    let chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello!\r\n6\r\nhello!\r\n0\r\n\r\n";
    assert!(matches!(read_request(chunked, 10).await, Err(WireError::BodyTooLarge)));
    let both = b"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n";
    assert!(matches!(read_request(both, 10).await, Err(WireError::Malformed(_))));
    let disagree = b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab";
    assert!(matches!(read_request(disagree, 10).await, Err(WireError::Malformed(_))));
    let gzip = b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n";
    assert!(matches!(read_request(gzip, 10).await, Err(WireError::Malformed(_))));
    let short = b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab";
    assert!(matches!(read_request(short, 10).await, Err(WireError::Malformed(_))));
    assert!(matches!(read_request(b"", 10).await, Err(WireError::Closed)));
    assert!(matches!(
        read_request(b"POST / HT", 10).await,
        Err(WireError::Malformed(_))
    ));
    assert!(matches!(
        read_request(b"\x16\x03\x01junk\r\n\r\n", 10).await,
        Err(WireError::Malformed(_))
    ));
    let mut huge = b"GET / HTTP/1.1\r\n".to_vec();
    huge.extend(std::iter::repeat_n(b"X-Pad: 0123456789\r\n", 4000).flatten());
    assert!(matches!(read_request(&huge, 10).await, Err(WireError::HeadTooLarge)));
}

#[test]
fn responses_are_framed_by_method_status_and_headers() {
    let len = hdrs(&[("Content-Length", "5")]);
    assert_eq!(response_framing("HEAD", 200, &len).unwrap(), Framing::Empty);
    assert_eq!(response_framing("GET", 204, &len).unwrap(), Framing::Empty);
    assert_eq!(response_framing("GET", 304, &len).unwrap(), Framing::Empty);
    assert_eq!(response_framing("GET", 200, &len).unwrap(), Framing::Length(5));
    assert_eq!(response_framing("GET", 200, &[]).unwrap(), Framing::UntilClose);
    let chunked = hdrs(&[("transfer-encoding", "gzip, Chunked")]);
    assert_eq!(response_framing("GET", 200, &chunked).unwrap(), Framing::Chunked);
}

#[tokio::test]
async fn a_reason_phrase_is_kept_as_its_bytes_only_when_unusual() {
    let cases: [(&[u8], Option<&[u8]>); 6] = [
        (b"HTTP/1.1 200 OK\r\n\r\n", None),
        (b"HTTP/1.1 201 Made It\r\n\r\n", Some(b"Made It")),
        (b"HTTP/1.1 200 Tr\xe8s Bien\r\nX: y\r\n\r\n", Some(b"Tr\xe8s Bien")),
        (b"HTTP/1.1 200 \r\n\r\n", Some(b"")),
        (b"HTTP/1.1 200\r\n\r\n", Some(b"")),
        (b"HTTP/1.0 404 Not Found\n\n", None),
    ];
    for (raw, want) in cases {
        let mut io = raw;
        let head = Reader::default().response_head(&mut io).await.unwrap();
        assert_eq!(head.reason.as_deref(), want, "{}", String::from_utf8_lossy(raw));
    }
}

#[test]
fn passed_headers_drop_hop_by_hop_and_say_the_length_in_place() {
    let h = hdrs(&[
        ("X-A", "1"),
        ("Connection", "keep-alive"),
        ("content-LENGTH", "99"),
        ("Transfer-Encoding", "chunked"),
        ("x-a", "2"),
    ]);
    let mut out = Vec::new();
    put_passed_headers(&mut out, pairs(&h), Some(4));
    assert_eq!(out, b"X-A: 1\r\ncontent-LENGTH: 4\r\nx-a: 2\r\n");
    out.clear();
    put_passed_headers(&mut out, pairs(&h), None);
    assert_eq!(out, b"X-A: 1\r\ncontent-LENGTH: 99\r\nx-a: 2\r\n", "as sent, for HEAD");
    out.clear();
    put_passed_headers(&mut out, pairs(&hdrs(&[("X-A", "1")])), Some(0));
    assert_eq!(out, b"X-A: 1\r\nContent-Length: 0\r\n");
}

#[test]
fn tokens_are_found_in_lists_in_any_case() {
    let h = hdrs(&[("Connection", "keep-alive, Upgrade"), ("EXPECT", "100-Continue")]);
    assert!(has_token(&h, "connection", "upgrade"));
    assert!(has_token(&h, "expect", "100-continue"));
    assert!(!has_token(&h, "connection", "close"));
    assert_eq!(header(&h, "expect"), Some(&b"100-Continue"[..]));
}
