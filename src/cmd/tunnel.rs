//! `hook tunnel`: connect to the relay and show each request like `hook listen` does.

use super::screen::Screen;
use crate::cli::{ColorChoice, TunnelArgs};
use crate::config;
use crate::error::Exit;
use crate::inspect::SeenDeliveries;
use crate::model::TunnelEvent;
use crate::render::{self, capture::Shape};
use crate::tunnel::client::{self, Stop};

/// Run `hook tunnel`: exit 1 when the link drops under `--exit-on-disconnect`, 2 when refused.
pub fn run(args: &TunnelArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    let cfg = config::tunnel(args)?;
    let targets = render::tunnel::Targets {
        forward_to: cfg.forward.to_string(),
        routes: cfg
            .routes
            .iter()
            .map(|(p, u)| (p.as_str().to_string(), u.to_string()))
            .collect(),
        events: cfg.events.iter().map(|p| p.as_str().to_string()).collect(),
    };
    let shape = Shape::from(args.display);
    // Numbered after the fixtures an earlier run left there, as hook listen does.
    let save = match &cfg.save {
        Some(dir) => Some((dir.clone(), crate::fixture::prepare_dir(dir)?)),
        None => None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (tx, rx) = tokio::sync::mpsc::channel(super::screen::BACKLOG);
    let mut seen = SeenDeliveries::default();
    let mut screen = Screen::start(rx, color, json, move |p, event| match event {
        TunnelEvent::Request(mut arrival) => {
            // Its share of the backlog is given back once the line is written.
            let _held = arrival.held.take();
            let mut capture = arrival.inspected(&mut seen);
            if let Some((dir, after)) = &save {
                // On this thread, off the request path, like the inspection.
                if let Some(fixture) = crate::fixture::to_keep(&mut capture) {
                    let written = crate::fixture::save(dir, after + capture.seq, &fixture);
                    crate::fixture::record_saved(&mut capture, written);
                }
            }
            render::capture::capture(p, &capture, shape)
        }
        other => render::tunnel::tunnel_status(p, &other, &targets),
    })?;
    let outcome = runtime.block_on(async {
        let mut stop = super::StopSignals::new()?;
        let (quit, quitting) = tokio::sync::watch::channel(false);
        let mut engine = tokio::spawn(client::run(cfg, tx, quitting));
        tokio::select! {
            // The engine first: when it ends, its sender goes and the screen ends
            // too, and its outcome (refused: 2, disconnected: 1) must win.
            biased;
            done = &mut engine => match done {
                Ok(Err(Stop::Disconnected(_))) => Ok(Exit::Negative),
                Ok(Err(Stop::Refused(reason))) => Err(crate::error::hinted(format!("the relay refused the tunnel: {reason}"), "check --token, and that --channel is not held by another token")),
                Ok(Err(Stop::Setup(e))) => Err(e),
                Ok(Err(Stop::Untrusted { reason, hint })) => Err(crate::error::hinted(format!("the relay's certificate is not trusted: {reason}"), hint)),
                Ok(Ok(())) | Err(_) => Ok(Exit::Success),
            },
            () = stop.wait() => {
                // Say goodbye to the relay, briefly: Ctrl-C must not hang on a dead link.
                let _ = quit.send(true);
                let _ = tokio::time::timeout(std::time::Duration::from_secs(1), &mut engine).await;
                Ok(Exit::Success)
            }
            // The screen stops early only when stdout fails: its error is reported below.
            _ = &mut screen.gone => Ok(Exit::Success),
        }
    });
    // Dropping the runtime drops the engine and its sender: the screen shows
    // what the engine said last, then returns.
    drop(runtime);
    screen.finish()?;
    outcome
}
