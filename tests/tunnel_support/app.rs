//! The local app of the tunnel tests: a hyper server that records every
//! request exactly as it arrived and answers with a status and body derived
//! from the request body, so a test can check both directions.

use super::*;

/// What the app saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Headers,
    pub sha: [u8; 32],
}

type Log = Arc<(Mutex<Vec<Seen>>, Condvar)>;

/// The local app: records every request, answers from it (`body_for`); `/slow` waits 2 s,
/// `/hang` 10 s, `/crash` hangs up without an answer.
pub struct App {
    pub url: String,
    log: Log,
}

impl App {
    pub fn start(rt: &tokio::runtime::Runtime) -> App {
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind app");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let log: Log = Arc::default();
        let shared = log.clone();
        rt.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = shared.clone();
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(move |req| answer(req, log.clone()));
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, svc)
                        .await;
                });
            }
        });
        App { url, log }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Wait until `done` holds for what arrived (bounded); whether it did.
    pub fn wait_until(&self, within: Duration, done: impl Fn(&[Seen]) -> bool) -> bool {
        let deadline = Instant::now() + within;
        let mut seen = self.log.0.lock().unwrap_or_else(|p| p.into_inner());
        while !done(&seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            seen = self.log.1.wait_timeout(seen, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        true
    }

    /// Wait until at least `n` requests arrived (bounded).
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Seen> {
        let arrived = self.wait_until(within, |s| s.len() >= n);
        assert!(arrived, "the app saw only {:?} of {n} in {within:?}", self.targets());
        self.seen()
    }

    /// The targets seen, in arrival order.
    pub fn targets(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.target).collect()
    }
}

async fn answer(req: hyper::Request<hyper::body::Incoming>, log: Log) -> Result<hyper::Response<Full<Bytes>>, String> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    let sha: [u8; 32] = Sha256::digest(&body).into();
    let target = parts.uri.path_and_query().map_or("", |p| p.as_str()).to_string();
    let headers = parts
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
        .collect();
    let seen = Seen {
        method: parts.method.to_string(),
        target: target.clone(),
        headers,
        sha,
    };
    log.0.lock().unwrap_or_else(|p| p.into_inner()).push(seen);
    log.1.notify_all();
    if target.contains("/crash") {
        return Err("the app hangs up without answering".into());
    }
    if target.contains("/slow") {
        tokio::time::sleep(Duration::from_secs(2)).await;
    } else if target.contains("/hang") {
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
    let len = parts
        .headers
        .get("x-answer-len")
        .and_then(|v| v.to_str().ok()?.parse().ok());
    let body = body_for(&sha, len);
    let mut res = hyper::Response::builder()
        .status(status_for(&sha))
        .header("x-app-sha", hex::encode(sha))
        .header("x-app-method", parts.method.as_str())
        .header("x-app-raw", &b"caf\xe9 \xff"[..])
        .header("set-cookie", "a=1")
        .header("set-cookie", "b=2")
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    // An app's own reason phrase, which must reach the sender unchanged.
    if let Some(reason) = parts.headers.get("x-answer-reason") {
        let reason = hyper::ext::ReasonPhrase::try_from(reason.as_bytes().to_vec()).map_err(|e| e.to_string())?;
        res.extensions_mut().insert(reason);
    }
    Ok(res)
}

/// The app's status for a request body (never one the relay answers itself: 202, 404, 413, 502–504).
pub fn status_for(sha: &[u8; 32]) -> u16 {
    [200, 201, 203, 207, 226, 299, 400, 409, 410, 418, 451, 500][sha[0] as usize % 12]
}

/// The app's binary answer for a request body: `len` bytes if the request had `X-Answer-Len`,
/// else 0 to 999 (under the smallest relay --max-body the tests use, 1 KiB).
pub fn body_for(sha: &[u8; 32], len: Option<usize>) -> Vec<u8> {
    let n = len.unwrap_or(usize::from(sha[1] % 8 != 0) * (usize::from(u16::from_be_bytes([sha[2], sha[3]])) % 1000));
    let mut out = Vec::with_capacity(n + 32);
    let mut block: [u8; 32] = Sha256::digest(sha).into();
    while out.len() < n {
        out.extend_from_slice(&block);
        block = Sha256::digest(block).into();
    }
    out.truncate(n);
    out
}

pub fn sha(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}
