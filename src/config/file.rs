//! Settings files: `hook.toml` (the project's, found in the current
//! directory or the nearest parent) over `~/.config/hook/config.toml` (the
//! user's), or only the file `HOOK_CONFIG` names (none when it is empty).
//! `apply` adds them, after the `HOOK_*` variables (`env_flags`), to a
//! command line.
//!
//! A file holds top-level settings for every command (`color`, `json`) and
//! a table per command (`[listen]`, `[replay]`, …) whose keys are that
//! command's long flag names: `forward-to = 3000`, `route = ["stripe:*=4000"]`,
//! `json = true`. A setting counts only where the command line and the
//! `HOOK_*` variables say nothing: they always win. It is applied by adding the
//! flag to the command line before clap reads it again, so every check a
//! typed flag gets (values, conflicts, secrets never echoed) applies to it.

use crate::error::hinted;
use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Command};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The project's settings file, looked for from the current directory up.
pub const PROJECT_FILE: &str = "hook.toml";

/// One file's settings, with where they came from.
#[derive(Debug)]
pub struct SettingsFile {
    /// The file, for messages.
    pub path: PathBuf,
    table: toml::Table,
}

/// The files that apply, the first winning over the later ones.
pub fn discover() -> anyhow::Result<Vec<SettingsFile>> {
    if let Some(named) = std::env::var_os("HOOK_CONFIG") {
        if named.is_empty() {
            return Ok(Vec::new());
        }
        let path = PathBuf::from(named);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            hinted(
                format!("reading HOOK_CONFIG {}: {e}", path.display()),
                "name a settings file that exists, or set HOOK_CONFIG= (empty) to use none",
            )
        })?;
        return Ok(vec![read(path, &text)?]);
    }
    let mut found = Vec::new();
    let project = std::env::current_dir().ok().and_then(|dir| nearest(&dir));
    let user = user_file();
    for path in project.into_iter().chain(user) {
        // A missing file is no settings; an unreadable one is an error to fix.
        match std::fs::read_to_string(&path) {
            Ok(text) => found.push(read(path, &text)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(hinted(
                    format!("reading {}: {e}", path.display()),
                    "make the settings file readable, or set HOOK_CONFIG= (empty) to use none",
                ))
            }
        }
    }
    Ok(found)
}

/// `hook.toml` in `dir` or the nearest parent that has one.
fn nearest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(PROJECT_FILE)).find(|p| p.is_file())
}

/// `$XDG_CONFIG_HOME/hook/config.toml`, else `~/.config/hook/config.toml`.
fn user_file() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(std::env::var_os("HOME").filter(|h| !h.is_empty())?).join(".config"),
    };
    Some(base.join("hook").join("config.toml"))
}

