//! The other providers whose scheme is a template HMAC (SIGNATURES.md
//! §12–§28): one row each, built like those in `providers.rs`.

use super::describe::BodyFields;
use super::hmac_scheme::{HmacScheme, IdStyle, Legacy, SignatureFormat as F, TimestampSource as T};
use super::mac::{Algorithm::*, Encoding::*};
use super::providers::{fields, row};
use super::timestamp::{TimeFormat::*, Tolerance};

/// §25 PagerDuty v3: `v1=` hex list, comma-separated during rotation.
pub const PAGERDUTY: HmacScheme = HmacScheme {
    signature: F::List {
        header: "X-PagerDuty-Signature",
        prefix: "v1=",
        separator: ",",
    },
    multi: true,
    fields: fields(&["/event/event_type"], &["/event/id"]),
    ..row("pagerduty", "PagerDuty", "")
};

/// §26 WooCommerce: base64 of the body's HMAC.
pub const WOOCOMMERCE: HmacScheme = HmacScheme {
    encoding: Base64,
    id: Some(("X-WC-Webhook-Delivery-ID", IdStyle::Digits)),
    event_header: Some("X-WC-Webhook-Topic"),
    ..row("woocommerce", "WooCommerce", "X-WC-Webhook-Signature")
};

/// §20 Vercel: HMAC-SHA1 hex of the body.
pub const VERCEL: HmacScheme = HmacScheme {
    algorithm: Sha1,
    fields: fields(&["/type"], &["/id"]),
    ..row("vercel", "Vercel", "x-vercel-signature")
};

/// §13 Square: base64 over `notification_url || body`; legacy SHA-1 header.
pub const SQUARE: HmacScheme = HmacScheme {
    encoding: Base64,
    payload: "{url}{body}",
    legacy: Some(Legacy {
        header: "x-square-signature",
        algorithm: Sha1,
        prefix: "",
    }),
    fields: fields(&["/type"], &["/event_id"]),
    ..row("square", "Square", "x-square-hmacsha256-signature")
};

/// §12 Zoom: `v0=` hex over `v0:ts:body` (no documented tolerance).
pub const ZOOM: HmacScheme = HmacScheme {
    payload: "v0:{timestamp}:{body}",
    signature: F::Single {
        header: "x-zm-signature",
        prefix: "v0=",
    },
    timestamp: T::Header("x-zm-request-timestamp", UnixSeconds),
    fields: fields(&["/event"], &[]),
    ..row("zoom", "Zoom", "")
};

/// §17 Twitch EventSub: `sha256=` hex over `id || ts || body`, RFC 3339 timestamp, 10 min.
pub const TWITCH: HmacScheme = HmacScheme {
    payload: "{id}{timestamp}{body}",
    signature: F::Single {
        header: "Twitch-Eventsub-Message-Signature",
        prefix: "sha256=",
    },
    timestamp: T::Header("Twitch-Eventsub-Message-Timestamp", Rfc3339),
    tolerance: Tolerance::age(600),
    id: Some(("Twitch-Eventsub-Message-Id", IdStyle::Uuid)),
    event_header: Some("Twitch-Eventsub-Subscription-Type"),
    fixed_headers: &[("Twitch-Eventsub-Message-Type", "notification")],
    ..row("twitch", "Twitch EventSub", "")
};

/// §18 Typeform: `sha256=` then **base64**.
pub const TYPEFORM: HmacScheme = HmacScheme {
    encoding: Base64,
    signature: F::Single {
        header: "Typeform-Signature",
        prefix: "sha256=",
    },
    fields: fields(&["/event_type"], &["/event_id"]),
    ..row("typeform", "Typeform", "")
};

/// §22 Calendly: `t=…,v1=…` over `t.body`, docs reject after 3 minutes.
pub const CALENDLY: HmacScheme = HmacScheme {
    payload: "{timestamp}.{body}",
    signature: F::Keyed {
        header: "Calendly-Webhook-Signature",
        ts_key: "t",
        sig_key: "v1",
        separator: ',',
    },
    timestamp: T::InSignature,
    tolerance: Tolerance::age(180),
    fields: fields(&["/event"], &[]),
    ..row("calendly", "Calendly", "")
};

/// §27 Mux: `t=…,v1=…` over `t.body` (tolerance 300 s, age only, as Stripe-like verifiers use).
pub const MUX: HmacScheme = HmacScheme {
    payload: "{timestamp}.{body}",
    signature: F::Keyed {
        header: "Mux-Signature",
        ts_key: "t",
        sig_key: "v1",
        separator: ',',
    },
    timestamp: T::InSignature,
    tolerance: Tolerance::age(300),
    fields: fields(&["/type"], &["/id"]),
    ..row("mux", "Mux", "")
};

/// §21 Bitbucket: GitHub's header name with SHA-256 content.
pub const BITBUCKET: HmacScheme = HmacScheme {
    signature: F::Single {
        header: "X-Hub-Signature",
        prefix: "sha256=",
    },
    id: Some(("X-Request-UUID", IdStyle::Uuid)),
    event_header: Some("X-Event-Key"),
    ..row("bitbucket", "Bitbucket", "")
};

/// §29 Jira admin webhooks: Bitbucket's `X-Hub-Signature: sha256=` over the
/// body; told apart by `X-Atlassian-Webhook-Identifier` beside it.
pub const JIRA: HmacScheme = HmacScheme {
    signature: F::Single {
        header: "X-Hub-Signature",
        prefix: "sha256=",
    },
    id: Some(("X-Atlassian-Webhook-Identifier", IdStyle::Digits)),
    requires: Some("X-Atlassian-Webhook-Identifier"),
    fields: fields(&["/webhookEvent"], &[]),
    ..row("jira", "Jira", "")
};

/// §14 Intercom: `sha1=` hex of the body.
pub const INTERCOM: HmacScheme = HmacScheme {
    algorithm: Sha1,
    signature: F::Single {
        header: "X-Hub-Signature",
        prefix: "sha1=",
    },
    fields: fields(&["/topic"], &["/id"]),
    ..row("intercom", "Intercom", "")
};

/// §19 Lemon Squeezy: hex of the body, event in `X-Event-Name`.
pub const LEMONSQUEEZY: HmacScheme = HmacScheme {
    event_header: Some("X-Event-Name"),
    fields: fields(&["/meta/event_name"], &[]),
    ..row("lemonsqueezy", "Lemon Squeezy", "X-Signature")
};

/// §23 Dropbox: hex of the body.
pub const DROPBOX: HmacScheme = row("dropbox", "Dropbox", "X-Dropbox-Signature");

/// §28 Sentry: hex of the body, resource in `Sentry-Hook-Resource`.
pub const SENTRY: HmacScheme = HmacScheme {
    event_header: Some("Sentry-Hook-Resource"),
    fields: BodyFields {
        event: &[],
        action: true,
        id: &[],
    },
    ..row("sentry", "Sentry", "Sentry-Hook-Signature")
};
