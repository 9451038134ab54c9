//! Text from the network made safe to show on a terminal.
//!
//! A webhook's body, headers, path, event name and delivery id come from
//! whoever can reach the URL. Written raw, a control character in them is
//! an instruction to the terminal: a carriage return lets a request rewrite
//! its own line (`invalid` overwritten by `valid`), and escape sequences can
//! move the cursor, hide text or set the window title. So every control
//! character in such text is shown as an escape (`\x1b`, `\u{9b}`) instead.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character but tab written as a visible escape
/// (`\r` as `\x0d`). Borrowed, with no copy, when there is none.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !maybe_control(text, false) || !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push(&mut out, c);
    }
    Cow::Owned(out)
}

/// A whole line as hook is about to print it: the same as [`safe`], except
/// that newlines stay and so do the colour codes hook writes itself (SGR
/// sequences, `ESC [ digits ; m`) when `colour` is on. A last guard for text
/// that reached a line without going through [`safe`].
pub fn line(text: &str, colour: bool) -> Cow<'_, str> {
    let bare = |c: char| c != '\n' && escaped(c);
    if !maybe_control(text, true) || !text.chars().any(bare) || colour && only_colour_codes(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if colour && c == '\x1b' {
            if let Some(len) = sgr_len(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if c == '\n' {
            out.push(c);
        } else {
            push(&mut out, c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// A quick look at the bytes, false when `text` surely has no character to
/// escape: C0 controls and DEL are single bytes, and C1 controls (U+0080 to
/// U+009F) are UTF-8 `C2 80` to `C2 9F`, so a text with none of those bytes
/// (and no `C2` at all) is clean. Bodies are most of what is shown, and this
/// costs a byte compare where decoding every character costs more.
fn maybe_control(text: &str, newline_ok: bool) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\t' && !(newline_ok && b == b'\n')) || b == 0x7f || b == 0xc2)
}

/// True for the characters shown escaped: C0 controls but tab, DEL, C1 controls.
fn escaped(c: char) -> bool {
    c.is_control() && c != '\t'
}

fn push(out: &mut String, c: char) {
    if !escaped(c) {
        out.push(c);
    } else if (c as u32) < 0x80 {
        let _ = write!(out, "\\x{:02x}", c as u32);
    } else {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    }
}

/// True when every control character in `text` is a newline or the start
/// of an SGR sequence.
fn only_colour_codes(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c != '\n' && escaped(c)) {
        match sgr_len(&rest[at..]) {
            Some(len) => rest = &rest[at + len..],
            None => return false,
        }
    }
    true
}

/// The length of the SGR sequence (`ESC [ 0-9 ; … m`) `text` starts with.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\x1b[")?;
    let params = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_clean_text_is_not_copied() {
        assert!(matches!(safe("push\tplain ünï"), Cow::Borrowed(_)));
        assert_eq!(
            safe("a\rb\x1b]0;t\x07\u{9b}2J\x7f\n"),
            "a\\x0db\\x1b]0;t\\x07\\u{9b}2J\\x7f\\x0a"
        );
    }

    #[test]
    fn a_line_keeps_hooks_colour_codes_only_when_colouring() {
        let ours = "\x1b[1;32mvalid\x1b[0m  id 1";
        assert!(matches!(line(ours, true), Cow::Borrowed(_)));
        assert_eq!(line(ours, false), "\\x1b[1;32mvalid\\x1b[0m  id 1");
        assert_eq!(
            line("\x1b[31mx\x1b[0m\rvalid\x1b]0;t\x07", true),
            "\x1b[31mx\x1b[0m\\x0dvalid\\x1b]0;t\\x07"
        );
        assert_eq!(line("two\nlines", false), "two\nlines");
    }
}
