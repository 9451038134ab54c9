//! Request headers given on the command line (`-H`), in a file, or piped:
//! header lines, a raw HTTP request head, or `hook sign --json` output.

use super::read_text;
use crate::error::hinted;
use crate::model::{is_field_name, is_field_value, HeaderList};
use std::path::Path;

/// Parse one `Name: value` header; `what` names it in errors (never the value, which may be a token).
pub fn header_line(line: &str, what: &str) -> anyhow::Result<(String, String)> {
    let (name, value) = line.split_once(':').ok_or_else(|| {
        hinted(
            format!("malformed header {what}: no ':' in it"),
            "write headers as 'Name: value'",
        )
    })?;
    let (name, value) = (name.trim(), value.trim());
    header_name(name, what)?;
    // The name, never the value, which may be a token.
    header_value(value, &format!("{what} ({name})"))?;
    Ok((name.to_string(), value.to_string()))
}

/// Refuse a header name that is not an HTTP token; `what` names where it was
/// given. The name is not repeated: a mistyped line can put a token before
/// the first ':' (`-H 'Authorization Bearer …: x'`); where it goes wrong is.
pub fn header_name(name: &str, what: &str) -> anyhow::Result<()> {
    if is_field_name(name) {
        return Ok(());
    }
    let wrong = match name
        .char_indices()
        .find(|&(_, c)| !is_field_name(c.encode_utf8(&mut [0; 4])))
    {
        None => "is empty".to_string(),
        Some((at, c)) => {
            let which = match c {
                ' ' => "a space".to_string(),
                c if c.is_ascii_graphic() => format!("{c:?}"),
                c => format!("U+{:04X}", c as u32),
            };
            let place = name[..at].chars().count() + 1;
            format!("has {which} at character {place}, which a header name cannot have")
        }
    };
    Err(hinted(
        format!("malformed header {what}: its name {wrong}"),
        "write 'Name: value'; header names are letters, digits and !#$%&'*+-.^_`|~, e.g. X-Request-Id",
    ))
}

/// Refuse a header value holding CR, LF or another control character: sent, a line break would end
/// the header and start another (`--event $'push\r\nX-Injected: 1'`).
/// `what` names the flag; the value is not repeated, as it may be a secret.
pub fn header_value(value: &str, what: &str) -> anyhow::Result<()> {
    if is_field_value(value) {
        return Ok(());
    }
    Err(hinted(
        format!("malformed header value in {what}: it holds a line break (CR or LF) or another control character"),
        "give the value on one line with no control character (a tab is fine); a line break would start another header",
    ))
}

/// Refuse a `--method` that is not an HTTP method token (`POST`, `GET`, …):
/// it is signed by some providers and sent on the request line.
pub fn method(method: &str, what: &str) -> anyhow::Result<()> {
    if !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(());
    }
    Err(hinted(
        format!("{what} {method:?} is not an HTTP method"),
        "give a method such as POST, PUT or GET",
    ))
}

/// `-H` of `hook listen` and `hook tunnel`: headers added to each forwarded
/// request. Errors name the flag by position, never the value.
pub fn added(flags: &[String]) -> anyhow::Result<crate::model::added_headers::AddedHeaders> {
    let pairs = flags
        .iter()
        .enumerate()
        .map(|(i, h)| header_line(h, &format!("-H #{}", i + 1)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(crate::model::added_headers::AddedHeaders::new(pairs))
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
    Ok((given_over(list, flags)?, url))
}

/// `base` with the `-H` flags added; a `-H` replaces `base`'s headers of the same name.
pub fn given_over(mut base: HeaderList, flags: &[String]) -> anyhow::Result<HeaderList> {
    let from_base = base.len();
    let mut given = Vec::new();
    for (i, flag) in flags.iter().enumerate() {
        given.push(header_line(flag, &format!("-H #{}", i + 1))?);
    }
    let mut index = 0;
    base.0.retain(|(name, _)| {
        index += 1;
        index > from_base || !given.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    });
    base.0.extend(given);
    Ok(base)
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
    // The same rules as 'Name: value' lines: no header a provider sends breaks them.
    for (name, value) in &list.0 {
        header_name(name, what)?;
        header_value(value, &format!("{what} ({name})"))?;
    }
    Ok(list)
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
        let err = header_line("X-A: s3cr3t\r\nInjected: 1", "-H #2").unwrap_err();
        assert!(err.to_string().contains("-H #2 (X-A)") && !err.to_string().contains("s3cr3t"));
        assert!(header_line("X A: 1", "-H #3").is_err() && header_line("X(A): 1", "-H #3").is_err());
        assert_eq!(
            header_line("X-A: 1\r\n", "-H #4").unwrap().1,
            "1",
            "a trailing CRLF is trimmed"
        );
    }

    #[test]
    fn json_headers_from_sign_output() {
        let h = headers_text(r#"{"provider":"x","headers":{"A":"1","B":"2"}}"#, "t").unwrap();
        assert_eq!(h.get("b"), Some("2"));
        let h = headers_text(r#"{"headers":[["A","1"],["a","2"]]}"#, "t").unwrap();
        assert_eq!(h.len(), 2);
        assert!(headers_text(r#"{"headers":[1]}"#, "t").is_err());
        let broken = headers_text(r#"{"headers":{"X-A":"s3cret\r\nX-B: 1"}}"#, "in f.json").unwrap_err();
        let shown = format!("{broken:#}");
        assert!(
            shown.contains("line break") && shown.contains("X-A") && !shown.contains("s3cret"),
            "{shown}"
        );
        assert!(headers_text(r#"{"headers":[["Bad Name","1"]]}"#, "t").is_err());
    }
}
