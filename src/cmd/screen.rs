//! A thread of its own for a long-running command's output.
//!
//! `hook relay` and `hook tunnel` carry requests on one thread each. Formatting
//! and writing a line per request (and, in the tunnel, inspecting it first)
//! there would delay every request behind it; on this thread it runs beside
//! them, on another core when there is one (bench/HISTORY.md, twelfth session).

use crate::cli::ColorChoice;
use crate::render::{self, Printer};
use std::io::{self, BufWriter, StdoutLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{self, error::TryRecvError};
use tokio::sync::oneshot;

/// How long after an event the screen keeps looking for more instead of sleeping until woken.
const BUSY: Duration = Duration::from_millis(50);
/// How often it looks while busy: the most a line waits to be shown.
const POLL: Duration = Duration::from_millis(1);

/// Events waiting to be shown, at most. Beyond it senders wait: a stdout
/// that nobody reads slows the command down rather than filling its memory.
pub const BACKLOG: usize = 65_536;

/// The printer a screen writes with.
pub type Out = Printer<BufWriter<StdoutLock<'static>>>;

/// The output thread, and word from it when it stops early (stdout failed).
pub struct Screen {
    thread: JoinHandle<io::Result<()>>,
    /// Resolves when the thread has stopped.
    pub gone: oneshot::Receiver<()>,
}

impl Screen {
    /// Show each event from `rx` with `show` until every sender is dropped:
    /// batched while events keep coming, flushed as soon as none is waiting.
    pub fn start<E, F>(mut rx: mpsc::Receiver<E>, color: ColorChoice, json: bool, mut show: F) -> io::Result<Screen>
    where
        E: Send + 'static,
        F: FnMut(&mut Out, E) -> io::Result<()> + Send + 'static,
    {
        let (gone_tx, gone) = oneshot::channel();
        let thread = std::thread::Builder::new().name("screen".into()).spawn(move || {
            let mut p = render::stdout(color, json);
            let shown = (|| {
                let mut last = Instant::now();
                loop {
                    match rx.try_recv() {
                        Ok(event) => {
                            show(&mut p, event)?;
                            last = Instant::now();
                        }
                        Err(TryRecvError::Disconnected) => return p.finish(),
                        Err(TryRecvError::Empty) => {
                            p.finish()?;
                            if last.elapsed() < BUSY {
                                // Busy: look again shortly rather than be woken for
                                // each event (a wake-up costs the sender a system call).
                                std::thread::sleep(POLL);
                            } else {
                                let Some(event) = rx.blocking_recv() else { return Ok(()) };
                                show(&mut p, event)?;
                                last = Instant::now();
                            }
                        }
                    }
                }
            })();
            let _ = gone_tx.send(());
            shown
        })?;
        Ok(Screen { thread, gone })
    }

    /// Wait for the thread to show what it was sent (every sender must be
    /// dropped first) and report a failure to write.
    pub fn finish(self) -> anyhow::Result<()> {
        let shown = self
            .thread
            .join()
            .map_err(|_| anyhow::anyhow!("the output thread panicked"))?;
        Ok(shown?)
    }
}
