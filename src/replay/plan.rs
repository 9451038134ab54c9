//! From fixtures to deliveries, and from a delivery to the exact signed
//! request of one attempt.

use super::{Negative, ReplayConfig};
use crate::fixture::{fresh, load::Loaded, Fixture};
use crate::model::HeaderList;
use crate::signature::body_view::BodyView;
use crate::signature::{timestamp::now_unix, Scheme, SignInput};
use bytes::Bytes;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::sync::Arc;

/// One delivery to make (possibly several attempts, possibly sent twice).
#[derive(Debug, Clone)]
pub struct Delivery {
    /// 1-based position in sending order.
    pub seq: usize,
    /// Where the fixture came from.
    pub source: Arc<str>,
    /// Scheme to sign with; `None` sends the fixture's headers unsigned.
    pub scheme: Option<&'static dyn Scheme>,
    /// The fixture (method, path, headers), shared by every delivery made from it.
    pub fixture: Arc<Fixture>,
    /// Body bytes, identical on every attempt and copy.
    pub body: Bytes,
    /// The delivery id for the provider's id header, shared by retries and duplicates.
    pub header_id: Option<String>,
    /// Event type, for the screen.
    pub event: Option<String>,
    /// Delivery id, for the screen (header id or body id).
    pub delivery_id: Option<String>,
    /// True for the second copy under `--duplicate`.
    pub duplicate: bool,
}

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

