//! One file per subcommand: each wires config, engine and renderer, and picks the exit code.

pub mod completions;
pub mod fixtures;
pub mod listen;
pub mod providers;
pub mod relay;
pub mod replay;
mod screen;
pub mod sign;
pub mod tunnel;
pub mod verify;

/// Ctrl-C and SIGTERM, registered when created: commands create it before
/// printing their ready line, so a signal sent right after it is never lost
/// (an unregistered SIGINT would kill the process without its summary).
pub struct StopSignals {
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl StopSignals {
    /// Register the handlers (inside a tokio runtime).
    pub fn new() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignals {
                signals: (signal(SignalKind::interrupt())?, signal(SignalKind::terminate())?),
            })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignals {})
        }
    }

    /// Wait for either signal.
    pub async fn wait(&mut self) {
        #[cfg(unix)]
        {
            let (int, term) = &mut self.signals;
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
