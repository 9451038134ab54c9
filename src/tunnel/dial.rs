//! Dialling the relay: the WebSocket URL, the connection (TLS when asked)
//! and the Hello/Welcome handshake of `protocol`.

use super::client::TunnelConfig;
use super::protocol::{self, RelayFrame, TunnelFrame};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

/// The WebSocket URL for a relay URL.
pub(super) fn ws_url(relay: &url::Url) -> String {
    let mut u = relay.clone();
    let scheme = match relay.scheme() {
        "https" | "wss" => "wss",
        _ => "ws",
    };
    let _ = u.set_scheme(scheme);
    if !u.path().ends_with(protocol::WS_PATH) {
        let path = format!("{}{}", u.path().trim_end_matches('/'), protocol::WS_PATH);
        u.set_path(&path);
    }
    u.to_string()
}

/// Why a connection attempt failed.
pub(super) enum ConnectError {
    /// The relay said no for good (token, channel, version): stop.
    Refused(String),
    /// The relay's certificate is not trusted: retrying cannot help, a flag or a new certificate can.
    Untrusted(super::trust::Untrusted),
    /// Anything else: try again after a while.
    Failed(String),
}

/// The link to the relay.
pub(super) type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// What the relay's `Welcome` said.
pub(super) struct Terms {
    /// The channel this tunnel holds.
    pub channel: String,
    /// Its public URL.
    pub url: String,
    /// The relay's body limit: a larger answer could not go back through it.
    pub max_body: u64,
    /// After this long the relay has answered the sender 504 itself.
    pub timeout: std::time::Duration,
}

/// Connect and shake hands; the link and the relay's terms.
pub(super) async fn connect(
    cfg: &TunnelConfig,
    channel: &str,
    connector: tokio_tungstenite::Connector,
) -> Result<(Ws, Terms), ConnectError> {
    let url = ws_url(&cfg.relay);
    // The URL may hold a password or a token: only its redacted form is ever shown.
    let shown = crate::http::redacted(&url::Url::parse(&url).unwrap_or_else(|_| cfg.relay.clone()));
    let config = protocol::link::ws_config(protocol::TUNNEL_MAX_FRAME);
    let attempt = tokio_tungstenite::connect_async_tls_with_config(url.as_str(), Some(config), true, Some(connector));
    let (mut ws, _) = match tokio::time::timeout(protocol::HANDSHAKE_TIMEOUT, attempt).await {
        Ok(Ok(ok)) => ok,
        Ok(Err(e)) => {
            if let Some(why) = super::trust::untrusted(&e, cfg.cacert.is_some()) {
                return Err(ConnectError::Untrusted(why));
            }
            return Err(ConnectError::Failed(format!(
                "cannot reach the relay at {shown}: {}",
                crate::http::root_cause(&e)
            )));
        }
        Err(_) => {
            return Err(ConnectError::Failed(format!(
                "the relay at {shown} did not answer in time"
            )))
        }
    };
    let hello = TunnelFrame::Hello {
        version: protocol::VERSION,
        token: cfg.token.expose().to_string(),
        channel: channel.to_string(),
    };
    if ws.send(Message::Binary(hello.encode())).await.is_err() {
        return Err(ConnectError::Failed(
            "the relay closed the link during the handshake".into(),
        ));
    }
    match tokio::time::timeout(protocol::HANDSHAKE_TIMEOUT, ws.next()).await {
        Ok(Some(Ok(Message::Binary(b)))) => match RelayFrame::decode(b) {
            Ok(RelayFrame::Welcome {
                channel,
                url,
                max_body,
                timeout_ms,
                ..
            }) => Ok((
                ws,
                Terms {
                    channel,
                    url,
                    max_body,
                    timeout: std::time::Duration::from_millis(timeout_ms),
                },
            )),
            Ok(RelayFrame::Refused { reason, retry: true }) => Err(ConnectError::Failed(reason)),
            Ok(RelayFrame::Refused { reason, .. }) => Err(ConnectError::Refused(reason)),
            _ => Err(ConnectError::Failed(
                "the relay sent something other than Welcome".into(),
            )),
        },
        _ => Err(ConnectError::Failed(
            "the relay did not welcome the tunnel in time".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ws_urls() {
        assert_eq!(
            ws_url(&url::Url::parse("https://relay.example.com").unwrap()),
            "wss://relay.example.com/_hook/tunnel"
        );
        assert_eq!(
            ws_url(&url::Url::parse("http://127.0.0.1:9000/").unwrap()),
            "ws://127.0.0.1:9000/_hook/tunnel"
        );
    }
}
