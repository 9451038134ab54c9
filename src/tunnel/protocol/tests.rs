//! Frame encoding and decoding, byte-exact both ways, and refusal of malformed frames.

use super::*;

#[test]
fn frames_round_trip_byte_exact() {
    let req = RelayFrame::Request {
        id: 7,
        queued: true,
        method: "POST".into(),
        target: "/a/../b?x='y'".into(),
        remote: "127.0.0.1:5".into(),
        headers: vec![
            ("X-A".into(), Bytes::from_static(b"caf\xe9")),
            ("x-a".into(), Bytes::new()),
        ],
        body: Bytes::from_static(&[0, 255, 1]),
    };
    assert_eq!(RelayFrame::decode(req.encode()).unwrap(), req);
    let res = TunnelFrame::Response {
        id: u64::MAX,
        status: 201,
        reason: None,
        headers: vec![],
        body: Bytes::new(),
    };
    assert_eq!(TunnelFrame::decode(res.encode()).unwrap(), res);
    for reason in [&b""[..], b"Created Just Fine", "caf\u{e9}".as_bytes(), b"caf\xe9"] {
        let res = TunnelFrame::Response {
            id: 3,
            status: 299,
            reason: Some(Bytes::copy_from_slice(reason)),
            headers: vec![("X".into(), Bytes::from_static(b"y"))],
            body: Bytes::from_static(b"z"),
        };
        assert_eq!(TunnelFrame::decode(res.encode()).unwrap(), res);
    }
    let mut bad_flag = res.encode().to_vec();
    bad_flag[11] = 2; // after the kind byte, the id and the status
    assert_eq!(
        TunnelFrame::decode(Bytes::from(bad_flag)),
        Err(Malformed("bad reason flag"))
    );
    let hello = TunnelFrame::Hello {
        version: VERSION,
        token: "t".into(),
        channel: String::new(),
    };
    assert_eq!(TunnelFrame::decode(hello.encode()).unwrap(), hello);
}

#[test]
fn garbage_is_refused_not_panicked_on() {
    for junk in [
        &b""[..],
        b"\x02",
        b"\x63abc",
        b"\x02\x00\x00\x00\x00\x00\x00\x00\x01\x00\xc8\xff\xff",
        b"\x03\x00\x00\x00\x00\x00\x00\x00\x01extra",
    ] {
        assert!(TunnelFrame::decode(Bytes::copy_from_slice(junk)).is_err(), "{junk:?}");
        assert!(RelayFrame::decode(Bytes::copy_from_slice(junk)).is_err(), "{junk:?}");
    }
}
