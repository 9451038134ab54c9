//! `hook relay`: serve the public side and print tunnel and request events.

use crate::cli::{ColorChoice, RelayArgs};
use crate::config;
use crate::error::Exit;
use crate::render;
use crate::tunnel::relay;

/// Run `hook relay` until Ctrl-C.
pub fn run(args: &RelayArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let (cfg, generated) = config::relay(args)?;
    let token = generated.then(|| cfg.tokens[0].expose().to_string());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut stop = super::StopSignals::new()?;
        let bound = relay::bind(cfg, tx).await?;
        let mut p = render::stdout(color, json);
        render::tunnel::relay_ready(
            &mut p,
            &bound.url,
            &bound.ws_url,
            &bound.local_addr.to_string(),
            token.as_deref(),
        )?;
        p.finish()?;
        let server = tokio::spawn(bound.serve());
        loop {
            tokio::select! {
                () = stop.wait() => break,
                event = rx.recv() => {
                    let Some(event) = event else { break };
                    render::tunnel::relay_event(&mut p, &event)?;
                    // Prompt when idle, batched when busy.
                    if rx.is_empty() {
                        p.finish()?;
                    }
                }
            }
        }
        server.abort();
        Ok(Exit::Success)
    })
}
