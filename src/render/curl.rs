//! Requests as curl commands for a POSIX shell (`| sh`) that send exactly the
//! bytes hook would: any body, of any size, and any header value, UTF-8 or
//! not, arrives unchanged.

use std::fmt::Write as _;

/// Where a command's body comes from.
pub enum Data<'a> {
    /// A file curl reads (`--data-binary @FILE`).
    File(&'a str),
    /// The bytes themselves, written into the command.
    Bytes(&'a [u8]),
}

/// The largest body given to curl as an argument. Linux refuses any one
/// argument over 128 KiB; a larger body is piped in by the shell's own
/// `printf`, which runs no program and so has no such limit.
const ARGUMENT_MAX: usize = 64 * 1024;

/// The request target hook sends for an absolute URL, as the client splits
/// it ([`split_url`](crate::http::outgoing::split_url): never normalised, so
/// dot segments stay and nothing is percent-encoded); `/` for a URL it refuses.
fn target_of(url: &str) -> String {
    crate::http::outgoing::split_url(url).map_or_else(|_| "/".to_string(), |(_, target)| target)
}

/// Whether a request target's path has a `.` or `..` segment.
fn has_dot_segment(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    path.split('/').any(|segment| segment == "." || segment == "..")
}

/// `curl -sS -X METHOD 'URL' -H … --data-binary …`, one option per line.
/// `-sS`: no progress meter (curl draws one when its output is not a
/// terminal), errors still shown. The body is inlined as text when it is
/// text curl takes literally; otherwise (binary, a NUL, a leading `@` that
/// curl would read as a file name, or too long) `printf` pipes it in.
pub fn command<'h>(method: &str, url: &str, headers: impl Iterator<Item = (&'h str, &'h [u8])>, data: Data) -> String {
    let mut cmd = String::new();
    let argument = match data {
        Data::File(file) => Some(quote(&format!("@{file}"))),
        Data::Bytes(b) if b.is_empty() && matches!(method, "GET" | "HEAD") => None,
        Data::Bytes(b) => match std::str::from_utf8(b) {
            Ok(text) if b.len() <= ARGUMENT_MAX && !text.contains('\0') && !text.starts_with('@') => Some(quote(text)),
            Ok(text) if !text.contains('\0') => {
                let _ = write!(cmd, "printf '%s' {} | ", quote(text));
                Some("@-".to_string())
            }
            _ => {
                let _ = write!(cmd, "printf '%b' '{}' | ", escaped(b));
                Some("@-".to_string())
            }
        },
    };
    // curl removes `.` and `..` segments from a path as browsers do; the
    // request hook would send keeps them, so curl is told to as well.
    let as_is = if has_dot_segment(&target_of(url)) {
        " --path-as-is"
    } else {
        ""
    };
    let _ = write!(cmd, "curl -sS{as_is} -X {method} {}", quote(url));
    let mut given = Vec::new();
    for (name, value) in headers {
        let _ = write!(cmd, " \\\n  -H {}", header(name, value));
        given.push(name);
    }
    // curl adds these of its own; `-H 'Name:'` stops it, so only the
    // request's headers go out (a form Content-Type only comes with a body).
    for own in ["User-Agent", "Accept", "Content-Type"] {
        let applies = argument.is_some() || own != "Content-Type";
        if applies && !given.iter().any(|name| name.eq_ignore_ascii_case(own)) {
            let _ = write!(cmd, " \\\n  -H '{own}:'");
        }
    }
    if let Some(arg) = argument {
        let _ = write!(cmd, " \\\n  --data-binary {arg}");
    }
    cmd
}

/// Quote for a POSIX shell: single quotes, with `'` written as `'\''`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `Name: value` as one shell word. A value that is not UTF-8 cannot be
/// written into a command as text: its text runs are single-quoted and its
/// other bytes made by `"$(printf '%b' '\0351')"` right against them, which
/// any POSIX sh runs (bash's `$'\xe9'` is not in every sh). The output of
/// `$(…)` loses trailing newlines, but a header value holds none.
fn header(name: &str, value: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(value) {
        return quote(&format!("{name}: {text}"));
    }
    // Runs of text, and of bytes that are not UTF-8, each written as one piece.
    let (mut word, mut text, mut made) = (String::new(), format!("{name}: "), Vec::new());
    let printf = |made: &[u8]| format!("\"$(printf '%b' '{}')\"", escaped(made));
    for chunk in value.utf8_chunks() {
        if !chunk.valid().is_empty() && !made.is_empty() {
            word.push_str(&printf(&made));
            made.clear();
        }
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() && !text.is_empty() {
            word.push_str(&quote(&text));
            text.clear();
        }
        made.extend_from_slice(chunk.invalid());
    }
    if !text.is_empty() {
        word.push_str(&quote(&text));
    }
    if !made.is_empty() {
        word.push_str(&printf(&made));
    }
    word
}

