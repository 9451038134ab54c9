//! Parsed arguments turned into validated values: secrets, bodies, headers,
//! durations and the chosen scheme. Every error says what to do next.

use crate::cli::{GenericArgs, SecretArgs};
use crate::error::hinted;
use crate::model::HeaderList;
use crate::secret::Secret;
use crate::signature::{self, GenericHmac, Scheme};
use anyhow::Context;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::time::Duration;

pub mod env_flags;
pub mod file;
mod file_flags;
mod headers;
mod listen;
mod replay;
mod routes;
pub mod settings;
mod target;
mod tunnel;
pub use headers::{given_over, header_line, header_name, header_value, headers, headers_text, method};
pub use listen::{listen, listen_idle_flags, size};
pub use replay::{replay, replay_responses};
pub use routes::event_patterns;
pub use target::forward_target;
pub use tunnel::{relay, tunnel};

/// Every secret from `--secret`, `HOOK_SECRET` and `--secret-file`, in that order.
pub fn secrets(args: &SecretArgs) -> anyhow::Result<Vec<Secret>> {
    let mut out: Vec<Secret> = args.secrets.iter().map(Secret::new).collect();
    if let Some(path) = &args.secret_file {
        let text = read_text(path, "--secret-file", "give a readable file with one secret per line")?;
        // One secret per line; the line end is never part of a secret.
        let before = out.len();
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(Secret::new),
        );
        if out.len() == before {
            return Err(hinted(
                format!("--secret-file {} holds no secret", path.display()),
                "put one secret per line in it (lines starting with # are comments)",
            ));
        }
    }
    if out.is_empty() {
        return Err(hinted(
            "no secret given",
            "pass --secret SECRET, --secret-file FILE, or set HOOK_SECRET",
        ));
    }
    if out.iter().any(|s| s.expose().is_empty()) {
        return Err(hinted(
            "an empty secret was given",
            "check the value of --secret or HOOK_SECRET",
        ));
    }
    Ok(out)
}

/// The raw body bytes from a file, or from stdin for `-` or no file.
pub fn body(path: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    match path {
        Some(p) if p != Path::new("-") => std::fs::read(p).map_err(|e| {
            hinted(
                format!("reading body from {}: {e}", p.display()),
                "check the path, or pass - to read the body from stdin",
            )
        }),
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                return Err(hinted(
                    "no body given",
                    "pass a body FILE, or pipe the body in: echo -n '{}' | hook …",
                ));
            }
            let mut buf = Vec::new();
            stdin.lock().read_to_end(&mut buf).context("reading body from stdin")?;
            Ok(buf)
        }
    }
}

/// Read a text file named by a flag, with a hint when it cannot be.
fn read_text(path: &Path, flag: &str, hint: &str) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| hinted(format!("reading {flag} {}: {e}", path.display()), hint))?;
    // Editors on Windows start UTF-8 files with a byte-order mark; it is not
    // part of the first header name or secret.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// A duration as people write it: `300`, `300s`, `5m`, `1h 30m`, `500ms`.
pub fn duration(text: &str, flag: &str) -> anyhow::Result<Duration> {
    let t = text.trim();
    if let Ok(secs) = t.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(t).map_err(|_| {
        hinted(
            format!("{flag} {t:?} is not a duration"),
            "write durations like 30s, 5m, 500ms or 1h",
        )
    })
}

/// A duration that must not be zero: a zero timeout or heartbeat would fail
/// every request or link at once.
pub fn positive_duration(text: &str, flag: &str) -> anyhow::Result<Duration> {
    let d = duration(text, flag)?;
    if d.is_zero() {
        return Err(hinted(
            format!("{flag} must be more than zero"),
            format!("e.g. {flag} 10s"),
        ));
    }
    Ok(d)
}

