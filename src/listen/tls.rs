//! HTTPS for `hook listen` (and the relay later): a self-signed certificate
//! made at start, or the user's PEM files. rustls with ring, no OpenSSL.

use anyhow::Context;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
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
