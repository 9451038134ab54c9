//! A child `hook` that reads none of the developer's settings: no settings
//! file and no `HOOK_*` variable from the environment the tests run in,
//! since every `HOOK_<OPTION>` variable gives hook an option.
#![allow(dead_code)] // each test binary uses a different part

use std::process::Command;

/// A command for the `hook` binary under test, made hermetic by [`clean`].
pub fn hook() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hook"));
    clean(&mut c);
    c
}

/// Remove every `HOOK_*` variable from the child's environment and read no
/// settings file; a test sets the variables it means after this.
pub fn clean(c: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("HOOK_") {
            c.env_remove(name);
        }
    }
    c.env("HOOK_CONFIG", "");
}
