//! The test harness, after ripgrep's `tests/util.rs`: one temporary
//! directory per test, the `disclose` binary built by Cargo, and, when an
//! expectation fails, a dump of the command, its exit code, standard output
//! and standard error.
//!
//! Commands run in the test's directory with `DISCLOSE_KEY` and
//! `SOURCE_DATE_EPOCH` cleared (set them with [`TestCommand::env`] or
//! [`TestCommand::epoch`]) and `NO_COLOR` set.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{self, Command, Stdio};

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_disclose"))
}

/// A temporary directory, removed when the test ends.
pub struct Dir {
    temp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            temp: tempfile::Builder::new()
                .prefix("disclose-it-")
                .tempdir()
                .expect("create a temporary directory"),
        }
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// A path inside the directory.
    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.path().join(path)
    }

    /// Write a file (creating its parent directories).
    pub fn write(&self, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Create a directory (and its parents).
    pub fn mkdir(&self, path: impl AsRef<Path>) -> PathBuf {
        let path = self.join(path);
        std::fs::create_dir_all(&path).expect("create directories");
        path
    }

    /// Read a file's bytes.
    pub fn read(&self, path: impl AsRef<Path>) -> Vec<u8> {
        let path = self.join(path);
        std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Read a file as UTF-8.
    pub fn read_string(&self, path: impl AsRef<Path>) -> String {
        String::from_utf8(self.read(path)).expect("UTF-8")
    }

    pub fn exists(&self, path: impl AsRef<Path>) -> bool {
        self.join(path).exists()
    }

    /// The names of the files in a directory of the test, sorted.
    pub fn list(&self, path: impl AsRef<Path>) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.join(path))
            .expect("read directory")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// `disclose ARGS...`, run in this directory.
    pub fn cmd<S: AsRef<OsStr>>(&self, args: &[S]) -> TestCommand {
        let mut cmd = Command::new(bin());
        cmd.args(args)
            .current_dir(self.path())
            .env_remove("DISCLOSE_KEY")
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        TestCommand { cmd }
    }
}

/// A command being built.
pub struct TestCommand {
    cmd: Command,
}

impl TestCommand {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: &[S]) -> Self {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// Set `SOURCE_DATE_EPOCH`: the disclosure time, in seconds since 1970.
    pub fn epoch(self, seconds: i64) -> Self {
        self.env("SOURCE_DATE_EPOCH", seconds.to_string())
    }

    /// Run in another directory.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// Run to the end.
    pub fn run(mut self) -> Run {
        let output = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", describe(&self.cmd)));
        Run {
            command: describe(&self.cmd),
            output,
        }
    }

    /// Start without waiting; [`Running::wait`] collects the result.
    pub fn spawn(mut self) -> Running {
        let child = self
            .cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", describe(&self.cmd)));
        Running {
            command: describe(&self.cmd),
            child,
        }
    }
}

/// A command started with [`TestCommand::spawn`].
pub struct Running {
    command: String,
    child: process::Child,
}

impl Running {
    pub fn wait(self) -> Run {
        let output = self.child.wait_with_output().expect("wait for the command");
        Run {
            command: self.command,
            output,
        }
    }
}

fn describe(cmd: &Command) -> String {
    let mut text = String::new();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            text.push_str(&format!(
                "{}={} ",
                key.to_string_lossy(),
                value.to_string_lossy()
            ));
        }
    }
    text.push_str(&cmd.get_program().to_string_lossy());
    for arg in cmd.get_args() {
        text.push(' ');
        let arg = arg.to_string_lossy();
        if arg.is_empty() || arg.contains([' ', '"', '\'', '\t', '\n']) {
            text.push_str(&format!("{arg:?}"));
        } else {
            text.push_str(&arg);
        }
    }
    if let Some(dir) = cmd.get_current_dir() {
        text.push_str(&format!("\n(in {})", dir.display()));
    }
    text
}

/// A finished command.
pub struct Run {
    command: String,
    output: process::Output,
}

impl Run {
    /// The exit code (-1 when killed by a signal).
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// The command, exit code, standard output and standard error.
    pub fn dump(&self) -> String {
        format!(
            "\n\n==================== command ====================\n{}\n\
             ==================== exit code ==================\n{}\n\
             ==================== stdout =====================\n{}\n\
             ==================== stderr =====================\n{}\n",
            self.command,
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Panic with the dump unless the command exited with `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        if self.code() != code {
            panic!("expected exit code {code}{}", self.dump());
        }
        self
    }

    /// Panic with the dump unless standard output contains `text`.
    #[track_caller]
    pub fn expect_stdout_contains(&self, text: &str) -> &Run {
        if !self.stdout().contains(text) {
            panic!(
                "expected standard output to contain {text:?}{}",
                self.dump()
            );
        }
        self
    }

    /// Panic with the dump unless standard error contains `text`.
    #[track_caller]
    pub fn expect_stderr_contains(&self, text: &str) -> &Run {
        if !self.stderr().contains(text) {
            panic!("expected standard error to contain {text:?}{}", self.dump());
        }
        self
    }

    /// Standard output parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|e| panic!("standard output is not JSON: {e}{}", self.dump()))
    }
}

// ---------------------------------------------------------------------------
// A small disclosure set-up shared by the test modules.

/// A policy with one subject field, three fields, two recipients and two
/// bases with no requirements: enough to make manifests and ledgers.
pub const POLICY: &str = r#"
version = 1
agency = "Test Agency"
subject_field = "person_id"

[categories]
identifiers = "Personal identifiers"
case = "Case details"

[fields]
person_id = { category = "identifiers" }
name = { category = "identifiers", kind = "name" }
offense = { category = "case" }

[recipients.court]
name = "Test Court"

[recipients.police]
name = "Test Police"

[bases.order]
description = "Court order"

[bases.safety]
description = "Safety"

[[profiles]]
recipient = ["court", "police"]
basis = ["order", "safety"]
[profiles.categories]
identifiers = "keep"
case = "keep"
"#;

/// Three people, one record each.
pub const CASES: &str =
    "person_id,name,offense\nP-1,José Núñez,theft\nP-2,Ann Lee,fraud\nP-3,Bo Kim,arson\n";

/// 2026-11-27T14:03:00Z.
pub const EPOCH: i64 = 1_795_788_180;

/// Write `policy.toml` and `cases.csv` into the directory.
pub fn setup(dir: &Dir) {
    dir.write("policy.toml", POLICY);
    dir.write("cases.csv", CASES);
}

/// `disclose apply --policy policy.toml --to RECIPIENT --basis BASIS -o
/// OUTPUT cases.csv` at [`EPOCH`], plus `extra` arguments.
pub fn apply(dir: &Dir, recipient: &str, basis: &str, output: &str, extra: &[&str]) -> TestCommand {
    dir.cmd(&[
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        recipient,
        "--basis",
        basis,
        "-o",
        output,
    ])
    .args(extra)
    .arg("cases.csv")
    .epoch(EPOCH)
}
