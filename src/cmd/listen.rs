//! `hook listen`: run the server, print each capture, summarise on Ctrl-C.

use crate::cli::{ColorChoice, ListenArgs};
use crate::config;
use crate::error::Exit;
use crate::listen;
use crate::render::{self, capture::Shape, listen::Ready};
use std::collections::BTreeMap;

/// How long to wait, at stop, for each request already answered to be reported.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(5);

/// Run `hook listen` until Ctrl-C (or SIGTERM).
pub fn run(args: &ListenArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let cfg = config::listen(args)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(serve(cfg, args, color, json))
}

async fn serve(cfg: listen::ListenConfig, args: &ListenArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let verifying = (!cfg.verify.secrets.is_empty()).then(|| cfg.verify.scheme.map_or("auto", |s| s.name()));
    let forward_to = cfg.forward.as_ref().map(|f| f.base.to_string());
    let save = cfg.save.as_ref().map(|d| d.display().to_string());
    let mut stop = super::StopSignals::new()?;
    let bound = listen::bind(cfg).await?;
    let mut p = render::stdout(color, json);
    let ready = Ready {
        url: &bound.url,
        address: bound.local_addr.to_string(),
        tls_fingerprint: bound.tls_fingerprint.as_deref(),
        forward_to: forward_to.as_deref(),
        verifying,
        save,
    };
    render::listen::ready(&mut p, &ready)?;
    p.finish()?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let pending = bound.pending();
    let server = tokio::spawn(bound.serve(tx, std::future::pending()));
    let shape = Shape::from(args.display);
    let mut by_status: BTreeMap<u16, u64> = BTreeMap::new();
    loop {
        tokio::select! {
            () = stop.wait() => break,
            capture = rx.recv() => {
                let Some(capture) = capture else { break };
                pending.taken();
                *by_status.entry(capture.status).or_default() += 1;
                render::capture::capture(&mut p, &capture, shape)?;
                // Flush when nothing else is waiting: prompt when idle, batched when busy.
                if rx.is_empty() {
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
        *by_status.entry(capture.status).or_default() += 1;
        render::capture::capture(&mut p, &capture, shape)?;
    }
    render::listen::summary(&mut p, &by_status)?;
    p.finish()?;
    Ok(Exit::Success)
}
