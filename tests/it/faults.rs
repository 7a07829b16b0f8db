//! Fault injection: full disks and full standard output, read-only places,
//! special files, a process killed halfway, inputs cut short while they are
//! read, and ledgers that cannot be written. After every failure: exit 2, no
//! output, manifest or ledger entry visible, and no temporary file left
//! (except after SIGKILL, where the next run removes it).
//!
//! Some faults need root (mounting a small tmpfs, `chattr +i`). Where the
//! tests cannot set a fault up they say so on standard error and check what
//! they can instead; as root (CI) they all run.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Dir, apply, court_order, fifo_writer, setup};

/// A tmpfs mounted for one test, unmounted when dropped. Declare it after
/// the `Dir` it lives in, so that it is dropped first.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mount a tmpfs with `options` (`size=64k`, `ro`) at `path`, or `None`
    /// when that is not possible (not root, no mount).
    fn mount(path: &Path, options: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if mounted {
            Some(Tmpfs(path.to_path_buf()))
        } else {
            eprintln!("note: cannot mount a tmpfs (needs root); part of this test is skipped");
            None
        }
    }

    /// Fill the filesystem: write until the disk is full.
    fn fill(&self) {
        let mut filler = File::create(self.0.join("filler")).expect("create filler");
        let block = [0u8; 4096];
        while filler.write_all(&block).is_ok() {}
        let mut byte = File::create(self.0.join("filler2")).expect("create filler2");
        while byte.write_all(&[0]).and_then(|_| byte.sync_all()).is_ok() {}
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Files in `dir` whose names end like our temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".disclose-tmp"))
                .collect()
        })
        .unwrap_or_default()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// One CSV row of exactly 100 bytes (the header is 23), so that a test can
/// cut the input at a known place: `23 + 100 * i + 5` is inside the first
/// field of row `i` (a cut inside the last field would leave a valid, if
/// shorter, row).
fn row(i: usize) -> String {
    let head = format!("P-{i:07},Name {i:07},");
    format!("{head}{}\n", "x".repeat(99 - head.len()))
}

const HEADER: &str = "person_id,name,offense\n";

/// Wait until `done` holds, failing after 60 seconds.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The size of the largest temporary file in `dir`, if there is one.
fn temp_size(dir: &Path) -> Option<u64> {
    temp_files(dir)
        .into_iter()
        .filter_map(|name| std::fs::metadata(dir.join(name)).ok())
        .map(|m| m.len())
        .max()
}

