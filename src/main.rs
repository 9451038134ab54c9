//! The `hook` binary: parse, run, print `hook: error: …` with a hint, exit.
//!
//! The entry point is ours rather than std's (`no_main`): see `startup.rs`.

#![no_main]

mod startup;

use hook::error::{chain_line, hint_of, is_broken_pipe, Exit};
use hook::render::stderr_line as say;

/// mimalloc: servers and replays allocate per request, and under load glibc's
/// malloc spent a fifth of the CPU in consolidation (see bench/HISTORY.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The C entry point, called by the C runtime with the command line.
#[unsafe(no_mangle)]
extern "C" fn main(argc: libc::c_int, argv: *const *const libc::c_char) -> libc::c_int {
    startup::prepare();
    // SAFETY: the C runtime passes `argc` NUL-terminated strings in `argv`.
    let args = unsafe { startup::args(argc, argv) };
    // A panic must not unwind out of a C function (that aborts): it ends
    // with status 101 after its message, as it did under std's main.
    let code = std::panic::catch_unwind(|| run(args)).unwrap_or(101);
    // std's exit flushes stdout, as returning from std's main would.
    std::process::exit(code)
}

/// The help command for the first subcommand a command line names (`hook
/// verify --help`), or `hook --help` when it names none.
fn help_command(words: &[std::ffi::OsString]) -> String {
    use clap::CommandFactory;
    let command = hook::cli::Cli::command();
    let names: Vec<&str> = command.get_subcommands().map(|s| s.get_name()).collect();
    match words.iter().filter_map(|w| w.to_str()).find(|w| names.contains(w)) {
        Some(sub) => format!("hook {sub} --help"),
        None => "hook --help".into(),
    }
}

/// Parse and run the command line; the process's exit status.
fn run(args: Vec<std::ffi::OsString>) -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    // Borrowed, so a usage error's hint can still read them. Settings
    // (variables, files) count only where the command line is silent.
    let hook::config::settings::WithSettings {
        matches: parsed,
        from,
        notes,
    } = match hook::config::settings::read_with_settings(hook::cli::Cli::command, &args) {
        Ok(read) => read,
        Err(err) => return failed(&err),
    };
    for note in &notes {
        say(&format!("hook: note: {note}"));
    }
    let cli = match parsed.and_then(|m| hook::cli::Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(err) if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `hook` alone: the help, on stderr, as a usage error.
            say(err.render().to_string().trim_end());
            return Exit::Error.code();
        }
        Err(err) if !err.use_stderr() => {
            // --help and --version: printed as clap would, exit 0.
            let _ = err.print();
            return err.exit_code();
        }
        Err(err) => {
            // Usage errors keep clap's explanation and usage, under our prefix,
            // and end with a hint line like every other error.
            let text = err.render().to_string();
            let text = text.trim_end();
            let text = text.strip_suffix("For more information, try '--help'.").unwrap_or(text);
            say(&format!("hook: {}", text.trim_end()));
            settings_note(from, &args);
            let help = help_command(args.get(1..).unwrap_or_default());
            say(&format!("hint: `{help}` lists the options and the values they take"));
            return Exit::Error.code();
        }
    };
    match hook::run(cli) {
        Ok(exit) => exit.code(),
        Err(err) if is_broken_pipe(&err) => Exit::Success.code(),
        Err(err) => {
            let code = failed(&err);
            settings_note(from, &args);
            code
        }
    }
}

/// After an error: which settings were in play (variables clap reads by
/// name, variables and files hook added), since one of them may be why.
fn settings_note(mut from: Vec<String>, args: &[std::ffi::OsString]) {
    use clap::CommandFactory;
    let mut all = hook::config::settings::clap_variables(hook::cli::Cli::command, args);
    all.append(&mut from);
    if !all.is_empty() {
        say(&format!("hook: note: with settings from {}", all.join(", ")));
    }
}

/// Print an error and its hint; exit status 2.
fn failed(err: &anyhow::Error) -> i32 {
    say(&format!("hook: error: {}", chain_line(err)));
    if let Some(hint) = hint_of(err) {
        say(&format!("hint: {hint}"));
    }
    Exit::Error.code()
}
