//! Readers for case exports: CSV, a JSON array of objects, NDJSON.
//!
//! Every reader streams: memory is bounded by the largest record. Bytes are
//! hashed (SHA-256) and counted as they are read, so the manifest can name
//! exactly what was read without a second pass.

pub mod csv;
pub mod json;
pub mod prefetch;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::crypto::digest::Sha256Stream;

/// The format of an input or output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Ndjson,
}

impl Format {
    /// The format an extension names (`.csv`, `.json`, `.ndjson`, `.jsonl`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
        }
    }
}

/// The records of one input, read as its format says. `Format::records`
/// is the one place that picks a reader, for every command.
pub enum Records<R: Read> {
    Csv(csv::CsvInput<R>),
    Json(json::JsonArrayInput<R>),
    Ndjson(json::NdjsonInput<R>),
}

impl Format {
    /// A streaming reader of this format over `reader` (for CSV, the header
    /// row is read here).
    pub fn records<R: Read>(self, reader: R) -> anyhow::Result<Records<R>> {
        Ok(match self {
            Format::Csv => Records::Csv(csv::CsvInput::new(reader)?),
            Format::Json => Records::Json(json::JsonArrayInput::new(reader)),
            Format::Ndjson => Records::Ndjson(json::NdjsonInput::new(reader)),
        })
    }
}

/// An input named on the command line.
#[derive(Debug, Clone)]
pub struct InputSpec {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub format: Format,
}

impl InputSpec {
    /// Resolve an INPUT argument: `-` is standard input (then `format` is
    /// required); otherwise the format comes from `format` or the extension.
    pub fn new(arg: &Path, format: Option<Format>) -> anyhow::Result<InputSpec> {
        if arg == Path::new("-") {
            let format = format.ok_or_else(|| {
                anyhow::anyhow!("reading standard input needs --format csv|json|ndjson")
            })?;
            return Ok(InputSpec { path: None, format });
        }
        let format = match format.or_else(|| Format::from_path(arg)) {
            Some(f) => f,
            None => anyhow::bail!(
                "{}: cannot tell the format from the extension (use .csv, .json, .ndjson or .jsonl, or give --format)",
                arg.display()
            ),
        };
        Ok(InputSpec {
            path: Some(arg.to_path_buf()),
            format,
        })
    }

    /// The name used in messages.
    pub fn display(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_string(),
        }
    }

    /// Open for reading.
    pub fn open(&self) -> anyhow::Result<Box<dyn Read + Send>> {
        match &self.path {
            None => Ok(Box::new(io::stdin())),
            Some(p) => {
                let meta =
                    std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
                if meta.is_dir() {
                    anyhow::bail!("{} is a directory, not a case export", p.display());
                }
                let file = File::open(p).with_context(|| format!("cannot read {}", p.display()))?;
                Ok(Box::new(file))
            }
        }
    }
}

/// A reader that hashes and counts what passes through it, and reports
/// progress.
pub struct Meter<R> {
    inner: R,
    hasher: Sha256Stream,
    progress: Option<indicatif::ProgressBar>,
}

impl<R: Read> Meter<R> {
    pub fn new(inner: R, progress: Option<indicatif::ProgressBar>) -> Meter<R> {
        Meter {
            inner,
            hasher: Sha256Stream::new(),
            progress,
        }
    }

    /// Read whatever is left (so the hash covers the whole input), then
    /// return the SHA-256 (hex) and byte count.
    pub fn finish(mut self) -> io::Result<(String, u64)> {
        io::copy(&mut self, &mut io::sink())?;
        Ok(self.hasher.finish())
    }
}

impl<R: Read> Read for Meter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        if let Some(p) = &self.progress {
            p.inc(n as u64);
        }
        Ok(n)
    }
}

/// Where a record came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordPos {
    /// 1-based record number (the CSV header is not a record).
    pub record: u64,
    /// 1-based line on which the record starts.
    pub line: u64,
}

impl std::fmt::Display for RecordPos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record {} (line {})", self.record, self.line)
    }
}
