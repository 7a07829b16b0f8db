//! The manual pages in `man/`: generated from the clap definitions of
//! `disclose` (NAME, SYNOPSIS, DESCRIPTION, OPTIONS, SUBCOMMANDS) with
//! `clap_mangen`, plus the sections clap cannot hold, written in roff in
//! `xtask/man/*.roff`. Only this crate renders them; the `disclose` binary
//! carries neither the generator nor the roff.
//!
//! A hand-written part may use these lines, each alone on its line:
//!
//! - `@EXIT_STATUS@`: the exit status table at the end of `disclose --help`;
//! - `@APPLY_EXAMPLES@`: the examples at the end of `disclose apply --help`;
//! - `@AFTER_HELP@`: the text at the end of the command's `--help`, as is.
//!
//! `disclose-policy(5)` is hand-written roff as a whole. The output depends
//! on nothing but the sources and the version of `disclose` (no dates), so
//! the committed pages can be compared with a fresh rendering; the test
//! `xtask/tests/man.rs` does that, and `cargo xtask man` rewrites them.

use std::path::{Path, PathBuf};

use clap::CommandFactory as _;
use disclose::cli::Cli;

/// The `disclose` command line, as clap builds it for `--help`.
fn root() -> clap::Command {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    root
}

/// The version written into every page's title line: the version of
/// `disclose`, as `disclose --version` prints it.
pub fn version() -> String {
    root()
        .get_version()
        .expect("disclose has a version")
        .to_string()
}

/// The text at the end of a command's `--help`.
fn after_help(cmd: &clap::Command) -> String {
    cmd.get_after_long_help()
        .or_else(|| cmd.get_after_help())
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// The exit status table, as `disclose --help` ends.
fn exit_status_help() -> String {
    after_help(&root())
}

/// The examples `disclose apply --help` ends with.
fn apply_examples() -> String {
    let root = root();
    let apply = root
        .find_subcommand("apply")
        .expect("disclose has an apply command");
    after_help(apply)
}

/// The manual's name, in every page's title line.
const MANUAL: &str = "disclose manual";

/// The hand-written part of each page, by page name.
const EXTRA: &[(&str, &str)] = &[
    ("disclose", include_str!("../man/disclose.1.roff")),
    (
        "disclose-apply",
        include_str!("../man/disclose-apply.1.roff"),
    ),
    ("disclose-plan", include_str!("../man/disclose-plan.1.roff")),
    ("disclose-list", include_str!("../man/disclose-list.1.roff")),
    (
        "disclose-check",
        include_str!("../man/disclose-check.1.roff"),
    ),
    (
        "disclose-verify",
        include_str!("../man/disclose-verify.1.roff"),
    ),
    (
        "disclose-ledger",
        include_str!("../man/disclose-ledger.1.roff"),
    ),
    (
        "disclose-ledger-verify",
        include_str!("../man/disclose-ledger-verify.1.roff"),
    ),
    (
        "disclose-ledger-show",
        include_str!("../man/disclose-ledger-show.1.roff"),
    ),
    (
        "disclose-ledger-account",
        include_str!("../man/disclose-ledger-account.1.roff"),
    ),
    (
        "disclose-ledger-suspend",
        include_str!("../man/disclose-ledger-suspend.1.roff"),
    ),
    ("disclose-init", include_str!("../man/disclose-init.1.roff")),
    (
        "disclose-completions",
        include_str!("../man/disclose-completions.1.roff"),
    ),
];

/// The policy format reference, without its title line.
const POLICY_PAGE: &str = include_str!("../man/disclose-policy.5.roff");

/// Every manual page: (file name, contents), the command pages first in
/// the order of `disclose --help`, then `disclose-policy.5`.
pub fn render_all() -> Vec<(String, Vec<u8>)> {
    let root = root();
    let mut commands = Vec::new();
    collect(&root, &mut commands);
    let mut pages: Vec<(String, Vec<u8>)> = commands.iter().map(render_command).collect();
    let mut policy = title("disclose-policy", "5");
    policy.push_str(POLICY_PAGE);
    pages.push(("disclose-policy.5".to_string(), policy.into_bytes()));
    pages
}

/// The directory of the committed pages: `man/` at the repository root.
pub fn man_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is inside the repository")
        .join("man")
}

/// Files in `man/` that are not generated pages.
pub const NOT_PAGES: &[&str] = &["README.md"];

/// How `man/` differs from a fresh rendering.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Pages missing or with other contents.
    pub stale: Vec<String>,
    /// Files that no page is rendered to (and are not in [`NOT_PAGES`]).
    pub extra: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.extra.is_empty()
    }
}

