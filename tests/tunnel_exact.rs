//! `hook relay` + `hook tunnel` carry requests exactly: method, target,
//! headers (as a multimap) and body to the app, the app's answer back; slow
//! requests do not block others; 504 and 502 (routing: `tunnel_routing.rs`).

mod tunnel_support;

use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tunnel_support::*;

const TOKEN: &str = "exact-token-7f3a";

struct Case {
    method: &'static str,
    tail: String,
    headers: Headers,
    body: Vec<u8>,
}

impl Case {
    fn random(i: usize, rng: &mut StdRng) -> Case {
        const PATHS: &[&str] = &[
            "",
            "/",
            "/a/../b",
            "/%2F",
            "/{x}",
            "/a%2Fb/%2f",
            "//double//slash",
            "/./dot",
            "/..",
            "/!$&'()*+,;=:@~",
            "/x%20y",
            "/[v6]",
            "/caf%C3%A9",
            "/trailing/",
            "/a/../b/{x}/%2F",
        ];
        const QUERIES: &[&str] = &[
            "",
            "?q='1'&q=2",
            "?",
            "?a=%00&b=+&c=%2B",
            "?x={y}&y=[z]",
            "?empty=&=v&&",
            "?q=2&q='1'",
        ];
        let method = ["POST", "PUT", "PATCH", "DELETE"][rng.gen_range(0..4)];
        let query = QUERIES[rng.gen_range(0..QUERIES.len())];
        // Sometimes nothing but a query after the channel: the app then sees "/" + it.
        let tail = if rng.gen_ratio(1, 20) {
            query.to_string()
        } else {
            format!("/c{i}{}{query}", PATHS[rng.gen_range(0..PATHS.len())])
        };
        let size = match (i, rng.gen_range(0..4)) {
            (0, _) | (_, 0) => 0,
            (1, _) => 10 << 20,
            (_, 1) => rng.gen_range(1..100),
            (_, 2) => rng.gen_range(100..8192),
            _ => rng.gen_range(8192..65536),
        };
        let mut body = vec![0; size];
        rng.fill_bytes(&mut body);
        let mut headers: Headers = vec![("X-Case".into(), i.to_string().into_bytes())];
        let word = |rng: &mut StdRng| -> Vec<u8> {
            let n = rng.gen_range(1..30);
            let mut w: Vec<u8> = (0..n).map(|_| rng.gen_range(0x21..0x7f)).collect();
            if n > 2 {
                w[n / 2] = b' ';
            }
            w
        };
        for _ in 0..rng.gen_range(0..4) {
            match rng.gen_range(0..5) {
                0 => headers.push(("X-Mixed-Case".into(), word(rng))),
                1 => {
                    headers.push(("X-Rep".into(), word(rng)));
                    headers.push(("x-between".into(), word(rng)));
                    headers.push(("x-rep".into(), word(rng)));
                }
                2 => headers.push(("x-raw".into(), b"caf\xe9 \xff\x80!".to_vec())),
                3 if rng.gen_ratio(1, 2) => headers.push(("x-empty".into(), Vec::new())),
                3 => headers.push(("X-Answer-Len".into(), rng.gen_range(0..50_000).to_string().into_bytes())),
                _ => headers.push(("Content-Type".into(), b"application/octet-stream".to_vec())),
            }
        }
        Case {
            method,
            tail,
            headers,
            body,
        }
    }

    /// The answer length the case asked the app for.
    fn answer_len(&self) -> Option<usize> {
        let (_, v) = self.headers.iter().find(|(n, _)| n == "X-Answer-Len")?;
        String::from_utf8_lossy(v).parse().ok()
    }

    /// What the app should see as its target.
    fn expected_target(&self) -> String {
        if self.tail.starts_with('/') {
            self.tail.clone()
        } else {
            format!("/{}", self.tail)
        }
    }
}

