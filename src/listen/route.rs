//! Where a request goes, by its event: `-e/--events` decides whether it is
//! one the user asked for at all, then the first matching `--route` or
//! `-f` decides which app gets it; the rest hook answers itself.

use super::ListenConfig;
use crate::model::events::any_matches;
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
    let (provider, event) = (c.provider.as_deref(), c.event.as_deref());
    if !any_matches(&cfg.events, provider, event) {
        return Destination::Skipped;
    }
    if let Some(i) = cfg.routes.iter().position(|r| r.events.matches(provider, event)) {
        return Destination::App(i);
    }
    match cfg.forward {
        Some(_) => Destination::App(cfg.routes.len()),
        None => Destination::Hook,
    }
}

/// The note on a skipped request: which event it had, and what was asked for.
pub(super) fn skipped_note(cfg: &ListenConfig, c: &Capture) -> String {
    let asked: Vec<&str> = cfg.events.iter().map(|p| p.as_str()).collect();
    let answer = if cfg.targets().next().is_some() {
        "not forwarded; hook answered"
    } else {
        "hook answered"
    };
    format!(
        "skipped: {} is not in --events {}; {answer}",
        described(c),
        asked.join(",")
    )
}

/// The note on a request no `--route` took (and no `-f` was given).
pub(super) fn unrouted_note(c: &Capture) -> String {
    format!("no --route matches {}; hook answered", described(c))
}

/// `event push (github)`, or `no event` when none was found.
fn described(c: &Capture) -> String {
    match (c.event.as_deref(), c.provider.as_deref()) {
        (Some(e), Some(p)) => format!("event {e} ({p})"),
        (Some(e), None) => format!("event {e}"),
        (None, Some(p)) => format!("a {p} request with no event"),
        (None, None) => "a request with no event".to_string(),
    }
}
