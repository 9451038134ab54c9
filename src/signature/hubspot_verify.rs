//! Checking a HubSpot request: whichever of v3 or v1/v2 it carries, with
//! the usual diagnoses and HubSpot's own likely mistakes (wrong method,
//! URI escapes, the version header).

use super::diagnose::{self, Probe};
use super::hubspot::{digest, doc_decoded, Message, Version, LEGACY, TOLERANCE, TS, V3, VERSION};
use super::mac::{same, KeyFormat};
use super::timestamp::TimeFormat;
use super::verdict::{Expected, Match, Problem, Verdict, Workings};
use super::VerifyInput;

/// Methods tried when the signature does not match the one given.
const METHODS: [&str; 5] = ["POST", "GET", "PUT", "PATCH", "DELETE"];

/// Which signature the request carries, and the header holding it; `Err`
/// is the problem when none can be read.
fn version(input: &VerifyInput, v: &mut Verdict) -> Result<(Version, &'static str), Problem> {
    if input.headers.contains(V3) {
        return Ok((Version::V3, V3));
    }
    if !input.headers.contains(LEGACY) {
        return Err(Problem::MissingHeader { header: V3.into() });
    }
    match input.headers.get(VERSION).map(str::trim) {
        Some(x) if x.eq_ignore_ascii_case("v1") => Ok((Version::V1, LEGACY)),
        Some(x) if x.eq_ignore_ascii_case("v2") => Ok((Version::V2, LEGACY)),
        None => {
            v.finding(
                "assumed_version",
                format!("no {VERSION} header: checked {LEGACY} as v1, the version HubSpot sends it as"),
            );
            Ok((Version::V1, LEGACY))
        }
        Some(other) => Err(Problem::MalformedHeader {
            header: VERSION.into(),
            why: format!("{other:?} is neither v1 nor v2"),
        }),
    }
}

/// Check a request against every secret.
pub(super) fn verify(input: &VerifyInput) -> anyhow::Result<Verdict> {
    let mut v = Verdict::new("hubspot");
    let (version, header) = match version(input, &mut v) {
        Ok(found) => found,
        Err(p) => {
            v.problem(p);
            return Ok(v.settle());
        }
    };
    let uri = match (version.signs_uri(), input.url) {
        (true, None) => return Err(super::url_required("hubspot")),
        (true, Some(u)) => u,
        (false, _) => "",
    };
    let timestamp = if version == Version::V3 {
        let Some(ts) = input.headers.get(TS) else {
            v.problem(Problem::MissingHeader { header: TS.into() });
            return Ok(v.settle());
        };
        if let Err(why) = TimeFormat::UnixMillis.parse(ts) {
            v.problem(Problem::MalformedHeader { header: TS.into(), why });
            return Ok(v.settle());
        }
        ts.trim()
    } else {
        ""
    };
    let raw = input.headers.get(header).unwrap_or_default().trim();
    let Some(given) = version.encoding().decode(raw) else {
        v.problem(Problem::MalformedHeader {
            header: header.into(),
            why: format!("a {} signature is {}", version.label(), version.encoding().label()),
        });
        return Ok(v.settle());
    };
    let check = |version: Version, key: &[u8], body: &[u8], method: &str, uri: &str| {
        let m = Message {
            method,
            uri,
            body,
            timestamp,
        };
        same(&given, &digest(version, key, &m))
    };
    let sent = Message {
        method: input.method,
        uri,
        body: input.body,
        timestamp,
    };
    // Each secret's digest, kept for `-v`'s workings when none matches.
    let mut digests = Vec::with_capacity(input.secrets.len());
    let found = input.secrets.iter().position(|s| {
        digests.push(digest(version, s.expose().as_bytes(), &sent));
        digests.last().is_some_and(|d| same(&given, d))
    });
    match found {
        Some(i) => {
            let m = Match {
                secret: i + 1,
                of: input.secrets.len(),
                header: header.into(),
            };
            diagnose::note_match(&mut v.findings, &v.skipped, &m);
            v.matched = Some(m);
        }
        None => {
            v.workings = Some(workings(version, header, raw, &sent, &digests));
            let probe = Probe::of("hubspot", input, KeyFormat::Utf8, version.signs_uri().then_some(uri));
            let matches = |key: &[u8], body: &[u8], uri: &str| check(version, key, body, input.method, uri);
            diagnose::no_match(&mut v, &probe, &matches);
            explain_hubspot(input, version, uri, &check, &mut v);
        }
    }
    if version == Version::V3 {
        if let Ok(ts) = TimeFormat::UnixMillis.parse(timestamp) {
            if let Some(p) = TOLERANCE.overridden(input.tolerance).check(ts, input.now) {
                v.problem(p);
            }
        }
    }
    Ok(v.settle())
}

/// What the version signs, described without the secret v1 and v2 hash
/// with the rest, and each secret's signature.
fn workings(version: Version, header: &str, received: &str, m: &Message, digests: &[Vec<u8>]) -> Workings {
    let body = format!("body ({} bytes)", m.body.len());
    let text = |t: &str| format!("{t:?}");
    let signed = match version {
        Version::V1 => format!("client secret + {body}"),
        Version::V2 => format!("client secret + {} + {} + {body}", text(m.method), text(m.uri)),
        Version::V3 => format!(
            "{} + {body} + {}",
            text(&format!("{}{}", m.method, m.uri)),
            text(m.timestamp)
        ),
    };
    let expected = digests.iter().enumerate().map(|(i, d)| Expected {
        secret: i + 1,
        signature: version.encoding().encode(d),
    });
    Workings {
        signed,
        header: header.into(),
        received: vec![received.to_string()],
        expected: expected.collect(),
        public_key: false,
    }
}

/// Recomputes one version's signature: key, body, method, URI.
type Check<'a> = dyn Fn(Version, &[u8], &[u8], &str, &str) -> bool + 'a;

/// HubSpot's own likely mistakes: another method, the URI with the escapes
/// its docs decode, the other legacy version.
fn explain_hubspot(input: &VerifyInput, version: Version, uri: &str, check: &Check, v: &mut Verdict) {
    let any_key = |f: &dyn Fn(&[u8]) -> bool| input.secrets.iter().any(|s| f(s.expose().as_bytes()));
    if version.signs_uri() {
        let method = METHODS
            .iter()
            .find(|m| !m.eq_ignore_ascii_case(input.method) && any_key(&|k| check(version, k, input.body, m, uri)));
        if let Some(m) = method {
            v.finding(
                "method_differs",
                format!(
                    "the signature matches the method {m}, not {}: pass --method {m}",
                    input.method
                ),
            );
        }
        let decoded = doc_decoded(uri);
        if decoded != uri && any_key(&|k| check(version, k, input.body, input.method, &decoded)) {
            v.finding(
                "url_differs",
                format!(
                    "the signature matches the URI with its %-escapes decoded ({decoded}), as HubSpot's docs describe; \
                     the official hubspot-api-client signs the URI as given, so it rejects this request too"
                ),
            );
        }
    }
    let other = match version {
        Version::V1 => Some(Version::V2),
        Version::V2 => Some(Version::V1),
        Version::V3 => None,
    };
    if let Some(other) = other.filter(|o| !o.signs_uri() || input.url.is_some()) {
        let uri = input.url.unwrap_or("");
        if any_key(&|k| check(other, k, input.body, input.method, uri)) {
            v.finding(
                "wrong_version",
                format!(
                    "the signature is a {} one, but {VERSION} says {}",
                    other.label(),
                    version.label()
                ),
            );
        }
    }
}
