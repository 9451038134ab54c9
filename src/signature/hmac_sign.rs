//! Signing for every template-HMAC provider: the headers a provider sends
//! for a body, from its row in `providers.rs` or `providers_more.rs`.

use super::hmac_scheme::{usable_keys, HmacScheme, TimestampSource};
use super::template::Parts;
use super::{SignInput, Signed};

/// The provider's headers for `input`: fixed ones, event, id, timestamp,
/// a legacy signature, then the signature.
pub(super) fn sign(scheme: &HmacScheme, input: &SignInput) -> anyhow::Result<Signed> {
    let mut signed = Signed::default();
    let url = match (scheme.signs_url(), input.url) {
        (true, None) => return Err(super::url_required(scheme.name)),
        (_, url) => url.unwrap_or(""),
    };
    let id = input
        .id
        .map(String::from)
        .or_else(|| scheme.id.map(|(_, style)| style.fresh()))
        .unwrap_or_default();
    let ts = scheme.timestamp_text(input.timestamp)?;
    super::first_secret(input)?;
    let (mut keys, unusable) = usable_keys(scheme, input.secrets)?;
    for (i, why) in unusable {
        signed.notes.push(format!(
            "secret #{} was not used: it cannot be used for {}: {why}",
            i + 1,
            scheme.name
        ));
    }
    if let (None, Some(_)) = (scheme.event_header, input.event) {
        signed.notes.push(format!(
            "{} has no event header (the event type travels in the body): --event ignored",
            scheme.name
        ));
    }
    if !scheme.multi && keys.len() > 1 {
        signed.notes.push(format!(
            "{} sends one signature: signed with secret #{} only",
            scheme.name,
            keys[0].0 + 1
        ));
        keys.truncate(1);
    }
    let parts = Parts {
        body: input.body,
        timestamp: &ts,
        id: &id,
        url,
    };
    let sigs: Vec<_> = (keys.iter())
        .map(|(_, key)| scheme.signature(scheme.algorithm, key, &parts))
        .collect();
    let h = &mut signed.headers;
    for (name, value) in scheme.fixed_headers {
        h.push(*name, *value);
    }
    if let (Some(header), Some(event)) = (scheme.event_header, input.event) {
        h.push(header, event);
    }
    if let Some((header, _)) = scheme.id {
        h.push(header, id.clone());
    }
    match scheme.timestamp {
        TimestampSource::Header(header, _) | TimestampSource::BodyField { header, .. } => h.push(header, ts.clone()),
        _ => {}
    }
    if let Some(l) = scheme.legacy {
        let mut value = String::from(l.prefix);
        value.push_str(&scheme.signature(l.algorithm, &keys[0].1, &parts));
        h.push(l.header, value);
    }
    h.push(scheme.signature.header(), scheme.header_value(&ts, &sigs));
    Ok(signed)
}
