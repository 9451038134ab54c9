//! A progress bar on stderr for long replays on a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Runs shorter than this print their lines only.
const MIN_DELIVERIES: usize = 20;

/// A bar for `total` deliveries, or a hidden one when it would not help
/// (short runs, `--json`, stderr not a terminal).
pub fn bar(total: usize, json: bool) -> ProgressBar {
    if json || total < MIN_DELIVERIES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} deliveries {per_sec} eta {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
