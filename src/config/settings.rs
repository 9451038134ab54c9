//! Reading the command line with settings added: `HOOK_*` variables
//! (`env_flags`) and settings files (`file`), each only where the command
//! line is silent.

use super::file::{apply, discover};
use clap::{ArgMatches, Command};
use std::ffi::OsString;

/// clap's reading of the command line with the settings of `HOOK_*`
/// variables and settings files added where they apply.
#[derive(Debug)]
pub struct WithSettings {
    /// clap's reading, or its error.
    pub matches: Result<ArgMatches, clap::Error>,
    /// Each setting used (`HOOK_JSON`, `FILE: [table] key`), for messages.
    pub from: Vec<String>,
    /// Variables that look meant for hook but give nothing, to warn about.
    pub notes: Vec<String>,
}

/// Read `args` with the settings that apply added. A command line missing
/// a required option (`hook tunnel` without `--relay`) is read again with
/// nothing required, since a setting may give it. `command` makes the
/// command anew for each reading: most runs read once.
pub fn read_with_settings(command: fn() -> Command, args: &[OsString]) -> anyhow::Result<WithSettings> {
    let first = command().try_get_matches_from(args);
    let given = match &first {
        Ok(matches) => Some(matches.clone()),
        Err(e) if e.kind() == clap::error::ErrorKind::MissingRequiredArgument => {
            relaxed(command()).try_get_matches_from(args).ok()
        }
        Err(_) => None,
    };
    let names: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| k.starts_with("HOOK_") && k != "HOOK_CONFIG")
        .collect();
    let Some(given) = given else {
        // clap refused the command line: the variables it reads itself
        // (`HOOK_PORT=abc`) may be why, so they are named with its error.
        let from = if names.is_empty() {
            Vec::new()
        } else {
            read_by_clap(command(), args, None)
        };
        return Ok(WithSettings {
            matches: first,
            from,
            notes: Vec::new(),
        });
    };
    let files = discover()?;
    // Most runs have neither, and need not build every command's options.
    if files.is_empty() && names.is_empty() {
        return Ok(WithSettings {
            matches: first,
            from: Vec::new(),
            notes: Vec::new(),
        });
    }
    let mut root = command();
    root.build();
    let notes = notes_for(&root, &given, names.into_iter());
    let mut from = read_by_clap(root.clone(), args, Some(&given));
    let lookup = |name: &str| std::env::var_os(name);
    let matches = match apply(&files, root, args, &given, &lookup)? {
        Some(applied) => {
            from.extend(applied.from);
            command().try_get_matches_from(&applied.args)
        }
        None => first,
    };
    Ok(WithSettings { matches, from, notes })
}

/// The variables clap reads itself (`env = "HOOK_PORT"`) that gave the
/// command being run a value: by clap's reading when there is one (`given`),
/// else every such variable that is set.
fn read_by_clap(mut root: Command, args: &[OsString], given: Option<&ArgMatches>) -> Vec<String> {
    root.build();
    let named = args.iter().skip(1).filter_map(|a| a.to_str());
    let Some(sub) = named.filter_map(|a| root.find_subcommand(a)).next() else {
        return Vec::new();
    };
    let sub_given = given.and_then(|g| g.subcommand_matches(sub.get_name()));
    let mut found: Vec<String> = Vec::new();
    for arg in sub.get_arguments() {
        let Some(variable) = arg.get_env().and_then(|e| e.to_str()) else {
            continue;
        };
        let used = match sub_given {
            Some(m) => m.value_source(arg.get_id().as_str()) == Some(clap::parser::ValueSource::EnvVariable),
            None => std::env::var_os(variable).is_some_and(|v| !v.is_empty()),
        };
        if used && !found.iter().any(|f| f == variable) {
            found.push(variable.to_string());
        }
    }
    found
}

/// Warnings about `HOOK_<COMMAND>_…` variables that name no option of the
/// command being run.
/// `root` is built whole.
fn notes_for(root: &Command, matches: &ArgMatches, names: impl Iterator<Item = String>) -> Vec<String> {
    let Some((name, _)) = matches.subcommand() else {
        return Vec::new();
    };
    match root.find_subcommand(name) {
        Some(sub) => super::env_flags::unknown_notes(sub, name, names),
        None => Vec::new(),
    }
}

/// The command with no option required, to see what a command line gives.
fn relaxed(command: Command) -> Command {
    let mut relaxed = command;
    relaxed.build();
    let names: Vec<String> = relaxed.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        relaxed = relaxed.mut_subcommand(name, |s| s.mut_args(|a| a.required(false)));
    }
    relaxed
}
