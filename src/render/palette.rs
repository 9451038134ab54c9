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
