//! §15 Mailgun: the signature travels in the body, not a header:
//! `signature.{timestamp, token, signature}` in a JSON body (or the form
//! fields `timestamp`, `token`, `signature` of a legacy webhook), with
//! `signature = hex(HMAC-SHA256(signing key, timestamp || token))`.
//! It covers neither the event nor anything else in the body.

use super::describe::{describe_with, form_value, BodyFields, Described};
use super::diagnose::{self, Probe};
use super::mac::{same, Algorithm, Encoding, KeyFormat};
use super::timestamp::{TimeFormat, Tolerance};
use super::verdict::{Expected, Match, Problem, Verdict, Workings};
use super::{Info, Scheme, SignInput, Signed, VerifyInput};
use crate::error::hinted;
use crate::model::HeaderList;
use serde_json::{json, Map, Value};

/// The body fields that carry the signature, as messages name them.
const FIELDS: &str = "signature.timestamp, signature.token, signature.signature";
/// Mailgun's tokens are 50 random characters.
const TOKEN_LEN: usize = 50;

/// Mailgun's webhook signatures.
pub struct Mailgun;

/// Where the signature fields were found, and their values.
struct Carried {
    /// How messages name a field: `signature.token` (JSON) or `token` (form).
    prefix: &'static str,
    timestamp: Option<String>,
    token: Option<String>,
    signature: Option<String>,
}

/// The signature fields of a body: the JSON `signature` object, or a form's fields.
fn carried(body: &[u8]) -> Option<Carried> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(String::from);
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => {
            let sig = map.get("signature");
            Some(Carried {
                prefix: "signature.",
                timestamp: text(sig.and_then(|s| s.get("timestamp"))),
                token: text(sig.and_then(|s| s.get("token"))),
                signature: text(sig.and_then(|s| s.get("signature"))),
            })
        }
        Ok(_) => None,
        Err(_) => form_value(body).map(|form| Carried {
            prefix: "",
            timestamp: text(form.get("timestamp")),
            token: text(form.get("token")),
            signature: text(form.get("signature")),
        }),
    }
}

/// The signature fields a form repeats with values that differ, and how
/// many times: receivers differ on which one they read. Looked for only
/// when verifying, not each time a body is checked for being Mailgun's.
fn repeated_fields(body: &[u8]) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    for name in ["timestamp", "token", "signature"] {
        let values: Vec<_> = form_urlencoded::parse(body)
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect();
        if values.iter().any(|v| *v != values[0]) {
            out.push((name, values.len()));
        }
    }
    out
}

fn mac(key: &[u8], timestamp: &str, token: &str) -> Vec<u8> {
    Algorithm::Sha256.mac(key, &[timestamp.as_bytes(), token.as_bytes()])
}

/// The body with its signature fields set, in place where they already are.
fn rewrite(body: &[u8], fields: [(&str, &str); 3]) -> anyhow::Result<Vec<u8>> {
    // A form piped in with `echo` ends in a newline; the rewritten body is made anew anyway.
    let body = body.trim_ascii_end();
    let empty = body.iter().all(u8::is_ascii_whitespace);
    match serde_json::from_slice::<Value>(body) {
        _ if empty => rewrite(b"{}", fields),
        Ok(Value::Object(mut map)) => {
            let object: Map<String, Value> = fields.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
            map.insert("signature".into(), Value::Object(object));
            Ok(serde_json::to_vec(&Value::Object(map))?)
        }
        Err(_) if form_value(body).is_some() => {
            let mut pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
            for (name, value) in fields {
                // Set the first and drop any repeat: receivers differ on which
                // of a repeated field they read (hook's verify takes the last).
                let mut seen = false;
                pairs.retain_mut(|(k, v)| {
                    let repeat = k == name && seen;
                    if k == name && !seen {
                        *v = value.to_string();
                        seen = true;
                    }
                    !repeat
                });
                if !seen {
                    pairs.push((name.to_string(), value.to_string()));
                }
            }
            Ok(form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish()
                .into_bytes())
        }
        _ => Err(hinted(
            "mailgun signs inside the body, and this body is neither a JSON object nor a form",
            "give a Mailgun webhook body: a JSON object with \"event-data\" (or legacy form fields)",
        )),
    }
}

impl Scheme for Mailgun {
    fn name(&self) -> &str {
        "mailgun"
    }

    fn info(&self) -> Info {
        Info {
            name: "mailgun".into(),
            title: "Mailgun".into(),
            headers: vec![format!(
                "none: body fields {FIELDS} (legacy forms: timestamp, token, signature)"
            )],
            signs: "timestamp || token (not the event: the rest of the body is unsigned)".into(),
            algorithm: "HMAC-SHA256 hex".into(),
            tolerance: Tolerance::NONE.label(),
            secret: "webhook signing key as UTF-8".into(),
        }
    }

    fn detect(&self, _headers: &HeaderList) -> bool {
        false
    }

    fn detect_body(&self, body: &[u8]) -> bool {
        // Most bodies never mention a signature: skip parsing those (memchr's
        // search, as this runs on every request no header names a provider).
        memchr::memmem::find(body, b"signature").is_some()
            && carried(body).is_some_and(|c| c.signature.is_some_and(|s| !s.is_empty()) && c.token.is_some())
    }

