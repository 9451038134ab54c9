//! What the outgoing side shares: why an exchange failed, how a URL splits
//! into origin and target, and the certificate verifier behind
//! `-k/--insecure`. The client itself is [`super::origin::OriginClient`].

use std::sync::Arc;

/// Why an exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The URL cannot be sent as is.
    #[error("{0}")]
    BadTarget(String),
    /// No connection to the server (refused, unreachable, TLS failure).
    #[error("cannot connect to {target}: {cause}")]
    Connect {
        /// `host:port`.
        target: String,
        /// The innermost cause.
        cause: String,
        /// True when the server refused the connection (nothing listens on
        /// the port), as opposed to unreachable, unresolved or TLS-failed:
        /// told apart here, where the OS error's kind is still known.
        refused: bool,
    },
    /// The answer's body is over the caller's limit.
    #[error("the answer is larger than {0} bytes")]
    TooLarge(u64),
    /// The exchange broke off after connecting.
    #[error("the answer broke off: {0}")]
    Broken(String),
    /// The server answered `101 Switching Protocols`: a webhook gets an HTTP
    /// answer, so this fails the delivery like an answer that is not HTTP.
    #[error("the app switched protocols (101 Switching Protocols), which hook does not relay")]
    Switched,
}

/// Why the app could not be reached, for the screen: `cannot connect to
/// HOST:PORT: ` and then the likely reason. A certificate the app's TLS
/// presents but hook does not trust is not a stopped app, and has its own fix.
pub fn unreachable_app(target: &str, cause: &str) -> String {
    if cause.contains("certificate") {
        format!("cannot connect to {target}: its TLS certificate is not trusted ({cause}); pass its CA with --cacert FILE, or -k to skip the check")
    } else {
        format!("cannot connect to {target}: is your app running? ({cause})")
    }
}

/// Split an absolute URL into its origin and its request target, without
/// normalising the path (URL libraries remove dot segments and re-encode).
pub fn split_url(url: &str) -> Result<(url::Url, String), ExchangeError> {
    let bad = |why: String| ExchangeError::BadTarget(format!("{url} cannot be sent: {why}"));
    let uri: http::Uri = url.parse().map_err(|e: http::uri::InvalidUri| bad(e.to_string()))?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(bad("it is not an absolute http(s) URL".into()));
    };
    let origin = url::Url::parse(&format!("{scheme}://{authority}/")).map_err(|e| bad(e.to_string()))?;
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let target = if target.starts_with('/') {
        target.to_string()
    } else {
        format!("/{target}")
    };
    Ok((origin, target))
}

/// Accepts any server certificate (`-k/--insecure`), still checking that
/// handshake signatures are well-formed.
#[derive(Debug)]
pub(super) struct AnyCertificate(pub Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
