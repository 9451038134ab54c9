//! The exact signed request of one attempt at a delivery: fresh signature
//! and timestamp, the negative case applied, the target URL joined.

use super::plan::Delivery;
use super::{Negative, ReplayConfig};
use crate::model::HeaderList;
use crate::signature::SignInput;
use bytes::Bytes;

/// One attempt's request, exactly as it goes on the wire.
#[derive(Debug, Clone)]
pub struct Request {
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers in order.
    pub headers: HeaderList,
    /// Body bytes.
    pub body: Bytes,
}

/// The signed request for one attempt at unix time `now`.
pub fn build(d: &Delivery, cfg: &ReplayConfig, now: i64) -> anyhow::Result<Request> {
    let url = join(&cfg.to, &d.fixture.path);
    let mut headers = HeaderList::new();
    for (n, v) in &d.fixture.headers {
        let framing = ["host", "content-length", "transfer-encoding", "connection"];
        if !framing.iter().any(|f| n.eq_ignore_ascii_case(f)) {
            headers.push(n.clone(), v.clone());
        }
    }
    let mut url_sent = url.clone();
    let mut body = d.body.clone();
    if let Some(scheme) = d.scheme {
        let wrong;
        let secrets: &[crate::secret::Secret] = if cfg.negative.contains(&Negative::WrongSecret) {
            wrong = [wrong_secret(&cfg.secrets)];
            &wrong
        } else {
            &cfg.secrets
        };
        let stale = if cfg.negative.iter().any(|n| matches!(n, Negative::Stale(_))) {
            cfg.stale_secs()
        } else {
            0
        };
        // The event header travels in the fixture's headers, exactly as captured or written.
        let input = SignInput {
            body: &body,
            secrets,
            timestamp: now - stale,
            id: d.header_id.as_deref(),
            url: Some(&url),
            event: None,
        };
        let signed = scheme.sign(&input)?;
        if let Some(u) = signed.url {
            url_sent = u;
        }
        let unsigned = cfg.negative.contains(&Negative::Unsigned);
        let dropped = scheme.signature_headers();
        for (n, v) in signed.headers.0 {
            if unsigned && dropped.iter().any(|h| h.eq_ignore_ascii_case(&n)) {
                continue;
            }
            replace(&mut headers, n, v);
        }
    }
    if cfg.negative.contains(&Negative::Tamper) {
        body = tamper(&body);
    }
    if !headers.contains("content-type") {
        if let Some(ct) = crate::model::content_type_of(&body) {
            headers.0.insert(0, ("Content-Type".into(), ct.into()));
        }
    }
    for (n, v) in &cfg.headers {
        replace(&mut headers, n.clone(), v.clone());
    }
    Ok(Request {
        method: d.fixture.method.clone(),
        url: url_sent,
        headers,
        body,
    })
}

/// The `--to` base and a fixture's path: paths joined, queries joined, so a
/// `?token=…` in `--to` stays in the query.
pub fn join(to: &str, path: &str) -> String {
    let (base, base_query) = to.split_once('?').map_or((to, None), |(b, q)| (b, Some(q)));
    let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
    let query: Vec<&str> = [base_query, query]
        .into_iter()
        .flatten()
        .filter(|q| !q.is_empty())
        .collect();
    let mut url = format!("{}{path}", base.trim_end_matches('/'));
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

/// Replace every header of this name with one value, keeping its place.
fn replace(headers: &mut HeaderList, name: String, value: String) {
    match headers.0.iter().position(|(n, _)| n.eq_ignore_ascii_case(&name)) {
        Some(i) => {
            headers.0[i] = (name.clone(), value);
            let mut seen = 0;
            headers.0.retain(|(n, _)| {
                let same = n.eq_ignore_ascii_case(&name);
                seen += usize::from(same);
                !same || seen == 1
            });
        }
        None => headers.push(name, value),
    }
}

/// The body changed after signing: one byte more, JSON kept valid.
fn tamper(body: &[u8]) -> Bytes {
    let mut b = body.to_vec();
    match b.iter().rposition(|c| *c == b'}') {
        Some(i) => b.insert(i, b' '),
        None => b.push(b'x'),
    }
    Bytes::from(b)
}

/// A secret of the same shape as the real one, that the receiver cannot know.
fn wrong_secret(real: &[crate::secret::Secret]) -> crate::secret::Secret {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let first = real.first().map(|s| s.expose()).unwrap_or("");
    let text = if first.starts_with("whsec_") {
        format!(
            "whsec_{}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes[..24])
        )
    } else if first.len() == 64 && hex::decode(first).is_ok() {
        hex::encode(bytes)
    } else {
        format!("wrong-{}", hex::encode(&bytes[..12]))
    };
    crate::secret::Secret::new(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_keeps_both_queries() {
        assert_eq!(
            join("http://h/hook?token=abc", "/webhooks/github?x=1"),
            "http://h/hook/webhooks/github?token=abc&x=1"
        );
        assert_eq!(join("http://h/", "/p"), "http://h/p");
    }

    #[test]
    fn replace_keeps_position_and_drops_repeats() {
        let mut h = HeaderList(vec![
            ("A".into(), "1".into()),
            ("b".into(), "2".into()),
            ("a".into(), "3".into()),
        ]);
        replace(&mut h, "a".into(), "9".into());
        assert_eq!(
            h.0,
            vec![("a".to_string(), "9".to_string()), ("b".to_string(), "2".to_string())]
        );
        assert_eq!(&tamper(b"{\"a\":1}")[..], b"{\"a\":1 }");
        assert_eq!(&tamper(b"x=1")[..], b"x=1x");
    }
}
