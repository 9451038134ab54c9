//! `-e/--events` and `--route` → event patterns and routes, checked before
//! anything starts.

use super::forward_target;
use crate::error::hinted;
use crate::listen::{ForwardConfig, Route};
use crate::model::events::{EventPattern, PatternError};

/// `-e/--events` (already split at commas by clap).
pub fn event_patterns(given: &[String]) -> anyhow::Result<Vec<EventPattern>> {
    given.iter().map(|text| pattern(text, "--events")).collect()
}

/// One pattern, or an error that says what to write instead.
fn pattern(text: &str, flag: &str) -> anyhow::Result<EventPattern> {
    EventPattern::parse(text).map_err(|e| match e {
        PatternError::Empty => hinted(
            format!("{flag} has an empty event pattern"),
            "give event names or globs, e.g. -e push,invoice.* (a trailing comma leaves an empty one)",
        ),
        PatternError::Control => hinted(
            format!("{flag} pattern {:?} holds a control character", text),
            "event names hold no newlines or tabs: give the pattern on one line",
        ),
    })
}

/// `--route PATTERN=URL|PORT`, each with the forwarding settings every app shares.
pub fn routes(given: &[String], shared: &ForwardConfig) -> anyhow::Result<Vec<Route>> {
    let targets = route_targets(given)?.into_iter();
    let route = |(events, base)| Route {
        events,
        forward: ForwardConfig { base, ..shared.clone() },
    };
    Ok(targets.map(route).collect())
}

/// `--route PATTERN=URL|PORT` → each pattern and its app's URL, in order.
pub fn route_targets(given: &[String]) -> anyhow::Result<Vec<(EventPattern, url::Url)>> {
    given
        .iter()
        .map(|text| {
            // Split at the first '=': a URL's query may hold more, an event name never does.
            let Some((events, to)) = text.split_once('=') else {
                return Err(hinted(
                    format!("--route {text:?} has no '=' between the events and the app"),
                    "write --route 'PATTERN=URL|PORT', e.g. --route 'invoice.*=4000'",
                ));
            };
            if to.trim().is_empty() {
                return Err(hinted(
                    format!("--route {text:?} names no app after '='"),
                    "write --route 'PATTERN=URL|PORT', e.g. --route 'invoice.*=4000'",
                ));
            }
            Ok((pattern(events, "--route")?, forward_target(to.trim(), "--route")?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn shared() -> ForwardConfig {
        ForwardConfig {
            base: url::Url::parse("http://127.0.0.1:1").unwrap(),
            timeout: Duration::from_secs(3),
            insecure: true,
            cacert: None,
            headers: Default::default(),
            retry: Default::default(),
        }
    }

    #[test]
    fn routes_split_at_the_first_equals_and_share_the_forwarding_settings() {
        let r = routes(&["invoice.*=http://localhost:4000/x?a=b".into()], &shared()).unwrap();
        assert_eq!(r[0].events.as_str(), "invoice.*");
        assert_eq!(r[0].forward.base.as_str(), "http://localhost:4000/x?a=b");
        assert_eq!(
            (r[0].forward.timeout, r[0].forward.insecure),
            (Duration::from_secs(3), true)
        );
        let r = routes(&["github:*=4001".into()], &shared()).unwrap();
        assert_eq!(r[0].forward.base.as_str(), "http://127.0.0.1:4001/");
    }

    #[test]
    fn bad_routes_and_patterns_say_what_to_write() {
        let err = |given: &str| format!("{:#}", routes(&[given.into()], &shared()).unwrap_err());
        assert!(err("invoice.*").contains("no '='"), "{}", err("invoice.*"));
        assert!(err("invoice.*=").contains("names no app"));
        assert!(err("=4000").contains("empty event pattern"));
        assert!(err("push=nowhere").contains("neither a port nor a URL"));
        let e = format!("{:#}", event_patterns(&["push".into(), "".into()]).unwrap_err());
        assert!(e.contains("--events has an empty event pattern"), "{e}");
    }
}
