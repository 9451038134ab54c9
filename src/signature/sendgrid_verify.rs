//! Checking a SendGrid request: every public key given, then why none
//! matched (a private key given instead, a re-encoded body).

use super::diagnose::body_variants;
use super::sendgrid::{matched, message, public_text, signature, signing_key, verifies, verifying_key, SIG, TS};
use super::timestamp::{TimeFormat, Tolerance};
use super::verdict::{Problem, Verdict, Workings};
use super::VerifyInput;
use crate::error::hinted;

/// Check a request against every public key given.
pub(super) fn verify(input: &VerifyInput) -> anyhow::Result<Verdict> {
    // A private key is kept aside, not skipped: the diagnosis can say so.
    let usable = |s: &crate::secret::Secret| verifying_key(s.expose()).is_some() || signing_key(s.expose()).is_some();
    if !input.secrets.is_empty() && !input.secrets.iter().any(usable) {
        return Err(hinted(
            "secret #1 is not a sendgrid public key: expected base64 DER (MFkw…), as SendGrid shows it",
            "hook verify takes the verification key from SendGrid's Mail Settings; hook sign takes the private key",
        ));
    }
    let mut v = Verdict::new("sendgrid");
    for (i, _) in input.secrets.iter().enumerate().filter(|(_, s)| !usable(s)) {
        v.secret_skipped(i, "it is not a sendgrid public key (base64 DER)");
    }
    let (Some(raw), Some(ts)) = (input.headers.get(SIG), input.headers.get(TS)) else {
        let header = if input.headers.contains(SIG) { TS } else { SIG };
        v.problem(Problem::MissingHeader { header: header.into() });
        return Ok(v.settle());
    };
    let sig = match signature(raw) {
        Ok(sig) => sig,
        Err(p) => {
            v.problem(p);
            return Ok(v.settle());
        }
    };
    let signed = message(ts, input.body);
    let keys: Vec<_> = input.secrets.iter().map(|s| verifying_key(s.expose())).collect();
    match keys
        .iter()
        .position(|k| k.as_ref().is_some_and(|k| verifies(k, &signed, &sig)))
    {
        Some(i) => matched(&mut v, i, input.secrets.len()),
        None => {
            v.problem(Problem::NoMatch {
                secrets: input.secrets.len(),
            });
            v.workings = Some(Workings::public_key(ts, input.body, SIG, raw));
            for (i, s) in input.secrets.iter().enumerate() {
                let Some(private) = signing_key(s.expose()) else {
                    continue;
                };
                if verifies(private.verifying_key(), &signed, &sig) {
                    v.finding(
                        "secret_misused",
                        format!(
                            "secret #{} is the private key, not the public key: pass the public key {} instead",
                            i + 1,
                            public_text(private.verifying_key())
                        ),
                    );
                }
            }
            let reencoded = body_variants(input.body).into_iter().find(|(body, _)| {
                let signed = message(ts, body);
                keys.iter().flatten().any(|k| verifies(k, &signed, &sig))
            });
            if let Some((_, how)) = reencoded {
                v.finding(
                    "body_reencoded",
                    format!("the signature matches the body {how}: the body was changed on its way to you; verify the raw bytes as received"),
                );
            }
        }
    }
    match TimeFormat::UnixSeconds.parse(ts) {
        Ok(ts) => {
            if let Some(p) = Tolerance::NONE.overridden(input.tolerance).check(ts, input.now) {
                v.problem(p);
            }
        }
        Err(why) => v.problem(Problem::MalformedHeader { header: TS.into(), why }),
    }
    Ok(v.settle())
}
