//! One setting of a settings file → the flags it stands for on the command
//! line (`forward-to = 3000` → `--forward-to=3000`), or none when the user
//! already gave that option, or one that cannot go with it.

use super::file::{given_by_user, repeatable, SettingsFile};
use crate::error::{distance, hinted};
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::ffi::OsString;

/// Where a setting of a file was written, for messages: `FILE: [table] key`.
pub(super) fn place(file: &SettingsFile, section: Option<&str>, key: &str) -> String {
    match section {
        Some(name) => format!("{}: [{name}] {key}", file.path.display()),
        None => format!("{}: {key}", file.path.display()),
    }
}

/// The flags for `key = value` in `section` (`None`: the top level), a
/// setting written at `place`. `replace_env`: the value clap read from an
/// environment variable gives way to this one.
pub(super) fn flags_for(
    place: &str,
    section: Option<&str>,
    command: &Command,
    key: &str,
    value: &toml::Value,
    given: &ArgMatches,
    replace_env: bool,
) -> anyhow::Result<Vec<OsString>> {
    let arg = find(command, key).ok_or_else(|| unknown(place, command, section, key))?;
    let id = arg.get_id().as_str();
    if (given_by_user(given, id) && !replace_env) || conflicts_with_given(command, arg, given) {
        return Ok(Vec::new());
    }
    let flag = format!("--{key}");
    let action = arg.get_action();
    if matches!(action, ArgAction::SetTrue) {
        return match value {
            toml::Value::Boolean(true) => Ok(vec![flag.into()]),
            toml::Value::Boolean(false) => Ok(Vec::new()),
            _ => Err(hinted(
                format!("{place} is an on/off setting"),
                format!("write {key} = true or {key} = false"),
            )),
        };
    }
    let values = match value {
        toml::Value::Array(items) if repeatable(action) => items.iter().map(|v| scalar(place, v)).collect(),
        toml::Value::Array(items) => {
            // The hint keeps the kind of value given: `port = 0`, `to = "…"`.
            let one = match items.first() {
                Some(toml::Value::Integer(i)) => i.to_string(),
                Some(toml::Value::Float(f)) => f.to_string(),
                Some(toml::Value::Boolean(b)) => b.to_string(),
                _ => "\"…\"".to_string(),
            };
            Err(hinted(
                format!("{place} takes one value, not a list"),
                format!("write {key} = {one}"),
            ))
        }
        one => scalar(place, one).map(|v| vec![v]),
    }?;
    Ok(values.into_iter().map(|v| format!("{flag}={v}").into()).collect())
}

/// The option whose long name is `key`.
fn find<'c>(command: &'c Command, key: &str) -> Option<&'c Arg> {
    settable(command).find(|a| a.get_long() == Some(key))
}

/// The options a setting may give: positional arguments, `--help` and
/// `--version` are not settings.
pub(super) fn settable(command: &Command) -> impl Iterator<Item = &Arg> {
    command.get_arguments().filter(|a| {
        a.get_long().is_some()
            && !matches!(
                a.get_action(),
                ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
            )
    })
}

/// Whether `arg` cannot go with an option the user gave: theirs wins.
/// Either side may declare the conflict (`--dry-run` lists the flags of sending).
fn conflicts_with_given(command: &Command, arg: &Arg, given: &ArgMatches) -> bool {
    let id = arg.get_id();
    command.get_arguments().any(|other| {
        given_by_user(given, other.get_id().as_str())
            && (command
                .get_arg_conflicts_with(arg)
                .iter()
                .any(|a| a.get_id() == other.get_id())
                || command.get_arg_conflicts_with(other).iter().any(|a| a.get_id() == id))
    })
}

/// A setting's value as the text a flag takes.
fn scalar(place: &str, value: &toml::Value) -> anyhow::Result<String> {
    match value {
        toml::Value::String(s) => Ok(s.clone()),
        toml::Value::Integer(i) => Ok(i.to_string()),
        toml::Value::Float(f) => Ok(f.to_string()),
        toml::Value::Boolean(b) => Ok(b.to_string()),
        _ => Err(hinted(
            format!("{place} is not a text, number or true/false"),
            "write it as the flag's value would be written: key = \"value\"",
        )),
    }
}

/// A key that is no option of the command: say the closest one.
fn unknown(place: &str, command: &Command, section: Option<&str>, key: &str) -> anyhow::Error {
    let longs = command.get_arguments().filter_map(Arg::get_long);
    let close = longs
        .min_by_key(|l| distance(l, key))
        .filter(|l| distance(l, key) <= key.len().max(3) / 2);
    let whose = match section {
        Some(name) => format!("hook {name}"),
        None => "every command (put a command's own settings under its [table])".to_string(),
    };
    let hint = match close {
        Some(l) => format!("did you mean {l}? settings are the long flag names of {whose}"),
        None => format!("settings are the long flag names of {whose}"),
    };
    hinted(format!("{place} is not a setting"), hint)
}
