//! `hook relay`: serve the public side and print tunnel and request events.

use super::screen::Screen;
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
    let (tx, rx) = tokio::sync::mpsc::channel(super::screen::BACKLOG);
    let outcome = runtime.block_on(async {
        let mut stop = super::StopSignals::new()?;
        let bound = relay::bind(cfg, tx).await?;
        {
            // Dropped before the screen starts: each holds stdout's lock.
            let mut p = render::stdout(color, json);
            let (url, ws_url, address) = (&bound.url, &bound.ws_url, bound.local_addr.to_string());
            render::tunnel::relay_ready(&mut p, url, ws_url, &address, token.as_deref())?;
            p.finish()?;
        }
        let mut screen = Screen::start(rx, color, json, |p, event| render::tunnel::relay_event(p, &event))?;
        let closer = bound.closer();
        let server = tokio::spawn(bound.serve());
        tokio::select! {
            () = stop.wait() => {}
            _ = &mut screen.gone => {}
        }
        server.abort();
        // Close the tunnels' links properly, briefly: Ctrl-C must not hang on a dead one.
        closer.close(std::time::Duration::from_secs(1)).await;
        anyhow::Ok(screen)
    });
    drop(runtime);
    outcome?.finish()?;
    Ok(Exit::Success)
}
