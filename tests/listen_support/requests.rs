//! Sending real HTTP to `hook listen` (a reqwest client, exact bytes, the
//! headers `hook sign` prints) and reading fields of its JSON lines.

use super::{run_to_exit, WAIT};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

/// Request headers as `(name, value)` pairs, in order.
pub type Headers = Vec<(String, String)>;

/// Header pairs from `(&str, &str)` literals.
pub fn hdrs(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// What an HTTP exchange returned.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    /// The DER of the server's certificate, over HTTPS.
    pub cert: Option<Vec<u8>>,
}

impl Reply {
    /// A response header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A reqwest client on its own tokio runtime (no proxies, any certificate).
pub struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
}

impl Http {
    pub fn new() -> Http {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let client = reqwest::Client::builder()
            .no_proxy()
            .danger_accept_invalid_certs(true)
            .tls_info(true)
            .timeout(WAIT)
            .build()
            .expect("client");
        Http { rt, client }
    }

    /// Send one request and read the whole answer.
    pub fn send(&self, method: &str, url: &str, headers: &[(String, String)], body: &[u8]) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(method, url).body(body.to_vec());
        for (n, v) in headers {
            req = req.header(n.as_str(), v.as_str());
        }
        self.rt.block_on(async move {
            let res = req
                .send()
                .await
                .unwrap_or_else(|e| panic!("request to {url} failed: {e}"));
            let tls = res.extensions().get::<reqwest::tls::TlsInfo>();
            let cert = tls.and_then(|t| t.peer_certificate()).map(<[u8]>::to_vec);
            let (status, headers) = (res.status().as_u16(), res.headers().clone());
            let body = res.bytes().await.expect("response body").to_vec();
            Reply {
                status,
                headers,
                body,
                cert,
            }
        })
    }

    /// POST a body with headers.
    pub fn post(&self, url: &str, headers: &[(String, String)], body: &[u8]) -> Reply {
        self.send("POST", url, headers, body)
    }
}

/// Send exact bytes (include `Connection: close`); the status and the raw answer.
pub fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    s.write_all(request).expect("write request");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer); // a reset after the answer (unread request bytes) is fine
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok());
    (status.unwrap_or_else(|| panic!("not an HTTP answer: {answer}")), answer)
}

/// The headers `hook sign --provider P --secret S EXTRA FILE` prints, as users run it.
pub fn sign(provider: &str, secret: &str, body: &[u8], extra: &[&str]) -> Headers {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("body");
    std::fs::write(&file, body).expect("write body");
    let file = file.to_str().expect("utf-8 path");
    let args = [
        &["sign", "--provider", provider, "--secret", secret][..],
        extra,
        &[file],
    ]
    .concat();
    let (code, out, err) = run_to_exit(&args);
    assert_eq!(code, Some(0), "hook sign failed: {err}");
    let pairs = out.lines().filter_map(|l| l.split_once(": "));
    pairs.map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// Hex SHA-256.
pub fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Some fields of a JSON line, as an array, to compare several at once.
pub fn pick(line: &Value, keys: &[&str]) -> Value {
    Value::Array(keys.iter().map(|k| line[*k].clone()).collect())
}

/// The values of a header in a request line, matched case-insensitively.
pub fn header_values(line: &Value, name: &str) -> Vec<String> {
    let pairs = line["headers"].as_array().expect("headers array");
    let named = pairs
        .iter()
        .filter(|p| p[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)));
    named.map(|p| p[1].as_str().expect("value").to_string()).collect()
}
