//! The providers whose scheme is a template HMAC: one row each.
//! Facts and sources: ../shared/SIGNATURES.md (section numbers in comments).

use super::describe::BodyFields;
use super::hmac_scheme::{HmacScheme, IdStyle, Legacy, SignatureFormat as F, TimestampSource as T};
use super::mac::{Algorithm::*, Encoding::*, KeyFormat::*};
use super::timestamp::{TimeFormat::*, Tolerance};

const fn row(name: &'static str, title: &'static str, header: &'static str) -> HmacScheme {
    HmacScheme {
        name,
        title,
        algorithm: Sha256,
        encoding: Hex,
        key: Utf8,
        payload: "{body}",
        signature: F::Single { header, prefix: "" },
        timestamp: T::None,
        tolerance: Tolerance::NONE,
        id: None,
        event_header: None,
        legacy: None,
        fixed_headers: &[],
        multi: false,
        fields: BodyFields::NONE,
        alternate: None,
    }
}

const fn fields(event: &'static [&'static str], id: &'static [&'static str]) -> BodyFields {
    BodyFields {
        event,
        action: false,
        id,
    }
}

/// §1 GitHub: `sha256=` hex of the body, legacy SHA-1 header alongside.
pub const GITHUB: HmacScheme = HmacScheme {
    signature: F::Single {
        header: "X-Hub-Signature-256",
        prefix: "sha256=",
    },
    id: Some(("X-GitHub-Delivery", IdStyle::Uuid)),
    event_header: Some("X-GitHub-Event"),
    legacy: Some(Legacy {
        header: "X-Hub-Signature",
        algorithm: Sha1,
        prefix: "sha1=",
    }),
    fixed_headers: &[("User-Agent", "GitHub-Hookshot/hook")],
    fields: BodyFields {
        event: &[],
        action: true,
        id: &[],
    },
    ..row("github", "GitHub", "")
};

/// §2 Stripe: `t=…,v1=…` over `t.body`, key is the whole `whsec_` text, age-only 300 s.
pub const STRIPE: HmacScheme = HmacScheme {
    payload: "{timestamp}.{body}",
    signature: F::Keyed {
        header: "Stripe-Signature",
        ts_key: "t",
        sig_key: "v1",
        separator: ',',
    },
    timestamp: T::InSignature,
    tolerance: Tolerance::age(300),
    fixed_headers: &[("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")],
    multi: true,
    fields: fields(&["/type"], &["/id"]),
    ..row("stripe", "Stripe", "")
};

/// §3 Slack: `v0=` hex over `v0:ts:body`, ±300 s.
pub const SLACK: HmacScheme = HmacScheme {
    payload: "v0:{timestamp}:{body}",
    signature: F::Single {
        header: "X-Slack-Signature",
        prefix: "v0=",
    },
    timestamp: T::Header("X-Slack-Request-Timestamp", UnixSeconds),
    tolerance: Tolerance::both(300),
    fixed_headers: &[("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")],
    fields: fields(&["/event/type", "/type", "/command"], &["/event_id", "/trigger_id"]),
    ..row("slack", "Slack", "")
};

/// §4 Shopify: base64 of the body's HMAC, no prefix.
pub const SHOPIFY: HmacScheme = HmacScheme {
    encoding: Base64,
    id: Some(("X-Shopify-Webhook-Id", IdStyle::Uuid)),
    event_header: Some("X-Shopify-Topic"),
    alternate: Some(&SHOPIFY_UNPREFIXED),
    ..row("shopify", "Shopify", "X-Shopify-Hmac-Sha256")
};

/// §4 Shopify's newer event webhooks: the same signature under unprefixed
/// names. Not a provider of its own: `SHOPIFY` reads these when present.
const SHOPIFY_UNPREFIXED: HmacScheme = HmacScheme {
    encoding: Base64,
    id: Some(("shopify-webhook-id", IdStyle::Uuid)),
    event_header: Some("shopify-topic"),
    ..row("shopify", "Shopify", "shopify-hmac-sha256")
};

/// §5 Standard Webhooks: `v1,<b64>` list over `id.ts.body`, key = decoded `whsec_` base64.
pub const STANDARD: HmacScheme = standard_like(
    "standard",
    "Standard Webhooks",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
);

/// §6 Svix: Standard Webhooks under `svix-*` header names.
pub const SVIX: HmacScheme = standard_like(
    "svix",
    "Svix (Clerk, Resend, …)",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
);

const fn standard_like(
    name: &'static str,
    title: &'static str,
    id: &'static str,
    ts: &'static str,
    sig: &'static str,
) -> HmacScheme {
    HmacScheme {
        encoding: Base64,
        key: WhsecBase64,
        payload: "{id}.{timestamp}.{body}",
        signature: F::List {
            header: sig,
            prefix: "v1,",
            separator: " ",
        },
        timestamp: T::Header(ts, UnixSeconds),
        tolerance: Tolerance::both(300),
        id: Some((id, IdStyle::Prefixed("msg_"))),
        multi: true,
        fields: fields(&["/type"], &[]),
        ..row(name, title, "")
    }
}

/// §8 Paddle Billing: `ts=…;h1=…` over `ts:body`, SDK tolerance 5 s.
pub const PADDLE: HmacScheme = HmacScheme {
    payload: "{timestamp}:{body}",
    signature: F::Keyed {
        header: "Paddle-Signature",
        ts_key: "ts",
        sig_key: "h1",
        separator: ';',
    },
    timestamp: T::InSignature,
    tolerance: Tolerance::both(5),
    multi: true,
    fields: fields(&["/event_type"], &["/event_id", "/notification_id"]),
    ..row("paddle", "Paddle Billing", "")
};

/// §9 Linear: hex of the body; `webhookTimestamp` (ms) in the body, ±60 s.
pub const LINEAR: HmacScheme = HmacScheme {
    timestamp: T::BodyField {
        field: "webhookTimestamp",
        header: "Linear-Timestamp",
        format: UnixMillis,
    },
    tolerance: Tolerance::both(60),
    id: Some(("Linear-Delivery", IdStyle::Uuid)),
    event_header: Some("Linear-Event"),
    fields: BodyFields {
        event: &["/type"],
        action: true,
        id: &["/webhookId"],
    },
    ..row("linear", "Linear", "Linear-Signature")
};

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
