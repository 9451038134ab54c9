//! §7 Twilio: HMAC-SHA1 base64 over the URL followed by the sorted form
//! parameters; JSON bodies are signed through a `bodySHA256` query parameter.

use super::describe::{describe_with, BodyFields, Described};
use super::diagnose::{self, Probe};
use super::hmac_scheme::IdStyle;
use super::mac::{same, Algorithm, Encoding, KeyFormat};
use super::verdict::{Expected, Match, Problem, Verdict, Workings};
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::model::HeaderList;
use sha2::{Digest, Sha256};

const HEADER: &str = "X-Twilio-Signature";

/// The Twilio request-validation scheme.
pub struct Twilio;

/// True when the body is JSON, which Twilio signs through `bodySHA256`.
fn is_json(body: &[u8]) -> bool {
    matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'['))
        && serde_json::from_slice::<serde_json::Value>(body).is_ok()
}

/// The URL with `bodySHA256=<hex>` appended to its query.
fn with_body_hash(url: &str, body: &[u8]) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}bodySHA256={}", hex::encode(Sha256::digest(body)))
}

/// The bytes Twilio signs: the URL, then for a form body each parameter
/// name followed by its values, names sorted, repeated values de-duplicated and sorted.
fn signed_string(url: &str, body: &[u8]) -> Vec<u8> {
    let mut out = url.as_bytes().to_vec();
    if url.contains("bodySHA256=") {
        return out;
    }
    let mut params: Vec<(String, String)> = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    params.dedup();
    for (k, v) in params {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    out
}

/// The `bodySHA256` value in the URL, found in its text as [`signed_string`]
/// looks for it: `Url::parse` misses it in a bare path, or after a `#`.
fn body_hash_in(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("bodySHA256=")?;
    Some(rest.split(['&', '#']).next().unwrap_or(rest))
}

/// Whether a form body is UTF-8 once its %-escapes are decoded. Bytes that
/// are not become U+FFFD in the parameters Twilio signs (as in its
/// libraries), so bodies differing only in them would share a signature.
pub(super) fn form_is_utf8(body: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let escaped = (body[i] == b'%').then(|| body.get(i + 1..i + 3)).flatten();
        match escaped
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(body[i]);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

fn mac(key: &[u8], url: &str, body: &[u8]) -> Vec<u8> {
    Algorithm::Sha1.mac(key, &[&signed_string(url, body)])
}

/// The URL as given, without its port, and with the default port: the
/// official library accepts any of the three.
fn port_forms(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string()];
    if let Ok(u) = url::Url::parse(url) {
        let mut bare = u.clone();
        let _ = bare.set_port(None);
        out.push(bare.to_string());
        if let Some(port) = u.port_or_known_default() {
            // `Url` drops default ports, so add it by hand after the host.
            let host = u.host_str().unwrap_or_default();
            let rest = &u[url::Position::BeforePath..];
            out.push(format!("{}://{host}:{port}{rest}", u.scheme()));
        }
    }
    out
}

/// The string signed for the URL as given, and each secret's signature of it.
fn workings(signed: &[u8], sigs: &[Vec<u8>], received: &str) -> Workings {
    let expected = sigs.iter().enumerate().map(|(i, sig)| Expected {
        secret: i + 1,
        signature: Encoding::Base64.encode(sig),
    });
    Workings {
        signed: Workings::quoted(signed),
        header: HEADER.into(),
        received: vec![received.to_string()],
        expected: expected.collect(),
        public_key: false,
    }
}

impl Scheme for Twilio {
    fn name(&self) -> &str {
        "twilio"
    }

    fn info(&self) -> Info {
        Info {
            name: "twilio".into(),
            title: "Twilio".into(),
            headers: vec![HEADER.into(), "I-Twilio-Idempotency-Token".into()],
            signs: "url || sorted(name || value) for forms; JSON: url with ?bodySHA256=hex(sha256(body))".into(),
            algorithm: "HMAC-SHA1 base64".into(),
            tolerance: "none".into(),
            secret: KeyFormat::Utf8.label().into(),
        }
    }

    fn detect(&self, headers: &HeaderList) -> bool {
        headers.contains(HEADER)
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        vec![HEADER]
    }

    fn fresh_id(&self) -> Option<String> {
        Some(IdStyle::Uuid.fresh())
    }

    fn recognises(&self, headers: &HeaderList) -> bool {
        self.detect(headers)
            || headers.contains("I-Twilio-Idempotency-Token")
            || headers.get("user-agent").is_some_and(|a| a.starts_with("TwilioProxy"))
    }

    fn describe(&self, headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        let fields = BodyFields {
            event: &["/MessageStatus", "/SmsStatus", "/CallStatus"],
            action: false,
            id: &["/MessageSid", "/CallSid"],
        };
        describe_with(headers, body, None, Some("I-Twilio-Idempotency-Token"), fields)
    }

    fn needs_url(&self) -> bool {
        true
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        let url = input.url.ok_or_else(|| super::url_required("twilio"))?;
        let mut signed = Signed::default();
        let url = if is_json(input.body) && !url.contains("bodySHA256=") {
            let u = with_body_hash(url, input.body);
            signed
                .notes
                .push(format!("twilio signs a JSON body through the URL: send it to {u}"));
            signed.url = Some(u.clone());
            u
        } else {
            url.to_string()
        };
        if !url.contains("bodySHA256=") && !form_is_utf8(input.body) {
            return Err(crate::error::hinted(
                "twilio signs a form's decoded parameters, and this body is not UTF-8 once decoded",
                "give a form body (a=1&b=2, %-escapes of UTF-8) or JSON, as Twilio sends",
            ));
        }
        if input.secrets.len() > 1 {
            signed
                .notes
                .push("twilio sends one signature: signed with the first secret only".into());
        }
        let sig = Encoding::Base64.encode(&mac(super::first_secret(input)?.expose().as_bytes(), &url, input.body));
        signed.headers.push("User-Agent", "TwilioProxy/1.1");
        signed.headers.push(
            "I-Twilio-Idempotency-Token",
            input.id.map(String::from).unwrap_or_else(|| IdStyle::Uuid.fresh()),
        );
        signed.headers.push(HEADER, sig);
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict> {
        let url = input.url.ok_or_else(|| super::url_required("twilio"))?;
        let mut v = Verdict::new("twilio");
        let Some(raw) = input.headers.get(HEADER) else {
            v.problem(Problem::MissingHeader { header: HEADER.into() });
            return Ok(v.settle());
        };
        let Some(given) = Encoding::Base64.decode(raw.trim()) else {
            v.problem(Problem::MalformedHeader {
                header: HEADER.into(),
                why: "the signature is not base64".into(),
            });
            return Ok(v.settle());
        };
        match body_hash_in(url) {
            Some(hash) if !hash.eq_ignore_ascii_case(&hex::encode(Sha256::digest(input.body))) => {
                v.problem(Problem::BodyHashMismatch);
            }
            Some(_) => {}
            None if !form_is_utf8(input.body) => v.problem(Problem::MalformedField {
                field: "body".into(),
                why: "the form is not UTF-8 once decoded: Twilio sends UTF-8, and decoders turn other bytes \
                      into U+FFFD, so the signature cannot tell this body from others"
                    .into(),
            }),
            None => {}
        }
        // The string signed for each form of the URL, built once, not per secret.
        let forms: Vec<Vec<u8>> = port_forms(url).iter().map(|u| signed_string(u, input.body)).collect();
        // Each secret's signature of the URL as given, kept for `-v`'s workings.
        let mut as_given = Vec::with_capacity(input.secrets.len());
        'secrets: for (i, s) in input.secrets.iter().enumerate() {
            for (k, form) in forms.iter().enumerate() {
                let sig = Algorithm::Sha1.mac(s.expose().as_bytes(), &[form]);
                let hit = same(&sig, &given);
                if k == 0 {
                    as_given.push(sig);
                }
                if hit {
                    v.matched = Some(Match {
                        secret: i + 1,
                        of: input.secrets.len(),
                        header: HEADER.into(),
                    });
                    break 'secrets;
                }
            }
        }
        match &v.matched {
            Some(m) => diagnose::note_match(&mut v.findings, &v.skipped, m),
            None => {
                v.workings = Some(workings(&forms[0], &as_given, raw.trim()));
                let probe = Probe::of("twilio", input, KeyFormat::Utf8, Some(url));
                diagnose::no_match(&mut v, &probe, &|key, body, url| same(&mac(key, url, body), &given));
                if !url.contains("bodySHA256=") && is_json(input.body) {
                    v.finding("url_differs", "the body is JSON: Twilio signs JSON bodies through the URL, so --url must include the ?bodySHA256=… parameter Twilio added");
                }
            }
        }
        Ok(v.settle())
    }
}

#[cfg(test)]
#[path = "twilio_tests.rs"]
mod tests;
