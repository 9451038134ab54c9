//! What a request is about: the event type and delivery id, from the
//! provider's headers or body, and whether headers look like a provider's
//! even when unsigned.

use super::body_view::BodyView;
use crate::model::HeaderList;
use serde_json::Value;

/// Where a provider puts the event type and delivery id in the body.
#[derive(Debug, Clone, Copy)]
pub struct BodyFields {
    /// JSON pointers tried in order for the event type (`/type`, `/event/type`).
    pub event: &'static [&'static str],
    /// Append the body's `/action` to the event (`pull_request.opened`).
    pub action: bool,
    /// JSON pointers tried in order for the delivery or event id.
    pub id: &'static [&'static str],
}

impl BodyFields {
    /// Nothing in the body.
    pub const NONE: BodyFields = BodyFields {
        event: &[],
        action: false,
        id: &[],
    };
}

/// The event type and delivery id of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Described {
    /// Event type, e.g. `push`, `payment_intent.succeeded`.
    pub event: Option<String>,
    /// Delivery / event id, stable across retries.
    pub delivery_id: Option<String>,
}

/// The body as JSON, or a form body as an object of its fields, so JSON
/// pointers reach both.
pub fn body_value(body: &[u8]) -> Option<Value> {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return Some(v);
    }
    form_value(body)
}

/// A form body as an object of its fields; `None` when it does not look like one.
pub(super) fn form_value(body: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains('=') || text.contains(char::is_whitespace) {
        return None;
    }
    let map = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    Some(Value::Object(map))
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first(body: &BodyView, pointers: &[&str]) -> Option<String> {
    pointers.iter().find_map(|p| body.pointer(p).as_ref().and_then(scalar))
}

/// Event and id from a header each, falling back to body fields.
pub fn describe_with(
    headers: &HeaderList,
    body: &BodyView,
    event_header: Option<&str>,
    id_header: Option<&str>,
    fields: BodyFields,
) -> Described {
    let mut event = event_header
        .and_then(|h| headers.get(h))
        .map(String::from)
        .or_else(|| first(body, fields.event));
    if fields.action {
        if let (Some(e), Some(action)) = (&mut event, first(body, &["/action"])) {
            e.push('.');
            e.push_str(&action);
        }
    }
    let delivery_id = id_header
        .and_then(|h| headers.get(h))
        .map(String::from)
        .or_else(|| first(body, fields.id));
    Described { event, delivery_id }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_then_body_then_action() {
        let mut h = HeaderList::new();
        h.push("X-GitHub-Event", "pull_request");
        let body = BodyView::of(br#"{"action":"opened","id":7}"#);
        let fields = BodyFields {
            event: &["/type"],
            action: true,
            id: &["/id"],
        };
        let d = describe_with(&h, &body, Some("x-github-event"), Some("X-GitHub-Delivery"), fields);
        assert_eq!(
            d,
            Described {
                event: Some("pull_request.opened".into()),
                delivery_id: Some("7".into())
            }
        );
    }

    #[test]
    fn form_bodies_are_reachable() {
        assert!(body_value(b"command=%2Fdeploy&text=now").is_some());
        let v = BodyView::of(b"command=%2Fdeploy&text=now");
        assert_eq!(first(&v, &["/command"]), Some("/deploy".into()));
        assert!(body_value(b"hello world").is_none());
        assert!(body_value(&[0xff, 0xfe]).is_none());
    }
}
