//! Every provider signing and verifying through the `Scheme` interface, and
//! Shopify's newer header names (the published vectors: `vectors.rs`).

use super::vectors::{check, secrets};
use super::*;

#[test]
fn every_provider_round_trips_and_rejects_a_changed_body() {
    for scheme in schemes() {
        let name = scheme.name();
        let secret = match name {
            "discord" => "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "sendgrid" => super::vectors_sendgrid::PRIVATE_HEX,
            "standard" | "svix" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            _ => "s3cret",
        };
        let verify_secret = match name {
            "discord" => "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "sendgrid" => super::vectors_sendgrid::PUBLIC,
            _ => secret,
        };
        let body = br#"{"webhookTimestamp":1700000000000,"id":"evt_1"}"#;
        let url = Some("https://example.com/hooks?x=1");
        let s = secrets(&[secret]);
        let signed = scheme
            .sign(&SignInput {
                body,
                secrets: &s,
                timestamp: 1700000000,
                id: Some("msg_1"),
                url,
                method: "POST",
                event: Some("ping"),
            })
            .unwrap();
        let url = signed.url.as_deref().or(url);
        // Mailgun signs inside the body: what is sent is the body it returns.
        let sent = signed.body.as_deref().unwrap_or(body);
        let v = check(name, &[verify_secret], &signed.headers, url, 1700000001, sent);
        assert!(v.valid, "{name}: {v:?}");
        let changed = String::from_utf8_lossy(sent).replace("evt_1", "evt_2");
        let v = check(
            name,
            &[verify_secret],
            &signed.headers,
            url,
            1700000001,
            changed.as_bytes(),
        );
        // GitLab's token and Mailgun's signature do not cover the body: only they may accept a changed one.
        assert_eq!(v.valid, !scheme.signs_body(), "{name} and a changed body: {v:?}");
        assert_eq!(scheme.signs_body(), !["gitlab", "mailgun"].contains(&name), "{name}");
    }
}

/// Shopify's newer event webhooks carry the same signature under unprefixed
/// names (`shopify-hmac-sha256`, `shopify-topic`, `shopify-webhook-id`).
#[test]
fn shopify_unprefixed_headers_are_detected_described_and_verified() {
    let body = br#"{"id":1}"#;
    let sig = "1GxccvotnkOedTjSm8S0m/VA3yAUKshyqT52ccNYHj4=";
    let headers = HeaderList(vec![
        ("shopify-hmac-sha256".into(), sig.into()),
        ("shopify-topic".into(), "orders/create".into()),
        (
            "shopify-webhook-id".into(),
            "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043".into(),
        ),
    ]);
    let shopify = find("shopify").expect("shopify");
    assert_eq!(
        crate::signature::registry::detect(&headers).map(|s| s.name()),
        Some("shopify")
    );
    let d = shopify.describe(&headers, &super::body_view::BodyView::of(body));
    assert_eq!(d.event.as_deref(), Some("orders/create"));
    assert_eq!(d.delivery_id.as_deref(), Some("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"));
    let check = |secret: &str, headers: &HeaderList| {
        let secrets = [Secret::new(secret)];
        let input = VerifyInput {
            body,
            headers,
            secrets: &secrets,
            url: None,
            method: "POST",
            now: 0,
            tolerance: None,
        };
        shopify.verify(&input).expect("verdict").valid
    };
    assert!(check("shpss_test", &headers));
    assert!(!check("shpss_other", &headers));
    assert!(shopify.signature_headers().contains(&"shopify-hmac-sha256"));
    let secrets = [Secret::new("shpss_test")];
    let none = HeaderList::new();
    let input = VerifyInput {
        body,
        headers: &none,
        secrets: &secrets,
        url: None,
        method: "POST",
        now: 0,
        tolerance: None,
    };
    let v = shopify.verify(&input).expect("verdict");
    let said = v
        .findings
        .iter()
        .find(|f| f.code == "missing_signature")
        .expect("names both headers");
    assert!(said.message.contains("shopify-hmac-sha256"), "{}", said.message);
}
