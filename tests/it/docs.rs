//! The man pages: the committed pages are what the clap definitions and
//! `src/man/*.roff` render to (rewrite them with
//! `DISCLOSE_UPDATE_MAN=1 cargo test --test it docs`), groff accepts every
//! page, and the examples in them run on a copy of the fixtures.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Dir, bin};

fn man_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("man")
}

/// Files in `man/` that are not generated pages.
const NOT_PAGES: &[&str] = &["README.md"];

#[test]
fn man_pages_are_current() {
    let dir = man_dir();
    let pages = disclose::man::render_all();
    let update = std::env::var_os("DISCLOSE_UPDATE_MAN").is_some_and(|v| !v.is_empty());
    if update {
        std::fs::create_dir_all(&dir).expect("create man/");
        for (name, bytes) in &pages {
            let path = dir.join(name);
            if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                std::fs::write(&path, bytes).expect("write man page");
                eprintln!("rewrote {}", path.display());
            }
        }
    }
    let mut stale = Vec::new();
    for (name, bytes) in &pages {
        if std::fs::read(dir.join(name)).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(name.clone());
        }
    }
    let mut extra = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read man/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !NOT_PAGES.contains(&name.as_str()) && !pages.iter().any(|(n, _)| *n == name) {
            extra.push(name);
        }
    }
    if update {
        for name in &extra {
            std::fs::remove_file(dir.join(name)).expect("remove old page");
            eprintln!("removed {name}");
        }
        return;
    }
    assert!(
        stale.is_empty() && extra.is_empty(),
        "man/ is out of date (stale: {stale:?}; not generated: {extra:?}); \
         rewrite it with: DISCLOSE_UPDATE_MAN=1 cargo test --test it docs"
    );
}

#[test]
fn man_pages_pass_groff() {
    if Command::new("groff").arg("--version").output().is_err() {
        eprintln!("note: groff is not installed; the man pages were not checked with it");
        return;
    }
    for (name, bytes) in disclose::man::render_all() {
        let dir = Dir::new();
        let path = dir.write(&name, &bytes);
        let out = Command::new("groff")
            .args(["-man", "-ww", "-z"])
            .arg(&path)
            .output()
            .expect("run groff");
        assert!(
            out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
            "groff -man -ww -z {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Undo the roff escapes used in example blocks.
fn unroff(line: &str) -> String {
    line.replace("\\-", "-")
        .replace("\\e", "\\")
        .replace("\\(aq", "'")
        .replace("\\(ga", "`")
        .replace("\\(dq", "\"")
        .replace("\\&", "")
}

/// The `.nf` ... `.fi` blocks of a page's EXAMPLES section, unescaped.
fn example_blocks(page: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut in_examples = false;
    let mut block: Option<String> = None;
    for line in page.lines() {
        if let Some(heading) = line.strip_prefix(".SH ") {
            in_examples = heading.trim_matches('"') == "EXAMPLES";
            continue;
        }
        if !in_examples {
            continue;
        }
        match (line, &mut block) {
            (".nf", None) => block = Some(String::new()),
            (".fi", Some(_)) => blocks.extend(block.take()),
            (text, Some(b)) => {
                b.push_str(&unroff(text));
                b.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn policy_page_example_is_a_valid_policy() {
    let pages = disclose::man::render_all();
    let (_, page) = pages
        .iter()
        .find(|(name, _)| name == "disclose-policy.5")
        .expect("disclose-policy.5");
    let page = String::from_utf8_lossy(page);
    let section = page.split(".SH EXAMPLE\n").nth(1).expect("EXAMPLE section");
    let block = section
        .split(".nf\n")
        .nth(1)
        .and_then(|b| b.split("\n.fi").next())
        .expect("a policy in EXAMPLE");
    let policy: String = block
        .lines()
        .map(|l| if l == ".sp" { String::new() } else { unroff(l) })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = Dir::new();
    dir.write("policy.toml", &policy);
    let out = dir
        .cmd(&["list", "--policy", "policy.toml"])
        .run()
        .success();
    assert!(out.stdout().contains("district-court"), "{}", out.dump());
    dir.write("cases.csv", "person_id,full_name,dob,ssn,offense,risk_score,narrative_notes,treatment\nP-1,Ann Lee,03/27/1985,123-45-6789,theft,37,Ann Lee called 614-555-0182.,none\n");
    dir.cmd(&[
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        "district-court",
        "--basis",
        "court-order",
        "--reference",
        "R-1",
        "--subject",
        "P-1",
        "-o",
        "out.csv",
        "cases.csv",
    ])
    .run()
    .success();
    let out = dir.read("out.csv");
    assert!(
        out.contains("***-**-6789") && out.contains(",1985,"),
        "{out}"
    );
    assert!(!out.contains("Ann Lee called"), "{out}");
}

#[test]
fn man_page_examples_run_on_the_fixtures() {
    let bin_dir = bin().parent().expect("bin dir").to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let mut ran = 0;
    for (name, bytes) in disclose::man::render_all() {
        let page = String::from_utf8(bytes).expect("UTF-8 page");
        let blocks = example_blocks(&page);
        if name.ends_with(".1") {
            assert!(!blocks.is_empty(), "{name} has no examples");
        }
        let dir = Dir::new();
        dir.copy_fixtures();
        for block in blocks {
            let out = Command::new("sh")
                .args(["-ec", &block])
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("SOURCE_DATE_EPOCH", crate::util::EPOCH.to_string())
                .env("USER", "tester")
                .env_remove("DISCLOSE_KEY")
                .output()
                .expect("run sh");
            assert!(
                out.status.success(),
                "an example of {name} failed (exit {:?}):\n{block}\n--- stdout\n{}\n--- stderr\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 10, "only {ran} example blocks ran");
}

#[test]
fn man_readme_names_the_update_command() {
    let readme = std::fs::read_to_string(man_dir().join("README.md")).expect("man/README.md");
    assert!(readme.contains("DISCLOSE_UPDATE_MAN=1 cargo test --test it docs"));
}
