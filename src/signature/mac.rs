//! HMAC computation, signature encodings and key conventions shared by the schemes.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Serialize;

/// Hash function under the HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// HMAC-SHA1 (GitHub legacy, Twilio, Vercel)
    Sha1,
    /// HMAC-SHA256 (most providers)
    Sha256,
    /// HMAC-SHA512
    Sha512,
}

impl Algorithm {
    /// Display name, e.g. `HMAC-SHA256`.
    pub fn label(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha256 => "HMAC-SHA256",
            Algorithm::Sha512 => "HMAC-SHA512",
        }
    }

    /// Compute the MAC of the concatenation of `parts` under `key`.
    pub fn mac(self, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
            // HMAC accepts keys of any length, so this cannot fail.
            let mut m = <M as hmac::digest::KeyInit>::new_from_slice(key)
                .unwrap_or_else(|_| unreachable!("hmac takes any key length"));
            for p in parts {
                m.update(p);
            }
            m.finalize().into_bytes().to_vec()
        }
        match self {
            Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, parts),
            Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, parts),
            Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, parts),
        }
    }

    /// Length of the MAC in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }
}

/// How the MAC bytes are written in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// lowercase hexadecimal
    Hex,
    /// standard base64 with padding
    Base64,
}

impl Encoding {
    /// Encode MAC bytes.
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Hex => lower_hex(bytes),
            Encoding::Base64 => STANDARD.encode(bytes),
        }
    }

    /// Decode a signature; `None` when it is not valid in this encoding.
    /// Hex must be lowercase, as every provider sends it: the official
    /// libraries (octokit, stripe, slack-sdk) compare the signature as text,
    /// so an uppercase one fails there, and must fail here too.
    pub fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Encoding::Hex if text.bytes().any(|b| b.is_ascii_uppercase()) => None,
            Encoding::Hex => hex::decode(text).ok(),
            Encoding::Base64 => lenient_base64().decode(text).ok(),
        }
    }

    /// Name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        }
    }
}

/// Base64 that accepts input with or without padding, as the Standard
/// Webhooks libraries do for secrets.
pub fn lenient_base64() -> GeneralPurpose {
    GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

/// How a secret string becomes HMAC key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyFormat {
    /// The secret's text as UTF-8, whole (Stripe keeps `whsec_` in the key).
    Utf8,
    /// Base64-decode what follows `whsec_` (Standard Webhooks, Svix).
    WhsecBase64,
}

impl KeyFormat {
    /// The key bytes for a secret, or why the secret does not fit this format.
    pub fn key(self, secret: &str) -> Result<Vec<u8>, String> {
        match self {
            KeyFormat::Utf8 => Ok(secret.as_bytes().to_vec()),
            KeyFormat::WhsecBase64 => {
                let b64 = secret.strip_prefix("whsec_").unwrap_or(secret);
                match lenient_base64().decode(b64) {
                    // An empty key makes a MAC anyone can compute.
                    Ok(key) if key.is_empty() => Err("nothing follows `whsec_`: the key is empty".into()),
                    Ok(key) => Ok(key),
                    Err(_) => Err("it is not `whsec_` followed by base64 (Standard Webhooks secrets are)".into()),
                }
            }
        }
    }

    /// Short description for `hook providers`.
    pub fn label(self) -> &'static str {
        match self {
            KeyFormat::Utf8 => "secret text as UTF-8",
            KeyFormat::WhsecBase64 => "base64 after whsec_, decoded",
        }
    }
}

/// Constant-time comparison of two MACs.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Lower-case hexadecimal, for digests made per request. The `hex` crate's
/// `encode` collects an iterator of chars, which showed up in `hook listen`'s
/// profile; its `encode_to_slice` writes the digits straight into a buffer.
pub fn lower_hex(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len() * 2];
    // Cannot fail: the buffer is exactly twice the input, and hex digits are ASCII.
    let _ = hex::encode_to_slice(bytes, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hex_matches_the_hex_crate() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(lower_hex(&all), hex::encode(&all));
        assert_eq!(lower_hex(&[]), "");
    }

    #[test]
    fn github_doc_vector() {
        let mac = Algorithm::Sha256.mac(b"It's a Secret to Everybody", &[b"Hello, World!"]);
        assert_eq!(
            Encoding::Hex.encode(&mac),
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }

    #[test]
    fn whsec_key_accepts_unpadded_and_rejects_garbage() {
        let k = KeyFormat::WhsecBase64
            .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .unwrap();
        assert_eq!(k.len(), 24);
        assert_eq!(KeyFormat::WhsecBase64.key("whsec_YWJj").unwrap(), b"abc");
        assert_eq!(KeyFormat::WhsecBase64.key("whsec_YWI").unwrap(), b"ab");
        assert!(KeyFormat::WhsecBase64.key("whsec_not base64!").is_err());
        assert!(KeyFormat::WhsecBase64.key("whsec_").is_err(), "an empty key");
    }

    #[test]
    fn decode_rejects_wrong_encoding() {
        assert!(Encoding::Hex.decode("zz").is_none());
        assert_eq!(Encoding::Hex.decode("0a").unwrap(), vec![10]);
        assert!(
            Encoding::Hex.decode("0A").is_none(),
            "uppercase hex is not what providers send"
        );
        assert_eq!(Encoding::Base64.decode("AAE=").unwrap(), vec![0, 1]);
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"a", b"ab"));
    }
}
