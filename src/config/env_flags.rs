//! `HOOK_*` variables: every long option of the command being run can be
//! given in the environment, as `HOOK_<COMMAND>_<OPTION>` for that command
//! alone or `HOOK_<OPTION>` for every command that has the option
//! (`HOOK_LISTEN_FORWARD_TO=3000`, `HOOK_JSON=1`). Like a settings file's
//! setting, a variable becomes a flag on the command line before clap reads
//! it again, so it gets every check a typed flag gets. It counts only where
//! the command line says nothing, and wins over settings files.

use super::file_flags::{flags_for, settable};
use crate::error::{distance, hinted};
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::ffi::OsString;

/// The variables clap reads itself, by the names the options declare
/// (`env = "HOOK_PORT"`): with only these set, no option needs looking up
/// in the environment. A test checks it against the options.
pub const CLAP_READS: &[&str] = &[
    "HOOK_COLOR",
    "HOOK_EVENTS",
    "HOOK_HOST",
    "HOOK_PORT",
    "HOOK_PROVIDER",
    "HOOK_RELAY",
    "HOOK_RELAY_LISTEN",
    "HOOK_RELAY_TOKEN",
    "HOOK_REPLAY_TO",
    "HOOK_SECRET",
    "HOOK_SECRET_FILE",
];

/// Reads one environment variable (`std::env::var_os`); a parameter so the
/// reading can be given another source.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// One variable that gives an option of the command being run.
#[derive(Debug)]
pub(super) struct FromEnv {
    /// The option's long name.
    pub key: String,
    /// The variable that gave it.
    pub variable: String,
    /// The flags it adds; none when the user's own flag wins or the
    /// variable turns an on/off option off.
    pub flags: Vec<OsString>,
}

/// The variables that give options of subcommand `name`, whose options the
/// user's command line gave as `given`.
pub(super) fn from_env(sub: &Command, name: &str, given: &ArgMatches, lookup: Lookup) -> anyhow::Result<Vec<FromEnv>> {
    let mut found = Vec::new();
    for arg in settable(sub) {
        let Some(key) = arg.get_long() else { continue };
        let Some((variable, text)) = variable_for(name, key, arg, given, lookup)? else {
            continue;
        };
        let value = value_of(&variable, arg.get_action(), text)?;
        // A command's own variable replaces the value clap took from a
        // shared one it knows by name (`HOOK_LISTEN_PORT` over `HOOK_PORT`).
        let from_clap_env = given.value_source(arg.get_id().as_str()) == Some(ValueSource::EnvVariable);
        let flags = flags_for(&variable, Some(name), sub, key, &value, given, from_clap_env)?;
        found.push(FromEnv {
            key: key.to_string(),
            variable,
            flags,
        });
    }
    Ok(found)
}

/// `HOOK_<COMMAND>_<OPTION>`, else `HOOK_<OPTION>`: the first that is set
/// and not empty (`HOOK_X= hook …` turns a variable off for one run), with
/// its text. A name clap reads itself (`env = "HOOK_PORT"`) is left to clap,
/// and a shared name is not read at all once clap has read one.
fn variable_for(
    name: &str,
    key: &str,
    arg: &Arg,
    given: &ArgMatches,
    lookup: Lookup,
) -> anyhow::Result<Option<(String, String)>> {
    let own = format!("HOOK_{}_{}", upper(name), upper(key));
    let shared = format!("HOOK_{}", upper(key));
    let clap_reads = arg.get_env().and_then(|e| e.to_str());
    let clap_took = given.value_source(arg.get_id().as_str()) == Some(ValueSource::EnvVariable);
    let candidates = [Some(own), (!clap_took).then_some(shared)];
    for variable in candidates.into_iter().flatten() {
        if clap_reads == Some(variable.as_str()) {
            continue;
        }
        let Some(raw) = lookup(&variable).filter(|v| !v.is_empty()) else {
            continue;
        };
        let text = raw.into_string().map_err(|_| {
            hinted(
                format!("{variable} is not valid UTF-8"),
                format!("set {variable} to text, or unset it"),
            )
        })?;
        return Ok(Some((variable, text)));
    }
    Ok(None)
}

