//! Why the relay's TLS certificate was not trusted, in plain words with what
//! to do about it: rustls names the failure (`UnknownIssuer`,
//! `Other(OtherError(CaUsedAsEndEntity))`), which says nothing to most people.

use rustls::CertificateError as Cert;
use std::error::Error;

/// A certificate the tunnel will not trust: the plain reason and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Untrusted {
    /// What is wrong with the certificate, e.g. "it is signed by an unknown authority".
    pub reason: String,
    /// What to do about it.
    pub hint: String,
}

/// The certificate failure anywhere in `err`'s causes, if that is why the connection failed.
pub(super) fn untrusted(err: &(dyn Error + 'static), cacert_given: bool) -> Option<Untrusted> {
    let mut cause = Some(err);
    // Bounded: a cause chain is a handful of errors deep.
    for _ in 0..32 {
        let c = cause?;
        // rustls's error travels inside an io::Error, whose `source` skips it.
        let inner = c
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|e| e.downcast_ref::<rustls::Error>());
        if let Some(rustls::Error::InvalidCertificate(cert)) = c.downcast_ref::<rustls::Error>().or(inner) {
            return Some(explain(cert, cacert_given));
        }
        cause = c.source();
    }
    None
}

const TESTING: &str = "or -k/--insecure, for testing only";

/// The plain reason and the hint for one certificate failure.
fn explain(cert: &Cert, cacert_given: bool) -> Untrusted {
    let untrusted = |reason: &str, hint: String| Untrusted {
        reason: reason.to_string(),
        hint,
    };
    match cert {
        Cert::UnknownIssuer if cacert_given => untrusted(
            "it is not signed by the --cacert authority, nor by one this system trusts",
            format!("pass the CA certificate that signed the relay's certificate with --cacert FILE, {TESTING}"),
        ),
        Cert::UnknownIssuer => untrusted(
            "it is signed by an authority this system does not trust (a private CA, or self-signed)",
            format!("pass that CA certificate with --cacert FILE, {TESTING}"),
        ),
        // webpki's reason is only reachable through its Debug text here.
        Cert::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => untrusted(
            "it is a CA certificate (CA:TRUE) used as the server's own certificate",
            format!(
                "make a leaf certificate (CA:FALSE, the relay's host name in its subjectAltName) signed by \
                 a CA, e.g. with mkcert, serve it with --tls-cert, and pass the CA with --cacert FILE; {TESTING}"
            ),
        ),
        Cert::NotValidForName | Cert::NotValidForNameContext { .. } => untrusted(
            &format!("it is not valid for the relay's host name ({cert})"),
            format!("connect with --relay by a name the certificate holds, or reissue it for this name; {TESTING}"),
        ),
        Cert::Expired | Cert::ExpiredContext { .. } => untrusted(
            "it has expired",
            format!("renew the relay's certificate, or check this machine's clock; {TESTING}"),
        ),
        Cert::NotValidYet | Cert::NotValidYetContext { .. } => untrusted(
            "it is not valid yet",
            format!("check this machine's clock, or the certificate's start date; {TESTING}"),
        ),
        Cert::Revoked => untrusted("it has been revoked", "the relay needs a new certificate".to_string()),
        // Seen when a trusted CA has the issuer's name but not its key: another CA of that name.
        Cert::BadSignature => untrusted(
            "its signature does not verify with the trusted authority of its issuer's name \
             (another CA of the same name, or a damaged certificate)",
            format!("pass the CA certificate that signed the relay's certificate with --cacert FILE, {TESTING}"),
        ),
        Cert::BadEncoding => untrusted(
            "it is damaged (it cannot be decoded)",
            format!("check the relay's --tls-cert file; {TESTING}"),
        ),
        Cert::InvalidPurpose | Cert::InvalidPurposeContext { .. } => untrusted(
            "it is not meant for a TLS server (extended key usage)",
            format!("serve a certificate issued for server authentication; {TESTING}"),
        ),
        other => untrusted(
            &format!("{other}"),
            format!("pass the CA certificate that signed it with --cacert FILE, {TESTING}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_failures_are_found_inside_io_errors_and_explained() {
        let io = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(Cert::UnknownIssuer),
        );
        let err = tokio_tungstenite::tungstenite::Error::Io(io);
        let found = untrusted(&err, false).expect("found");
        assert!(found.reason.contains("authority"), "{found:?}");
        assert!(
            found.hint.contains("--cacert FILE") && found.hint.contains("--insecure"),
            "{found:?}"
        );
        assert!(untrusted(&err, true).is_some_and(|u| u.reason.contains("--cacert")));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(untrusted(&refused, false), None);
    }
}
