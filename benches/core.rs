//! Criterion benchmarks of the hot code: signing and verifying per provider,
//! fixture parsing, tunnel frames, and rendering requests.
//! Run with `cargo bench --bench core`; results are summarised in BENCHMARKS.md.

use bytes::Bytes;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hook::fixture::{builtin, load};
use hook::model::{Capture, CheckKind, HeaderList};
use hook::render::{capture::Shape, Printer};
use hook::secret::Secret;
use hook::signature::{self, SignInput, VerifyInput};
use hook::tunnel::protocol::{RelayFrame, TunnelFrame};

/// A JSON body of about `size` bytes.
fn body(size: usize) -> Vec<u8> {
    let filler = "x".repeat(size.saturating_sub(40));
    format!(r#"{{"id":"evt_1","type":"invoice.paid","pad":"{filler}"}}"#).into_bytes()
}

fn secret_for(provider: &str) -> (&'static str, &'static str) {
    match provider {
        "discord" => (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ),
        "sendgrid" => (
            "d8d7426883fa1b668988ec87f63db5b46716714b44f5b7ea620445bac44f162f",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2em9ofgthF4mMfAs9M7EQ23h692ARPYjXhAUAieqmBUETgPxsMPqI9cPS3bn3Dunry4wAGBFzIH8buPiZdwPbw==",
        ),
        "standard" | "svix" => (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
        _ => ("s3cret", "s3cret"),
    }
}

fn sign_and_verify(c: &mut Criterion) {
    let payload = body(1024);
    let mut group = c.benchmark_group("sign+verify 1KiB");
    for scheme in signature::schemes() {
        let name = scheme.name();
        let (sign_key, verify_key) = secret_for(name);
        let (s, v) = ([Secret::new(sign_key)], [Secret::new(verify_key)]);
        let url = Some("https://example.com/hooks");
        let input = SignInput {
            body: &payload,
            secrets: &s,
            timestamp: 1_700_000_000,
            id: Some("msg_1"),
            url,
            method: "POST",
            event: None,
        };
        let signed = scheme.sign(&input).expect("signs");
        let headers = signed.headers.clone();
        let url = signed.url.clone().or(Some("https://example.com/hooks".into()));
        // Mailgun signs inside the body: it is the signed body that verifies.
        let sent = signed.body.clone().unwrap_or_else(|| payload.clone());
        group.bench_function(BenchmarkId::new("sign", name), |b| {
            b.iter(|| scheme.sign(black_box(&input)).unwrap())
        });
        group.bench_function(BenchmarkId::new("verify", name), |b| {
            b.iter(|| {
                let input = VerifyInput {
                    body: &sent,
                    headers: &headers,
                    secrets: &v,
                    url: url.as_deref(),
                    method: "POST",
                    now: 1_700_000_001,
                    tolerance: None,
                };
                assert!(scheme.verify(black_box(&input)).unwrap().valid);
            })
        });
    }
    group.finish();
}

fn fixtures(c: &mut Criterion) {
    c.bench_function("parse every built-in fixture", |b| {
        b.iter(|| {
            for (name, text) in builtin::BUILTIN {
                black_box(load::parse(text, name).unwrap());
            }
        })
    });
}

/// Finding a delivery's event in its body, as `hook listen` does for each
/// request: the top-level members of a 1 KiB GitHub-like body, then `/action`.
fn body_view(c: &mut Criterion) {
    let members: Vec<String> = (0..12)
        .map(|i| format!(r#""m{i}":{{"id":{i},"name":"octocat","url":"https://example.com/{i}","ok":true}}"#))
        .collect();
    let body = format!(r#"{{"action":"opened",{}}}"#, members.join(",")).into_bytes();
    c.bench_function(&format!("body view/{} nested", body.len()), |b| {
        b.iter(|| {
            let view = hook::signature::body_view::BodyView::of(black_box(&body));
            view.pointer("/action")
        })
    });
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("tunnel frame");
    for size in [1024usize, 1 << 20] {
        let frame = RelayFrame::Request {
            id: 42,
            queued: false,
            method: "POST".into(),
            target: "/webhooks/stripe?x=1".into(),
            remote: "203.0.113.5:4711".into(),
            headers: (0..12)
                .map(|i| (format!("x-header-{i}"), Bytes::from(format!("value-{i}"))))
                .collect(),
            body: Bytes::from(body(size)),
        };
        let encoded = frame.encode();
        group.throughput(Throughput::Bytes(encoded.len() as u64));
        group.bench_function(BenchmarkId::new("encode request", size), |b| {
            b.iter(|| black_box(&frame).encode())
        });
        group.bench_function(BenchmarkId::new("decode request", size), |b| {
            b.iter(|| RelayFrame::decode(black_box(encoded.clone())).unwrap())
        });
        let reply = TunnelFrame::Response {
            id: 42,
            status: 200,
            reason: None,
            headers: vec![],
            body: Bytes::from(body(size)),
        }
        .encode();
        group.bench_function(BenchmarkId::new("decode response", size), |b| {
            b.iter(|| TunnelFrame::decode(black_box(reply.clone())).unwrap())
        });
    }
    group.finish();
}

fn capture(size: usize) -> Capture {
    let mut headers = HeaderList::new();
    headers.push("content-type", "application/json");
    headers.push("x-github-event", "push");
    headers.push("x-hub-signature-256", "sha256=00");
    let mut c = Capture::arrived(1, "POST".into(), "/webhooks", headers, Bytes::from(body(size)));
    c.provider = Some("github".into());
    c.event = Some("push".into());
    c.delivery_id = Some("d-1".into());
    c.check.kind = CheckKind::Valid;
    c.status = 200;
    c
}

/// A 1 KiB JSON body dense in quotes, like a real delivery (a quote every few bytes).
fn dense_body() -> Vec<u8> {
    let fields: Vec<String> = (0..60).map(|i| format!(r#""k{i}":"v{i}""#)).collect();
    let mut body = format!("{{{}}}", fields.join(",")).into_bytes();
    body.truncate(1024);
    body
}

fn rendering(c: &mut Criterion) {
    let mut group = c.benchmark_group("render request");
    let mut dense = capture(0);
    dense.body = Bytes::from(dense_body());
    group.throughput(Throughput::Bytes(dense.body.len() as u64));
    group.bench_function("json/1024 dense", |b| {
        b.iter(|| {
            let mut p = Printer::new(Vec::with_capacity(4096), false, true);
            hook::render::capture::capture(&mut p, black_box(&dense), Shape::default()).unwrap();
            p.into_inner()
        })
    });
    for size in [1024usize, 1 << 20] {
        let cap = capture(size);
        group.throughput(Throughput::Bytes(size as u64));
        for (label, json) in [("json", true), ("pretty", false)] {
            group.bench_function(BenchmarkId::new(label, size), |b| {
                b.iter(|| {
                    let mut p = Printer::new(Vec::with_capacity(size * 2), false, json);
                    hook::render::capture::capture(&mut p, black_box(&cap), Shape::default()).unwrap();
                    p.into_inner()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, sign_and_verify, fixtures, body_view, frames, rendering);
criterion_main!(benches);