/// Parse one file, naming the line and column of a mistake.
fn read(path: PathBuf, text: &str) -> anyhow::Result<SettingsFile> {
    match text.parse::<toml::Table>() {
        Ok(table) => Ok(SettingsFile { path, table }),
        Err(e) => {
            let at = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            Err(hinted(
                format!("{}:{}:{}: {}", path.display(), at.0, at.1, e.message()),
                "settings files are TOML: `key = \"value\"` lines, under [listen], [replay], … tables",
            ))
        }
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A command line with settings added.
#[derive(Debug)]
pub struct Applied {
    /// The command line to parse instead.
    pub args: Vec<OsString>,
    /// Each setting used, as `FILE: [table] key`, for messages.
    pub from: Vec<String>,
}

/// The command line with the settings that apply added after the
/// subcommand's name: `HOOK_*` variables (read through `lookup`), then the
/// files in order; `None` when no setting applies. `matches` is clap's
/// reading of `args` alone, which says what the user already gave.
pub fn apply(
    files: &[SettingsFile],
    mut root: Command,
    args: &[OsString],
    matches: &ArgMatches,
    lookup: super::env_flags::Lookup,
) -> anyhow::Result<Option<Applied>> {
    let Some((name, sub_matches)) = matches.subcommand() else {
        return Ok(None);
    };
    // Built whole: each subcommand's options are added only when clap enters
    // it (see `cli::lazy`), and the global ones (`--json`) when the root is built.
    root.build();
    let sub = root
        .find_subcommand(name)
        .ok_or_else(|| anyhow::anyhow!("no subcommand {name}"))?;
    check_tables(files, &root)?;
    let mut added: Vec<OsString> = Vec::new();
    // (in the command's table, key): the first source to set one wins.
    let mut taken: Vec<(bool, String)> = Vec::new();
    let mut from = Vec::new();
    for found in super::env_flags::from_env(sub, name, sub_matches, lookup)? {
        // A variable stands for the option wherever a file would set it.
        taken.push((false, found.key.clone()));
        taken.push((true, found.key));
        if !found.flags.is_empty() {
            from.push(found.variable);
        }
        added.extend(found.flags);
    }
    for file in files {
        let tables = [(None, Some(&file.table)), (Some(name), section(file, name)?)];
        for (section, table) in tables {
            let Some(table) = table else { continue };
            for (key, value) in table {
                if value.is_table() || taken.contains(&(section.is_some(), key.clone())) {
                    continue;
                }
                let (command, given) = match section {
                    None => (&root, matches),
                    Some(_) => (sub, sub_matches),
                };
                let place = super::file_flags::place(file, section, key);
                let flags = super::file_flags::flags_for(&place, section, command, key, value, given, false)?;
                taken.push((section.is_some(), key.clone()));
                if !flags.is_empty() {
                    from.push(place);
                }
                added.extend(flags);
            }
        }
    }
    if added.is_empty() {
        return Ok(None);
    }
    let at = args
        .iter()
        .position(|a| a.to_str() == Some(name))
        .unwrap_or(args.len().saturating_sub(1));
    let mut out = args[..=at].to_vec();
    out.extend(added);
    out.extend_from_slice(&args[at + 1..]);
    Ok(Some(Applied { args: out, from }))
}

/// The table for command `name` in a file, when it has one.
fn section<'a>(file: &'a SettingsFile, name: &str) -> anyhow::Result<Option<&'a toml::Table>> {
    match file.table.get(name) {
        None => Ok(None),
        Some(toml::Value::Table(t)) => Ok(Some(t)),
        Some(_) => Err(hinted(
            format!("{}: {name} must be a table of settings", file.path.display()),
            format!("write them under a [{name}] line"),
        )),
    }
}

/// Every table names a command that takes settings: a misspelt `[lisen]`
/// would otherwise be ignored without a word.
fn check_tables(files: &[SettingsFile], root: &Command) -> anyhow::Result<()> {
    for file in files {
        for (key, value) in &file.table {
            if !value.is_table() {
                continue;
            }
            // Commands with options of their own (not `completions`, `help`).
            let names: Vec<&str> = root
                .get_subcommands()
                .map(|s| s.get_name())
                .filter(|n| !matches!(*n, "completions" | "help"))
                .collect();
            if !names.contains(&key.as_str()) {
                return Err(hinted(
                    format!("{}: [{key}] is not a hook command", file.path.display()),
                    format!("tables are named after commands: {}", names.join(", ")),
                ));
            }
        }
    }
    Ok(())
}

/// Whether clap took an option's value from the user (command line or
/// environment), so a setting must not replace it.
pub(super) fn given_by_user(matches: &ArgMatches, id: &str) -> bool {
    matches!(
        matches.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// Whether an option takes more than one value (repeatable).
pub(super) fn repeatable(action: &ArgAction) -> bool {
    matches!(action, ArgAction::Append | ArgAction::Count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mistakes_name_their_line_and_column() {
        let err = read(PathBuf::from("hook.toml"), "[listen]\nport = = 3\n").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.starts_with("hook.toml:2:"), "{text}");
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn the_nearest_project_file_is_found_upwards() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join("a").join(PROJECT_FILE), "").unwrap();
        assert_eq!(nearest(&deep), Some(dir.path().join("a").join(PROJECT_FILE)));
    }
}

#[cfg(test)]
#[path = "file_props.rs"]
mod props;
