//! The last MAC each hash computed on this thread, for signing the same
//! message again and again.
//!
//! `hook replay --repeat N` signs one fixture body with one secret thousands
//! of times. Where the template signs the body alone (GitHub, Shopify), or
//! the body with a timestamp that changes once a second (Stripe, Slack),
//! those MACs are all the same: comparing the message with the last one
//! costs one pass over it, hashing it again costs the hash of the whole body
//! (GitHub's two HMACs were a fifth of replay's samples).

use super::mac::{Algorithm, Encoding};
use std::cell::RefCell;

/// One algorithm's last computation, and its text in the last encoding asked.
struct Last {
    key: Vec<u8>,
    message: Vec<u8>,
    mac: Vec<u8>,
    text: (Encoding, String),
}

thread_local! {
    /// One slot per [`Algorithm`], so GitHub's SHA-1 and SHA-256 signatures of
    /// the same body do not push each other out.
    static LAST: RefCell<[Option<Last>; 3]> = const { RefCell::new([None, None, None]) };
}

/// `encoding.encode(&algorithm.mac(key, parts))`, answered from the last
/// computation when the key and the message are the same bytes (encoding
/// the MAC again each time cost as much as comparing the message). Only for
/// signing: the memo keeps a copy of the last message and key on this thread.
pub fn signature(algorithm: Algorithm, encoding: Encoding, key: &[u8], parts: &[&[u8]]) -> String {
    let slot = algorithm as usize;
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some(l) = &mut last[slot] {
            if l.key == key && same_message(&l.message, parts) {
                if l.text.0 != encoding {
                    l.text = (encoding, encoding.encode(&l.mac));
                }
                return l.text.1.clone();
            }
        }
        let mac = algorithm.mac(key, parts);
        let text = encoding.encode(&mac);
        last[slot] = Some(Last {
            key: key.to_vec(),
            message: parts.concat(),
            mac,
            text: (encoding, text.clone()),
        });
        text
    })
}

/// Whether the concatenation of `parts` is exactly `message`.
fn same_message(message: &[u8], parts: &[&[u8]]) -> bool {
    let mut rest = message;
    for part in parts {
        match rest.strip_prefix(*part) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_equal_the_computation_whatever_changed() {
        let cases: [(&[u8], &[&[u8]]); 7] = [
            (b"k", &[b"body"]),
            (b"k", &[b"body"]),
            (b"k", &[b"bo", b"dy"]),
            (b"k2", &[b"body"]),
            (b"k2", &[b"body!"]),
            (b"k2", &[b"bod"]),
            (b"k2", &[b"1.", b"bod"]),
        ];
        // Each case three times, switching encodings, so hits change encoding too.
        let encodings = [Encoding::Hex, Encoding::Base64, Encoding::Hex];
        for alg in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
            for ((key, parts), enc) in cases.iter().flat_map(|c| encodings.map(|e| (*c, e))) {
                let want = enc.encode(&alg.mac(key, parts));
                assert_eq!(
                    signature(alg, enc, key, parts),
                    want,
                    "{alg:?} {enc:?} {key:?} {parts:?}"
                );
            }
        }
    }

    #[test]
    fn messages_compare_across_part_boundaries() {
        assert!(same_message(b"1.body", &[b"1", b".", b"body"]));
        assert!(same_message(b"", &[]));
        assert!(!same_message(b"1.body", &[b"1.bod"]));
        assert!(!same_message(b"1.bod", &[b"1.body"]));
    }
}
