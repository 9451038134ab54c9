//! Properties of what surrounds the codec: a refusal's words for any bytes
//! are safe on a terminal, and a rewound stream yields its prefix then the
//! rest, however it is read.

use super::refusal::Refusal;
use super::rewind::Rewind;
use bytes::BytesMut;
use futures_util::FutureExt;
use proptest::prelude::*;
use tokio::io::AsyncReadExt;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Printable ASCII, spaces and the `…` of a cut line: nothing a terminal acts on.
fn shown_safely(text: &str) -> bool {
    text.chars().all(|c| c == ' ' || c == '…' || c.is_ascii_graphic())
}

proptest! {
    #![proptest_config(config(256))]

    /// Any bytes refused: a status, words with no control character in them,
    /// and a method and target that are printable ASCII or empty.
    #[test]
    fn refusals_of_any_bytes_show_safely(
        opening in prop::sample::select(vec![&b""[..], b"POST ", b"GET /x", b"\x16\x03", b"PRI * HTTP/2.0"]),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        status in prop::sample::select(vec![400u16, 408, 431]),
    ) {
        let bytes = [opening, &bytes[..]].concat();
        for refusal in [Refusal::unreadable("malformed", &bytes), Refusal::plain(status, "too slow", &bytes)] {
            prop_assert!(shown_safely(&refusal.why), "{:?}", refusal.why);
            prop_assert!(refusal.method.bytes().all(|b| b.is_ascii_uppercase()));
            prop_assert!(refusal.target.bytes().all(|b| b.is_ascii_graphic()));
        }
    }

    /// Read in pieces of any size, a rewound stream yields the prefix, then
    /// the stream's own bytes.
    #[test]
    fn a_rewound_stream_yields_prefix_then_rest(
        prefix in prop::collection::vec(any::<u8>(), 0..200),
        rest in prop::collection::vec(any::<u8>(), 0..200),
        sizes in prop::collection::vec(1..64usize, 1..8),
    ) {
        let mut stream = Rewind::new(BytesMut::from(&prefix[..]), &rest[..]);
        let mut all = Vec::new();
        // Each read takes at least one byte until the end: bounded by the bytes.
        for size in sizes.iter().cycle().take(prefix.len() + rest.len() + 1) {
            let mut buf = vec![0; *size];
            let n = stream.read(&mut buf).now_or_never().expect("ready").unwrap();
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        prop_assert_eq!(all, [prefix, rest].concat());
    }
}
