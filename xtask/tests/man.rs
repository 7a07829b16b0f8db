//! The committed manual pages: `man/` holds what the clap definitions and
//! `xtask/man/*.roff` render to (rewrite it with `cargo xtask man`, or
//! `DISCLOSE_UPDATE_MAN=1 cargo test`), and groff accepts every page.

use std::io::Write as _;
use std::process::{Command, Stdio};

#[test]
fn man_pages_are_current() {
    let dir = xtask::man_dir();
    let pages = xtask::render_all();
    if std::env::var_os("DISCLOSE_UPDATE_MAN").is_some_and(|v| !v.is_empty()) {
        for change in xtask::update(&dir, &pages).expect("rewrite man/") {
            eprintln!("{change}");
        }
        return;
    }
    let drift = xtask::drift(&dir, &pages).expect("read man/");
    assert!(
        drift.is_empty(),
        "man/ is out of date (stale: {:?}; not generated: {:?}); \
         rewrite it with: cargo xtask man",
        drift.stale,
        drift.extra
    );
}

#[test]
fn man_pages_pass_groff() {
    if Command::new("groff").arg("--version").output().is_err() {
        // Straight to the standard error, past the test harness's capture:
        // a skipped check must show in the output of a passing run.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: groff not installed; man_pages_pass_groff checked no page"
        );
        return;
    }
    for (name, bytes) in xtask::render_all() {
        let mut child = Command::new("groff")
            .args(["-man", "-ww", "-z"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run groff");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&bytes)
            .expect("write to groff");
        let out = child.wait_with_output().expect("wait for groff");
        assert!(
            out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
            "groff -man -ww -z {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
