//! The providers whose scheme is a template HMAC: one row each, the most
//! used here (GitHub to Linear) and the rest in `providers_more.rs`.
//! Facts and sources: the team's signature notes, SIGNATURES.md, kept beside
//! the repository rather than in it; the `§N` in comments are its sections.
//! Each fact there comes from the provider's documentation or official library.

use super::describe::BodyFields;
use super::hmac_scheme::{HmacScheme, IdStyle, Legacy, SignatureFormat as F, TimestampSource as T};
use super::mac::{Algorithm::*, Encoding::*, KeyFormat::*};
use super::timestamp::{TimeFormat::*, Tolerance};

/// A row with the common defaults: HMAC-SHA256 hex of the body, no timestamp.
pub(super) const fn row(name: &'static str, title: &'static str, header: &'static str) -> HmacScheme {
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
        alternate_detected: true,
        requires: None,
    }
}

/// Where the body says the event and the delivery id.
pub(super) const fn fields(event: &'static [&'static str], id: &'static [&'static str]) -> BodyFields {
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

/// §6 Svix: Standard Webhooks under `svix-*` header names. Like the Svix
/// libraries, it reads the `webhook-*` names when no `svix-signature` is
/// present, and prefers `svix-*` when both are.
pub const SVIX: HmacScheme = HmacScheme {
    alternate: Some(&SVIX_UNDER_WEBHOOK_NAMES),
    // A request with only `webhook-*` headers is detected as Standard Webhooks.
    alternate_detected: false,
    ..standard_like("svix", SVIX_TITLE, "svix-id", "svix-timestamp", "svix-signature")
};

const SVIX_TITLE: &str = "Svix (Clerk, Resend, …)";

/// Svix white-labelled under the Standard Webhooks names; read by `SVIX`.
const SVIX_UNDER_WEBHOOK_NAMES: HmacScheme = standard_like(
    "svix",
    SVIX_TITLE,
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
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
