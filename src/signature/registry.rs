//! Every known scheme, looked up by name or detected from headers.

use super::discord::Discord;
use super::hubspot::Hubspot;
use super::mailgun::Mailgun;
use super::providers::*;
use super::providers_more::*;
use super::sendgrid::Sendgrid;
use super::token::GitlabToken;
use super::twilio::Twilio;
use super::Scheme;
use crate::model::HeaderList;

/// All built-in schemes, in the order `hook providers` lists them.
static SCHEMES: &[&dyn Scheme] = &[
    &GITHUB,
    &STRIPE,
    &SLACK,
    &SHOPIFY,
    // Svix before Standard Webhooks: a request carrying both `svix-*` and
    // `webhook-*` headers is Svix's, read on `svix-*` as its libraries do.
    &SVIX,
    &STANDARD,
    &Twilio,
    &PADDLE,
    &LINEAR,
    &GitlabToken,
    &PAGERDUTY,
    &WOOCOMMERCE,
    &VERCEL,
    &SQUARE,
    &ZOOM,
    &TWITCH,
    &TYPEFORM,
    &CALENDLY,
    &MUX,
    &Discord,
    // Before Bitbucket: both sign in X-Hub-Signature, and Jira claims it only beside its own header.
    &JIRA,
    &BITBUCKET,
    &INTERCOM,
    &LEMONSQUEEZY,
    &DROPBOX,
    &SENTRY,
    &Hubspot,
    &Mailgun,
    &Sendgrid,
];

/// All built-in schemes.
pub fn schemes() -> &'static [&'static dyn Scheme] {
    SCHEMES
}

/// A built-in scheme by its `--provider` name (case-insensitive).
pub fn find(name: &str) -> Option<&'static dyn Scheme> {
    SCHEMES.iter().copied().find(|s| s.name().eq_ignore_ascii_case(name))
}

/// The built-in providers whose names are close to a mistyped one, in
/// the list's order, for a "did you mean" hint.
pub fn close_names(name: &str) -> Vec<&'static str> {
    let lower = name.to_ascii_lowercase();
    let near = |known: &&'static str| crate::error::distance(known, &lower) <= lower.len().max(3) / 2;
    SCHEMES.iter().map(|s| s.name()).filter(near).collect()
}

/// Every name `--provider` accepts, including `hmac` and `auto`.
pub fn names() -> Vec<&'static str> {
    let mut n: Vec<&'static str> = SCHEMES.iter().map(|s| s.name()).collect();
    n.extend(["hmac", "auto"]);
    n
}

/// The provider whose signature header is present. A header several
/// providers share (`X-Hub-Signature`: Bitbucket's `sha256=`, Intercom's and
/// GitHub's legacy `sha1=`) goes to the one whose shape it has; GitHub wins
/// over the others because the list is in that order and GitHub claims the
/// shared header only beside its own event, delivery or User-Agent header.
/// A header of no known shape still goes to the first provider that uses it,
/// so the verdict can say what is wrong with it.
pub fn detect(headers: &HeaderList) -> Option<&'static dyn Scheme> {
    let mut present = SCHEMES.iter().copied().filter(|s| s.detect(headers));
    let first = present.next()?;
    // Most requests stop here: the first provider whose header is present has its shape.
    if first.detect_shape(headers) {
        return Some(first);
    }
    Some(present.find(|s| s.detect_shape(headers)).unwrap_or(first))
}

/// The provider whose signature a request carries: in a header, or for
/// the schemes that sign inside the body (Mailgun), in the body.
pub fn detect_request(headers: &HeaderList, body: &[u8]) -> Option<&'static dyn Scheme> {
    detect(headers).or_else(|| SCHEMES.iter().copied().find(|s| s.detect_body(body)))
}

/// The provider a request comes from: by its signature first, then by its
/// other headers (event, delivery id, User-Agent) or, for a provider that
/// signs inside the body, the body's shape, for unsigned requests.
pub fn identify(headers: &HeaderList, body: &[u8]) -> Option<&'static dyn Scheme> {
    detect_request(headers, body).or_else(|| {
        SCHEMES
            .iter()
            .copied()
            .find(|s| s.recognises(headers) || s.recognises_body(body))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lowercase() {
        let n = names();
        let mut sorted = n.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), n.len());
        assert!(n.iter().all(|s| s.chars().all(|c| c.is_ascii_lowercase())));
    }

    #[test]
    fn detects_by_signature_header() {
        let mut h = HeaderList::new();
        h.push("svix-signature", "v1,xx");
        assert_eq!(detect(&h).map(|s| s.name()), Some("svix"));
        let mut h = HeaderList::new();
        h.push("x-hub-signature-256", "sha256=00");
        h.push("x-hub-signature", "sha1=00");
        assert_eq!(detect(&h).map(|s| s.name()), Some("github"));
        assert!(detect(&HeaderList::new()).is_none());
        assert_eq!(find("Stripe").map(|s| s.name()), Some("stripe"));
        // The shared X-Hub-Signature goes by its shape and the headers beside it.
        let shared = |extra: &[(&str, &str)], value: &str| {
            let mut h = HeaderList::new();
            for (n, v) in extra {
                h.push(*n, *v);
            }
            h.push("X-Hub-Signature", value);
            detect(&h).map(|s| s.name().to_string())
        };
        assert_eq!(
            shared(&[("X-GitHub-Event", "push")], "sha1=00").as_deref(),
            Some("github")
        );
        assert_eq!(
            shared(&[("User-Agent", "GitHub-Hookshot/1")], "sha1=00").as_deref(),
            Some("github")
        );
        assert_eq!(shared(&[], "sha1=00").as_deref(), Some("intercom"));
        assert_eq!(
            shared(&[("X-Event-Key", "repo:push")], "sha256=00").as_deref(),
            Some("bitbucket")
        );
        assert_eq!(shared(&[], "sha256=00").as_deref(), Some("bitbucket"));
        assert_eq!(
            shared(&[("X-Atlassian-Webhook-Identifier", "1")], "sha256=00").as_deref(),
            Some("jira")
        );
        assert_eq!(shared(&[], "md5=00").as_deref(), Some("bitbucket"));
        let mut h = HeaderList::new();
        h.push("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        assert_eq!(identify(&h, b"").map(|s| s.name()), Some("stripe"));
        let mut h = HeaderList::new();
        h.push("X-GitHub-Event", "ping");
        assert_eq!(identify(&h, b"").map(|s| s.name()), Some("github"));
    }

    #[test]
    fn svix_headers_win_over_webhook_headers_which_alone_are_standard() {
        let mut both = HeaderList::new();
        both.push("webhook-signature", "v1,xx");
        both.push("svix-signature", "v1,xx");
        assert_eq!(detect(&both).map(|s| s.name()), Some("svix"));
        let mut standard = HeaderList::new();
        standard.push("webhook-signature", "v1,xx");
        assert_eq!(detect(&standard).map(|s| s.name()), Some("standard"));
        let mut unsigned = HeaderList::new();
        unsigned.push("webhook-id", "msg_1");
        assert_eq!(identify(&unsigned, b"").map(|s| s.name()), Some("standard"));
    }
}
