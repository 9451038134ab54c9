//! A keep-alive pool of raw HTTP/1.1 connections to one origin, writing each
//! request exactly as given: header names in their case and order, repeated
//! names where they stood, the target untouched. The tunnel delivers to the
//! local app with it, so what the provider sent is what the app reads.

use super::origin_conn::{exchange, Conn, Failure, Stream};
pub use super::outgoing::split_url;
use super::outgoing::ExchangeError;
use super::wire::{self, Header, Reader};
use bytes::Bytes;
use std::sync::{Arc, Mutex};
use tokio::net::TcpStream;

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 32;

/// An answer, headers as the origin wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAnswer {
    /// Status code.
    pub status: u16,
    /// The reason phrase, when it is not the standard one for the status.
    pub reason: Option<Bytes>,
    /// Headers in order, names in their case.
    pub headers: Vec<Header>,
    /// The whole body, de-chunked.
    pub body: Bytes,
}

impl RawAnswer {
    /// An answer of hook's own: plain text, the standard reason phrase.
    pub fn text(status: u16, body: impl Into<Bytes>) -> RawAnswer {
        RawAnswer {
            status,
            reason: None,
            headers: vec![(
                "content-type".to_string(),
                Bytes::from_static(b"text/plain; charset=utf-8"),
            )],
            body: body.into(),
        }
    }
}

/// Connections to one origin (`http` or `https`, host and port).
#[derive(Clone)]
pub struct OriginClient {
    host: String,
    port: u16,
    /// `host:port` as the `Host` header says it.
    authority: String,
    /// Path prefix from the base URL, without a trailing slash.
    base_path: String,
    tls: Option<(tokio_rustls::TlsConnector, rustls::pki_types::ServerName<'static>)>,
    idle: Arc<Mutex<Vec<Conn>>>,
    /// `scheme://authority` as written in the URL given to [`OriginClient::for_url`].
    written: String,
}

impl OriginClient {
    /// A client for `base` (its path prefixes every target).
    pub fn new(base: &url::Url, tls: Arc<rustls::ClientConfig>) -> Result<OriginClient, ExchangeError> {
        let host = base
            .host_str()
            .ok_or_else(|| ExchangeError::BadTarget(format!("{base} has no host")))?
            .to_string();
        let port = base
            .port_or_known_default()
            .ok_or_else(|| ExchangeError::BadTarget(format!("{base} has no port")))?;
        let tls = match base.scheme() {
            "https" => {
                let bare = host.trim_start_matches('[').trim_end_matches(']').to_string();
                let name = rustls::pki_types::ServerName::try_from(bare)
                    .map_err(|e| ExchangeError::BadTarget(format!("{host}: {e}")))?;
                Some((tokio_rustls::TlsConnector::from(tls), name))
            }
            "http" => None,
            other => return Err(ExchangeError::BadTarget(format!("{other}:// cannot be sent to"))),
        };
        let authority = match base.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        Ok(OriginClient {
            host,
            port,
            authority,
            base_path: base.path().trim_end_matches('/').to_string(),
            tls,
            idle: Arc::default(),
            written: String::new(),
        })
    }

    /// A client for the origin of the absolute `url`, and the request target
    /// to send there: the path and query exactly as written in `url`.
    pub fn for_url(url: &str, tls: Arc<rustls::ClientConfig>) -> Result<(OriginClient, String), ExchangeError> {
        let (origin, target) = split_url(url)?;
        let mut client = OriginClient::new(&origin, tls)?;
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let end = url[after_scheme..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| after_scheme + i);
        client.written = url[..end].to_string();
        Ok((client, target))
    }

