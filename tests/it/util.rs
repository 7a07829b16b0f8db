//! The integration-test harness, the one place test modules take shared
//! helpers from: one temporary directory per test, the real `disclose`
//! binary, a failure dump that shows the command, the exit status,
//! standard output and standard error, and the shared policies and inputs
//! (files in `tests/fixtures/`, loaded by name with [`fixture`]). A helper
//! used by one module only stays in that module.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_disclose"))
}

/// The repository's fixtures directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The disclosure time used by tests: 2026-11-27T14:03:00Z.
pub const EPOCH: i64 = 1_795_788_180;

/// A temporary directory for one test.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::Builder::new()
                .prefix("disclose-it-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.tmp.path().join(rel)
    }

    /// Write a file (creating directories).
    pub fn write(&self, rel: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    pub fn read(&self, rel: impl AsRef<Path>) -> String {
        let path = self.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn mkdir(&self, rel: impl AsRef<Path>) -> PathBuf {
        let path = self.join(rel);
        std::fs::create_dir_all(&path).expect("create dir");
        path
    }

    pub fn read_bytes(&self, rel: impl AsRef<Path>) -> Vec<u8> {
        std::fs::read(self.join(rel)).expect("read file")
    }

    pub fn exists(&self, rel: impl AsRef<Path>) -> bool {
        self.join(rel).exists()
    }

    /// Parse a JSON file (manifest, plan, ...).
    pub fn json(&self, rel: impl AsRef<Path>) -> serde_json::Value {
        serde_json::from_str(&self.read(rel)).expect("valid JSON")
    }

    /// Copy the bundled fixtures into `fixtures/` of this directory.
    pub fn copy_fixtures(&self) {
        let target = self.join("fixtures");
        std::fs::create_dir_all(&target).expect("create fixtures dir");
        for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_file() {
                std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy");
            }
        }
    }

    /// The names of the files in a directory of this test (sorted).
    pub fn list(&self, rel: impl AsRef<Path>) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.join(rel))
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A `disclose` command run in this directory, with a fixed disclosure
    /// time and no key in the environment.
    pub fn cmd<S: AsRef<OsStr>>(&self, args: &[S]) -> Cmd {
        let mut command = Command::new(bin());
        command
            .args(args)
            .current_dir(self.path())
            .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
            .env("USER", "tester")
            .env_remove("DISCLOSE_KEY")
            .env_remove("NO_COLOR");
        Cmd {
            command,
            stdin: None,
            stdout: None,
        }
    }
}

/// A command about to run.
pub struct Cmd {
    command: Command,
    stdin: Option<Vec<u8>>,
    stdout: Option<std::fs::File>,
}

impl Cmd {
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Cmd {
        self.command.env(key, value);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.command.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: &[S]) -> Cmd {
        self.command.args(args);
        self
    }

    /// Set `SOURCE_DATE_EPOCH`: the disclosure time, in seconds since 1970.
    pub fn epoch(self, seconds: i64) -> Cmd {
        self.env("SOURCE_DATE_EPOCH", seconds.to_string())
    }

    /// Run in another directory.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Cmd {
        self.command.current_dir(dir);
        self
    }

    /// Start without waiting; [`Running::wait`] collects the result.
    pub fn spawn(mut self) -> Running {
        let shown = format!("{:?}", self.command);
        let child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn disclose");
        Running { shown, child }
    }

    pub fn env_remove(mut self, key: &str) -> Cmd {
        self.command.env_remove(key);
        self
    }

    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Cmd {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }

    /// Send standard output to a file (such as /dev/full) instead of
    /// capturing it.
    pub fn stdout_to(mut self, file: std::fs::File) -> Cmd {
        self.stdout = Some(file);
        self
    }

    pub fn run(mut self) -> Output {
        use std::io::Write as _;
        let shown = format!("{:?}", self.command);
        self.command.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let stdout = self.stdout.take().map_or_else(Stdio::piped, Stdio::from);
        self.command.stdout(stdout).stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("spawn disclose");
        if let Some(bytes) = self.stdin.take() {
            let mut stdin = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                let _ = stdin.write_all(&bytes);
            });
        }
        let out = child.wait_with_output().expect("wait for disclose");
        Output { shown, out }
    }
}