#[test]
fn a_thousand_random_requests_arrive_and_answer_exactly() {
    let seed = std::env::var("TUNNEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("TUNNEL_SEED={seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let cases: Arc<Vec<Case>> = Arc::new((0..1000).map(|i| Case::random(i, &mut rng)).collect());
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN, "--max-body", "16MiB"]);
    let (tunnel, _) = tunnel(&relay.url, TOKEN, Some("exact"), &app.url, &[]); // it learns the limit from the relay
    let addr = relay.addr;
    let start = Instant::now();
    let replies = rt.block_on(async {
        let gate = Arc::new(tokio::sync::Semaphore::new(16));
        let mut set = tokio::task::JoinSet::new();
        for i in 0..cases.len() {
            let permit = gate.clone().acquire_owned().await.expect("semaphore");
            let cases = cases.clone();
            set.spawn(async move {
                let c = &cases[i];
                let reply = send(addr, c.method, &format!("/exact{}", c.tail), &c.headers, &c.body).await;
                drop(permit);
                (i, reply)
            });
        }
        let mut replies: Vec<Option<Reply>> = (0..cases.len()).map(|_| None).collect();
        while let Some(done) = set.join_next().await {
            let (i, reply) = done.expect("sender task");
            replies[i] = Some(reply);
        }
        replies
    });
    eprintln!("1000 requests in {:?}", start.elapsed());
    let seen = app.wait_for(cases.len(), WAIT);
    assert_eq!(seen.len(), cases.len(), "the app saw extra requests");
    let mut by_case = vec![None; cases.len()];
    for s in &seen {
        let id = s.headers.iter().find(|(n, _)| n == "x-case").expect("x-case header");
        let i: usize = String::from_utf8_lossy(&id.1).parse().expect("x-case number");
        assert!(by_case[i].replace(s.clone()).is_none(), "case {i} arrived twice");
    }
    let mut wrong = Vec::new();
    for (i, (c, reply)) in cases.iter().zip(&replies).enumerate() {
        let (r, s) = (reply.as_ref().expect("reply"), by_case[i].as_ref().expect("arrived"));
        let sha = sha(&c.body);
        let what = format!("case {i}: {} /exact{} ({} bytes)", c.method, c.tail, c.body.len());
        if (s.method.as_str(), s.target.clone(), s.sha) != (c.method, c.expected_target(), sha) {
            wrong.push(format!("{what}: app saw {} {:?}", s.method, s.target));
        }
        if multimap(&s.headers, IGNORED) != multimap(&c.headers, IGNORED) {
            wrong.push(format!("{what}: headers {:?} vs sent {:?}", s.headers, c.headers));
        }
        let expected = (status_for(&sha), Some(hex::encode(sha)), Some(c.method.to_string()));
        let raw = multimap(&r.headers, "");
        let extra = (raw.get("x-app-raw"), raw.get("set-cookie"));
        let want_extra = (
            Some(&vec![b"caf\xe9 \xff".to_vec()]),
            Some(&vec![b"a=1".to_vec(), b"b=2".to_vec()]),
        );
        let head = (r.status, r.header("x-app-sha"), r.header("x-app-method"));
        if head != expected || extra != want_extra || r.body != body_for(&sha, c.answer_len()) {
            wrong.push(format!(
                "{what}: answer {} {:?} ({} bytes)",
                r.status,
                r.headers,
                r.body.len()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong (seed {seed}), first: {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    for n in 0..cases.len() {
        let line = tunnel.expect("request", WAIT);
        assert!(line["forward"]["status"].is_u64(), "request line {n}: {line}");
    }
}

#[test]
fn sixty_four_slow_requests_do_not_block_a_fast_one() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (_tunnel, _) = tunnel(&relay.url, TOKEN, Some("slow"), &app.url, &[]);
    let addr = relay.addr;
    let slow: Vec<_> = (0..64)
        .map(|i| {
            rt.spawn(async move {
                let r = post(addr, &format!("/slow/slow/{i}"), format!("s{i}").as_bytes()).await;
                (r.status, Instant::now())
            })
        })
        .collect();
    app.wait_for(64, WAIT); // all 64 are in the app, sleeping
    let sent = Instant::now();
    let fast = rt.block_on(post(addr, "/slow/fast", b"fast"));
    let fast_done = Instant::now();
    eprintln!("fast request answered in {:?}", fast_done - sent);
    assert_eq!(fast.status, status_for(&sha(b"fast")));
    let slow: Vec<_> = rt.block_on(async {
        let mut out = Vec::new();
        for h in slow {
            out.push(
                tokio::time::timeout(Duration::from_secs(30), h)
                    .await
                    .expect("slow answer")
                    .expect("task"),
            );
        }
        out
    });
    for (i, (status, done)) in slow.iter().enumerate() {
        assert_eq!(*status, status_for(&sha(format!("s{i}").as_bytes())), "slow {i}");
        assert!(fast_done < *done, "slow request {i} finished before the fast one");
    }
}

#[test]
fn an_app_too_slow_is_504_and_an_app_down_is_502() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (late, _) = tunnel(&relay.url, TOKEN, Some("late"), &app.url, &["--timeout", "500ms"]);
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let down_url = format!("http://{}", dead.local_addr().expect("addr"));
    drop(dead);
    let (down, _) = tunnel(&relay.url, TOKEN, Some("down"), &down_url, &[]);
    let sent = Instant::now();
    let r = rt.block_on(post(relay.addr, "/late/hang", b"zzz"));
    assert_eq!(r.status, 504, "{}", String::from_utf8_lossy(&r.body));
    assert!(sent.elapsed() < Duration::from_secs(5), "504 took {:?}", sent.elapsed());
    let line = late.expect("request", WAIT);
    assert_eq!(line["forward"]["status"], 504, "{line}");
    let r = rt.block_on(post(relay.addr, "/down/x", b"zzz"));
    assert_eq!(r.status, 502, "{}", String::from_utf8_lossy(&r.body));
    let line = down.expect("request", WAIT);
    assert_eq!(line["forward"]["status"], 502, "{line}");
    assert!(line["forward"]["error"].is_string(), "{line}");
}

#[test]
fn the_apps_reason_phrase_reaches_the_sender_unchanged() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (_t, _) = tunnel(&relay.url, TOKEN, Some("reasons"), &app.url, &[]);
    let status = status_for(&sha(b"body"));
    let standard = http::StatusCode::from_u16(status)
        .unwrap()
        .canonical_reason()
        .unwrap_or("");
    // The app's own phrase, one in Latin-1 (bytes above 0x7F that are not
    // UTF-8, which RFC 9110 allows), an empty one, and none given (hyper
    // writes the standard one).
    let cases: [(Option<&[u8]>, &[u8]); 4] = [
        (Some(b"Fine Thanks"), b"Fine Thanks"),
        (Some(b"Tr\xe8s Bien"), b"Tr\xe8s Bien"),
        (Some(b""), b""),
        (None, standard.as_bytes()),
    ];
    for (asked, said) in cases {
        let headers: Headers = asked
            .map(|r| ("X-Answer-Reason".into(), r.to_vec()))
            .into_iter()
            .collect();
        let r = rt.block_on(send(relay.addr, "POST", "/reasons/r", &headers, b"body"));
        let mut want = format!("HTTP/1.1 {status} ").into_bytes();
        want.extend_from_slice(said);
        assert_eq!(
            r.status_line.trim_ascii_end(),
            want.trim_ascii_end(),
            "asked for {:?}",
            asked.map(String::from_utf8_lossy)
        );
    }
}
