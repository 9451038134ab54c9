//! `hook tunnel`: connect to the relay and show each request like `hook listen` does.

use crate::cli::{ColorChoice, TunnelArgs};
use crate::config;
use crate::error::Exit;
use crate::model::TunnelEvent;
use crate::render::{self, capture::Shape};
use crate::tunnel::client::{self, Stop};

/// Run `hook tunnel`: exit 1 when the link drops under `--exit-on-disconnect`, 2 when refused.
pub fn run(args: &TunnelArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let cfg = config::tunnel(args)?;
    let forward_to = cfg.forward.to_string();
    let shape = Shape::from(args.display);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut stop = super::StopSignals::new()?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut engine = tokio::spawn(client::run(cfg, tx));
        let mut p = render::stdout(color, json);
        let outcome = loop {
            tokio::select! {
                () = stop.wait() => break Ok(Exit::Success),
                event = rx.recv() => match event {
                    Some(TunnelEvent::Request(capture)) => render::capture::capture(&mut p, &capture, shape)?,
                    Some(other) => render::tunnel::tunnel_status(&mut p, &other, &forward_to)?,
                    None => {}
                },
                done = &mut engine => {
                    // Show what the engine said last before stopping.
                    while let Ok(e) = rx.try_recv() {
                        if let TunnelEvent::Request(c) = &e { render::capture::capture(&mut p, c, shape)?; } else { render::tunnel::tunnel_status(&mut p, &e, &forward_to)?; }
                    }
                    break match done {
                        Ok(Err(Stop::Disconnected(_))) => Ok(Exit::Negative),
                        Ok(Err(Stop::Refused(reason))) => Err(crate::error::hinted(format!("the relay refused the tunnel: {reason}"), "check --token, and that --channel is not held by another token")),
                        Ok(Err(Stop::Setup(e))) => Err(e),
                        Ok(Ok(())) | Err(_) => Ok(Exit::Success),
                    };
                }
            }
            // Prompt when idle, batched when busy.
            if rx.is_empty() {
                p.finish()?;
            }
        };
        p.finish()?;
        outcome
    })
}
