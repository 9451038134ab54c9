//! Error kinds, exit codes and hints shared by every command.
//!
//! Commands return `anyhow::Result<Exit>`: an `Err` is always exit 2, a
//! negative result (an invalid signature, a failed delivery) is `Ok(Exit::Negative)`.

use std::fmt;

/// The process exit status, as documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked and the result is positive (e.g. signature valid).
    Success = 0,
    /// The command worked but the answer is negative (e.g. signature invalid).
    Negative = 1,
    /// Usage or runtime error.
    Error = 2,
}

impl Exit {
    /// The numeric exit code.
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// An error that carries a `hint:` line telling the user what to do next.
#[derive(Debug)]
pub struct Hinted {
    message: String,
    hint: String,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Build an error with a message and a hint.
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted {
        message: message.into(),
        hint: hint.into(),
    })
}

/// The first hint found anywhere in an error's cause chain.
pub fn hint_of(err: &anyhow::Error) -> Option<&str> {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Hinted>())
        .map(|h| h.hint.as_str())
}

/// True when the error comes from writing to a closed pipe (`hook … | head`),
/// which is not a failure of ours: we exit 0 quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The whole cause chain on one line: `outer: inner: root`.
pub fn chain_line(err: &anyhow::Error) -> String {
    format!("{err:#}")
}

/// Levenshtein distance, for "did you mean".
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn hint_is_found_under_context() {
        let err = Err::<(), _>(hinted("bad key", "pass 64 hex characters"))
            .context("reading --secret")
            .unwrap_err();
        assert_eq!(hint_of(&err), Some("pass 64 hex characters"));
        assert_eq!(chain_line(&err), "reading --secret: bad key");
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe");
        let err = Err::<(), _>(io).context("writing").unwrap_err();
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
