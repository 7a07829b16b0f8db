//! Project chores, run as `cargo xtask <task>` (an alias in
//! `.cargo/config.toml`).
//!
//! - `man`: rewrite the manual pages in `man/`;
//! - `man --check`: only say whether they are current (exit status 1 if
//!   not).

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask man [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["man"] => man(false),
        ["man", "--check"] => man(true),
        ["-h" | "--help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn man(check: bool) -> ExitCode {
    let dir = xtask::man_dir();
    let pages = xtask::render_all();
    let result = if check {
        xtask::drift(&dir, &pages).map(|drift| {
            if drift.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "man/ is out of date (stale: {:?}; not generated: {:?}); \
                     rewrite it with: cargo xtask man",
                    drift.stale, drift.extra
                )]
            }
        })
    } else {
        xtask::update(&dir, &pages)
    };
    match result {
        Ok(lines) if check && !lines.is_empty() => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::from(1)
        }
        Ok(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}: {err}", dir.display());
            ExitCode::from(2)
        }
    }
}
