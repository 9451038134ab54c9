//! The only place that prints product output or uses colour.
//!
//! Split as xh does: *what* is printed lives in one file per command
//! (`sign.rs`, `verdict.rs`, `providers.rs`), *how it looks* in `palette.rs`,
//! and *where and whether in colour* here.

mod attempt_json;
pub mod body;
pub mod capture;
pub mod capture_json;
pub mod compare;
pub mod curl;
mod escape;
pub mod listen;
mod palette;
pub mod progress;
#[cfg(test)]
mod props;
pub mod providers;
pub mod replay;
pub mod shown;
pub mod sign;
pub mod tunnel;
pub mod verdict;

use crate::cli::ColorChoice;
use serde::Serialize;
use std::io::{self, IsTerminal, Write};

/// Whether to colour, from `--color`, `NO_COLOR` and whether stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal(),
    }
}

/// The largest line buffer a printer keeps between lines.
const KEPT_LINE: usize = 64 * 1024;

/// Product output on one writer (stdout in the binary, a buffer in tests).
pub struct Printer<W: Write> {
    out: W,
    /// One JSON object per line instead of text.
    pub json: bool,
    /// A JSON line is serialised here first, then written whole: serde
    /// writes each key, quote and value on its own, and each of those small
    /// writes costs more through the output's writer than in a `Vec`.
    line: Vec<u8>,
    /// Whether hook's own colour codes are in the lines (and so kept).
    color: bool,
}

impl<W: Write> Printer<W> {
    /// A printer; `color` switches colour on or off for the whole process.
    pub fn new(out: W, color: bool, json: bool) -> Self {
        colored::control::set_override(color);
        Printer {
            out,
            json,
            line: Vec::new(),
            color,
        }
    }

    /// Write one line of text.
    /// Control characters that reached it unescaped (from the network)
    /// are shown as escapes: see [`shown`].
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}", shown::line(text, self.color))
    }

    /// Write bytes exactly as they are (a raw HTTP request).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Write one value as a JSON line.
    pub fn json_line<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        self.json_written(|line| serde_json::to_writer(line, value))
    }

    /// Write one JSON line that `write` puts into a buffer (reused from line to line).
    pub fn json_written(&mut self, write: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>) -> io::Result<()> {
        self.line.clear();
        write(&mut self.line)?;
        self.line.push(b'\n');
        let written = self.out.write_all(&self.line);
        // One large body (a 10 MiB request) should not stay allocated for the rest of the run.
        if self.line.capacity() > KEPT_LINE {
            self.line = Vec::new();
        }
        written
    }

    /// Flush, so a closed pipe is reported here rather than lost at drop.
    pub fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The writer, to see how much it holds.
    pub fn writer(&self) -> &W {
        &self.out
    }

    /// The writer back (tests read what was printed).
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// The printer for stdout.
///
/// Buffered: output reaches the terminal or pipe at `finish()`, so a busy
/// listener writes many lines per system call; callers finish when idle.
pub fn stdout(choice: ColorChoice, json: bool) -> Printer<io::BufWriter<io::StdoutLock<'static>>> {
    Printer::new(
        io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        use_color(choice),
        json,
    )
}

/// The printer for one of several threads printing to stdout at once.
pub fn shared_stdout(choice: ColorChoice, json: bool) -> Printer<SharedStdout> {
    Printer::new(SharedStdout(Vec::new()), use_color(choice), json)
}

/// The largest batch a [`SharedStdout`] keeps allocated between flushes.
const KEPT_BATCH: usize = 1024 * 1024;

/// Stdout for printers on several threads: what one printer writes waits in
/// its own buffer until `flush`, which writes it whole under stdout's lock,
/// so one thread's lines never land inside another's. Flush between whole
/// captures, and often enough that the buffer stays small.
pub struct SharedStdout(Vec<u8>);

impl SharedStdout {
    /// Bytes written since the last flush.
    pub fn buffered(&self) -> usize {
        self.0.len()
    }
}

impl Write for SharedStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let written = out.write_all(&self.0).and_then(|()| out.flush());
        self.0.clear();
        if self.0.capacity() > KEPT_BATCH {
            self.0 = Vec::new();
        }
        written
    }
}

/// A diagnostic on stderr, e.g. `hook: note: …`. Not product output.
pub fn note(text: &str) {
    stderr_line(&format!("hook: note: {text}"));
}

/// Write one line to stderr. A stderr that cannot be written (a closed
/// pipe: `hook … 2>&1 | head -1`) loses the line and nothing else:
/// `eprintln!` would panic and end hook with status 101.
pub fn stderr_line(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
