//! JSON string escaping for request and answer bodies in `--json` lines,
//! byte-for-byte what serde_json writes, but looking at eight bytes at a time:
//! serde_json tests every byte, and bodies are most of a line's bytes
//! (profiles of `hook listen --json` showed its escaping as the largest cost
//! of a request after the socket writes).

use serde_json::value::RawValue;

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `v` that is zero, and no other bit. Exact per
/// byte (masking to seven bits first keeps carries inside each byte), so the
/// lowest set bit says where the first such byte is.
#[inline(always)]
fn zero_bytes(v: u64) -> u64 {
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// The high bit of each byte of `w` that must be escaped: `"`, `\` or a
/// control character (below 0x20, that is with its top three bits clear).
#[inline(always)]
fn escape_bytes(w: u64) -> u64 {
    zero_bytes(w & (ONES * 0xe0)) | zero_bytes(w ^ (ONES * u64::from(b'"'))) | zero_bytes(w ^ (ONES * u64::from(b'\\')))
}

/// Append `s` as a JSON string literal, quotes included. A word with nothing
/// to escape costs one test; in one that has something, each byte to escape
/// is found from the mask's lowest bit and the clean bytes before it are
/// copied in one go.
pub fn push_json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Room for the common case (a few escapes); more is reserved if needed.
    out.reserve(bytes.len() + bytes.len() / 8 + 2);
    out.push(b'"');
    let mut clean_from = 0;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let word: [u8; 8] = bytes[i..i + 8].try_into().unwrap_or_default();
        let mut mask = escape_bytes(u64::from_le_bytes(word));
        while mask != 0 {
            let at = i + (mask.trailing_zeros() / 8) as usize;
            out.extend_from_slice(&bytes[clean_from..at]);
            put_escaped(out, bytes[at]);
            clean_from = at + 1;
            mask &= mask - 1;
        }
        i += 8;
    }
    for (at, &b) in bytes.iter().enumerate().skip(i) {
        if b < 0x20 || b == b'"' || b == b'\\' {
            out.extend_from_slice(&bytes[clean_from..at]);
            put_escaped(out, b);
            clean_from = at + 1;
        }
    }
    out.extend_from_slice(&bytes[clean_from..]);
    out.push(b'"');
}

/// Append the escape for `b`, one of the bytes `escape_bytes` marks.
#[inline(always)]
fn put_escaped(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// `s` as a JSON string literal, quotes included.
pub fn json_string(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    push_json_string(&mut out, s);
    // Only ASCII was inserted, between whole UTF-8 sequences of a valid string.
    String::from_utf8(out).unwrap_or_else(|e| serde_json::to_string(s).unwrap_or_else(|_| e.to_string()))
}

/// `s` as a JSON value ready to be written into a line without escaping it again.
pub fn raw_string(s: &str) -> Option<Box<RawValue>> {
    RawValue::from_string(json_string(s))
        .or_else(|_| serde_json::value::to_raw_value(s))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_exactly_as_serde_json() {
        let mut cases: Vec<String> = (0u8..=0x7f).map(|b| format!("ab{}cdefghij", b as char)).collect();
        cases.extend([
            String::new(),
            "\"".into(),
            "plain text that is longer than eight bytes".into(),
            r#"{"a":"b\"c","d":[1,2],"e":"\\"}"#.into(),
            "caf\u{e9} \u{1f600} \u{7f}\u{80}\u{2028}".into(),
            "\u{0}\u{1f}\u{8}\u{c}x".repeat(9),
            // Six bytes out for each byte in: more than the first reservation.
            "\u{1}".repeat(1000),
            "\"".repeat(333) + &"\u{1f}".repeat(77),
        ]);
        // Every position of a special byte within an eight-byte word.
        for pos in 0..17 {
            for special in ['"', '\\', '\n', '\u{1}'] {
                let mut s = "y".repeat(17);
                s.insert(pos, special);
                cases.push(s);
            }
        }
        for s in &cases {
            assert_eq!(json_string(s), serde_json::to_string(s).unwrap(), "{s:?}");
            assert_eq!(raw_string(s).unwrap().get(), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn random_strings_escape_exactly_as_serde_json() {
        use rand::{Rng, SeedableRng};
        let alphabet = [
            'a',
            'Z',
            ' ',
            '"',
            '\\',
            '\n',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            '\u{e9}',
            '\u{2028}',
            '\u{1f600}',
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..2000 {
            let len = rng.gen_range(0..120);
            let s: String = (0..len).map(|_| alphabet[rng.gen_range(0..alphabet.len())]).collect();
            assert_eq!(json_string(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }
}
