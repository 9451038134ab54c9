//! Subcommand options built only when that subcommand runs.
//!
//! clap's derive builds every option of every subcommand before parsing.
//! `hook --version` or `hook sign` then pays for `listen`'s and `replay`'s
//! options too: allocations that fault in fresh pages, measurable in a
//! command that takes about 2 ms. [`Lazy`] hands a subcommand's options to
//! clap as a deferred step, which clap runs when it enters that subcommand
//! (and for `--help` and completions, which walk the whole tree).

use clap::{ArgMatches, Args, Command, FromArgMatches, Id};

/// A subcommand's options, added to its `Command` only when clap needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lazy<T>(pub T);

impl<T> std::ops::Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn augment_args(cmd: Command) -> Command {
        cmd.defer(|cmd| keeping_texts(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        cmd.defer(|cmd| keeping_texts(cmd, T::augment_args_for_update))
    }

    fn group_id() -> Option<Id> {
        T::group_id()
    }
}

/// Run `augment` but keep the help texts the subcommand already has: they come
/// from the `Command` enum's variant, and clap sets them after the options
/// when nothing is deferred, so the variant's text wins over the struct's.
fn keeping_texts(cmd: Command, augment: fn(Command) -> Command) -> Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let after_help = cmd.get_after_help().cloned();
    let after_long_help = cmd.get_after_long_help().cloned();
    let mut cmd = augment(cmd);
    if let Some(text) = about {
        cmd = cmd.about(text);
    }
    if let Some(text) = long_about {
        cmd = cmd.long_about(text);
    }
    if let Some(text) = after_help {
        cmd = cmd.after_help(text);
    }
    if let Some(text) = after_long_help {
        cmd = cmd.after_long_help(text);
    }
    cmd
}
