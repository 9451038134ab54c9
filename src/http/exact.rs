//! An HTTP/1.1 client that sends a request exactly as given: the path and
//! query untouched (no dot-segment removal, no re-encoding, unlike URL
//! libraries), header values as raw bytes. Forwarding and the tunnel use it.

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Body;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::path::Path;
use std::sync::Arc;

/// Why an exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum ExactError {
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
    },
    /// The answer's body is over the caller's limit.
    #[error("the answer is larger than {0} bytes")]
    TooLarge(u64),
    /// The exchange broke off after connecting.
    #[error("the answer broke off: {0}")]
    Broken(String),
}

/// A pooled client for exact requests.
#[derive(Clone)]
pub struct ExactClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl ExactClient {
    /// A client trusting the system's and the webpki roots, plus `cacert`; `insecure` trusts anything.
    pub fn new(insecure: bool, cacert: Option<&Path>) -> anyhow::Result<ExactClient> {
        Ok(ExactClient::with_tls(super::tls_client_config(insecure, cacert)?))
    }

    /// A client with a TLS configuration already built (loading the system's
    /// roots takes milliseconds, so callers that need it twice build it once).
    pub fn with_tls(tls: rustls::ClientConfig) -> ExactClient {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        ExactClient {
            client: Client::builder(TokioExecutor::new()).build(connector),
        }
    }

    /// Send and read the whole answer.
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Response<Bytes>, ExactError> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e| ExactError::BadTarget(format!("{url} cannot be sent: {e}")))?;
        let target = format!(
            "{}:{}",
            uri.host().unwrap_or("?"),
            uri.port_u16()
                .unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 })
        );
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Full::new(body))
            .map_err(|e| ExactError::BadTarget(e.to_string()))?;
        *req.headers_mut() = headers.clone();
        // Say the length, even zero for methods that carry a body, as senders do.
        let len = req.body().size_hint().exact().unwrap_or(0);
        if len > 0 || matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
            req.headers_mut()
                .insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(len));
        }
        let res = self.client.request(req).await.map_err(|e| {
            let cause = super::root_cause(&e);
            if e.is_connect() {
                ExactError::Connect {
                    target: target.clone(),
                    cause,
                }
            } else {
                ExactError::Broken(cause)
            }
        })?;
        let (parts, body) = res.into_parts();
        let bytes = body
            .collect()
            .await
            .map_err(|e| ExactError::Broken(super::root_cause(&e)))?
            .to_bytes();
        Ok(Response::from_parts(parts, bytes))
    }
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
