//! §11 Discord interactions: Ed25519 over `timestamp || body`. Signing takes
//! the private key's 32-byte seed; verifying takes the application's public key.

use super::describe::Described;
use super::timestamp::{TimeFormat, Tolerance};
use super::verdict::{Match, Problem, Verdict, Workings};
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::error::hinted;
use crate::model::HeaderList;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

const SIG: &str = "X-Signature-Ed25519";
const TS: &str = "X-Signature-Timestamp";

/// Discord's Ed25519 interaction signatures.
pub struct Discord;

/// 32 bytes from 64 hex characters, or a hinted error that never shows the value.
fn key_bytes(text: &str, index: usize, what: &str) -> anyhow::Result<[u8; 32]> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| {
            hinted(
                format!("secret #{} is not a discord {what}: expected 64 hex characters (32 bytes)", index + 1),
                "hook sign takes the Ed25519 private key seed as hex; hook verify takes the application's public key from the Developer Portal",
            )
        })
}

/// The public key, `None` when the 32 bytes are not a curve point (often a
/// private seed given by mistake, which the diagnosis then recognises).
fn verifying_key(text: &str, index: usize) -> anyhow::Result<Option<VerifyingKey>> {
    Ok(VerifyingKey::from_bytes(&key_bytes(text, index, "public key")?).ok())
}

impl Scheme for Discord {
    fn name(&self) -> &str {
        "discord"
    }

    fn info(&self) -> Info {
        Info {
            name: "discord".into(),
            title: "Discord interactions".into(),
            headers: vec![SIG.into(), TS.into()],
            signs: "timestamp || body".into(),
            algorithm: "Ed25519 hex".into(),
            tolerance: "none".into(),
            secret: "sign: private key seed (hex); verify: public key (hex)".into(),
        }
    }

    fn detect(&self, headers: &HeaderList) -> bool {
        headers.contains(SIG)
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        vec![SIG]
    }

    fn describe(&self, _headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        // Interaction types from Discord's documentation.
        let event = body.pointer("/type").and_then(|t| t.as_u64()).map(|t| match t {
            1 => "PING".to_string(),
            2 => "APPLICATION_COMMAND".to_string(),
            3 => "MESSAGE_COMPONENT".to_string(),
            4 => "APPLICATION_COMMAND_AUTOCOMPLETE".to_string(),
            5 => "MODAL_SUBMIT".to_string(),
            other => format!("type {other}"),
        });
        let delivery_id = body.pointer("/id").and_then(|i| i.as_str().map(String::from));
        Described { event, delivery_id }
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        let key = SigningKey::from_bytes(&key_bytes(super::first_secret(input)?.expose(), 0, "private key seed")?);
        let ts = input.timestamp.to_string();
        let sig = key.sign(&[ts.as_bytes(), input.body].concat());
        let mut signed = Signed::default();
        signed
            .headers
            .push("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)");
        signed.headers.push(SIG, hex::encode(sig.to_bytes()));
        signed.headers.push(TS, ts);
        signed.notes.push(format!(
            "verify with the public key {}",
            hex::encode(key.verifying_key().to_bytes())
        ));
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict> {
        // No usable key at all is a usage error whatever the request holds;
        // one unusable among others (another provider's secret) is skipped.
        let unusable: Vec<usize> = (input.secrets.iter().enumerate())
            .filter(|(i, s)| key_bytes(s.expose(), *i, "public key").is_err())
            .map(|(i, _)| i)
            .collect();
        if unusable.len() == input.secrets.len() {
            if let Some(&i) = unusable.first() {
                key_bytes(input.secrets[i].expose(), i, "public key")?;
            }
        }
        let mut v = Verdict::new("discord");
        for &i in &unusable {
            v.secret_skipped(i, "it is not a discord public key (64 hex characters)");
        }
        let (Some(sig_hex), Some(ts)) = (input.headers.get(SIG), input.headers.get(TS)) else {
            let header = if input.headers.contains(SIG) { TS } else { SIG };
            v.problem(Problem::MissingHeader { header: header.into() });
            return Ok(v.settle());
        };
        let Some(sig) = hex::decode(sig_hex.trim())
            .ok()
            .and_then(|b| Signature::from_slice(&b).ok())
        else {
            v.problem(Problem::MalformedHeader {
                header: SIG.into(),
                why: "expected 128 hex characters (a 64-byte signature)".into(),
            });
            return Ok(v.settle());
        };
        let message = [ts.as_bytes(), input.body].concat();
        for (i, s) in input.secrets.iter().enumerate() {
            if unusable.contains(&i) {
                continue;
            }
            let Some(key) = verifying_key(s.expose(), i)? else {
                v.finding(
                    "bad_key",
                    format!("secret #{} is not a valid Ed25519 public key", i + 1),
                );
                continue;
            };
            if key.verify_strict(&message, &sig).is_ok() {
                v.matched = Some(Match {
                    secret: i + 1,
                    of: input.secrets.len(),
                    header: SIG.into(),
                });
                break;
            }
        }
        match &v.matched {
            Some(m) => super::diagnose::note_match(&mut v.findings, &v.skipped, m),
            None => {
                v.problem(Problem::NoMatch {
                    secrets: input.secrets.len(),
                });
                v.workings = Some(Workings::public_key(ts, input.body, SIG, sig_hex));
                for (i, s) in input.secrets.iter().enumerate() {
                    // A secret skipped above is no seed either: nothing to diagnose.
                    let Ok(seed) = key_bytes(s.expose(), i, "key") else {
                        continue;
                    };
                    let public = SigningKey::from_bytes(&seed).verifying_key();
                    if public.verify_strict(&message, &sig).is_ok() {
                        v.finding(
                            "secret_misused",
                            format!(
                            "secret #{} is the private key seed, not the public key: pass the public key {} instead",
                            i + 1, hex::encode(public.to_bytes())
                        ),
                        );
                    }
                }
            }
        }
        if let Ok(ts) = TimeFormat::UnixSeconds.parse(ts) {
            if let Some(p) = Tolerance::NONE.overridden(input.tolerance).check(ts, input.now) {
                v.problem(p);
            }
        }
        Ok(v.settle())
    }
}
