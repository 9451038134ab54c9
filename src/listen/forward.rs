//! Forwarding to the user's app: the request byte-exact, the app's answer back.

use super::service::response;
use super::ForwardConfig;
use crate::model::{Capture, Forwarded, HeaderList};
use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use std::net::SocketAddr;
use std::time::Instant;

/// Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1),
/// plus the ones the client library sets itself.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
];

fn hop_by_hop(name: &str) -> bool {
    HOP_BY_HOP.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// The HTTP client for forwarding.
pub(super) fn client(cfg: &ForwardConfig) -> anyhow::Result<reqwest::Client> {
    crate::http::client(cfg.insecure, cfg.cacert.as_deref())
}

/// The URL to forward to: the app's base URL (its path as a prefix) plus the request's path and query.
pub fn target(base: &url::Url, path: &str, query: Option<&str>) -> String {
    let root = base.as_str().trim_end_matches('/');
    match query {
        Some(q) => format!("{root}{path}?{q}"),
        None => format!("{root}{path}"),
    }
}

/// Send the captured request to the app and wait for its whole answer.
pub(super) async fn forward(
    client: &reqwest::Client,
    cfg: &ForwardConfig,
    c: &Capture,
    remote: SocketAddr,
    tls: bool,
) -> Forwarded {
    let url = target(&cfg.base, &c.path, c.query.as_deref());
    let start = Instant::now();
    let method = reqwest::Method::from_bytes(c.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let mut req = client.request(method, &url).body(c.body.clone());
    for (name, value) in c.headers.iter().filter(|(n, _)| !hop_by_hop(n)) {
        req = req.header(name, value);
    }
    // Added, never replacing the sender's own.
    req = req.header("X-Forwarded-For", remote.ip().to_string());
    if let Some(host) = c
        .headers
        .get("host")
        .filter(|_| !c.headers.contains("x-forwarded-host"))
    {
        req = req.header("X-Forwarded-Host", host);
    }
    if !c.headers.contains("x-forwarded-proto") {
        req = req.header("X-Forwarded-Proto", if tls { "https" } else { "http" });
    }
    let attempt = async {
        let res = req.send().await?;
        let status = res.status().as_u16();
        let headers = HeaderList(
            res.headers()
                .iter()
                .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
        );
        let body = res.bytes().await?;
        Ok::<_, reqwest::Error>((status, headers, body))
    };
    match tokio::time::timeout(cfg.timeout, attempt).await {
        Ok(Ok((status, headers, body))) => Forwarded::Answered {
            url,
            status,
            latency: start.elapsed(),
            headers,
            body,
        },
        Ok(Err(e)) => Forwarded::Failed {
            url,
            status: 502,
            latency: start.elapsed(),
            error: describe_error(&e, &cfg.base),
        },
        Err(_) => Forwarded::Failed {
            url,
            status: 504,
            latency: start.elapsed(),
            error: format!(
                "no answer within {} (--timeout)",
                crate::signature::human_duration(cfg.timeout)
            ),
        },
    }
}

fn describe_error(e: &reqwest::Error, base: &url::Url) -> String {
    let host = base.host_str().unwrap_or("?");
    let port = base.port_or_known_default().unwrap_or(0);
    if e.is_connect() {
        format!(
            "cannot connect to {host}:{port}: is your app running? ({})",
            crate::http::root_cause(e)
        )
    } else {
        format!("the app's answer broke off: {}", crate::http::root_cause(e))
    }
}

/// What the sender gets: the app's answer, or 502/504 with a short reason.
pub(super) fn to_response(f: &Forwarded) -> Response<Full<Bytes>> {
    match f {
        Forwarded::Answered {
            status, headers, body, ..
        } => {
            let kept: Vec<(String, String)> = headers
                .iter()
                .filter(|(n, _)| !hop_by_hop(n))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            response(*status, &kept, body.clone())
        }
        Forwarded::Failed { status, error, .. } => response(
            *status,
            &[("Content-Type".into(), "text/plain; charset=utf-8".into())],
            Bytes::from(format!("hook: {error}\n")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_appends_path_and_query_to_the_base() {
        let base = url::Url::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(
            target(&base, "/hooks/gh", Some("a=1&b")),
            "http://127.0.0.1:3000/hooks/gh?a=1&b"
        );
        let base = url::Url::parse("http://localhost:3000/api/").unwrap();
        assert_eq!(target(&base, "/stripe", None), "http://localhost:3000/api/stripe");
    }
}