    fn recognises_body(&self, body: &[u8]) -> bool {
        // The signature fields present but empty, as in an unsigned delivery.
        memchr::memmem::find(body, b"token").is_some()
            && carried(body).is_some_and(|c| c.token.is_some() && c.timestamp.is_some())
    }

    fn signs_body(&self) -> bool {
        false
    }

    fn signature_headers(&self) -> Vec<&'static str> {
        Vec::new()
    }

    fn describe(&self, headers: &HeaderList, body: &super::body_view::BodyView) -> Described {
        let fields = BodyFields {
            event: &["/event-data/event", "/event"],
            action: false,
            id: &["/event-data/id"],
        };
        describe_with(headers, body, None, None, fields)
    }

    fn sign(&self, input: &SignInput) -> anyhow::Result<Signed> {
        use rand::distributions::{Alphanumeric, DistString};
        let key = super::first_secret(input)?.expose().as_bytes();
        let mut signed = Signed::default();
        if input.secrets.len() > 1 {
            signed
                .notes
                .push("mailgun sends one signature: signed with the first secret only".into());
        }
        let timestamp = input.timestamp.to_string();
        // The token is Mailgun's per-delivery nonce: --id pins it.
        let token = match input.id {
            Some(id) => id.to_string(),
            None => Alphanumeric
                .sample_string(&mut rand::thread_rng(), TOKEN_LEN)
                .to_lowercase(),
        };
        let signature = Encoding::Hex.encode(&mac(key, &timestamp, &token));
        let fields = [
            ("timestamp", &*timestamp),
            ("token", &*token),
            ("signature", &*signature),
        ];
        signed.body = Some(rewrite(input.body, fields)?);
        Ok(signed)
    }

    fn verify(&self, input: &VerifyInput) -> anyhow::Result<Verdict> {
        let mut v = Verdict::new("mailgun");
        let Some(c) = carried(input.body) else {
            v.problem(Problem::MissingField { field: FIELDS.into() });
            return Ok(v.settle());
        };
        let repeated = if c.prefix.is_empty() {
            repeated_fields(input.body)
        } else {
            Vec::new()
        };
        for (name, times) in &repeated {
            v.finding(
                "repeated_field",
                format!("the form gives {name} {times} times with different values: hook checked the last; receivers differ on which one they read, so check which yours takes"),
            );
        }
        let missing = |name: &str| Problem::MissingField {
            field: format!("{}{name}", c.prefix),
        };
        let (timestamp, token, given) = match (&c.timestamp, &c.token, &c.signature) {
            (Some(ts), Some(token), Some(sig)) => (ts, token, sig),
            (None, ..) => return Ok(with(v, missing("timestamp"))),
            (_, None, _) => return Ok(with(v, missing("token"))),
            (.., None) => return Ok(with(v, missing("signature"))),
        };
        let Some(given) = Encoding::Hex.decode(given.trim()) else {
            let why = "expected lowercase hex (64 characters)".to_string();
            let field = format!("{}signature", c.prefix);
            return Ok(with(v, Problem::MalformedField { field, why }));
        };
        // Each secret's MAC, kept for `-v`'s workings when none matches.
        let mut macs = Vec::with_capacity(input.secrets.len());
        let found = input.secrets.iter().position(|s| {
            macs.push(mac(s.expose().as_bytes(), timestamp, token));
            macs.last().is_some_and(|m| same(&given, m))
        });
        match found {
            Some(i) => {
                let m = Match {
                    secret: i + 1,
                    of: input.secrets.len(),
                    header: format!("{}signature", c.prefix),
                };
                diagnose::note_match(&mut v.findings, &v.skipped, &m);
                v.matched = Some(m);
            }
            None => {
                let expected = macs.iter().enumerate().map(|(i, m)| Expected {
                    secret: i + 1,
                    signature: Encoding::Hex.encode(m),
                });
                v.workings = Some(Workings {
                    signed: Workings::quoted(format!("{timestamp}{token}").as_bytes()),
                    header: format!("{}signature", c.prefix),
                    received: vec![c.signature.clone().unwrap_or_default()],
                    expected: expected.collect(),
                    public_key: false,
                });
                let probe = Probe::of("mailgun", input, KeyFormat::Utf8, None);
                let matches = |key: &[u8], _: &[u8], _: &str| same(&given, &mac(key, timestamp, token));
                diagnose::no_match(&mut v, &probe, &matches);
            }
        }
        match TimeFormat::UnixSeconds.parse(timestamp) {
            Ok(ts) => {
                if let Some(p) = Tolerance::NONE.overridden(input.tolerance).check(ts, input.now) {
                    v.problem(p);
                }
            }
            Err(why) => v.problem(Problem::MalformedField {
                field: format!("{}timestamp", c.prefix),
                why,
            }),
        }
        Ok(v.settle())
    }
}

/// The verdict with one more problem, settled.
fn with(mut v: Verdict, p: Problem) -> Verdict {
    v.problem(p);
    v.settle()
}
