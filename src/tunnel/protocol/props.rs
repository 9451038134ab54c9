//! Properties of the frame codec: every frame decodes to itself; any bytes,
//! a cut frame or a frame with one byte changed decode to a frame or an
//! error, never a panic; the header limit holds.

use super::*;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn bytes(most: usize) -> impl Strategy<Value = Bytes> {
    prop::collection::vec(any::<u8>(), 0..most).prop_map(Bytes::from)
}

/// Bodies: mostly small, some up to about a mebibyte.
fn body() -> impl Strategy<Value = Bytes> {
    prop_oneof![
        4 => bytes(64),
        1 => (0..(1usize << 20), any::<u8>()).prop_map(|(n, b)| Bytes::from(vec![b; n])),
    ]
}

fn headers() -> impl Strategy<Value = Vec<Header>> {
    prop::collection::vec((".{0,12}", bytes(32)), 0..20)
}

/// Bytes an answer's reason or header value may hold: tab, visible ASCII,
/// space and bytes above 0x7F.
fn text_bytes(most: usize) -> impl Strategy<Value = Bytes> {
    let byte = prop_oneof![Just(b'\t'), 0x20..=0x7eu8, 0x80..=0xffu8];
    prop::collection::vec(byte, 0..most).prop_map(Bytes::from)
}

/// Headers an answer may carry: token names, text values.
fn answer_headers() -> impl Strategy<Value = Vec<Header>> {
    prop::collection::vec(("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}", text_bytes(32)), 0..20)
}

fn tunnel_frame() -> impl Strategy<Value = TunnelFrame> {
    prop_oneof![
        (any::<u32>(), ".{0,40}", ".{0,40}").prop_map(|(version, token, channel)| TunnelFrame::Hello {
            version,
            token,
            channel
        }),
        (
            any::<u64>(),
            100..=999u16,
            prop::option::of(text_bytes(40)),
            answer_headers(),
            body()
        )
            .prop_map(|(id, status, reason, headers, body)| TunnelFrame::Response {
                id,
                status,
                reason,
                headers,
                body
            }),
        any::<u64>().prop_map(|id| TunnelFrame::Ack { id }),
    ]
}

fn relay_frame() -> impl Strategy<Value = RelayFrame> {
    prop_oneof![
        (any::<u32>(), ".{0,20}", ".{0,60}", any::<u64>(), any::<u64>()).prop_map(
            |(version, channel, url, max_body, timeout_ms)| RelayFrame::Welcome {
                version,
                channel,
                url,
                max_body,
                timeout_ms
            }
        ),
        (".{0,80}", any::<bool>()).prop_map(|(reason, retry)| RelayFrame::Refused { reason, retry }),
        (
            any::<u64>(),
            any::<bool>(),
            ".{0,10}",
            ".{0,60}",
            ".{0,30}",
            headers(),
            body()
        )
            .prop_map(
                |(id, queued, method, target, remote, headers, body)| RelayFrame::Request {
                    id,
                    queued,
                    method,
                    target,
                    remote,
                    headers,
                    body
                }
            ),
    ]
}

/// Decoding as either side does: neither may panic, whatever the bytes.
fn decode_both(bytes: &[u8]) {
    let _ = TunnelFrame::decode(Bytes::copy_from_slice(bytes));
    let _ = RelayFrame::decode(Bytes::copy_from_slice(bytes));
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn tunnel_frames_decode_to_themselves(frame in tunnel_frame()) {
        prop_assert_eq!(TunnelFrame::decode(frame.encode()).unwrap(), frame);
    }

    #[test]
    fn relay_frames_decode_to_themselves(frame in relay_frame()) {
        prop_assert_eq!(RelayFrame::decode(frame.encode()).unwrap(), frame);
    }

    /// Any cut short of the whole frame is an error: every field is needed.
    #[test]
    fn a_cut_frame_is_an_error(tunnel in tunnel_frame(), relay in relay_frame(), at in any::<usize>()) {
        let t = tunnel.encode();
        prop_assert!(TunnelFrame::decode(t.slice(..at % t.len())).is_err());
        let r = relay.encode();
        prop_assert!(RelayFrame::decode(r.slice(..at % r.len())).is_err());
    }

    /// One byte changed: a frame (perhaps another) or an error, never a panic.
    #[test]
    fn a_changed_byte_decodes_or_is_refused(
        tunnel in tunnel_frame(),
        relay in relay_frame(),
        at in any::<usize>(),
        byte in any::<u8>(),
    ) {
        for frame in [tunnel.encode(), relay.encode()] {
            let mut changed = frame.to_vec();
            let at = at % changed.len();
            changed[at] = byte;
            decode_both(&changed);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any bytes, or a kind byte and any bytes: an error or a frame.
    #[test]
    fn any_bytes_decode_or_are_refused(kind in prop_oneof![Just(None), (1..=13u8).prop_map(Some)], rest in prop::collection::vec(any::<u8>(), 0..512)) {
        let bytes: Vec<u8> = kind.into_iter().chain(rest).collect();
        decode_both(&bytes);
    }

    /// More headers than [`MAX_HEADERS`] encode, but are refused on decoding;
    /// up to it they pass.
    #[test]
    fn the_header_limit_holds(extra in 0..50usize, over in any::<bool>()) {
        let n = if over { MAX_HEADERS + 1 + extra } else { MAX_HEADERS - extra };
        let frame = TunnelFrame::Response {
            id: 1,
            status: 200,
            reason: None,
            headers: vec![("X".into(), Bytes::new()); n],
            body: Bytes::new(),
        };
        let decoded = TunnelFrame::decode(frame.encode());
        if over {
            prop_assert_eq!(decoded, Err(Malformed("too many headers")));
        } else {
            prop_assert_eq!(decoded.unwrap(), frame);
        }
    }
}

/// A length field that claims more than the frame holds is refused before
/// anything is allocated for it.
#[test]
fn a_length_past_the_end_is_refused() {
    let mut frame = vec![13];
    frame.extend_from_slice(&7u64.to_be_bytes());
    frame.push(0);
    frame.extend_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(RelayFrame::decode(Bytes::from(frame)), Err(Malformed("truncated")));
}

/// A link's WebSocket takes a message of the body limit plus the frame
/// overhead, and refuses one a byte longer.
#[tokio::test]
async fn a_message_past_the_link_limit_is_refused() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::{protocol::Role, Message};
    use tokio_tungstenite::WebSocketStream;
    let (a, b) = tokio::io::duplex(64 * 1024);
    let max_body = 1000;
    let limit = max_body + FRAME_OVERHEAD;
    let mut sender = WebSocketStream::from_raw_socket(a, Role::Client, None).await;
    let mut receiver = WebSocketStream::from_raw_socket(b, Role::Server, Some(link::ws_config(max_body))).await;
    let sending = tokio::spawn(async move {
        for n in [limit, limit + 1] {
            if sender.send(Message::Binary(Bytes::from(vec![7; n]))).await.is_err() {
                break;
            }
        }
    });
    match receiver.next().await {
        Some(Ok(Message::Binary(got))) => assert_eq!(got.len(), limit),
        other => panic!("the message at the limit: {other:?}"),
    }
    assert!(matches!(receiver.next().await, Some(Err(_))), "the message past it");
    drop(receiver);
    let _ = sending.await;
}
