//! Progress on a terminal: a bar on stderr while records are read, checked
//! and written, only when stderr is a terminal and `--quiet` is not given,
//! so logs, pipes and CI output stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar for `what`, or `None` when progress should not be shown.
pub(crate) fn bar(quiet: bool, what: &str) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
    let style = ProgressStyle::with_template("{spinner} {msg}: {human_pos} records  {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(what.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// Starts a new stage on the same bar: a new message and, when known, a total.
// Only the writers start a stage, and the light build has none.
#[cfg_attr(not(all(feature = "parquet", feature = "sqlite")), allow(dead_code))]
pub(crate) fn stage(bar: Option<&ProgressBar>, what: &str, total: Option<u64>) {
    if let Some(bar) = bar {
        bar.set_message(what.to_owned());
        bar.set_position(0);
        bar.set_length(total.unwrap_or(0));
        if total.is_some() {
            if let Ok(style) = ProgressStyle::with_template(
                "{msg}: [{bar:30}] {human_pos}/{human_len} records  {eta} left",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
        }
    }
}
