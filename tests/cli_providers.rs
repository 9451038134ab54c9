//! `hook providers`: every provider with its headers and what it signs, or
//! only those named; a name it does not know is an error naming the closest.

mod common;

use common::*;

#[test]
fn providers_lists_every_provider() {
    let names = "github stripe slack shopify svix standard twilio paddle linear gitlab pagerduty woocommerce \
                 vercel square zoom twitch typeform calendly mux discord jira bitbucket intercom lemonsqueezy \
                 dropbox sentry hubspot mailgun sendgrid hmac";
    let text = run("providers", None);
    assert_eq!(text.code, 0);
    let names_in_table = text.stdout.lines().filter(|l| !l.starts_with(' '));
    let listed: Vec<&str> = names_in_table.filter_map(|l| l.split_whitespace().next()).collect();
    let json = providers();
    assert_eq!(json.len(), names.split_whitespace().count(), "{}", text.stdout);
    for name in names.split_whitespace() {
        assert!(listed.contains(&name), "{name} missing from hook providers");
        let info = json.iter().find(|i| i["name"] == name).expect("in --json");
        assert!(info["headers"].as_array().is_some_and(|h| !h.is_empty()), "{info}");
        assert!(info["title"].as_str().is_some_and(|t| !t.is_empty()), "{info}");
    }
}

#[test]
fn providers_named_are_the_only_ones_shown_in_the_order_given() {
    let text = run("providers stripe hmac github", None);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let listed: Vec<&str> = (text.stdout.lines().filter(|l| !l.starts_with(' ')))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(listed, ["stripe", "hmac", "github"], "{}", text.stdout);
    let json = run("providers --json shopify", None);
    let lines: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", json.stdout);
    assert_eq!(lines[0]["name"], "shopify");
}

#[test]
fn an_unknown_provider_is_an_error_naming_the_closest() {
    let out = run("providers stripe stipe", None);
    assert_error(&out, "unknown provider \"stipe\"");
    assert!(out.stderr.contains("did you mean stripe?"), "{}", out.stderr);
}