/// Turn loaded fixtures into deliveries: edits, fresh ids, repeat, shuffle, duplicates.
pub fn plan(loaded: &[Loaded], cfg: &ReplayConfig) -> anyhow::Result<Vec<Delivery>> {
    let templates = loaded
        .iter()
        .map(|l| Template::new(l, cfg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(templates.len() * cfg.repeat.max(1) as usize);
    for _ in 0..cfg.repeat.max(1) {
        for t in &templates {
            out.push(t.delivery(cfg)?);
        }
    }
    if cfg.shuffle {
        let mut rng = match cfg.seed {
            Some(seed) => rand::rngs::StdRng::seed_from_u64(seed),
            None => rand::rngs::StdRng::from_entropy(),
        };
        out.shuffle(&mut rng);
    }
    if cfg.duplicate {
        out = out
            .into_iter()
            .flat_map(|d| [d.clone(), Delivery { duplicate: true, ..d }])
            .collect();
    }
    for (i, d) in out.iter_mut().enumerate() {
        d.seq = i + 1;
        check_negative(d, cfg)?;
    }
    Ok(out)
}

/// A negative case the provider's scheme cannot express would be sent as a
/// valid delivery and blamed on the receiver: refuse it instead.
fn check_negative(d: &Delivery, cfg: &ReplayConfig) -> anyhow::Result<()> {
    let Some(scheme) = d.scheme else { return Ok(()) };
    let name = scheme.name();
    let stale = cfg.negative.iter().any(|n| matches!(n, Negative::Stale(_)));
    if stale && !scheme.checks_age() {
        return Err(crate::error::hinted(
            format!(
                "{}: --stale cannot make a {name} delivery stale: {name} receivers check no signed timestamp",
                d.source
            ),
            "use --tamper, --unsigned or --wrong-secret for this provider",
        ));
    }
    if cfg.negative.contains(&Negative::Tamper) && !scheme.signs_body() {
        return Err(crate::error::hinted(
            format!(
                "{}: --tamper cannot be detected with {name}: its token does not cover the body",
                d.source
            ),
            "use --unsigned or --wrong-secret for this provider",
        ));
    }
    Ok(())
}

/// What every delivery made from one fixture shares; computed once, so a
/// long `--repeat` run neither re-parses nor copies the fixture per delivery.
struct Template {
    source: Arc<str>,
    scheme: Option<&'static dyn Scheme>,
    provider: Option<String>,
    fixture: Arc<Fixture>,
    /// The edited body, when no field of it is refreshed per delivery.
    fixed_body: Option<Bytes>,
    event: Option<String>,
    body_id: Option<String>,
    kept_id: Option<String>,
}

impl Template {
    fn new(l: &Loaded, cfg: &ReplayConfig) -> anyhow::Result<Template> {
        let provider = cfg
            .provider
            .map(|s| s.name().to_string())
            .or_else(|| l.fixture.provider.clone());
        let scheme = cfg
            .provider
            .or_else(|| provider.as_deref().and_then(crate::signature::find));
        let mut probe = l.fixture.clone();
        let refreshed = match (provider.as_deref(), probe.body.as_mut()) {
            (Some(p), Some(body)) => fresh::refresh(p, body, now_unix(), cfg.keep_ids),
            _ => false,
        };
        crate::fixture::edit::apply(&mut probe, &cfg.sets, &cfg.unsets, &l.source)?;
        let body = Bytes::from(probe.body_bytes()?);
        let headers = l.fixture.header_list();
        let view = BodyView::of(&body);
        let described = scheme.map(|s| s.describe(&headers, &view)).unwrap_or_default();
        Ok(Template {
            source: Arc::from(l.source.as_str()),
            scheme,
            provider,
            fixed_body: (!refreshed).then_some(body),
            event: l.fixture.event.clone().or(described.event),
            body_id: described.delivery_id,
            kept_id: scheme.and_then(|s| s.describe(&headers, &BodyView::Opaque).delivery_id),
            fixture: Arc::new(l.fixture.clone()),
        })
    }

    /// A new delivery: fresh ids and times in the body (then the edits, which win), a fresh header id.
    fn delivery(&self, cfg: &ReplayConfig) -> anyhow::Result<Delivery> {
        let (body, body_id) = match &self.fixed_body {
            Some(b) => (b.clone(), self.body_id.clone()),
            None => {
                let mut f = Fixture::clone(&self.fixture);
                if let (Some(p), Some(body)) = (self.provider.as_deref(), f.body.as_mut()) {
                    fresh::refresh(p, body, now_unix(), cfg.keep_ids);
                }
                crate::fixture::edit::apply(&mut f, &cfg.sets, &cfg.unsets, &self.source)?;
                let bytes = Bytes::from(f.body_bytes()?);
                let view = BodyView::of(&bytes);
                let id = self
                    .scheme
                    .and_then(|s| s.describe(&HeaderList::new(), &view).delivery_id);
                (bytes, id)
            }
        };
        let header_id = match &self.kept_id {
            Some(id) if cfg.keep_ids => Some(id.clone()),
            _ => self.scheme.and_then(|s| s.fresh_id()),
        };
        Ok(Delivery {
            seq: 0,
            source: self.source.clone(),
            scheme: self.scheme,
            event: self.event.clone(),
            delivery_id: header_id.clone().or(body_id),
            fixture: self.fixture.clone(),
            body,
            header_id,
            duplicate: false,
        })
    }
}

/// The signed request for one attempt at unix time `now`.
pub fn request(d: &Delivery, cfg: &ReplayConfig, now: i64) -> anyhow::Result<Request> {
    let url = join(&cfg.to, &d.fixture.path);
    let mut headers = HeaderList::new();
    for (n, v) in &d.fixture.headers {
        if !["host", "content-length", "transfer-encoding", "connection"].contains(&n.to_ascii_lowercase().as_str()) {
            headers.push(n.clone(), v.clone());
        }
    }
    let mut url_sent = url.clone();
    let mut body = d.body.clone();
    if let Some(scheme) = d.scheme {
        let secrets = if cfg.negative.contains(&Negative::WrongSecret) {
            vec![wrong_secret(&cfg.secrets)]
        } else {
            cfg.secrets.clone()
        };
        let stale = if cfg.negative.iter().any(|n| matches!(n, Negative::Stale(_))) {
            cfg.stale_secs()
        } else {
            0
        };
        // The event header travels in the fixture's headers, exactly as captured or written.
        let input = SignInput {
            body: &body,
            secrets: &secrets,
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
