//! Requests as curl commands for a POSIX shell (`| sh`) that send exactly the
//! bytes hook would: any body, of any size, arrives unchanged.

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
pub fn command<'h>(method: &str, url: &str, headers: impl Iterator<Item = (&'h str, &'h str)>, data: Data) -> String {
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
        let _ = write!(cmd, " \\\n  -H {}", quote(&format!("{name}: {value}")));
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
        command(method, "http://x/", [("X-A", "it's")].into_iter(), Data::Bytes(body))
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
        let given = command("POST", "http://x/", [("accept", "a/b")].into_iter(), Data::File("f"));
        assert!(
            !given.contains("'Accept:'") && given.contains("'User-Agent:'"),
            "{given}"
        );
        assert!(!cmd("GET", b"").contains("'Content-Type:'"));
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