/// Bytes as a `printf %b` argument inside single quotes: printable ASCII as
/// is (a backslash doubled, a quote closed and reopened), every other byte
/// as `\0` and three octal digits, the one escape every shell's printf reads.
fn escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match b {
            b'\\' => out.push_str(r"\\"),
            b'\'' => out.push_str(r"'\''"),
            b' '..=b'~' => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\0{b:03o}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(method: &str, body: &[u8]) -> String {
        command(
            method,
            "http://x/",
            [("X-A", &b"it's"[..])].into_iter(),
            Data::Bytes(body),
        )
    }

    #[test]
    fn text_is_inlined_with_quotes_escaped() {
        assert_eq!(
            cmd("POST", b"{'a'}"),
            "curl -sS -X POST 'http://x/' \\\n  -H 'X-A: it'\\''s' \\\n  -H 'User-Agent:' \\\n  -H 'Accept:' \\\n  \
             -H 'Content-Type:' \\\n  --data-binary '{'\\''a'\\''}'"
        );
    }

    #[test]
    fn bodies_curl_would_misread_are_piped() {
        // A leading @ would make curl read a file of that name.
        assert!(cmd("POST", b"@channel hi").starts_with("printf '%s' '@channel hi' | curl -sS"));
        let binary = cmd("POST", b"\x00\xff\\'a\n");
        assert!(
            binary.starts_with(r"printf '%b' '\0000\0377\\'\''a\0012' | curl"),
            "{binary}"
        );
        assert!(binary.ends_with("--data-binary @-"), "{binary}");
        let long = "x".repeat(ARGUMENT_MAX + 1);
        assert!(cmd("POST", long.as_bytes()).starts_with("printf '%s' 'xxx"));
    }

    #[test]
    fn an_empty_get_sends_no_body_and_a_file_is_read_by_curl() {
        assert!(!cmd("GET", b"").contains("--data-binary"));
        assert!(cmd("POST", b"").ends_with("--data-binary ''"));
        let file = command("POST", "http://x/", std::iter::empty(), Data::File("it's.json"));
        assert!(file.ends_with(" \\\n  --data-binary '@it'\\''s.json'"), "{file}");
        // curl's own headers are stopped only where the request has none.
        let given = command(
            "POST",
            "http://x/",
            [("accept", &b"a/b"[..])].into_iter(),
            Data::File("f"),
        );
        assert!(
            !given.contains("'Accept:'") && given.contains("'User-Agent:'"),
            "{given}"
        );
        assert!(!cmd("GET", b"").contains("'Content-Type:'"));
    }

    #[test]
    fn a_header_value_that_is_not_utf8_is_made_by_printf() {
        assert_eq!(
            header("X-Latin", b"caf\xe9"),
            r#"'X-Latin: caf'"$(printf '%b' '\0351')""#
        );
        assert_eq!(
            header("X", b"\xff\xfe it's \xe9"),
            r#"'X: '"$(printf '%b' '\0377\0376')"' it'\''s '"$(printf '%b' '\0351')""#
        );
        assert_eq!(header("X", "caf\u{e9}".as_bytes()), "'X: caf\u{e9}'");
    }

    #[test]
    fn a_path_with_dot_segments_is_sent_as_is() {
        assert_eq!(target_of("http://[::1]:9/a/../b?q=/./"), "/a/../b?q=/./");
        assert_eq!(target_of("https://x"), "/");
        let dots = command("POST", "http://x/a/./b", std::iter::empty(), Data::File("f"));
        assert!(dots.starts_with("curl -sS --path-as-is -X POST"), "{dots}");
        // Dots in the query or inside a segment are not segments: no flag.
        let plain = command("POST", "http://x/a.b/..c?d=/../", std::iter::empty(), Data::File("f"));
        assert!(plain.starts_with("curl -sS -X POST"), "{plain}");
    }
}