/// A command started with [`Cmd::spawn`].
pub struct Running {
    shown: String,
    child: std::process::Child,
}

impl Running {
    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process has ended.
    pub fn has_exited(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_some()
    }

    /// Send a signal by name (`STOP`, `CONT`, ...).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Kill the process (SIGKILL) and collect what it printed.
    pub fn kill(mut self) -> Output {
        self.child.kill().expect("kill disclose");
        self.wait()
    }

    pub fn wait(self) -> Output {
        let out = self.child.wait_with_output().expect("wait for disclose");
        Output {
            shown: self.shown,
            out,
        }
    }
}

/// Open the FIFO at `path` for writing, once `running` has opened it for
/// reading. When the process ends first (it failed before reading its
/// input), fail with what it printed instead of waiting for ever.
pub fn fifo_writer(path: &Path, mut running: Running) -> (Running, std::fs::File) {
    use std::os::unix::fs::OpenOptionsExt as _;
    /// O_NONBLOCK on Linux: opening a FIFO for writing fails (ENXIO) while
    /// no one reads it, instead of blocking.
    const O_NONBLOCK: i32 = 0o4000;
    const ENXIO: i32 = 6;
    let start = std::time::Instant::now();
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(path)
        {
            Ok(probe) => {
                // A reader is there: a blocking open returns at once. Keep
                // the probe open until then, so the reader never sees the
                // end of its input in between.
                let writer = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .expect("open the FIFO");
                drop(probe);
                return (running, writer);
            }
            Err(e) if e.raw_os_error() == Some(ENXIO) => {
                if running.has_exited() {
                    panic!(
                        "disclose ended before reading {}{}",
                        path.display(),
                        running.wait().dump()
                    );
                }
                assert!(
                    start.elapsed() < std::time::Duration::from_secs(60),
                    "disclose never opened {}",
                    path.display()
                );
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            Err(e) => panic!("open {}: {e}", path.display()),
        }
    }
}

/// What a command did.
pub struct Output {
    shown: String,
    out: std::process::Output,
}

impl Output {
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stdout_bytes(&self) -> &[u8] {
        &self.out.stdout
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    /// Everything the command printed.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout(), self.stderr())
    }

    pub fn dump(&self) -> String {
        format!(
            "\n--- command\n{}\n--- exit status: {}\n--- stdout\n{}\n--- stderr\n{}\n",
            self.shown,
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Assert the exit status; on failure show everything.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Output {
        assert_eq!(self.code(), code, "unexpected exit status{}", self.dump());
        self
    }

    #[track_caller]
    pub fn success(self) -> Output {
        self.expect_code(0)
    }

    /// Assert that standard error contains `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Output {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}{}",
            self.dump()
        );
        self
    }

    /// Assert that nothing printed contains `needle`.
    #[track_caller]
    pub fn never_says(self, needle: &str) -> Output {
        assert!(
            !self.all().contains(needle),
            "output mentions {needle:?}{}",
            self.dump()
        );
        self
    }

    /// Assert the exit status, by reference (for checks in sequence).
    #[track_caller]
    pub fn check_code(&self, code: i32) -> &Output {
        assert_eq!(self.code(), code, "unexpected exit status{}", self.dump());
        self
    }

    #[track_caller]
    pub fn expect_stdout_contains(&self, text: &str) -> &Output {
        assert!(
            self.stdout().contains(text),
            "stdout lacks {text:?}{}",
            self.dump()
        );
        self
    }

    #[track_caller]
    pub fn expect_stderr_contains(&self, text: &str) -> &Output {
        assert!(
            self.stderr().contains(text),
            "stderr lacks {text:?}{}",
            self.dump()
        );
        self
    }

    /// Standard output parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        self.stdout_json()
    }

    pub fn stdout_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}{}", self.dump()))
    }
}

