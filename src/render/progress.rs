//! A progress bar on stderr for long replays on a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Runs shorter than this print their lines only.
const MIN_DELIVERIES: usize = 20;

/// A bar for `total` deliveries, or none when it would not help (short
/// runs, `--json`, stderr not a terminal).
pub fn bar(total: usize, json: bool) -> Option<ProgressBar> {
    if json || total < MIN_DELIVERIES || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} deliveries {per_sec} eta {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}
