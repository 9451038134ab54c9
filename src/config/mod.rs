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

mod listen;
mod replay;
mod tunnel;
pub use listen::{forward_target, listen, size};
pub use replay::replay;
pub use tunnel::{relay, tunnel};

/// Every secret from `--secret`, `HOOK_SECRET` and `--secret-file`, in that order.
pub fn secrets(args: &SecretArgs) -> anyhow::Result<Vec<Secret>> {
    let mut out: Vec<Secret> = args.secrets.iter().map(Secret::new).collect();
    if let Some(path) = &args.secret_file {
        let text = read_text(path, "--secret-file", "give a readable file with one secret per line")?;
        // One secret per line; the line end is never part of a secret.
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(Secret::new),
        );
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

/// Parse one `Name: value` header; `what` names it in errors (never the value, which may be a token).
pub fn header_line(line: &str, what: &str) -> anyhow::Result<(String, String)> {
    let (name, value) = line.split_once(':').ok_or_else(|| {
        hinted(
            format!("malformed header {what}: no ':' in it"),
            "write headers as 'Name: value'",
        )
    })?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(hinted(
            format!("malformed header {what}: the name is empty or has spaces"),
            "write headers as 'Name: value'",
        ));
    }
    Ok((name.to_string(), value.trim().to_string()))
}

/// Read a text file named by a flag, with a hint when it cannot be.
fn read_text(path: &Path, flag: &str, hint: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| hinted(format!("reading {flag} {}: {e}", path.display()), hint))
}

/// Headers from a `--headers-file` then `-H` flags; a `-H` replaces the
/// file's headers of the same name. Also the `url` of a `hook sign --format
/// json` file, if that is what the file holds.
pub fn headers(flags: &[String], file: Option<&Path>) -> anyhow::Result<(HeaderList, Option<String>)> {
    let mut list = HeaderList::new();
    let mut url = None;
    if let Some(path) = file {
        let text = read_text(path, "--headers-file", "give a file of 'Name: value' lines")?;
        let what = format!("in {}", path.display());
        list.0.extend(headers_text(&text, &what)?.0);
        url = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("url")?.as_str().map(String::from));
    }
    let from_file = list.len();
    let mut given = Vec::new();
    for (i, flag) in flags.iter().enumerate() {
        given.push(header_line(flag, &format!("-H #{}", i + 1))?);
    }
    let mut index = 0;
    list.0.retain(|(name, _)| {
        index += 1;
        index > from_file || !given.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    });
    list.0.extend(given);
    Ok((list, url))
}

/// Headers from text: `Name: value` lines (an HTTP request line first is
/// skipped, a blank line after headers ends them), or a JSON object such as
/// `hook sign --format json` prints.
pub fn headers_text(text: &str, what: &str) -> anyhow::Result<HeaderList> {
    if text.trim_start().starts_with('{') {
        return headers_json(text, what);
    }
    let mut list = HeaderList::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if list.is_empty() {
                continue;
            }
            break;
        }
        if n == 0 && line.contains(" HTTP/") {
            continue;
        }
        list.0.push(header_line(line, &format!("line {} {what}", n + 1))?);
    }
    Ok(list)
}

const JSON_HINT: &str =
    "give {\"headers\": {\"Name\": \"value\"}} as hook sign --format json prints it, or 'Name: value' lines";

fn headers_json(text: &str, what: &str) -> anyhow::Result<HeaderList> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| hinted(format!("parsing JSON headers {what}: {e}"), JSON_HINT))?;
    let object = value.get("headers").unwrap_or(&value);
    let mut list = HeaderList::new();
    match object {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                list.push(k.clone(), v.as_str().map(String::from).unwrap_or_else(|| v.to_string()));
            }
        }
        serde_json::Value::Array(pairs) => {
            for pair in pairs {
                match pair.as_array().map(Vec::as_slice) {
                    Some([serde_json::Value::String(k), serde_json::Value::String(v)]) => {
                        list.push(k.clone(), v.clone())
                    }
                    _ => {
                        return Err(hinted(
                            format!("headers {what}: expected [name, value] pairs"),
                            JSON_HINT,
                        ))
                    }
                }
            }
        }
        _ => {
            return Err(hinted(
                format!("headers {what}: expected an object of name to value"),
                JSON_HINT,
            ))
        }
    }
    Ok(list)
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

/// The scheme for `--provider`: a built-in one, the generic `hmac` built
/// from its flags, or (for `auto`) the one whose headers are present.
pub fn scheme(
    name: &str,
    generic: &GenericArgs,
    header: Option<&str>,
    request: Option<&HeaderList>,
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
    if name.eq_ignore_ascii_case("auto") {
        let Some(request) = request else {
            return Err(hinted(
                "--provider auto only works when verifying",
                "name the provider, e.g. --provider github (see hook providers)",
            ));
        };
        return signature::detect(request).ok_or_else(|| {
            hinted(
                "could not detect the provider: no known signature header is present",
                "pass --provider NAME (see hook providers), and check the headers reached hook (-H or --headers-file)",
            )
        });
    }
    scheme_by_name(name)
}

/// A built-in scheme by name, or an error listing the known ones.
pub fn scheme_by_name(name: &str) -> anyhow::Result<&'static dyn Scheme> {
    if name.eq_ignore_ascii_case("hmac") {
        return Err(hinted(
            "--provider hmac works with hook sign and hook verify only",
            "check generic HMAC signatures with hook verify --provider hmac --signature-header NAME …",
        ));
    }
    signature::find(name).ok_or_else(|| {
        hinted(
            format!("unknown provider {name:?}"),
            format!("known providers: {}", signature::names().join(", ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_and_request_heads() {
        let h = headers_text(
            "POST /hook HTTP/1.1\r\nHost: x\r\nX-A: 1: 2\r\n\r\nbody: not a header",
            "in t",
        )
        .unwrap();
        assert_eq!(h.0, vec![("Host".into(), "x".into()), ("X-A".into(), "1: 2".into())]);
        let err = header_line("sha256=abc", "-H #1").unwrap_err();
        assert!(err.to_string().contains("-H #1") && !err.to_string().contains("abc"));
    }

    #[test]
    fn json_headers_from_sign_output() {
        let h = headers_text(r#"{"provider":"x","headers":{"A":"1","B":"2"}}"#, "t").unwrap();
        assert_eq!(h.get("b"), Some("2"));
        let h = headers_text(r#"{"headers":[["A","1"],["a","2"]]}"#, "t").unwrap();
        assert_eq!(h.len(), 2);
        assert!(headers_text(r#"{"headers":[1]}"#, "t").is_err());
    }

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
