//! Output: record writers, and files that appear atomically or not at all.
//!
//! Every file is written to a hidden temporary file beside its target
//! (`.NAME.XXXXXX.disclose-tmp`), synced, and renamed into place only after
//! the whole disclosure succeeded. Standard output is staged in a temporary
//! file without a name and copied out after the files are in place, so a
//! failed run prints nothing. A file that `--force` replaces is kept (as a
//! second link with a temporary name) until the run is over, so that a
//! failure after the rename puts it back.
//!
//! A run holds an exclusive lock on each of its temporary files. A run that
//! is killed (or loses power) leaves its temporary files behind, unlocked;
//! the next run that stages the same target removes them, with a warning:
//! only files named exactly as above for that target, regular files, last
//! modified before the run began, and not locked by a run in progress.
//!
//! Only regular files are written: an existing target that is a device,
//! FIFO, socket or symbolic link is refused, even with `--force`, so that
//! `-o /dev/stdout --force` cannot replace a device node or a link.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use anyhow::{Context as _, bail};
use tempfile::NamedTempFile;

use crate::io::fs::{parent_dir, require_dir, sync_dir};

mod writer;

pub use writer::{HashingWriter, NamedWriter, RecordWriter};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    Stdout,
}

impl Target {
    pub fn from_arg(arg: &Path) -> Target {
        if arg == Path::new("-") {
            Target::Stdout
        } else {
            Target::File(arg.to_path_buf())
        }
    }

    pub fn display(&self) -> String {
        match self {
            Target::File(p) => p.display().to_string(),
            Target::Stdout => "<stdout>".to_string(),
        }
    }
}

/// A file being written, not yet visible at its target.
pub struct Staged {
    temp: Temp,
    force: bool,
}

/// Where a staged file is written.
enum Temp {
    /// Beside its target, to be renamed into place.
    Beside(NamedTempFile, PathBuf),
    /// For standard output: a file without a name, which no killed run can
    /// leave behind.
    Anonymous(File),
}

impl Staged {
    /// Stage a file for `target`. Without `force`, an existing target is an
    /// error now, before any work is done.
    pub fn new(target: &Target, force: bool) -> anyhow::Result<Staged> {
        let temp = match target {
            Target::Stdout => {
                Temp::Anonymous(tempfile::tempfile().context("cannot create a temporary file")?)
            }
            Target::File(path) => {
                check_target(path, force)?;
                let dir = parent_dir(path);
                let name = file_name(path);
                let started = run_started();
                for stale in remove_stale(&dir, &name, started) {
                    crate::console::warning(&format!(
                        "removed {}, a partial output that an interrupted run left behind",
                        stale.display()
                    ));
                }
                let temp = temp_name(&temp_prefix(&name))
                    .tempfile_in(&dir)
                    .with_context(|| format!("cannot write in {}", dir.display()))?;
                temp.as_file()
                    .lock()
                    .with_context(|| format!("cannot lock {}", temp.path().display()))?;
                Temp::Beside(temp, path.clone())
            }
        };
        Ok(Staged { temp, force })
    }

    /// The temporary file, for writing.
    pub fn file(&mut self) -> &mut File {
        match &mut self.temp {
            Temp::Beside(temp, _) => temp.as_file_mut(),
            Temp::Anonymous(file) => file,
        }
    }

    pub fn target(&self) -> Target {
        match &self.temp {
            Temp::Beside(_, path) => Target::File(path.clone()),
            Temp::Anonymous(_) => Target::Stdout,
        }
    }

    /// Sync the staged file to disk (a no-op for standard output, which is
    /// copied out at commit).
    pub fn sync(&mut self) -> anyhow::Result<()> {
        if let Temp::Beside(temp, _) = &self.temp {
            temp.as_file().sync_all()?;
        }
        Ok(())
    }