/// Compare `dir` with `pages`.
pub fn drift(dir: &Path, pages: &[(String, Vec<u8>)]) -> std::io::Result<Drift> {
    let mut drift = Drift::default();
    for (name, bytes) in pages {
        if std::fs::read(dir.join(name)).ok().as_deref() != Some(bytes.as_slice()) {
            drift.stale.push(name.clone());
        }
    }
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !NOT_PAGES.contains(&name.as_str()) && !pages.iter().any(|(n, _)| *n == name) {
            drift.extra.push(name);
        }
    }
    Ok(drift)
}

/// Make `dir` hold exactly `pages` (and the files of [`NOT_PAGES`]):
/// rewrite what differs, remove what no page is rendered to. Returns the
/// changes made, one line each.
pub fn update(dir: &Path, pages: &[(String, Vec<u8>)]) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let found = drift(dir, pages)?;
    let mut changes = Vec::new();
    for (name, bytes) in pages.iter().filter(|(n, _)| found.stale.contains(n)) {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        changes.push(format!("rewrote {}", path.display()));
    }
    for name in &found.extra {
        std::fs::remove_file(dir.join(name))?;
        changes.push(format!("removed {name}"));
    }
    Ok(changes)
}

/// The command and its subcommands, depth first.
fn collect(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    out.push(cmd.clone());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, out);
    }
}

fn page_name(cmd: &clap::Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}

/// The `.TH` line.
fn title(name: &str, section: &str) -> String {
    format!(
        ".TH {} {section} \"\" \"disclose {}\" \"{MANUAL}\"\n",
        name.to_uppercase(),
        version()
    )
}

fn render_command(cmd: &clap::Command) -> (String, Vec<u8>) {
    let name = page_name(cmd);
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = title(&name, "1").into_bytes();
    // Writing to a Vec cannot fail.
    let _ = man.render_name_section(&mut out);
    out.extend_from_slice(synopsis(cmd).as_bytes());
    let _ = man.render_description_section(&mut out);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut out);
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        let _ = man.render_subcommands_section(&mut out);
    }
    let extra = EXTRA
        .iter()
        .find(|(page, _)| *page == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no hand-written part for the manual page {name}"));
    out.extend_from_slice(expand(extra, cmd).as_bytes());
    (format!("{name}.1"), out)
}

/// The SYNOPSIS: the command, its required options, its other options,
/// its operands (and `COMMAND` for a command with subcommands). Each word
/// is kept from hyphenation, and an option stays on one line with its
/// value.
fn synopsis(cmd: &clap::Command) -> String {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut parts = vec![format!("\\fB{}\\fR", escape(name).replace(' ', "\\ "))];
    let options: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    let (required, optional): (Vec<&clap::Arg>, Vec<&clap::Arg>) =
        options.into_iter().partition(|a| a.is_required_set());
    for arg in required.into_iter().chain(optional) {
        let flag = match (arg.get_short(), arg.get_long()) {
            (Some(s), Some(l)) => format!("\\fB\\-{s}\\fR|\\fB{}\\fR", escape(&format!("--{l}"))),
            (None, Some(l)) => format!("\\fB{}\\fR", escape(&format!("--{l}"))),
            (Some(s), None) => format!("\\fB\\-{s}\\fR"),
            (None, None) => continue,
        };
        let takes_value = arg.get_num_args().is_some_and(|r| r.takes_values());
        let value = match arg.get_value_names() {
            Some(names) if takes_value => names
                .iter()
                .map(|n| format!("\\ \\fI{}\\fR", escape(n)))
                .collect::<String>(),
            _ => String::new(),
        };
        let repeats = matches!(arg.get_action(), clap::ArgAction::Append);
        parts.push(if arg.is_required_set() {
            format!("{flag}{value}")
        } else {
            format!("[{flag}{value}]{}", if repeats { "..." } else { "" })
        });
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let value = arg
            .get_value_names()
            .map(|n| n.join(" "))
            .unwrap_or_else(|| arg.get_id().to_string());
        let many = arg.get_num_args().is_some_and(|r| r.max_values() > 1);
        let text = format!(
            "\\fI{}\\fR{}",
            escape(&value),
            if many { "..." } else { "" }
        );
        parts.push(if arg.is_required_set() {
            text
        } else {
            format!("[{text}]")
        });
    }
    if cmd.has_subcommands() {
        parts.push("\\fICOMMAND\\fR [\\fIARGS\\fR]".to_string());
    }
    let words: Vec<String> = parts.iter().map(|p| format!("\\%{p}")).collect();
    // Not adjusted to both margins: the spaces would stretch.
    format!(".SH SYNOPSIS\n.na\n{}\n.ad\n", words.join(" "))
}

