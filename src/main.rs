//! The `hook` binary: parse, run, print `hook: error: …` with a hint, exit.

use clap::Parser;

/// mimalloc: servers and replays allocate per request, and under load glibc's
/// malloc spent a fifth of the CPU in consolidation (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use hook::error::{chain_line, hint_of, is_broken_pipe, Exit};

fn main() {
    let cli = match hook::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `hook` alone: the help, on stderr, as a usage error.
            eprint!("{}", err.render());
            std::process::exit(Exit::Error.code());
        }
        Err(err) if !err.use_stderr() => {
            // --help and --version: clap prints them and exits 0.
            err.exit()
        }
        Err(err) => {
            // Usage errors keep clap's explanation and usage, under our prefix.
            eprint!("hook: {}", err.render());
            std::process::exit(Exit::Error.code());
        }
    };
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
