//! A request head that could not be served: what was answered, and what the
//! bytes looked like, so `hook listen` can show a line for it instead of
//! refusing it unseen. The commonest cause gets its own words: a sender told
//! `https://` for a plain-HTTP port opens with a TLS handshake.

/// How much of an unreadable first line is kept for the screen.
const SHOWN_LINE: usize = 80;

/// A head answered with an error status, the connection then closed. The
/// words in `why` are for `hook listen`'s screen (the relay does not show them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The status answered (400, 408 or 431).
    pub status: u16,
    /// Why, in words for the screen.
    pub why: String,
    /// The method, when the first line starts with one (else empty).
    pub method: String,
    /// The request target, when the first line has one (else empty).
    pub target: String,
}

impl Refusal {
    /// A refusal for a reason that does not depend on the bytes (too slow, too large).
    pub fn plain(status: u16, why: &str, buffered: &[u8]) -> Refusal {
        let (method, target) = request_line(buffered);
        Refusal {
            status,
            why: why.to_string(),
            method,
            target,
        }
    }

    /// A 400 for bytes that do not parse as an HTTP/1.x request head:
    /// names TLS and HTTP/2 openings, and shows the start of anything else.
    pub fn unreadable(why: &str, buffered: &[u8]) -> Refusal {
        let why = if buffered.len() >= 2 && buffered[0] == 0x16 && buffered[1] == 0x03 {
            "a TLS handshake on this plain-HTTP port: the sender was given an https:// URL; \
             give it http://, or serve HTTPS (hook listen --tls)"
                .to_string()
        } else if buffered.starts_with(b"PRI * HTTP/2.0") {
            "an HTTP/2 request sent without negotiation: only HTTP/1.x is served here; \
             let the sender use HTTP/1.1"
                .to_string()
        } else {
            format!("{why}: it began {}", first_line(buffered))
        };
        let (method, target) = request_line(buffered);
        Refusal {
            status: 400,
            why,
            method,
            target,
        }
    }
}

/// The first line, up to [`SHOWN_LINE`] bytes, quoted with anything that is
/// not printable ASCII escaped (`\xff`, `\r`), so it is safe on a terminal.
fn first_line(buffered: &[u8]) -> String {
    let end = buffered
        .iter()
        .position(|&b| b == b'\n')
        .map_or(buffered.len(), |i| i + 1);
    let line = &buffered[..end.min(SHOWN_LINE)];
    let mut shown: String = line
        .iter()
        .flat_map(|&b| std::ascii::escape_default(b))
        .map(char::from)
        .collect();
    if end > SHOWN_LINE {
        shown.push('…');
    }
    format!("\"{shown}\"")
}

/// Method and target from a first line of the form `METHOD TARGET …`, each
/// kept only when it is printable ASCII; empty strings otherwise.
fn request_line(buffered: &[u8]) -> (String, String) {
    let end = buffered
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .unwrap_or(buffered.len());
    let mut words = buffered[..end].split(|&b| b == b' ');
    let printable = |w: &[u8]| w.iter().all(|b| b.is_ascii_graphic());
    let method = words
        .next()
        .filter(|m| !m.is_empty() && m.len() <= 16 && m.iter().all(u8::is_ascii_uppercase));
    let Some(method) = method else {
        return (String::new(), String::new());
    };
    let target = words
        .next()
        .filter(|t| printable(t) && t.len() <= 2048)
        .unwrap_or_default();
    (
        String::from_utf8_lossy(method).into_owned(),
        String::from_utf8_lossy(target).into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_and_http2_openings_are_named() {
        let tls = Refusal::unreadable("not an HTTP/1.x request", &[0x16, 0x03, 0x01, 0x02, 0x00]);
        assert!(tls.why.contains("TLS handshake"), "{}", tls.why);
        assert_eq!((tls.status, tls.method.as_str()), (400, ""));
        let h2 = Refusal::unreadable("x", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assert!(h2.why.contains("HTTP/2"), "{}", h2.why);
    }

    #[test]
    fn other_bytes_are_shown_escaped_and_cut() {
        let r = Refusal::unreadable(
            "not an HTTP/1.x request",
            b"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n",
        );
        assert_eq!(
            r.why,
            r#"not an HTTP/1.x request: it began "GET /caf\xc3\xa9 HTTP/1.1\r\n""#
        );
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", ""));
        let long = [b'A'; 200];
        let r = Refusal::unreadable("bad", &long);
        assert!(r.why.ends_with("…\""), "{}", r.why);
        assert_eq!(r.method, "", "a 200-letter word is not a method");
        let r = Refusal::plain(431, "too large", b"POST /hooks?x=1 HTTP/1.1\r\nA: b");
        assert_eq!((r.method.as_str(), r.target.as_str()), ("POST", "/hooks?x=1"));
    }
}
