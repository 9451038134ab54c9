//! The outgoing HTTP client shared by forwarding and replay: no redirects
//! followed (the sender sees the receiver's own answer), no proxies from the
//! environment (traffic is local), and the user's TLS choices.

use anyhow::Context;
use std::path::Path;

/// Build the client; `insecure` accepts any certificate, `cacert` trusts one more CA (PEM).
pub fn client(insecure: bool, cacert: Option<&Path>) -> anyhow::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .tcp_nodelay(true)
        .danger_accept_invalid_certs(insecure);
    if let Some(path) = cacert {
        let pem = std::fs::read(path).map_err(|e| {
            crate::error::hinted(
                format!("reading --cacert {}: {e}", path.display()),
                "pass a readable PEM file",
            )
        })?;
        let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| {
            crate::error::hinted(
                format!("--cacert {} is not a PEM certificate: {e}", path.display()),
                "pass the CA certificate file in PEM form",
            )
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build().context("building the HTTP client")
}

/// The innermost cause of an error, which is what people need to read
/// (`Connection refused`, not `error sending request`).
pub fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
