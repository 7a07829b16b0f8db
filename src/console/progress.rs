//! The progress bar `apply` draws while it reads: on a terminal only,
//! never with `-q`.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::console;

/// A progress bar for one input, or `None` when standard error is not a
/// terminal or `-q` was given. A bar with bytes, rate and ETA when the size
/// is known; a spinner for standard input.
pub fn bar(name: String, path: Option<&Path>, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let size = path
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len());
    let bar = match size {
        Some(len) => ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} {bytes_per_sec} ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{prefix} {spinner} {bytes} {msg} {bytes_per_sec}")
                .expect("valid template"),
        ),
    };
    bar.set_prefix(name);
    bar.set_message("0 records");
    console::set_progress_bar(Some(bar.clone()));
    Some(bar)
}

/// Clear a bar from the screen when its input is done.
pub fn done(bar: Option<&ProgressBar>) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
        console::set_progress_bar(None);
    }
}
