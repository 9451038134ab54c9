//! The `hook` binary: parse, run, print `hook: error: …` with a hint, exit.

use clap::Parser;
use hook::error::{chain_line, hint_of, is_broken_pipe, Exit};

fn main() {
    let cli = hook::cli::Cli::parse();
    let code = match hook::run(cli) {
        Ok(exit) => exit.code(),
        Err(err) if is_broken_pipe(&err) => Exit::Success.code(),
        Err(err) => {
            eprintln!("hook: error: {}", chain_line(&err));
            if let Some(hint) = hint_of(&err) {
                eprintln!("hint: {hint}");
            }
            Exit::Error.code()
        }
    };
    std::process::exit(code);
}