/// The scheme for `--provider`: a built-in one, the generic `hmac` built
/// from its flags, or (for `auto`) the one whose headers are present.
pub fn scheme(
    name: &str,
    generic: &GenericArgs,
    header: Option<&str>,
    request: Option<(&HeaderList, &[u8])>,
) -> anyhow::Result<&'static dyn Scheme> {
    if name.eq_ignore_ascii_case("hmac") {
        let header = header.ok_or_else(|| {
            hinted(
                "--provider hmac needs the signature header's name",
                "add --header NAME to hook sign, or --signature-header NAME to hook verify",
            )
        })?;
        let scheme = GenericHmac {
            header: header.to_string(),
            algorithm: generic.algorithm,
            encoding: generic.encoding,
            prefix: generic.prefix.clone(),
            payload_template: generic.payload_template.clone(),
            timestamp_header: generic.timestamp_header.clone(),
            id_header: generic.id_header.clone(),
        }
        .into_scheme()?;
        // One scheme per process: leaking it gives it the same lifetime as the built-in ones.
        return Ok(Box::leak(Box::new(scheme)));
    }
    if header.is_some() || generic_flags_given(generic) {
        return Err(hinted(
            format!("the generic HMAC flags (--header, --signature-header, --algorithm, --encoding, --prefix, --payload-template, --timestamp-header, --id-header) apply to --provider hmac only, not {name}"),
            "drop them: a named provider signs its own way (see hook providers), or use --provider hmac",
        ));
    }
    if name.eq_ignore_ascii_case("auto") {
        let Some(request) = request else {
            return Err(hinted(
                "--provider auto only works when verifying",
                "name the provider, e.g. --provider github (see hook providers)",
            ));
        };
        return signature::detect_request(request.0, request.1).ok_or_else(|| {
            hinted(
                "could not detect the provider: no known signature header (or signed body) is present",
                "pass --provider NAME (see hook providers), and check the headers reached hook (-H or --headers-file)",
            )
        });
    }
    let also: &[&str] = if request.is_some() {
        &["hmac", "auto"]
    } else {
        &["hmac"]
    };
    scheme_by_name(name, also)
}

/// True when a generic HMAC flag differs from its default: with a named
/// provider it would silently do nothing.
fn generic_flags_given(g: &GenericArgs) -> bool {
    g.algorithm != crate::signature::mac::Algorithm::Sha256
        || g.encoding != crate::signature::mac::Encoding::Hex
        || !g.prefix.is_empty()
        || g.payload_template != "{body}"
        || g.timestamp_header.is_some()
        || g.id_header.is_some()
}

/// A built-in scheme by name, or an error listing the known ones and the
/// other names the command takes (`also`: `auto`, `hmac`).
pub fn scheme_by_name(name: &str, also: &[&str]) -> anyhow::Result<&'static dyn Scheme> {
    if name.eq_ignore_ascii_case("hmac") {
        return Err(hinted(
            "--provider hmac works with hook sign and hook verify only",
            "check generic HMAC signatures with hook verify --provider hmac --signature-header NAME …",
        ));
    }
    signature::find(name).ok_or_else(|| {
        hinted(
            format!("unknown provider {name:?}"),
            match near(name) {
                Some(close) => format!(
                    "did you mean {close}? known providers: {}",
                    known_names(also).join(", ")
                ),
                None => format!("known providers: {}", known_names(also).join(", ")),
            },
        )
    })
}

/// The built-in provider whose name is closest to a mistyped one.
fn near(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let close = signature::close_names(name).into_iter();
    close.min_by_key(|known| crate::error::distance(known, &lower))
}

/// Every built-in provider's name, then `also`.
fn known_names<'a>(also: &[&'a str]) -> Vec<&'a str> {
    let builtin = signature::names()
        .into_iter()
        .filter(|n| !matches!(*n, "hmac" | "auto"));
    builtin.chain(also.iter().copied()).collect()
}

/// The retry schedule `--retry …` or `--retry-schedule` gives; none when
/// neither is given.
pub fn retry_policy(args: &crate::cli::RetryArgs) -> anyhow::Result<crate::model::retry::RetryPolicy> {
    use crate::model::retry::RetryPolicy;
    Ok(match (&args.retry_schedule, args.retry) {
        (Some(list), _) => RetryPolicy {
            delays: list
                .split(',')
                .map(|d| duration(d, "--retry-schedule"))
                .collect::<anyhow::Result<_>>()?,
        },
        (None, Some(strategy)) => {
            // A zero base would make every retry at once, a burst no provider sends.
            let base = positive_duration(&args.retry_base, "--retry-base")?;
            RetryPolicy::from_strategy(strategy, base, args.retry_max)
        }
        (None, None) => RetryPolicy::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("300", "--t").unwrap(), Duration::from_secs(300));
        assert_eq!(duration("5m", "--t").unwrap(), Duration::from_secs(300));
        assert_eq!(duration("0", "--t").unwrap(), Duration::ZERO);
        assert!(duration("soon", "--t").is_err());
    }

    #[test]
    fn unknown_provider_lists_known_ones() {
        let g = GenericArgs {
            algorithm: crate::signature::mac::Algorithm::Sha256,
            encoding: crate::signature::mac::Encoding::Hex,
            prefix: String::new(),
            payload_template: "{body}".into(),
            timestamp_header: None,
            id_header: None,
        };
        let err = scheme("gitbub", &g, None, None).err().unwrap();
        assert!(crate::error::hint_of(&err).unwrap().contains("github"));
    }
}
