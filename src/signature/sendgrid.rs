//! §16 SendGrid's Signed Event Webhook: ECDSA P-256 with SHA-256 over
//! `timestamp || body`, the signature base64 DER. As with Discord, signing
//! takes a private key and verifying the public one SendGrid shows (base64
//! DER SubjectPublicKeyInfo).

use super::describe::{describe_with, BodyFields, Described};
use super::timestamp::Tolerance;
use super::verdict::{Match, Problem, Verdict};
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::error::hinted;
use crate::model::HeaderList;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};

pub(super) const SIG: &str = "X-Twilio-Email-Event-Webhook-Signature";
pub(super) const TS: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

/// SendGrid's signed event webhook.
pub struct Sendgrid;

/// The DER bytes of a key given as base64 (PEM armour and line breaks allowed).
fn der(text: &str) -> Option<Vec<u8>> {
    let b64: String = (text.lines())
        .filter(|l| !l.trim_start().starts_with("-----"))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    super::mac::lenient_base64().decode(b64).ok()
}

/// A private key: base64 PKCS#8 DER (or PEM), or the 32-byte scalar as 64 hex characters.
pub(super) fn signing_key(text: &str) -> Option<SigningKey> {
    let text = text.trim();
    if text.len() == 64 {
        if let Some(key) = hex::decode(text).ok().and_then(|b| SigningKey::from_slice(&b).ok()) {
            return Some(key);
        }
    }
    SigningKey::from_pkcs8_der(&der(text)?).ok()
}

/// The public key SendGrid shows: base64 DER SubjectPublicKeyInfo (or PEM).
pub(super) fn verifying_key(text: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_public_key_der(&der(text)?).ok()
}

/// The public key as SendGrid shows it, for `hook verify`.
pub(super) fn public_text(key: &VerifyingKey) -> String {
    p256::PublicKey::from(key)
        .to_public_key_der()
        .map(|d| STANDARD.encode(d.as_bytes()))
        .unwrap_or_default()
}

pub(super) fn message(ts: &str, body: &[u8]) -> Vec<u8> {
    [ts.as_bytes(), body].concat()
}

impl Scheme for Sendgrid {
    fn name(&self) -> &str {
        "sendgrid"
    }

    fn info(&self) -> Info {
        Info {
            name: "sendgrid".into(),
            title: "SendGrid (Signed Event Webhook)".into(),
            headers: vec![SIG.into(), TS.into()],
            signs: "timestamp || body".into(),
            algorithm: "ECDSA P-256 SHA-256, base64 DER".into(),
            tolerance: Tolerance::NONE.label(),
            secret: "sign: private key (base64 PKCS#8 DER, PEM, or 64 hex); verify: public key (base64 DER)".into(),
        }
    }

    fn detect(&self, headers: &HeaderList) -> bool {
        headers.contains(SIG)
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        vec![SIG]
    }

    fn describe(&self, headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        // A delivery is an array of events; the first one names it.
        let fields = BodyFields {
            event: &["/0/event"],
            action: false,
            id: &["/0/sg_event_id"],
        };
        describe_with(headers, body, None, None, fields)
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        let key = signing_key(super::first_secret(input)?.expose()).ok_or_else(|| {
            hinted(
                "secret #1 is not a sendgrid private key: expected base64 PKCS#8 DER (or PEM), or 64 hex characters",
                "hook sign takes an ECDSA P-256 private key; hook verify takes the public key SendGrid shows",
            )
        })?;
        let ts = input.timestamp.to_string();
        let sig: Signature = key.sign(&message(&ts, input.body));
        let mut signed = Signed::default();
        if input.secrets.len() > 1 {
            signed
                .notes
                .push("sendgrid sends one signature: signed with the first secret only".into());
        }
        signed.headers.push(SIG, STANDARD.encode(sig.to_der().as_bytes()));
        signed.headers.push(TS, ts);
        signed.notes.push(format!(
            "verify with the public key {}",
            public_text(key.verifying_key())
        ));
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict> {
        super::sendgrid_verify::verify(input)
    }
}

/// A verdict with a match on secret `i`.
pub(super) fn matched(v: &mut Verdict, i: usize, of: usize) {
    let m = Match {
        secret: i + 1,
        of,
        header: SIG.into(),
    };
    super::diagnose::note_match(&mut v.findings, &v.skipped, &m);
    v.matched = Some(m);
}

/// The signature header decoded, or the problem with it.
pub(super) fn signature(text: &str) -> Result<Signature, Problem> {
    let bytes = STANDARD.decode(text.trim()).map_err(|_| Problem::MalformedHeader {
        header: SIG.into(),
        why: "the signature is not base64".into(),
    })?;
    Signature::from_der(&bytes).map_err(|_| Problem::MalformedHeader {
        header: SIG.into(),
        why: "the signature is not a DER-encoded ECDSA signature".into(),
    })
}

/// Whether `key` signed `message` with `sig`.
pub(super) fn verifies(key: &VerifyingKey, message: &[u8], sig: &Signature) -> bool {
    key.verify(message, sig).is_ok()
}
