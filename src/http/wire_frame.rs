//! How a message's body is delimited, from its headers ([`super::wire`]).

use super::wire::{Framing, Header, WireError};

/// The first value of a header, by case-insensitive name.
pub fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a [u8]> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| &v[..])
}

/// Whether any `name` header lists `token` (comma-separated, any case).
pub fn has_token(headers: &[Header], name: &str, token: &str) -> bool {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(|b| *b == b','))
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
}

/// How a request's body is delimited. Both a length and chunking, or lengths
/// that disagree, are refused: proxies that guess differently are how
/// requests get smuggled. Identical lengths said more than once are one.
pub fn request_framing(headers: &[Header]) -> Result<Framing, WireError> {
    let length = content_length(headers)?;
    let te: Vec<&Header> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"))
        .collect();
    if te.is_empty() {
        return Ok(length.map_or(Framing::Empty, Framing::Length));
    }
    if length.is_some() {
        return Err(WireError::Malformed("both Content-Length and Transfer-Encoding"));
    }
    let last = te[te.len() - 1].1.rsplit(|b| *b == b',').next().unwrap_or_default();
    if last.trim_ascii().eq_ignore_ascii_case(b"chunked") {
        Ok(Framing::Chunked)
    } else {
        Err(WireError::Malformed("a transfer encoding other than chunked"))
    }
}

/// How a response to `method` is delimited.
pub fn response_framing(method: &str, status: u16, headers: &[Header]) -> Result<Framing, WireError> {
    if method.eq_ignore_ascii_case("HEAD") || status < 200 || status == 204 || status == 304 {
        return Ok(Framing::Empty);
    }
    if has_token(headers, "transfer-encoding", "chunked") {
        return Ok(Framing::Chunked);
    }
    Ok(content_length(headers)?.map_or(Framing::UntilClose, Framing::Length))
}

fn content_length(headers: &[Header]) -> Result<Option<u64>, WireError> {
    let mut found = None;
    // RFC 9112 §6.3: a list of identical valid values (`5, 5`, or the header
    // twice) is that one value; values that differ, or any that is not a
    // number, leave the framing unknown and are refused. An empty element
    // (`5,`) is refused too, as hyper refuses it: only lists that every
    // reader takes for the same length pass.
    let values = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("content-length"));
    for said in values.flat_map(|(_, v)| v.split(|b| *b == b',')) {
        let n = length_of(said.trim_ascii()).ok_or(WireError::Malformed("Content-Length is not a number"))?;
        if found.is_some_and(|f| f != n) {
            return Err(WireError::Malformed("Content-Length values disagree"));
        }
        found = Some(n);
    }
    Ok(found)
}

/// One length: digits only, as HTTP's grammar has it. `str::parse` also
/// takes a sign (`+5`) and `str::trim` drops Unicode spaces (`5` and U+00A0),
/// which another reader of the same bytes may frame otherwise.
fn length_of(digits: &[u8]) -> Option<u64> {
    Some(digits)
        .filter(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
        .and_then(|d| std::str::from_utf8(d).ok()?.parse::<u64>().ok())
}