/// A variable's text as the value a settings file would hold: on/off
/// options take 1/0, true/false, yes/no or on/off; repeatable options take
/// one value per line; the rest take the text as it is.
fn value_of(variable: &str, action: &ArgAction, text: String) -> anyhow::Result<toml::Value> {
    if matches!(action, ArgAction::SetTrue) {
        return match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(toml::Value::Boolean(true)),
            "0" | "false" | "no" | "off" => Ok(toml::Value::Boolean(false)),
            _ => Err(hinted(
                format!("{variable} is an on/off setting"),
                format!("set {variable}=1 or {variable}=0"),
            )),
        };
    }
    if super::file::repeatable(action) {
        let lines = text.lines().filter(|l| !l.trim().is_empty());
        return Ok(toml::Value::Array(lines.map(|l| l.to_string().into()).collect()));
    }
    Ok(toml::Value::String(text))
}

/// `forward-to` → `FORWARD_TO`.
fn upper(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}

/// Notes for `HOOK_<COMMAND>_…` variables in `names` that name no option of
/// the command: a misspelt variable would otherwise do nothing without a word.
pub(super) fn unknown_notes(sub: &Command, name: &str, names: impl Iterator<Item = String>) -> Vec<String> {
    let prefix = format!("HOOK_{}_", upper(name));
    let options: Vec<String> = settable(sub).filter_map(Arg::get_long).map(upper).collect();
    // Names clap reads itself, which may carry this command's prefix
    // (`HOOK_RELAY_TOKEN` is also `hook tunnel --token`).
    let read: Vec<String> = sub
        .get_arguments()
        .filter_map(|a| a.get_env()?.to_str().map(String::from))
        .collect();
    let mut notes = Vec::new();
    for variable in names {
        let Some(rest) = variable.strip_prefix(&prefix) else {
            continue;
        };
        if options.iter().any(|o| o == rest) || read.contains(&variable) {
            continue;
        }
        let close = options
            .iter()
            .min_by_key(|o| distance(o, rest))
            .filter(|o| distance(o, rest) <= rest.len().max(3) / 2);
        notes.push(match close {
            Some(o) => format!("{variable} is not an option of hook {name}; did you mean {prefix}{o}?"),
            None => format!("{variable} is not an option of hook {name}, so it is not used"),
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_reads_lists_every_name_an_option_declares() {
        use clap::CommandFactory;
        let mut root = crate::cli::Cli::command();
        root.build();
        let mut declared: Vec<String> = root
            .get_subcommands()
            .chain([&root])
            .flat_map(|c| c.get_arguments())
            .filter_map(|a| a.get_env()?.to_str().map(String::from))
            .collect();
        declared.sort();
        declared.dedup();
        assert_eq!(declared, CLAP_READS);
    }

    /// With only `CLAP_READS` variables set, hook skips its own lookup; so
    /// an option whose shared name is one of them must be read by clap.
    #[test]
    fn every_option_a_clap_name_would_give_reads_it_through_clap() {
        use clap::CommandFactory;
        let mut root = crate::cli::Cli::command();
        root.build();
        for sub in root.get_subcommands() {
            for arg in sub.get_arguments() {
                let Some(long) = arg.get_long() else { continue };
                let shared = format!("HOOK_{}", upper(long));
                if CLAP_READS.contains(&shared.as_str()) {
                    let declared = arg.get_env().and_then(|e| e.to_str());
                    assert_eq!(declared, Some(shared.as_str()), "hook {} --{long}", sub.get_name());
                }
            }
        }
    }

    #[test]
    fn values_follow_the_kind_of_option() {
        let on = value_of("HOOK_JSON", &ArgAction::SetTrue, "Yes".into()).unwrap();
        assert_eq!(on, toml::Value::Boolean(true));
        let off = value_of("HOOK_JSON", &ArgAction::SetTrue, "0".into()).unwrap();
        assert_eq!(off, toml::Value::Boolean(false));
        let err = value_of("HOOK_JSON", &ArgAction::SetTrue, "maybe".into()).unwrap_err();
        assert!(format!("{err:#}").contains("HOOK_JSON is an on/off setting"));
        let list = value_of("HOOK_HEADER", &ArgAction::Append, "A: 1\n\nB: 2,3\n".into()).unwrap();
        assert_eq!(list, toml::Value::Array(vec!["A: 1".into(), "B: 2,3".into()]));
        let one = value_of("HOOK_TO", &ArgAction::Set, "http://x/a,b".into()).unwrap();
        assert_eq!(one, toml::Value::String("http://x/a,b".into()));
        assert_eq!(upper("forward-to"), "FORWARD_TO");
    }
}
