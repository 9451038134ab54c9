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
    let unchanged = |matches| WithSettings {
        matches,
        from: Vec::new(),
        notes: Vec::new(),
    };
    let given = match &first {
        Ok(matches) => matches.clone(),
        Err(e) if e.kind() == clap::error::ErrorKind::MissingRequiredArgument => {
            match relaxed(command()).try_get_matches_from(args) {
                Ok(matches) => matches,
                Err(_) => return Ok(unchanged(first)),
            }
        }
        Err(_) => return Ok(unchanged(first)),
    };
    // The variables clap reads by name need none of this; only the others do.
    let names: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| k.starts_with("HOOK_") && k != "HOOK_CONFIG" && !super::env_flags::CLAP_READS.contains(&k.as_str()))
        .collect();
    let files = discover()?;
    // Most runs have neither, and need not build every command's options.
    if files.is_empty() && names.is_empty() {
        return Ok(unchanged(first));
    }
    let mut root = command();
    root.build();
    let notes = notes_for(&root, &given, names.into_iter());
    let lookup = |name: &str| std::env::var_os(name);
    match apply(&files, root, args, &given, &lookup)? {
        Some(applied) => Ok(WithSettings {
            matches: command().try_get_matches_from(&applied.args),
            from: applied.from,
            notes,
        }),
        None => Ok(WithSettings {
            matches: first,
            from: Vec::new(),
            notes,
        }),
    }
}

/// The variables clap reads itself (`HOOK_PORT`) that are set and belong
/// to the command `args` run: for an error's note, since one may be its
/// cause. Built only when there is an error to explain.
pub fn clap_variables(command: fn() -> Command, args: &[OsString]) -> Vec<String> {
    let set = |v: &&str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if !super::env_flags::CLAP_READS.iter().any(&set) {
        return Vec::new();
    }
    let mut root = command();
    root.build();
    let named = args.iter().skip(1).filter_map(|a| a.to_str());
    let Some(sub) = named.filter_map(|a| root.find_subcommand(a)).next() else {
        return Vec::new();
    };
    let mut found: Vec<String> = Vec::new();
    for variable in sub.get_arguments().filter_map(|a| a.get_env()?.to_str()) {
        if set(&variable) && !found.iter().any(|f| f == variable) {
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
