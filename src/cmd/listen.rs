//! `hook listen`: run the server, print each capture, summarise on Ctrl-C.
//!
//! Each of the server's shards (one per thread, `--threads`) prints its own
//! captures on its own thread, so a request never waits for another thread;
//! the summary adds up every shard's counts.

use crate::cli::{ColorChoice, ListenArgs};
use crate::config;
use crate::error::Exit;
use crate::listen::{self, Shard};
use crate::render::{self, capture::Shape, listen::Ready, Printer, SharedStdout};
use anyhow::Context;
use std::collections::BTreeMap;
use tokio::sync::{oneshot, watch};

/// How long to wait, at stop, for each request already answered to be reported.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(5);
/// Write a busy shard's output at least this often (bytes), between captures.
const BATCH: usize = 64 * 1024;

/// Requests counted by status.
type Tally = BTreeMap<u16, u64>;

/// Run `hook listen` until Ctrl-C (or SIGTERM).
pub fn run(args: &ListenArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let cfg = config::listen(args)?;
    for note in config::listen_idle_flags(args) {
        render::note(&note);
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(serve(cfg, args, color, json))
}

async fn serve(cfg: listen::ListenConfig, args: &ListenArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let verifying = (!cfg.verify.secrets.is_empty()).then(|| cfg.verify.scheme.map_or("auto", |s| s.name()));
    let forward_to = cfg.forward.as_ref().map(|f| f.base.to_string());
    let routes = cfg
        .routes
        .iter()
        .map(|r| (r.events.as_str().to_string(), r.forward.base.to_string()));
    let routes = routes.collect();
    let events = cfg.events.iter().map(|p| p.as_str().to_string()).collect();
    let save = cfg.save.as_ref().map(|d| d.display().to_string());
    let threads = cfg.threads;
    let mut stop = super::StopSignals::new()?;
    let bound = listen::bind(cfg).await?;
    let mut p = render::shared_stdout(color, json);
    let ready = Ready {
        url: &bound.url,
        address: bound.local_addr.to_string(),
        tls_fingerprint: bound.tls_fingerprint.as_deref(),
        forward_to: forward_to.as_deref(),
        routes,
        events,
        verifying,
        save,
        threads,
    };
    render::listen::ready(&mut p, &ready)?;
    p.finish()?;
    let shape = Shape::from(args.display);
    let mut shards = bound.shards()?.into_iter();
    let first = shards.next().context("no shard to serve on")?;
    // Dropping `halt` (on any early return) stops the other threads too.
    let (halt, halted) = watch::channel(false);
    let others = shards
        .enumerate()
        .map(|(k, shard)| spawn_thread(k + 1, shard, halted.clone(), color, json, shape))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let retrying = first.retrying();
    let served = print_captures(first, &mut p, shape, stop.wait()).await;
    // Read before the other threads stop: their runtimes, dropped, drop the
    // retries they were waiting to send.
    let unretried = retrying.count();
    let _ = halt.send(true);
    let mut by_status = served?;
    for other in others {
        let tally = other
            .await
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a listening thread stopped unexpectedly")))?;
        for (status, n) in tally {
            *by_status.entry(status).or_default() += n;
        }
    }
    render::listen::summary(&mut p, &by_status, unretried)?;
    p.finish()?;
    Ok(Exit::Success)
}

/// Serve and print one more shard on a thread of its own, until `halted`.
fn spawn_thread(
    k: usize,
    shard: Shard,
    mut halted: watch::Receiver<bool>,
    color: ColorChoice,
    json: bool,
    shape: Shape,
) -> anyhow::Result<oneshot::Receiver<anyhow::Result<Tally>>> {
    let (done, tally) = oneshot::channel();
    std::thread::Builder::new()
        .name(format!("listen-{k}"))
        .spawn(move || {
            let run = || -> anyhow::Result<Tally> {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                let mut p = render::shared_stdout(color, json);
                let halt = async move {
                    // Halted, or the main thread has gone: stop either way.
                    let _ = halted.wait_for(|halt| *halt).await;
                };
                runtime.block_on(print_captures(shard, &mut p, shape, halt))
            };
            let _ = done.send(run());
        })
        .context("starting a listening thread")?;
    Ok(tally)
}

/// Serve `shard` and print its captures until `stop`; then report what was
/// already answered and count it all by status.
async fn print_captures(
    shard: Shard,
    p: &mut Printer<SharedStdout>,
    shape: Shape,
    stop: impl std::future::Future<Output = ()>,
) -> anyhow::Result<Tally> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let pending = shard.pending();
    let mut server = tokio::spawn(shard.serve(tx, std::future::pending()));
    let mut serving = true;
    let mut by_status = Tally::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            ended = &mut server, if serving => {
                // A shard that is handed its connections ends when the accepting one does.
                serving = false;
                ended.context("the server stopped unexpectedly")??;
            }
            capture = rx.recv() => {
                let Some(capture) = capture else { break };
                pending.taken();
                tally(&mut by_status, &capture);
                render::capture::capture(p, &capture, shape)?;
                // Write when nothing else is waiting (prompt when idle, batched
                // when busy), and whole captures only: other threads print too.
                if rx.is_empty() || p.writer().buffered() >= BATCH {
                    p.finish()?;
                }
            }
        }
    }
    // Stop accepting, then show what was already answered (saving may still be finishing).
    server.abort();
    while pending.count() > 0 {
        let Ok(Some(capture)) = tokio::time::timeout(DRAIN, rx.recv()).await else {
            break;
        };
        pending.taken();
        tally(&mut by_status, &capture);
        render::capture::capture(p, &capture, shape)?;
    }
    p.finish()?;
    Ok(by_status)
}

/// Count a request by the status it was answered; a retry (`--retry`) is
/// no request to hook, and is not counted.
fn tally(by_status: &mut Tally, capture: &crate::model::Capture) {
    if capture.retry.is_none() {
        *by_status.entry(capture.status).or_default() += 1;
    }
}
