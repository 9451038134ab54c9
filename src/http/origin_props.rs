//! Property of the request writer: a head [`OriginClient`] writes, with the
//! body behind it, reads back through the codec as the request it was asked
//! to send.

use super::tests::tls;
use super::*;
use futures_util::FutureExt;
use proptest::prelude::*;

/// Header names: tokens, some of them ones the writer treats apart.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,16}",
        1 => prop::sample::select(vec!["Host", "content-length", "Connection", "Transfer-Encoding", "TE", "Upgrade"])
            .prop_map(String::from),
    ]
}

/// Values as the codec keeps them: no CR, LF or NUL, no other control but
/// tab, nothing to trim at either end.
fn value() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![Just(b'\t'), 0x20..=0x7eu8, 0x80..=0xffu8];
    prop::collection::vec(byte, 0..40).prop_map(|v| v.trim_ascii().to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn written_requests_read_back(
        base in prop::sample::select(vec!["http://127.0.0.1:9", "http://localhost:9/base/", "https://example.com/a"]),
        method in prop_oneof![Just("POST".to_string()), "[A-Z]{1,10}"],
        target in "/[!-~]{0,40}",
        headers in prop::collection::vec((name(), value()), 0..10),
        body in prop::collection::vec(any::<u8>(), 0..3000),
    ) {
        let client = OriginClient::new(&url::Url::parse(base).unwrap(), tls()).unwrap();
        let mut bytes = client.head(&method, &target, &headers, body.len(), true).unwrap();
        bytes.extend_from_slice(&body);
        let mut io = &bytes[..];
        let mut reader = Reader::default();
        let (head, got) = async {
            let head = reader.request_head(&mut io).await?;
            let framing = wire::request_framing(&head.headers)?;
            let got = reader.body(&mut io, framing, u64::MAX).await?;
            Ok::<_, wire::WireError>((head, got))
        }
        .now_or_never()
        .expect("ready bytes")
        .unwrap();
        prop_assert_eq!(&head.method, &method);
        prop_assert_eq!(head.target, format!("{}{target}", client.base_path));
        prop_assert_eq!(&got[..], &body[..]);
        // Hop-by-hop headers are dropped, Host names the origin, and the
        // length is said once, where the sender said it.
        let has_host = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"));
        let says_length = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-length"));
        let mut want: Vec<(String, Vec<u8>)> = Vec::new();
        if !has_host {
            want.push(("Host".into(), client.authority.clone().into_bytes()));
        }
        let mut length_said = false;
        for (n, v) in &headers {
            if n.eq_ignore_ascii_case("host") {
                want.push((n.clone(), client.authority.clone().into_bytes()));
            } else if n.eq_ignore_ascii_case("content-length") {
                if !length_said {
                    want.push((n.clone(), body.len().to_string().into_bytes()));
                }
                length_said = true;
            } else if !wire::hop_by_hop(n) {
                want.push((n.clone(), v.clone()));
            }
        }
        if !says_length && (!body.is_empty() || matches!(method.as_str(), "POST" | "PUT" | "PATCH")) {
            want.push(("Content-Length".into(), body.len().to_string().into_bytes()));
        }
        let read: Vec<(String, Vec<u8>)> = head.headers.iter().map(|(n, v)| (n.clone(), v.to_vec())).collect();
        prop_assert_eq!(read, want);
    }
}
