//! Output: record writers, and files that appear atomically or not at all.
//!
//! Every file is written to a hidden temporary file beside its target
//! (`.NAME.XXXXXX.disclose-tmp`), synced, and renamed into place only after
//! the whole disclosure succeeded. Standard output is staged the same way
//! and copied out at the end, so a failed run prints nothing.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};

use crate::digest::Sha256Stream;
use crate::json::Object;
use anyhow::{Context as _, bail};
use tempfile::NamedTempFile;

use crate::input::Format;

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
    temp: NamedTempFile,
    target: Target,
    force: bool,
}

impl Staged {
    /// Stage a file for `target`. Without `force`, an existing target is an
    /// error now, before any work is done.
    pub fn new(target: &Target, force: bool) -> anyhow::Result<Staged> {
        let temp = match target {
            Target::Stdout => NamedTempFile::new().context("cannot create a temporary file")?,
            Target::File(path) => {
                check_target(path, force)?;
                let dir = parent_dir(path);
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                tempfile::Builder::new()
                    .prefix(&format!(".{name}."))
                    .suffix(".disclose-tmp")
                    .tempfile_in(&dir)
                    .with_context(|| format!("cannot write in {}", dir.display()))?
            }
        };
        Ok(Staged {
            temp,
            target: target.clone(),
            force,
        })
    }

    /// The temporary file, for writing.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Make the file visible at its target: sync and rename (or copy to
    /// standard output).
    pub fn commit(mut self) -> anyhow::Result<Committed> {
        match &self.target {
            Target::Stdout => {
                let file = self.temp.as_file_mut();
                file.seek(SeekFrom::Start(0))?;
                let mut stdout = io::stdout().lock();
                io::copy(file, &mut stdout)?;
                stdout.flush()?;
                Ok(Committed { path: None })
            }
            Target::File(path) => {
                let path = path.clone();
                self.temp
                    .as_file()
                    .sync_all()
                    .with_context(|| format!("cannot write {}", path.display()))?;
                let result = if self.force {
                    self.temp.persist(&path).map(|_| ())
                } else {
                    self.temp.persist_noclobber(&path).map(|_| ())
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
                Ok(Committed { path: Some(path) })
            }
        }
    }
}

/// A file that was made visible; `rollback` removes it again.
#[derive(Debug)]
pub struct Committed {
    path: Option<PathBuf>,
}

impl Committed {
    pub fn rollback(self) {
        if let Some(path) = self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Fail early when a target exists (without `--force`) or cannot be a file.
pub fn check_target(path: &Path, force: bool) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => bail!("{} is a directory", path.display()),
        Ok(_) if !force => bail!(
            "{} already exists (use --force to overwrite it)",
            path.display()
        ),
        _ => {}
    }
    require_dir(path).with_context(|| format!("cannot write {}", path.display()))
}

/// The directory `path` would be written in must exist and be a directory.
pub fn require_dir(path: &Path) -> anyhow::Result<()> {
    let dir = parent_dir(path);
    match std::fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!("{} is not a directory", dir.display()),
        Err(_) => bail!("directory {} does not exist", dir.display()),
    }
}

/// The directory a path is in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_dir(path: &Path) {
    if let Ok(dir) = File::open(parent_dir(path)) {
        let _ = dir.sync_all();
    }
}

