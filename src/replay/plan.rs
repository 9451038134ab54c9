//! From fixtures to deliveries, and from a delivery to the exact signed
//! request of one attempt.

use super::ReplayConfig;
use crate::fixture::{fresh, load::Loaded, Fixture};
use crate::model::HeaderList;
use crate::signature::body_view::BodyView;
use crate::signature::{timestamp::now_unix, Scheme};
use bytes::Bytes;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// Every delivery to make, in sending order. A delivery's body and ids are
/// made when it is about to be sent, not here: when a fixture's body carries
/// ids that are refreshed, every delivery's body differs, and a long
/// `--repeat` run would otherwise hold one body per delivery before sending
/// the first.
pub struct Plan {
    templates: Vec<Template>,
    /// Which template each delivery comes from, in sending order.
    order: Vec<u32>,
    /// Send each delivery twice (`--duplicate`).
    duplicate: bool,
    /// What to tell the user before sending: secrets a provider cannot use
    /// and leaves out, a provider that signs with the first secret only.
    pub notes: Vec<String>,
}

/// Turn loaded fixtures into a plan: edits, repeat, shuffle, duplicates.
/// Fails now, before anything is sent, on an edit that does not apply or a
/// negative case a provider cannot express.
pub fn plan(loaded: &[Loaded], cfg: &ReplayConfig) -> anyhow::Result<Plan> {
    let templates = loaded
        .iter()
        .map(|l| Template::new(l, cfg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut notes = Vec::new();
    // Each provider once: the checks depend on the scheme, not the fixture
    // (a directory of captured requests is mostly one provider's).
    let mut checked: Vec<&str> = Vec::new();
    for t in &templates {
        let name = t.scheme.map_or("", |s| s.name());
        if checked.contains(&name) {
            continue;
        }
        checked.push(name);
        super::checks::negative(&t.source, t.scheme, cfg)?;
        super::checks::secrets(&t.source, t.scheme, cfg, &mut notes)?;
    }
    let count = u32::try_from(templates.len()).map_err(|_| anyhow::anyhow!("too many fixtures"))?;
    let repeat = cfg.repeat.max(1) as usize;
    let mut order: Vec<u32> = Vec::with_capacity(templates.len().saturating_mul(repeat));
    for _ in 0..repeat {
        order.extend(0..count);
    }
    if cfg.shuffle {
        let mut rng = match cfg.seed {
            Some(seed) => rand::rngs::StdRng::seed_from_u64(seed),
            None => rand::rngs::StdRng::from_entropy(),
        };
        order.shuffle(&mut rng);
    }
    Ok(Plan {
        templates,
        order,
        duplicate: cfg.duplicate,
        notes,
    })
}

impl Plan {
    /// How many deliveries (copies under `--duplicate` included).
    pub fn len(&self) -> usize {
        self.order.len() * if self.duplicate { 2 } else { 1 }
    }

    /// True when there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The deliveries in sending order, each made (fresh ids, edits) as it is taken.
    pub fn deliveries<'a>(&'a self, cfg: &'a ReplayConfig) -> impl Iterator<Item = anyhow::Result<Delivery>> + 'a {
        (0..self.order.len()).flat_map(move |i| self.made(cfg, i))
    }

    /// Claim the next delivery in sending order from `next`, a counter all
    /// sending threads share, without making it yet: each thread claims when
    /// it has room, so a busier thread simply takes fewer. `None` when every
    /// delivery is claimed.
    pub fn claim(&self, next: &AtomicUsize) -> Option<usize> {
        Some(next.fetch_add(1, Ordering::Relaxed)).filter(|&i| i < self.order.len())
    }

    /// Make delivery `i` (fresh ids, edits): its first copy, and under
    /// `--duplicate` the second, which is one claim so that it still
    /// follows the first.
    pub fn make(&self, cfg: &ReplayConfig, i: usize) -> anyhow::Result<(Delivery, Option<Delivery>)> {
        let copies = if self.duplicate { 2 } else { 1 };
        let d = self.templates[self.order[i] as usize].delivery(cfg)?;
        let second = self.duplicate.then(|| Delivery {
            seq: i * copies + 2,
            duplicate: true,
            ..d.clone()
        });
        Ok((
            Delivery {
                seq: i * copies + 1,
                ..d
            },
            second,
        ))
    }

    /// Which delivery of its fixture source each delivery is, from 1, by
    /// delivery number: what `--save-responses` writes and `--compare`
    /// matches on, so that `--shuffle` and `--duplicate` still find the
    /// saved response. A source named twice counts as one.
    pub fn occurrences(&self) -> Vec<u32> {
        let mut sources: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let group: Vec<usize> = self
            .templates
            .iter()
            .map(|t| {
                let next = sources.len();
                *sources.entry(&t.source).or_insert(next)
            })
            .collect();
        let mut seen = vec![0u32; sources.len()];
        let copies = if self.duplicate { 2 } else { 1 };
        let mut out = Vec::with_capacity(self.len());
        for &t in &self.order {
            for _ in 0..copies {
                let n = &mut seen[group[t as usize]];
                *n += 1;
                out.push(*n);
            }
        }
        out
    }

    /// Delivery `i` of the plan (both copies under `--duplicate`).
    fn made<'a>(&'a self, cfg: &'a ReplayConfig, i: usize) -> impl Iterator<Item = anyhow::Result<Delivery>> + 'a {
        let (first, second) = match self.make(cfg, i) {
            Ok((d, copy)) => (Ok(d), copy),
            Err(e) => (Err(e), None),
        };
        std::iter::once(first).chain(second.map(Ok))
    }
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
            (Some(p), Some(body)) => fresh::refresh(p, body, now_unix() - cfg.stale_secs(), cfg.keep_ids),
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
                    // A stale delivery's times in the body are as old as its signature's
                    // (Linear's receivers check the body's webhookTimestamp).
                    fresh::refresh(p, body, now_unix() - cfg.stale_secs(), cfg.keep_ids);
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
