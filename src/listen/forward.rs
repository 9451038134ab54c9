//! Forwarding to the user's app: the request exactly (target bytes, raw
//! header values, body), and the app's answer back exactly.

use super::ForwardConfig;
use crate::http::origin::OriginClient;
use crate::http::outgoing::ExchangeError;
use crate::http::serve::Reply;
use crate::http::wire::Header;
use crate::model::{Forwarded, HeaderList};
use bytes::Bytes;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

/// The client for forwarding: connections to the app's origin, kept alive.
pub(super) fn client(cfg: &ForwardConfig) -> anyhow::Result<OriginClient> {
    let tls = crate::http::tls_client_config(cfg.insecure, cfg.cacert.as_deref(), cfg.base.scheme() == "https")?;
    OriginClient::new(&cfg.base, Arc::new(tls))
        .map_err(|e| crate::error::hinted(e.to_string(), "give --forward-to an http:// or https:// URL, or a port"))
}

/// The URL to forward to: the app's base URL (its path as a prefix) then the
/// request's path and query exactly as received.
pub fn target(base: &url::Url, path_and_query: &str) -> String {
    format!("{}{path_and_query}", base.as_str().trim_end_matches('/'))
}

/// What the request carried, untouched.
pub(super) struct Outgoing<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub headers: &'a [Header],
    pub body: Bytes,
    pub remote: SocketAddr,
    pub tls: bool,
}

/// Send the request to the app; the outcome for the screen and the answer for the sender.
pub(super) async fn forward(client: &OriginClient, cfg: &ForwardConfig, out: Outgoing<'_>) -> (Forwarded, Reply) {
    let url = target(&cfg.base, out.target);
    let mut headers = out.headers.to_vec();
    crate::http::serve::add_forwarded(&mut headers, out.remote.ip(), out.tls);
    cfg.headers.apply(&mut headers);
    let start = Instant::now();
    let send = client.send(out.method, out.target, &headers, &out.body, u64::MAX);
    let answer = tokio::time::timeout(cfg.timeout, send).await;
    let latency = start.elapsed();
    let failed = |status: u16, error: String| {
        let reply = Reply::typed(
            status,
            "text/plain; charset=utf-8",
            Bytes::from(format!("hook: {error}\n")),
        );
        let outcome = Forwarded::Failed {
            url: url.clone(),
            status,
            latency,
            error,
        };
        (outcome, reply)
    };
    match answer {
        Ok(Ok(a)) => {
            let shown = HeaderList::shown(&a.headers);
            let outcome = Forwarded::Answered {
                url: url.clone(),
                status: a.status,
                latency,
                headers: shown,
                body: a.body.clone(),
            };
            (outcome, Reply::relayed(out.method, a))
        }
        Ok(Err(ExchangeError::Connect { target, cause, .. })) => {
            failed(502, crate::http::outgoing::unreachable_app(&target, &cause))
        }
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

/// Whether a provider would deliver again after this outcome: no answer,
/// 429 or 5xx.
pub(super) fn retryable(outcome: &Forwarded) -> bool {
    match outcome {
        Forwarded::Failed { .. } => true,
        Forwarded::Answered { status, .. } => crate::model::retry::retryable(Some(*status)),
    }
}

/// The status an outcome stands for: the app's, or what hook answered for it.
pub(super) fn status(outcome: &Forwarded) -> u16 {
    match outcome {
        Forwarded::Answered { status, .. } | Forwarded::Failed { status, .. } => *status,
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
