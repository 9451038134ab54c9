//! HTTP/1.1 on our own codec (`wire`, on httparse), so that headers keep their
//! order and the case of their names: the server side the relay and `hook
//! listen` share (`serve`), the keep-alive client to one origin that
//! forwarding, the tunnel and replay use (`origin`: no redirects, no proxies
//! from the environment, the path sent as given), and the TLS settings.

pub mod origin;
mod origin_conn;
pub mod outgoing;
pub mod plain_on_tls;
pub mod refusal;
pub mod rewind;
pub mod serve;
pub mod wire;
mod wire_frame;
mod wire_head;
mod wire_write;

#[cfg(test)]
mod props;

use anyhow::Context;
use std::path::Path;
use std::sync::Arc;

/// The innermost cause of an error, which is what people need to read
/// (`Connection refused`, not `error sending request`).
pub fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// A URL as it may be shown (errors, logs): a password becomes `***`, and so
/// does the value of a query parameter that looks like a credential (`token`,
/// `secret`, `key`, `password`, `auth`, `sig`…).
pub fn redacted(url: &url::Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    let secret = |name: &str| {
        let name = name.to_ascii_lowercase();
        ["token", "secret", "key", "pass", "auth", "sig", "credential"]
            .iter()
            .any(|word| name.contains(word))
    };
    if url.query_pairs().any(|(name, _)| secret(&name)) {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        let mut query = shown.query_pairs_mut();
        query.clear();
        for (name, value) in &pairs {
            query.append_pair(name, if secret(name) { "***" } else { value });
        }
    }
    shown.to_string()
}

/// A rustls client configuration: the system's roots and webpki's, plus
/// `cacert`; with `insecure`, any certificate. `used` says whether any
/// connection will be TLS: when none will, the roots are not loaded (reading
/// and parsing the system's bundle took 8 ms of every start of `hook replay`
/// and `hook tunnel`), though `--cacert` is still read so a bad file is reported.
pub fn tls_client_config(insecure: bool, cacert: Option<&Path>, used: bool) -> anyhow::Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .context("setting up TLS")?;
    if insecure {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(outgoing::AnyCertificate(provider)))
            .with_no_client_auth());
    }
    let mut roots = rustls::RootCertStore::empty();
    if used {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for cert in rustls_native_certs::load_native_certs().certs {
            let _ = roots.add(cert);
        }
    }
    if let Some(path) = cacert {
        let pem = std::fs::read(path).map_err(|e| {
            crate::error::hinted(
                format!("reading --cacert {}: {e}", path.display()),
                "pass a readable PEM file",
            )
        })?;
        let certs: Vec<_> = rustls_pemfile::certs(&mut pem.as_slice())
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        if certs.is_empty() {
            return Err(crate::error::hinted(
                format!("--cacert {} holds no PEM certificate", path.display()),
                "pass the CA certificate file in PEM form",
            ));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| {
                crate::error::hinted(
                    format!("--cacert {}: {e}", path.display()),
                    "pass the CA certificate file in PEM form",
                )
            })?;
        }
    }
    Ok(builder.with_root_certificates(roots).with_no_client_auth())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_and_tokens_are_redacted_from_shown_urls() {
        let cases = [
            (
                "ws://user:s3cretpw@127.0.0.1:1/_hook/tunnel?token=abc",
                "ws://user:***@127.0.0.1:1/_hook/tunnel?token=***",
            ),
            (
                "wss://r.example.com/x?a=1&api_key=k&Token=t",
                "wss://r.example.com/x?a=1&api_key=***&Token=***",
            ),
            ("ws://user@r.example.com/?a=b%20c", "ws://user@r.example.com/?a=b%20c"),
            ("https://r.example.com/hooks", "https://r.example.com/hooks"),
        ];
        for (url, want) in cases {
            assert_eq!(super::redacted(&url::Url::parse(url).unwrap()), want, "{url}");
        }
    }
}
