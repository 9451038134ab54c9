//! Verifying the template-HMAC shape, with reasons and diagnoses.

use super::diagnose::{self, Probe};
use super::hmac_carried::{read_signature, Carried};
use super::hmac_scheme::{usable_keys, HmacScheme, TimestampSource};
use super::mac::{same, Algorithm, Encoding};
use super::template::{describe_signed, expand, Parts};
use super::timestamp::TimeFormat;
use super::verdict::{Expected, Match, Problem, Verdict, Workings};
use super::VerifyInput;

/// Check one request against a template-HMAC scheme.
pub(super) fn verify(s: &HmacScheme, input: &VerifyInput) -> anyhow::Result<Verdict> {
    // Usage errors first, whatever the request holds: a missing --url, an unusable secret.
    if s.signs_url() && input.url.is_none() {
        return Err(super::url_required(s.name));
    }
    let (_, unusable) = usable_keys(s, input.secrets)?;
    let mut v = Verdict::new(s.name);
    for (i, why) in &unusable {
        v.secret_skipped(*i, &format!("it cannot be used for {}: {why}", s.name));
    }
    let carried = match read_signature(s, input, &mut v) {
        Some(c) => c,
        None => return Ok(v.settle()),
    };
    let ts = match timestamp_text(s, input, &carried) {
        Ok(ts) => ts,
        Err(p) => {
            v.problem(p);
            return Ok(v.settle());
        }
    };
    let id = match s.id {
        Some((header, _)) if s.payload.contains("{id}") => match input.headers.get(header) {
            Some(id) => id.to_string(),
            None => {
                v.problem(Problem::MissingHeader { header: header.into() });
                return Ok(v.settle());
            }
        },
        _ => String::new(),
    };
    let url = input.url.unwrap_or("");
    let decoded: Vec<Vec<u8>> = carried
        .signatures
        .iter()
        .filter_map(|sig| s.encoding.decode(sig))
        .collect();
    if decoded.is_empty() {
        let uppercase = s.encoding == Encoding::Hex && carried.signatures.iter().any(|sig| hex::decode(sig).is_ok());
        let why = if uppercase {
            format!(
                "the signature is hex in uppercase; {} sends lowercase, and receivers compare the text, so they reject it",
                s.title
            )
        } else {
            format!("the signature is not {}", s.encoding.label())
        };
        v.problem(Problem::MalformedHeader {
            header: carried.header.into(),
            why,
        });
        wrong_shape(s, input, &carried, &ts, &id, url, &mut v)?;
        return Ok(v.settle());
    }
    let parts = Parts {
        body: input.body,
        timestamp: &ts,
        id: &id,
        url,
    };
    let signed = expand(s.payload, &parts);
    // Each secret's MAC, kept for `-v`'s workings when none matches.
    let mut macs = Vec::with_capacity(input.secrets.len());
    for (i, secret) in input.secrets.iter().enumerate() {
        let Ok(key) = s.key.key(secret.expose()) else { continue };
        let mac = carried.algorithm.mac(&key, &[&signed]);
        let matched = decoded.iter().any(|d| same(d, &mac));
        macs.push((i, mac));
        if matched {
            v.matched = Some(Match {
                secret: i + 1,
                of: input.secrets.len(),
                header: carried.header.into(),
            });
            break;
        }
    }
    if let Some(m) = &v.matched {
        diagnose::note_match(&mut v.findings, &v.skipped, m);
        if carried.header != s.signature.header() {
            v.finding(
                "legacy_signature",
                format!(
                    "verified the legacy {} ({}); prefer {}",
                    carried.header,
                    carried.algorithm.label(),
                    s.signature.header()
                ),
            );
        }
    } else {
        v.problem(Problem::NoMatch {
            secrets: input.secrets.len(),
        });
        v.workings = Some(workings(s, &carried, &parts, &macs));
        let probe = Probe {
            provider: s.name,
            body: input.body,
            secrets: input.secrets,
            key_format: s.key,
            url: input.url,
            headers: input.headers,
        };
        let matches = |key: &[u8], body: &[u8], url: &str| {
            let mac = carried.algorithm.mac(
                key,
                &[&expand(
                    s.payload,
                    &Parts {
                        body,
                        timestamp: &ts,
                        id: &id,
                        url,
                    },
                )],
            );
            decoded.iter().any(|d| same(d, &mac))
        };
        diagnose::explain(&probe, &matches, &mut v.findings);
        wrong_shape(s, input, &carried, &ts, &id, url, &mut v)?;
    }
    if let Some((ts_value, format)) = parse_timestamp(s, &ts) {
        if let Some(p) = s.tolerance.overridden(input.tolerance).check(ts_value, input.now) {
            v.problem(p);
            if let Some(why) = format.unit_mixup(&ts, input.now) {
                v.finding("timestamp_unit", why);
            }
        }
    } else if let TimestampSource::BodyField { field, header, .. } = s.timestamp {
        // Not signed, so a request without it still matches: say that its age
        // went unchecked rather than pass it as fresh in silence.
        if s.tolerance.overridden(input.tolerance).window.is_some() {
            v.finding(
                "timestamp_unchecked",
                format!("no readable {field} in the body nor {header} header: the request's age was not checked"),
            );
        }
    }
    Ok(v.settle())
}

