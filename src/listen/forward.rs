//! Forwarding to the user's app: the request exactly (target bytes, raw
//! header values, body), and the app's answer back exactly.

use super::service::response;
use super::ForwardConfig;
use crate::http::exact::{ExactClient, ExactError};
use crate::model::{Forwarded, HeaderList};
use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http_body_util::Full;
use hyper::Response;
use std::net::SocketAddr;
use std::time::Instant;

/// Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1),
/// plus `Host` and `Content-Length`, which the client sets for the new hop.
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

fn hop_by_hop(name: &HeaderName) -> bool {
    HOP_BY_HOP.contains(&name.as_str())
}

/// The exact client for forwarding.
pub(super) fn client(cfg: &ForwardConfig) -> anyhow::Result<ExactClient> {
    ExactClient::new(cfg.insecure, cfg.cacert.as_deref())
}

/// The URL to forward to: the app's base URL (its path as a prefix) then the
/// request's path and query exactly as received.
pub fn target(base: &url::Url, path_and_query: &str) -> String {
    format!("{}{path_and_query}", base.as_str().trim_end_matches('/'))
}

/// What the request carried, untouched.
pub(super) struct Outgoing<'a> {
    pub method: &'a http::Method,
    pub path_and_query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: Bytes,
    pub remote: SocketAddr,
    pub tls: bool,
}

/// Send the request to the app; the outcome for the screen and the answer for the sender.
pub(super) async fn forward(
    client: &ExactClient,
    cfg: &ForwardConfig,
    out: Outgoing<'_>,
) -> (Forwarded, Response<Full<Bytes>>) {
    let url = target(&cfg.base, out.path_and_query);
    let mut headers = HeaderMap::with_capacity(out.headers.len() + 3);
    for (name, value) in out.headers.iter().filter(|(n, _)| !hop_by_hop(n)) {
        headers.append(name.clone(), value.clone());
    }
    // Added, never replacing the sender's own.
    if let Ok(v) = HeaderValue::from_str(&out.remote.ip().to_string()) {
        headers.append("x-forwarded-for", v);
    }
    if let (Some(host), false) = (
        out.headers.get(http::header::HOST),
        out.headers.contains_key("x-forwarded-host"),
    ) {
        headers.append("x-forwarded-host", host.clone());
    }
    if !out.headers.contains_key("x-forwarded-proto") {
        headers.append(
            "x-forwarded-proto",
            HeaderValue::from_static(if out.tls { "https" } else { "http" }),
        );
    }
    let start = Instant::now();
    let answer = tokio::time::timeout(cfg.timeout, client.send(out.method.clone(), &url, &headers, out.body)).await;
    let latency = start.elapsed();
    let failed = |status: u16, error: String| {
        let res = response(
            status,
            &[("Content-Type".into(), "text/plain; charset=utf-8".into())],
            Bytes::from(format!("hook: {error}\n")),
        );
        (
            Forwarded::Failed {
                url: url.clone(),
                status,
                latency,
                error,
            },
            res,
        )
    };
    match answer {
        Ok(Ok(res)) => {
            let (parts, body) = res.into_parts();
            let shown = HeaderList(
                parts
                    .headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                    .collect(),
            );
            let mut back = Response::new(Full::new(body.clone()));
            *back.status_mut() = parts.status;
            for (name, value) in parts.headers.iter().filter(|(n, _)| !hop_by_hop(n)) {
                back.headers_mut().append(name.clone(), value.clone());
            }
            (
                Forwarded::Answered {
                    url: url.clone(),
                    status: parts.status.as_u16(),
                    latency,
                    headers: shown,
                    body,
                },
                back,
            )
        }
        Ok(Err(ExactError::Connect { target, cause })) => failed(
            502,
            format!("cannot connect to {target}: is your app running? ({cause})"),
        ),
        Ok(Err(e)) => failed(502, e.to_string()),
        Err(_) => failed(
            504,
            format!(
                "no answer within {} (--timeout)",
                crate::signature::human_duration(cfg.timeout)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_keeps_the_path_exactly() {
        let base = url::Url::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(target(&base, "/a/../b?x='y'"), "http://127.0.0.1:3000/a/../b?x='y'");
        let base = url::Url::parse("http://localhost:3000/api/").unwrap();
        assert_eq!(target(&base, "/stripe"), "http://localhost:3000/api/stripe");
    }
}
