//! JSON string escaping for request and answer bodies in `--json` lines,
//! byte-for-byte what serde_json writes, but scanning eight bytes at a time
//! for the few that need escaping: serde_json tests every byte, and bodies
//! are most of a line's bytes (profiles of `hook listen --json` showed its
//! escaping as the largest cost of a request after the socket writes).

use serde_json::value::RawValue;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `v` is zero (exact for "any").
fn has_zero(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGHS != 0
}

/// Whether any of the eight bytes is `"`, `\` or a control character.
fn needs_escape(w: u64) -> bool {
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS != 0;
    control || has_zero(w ^ (ONES * u64::from(b'"'))) || has_zero(w ^ (ONES * u64::from(b'\\')))
}

/// `s` as a JSON string literal, quotes included.
pub fn json_string(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 2 + bytes.len() / 8);
    out.push(b'"');
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        while let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            if needs_escape(w) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ],
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(short);
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
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
}
