//! The generic `hmac` provider: a template HMAC described by flags, for
//! people building their own webhooks.

use super::describe::BodyFields;
use super::hmac_scheme::{HmacScheme, IdStyle, SignatureFormat, TimestampSource};
use super::mac::{Algorithm, Encoding, KeyFormat};
use super::timestamp::{TimeFormat, Tolerance};

/// Flags of the generic `hmac` provider, for people building their own webhooks.
#[derive(Debug, Clone)]
pub struct GenericHmac {
    /// Signature header name.
    pub header: String,
    /// Hash under the HMAC.
    pub algorithm: Algorithm,
    /// Encoding of the MAC.
    pub encoding: Encoding,
    /// Text before the signature.
    pub prefix: String,
    /// Signed bytes template.
    pub payload_template: String,
    /// Header carrying `{timestamp}`.
    pub timestamp_header: Option<String>,
    /// Header carrying `{id}`.
    pub id_header: Option<String>,
}

impl GenericHmac {
    /// Build the scheme. The strings are leaked on purpose: a scheme lives for
    /// the whole process, and this lets generic and built-in schemes share one type.
    pub fn into_scheme(self) -> anyhow::Result<HmacScheme> {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let template = self.payload_template;
        for (needed, flag, given) in [
            ("{timestamp}", "--timestamp-header", self.timestamp_header.is_some()),
            ("{id}", "--id-header", self.id_header.is_some()),
        ] {
            if template.contains(needed) && !given {
                return Err(crate::error::hinted(
                    format!("the payload template uses {needed} but no {flag} says where it travels"),
                    format!(
                        "add {flag} NAME, e.g. {flag} X-Webhook-{}",
                        if needed == "{id}" { "Id" } else { "Timestamp" }
                    ),
                ));
            }
        }
        if let Some(unknown) = super::template::unknown_placeholder(&template) {
            return Err(crate::error::hinted(
                format!("the payload template has {unknown}, which is not a placeholder: it would be signed as those letters"),
                "the placeholders are {body}, {timestamp}, {id} and {url}",
            ));
        }
        if !template.contains("{body}") {
            return Err(crate::error::hinted(
                format!("the payload template {template:?} does not contain {{body}}, so the body would not be signed"),
                "put {body} where the body goes, e.g. --payload-template '{timestamp}.{body}'",
            ));
        }
        Ok(HmacScheme {
            name: "hmac",
            title: "Generic HMAC",
            algorithm: self.algorithm,
            encoding: self.encoding,
            key: KeyFormat::Utf8,
            payload: leak(template),
            signature: SignatureFormat::Single {
                header: leak(self.header),
                prefix: leak(self.prefix),
            },
            timestamp: match self.timestamp_header {
                Some(h) => TimestampSource::Header(leak(h), TimeFormat::UnixSeconds),
                None => TimestampSource::None,
            },
            tolerance: Tolerance::NONE,
            id: self.id_header.map(|h| (leak(h), IdStyle::Uuid)),
            event_header: None,
            legacy: None,
            fixed_headers: &[],
            multi: false,
            fields: BodyFields::NONE,
            alternate: None,
            alternate_detected: true,
            requires: None,
        })
    }
}