    /// The request target of `url` when it is on this origin, written as the
    /// URL given to [`OriginClient::for_url`] wrote it: a prefix test, where
    /// parsing every URL of a long replay would cost more than sending it.
    pub fn target_in<'u>(&self, url: &'u str) -> Option<&'u str> {
        let rest = url
            .strip_prefix(self.written.as_str())
            .filter(|_| !self.written.is_empty())?;
        rest.starts_with('/').then_some(rest)
    }

    /// Whether `origin` (from [`split_url`]) is this client's.
    pub fn serves(&self, origin: &url::Url) -> bool {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        origin.scheme() == scheme
            && origin.host_str() == Some(&self.host)
            && origin.port_or_known_default() == Some(self.port)
    }

    /// The same origin with a pool of its own: a connection belongs to the
    /// runtime that opened it, so each thread sending needs its own.
    pub fn with_own_pool(&self) -> OriginClient {
        OriginClient {
            idle: Arc::default(),
            ..self.clone()
        }
    }

    /// The full URL of `target`, for people.
    pub fn url_of(&self, target: &str) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}{}{target}", self.authority, self.base_path)
    }

    /// Send one request and read the whole answer, its body at most `max_body` bytes.
    /// Hop-by-hop headers are dropped, `Host` names the origin where the sender's
    /// stood, and `Content-Length` is said where the sender said it.
    /// Headers are pairs of anything that reads as a name and as value bytes,
    /// so a caller holding them as text (`hook replay`) does not convert them first.
    pub async fn send<N: AsRef<str>, V: AsRef<[u8]>>(
        &self,
        method: &str,
        target: &str,
        headers: &[(N, V)],
        body: &Bytes,
        max_body: u64,
    ) -> Result<RawAnswer, ExchangeError> {
        // A small body goes in the same buffer as the head: one write, built once
        // for both tries below.
        let inline = body.len() <= wire::INLINE_BODY;
        let mut message = self.head(method, target, headers, body.len(), inline)?;
        let rest: &[u8] = if inline {
            message.extend_from_slice(body);
            &[]
        } else {
            body
        };
        // A pooled connection may have been closed by the app meanwhile (HTTP/1.1
        // lets it close after any answer, without saying `Connection: close`).
        // When one gives back not a byte, the app never read the request, so
        // it goes once more, on a fresh connection: another pooled one may be
        // just as stale.
        if let Some(mut conn) = self.idle_conn() {
            match exchange(&mut conn, [&message, rest], method, max_body).await {
                Err(Failure::Stale(_)) => {}
                done => return self.settle(conn, done, max_body),
            }
        }
        // Boxed: connecting (TLS above all) is rare but its future is large, and
        // it would otherwise make every request's future (copied on spawn) as large.
        let mut conn = Box::pin(self.connect()).await?;
        let done = exchange(&mut conn, [&message, rest], method, max_body).await;
        self.settle(conn, done, max_body)
    }

    /// An idle connection the app has not closed, if the pool holds one.
    fn idle_conn(&self) -> Option<Conn> {
        let mut idle = self.idle.lock().ok()?;
        // Seeing the close is cheap (no wait, rarely a system call) and saves
        // a failed write; an app that closes just after the look is caught by
        // the retry in `send`.
        std::iter::from_fn(|| idle.pop()).find_map(|mut conn| (!conn.is_closed()).then_some(conn))
    }

    /// The answer of an exchange on `conn`, which goes back to the pool when it can carry another.
    fn settle(
        &self,
        conn: Conn,
        done: Result<(RawAnswer, bool), Failure>,
        max_body: u64,
    ) -> Result<RawAnswer, ExchangeError> {
        match done {
            Ok((answer, reusable)) => {
                if reusable {
                    if let Ok(mut idle) = self.idle.lock() {
                        if idle.len() < MAX_IDLE {
                            idle.push(conn);
                        }
                    }
                }
                Ok(answer)
            }
            Err(Failure::Stale(e) | Failure::Broken(e)) => Err(ExchangeError::Broken(e)),
            Err(Failure::TooLarge) => Err(ExchangeError::TooLarge(max_body)),
            Err(Failure::Switched) => Err(ExchangeError::Switched),
        }
    }

    fn head<N: AsRef<str>, V: AsRef<[u8]>>(
        &self,
        method: &str,
        target: &str,
        headers: &[(N, V)],
        len: usize,
        room_for_body: bool,
    ) -> Result<Vec<u8>, ExchangeError> {
        let unsafe_byte = |b: &u8| matches!(b, b'\r' | b'\n' | 0);
        if method.is_empty() || method.bytes().any(|b| b.is_ascii_whitespace() || unsafe_byte(&b)) {
            return Err(ExchangeError::BadTarget(format!("{method:?} is not an HTTP method")));
        }
        if !target.starts_with('/') || target.bytes().any(|b| b == b' ' || unsafe_byte(&b)) {
            return Err(ExchangeError::BadTarget(format!("{target:?} is not a request target")));
        }
        let headers = || headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref()));
        let size = 256 + headers().map(|(n, v)| n.len() + v.len() + 4).sum::<usize>();
        let mut out = Vec::with_capacity(size + if room_for_body { len } else { 0 });
        out.extend_from_slice(method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.base_path.as_bytes());
        out.extend_from_slice(target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        let has_host = headers().any(|(n, _)| n.eq_ignore_ascii_case("host"));
        if !has_host {
            wire::put_header(&mut out, "Host", self.authority.as_bytes());
        }
        let mut says_length = false;
        for (name, value) in headers() {
            // memchr looks at many bytes at a time; values are most of a head's bytes.
            if name.bytes().any(|b| unsafe_byte(&b) || b == b':') || memchr::memchr3(b'\r', b'\n', 0, value).is_some() {
                return Err(ExchangeError::BadTarget(format!("the header {name:?} cannot be sent")));
            }
            says_length |= name.eq_ignore_ascii_case("content-length");
        }
        // Say the length, even zero for methods that carry a body, as senders do.
        let length = (len > 0 || says_length || matches!(method, "POST" | "PUT" | "PATCH")).then_some(len as u64);
        let passed = headers().map(|(name, value)| {
            let value = if name.eq_ignore_ascii_case("host") {
                self.authority.as_bytes()
            } else {
                value
            };
            (name, value)
        });
        wire::put_passed_headers(&mut out, passed, length);
        out.extend_from_slice(b"\r\n");
        Ok(out)
    }

    async fn connect(&self) -> Result<Conn, ExchangeError> {
        let target = format!("{}:{}", self.host, self.port);
        let cannot = |cause: String, refused: bool| ExchangeError::Connect {
            target: target.clone(),
            cause,
            refused,
        };
        let bare = self.host.trim_start_matches('[').trim_end_matches(']');
        let tcp = TcpStream::connect((bare, self.port))
            .await
            .map_err(|e| cannot(e.to_string(), e.kind() == std::io::ErrorKind::ConnectionRefused))?;
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Stream> = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(
                connector
                    .connect(name.clone(), tcp)
                    .await
                    .map_err(|e| cannot(super::root_cause(&e), false))?,
            ),
        };
        Ok(Conn {
            io,
            reader: Reader::default(),
        })
    }
}

#[cfg(test)]
#[path = "origin_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "origin_props.rs"]
mod props;