    /// Make the file visible at its target: sync and rename (or copy to
    /// standard output).
    pub fn commit(self) -> anyhow::Result<Committed> {
        match self.temp {
            Temp::Anonymous(mut file) => {
                file.seek(SeekFrom::Start(0))?;
                let mut stdout = io::stdout().lock();
                io::copy(&mut file, &mut stdout)
                    .and_then(|_| stdout.flush())
                    .context("cannot write to standard output")?;
                Ok(Committed {
                    path: None,
                    backup: None,
                })
            }
            Temp::Beside(temp, path) => {
                temp.as_file()
                    .sync_all()
                    .with_context(|| format!("cannot write {}", path.display()))?;
                // Keep a file that --force replaces (a second link to it,
                // named as a temporary file) until the run is over, so that
                // a rollback can put it back.
                let backup = (self.force && path.is_file())
                    .then(|| {
                        temp_name(&temp_prefix(&file_name(&path)))
                            .make_in(parent_dir(&path), |p| std::fs::hard_link(&path, p))
                            .ok()
                    })
                    .flatten()
                    .map(NamedTempFile::into_temp_path);
                let result = if self.force {
                    temp.persist(&path).map(|_| ())
                } else {
                    temp.persist_noclobber(&path).map(|_| ())
                };
                result.map_err(|e| {
                    if e.error.kind() == io::ErrorKind::AlreadyExists {
                        anyhow::anyhow!(
                            "{} already exists (use --force to overwrite it)",
                            path.display()
                        )
                    } else {
                        anyhow::Error::new(e.error)
                            .context(format!("cannot write {}", path.display()))
                    }
                })?;
                sync_dir(&path);
                Ok(Committed {
                    path: Some(path),
                    backup,
                })
            }
        }
    }
}

/// A file that was made visible; `rollback` removes it again, or puts back
/// the file it replaced. Dropping it keeps it (and removes that backup).
#[derive(Debug)]
pub struct Committed {
    path: Option<PathBuf>,
    backup: Option<tempfile::TempPath>,
}

impl Committed {
    /// Whether it went to standard output (and so cannot be taken back).
    pub fn is_stdout(&self) -> bool {
        self.path.is_none()
    }

    pub fn rollback(self) {
        match (self.path, self.backup) {
            (Some(path), Some(backup)) => {
                let _ = backup.persist(&path);
            }
            (Some(path), None) => {
                let _ = std::fs::remove_file(path);
            }
            (None, _) => {}
        }
    }
}

/// A path's file name, for naming temporary files beside it.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Temporary files beside a target: `.NAME.XXXXXX.disclose-tmp`, given the
/// prefix `.NAME.` (`temp_prefix`).
fn temp_name(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(prefix)
        .rand_bytes(TEMP_RAND)
        .suffix(TEMP_SUFFIX);
    builder
}

fn temp_prefix(name: &str) -> String {
    format!(".{name}.")
}

/// Fail early when a target exists (without `--force`) or cannot be a file.
pub fn check_target(path: &Path, force: bool) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => bail!("{} is a directory", path.display()),
        Ok(meta) if meta.file_type().is_symlink() => bail!(
            "{} is a symbolic link; disclose replaces only regular files (name the file itself, or remove the link)",
            path.display()
        ),
        Ok(meta) if !meta.is_file() => bail!(
            "{} is not a regular file (a device, FIFO or socket); disclose writes only regular files (use - for standard output)",
            path.display()
        ),
        Ok(_) if !force => bail!(
            "{} already exists (use --force to overwrite it)",
            path.display()
        ),
        _ => {}
    }
    require_dir(path).with_context(|| format!("cannot write {}", path.display()))
}

/// The random part of a temporary file's name: this many letters and digits.
const TEMP_RAND: usize = 6;

/// How a temporary file's name ends.
const TEMP_SUFFIX: &str = ".disclose-tmp";

/// When this run first staged a file: temporary files modified after it
/// may belong to a run in progress, and are never removed as stale.
fn run_started() -> SystemTime {
    static STARTED: OnceLock<SystemTime> = OnceLock::new();
    *STARTED.get_or_init(SystemTime::now)
}

