//! The forwarding headers the relay adds, so the app behind the tunnel can
//! rebuild the URL the sender called: URL-signing providers (Twilio, Square)
//! sign `https://<public host>/<channel>/<path>`, while the app is asked for
//! `/<path>` on localhost. The sender's own headers are never replaced.

use crate::http::wire::{self, Header};
use bytes::Bytes;
use std::net::SocketAddr;

/// How senders reach the relay: `--public-url`'s scheme, host and path when
/// given (the relay may sit behind a TLS-terminating proxy), else its own.
#[derive(Debug, Clone)]
pub(super) struct Outside {
    /// The scheme senders use.
    proto: &'static str,
    /// `--public-url`'s host and port; `None`: the request's `Host` says it.
    host: Option<String>,
    /// `--public-url`'s path (`/hooks`), or empty.
    path: String,
}

impl Outside {
    /// From `--public-url`, if given; `tls`: the relay serves HTTPS itself.
    pub(super) fn new(public_url: Option<&str>, tls: bool) -> Outside {
        let url = public_url.and_then(|u| url::Url::parse(u).ok());
        // Serving TLS itself, the relay knows the sender used https, whatever --public-url says.
        let https = tls || url.as_ref().is_some_and(|u| u.scheme() == "https");
        let host = url.as_ref().and_then(|u| {
            let host = u.host_str()?;
            Some(match u.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_string(),
            })
        });
        let path = url
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        Outside {
            proto: if https { "https" } else { "http" },
            host,
            path,
        }
    }

    /// The path in front of the app's: `--public-url`'s path and `/<channel>`.
    fn prefix(&self, channel: &str) -> String {
        format!("{}/{channel}", self.path)
    }
}

/// The sender's address as the relay writes it, made once per connection
/// rather than formatted again for every request on it.
pub(super) struct Peer {
    /// `ip:port`, for the tunnel's screen.
    pub addr: String,
    /// The IP alone, for `X-Forwarded-For`.
    pub ip: Bytes,
}

impl Peer {
    pub(super) fn of(remote: SocketAddr) -> Peer {
        Peer {
            addr: remote.to_string(),
            ip: Bytes::from(remote.ip().to_string()),
        }
    }
}

/// Add, after the sender's headers: `X-Forwarded-For` (always), `-Host` and
/// `-Proto` (unless the sender sent its own: a proxy in front knows better),
/// and `X-Forwarded-Prefix` (always, as the last one: only the relay knows
/// the channel it stripped, and frameworks that trust one proxy read the last).
pub(super) fn add(headers: &mut Vec<Header>, ip: &Bytes, outside: &Outside, channel: &str) {
    let has = |headers: &[Header], name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let (own_host, own_proto) = (has(headers, "x-forwarded-host"), has(headers, "x-forwarded-proto"));
    let host = match &outside.host {
        Some(public) => Some(Bytes::from(public.clone())),
        None => wire::header(headers, "host").map(Bytes::copy_from_slice),
    };
    headers.push(("X-Forwarded-For".into(), ip.clone()));
    if let (false, Some(host)) = (own_host, host) {
        headers.push(("X-Forwarded-Host".into(), host));
    }
    if !own_proto {
        headers.push(("X-Forwarded-Proto".into(), Bytes::from_static(outside.proto.as_bytes())));
    }
    headers.push(("X-Forwarded-Prefix".into(), Bytes::from(outside.prefix(channel))));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(public_url: Option<&str>, tls: bool, sent: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut headers: Vec<Header> = sent
            .iter()
            .map(|(n, v)| (n.to_string(), Bytes::copy_from_slice(v.as_bytes())))
            .collect();
        let peer = Peer::of("10.0.0.1:5".parse().unwrap());
        add(&mut headers, &peer.ip, &Outside::new(public_url, tls), "tw");
        let text = |(n, v): &Header| (n.clone(), String::from_utf8_lossy(v).into_owned());
        headers.iter().skip(sent.len()).map(text).collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn they_describe_the_public_url() {
        let behind_proxy = added(
            Some("https://hooks.example.com/hooks/"),
            false,
            &[("Host", "127.0.0.1:9000")],
        );
        assert_eq!(
            behind_proxy,
            pairs(&[
                ("X-Forwarded-For", "10.0.0.1"),
                ("X-Forwarded-Host", "hooks.example.com"),
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Prefix", "/hooks/tw"),
            ])
        );
        let on_a_port = added(Some("http://hooks.example.com:8080"), false, &[("Host", "x")]);
        assert_eq!(
            on_a_port[1],
            ("X-Forwarded-Host".into(), "hooks.example.com:8080".into())
        );
        assert_eq!(on_a_port[3], ("X-Forwarded-Prefix".into(), "/tw".into()));
        let direct = added(None, true, &[("Host", "relay.example:8443")]);
        assert_eq!(
            direct[1..3],
            pairs(&[
                ("X-Forwarded-Host", "relay.example:8443"),
                ("X-Forwarded-Proto", "https")
            ])
        );
        assert_eq!(added(None, false, &[])[1], ("X-Forwarded-Proto".into(), "http".into()));
    }

    #[test]
    fn the_senders_own_are_kept_and_not_repeated() {
        let sent = [
            ("X-Forwarded-Proto", "http"),
            ("x-forwarded-host", "proxy.example"),
            ("X-Forwarded-Prefix", "/outer"),
        ];
        assert_eq!(
            added(Some("https://hooks.example.com"), false, &sent),
            pairs(&[("X-Forwarded-For", "10.0.0.1"), ("X-Forwarded-Prefix", "/tw")])
        );
    }
}