/// The timestamp text exactly as signed.
fn timestamp_text(s: &HmacScheme, input: &VerifyInput, carried: &Carried) -> Result<String, Problem> {
    match s.timestamp {
        TimestampSource::None => Ok(String::new()),
        TimestampSource::InSignature => Ok(carried.timestamp.clone().unwrap_or_default()),
        TimestampSource::Header(header, format) => {
            let text = input
                .headers
                .get(header)
                .ok_or_else(|| Problem::MissingHeader { header: header.into() })?;
            format.parse(text).map_err(|why| Problem::MalformedHeader {
                header: header.into(),
                why,
            })?;
            Ok(text.to_string())
        }
        TimestampSource::BodyField { field, header, .. } => {
            let from_body = serde_json::from_slice::<serde_json::Value>(input.body)
                .ok()
                // A number as Linear sends it, or the same digits as a string.
                .and_then(|b| {
                    b.get(field)
                        .map(|f| f.as_str().map_or_else(|| f.to_string(), String::from))
                });
            Ok(from_body
                .or_else(|| input.headers.get(header).map(String::from))
                .unwrap_or_default())
        }
    }
}

fn parse_timestamp(s: &HmacScheme, text: &str) -> Option<(i64, TimeFormat)> {
    let format = match s.timestamp {
        TimestampSource::None => return None,
        TimestampSource::InSignature => TimeFormat::UnixSeconds,
        TimestampSource::Header(_, f) | TimestampSource::BodyField { format: f, .. } => f,
    };
    format.parse(text).ok().map(|t| (t, format))
}

/// When nothing matched: was the MAC made with another algorithm or encoding?
fn wrong_shape(
    s: &HmacScheme,
    input: &VerifyInput,
    carried: &Carried,
    ts: &str,
    id: &str,
    url: &str,
    v: &mut Verdict,
) -> anyhow::Result<()> {
    let signed = expand(
        s.payload,
        &Parts {
            body: input.body,
            timestamp: ts,
            id,
            url,
        },
    );
    for secret in input.secrets {
        let Ok(key) = s.key.key(secret.expose()) else { continue };
        for alg in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
            let mac = alg.mac(&key, &[&signed]);
            for enc in [Encoding::Hex, Encoding::Base64] {
                if (alg, enc) == (carried.algorithm, s.encoding) {
                    continue;
                }
                if carried
                    .signatures
                    .iter()
                    .any(|sig| enc.decode(sig).is_some_and(|d| same(&d, &mac)))
                {
                    v.finding(
                        "wrong_algorithm",
                        format!(
                            "the signature is {} {} of the right bytes; {} sends {} {}",
                            alg.label(),
                            enc.label(),
                            s.name,
                            carried.algorithm.label(),
                            s.encoding.label()
                        ),
                    );
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// What each secret gives for the signed bytes, beside what was received.
fn workings(s: &HmacScheme, carried: &Carried, parts: &Parts, macs: &[(usize, Vec<u8>)]) -> Workings {
    let expected = macs.iter().map(|(i, mac)| Expected {
        secret: i + 1,
        signature: s.encoding.encode(mac),
    });
    Workings {
        signed: describe_signed(s.payload, parts),
        header: carried.header.to_string(),
        received: carried.signatures.clone(),
        expected: expected.collect(),
        public_key: false,
    }
}
