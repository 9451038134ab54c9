//! How frame fields are laid out: the writer and reader behind every
//! frame's `encode` and `decode`, and the Request frame written from
//! borrowed parts.

use super::{Header, Malformed, MAX_HEADERS};
use bytes::{Buf, BufMut, Bytes, BytesMut};

/// A frame being written: its kind byte first, then fields in order.
pub(super) struct Writer(pub(super) BytesMut);

impl Writer {
    pub(super) fn new(kind: u8, size: usize) -> Writer {
        let mut b = BytesMut::with_capacity(size + 64);
        b.put_u8(kind);
        Writer(b)
    }
    pub(super) fn bytes(&mut self, v: &[u8]) {
        self.0.put_u32(v.len() as u32);
        self.0.put_slice(v);
    }
    pub(super) fn headers(&mut self, h: &[Header]) {
        self.0.put_u16(h.len() as u16);
        for (n, v) in h {
            self.bytes(n.as_bytes());
            self.bytes(v);
        }
    }
}

/// The bytes of a Request frame from borrowed parts (`[method, target,
/// remote]`), so the relay encodes from what it holds without first cloning
/// it into a [`super::RelayFrame`].
pub fn encode_request(id: u64, queued: bool, text: [&str; 3], headers: &[Header], body: &[u8]) -> Bytes {
    let size = text.iter().map(|t| t.len() + 4).sum::<usize>() + headers_len(headers) + body.len() + 16;
    let mut w = Writer::new(13, size);
    w.0.put_u64(id);
    w.0.put_u8(u8::from(queued));
    for t in text {
        w.bytes(t.as_bytes());
    }
    w.headers(headers);
    w.bytes(body);
    w.0.freeze()
}

/// What `Writer::headers` writes for `headers`: sized up front, the buffer is
/// not grown (and copied) part way through a frame.
pub(super) fn headers_len(headers: &[Header]) -> usize {
    2 + headers.iter().map(|(n, v)| n.len() + v.len() + 8).sum::<usize>()
}

/// Whether an answer from a tunnel can be written to its sender as it is:
/// the relay writes its status, reason and headers unchanged, so a status
/// of other than three digits, a name that is no token, or a line break in
/// a reason or value would end the answer early or add another to it. A
/// tunnel reads its app's answer with the relay's own codec, which refuses
/// all of these, so only a broken or hostile tunnel sends them.
pub(super) fn writable_answer(status: u16, reason: Option<&[u8]>, headers: &[Header]) -> Result<(), Malformed> {
    // HTAB, SP, visible ASCII and obs-text: what a reason or value may hold.
    let text = |v: &[u8]| v.iter().all(|&b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80);
    if !(100..=999).contains(&status) {
        return Err(Malformed("a status not of three digits"));
    }
    if !reason.is_none_or(text) {
        return Err(Malformed("a reason phrase that cannot be written"));
    }
    if !headers.iter().all(|(n, v)| crate::model::is_field_name(n) && text(v)) {
        return Err(Malformed("a header that cannot be written"));
    }
    Ok(())
}

/// A frame being read, field by field, from the front of its bytes.
pub(super) struct Reader {
    pub(super) buf: Bytes,
}

impl Reader {
    pub(super) fn take(&mut self, n: usize) -> Result<Bytes, Malformed> {
        self.need(n)?;
        Ok(self.buf.split_to(n))
    }
    pub(super) fn need(&self, n: usize) -> Result<(), Malformed> {
        if self.buf.len() < n {
            return Err(Malformed("truncated"));
        }
        Ok(())
    }
    // Numbers and text are read off the buffer in place: splitting a `Bytes`
    // handle for each would count a reference up and down per field.
    fn number<T>(&mut self, get: impl FnOnce(&mut Bytes) -> T) -> Result<T, Malformed> {
        self.need(std::mem::size_of::<T>())?;
        Ok(get(&mut self.buf))
    }
    pub(super) fn u8(&mut self) -> Result<u8, Malformed> {
        self.number(Bytes::get_u8)
    }
    pub(super) fn u16(&mut self) -> Result<u16, Malformed> {
        self.number(Bytes::get_u16)
    }
    pub(super) fn u32(&mut self) -> Result<u32, Malformed> {
        self.number(Bytes::get_u32)
    }
    pub(super) fn u64(&mut self) -> Result<u64, Malformed> {
        self.number(Bytes::get_u64)
    }
    pub(super) fn bytes(&mut self) -> Result<Bytes, Malformed> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    pub(super) fn text(&mut self) -> Result<String, Malformed> {
        let n = self.u32()? as usize;
        self.need(n)?;
        let text = std::str::from_utf8(&self.buf[..n])
            .map_err(|_| Malformed("text is not UTF-8"))?
            .to_string();
        self.buf.advance(n);
        Ok(text)
    }
    pub(super) fn headers(&mut self) -> Result<Vec<Header>, Malformed> {
        let n = self.u16()? as usize;
        if n > MAX_HEADERS {
            return Err(Malformed("too many headers"));
        }
        (0..n).map(|_| Ok((self.text()?, self.bytes()?))).collect()
    }
    pub(super) fn end(self) -> Result<(), Malformed> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(Malformed("trailing bytes"))
        }
    }
}
