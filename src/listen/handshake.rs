//! Verification handshakes providers send before real events, answered so
//! setup works without code: Slack, Zoom, Twitch, Discord, and GET challenges.

use crate::http::serve::Reply;
use crate::model::HeaderList;
use crate::secret::Secret;
use crate::signature::body_view::BodyView;
use bytes::Bytes;
use serde_json::{json, Value};

/// A recognised handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Handshake {
    /// Slack Events API `url_verification`: echo `challenge`.
    Slack(String),
    /// Zoom `endpoint.url_validation`: HMAC the `plainToken`.
    Zoom(String),
    /// Twitch EventSub `webhook_callback_verification`: echo `challenge` as text.
    Twitch(String),
    /// Discord interactions PING: answer `{"type":1}`.
    DiscordPing,
    /// A GET with `hub.challenge` (WebSub, Meta) or `challenge` (Dropbox): echo it.
    Challenge(String),
}

fn field(body: &BodyView, pointer: &str) -> Option<String> {
    body.pointer(pointer)?.as_str().map(String::from)
}

/// The challenge of a GET subscription check (Meta's `hub.challenge`,
/// others' `challenge`): never signed by its sender, so `--reject-invalid`
/// lets it through.
pub(crate) fn challenge(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == "hub.challenge" || k == "challenge")
        .map(|(_, v)| v.into_owned())
}

/// Which handshake this request is, if any.
pub(super) fn detect(method: &str, query: Option<&str>, headers: &HeaderList, body: &BodyView) -> Option<Handshake> {
    if method == "GET" {
        return challenge(query).map(Handshake::Challenge);
    }
    if field(body, "/type").as_deref() == Some("url_verification") {
        return field(body, "/challenge").map(Handshake::Slack);
    }
    if field(body, "/event").as_deref() == Some("endpoint.url_validation") {
        return field(body, "/payload/plainToken").map(Handshake::Zoom);
    }
    if headers.get("Twitch-Eventsub-Message-Type") == Some("webhook_callback_verification") {
        return field(body, "/challenge").map(Handshake::Twitch);
    }
    if headers.contains("X-Signature-Ed25519") && body.pointer("/type").and_then(|t| t.as_u64()) == Some(1) {
        return Some(Handshake::DiscordPing);
    }
    None
}

fn json_response(value: Value) -> Reply {
    Reply::typed(200, "application/json", Bytes::from(value.to_string()))
}

fn text_response(text: String) -> Reply {
    Reply::typed(200, "text/plain; charset=utf-8", Bytes::from(text))
}

/// The answer, and a label for the screen. `matched` is the index of the
/// secret the request's signature matched: with several `--secret`s (one
/// listener for several providers), Zoom's token must be encrypted with the
/// Zoom app's own, not merely the first.
pub(super) fn answer(h: &Handshake, secrets: &[Secret], matched: Option<usize>) -> (String, Reply) {
    match h {
        Handshake::Slack(challenge) => (
            "slack url_verification".into(),
            json_response(json!({ "challenge": challenge })),
        ),
        Handshake::Zoom(token) => match matched.and_then(|i| secrets.get(i)).or(secrets.first()) {
            Some(secret) => {
                let encrypted = hex::encode(
                    crate::signature::mac::Algorithm::Sha256.mac(secret.expose().as_bytes(), &[token.as_bytes()]),
                );
                (
                    "zoom endpoint.url_validation".into(),
                    json_response(json!({ "plainToken": token, "encryptedToken": encrypted })),
                )
            }
            None => (
                "zoom endpoint.url_validation: needs --secret (the app's Secret Token), answered 400".into(),
                Reply::new(
                    400,
                    &[],
                    Bytes::from_static(b"hook listen needs --secret to answer Zoom's URL validation\n"),
                ),
            ),
        },
        Handshake::Twitch(challenge) => (
            "twitch webhook_callback_verification".into(),
            text_response(challenge.clone()),
        ),
        Handshake::DiscordPing => ("discord PING".into(), json_response(json!({ "type": 1 }))),
        Handshake::Challenge(challenge) => ("GET challenge echoed".into(), text_response(challenge.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(v: &Value) -> BodyView<'static> {
        BodyView::of(Box::leak(v.to_string().into_bytes().into_boxed_slice()))
    }

    #[test]
    fn recognises_each_handshake() {
        let h = HeaderList::new();
        let slack = json!({"type": "url_verification", "challenge": "abc"});
        assert_eq!(
            detect("POST", None, &h, &view(&slack)),
            Some(Handshake::Slack("abc".into()))
        );
        let zoom = json!({"event": "endpoint.url_validation", "payload": {"plainToken": "pt"}});
        assert_eq!(
            detect("POST", None, &h, &view(&zoom)),
            Some(Handshake::Zoom("pt".into()))
        );
        assert_eq!(
            detect(
                "GET",
                Some("hub.mode=subscribe&hub.challenge=42"),
                &h,
                &BodyView::Opaque
            ),
            Some(Handshake::Challenge("42".into()))
        );
        assert_eq!(
            detect("POST", None, &h, &view(&json!({"type": 1}))),
            None,
            "discord PING needs its signature header"
        );
        let mut d = HeaderList::new();
        d.push("X-Signature-Ed25519", "00");
        assert_eq!(
            detect("POST", None, &d, &view(&json!({"type": 1}))),
            Some(Handshake::DiscordPing)
        );
    }
}
