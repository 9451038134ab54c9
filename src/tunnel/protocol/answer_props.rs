//! Property of Response frames as the relay uses them: the answer in any
//! frame that decodes can be written to its sender as HTTP that reads back
//! as that answer.

use super::*;
use proptest::prelude::*;

fn bytes(most: usize) -> impl Strategy<Value = Bytes> {
    prop::collection::vec(any::<u8>(), 0..most).prop_map(Bytes::from)
}

/// An answer the relay takes from a tunnel, written to the sender as
/// `write_reply` writes it, and read back by the codec; `Err` when the
/// written bytes do not read as HTTP.
fn as_sender_reads(status: u16, reason: Option<Bytes>, headers: Vec<Header>, body: Bytes) -> Result<(), String> {
    use crate::http::origin::RawAnswer;
    use crate::http::serve::{write_reply, Reply};
    use crate::http::wire::{self, hop_by_hop};
    use futures_util::FutureExt;
    let passed: Vec<(String, Bytes)> = headers
        .iter()
        .filter(|(n, _)| !hop_by_hop(n) && !n.eq_ignore_ascii_case("content-length"))
        .map(|(n, v)| (n.clone(), Bytes::copy_from_slice(v.trim_ascii())))
        .collect();
    let reply = Reply::relayed(
        "POST",
        RawAnswer {
            status,
            reason,
            headers,
            body: body.clone(),
        },
    );
    let mut out = Vec::new();
    write_reply(&mut out, &reply, false)
        .now_or_never()
        .expect("ready")
        .map_err(|e| e.to_string())?;
    let mut io = &out[..];
    let mut reader = wire::Reader::default();
    let (head, got) = async {
        let head = reader.response_head(&mut io).await?;
        let framing = wire::response_framing("POST", head.status, &head.headers)?;
        let got = reader.body(&mut io, framing, u64::MAX).await?;
        Ok::<_, wire::WireError>((head, got))
    }
    .now_or_never()
    .expect("ready")
    .map_err(|e| format!("{e}: {:?}", String::from_utf8_lossy(&out)))?;
    let read: Vec<(String, Bytes)> = head
        .headers
        .into_iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("content-length"))
        .collect();
    let whole = reply.bodiless || got == body;
    match (head.status == status, read == passed, whole) {
        (true, true, true) => Ok(()),
        _ => Err(format!("read otherwise: {:?}", String::from_utf8_lossy(&out))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// A Response frame decodes only when the answer in it, written to the
    /// sender, reads back as that answer: a tunnel cannot make the relay
    /// write a line break into its answer and so end it early, or add one.
    #[test]
    fn a_decoded_answer_is_written_as_itself(
        status in prop_oneof![any::<u16>(), 100..=999u16],
        reason in prop::option::of(prop_oneof![".{0,12}".prop_map(Bytes::from), bytes(12)]),
        headers in prop::collection::vec((prop_oneof![".{0,8}", "[A-Za-z-]{1,8}"], prop_oneof![bytes(16), "[ -~]{0,16}".prop_map(Bytes::from)]), 0..6),
        body in bytes(40),
    ) {
        let frame = TunnelFrame::Response { id: 1, status, reason, headers, body };
        if let Ok(TunnelFrame::Response { status, reason, headers, body, .. }) = TunnelFrame::decode(frame.encode()) {
            if let Err(e) = as_sender_reads(status, reason, headers, body) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

/// Answers the relay wrote to senders unchanged: status 0 (`HTTP/1.1 0`),
/// and line breaks in a reason, a header value or a header name, each of
/// which added a header (or a whole answer) of the tunnel's choosing.
#[test]
fn answers_that_cannot_be_written_are_refused() {
    let answer = |status, reason: Option<&'static [u8]>, headers: Vec<Header>| TunnelFrame::Response {
        id: 1,
        status,
        reason: reason.map(Bytes::from_static),
        headers,
        body: Bytes::new(),
    };
    let header = |n: &str, v: &'static [u8]| vec![(n.to_string(), Bytes::from_static(v))];
    for frame in [
        answer(0, None, vec![]),
        answer(1000, None, vec![]),
        answer(200, Some(b"OK\r\nSet-Cookie: s=1"), vec![]),
        answer(200, None, header("X-A", b"1\r\nSet-Cookie: s=1")),
        answer(200, None, header("Set-Cookie: s=1\r\nX-A", b"1")),
        answer(200, None, header("", b"1")),
    ] {
        assert!(TunnelFrame::decode(frame.encode()).is_err(), "{frame:?}");
    }
    let fine = answer(299, Some(b"Tr\xe8s\tBien"), header("X-A", b"caf\xe9 \x7e"));
    assert_eq!(TunnelFrame::decode(fine.encode()).unwrap(), fine);
}