/// Whether `file` is named as `Staged` names a temporary file for a target
/// called `name`: `.NAME.` + six letters or digits + `.disclose-tmp`.
fn is_temp_name(file: &str, name: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix('.'))
        .and_then(|f| f.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|r| r.len() == TEMP_RAND && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Remove the temporary files that interrupted runs left for target `name`
/// in `dir`: regular files with exactly our name pattern, modified before
/// `started`, and not locked (a run in progress holds a lock on its own).
/// Returns the paths removed. Problems are ignored: this is tidying up.
fn remove_stale(dir: &Path, name: &str, started: SystemTime) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if !is_temp_name(file_name, name) {
            continue;
        }
        let path = entry.path();
        let stale = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t < started));
        if !stale {
            continue;
        }
        let Ok(file) = File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn stage(target: &Path, text: &str) -> Committed {
        let mut staged = Staged::new(&Target::File(target.to_path_buf()), true).unwrap();
        staged.file().write_all(text.as_bytes()).unwrap();
        staged.commit().unwrap()
    }

    #[test]
    fn a_rollback_puts_back_the_file_that_force_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        let committed = stage(&target, "new");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        committed.rollback();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_kept_commit_leaves_no_backup_and_a_new_file_rolls_back_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        drop(stage(&target, "new"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.csv"]);
        let fresh = dir.path().join("fresh.csv");
        stage(&fresh, "x").rollback();
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn temp_names_match_exactly() {
        assert!(is_temp_name(".out.csv.Ab12Cd.disclose-tmp", "out.csv"));
        for other in [
            ".out.csv.Ab12C.disclose-tmp",
            ".out.csv.Ab12Cde.disclose-tmp",
            ".out.csv.Ab-2Cd.disclose-tmp",
            "out.csv.Ab12Cd.disclose-tmp",
            ".out.csv.Ab12Cd.disclose-tmp~",
            ".out.csv.manifest.json.Ab12Cd.disclose-tmp",
            ".xout.csv.Ab12Cd.disclose-tmp",
        ] {
            assert!(!is_temp_name(other, "out.csv"), "{other}");
        }
    }

    #[test]
    fn stale_temp_files_are_removed_but_not_live_or_foreign_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let old = SystemTime::now() - std::time::Duration::from_secs(3600);
        let make = |name: &str| {
            let path = root.join(name);
            let file = File::create(&path).unwrap();
            file.set_modified(old).unwrap();
            (path, file)
        };
        let (stale, _) = make(".out.csv.AAAAAA.disclose-tmp");
        let (live, live_file) = make(".out.csv.BBBBBB.disclose-tmp");
        live_file.lock().unwrap();
        let (other_target, _) = make(".in.csv.CCCCCC.disclose-tmp");
        let (not_ours, _) = make(".out.csv.DDDDDD.tmp");
        let (new, new_file) = make(".out.csv.EEEEEE.disclose-tmp");
        new_file.set_modified(SystemTime::now()).unwrap();
        std::os::unix::fs::symlink(&other_target, root.join(".out.csv.FFFFFF.disclose-tmp"))
            .unwrap();
        let started = SystemTime::now() - std::time::Duration::from_secs(60);

        let removed = remove_stale(root, "out.csv", started);
        assert_eq!(removed, vec![stale.clone()]);
        assert!(!stale.exists());
        for kept in [&live, &other_target, &not_ours, &new] {
            assert!(kept.exists(), "{}", kept.display());
        }
        assert!(
            root.join(".out.csv.FFFFFF.disclose-tmp")
                .symlink_metadata()
                .is_ok()
        );
        drop(live_file);
    }

    #[test]
    fn special_files_and_links_are_never_targets() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("real.csv");
        std::fs::write(&file, "x").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let err = check_target(&link, true).unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        let err = check_target(Path::new("/dev/null"), true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a regular file"), "{err}");
        assert!(check_target(&file, true).is_ok());
        assert_eq!(std::fs::read(&file).unwrap(), b"x");
    }

    #[test]
    fn staged_files_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut staged = Staged::new(&Target::File(target.clone()), false).unwrap();
        staged.file().write_all(b"a\n").unwrap();
        assert!(!target.exists());
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"a\n");
        assert!(Staged::new(&Target::File(target.clone()), false).is_err());
        let staged = Staged::new(&Target::File(target.clone()), true).unwrap();
        drop(staged);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file removed on drop"
        );
    }
}
