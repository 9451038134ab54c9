//! How things look: one semantic style per kind of text.

use colored::{ColoredString, Colorize};

/// A good outcome (`valid`).
pub fn good(s: &str) -> ColoredString {
    s.green().bold()
}

/// A bad outcome (`invalid`).
pub fn bad(s: &str) -> ColoredString {
    s.red().bold()
}

/// A likely cause or hint.
pub fn cause(s: &str) -> ColoredString {
    s.yellow()
}

/// A header name or label.
pub fn name(s: &str) -> ColoredString {
    s.cyan()
}

/// Secondary text.
pub fn dim(s: &str) -> ColoredString {
    s.dimmed()
}

/// A provider name.
pub fn provider(s: &str) -> ColoredString {
    s.magenta()
}

/// A JSON string.
pub fn string(s: &str) -> ColoredString {
    s.green()
}

/// A JSON number.
pub fn number(s: &str) -> ColoredString {
    s.yellow()
}

/// A JSON `true`, `false` or `null`.
pub fn literal(s: &str) -> ColoredString {
    s.magenta()
}

/// An HTTP status, coloured by class.
pub fn status(code: u16) -> ColoredString {
    let s = code.to_string();
    match code {
        200..=299 => s.green().bold(),
        300..=399 => s.cyan().bold(),
        400..=499 => s.yellow().bold(),
        _ => s.red().bold(),
    }
}

/// A warning word such as `duplicate`.
pub fn warn(s: &str) -> ColoredString {
    s.yellow()
}