#[test]
fn a_full_standard_output_writes_nothing_and_says_where() {
    let dir = Dir::new();
    setup(&dir);
    let full = || File::create("/dev/full").expect("/dev/full");
    // The output to standard output: the disclosure was accounted for
    // before delivery, so the manifest stays as its record.
    apply(&dir, "court", "order", "-", &["--manifest", "m.json"])
        .stdout_to(full())
        .run()
        .expect_code(2)
        .stderr_has("cannot write to standard output")
        .stderr_has("No space left on device")
        .stderr_has("could not be delivered");
    assert!(dir.exists("m.json"));
    // The manifest to standard output: it is written before any output is
    // delivered, so the output never appears.
    apply(&dir, "court", "order", "out.csv", &["--manifest", "-"])
        .stdout_to(full())
        .run()
        .expect_code(2)
        .stderr_has("cannot write to standard output");
    assert!(!dir.exists("out.csv"));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn a_summary_that_cannot_be_printed_says_the_disclosure_stands() {
    let dir = Dir::new();
    setup(&dir);
    // Everything is written and recorded before the summary: the disclosure
    // stands, and the message says so, so that a script does not repeat it.
    apply(
        &dir,
        "court",
        "order",
        "out.csv",
        &["--json", "--ledger", "l.jsonl"],
    )
    .stdout_to(File::create("/dev/full").unwrap())
    .run()
    .expect_code(2)
    .stderr_has("is complete (manifest out.csv.manifest.json, ledger entry 1)")
    .stderr_has("summary could not be written");
    assert!(dir.exists("out.csv"));
    assert_eq!(dir.read("l.jsonl").lines().count(), 1);
}

#[test]
fn special_files_and_links_are_never_written_even_with_force() {
    let dir = Dir::new();
    setup(&dir);
    mkfifo(&dir.join("fifo.csv"));
    apply(&dir, "court", "order", "fifo.csv", &["--force"])
        .run()
        .expect_code(2)
        .stderr_has("fifo.csv is not a regular file");
    use std::os::unix::fs::FileTypeExt as _;
    assert!(
        std::fs::symlink_metadata(dir.join("fifo.csv"))
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced"
    );
    // A device: refused whatever --force says, before any work.
    for extra in [&[][..], &["--force"][..]] {
        apply(&dir, "court", "order", "/dev/full", extra)
            .arg("--manifest")
            .arg("m.json")
            .run()
            .expect_code(2)
            .stderr_has("/dev/full is not a regular file");
        apply(&dir, "court", "order", "out.csv", extra)
            .arg("--manifest")
            .arg("/dev/null")
            .run()
            .expect_code(2)
            .stderr_has("/dev/null is not a regular file");
    }
    // A symbolic link is not replaced by a file.
    dir.write("elsewhere.csv", "old\n");
    std::os::unix::fs::symlink(dir.join("elsewhere.csv"), dir.join("link.csv")).unwrap();
    apply(&dir, "court", "order", "link.csv", &["--force"])
        .run()
        .expect_code(2)
        .stderr_has("link.csv is a symbolic link");
    assert!(
        std::fs::symlink_metadata(dir.join("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(dir.read("elsewhere.csv"), "old\n");
    for name in ["m.json", "out.csv", "out.csv.manifest.json"] {
        assert!(!dir.exists(name), "{name}");
    }
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn a_full_disk_leaves_nothing_behind() {
    let dir = Dir::new();
    setup(&dir);
    let Some(disk) = Tmpfs::mount(&dir.join("disk"), "size=64k") else {
        return;
    };
    // 256 KiB of input cannot be written to 64 KiB.
    let mut big = String::from(HEADER);
    (0..2600).for_each(|i| big.push_str(&row(i)));
    dir.write("big.csv", &big);
    court_order(&dir, &["-o", "disk/out.csv", "big.csv"])
        .run()
        .expect_code(2)
        .stderr_has("cannot write disk/out.csv")
        .stderr_has("No space left on device");
    assert_eq!(dir.list("disk"), Vec::<String>::new(), "the disk is empty");

    // Output elsewhere, the manifest on the full disk.
    disk.fill();
    apply(
        &dir,
        "court",
        "order",
        "out.csv",
        &["--manifest", "disk/m.json"],
    )
    .run()
    .expect_code(2)
    .stderr_has("disk/m.json");
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("disk/m.json"));
    assert_eq!(temp_files(&dir.join("disk")), Vec::<String>::new());
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn a_read_only_output_directory_is_an_error_before_any_work() {
    let dir = Dir::new();
    setup(&dir);
    let ro = dir.mkdir("ro");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permission bits: then use a read-only mount.
    let privileged = File::create(ro.join("probe")).is_ok();
    let _mount = if privileged {
        let _ = std::fs::remove_file(ro.join("probe"));
        eprintln!("note: as root, mode 0555 does not stop writes; using a read-only tmpfs");
        let Some(mount) = Tmpfs::mount(&ro, "ro,size=64k") else {
            return;
        };
        Some(mount)
    } else {
        None
    };
    apply(&dir, "court", "order", "ro/out.csv", &[])
        .run()
        .expect_code(2)
        .stderr_has("cannot write in ro");
    assert!(!dir.exists("ro/out.csv"));
    // The manifest in the read-only directory: the output is not made either.
    apply(
        &dir,
        "court",
        "order",
        "out.csv",
        &["--manifest", "ro/m.json"],
    )
    .run()
    .expect_code(2)
    .stderr_has("cannot write in ro");
    assert!(!dir.exists("out.csv"));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

/// Start a disclosure that reads `in.fifo` and feed it `rows` rows, leaving
/// the FIFO open: the run is in progress, its output partly written.
fn run_in_progress(dir: &Dir, output: &str, rows: usize) -> (crate::util::Running, File) {
    mkfifo(&dir.join("in.fifo"));
    let running = court_order(
        dir,
        &[
            "--format", "csv", "--ledger", "l.jsonl", "-q", "-o", output, "in.fifo",
        ],
    )
    .spawn();
    let (running, mut fifo) = fifo_writer(&dir.join("in.fifo"), running);
    let mut text = String::from(HEADER);
    (0..rows).for_each(|i| text.push_str(&row(i)));
    fifo.write_all(text.as_bytes()).expect("feed the FIFO");
    let out_dir = dir.join(output).parent().unwrap().to_path_buf();
    wait_until("a partly written output", || {
        temp_size(&out_dir).is_some_and(|n| n > 0)
    });
    (running, fifo)
}

#[test]
fn killed_halfway_leaves_no_output_manifest_or_ledger_entry() {
    let dir = Dir::new();
    setup(&dir);
    // 4 MB through a FIFO: the run is surely halfway when it is killed.
    let (running, fifo) = run_in_progress(&dir, "out.csv", 40_000);
    let out = running.kill();
    assert_eq!(out.code(), -1, "killed by a signal{}", out.dump());
    drop(fifo);
    for name in ["out.csv", "out.csv.manifest.json", "l.jsonl"] {
        assert!(!dir.exists(name), "{name} exists after SIGKILL");
    }
    let stale = temp_files(dir.path());
    assert_eq!(
        stale.len(),
        2,
        "the output and manifest stay staged: {stale:?}"
    );

    // The next run for the same target removes what the killed run left,
    // says so, and succeeds.
    let out = apply(&dir, "court", "order", "out.csv", &["--ledger", "l.jsonl"])
        .run()
        .success();
    for name in &stale {
        out.expect_stderr_contains(&format!("removed ./{name}, a partial output"));
    }
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert_eq!(dir.read("l.jsonl").lines().count(), 1);
    dir.cmd(&["ledger", "verify", "l.jsonl"]).run().success();
}

#[test]
fn a_run_in_progress_keeps_its_temporary_files() {
    let dir = Dir::new();
    setup(&dir);
    let (running, fifo) = run_in_progress(&dir, "out.csv", 10_000);
    let live = temp_files(dir.path());
    assert_eq!(live.len(), 2, "{live:?}");
    // Another run for the same target, while the first is in progress.
    apply(&dir, "court", "order", "out.csv", &[])
        .run()
        .success()
        .never_says("removed");
    for name in &live {
        assert!(
            dir.exists(name),
            "a live temporary file was removed: {name}"
        );
    }
    // The first run finishes: its target now exists, so it fails without
    // writing over the second run's output.
    drop(fifo);
    // (The manifest is committed first, so that is what it finds.)
    running
        .wait()
        .expect_code(2)
        .stderr_has("out.csv.manifest.json already exists");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    // It had locked (and so created) the ledger, but added no entry: the
    // empty ledger it created is gone again.
    assert!(!dir.exists("l.jsonl"));
}

#[test]
fn an_input_cut_short_mid_record_is_an_error_and_writes_nothing() {
    let dir = Dir::new();
    setup(&dir);
    mkfifo(&dir.join("in.fifo"));
    let running = court_order(&dir, &["--format", "csv", "-o", "out.csv", "in.fifo"]).spawn();
    let (running, mut fifo) = fifo_writer(&dir.join("in.fifo"), running);
    let mut text = String::from(HEADER);
    (0..5000).for_each(|i| text.push_str(&row(i)));
    // The writer goes away in the middle of record 5001.
    text.push_str("P-0005000,secret-half-");
    fifo.write_all(text.as_bytes()).unwrap();
    drop(fifo);
    running
        .wait()
        .expect_code(2)
        .stderr_has("record 5001 (line 5002): expected 3 fields")
        .never_says("secret-half");
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("out.csv.manifest.json"));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn an_input_cut_at_a_record_boundary_is_a_smaller_disclosure_on_record() {
    // CSV and NDJSON cannot tell a file cut after a whole record from a
    // shorter file. The manifest records exactly what was read (size and
    // SHA-256), so `verify` against the full file shows the difference.
    let dir = Dir::new();
    setup(&dir);
    mkfifo(&dir.join("in.fifo"));
    let running = court_order(&dir, &["--format", "csv", "-o", "out.csv", "in.fifo"]).spawn();
    let mut text = String::from(HEADER);
    (0..1000).for_each(|i| text.push_str(&row(i)));
    let (running, mut fifo) = fifo_writer(&dir.join("in.fifo"), running);
    fifo.write_all(text.as_bytes()).unwrap();
    drop(fifo);
    running.wait().success();
    let manifest = dir.json("out.csv.manifest.json");
    assert_eq!(manifest["inputs"][0]["bytes"], text.len() as u64);
    assert_eq!(manifest["inputs"][0]["records"], 1000);
    use sha2::Digest as _;
    assert_eq!(
        manifest["inputs"][0]["sha256"],
        hex::encode(sha2::Sha256::digest(text.as_bytes()))
    );
}

#[test]
fn a_file_truncated_while_read_is_an_error_and_writes_nothing() {
    let dir = Dir::new();
    setup(&dir);
    // 60 MB: long enough to catch the run halfway, and stop it there.
    let mut text = String::with_capacity(60_000_100);
    text.push_str(HEADER);
    (0..600_000).for_each(|i| text.push_str(&row(i)));
    dir.write("big.csv", &text);
    drop(text);
    let mut running = court_order(&dir, &["-q", "-o", "out.csv", "big.csv"]).spawn();
    wait_until("a partly written output", || {
        temp_size(dir.path()).is_some_and(|n| n > 0) || running.has_exited()
    });
    running.signal("STOP");
    assert!(
        !running.has_exited(),
        "the run ended before it could be stopped; use a larger input"
    );
    // Cut the file inside the first field of a row, far ahead of where the
    // run was stopped.
    OpenOptions::new()
        .write(true)
        .open(dir.join("big.csv"))
        .unwrap()
        .set_len(23 + 100 * 300_000 + 5)
        .unwrap();
    running.signal("CONT");
    running
        .wait()
        .expect_code(2)
        .stderr_has("big.csv: record 300001 (line 300002): expected 3 fields");
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("out.csv.manifest.json"));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

/// Append `n` disclosures to `ledger` (outputs named `seed-N.csv`).
fn ledger_entries(dir: &Dir, ledger: &str, n: usize) {
    for _ in 0..n {
        let seeds = dir
            .list(".")
            .iter()
            .filter(|f| f.starts_with("seed-"))
            .count();
        apply(
            dir,
            "court",
            "order",
            &format!("seed-{seeds}.csv"),
            &["--ledger", ledger],
        )
        .run()
        .success();
    }
}

#[test]
fn a_ledger_that_is_not_a_writable_file_stops_the_run_before_any_output() {
    let dir = Dir::new();
    setup(&dir);
    dir.mkdir("ledger-dir");
    for (ledger, needle) in [
        ("ledger-dir", "ledger ledger-dir is not a regular file"),
        ("/dev/null", "ledger /dev/null is not a regular file"),
        ("missing/l.jsonl", "directory missing does not exist"),
    ] {
        apply(&dir, "court", "order", "out.csv", &["--ledger", ledger])
            .run()
            .expect_code(2)
            .stderr_has(needle);
        assert!(!dir.exists("out.csv"), "{ledger}");
        assert!(!dir.exists("out.csv.manifest.json"), "{ledger}");
    }

    // A ledger that cannot be opened for writing: immutable (chattr +i, as
    // root) or read-only (mode 0444, otherwise).
    ledger_entries(&dir, "l.jsonl", 1);
    let before = dir.read_bytes("l.jsonl");
    let ledger = dir.join("l.jsonl");
    let immutable = Command::new("chattr")
        .arg("+i")
        .arg(&ledger)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    struct Mutable<'a>(&'a Path);
    impl Drop for Mutable<'_> {
        fn drop(&mut self) {
            let _ = Command::new("chattr").arg("-i").arg(self.0).status();
        }
    }
    let _undo = immutable.then(|| Mutable(&ledger));
    if !immutable {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&ledger, std::fs::Permissions::from_mode(0o444)).unwrap();
        if OpenOptions::new().append(true).open(&ledger).is_ok() {
            eprintln!("note: neither chattr +i nor mode 0444 stops writes here; part skipped");
            return;
        }
    }
    apply(&dir, "court", "order", "out.csv", &["--ledger", "l.jsonl"])
        .run()
        .expect_code(2)
        .stderr_has("cannot open ledger l.jsonl");
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("out.csv.manifest.json"));
    assert_eq!(dir.read_bytes("l.jsonl"), before);
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn a_full_disk_while_appending_to_the_ledger_leaves_the_chain_as_it_was() {
    let dir = Dir::new();
    setup(&dir);
    let Some(disk) = Tmpfs::mount(&dir.join("disk"), "size=64k") else {
        return;
    };
    // Fill the ledger's last 4 KiB page until the next entry cannot fit:
    // the append must then take a new page, which the full disk refuses,
    // after part of the entry went into the old page.
    let ledger = "disk/l.jsonl";
    ledger_entries(&dir, ledger, 1);
    let entry = dir.read_bytes(ledger).len() as u64;
    let room = |len: u64| (4096 - len % 4096) % 4096;
    let mut n = 1;
    while room(dir.read_bytes(ledger).len() as u64) >= entry {
        ledger_entries(&dir, ledger, 1);
        n += 1;
        assert!(n < 20);
    }
    let before = dir.read_bytes(ledger);
    if room(before.len() as u64) == 0 {
        eprintln!("note: the ledger ends on a page boundary; no partial write this time");
    }
    disk.fill();

    apply(&dir, "court", "order", "out.csv", &["--ledger", ledger])
        .run()
        .expect_code(2)
        .stderr_has("cannot append to ledger disk/l.jsonl")
        .stderr_has("No space left on device");
    // Cut back to the byte: no torn line, the chain intact.
    let after = dir.read_bytes(ledger);
    assert!(
        after == before,
        "the ledger changed from {} to {} bytes",
        before.len(),
        after.len()
    );
    dir.cmd(&["ledger", "verify", ledger]).run().success();
    // The disclosure is taken back: it is not in the ledger, so it must not
    // exist either.
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("out.csv.manifest.json"));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());

    // Room again: the next disclosure extends the same chain.
    std::fs::remove_file(dir.join("disk/filler")).unwrap();
    apply(&dir, "court", "order", "out.csv", &["--ledger", ledger])
        .run()
        .success();
    dir.cmd(&["ledger", "verify", ledger]).run().success();
    assert_eq!(dir.read(ledger).lines().count(), n + 1);
}