/// A writer that hashes and counts what passes through it.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256Stream,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> HashingWriter<W> {
        HashingWriter {
            inner,
            hasher: Sha256Stream::new(),
        }
    }

    /// SHA-256 (hex) and byte count of everything written.
    pub fn finish(self) -> (W, String, u64) {
        let (hex, bytes) = self.hasher.finish();
        (self.inner, hex, bytes)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type Hashing<'a> = HashingWriter<&'a mut dyn Write>;
type Sink<'a> = BufWriter<Hashing<'a>>;

/// Writes redacted records in one format.
#[allow(clippy::large_enum_variant)]
pub enum RecordWriter<'a> {
    /// The csv writer buffers itself. With no column to write (a profile
    /// that discloses none), nothing is written at all: a CSV file cannot
    /// hold rows without columns.
    Csv {
        out: csv::Writer<Hashing<'a>>,
        columns: usize,
    },
    Json {
        out: Sink<'a>,
        records: u64,
    },
    Ndjson(Sink<'a>),
}

impl<'a> RecordWriter<'a> {
    pub fn new(format: Format, file: &'a mut dyn Write) -> RecordWriter<'a> {
        let hashing = HashingWriter::new(file);
        let buffered = |h| BufWriter::with_capacity(256 * 1024, h);
        match format {
            Format::Csv => RecordWriter::Csv {
                out: csv::WriterBuilder::new()
                    .buffer_capacity(256 * 1024)
                    .from_writer(hashing),
                columns: 0,
            },
            Format::Json => RecordWriter::Json {
                out: buffered(hashing),
                records: 0,
            },
            Format::Ndjson => RecordWriter::Ndjson(buffered(hashing)),
        }
    }

    /// Write the CSV header row.
    pub fn csv_header(&mut self, names: &[String]) -> io::Result<()> {
        if let RecordWriter::Csv { out, columns } = self {
            *columns = names.len();
            if !names.is_empty() {
                out.write_record(names)?;
            }
        }
        Ok(())
    }

    /// Write one cell of the current CSV row.
    pub fn csv_cell(&mut self, cell: &[u8]) -> io::Result<()> {
        if let RecordWriter::Csv { out, .. } = self {
            out.write_field(cell)?;
        }
        Ok(())
    }

    /// End the current CSV row.
    pub fn csv_end_row(&mut self) -> io::Result<()> {
        if let RecordWriter::Csv { out, columns } = self
            && *columns > 0
        {
            out.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Write one JSON record.
    pub fn json_record(&mut self, record: &Object) -> io::Result<()> {
        match self {
            RecordWriter::Json { out, records } => {
                out.write_all(if *records == 0 { b"[\n" } else { b",\n" })?;
                crate::json::write_object(&mut *out, record)?;
                *records += 1;
            }
            RecordWriter::Ndjson(out) => {
                crate::json::write_object(&mut *out, record)?;
                out.write_all(b"\n")?;
            }
            RecordWriter::Csv { .. } => {}
        }
        Ok(())
    }

    /// Finish the stream; SHA-256 (hex) and size of what was written.
    pub fn finish(self) -> io::Result<(String, u64)> {
        let sink = match self {
            RecordWriter::Csv { out, .. } => {
                let hashing = out
                    .into_inner()
                    .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))?;
                let (_, sha, bytes) = hashing.finish();
                return Ok((sha, bytes));
            }
            RecordWriter::Json { mut out, records } => {
                out.write_all(if records == 0 { b"[]\n" } else { b"\n]\n" })?;
                out
            }
            RecordWriter::Ndjson(out) => out,
        };
        let hashing = sink
            .into_inner()
            .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))?;
        let (_, sha, bytes) = hashing.finish();
        Ok((sha, bytes))
    }
}

/// `path` relative to directory `base`, both made absolute first. Used for
/// manifest paths, so a manifest can move together with its files.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (Some(path), Some(base)) = (absolute(path), absolute(base)) else {
        return path.to_path_buf();
    };
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path;
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// An absolute, normalised path: the directory part canonicalised (it
/// exists), the file name kept (it may not exist yet).
pub fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let dir = parent_dir(path).canonicalize().ok()?;
    Some(dir.join(path.file_name()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("out")).unwrap();
        assert_eq!(
            relative_to(&root.join("out/x.csv"), &root.join("out")),
            PathBuf::from("x.csv")
        );
        assert_eq!(
            relative_to(&root.join("in.csv"), &root.join("out")),
            PathBuf::from("../in.csv")
        );
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
