//! HTTPS for `hook listen` (and the relay later): a self-signed certificate
//! made at start, or the user's PEM files. rustls with ring, no OpenSSL.
//! A plain-HTTP request on the HTTPS port is answered and shown, not dropped.

use crate::http::refusal::Refusal;
use crate::http::serve::{write_reply, Reply};
use anyhow::Context;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

/// A ready TLS acceptor and the certificate's fingerprint.
pub struct Tls {
    /// Wraps accepted TCP streams.
    pub acceptor: TlsAcceptor,
    /// SHA-256 of the leaf certificate, `AB:CD:…`, to compare with what a client sees.
    pub fingerprint: String,
    /// The leaf certificate in PEM, so a client can trust it.
    pub cert_pem: String,
}

/// A plain-HTTP request on the HTTPS port (a sender given `http://`): read,
/// answered 400 in plain HTTP saying to use `https://`, and described for
/// the screen, instead of dropped by a handshake that fails unseen. `None`
/// when the connection opens otherwise (with a TLS handshake, or not in time).
pub(super) async fn plain_http(stream: &mut TcpStream, wait: Duration) -> Option<Refusal> {
    let mut first = [0u8; 1];
    // A TLS handshake opens with 0x16; an HTTP/1.x request with its method.
    match tokio::time::timeout(wait, stream.peek(&mut first)).await {
        Ok(Ok(1)) if first[0].is_ascii_uppercase() => {}
        _ => return None,
    }
    // What has come of the request, read so that closing after the answer
    // does not reset the connection under it.
    let mut seen = vec![0u8; 8192];
    let n = match tokio::time::timeout(wait, stream.read(&mut seen)).await {
        Ok(Ok(n)) => n,
        _ => 0,
    };
    let answer = "this port serves HTTPS (hook listen --tls): send the request to https://";
    let _ = write_reply(stream, &Reply::text(400, answer), true).await;
    let why = "a plain-HTTP request on this HTTPS port: the sender was given an http:// URL; \
               give it https://, or listen without --tls";
    Some(Refusal::plain(400, why, &seen[..n]))
}

/// A fresh self-signed certificate for `localhost` and `127.0.0.1`.
pub fn self_signed() -> anyhow::Result<Tls> {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    let made = rcgen::generate_simple_self_signed(names).context("generating a self-signed certificate")?;
    let cert_pem = made.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.key_pair.serialize_der()));
    build(vec![made.cert.der().clone()], key, cert_pem)
}

/// The user's certificate chain and private key, both PEM.
pub fn from_files(cert: &Path, key: &Path) -> anyhow::Result<Tls> {
    let hint = "pass PEM files: --tls-cert with the certificate chain, --tls-key with its private key";
    let cert_pem = std::fs::read_to_string(cert).map_err(|e| {
        crate::error::hinted(
            format!("reading --tls-cert {}: {e}", cert.display()),
            "check the path: --tls-cert takes the certificate chain as a PEM file, e.g. fullchain.pem",
        )
    })?;
    let certs: Vec<CertificateDer<'static>> = rustls_pemfile::certs(&mut cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| crate::error::hinted(format!("--tls-cert {}: {e}", cert.display()), hint))?;
    if certs.is_empty() {
        return Err(crate::error::hinted(
            format!("--tls-cert {} holds no PEM certificate", cert.display()),
            hint,
        ));
    }
    let key_pem = std::fs::read(key).map_err(|e| {
        crate::error::hinted(
            format!("reading --tls-key {}: {e}", key.display()),
            "check the path: --tls-key takes the certificate's private key as a PEM file, e.g. privkey.pem",
        )
    })?;
    let key = rustls_pemfile::private_key(&mut key_pem.as_slice())
        .ok()
        .flatten()
        .ok_or_else(|| crate::error::hinted(format!("--tls-key {} holds no PEM private key", key.display()), hint))?;
    build(certs, key, cert_pem)
}

fn build(certs: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>, cert_pem: String) -> anyhow::Result<Tls> {
    let fingerprint = Sha256::digest(&certs[0])
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("setting up TLS")?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            crate::error::hinted(
                format!("the TLS certificate and key do not fit together: {e}"),
                "check that --tls-key is the key of --tls-cert",
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        fingerprint,
        cert_pem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_has_a_fingerprint() {
        let tls = self_signed().unwrap();
        assert_eq!(tls.fingerprint.len(), 32 * 3 - 1);
        assert!(tls.cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
    }
}
