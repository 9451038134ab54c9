//! `hook completions SHELL`: a completion script generated from the CLI definition.

use crate::cli::Cli;
use crate::error::Exit;
use clap::CommandFactory;
use std::io::Write;

/// The completion script for a shell, as bytes.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hook", &mut out);
    out
}

/// Run `hook completions`.
pub fn run(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script(shell))?;
    stdout.flush()?;
    Ok(Exit::Success)
}