// ---------------------------------------------------------------------------
// Shared policies and inputs: files in `tests/fixtures/`, loaded by name.
//
// - `small.toml` + `small.csv`: one subject field (`person_id`), three
//   fields, recipients `court` and `police`, bases `order` and `safety`
//   with no requirements; enough to make manifests and ledgers
//   ([`setup`]).
// - `county.toml` + `county-profiles.toml` + `county.csv`: every action,
//   requirements, consent and notices (recipients `court`, `clinic`);
//   [`county_policy`] joins the first with profiles ([`county`]).
// - `nested.toml`: dotted and array paths for nested JSON input.

/// The contents of `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The small policy (`tests/fixtures/small.toml`).
pub fn small_policy() -> String {
    fixture("small.toml")
}

/// Write the small policy as `policy.toml` and its three people as
/// `cases.csv` into the directory.
pub fn setup(dir: &Dir) {
    dir.write("policy.toml", small_policy());
    dir.write("cases.csv", fixture("small.csv"));
}

/// The county policy (`tests/fixtures/county.toml`) with `profiles`, the
/// `[[profiles]]` tables of a test, at its end.
pub fn county_policy(profiles: &str) -> String {
    format!("{}{profiles}\n", fixture("county.toml"))
}

/// The county policy with its own profiles.
pub fn default_county_policy() -> String {
    county_policy(&county_profiles())
}

/// The county policy's own profiles (`tests/fixtures/county-profiles.toml`):
/// court under open, order and safety; clinic under consent.
pub fn county_profiles() -> String {
    fixture("county-profiles.toml")
}

/// The three county records (`tests/fixtures/county.csv`).
pub fn county_csv() -> String {
    fixture("county.csv")
}

/// The key the county tests pseudonymize with.
pub const COUNTY_KEY: &str = "test-key-0123456789abcdef";

/// A directory with the county policy and its profiles as `policy.toml`,
/// and nothing else.
pub fn county_policy_dir() -> Dir {
    let dir = Dir::new();
    dir.write("policy.toml", default_county_policy());
    dir
}

/// A directory with the county policy and profiles (`policy.toml`), the
/// county records (`in.csv`) and a key file (`key`).
pub fn county() -> Dir {
    let dir = county_policy_dir();
    dir.write("in.csv", county_csv());
    dir.write("key", format!("{COUNTY_KEY}\n"));
    dir
}

/// `policy` with the top-level `setting` (a line of TOML) added after its
/// `subject_field`.
pub fn with_setting(policy: &str, setting: &str) -> String {
    let (head, rest) = policy
        .split_once("\nsubject_field = ")
        .expect("a policy with a subject_field");
    let (line, rest) = rest.split_once('\n').expect("a line");
    format!("{head}\nsubject_field = {line}\n{setting}\n{rest}")
}

/// `policy` with `[profiles.fields]` rules `fields` (lines of TOML) before
/// its (first) `[profiles.categories]`.
pub fn with_profile_fields(policy: &str, fields: &str) -> String {
    policy.replacen(
        "[profiles.categories]",
        &format!("[profiles.fields]\n{fields}\n[profiles.categories]"),
        1,
    )
}

/// `disclose apply --policy policy.toml --to RECIPIENT --basis BASIS`, then
/// `args` as given.
pub fn apply_to(dir: &Dir, recipient: &str, basis: &str, args: &[&str]) -> Cmd {
    dir.cmd(&[
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        recipient,
        "--basis",
        basis,
    ])
    .args(args)
}

/// [`apply_to`] with `--to court --basis order`, the disclosure most tests
/// make (in the [`setup`] policy it has no requirements).
pub fn court_order(dir: &Dir, args: &[&str]) -> Cmd {
    apply_to(dir, "court", "order", args)
}

/// `disclose apply --policy policy.toml --to RECIPIENT --basis BASIS -o
/// OUTPUT cases.csv` at [`EPOCH`], plus `extra` arguments.
pub fn apply(dir: &Dir, recipient: &str, basis: &str, output: &str, extra: &[&str]) -> Cmd {
    apply_to(dir, recipient, basis, &["-o", output])
        .args(extra)
        .arg("cases.csv")
        .epoch(EPOCH)
}
