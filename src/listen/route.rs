//! Where a request goes, by its event: `-e/--events` decides whether it is
//! one the user asked for at all, then the first matching `--route` or
//! `-f` decides which app gets it; the rest hook answers itself.

use super::ListenConfig;
use crate::model::events::{self, Choice};
use crate::model::Capture;

/// What becomes of one inspected request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Destination {
    /// Not one of `--events`: hook answers, and it is shown as one line.
    Skipped,
    /// No route or `-f` takes it: hook answers.
    Hook,
    /// Forwarded to `ListenConfig::targets().nth(i)`.
    App(usize),
}

/// Decide, from the provider and event inspection found.
pub(super) fn destination(cfg: &ListenConfig, c: &Capture) -> Destination {
    let routes = cfg.routes.iter().map(|r| &r.events);
    match events::choose(&cfg.events, routes, c.provider.as_deref(), c.event.as_deref()) {
        Choice::Skipped => Destination::Skipped,
        Choice::Route(i) => Destination::App(i),
        Choice::Rest if cfg.forward.is_some() => Destination::App(cfg.routes.len()),
        Choice::Rest => Destination::Hook,
    }
}

/// The note on a skipped request: which event it had, and what was asked for.
pub(super) fn skipped_note(cfg: &ListenConfig, c: &Capture) -> String {
    let answered = if cfg.targets().next().is_some() {
        "not forwarded; hook answered"
    } else {
        "hook answered"
    };
    events::skipped_note(&cfg.events, c.provider.as_deref(), c.event.as_deref(), answered)
}

/// The note on a request no `--route` took (and no `-f` was given).
pub(super) fn unrouted_note(c: &Capture) -> String {
    let what = events::described(c.provider.as_deref(), c.event.as_deref());
    format!("no --route matches {what}; hook answered")
}
