//! Event patterns, as `-e/--events` and `--route` take them: `*` and `?`
//! globs, without regard to case, matched against a request's event name
//! and against `provider:event`. So `push`, `invoice.*`, `github:*` and
//! Jira's own `jira:issue_*` each mean what they say, and a request whose
//! event was not found has the empty name (only `*`-like patterns take it).

use wildmatch::WildMatch;

/// One event glob.
#[derive(Debug, Clone)]
pub struct EventPattern {
    text: String,
    glob: WildMatch,
}

/// Why a pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// Empty, or only spaces.
    Empty,
    /// A control character (a pasted newline, say) that no event name holds.
    Control,
}

impl EventPattern {
    /// Read a pattern as the user wrote it (spaces inside are kept: GitLab's
    /// events are named `Push Hook`).
    pub fn parse(text: &str) -> Result<EventPattern, PatternError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        if text.chars().any(char::is_control) {
            return Err(PatternError::Control);
        }
        Ok(EventPattern {
            text: text.to_string(),
            glob: WildMatch::new_case_insensitive(text),
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a request of this provider and event is one the pattern names.
    pub fn matches(&self, provider: Option<&str>, event: Option<&str>) -> bool {
        let event = event.unwrap_or("");
        if self.glob.matches(event) {
            return true;
        }
        // Only a pattern that names a provider can match `provider:event`;
        // checked first so the common case builds no string.
        match provider {
            Some(p) if self.text.contains(':') => self.glob.matches(&format!("{p}:{event}")),
            _ => false,
        }
    }
}

/// Where `-e/--events` and `--route`s send a request (`hook listen`, `hook tunnel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// No `-e` pattern names its event: not forwarded.
    Skipped,
    /// The first route whose pattern matches, by its place among the routes.
    Route(usize),
    /// No route takes it: `-f`'s app, or whoever answers without one.
    Rest,
}

/// Choose for a request of this provider and event: `events` first, then
/// the first of `routes` that matches.
pub fn choose<'p>(
    events: &[EventPattern],
    routes: impl IntoIterator<Item = &'p EventPattern>,
    provider: Option<&str>,
    event: Option<&str>,
) -> Choice {
    if !any_matches(events, provider, event) {
        return Choice::Skipped;
    }
    match routes.into_iter().position(|p| p.matches(provider, event)) {
        Some(i) => Choice::Route(i),
        None => Choice::Rest,
    }
}

/// Whether any of `patterns` matches; an empty list matches everything.
pub fn any_matches(patterns: &[EventPattern], provider: Option<&str>, event: Option<&str>) -> bool {
    patterns.is_empty() || patterns.iter().any(|p| p.matches(provider, event))
}

/// A request's event as notes name it: `event push (github)`, or `a stripe
/// request with no event` when none was found.
pub fn described(provider: Option<&str>, event: Option<&str>) -> String {
    match (event, provider) {
        (Some(e), Some(p)) => format!("event {e} ({p})"),
        (Some(e), None) => format!("event {e}"),
        (None, Some(p)) => format!("a {p} request with no event"),
        (None, None) => "a request with no event".to_string(),
    }
}

/// The note on a request `-e/--events` left out: what it was, what was asked for.
pub fn skipped_note(patterns: &[EventPattern], provider: Option<&str>, event: Option<&str>, answered: &str) -> String {
    let asked: Vec<&str> = patterns.iter().map(|p| p.as_str()).collect();
    format!(
        "skipped: {} is not in --events {}; {answered}",
        described(provider, event),
        asked.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, provider: Option<&str>, event: Option<&str>) -> bool {
        EventPattern::parse(pattern).unwrap().matches(provider, event)
    }

    #[test]
    fn patterns_match_the_event_or_provider_colon_event() {
        assert!(m("push", Some("github"), Some("push")));
        assert!(m("PUSH", Some("github"), Some("push")), "case does not matter");
        assert!(m("invoice.*", Some("stripe"), Some("invoice.paid")));
        assert!(!m("invoice.*", Some("stripe"), Some("charge.refunded")));
        assert!(m("github:*", Some("github"), Some("ping")));
        assert!(!m("github:*", Some("gitlab"), Some("Push Hook")));
        assert!(m("gitlab:push*", Some("gitlab"), Some("Push Hook")));
        assert!(
            m("jira:issue_*", Some("jira"), Some("jira:issue_created")),
            "Jira's own colon"
        );
        assert!(m("orders/*", Some("shopify"), Some("orders/create")));
        assert!(m("*", Some("standard"), None), "a missing event is the empty name");
        assert!(m("stripe:*", Some("stripe"), None));
        assert!(!m("push", None, None));
        assert!(m("pull_request.???ned", Some("github"), Some("pull_request.opened")));
    }

    #[test]
    fn empty_lists_match_everything_and_bad_patterns_are_refused() {
        assert!(any_matches(&[], None, None));
        let list = [EventPattern::parse("a").unwrap(), EventPattern::parse("b*").unwrap()];
        assert!(any_matches(&list, None, Some("bee")) && !any_matches(&list, None, Some("c")));
        assert_eq!(EventPattern::parse("  ").unwrap_err(), PatternError::Empty);
        assert_eq!(EventPattern::parse("a\nb").unwrap_err(), PatternError::Control);
        assert_eq!(EventPattern::parse(" Push Hook ").unwrap().as_str(), "Push Hook");
    }
}