/// Replace the placeholder lines of a hand-written part.
fn expand(text: &str, cmd: &clap::Command) -> String {
    let mut out = String::with_capacity(text.len() + 1024);
    for line in text.lines() {
        match line {
            "@EXIT_STATUS@" => out.push_str(&exit_status()),
            "@APPLY_EXAMPLES@" => out.push_str(&examples(&apply_examples())),
            "@AFTER_HELP@" => out.push_str(&preformatted(&after_help(cmd))),
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Escape text for roff: backslashes, minus signs (so options and commands
/// copy as typed), quotes that roff would turn into typographic ones, and
/// a control character at the start of a line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\(aq"),
            '`' => out.push_str("\\(ga"),
            _ => out.push(c),
        }
    }
    if out.starts_with('.') {
        out.insert_str(0, "\\&");
    }
    out
}

/// The exit status table, one `.TP` entry per status. The source's entry
/// lines look like `  N  text`, continuation lines are indented further.
fn exit_status() -> String {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in exit_status_help().lines().skip(1) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let code = trimmed.split_whitespace().next().unwrap_or("");
        if indent == 2 && !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) {
            let text = trimmed[code.len()..].trim();
            entries.push((code.to_string(), text.to_string()));
        } else if let Some((_, text)) = entries.last_mut() {
            text.push(' ');
            text.push_str(trimmed);
        }
    }
    let mut out = String::new();
    for (code, text) in entries {
        out.push_str(&format!(".TP\n.B {code}\n{}\n", escape(&text)));
    }
    out
}

/// Examples in the `--help` layout: `Examples:`, then a sentence indented
/// by two spaces before each command, the command indented by four (and
/// more for its continuation lines).
fn examples(text: &str) -> String {
    let mut out = String::new();
    let mut code: Vec<&str> = Vec::new();
    let flush = |code: &mut Vec<&str>, out: &mut String| {
        if !code.is_empty() {
            out.push_str(".PP\n.RS 4\n.nf\n");
            for line in code.drain(..) {
                out.push_str(&escape(line.strip_prefix("    ").unwrap_or(line)));
                out.push('\n');
            }
            out.push_str(".fi\n.RE\n");
        }
    };
    for line in text
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
    {
        if line.trim().is_empty() {
            flush(&mut code, &mut out);
        } else if line.starts_with("    ") {
            code.push(line);
        } else {
            flush(&mut code, &mut out);
            out.push_str(&format!(".PP\n{}\n", escape(line.trim())));
        }
    }
    flush(&mut code, &mut out);
    out
}

/// Text shown as is: no filling, no adjusting.
fn preformatted(text: &str) -> String {
    let mut out = String::from(".PP\n.nf\n");
    for line in text.lines() {
        if line.trim().is_empty() {
            // An empty line in no-fill mode is a blank line; say so
            // explicitly.
            out.push_str(".sp\n");
        } else {
            out.push_str(&escape(line));
            out.push('\n');
        }
    }
    out.push_str(".fi\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_page_and_every_page_a_command() {
        let pages = render_all();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "disclose.1",
                "disclose-apply.1",
                "disclose-plan.1",
                "disclose-list.1",
                "disclose-check.1",
                "disclose-verify.1",
                "disclose-ledger.1",
                "disclose-ledger-verify.1",
                "disclose-ledger-show.1",
                "disclose-ledger-account.1",
                "disclose-ledger-suspend.1",
                "disclose-init.1",
                "disclose-completions.1",
                "disclose-policy.5",
            ]
        );
        for (page, _) in EXTRA {
            assert!(names.contains(&format!("{page}.1").as_str()), "{page}");
        }
    }

    #[test]
    fn exit_status_lists_every_code() {
        let table = exit_status();
        for code in 0..=3 {
            assert!(table.contains(&format!(".B {code}\n")), "{table}");
        }
        assert!(table.contains("basis, no profile for the pair"), "{table}");
    }

    #[test]
    fn placeholders_are_all_replaced() {
        for (name, bytes) in render_all() {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains("\n@"), "{name} has a placeholder left");
            assert!(text.contains(&version()), "{name} lacks the version");
        }
    }

    #[test]
    fn escapes_roff() {
        assert_eq!(escape("--to a\\b"), "\\-\\-to a\\eb");
        assert_eq!(escape(".hidden 'x'"), "\\&.hidden \\(aqx\\(aq");
    }

    #[test]
    fn apply_examples_become_code_blocks() {
        let roff = examples(&apply_examples());
        assert_eq!(roff.matches(".nf\n").count(), 3, "{roff}");
        assert!(roff.contains("disclose apply \\-\\-policy fixtures/policy.toml"));
    }
}
