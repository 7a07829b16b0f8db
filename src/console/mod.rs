//! Messages on standard error: errors, warnings and notes, with colour when
//! standard error is a terminal and `NO_COLOR` is not set.
//!
//! A message names a place (file, record, line, field), never a record's
//! value: callers format their messages from names and numbers only.

pub mod progress;
pub mod table;

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// The progress bar being drawn, if any: messages are printed around it.
static BAR: Mutex<Option<indicatif::ProgressBar>> = Mutex::new(None);

/// Print messages around `bar` (so they do not tear it) until it is
/// cleared with `None`.
pub fn set_progress_bar(bar: Option<indicatif::ProgressBar>) {
    if let Ok(mut slot) = BAR.lock() {
        *slot = bar;
    }
}

/// Write one line to standard error, above the progress bar if one is
/// drawn.
fn emit(line: &str) {
    let bar = BAR.lock().ok().and_then(|b| b.clone());
    let write = || {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    };
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Silence warnings and notes for the rest of the process (`-q`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `-q` was given.
pub fn is_quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Whether to colour what goes to standard error.
pub fn stderr_colour() -> bool {
    colour_allowed() && std::io::stderr().is_terminal()
}

/// Whether to colour what goes to standard output.
pub fn stdout_colour() -> bool {
    colour_allowed() && std::io::stdout().is_terminal()
}

fn colour_allowed() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !no_color && !dumb
}

/// A piece of text in a colour, or plain when colour is off.
pub fn paint(text: &str, sgr: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Bold, for headings in tables.
pub const BOLD: &str = "1";
/// Red, for errors and findings.
pub const RED: &str = "1;31";
/// Yellow, for warnings.
pub const YELLOW: &str = "1;33";
/// Green, for success.
pub const GREEN: &str = "1;32";

/// Print `error: MESSAGE` on standard error. Errors are never silenced.
pub fn error(message: &str) {
    let prefix = paint("error:", RED, stderr_colour());
    emit(&format!("{prefix} {message}"));
}

/// Print `warning: MESSAGE` on standard error, unless `-q`.
pub fn warning(message: &str) {
    if is_quiet() {
        return;
    }
    let prefix = paint("warning:", YELLOW, stderr_colour());
    emit(&format!("{prefix} {message}"));
}

/// Print a plain line on standard error, unless `-q`.
pub fn note(message: &str) {
    if is_quiet() {
        return;
    }
    emit(message);
}

/// Write `value` as pretty JSON and a newline (the `--json` output of every
/// command), and flush: a full or closed output is an error, not a panic.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Text from a file (the ledger, say) made safe for a terminal: control
/// characters are escaped, so that no escape sequence reaches the screen.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
