//! Properties of settings: any settings-file text reads or is refused; any
//! settings and `HOOK_*` values, added to a command line and read by clap
//! and the configuration checks, give a configuration or an error, never a
//! panic.

use super::*;
use crate::cli::{Cli, Command as Sub};
use clap::{CommandFactory, FromArgMatches};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any text, or text from the alphabet TOML is written in.
fn toml_text() -> impl Strategy<Value = String> {
    let tomlish = prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "[listen]",
                "[replay]",
                "[",
                "]",
                "=",
                "\"",
                "'",
                "\n",
                " ",
                "#",
                ",",
                "{",
                "}",
                "port",
                "1",
                "-",
                ".",
                "true",
                "\"\"\"",
                "é",
                "\u{1F600}",
                "\\",
                "\t",
                "\r",
            ])
            .prop_map(String::from),
            ".{0,3}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat());
    prop_oneof![".{0,120}", tomlish]
}

/// A value as a setting or variable may give one.
fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "0",
            "1",
            "3000",
            "65536",
            "true",
            "no",
            "25MiB",
            "1000000gb",
            "5m",
            "0s",
            "X-A: 1",
            "a\nb",
            "stripe:*",
            "http://localhost:3000/x",
            "localhost:0",
            "-1",
            "1e9",
            "auto",
            "github",
            "18446744073709551616",
        ])
        .prop_map(String::from),
        ".{0,16}",
    ]
}

fn toml_value() -> impl Strategy<Value = toml::Value> {
    let one = prop_oneof![
        text_value().prop_map(toml::Value::String),
        any::<i64>().prop_map(toml::Value::Integer),
        any::<f64>().prop_map(toml::Value::Float),
        any::<bool>().prop_map(toml::Value::Boolean),
    ];
    prop_oneof![
        3 => one.clone(),
        1 => prop::collection::vec(one, 0..3).prop_map(toml::Value::Array),
    ]
}

/// A command line that clap reads without settings, for each command that takes them.
const LINES: &[&[&str]] = &[
    &["hook", "listen"],
    &["hook", "replay", "github/push", "--dry-run"],
    &["hook", "sign", "--provider", "github", "--secret", "s"],
    &["hook", "fixtures"],
];

/// The long option names of the command `args` runs, and the global ones.
fn longs(args: &[&str]) -> Vec<String> {
    let mut root = Cli::command();
    root.build();
    let sub = root.find_subcommand(args[1]).expect("a command");
    sub.get_arguments()
        .chain(root.get_arguments())
        .filter_map(|a| a.get_long().map(String::from))
        .collect()
}

/// Settings chosen by index among `names` (so they mostly name real options).
type Chosen = Vec<(prop::sample::Index, toml::Value)>;

fn chosen() -> impl Strategy<Value = Chosen> {
    prop::collection::vec((any::<prop::sample::Index>(), toml_value()), 0..5)
}

/// Read `args` with `files` and variables added, then check the result as
/// the command would: every step may refuse, none may panic.
fn read_and_check(args: &[&str], files: &[SettingsFile], vars: &[(String, String)]) {
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let Ok(given) = Cli::command().try_get_matches_from(&args) else {
        return;
    };
    let lookup = |name: &str| vars.iter().find(|(n, _)| n == name).map(|(_, v)| OsString::from(v));
    let Ok(Some(applied)) = apply(files, Cli::command(), &args, &given, &lookup) else {
        return;
    };
    let Ok(matches) = Cli::command().try_get_matches_from(&applied.args) else {
        return;
    };
    let Ok(cli) = Cli::from_arg_matches(&matches) else {
        return;
    };
    match cli.command {
        Sub::Listen(a) => drop(crate::config::listen(&a)),
        Sub::Replay(a) => {
            let _ = crate::config::replay(&a);
            let _ = crate::config::replay_responses(&a);
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any text as a settings file: settings, or an error naming a line and column.
    #[test]
    fn any_text_reads_or_is_refused(text in toml_text()) {
        if let Err(e) = read(PathBuf::from("hook.toml"), &text) {
            prop_assert!(e.to_string().starts_with("hook.toml:"), "{}", e);
        }
    }

    /// Any text given to the flags that parse a value themselves.
    #[test]
    fn any_flag_text_parses_or_is_refused(text in prop_oneof![text_value(), ".{0,40}"]) {
        let _ = crate::config::size(&text, "--max-body");
        let _ = crate::config::duration(&text, "--timeout");
        let _ = crate::config::positive_duration(&text, "--timeout");
        let _ = crate::config::forward_target(&text, "--to");
        let _ = crate::config::header_line(&text, "-H");
        let _ = crate::config::headers_text(&text, "--headers-file");
        let _ = crate::config::method(&text, "--method");
        let _ = crate::config::event_patterns(std::slice::from_ref(&text));
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Settings of any value, at the top and in the command's table (and a
    /// table of another name), applied and checked.
    #[test]
    fn any_settings_apply_or_are_refused(
        line in prop::sample::select(LINES),
        top in chosen(),
        own in chosen(),
        stray in prop::option::of(("[a-z]{1,8}", toml_value())),
    ) {
        let names = longs(line);
        let mut table = toml::Table::new();
        for (i, v) in top {
            table.insert(i.get(&names).clone(), v);
        }
        let mut section = toml::Table::new();
        for (i, v) in own {
            section.insert(i.get(&names).clone(), v);
        }
        if let Some((k, v)) = stray {
            section.insert(k, v);
        }
        table.insert(line[1].to_string(), toml::Value::Table(section));
        let file = SettingsFile { path: PathBuf::from("hook.toml"), table };
        read_and_check(line, &[file], &[]);
    }

    /// `HOOK_<COMMAND>_<OPTION>` and `HOOK_<OPTION>` variables of any text.
    #[test]
    fn any_variables_apply_or_are_refused(
        line in prop::sample::select(LINES),
        vars in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>(), text_value()), 0..5),
    ) {
        let names = longs(line);
        let upper = |s: &str| s.to_ascii_uppercase().replace('-', "_");
        let vars: Vec<(String, String)> = vars
            .into_iter()
            .map(|(i, own, value)| {
                let option = upper(i.get::<String>(&names));
                let name = if own { format!("HOOK_{}_{option}", upper(line[1])) } else { format!("HOOK_{option}") };
                (name, value)
            })
            .collect();
        read_and_check(line, &[], &vars);
    }
}
