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

/// How many bytes escaping adds for each byte: 1 for `\"`-style escapes, 5 for `\u00XX`.
const EXTRA: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 5;
        b += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[b'\t' as usize] = 1;
    t[0x08] = 1;
    t[0x0c] = 1;
    t
};

/// Whether the eight bytes at `i` need no escaping.
#[inline(always)]
fn clean_word(bytes: &[u8], i: usize) -> bool {
    let word: [u8; 8] = bytes[i..i + 8].try_into().unwrap_or([b'"'; 8]);
    !needs_escape(u64::from_le_bytes(word))
}

/// The end of the run of clean eight-byte words starting at `i`.
#[inline(always)]
fn clean_run_end(bytes: &[u8], mut i: usize) -> usize {
    while i + 8 <= bytes.len() && clean_word(bytes, i) {
        i += 8;
    }
    i
}

/// Append `s` as a JSON string literal, quotes included. Runs of clean
/// eight-byte words are found a word at a time and copied in one go; the
/// bytes of a word with something to escape go one by one. The output's
/// length is counted first (the same way), so it is written into place.
pub fn push_json_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let (mut extra, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        i = clean_run_end(bytes, i);
        let end = (i + 8).min(bytes.len());
        extra += bytes[i..end]
            .iter()
            .map(|&b| usize::from(EXTRA[usize::from(b)]))
            .sum::<usize>();
        i = end;
    }
    let start = out.len();
    out.resize(start + bytes.len() + extra + 2, 0);
    let dst = &mut out[start..];
    dst[0] = b'"';
    let (mut i, mut j) = (0usize, 1usize);
    while i < bytes.len() {
        let run_end = clean_run_end(bytes, i);
        dst[j..j + (run_end - i)].copy_from_slice(&bytes[i..run_end]);
        j += run_end - i;
        let end = (run_end + 8).min(bytes.len());
        for &b in &bytes[run_end..end] {
            j = put_escaped(dst, j, b, HEX);
        }
        i = end;
    }
    dst[j] = b'"';
}

/// Write `b` at `dst[j..]`, escaped; the next position.
#[inline(always)]
fn put_escaped(dst: &mut [u8], j: usize, b: u8, hex: &[u8; 16]) -> usize {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        0..=0x1f => {
            dst[j..j + 6].copy_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                hex[usize::from(b >> 4)],
                hex[usize::from(b & 15)],
            ]);
            return j + 6;
        }
        _ => {
            dst[j] = b;
            return j + 1;
        }
    };
    dst[j] = b'\\';
    dst[j + 1] = short;
    j + 2
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
