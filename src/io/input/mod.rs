//! Readers for case exports: CSV, a JSON array of objects, NDJSON.
//!
//! Every reader streams: memory is bounded by the largest record. Bytes are
//! hashed (SHA-256) and counted as they are read, so the manifest can name
//! exactly what was read without a second pass.

pub mod csv;
pub mod decode;
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

/// How to read an input's bytes: the CSV delimiter and the text encoding.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// The CSV field separator (also used for CSV output).
    pub delimiter: u8,
    /// The input's encoding when it is not UTF-8 (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: b',',
            encoding: None,
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
    /// `read` gives the CSV delimiter.
    pub fn records<R: Read>(self, reader: R, read: ReadOptions) -> anyhow::Result<Records<R>> {
        Ok(match self {
            Format::Csv => Records::Csv(csv::CsvInput::with_delimiter(reader, read.delimiter)?),
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
    pub read: ReadOptions,
}

impl InputSpec {
    /// Resolve an INPUT argument: `-` is standard input (then `format` is
    /// required); otherwise the format comes from `format` or the extension.
    pub fn new(arg: &Path, format: Option<Format>) -> anyhow::Result<InputSpec> {
        if arg == Path::new("-") {
            let format = format.ok_or_else(|| {
                anyhow::anyhow!("reading standard input needs --format csv|json|ndjson")
            })?;
            return Ok(InputSpec {
                path: None,
                format,
                read: ReadOptions::default(),
            });
        }
        // A workbook, an archive or a binary file is named as what it is,
        // whatever its extension says.
        if let Some(what) = sniff_file(arg) {
            anyhow::bail!("{} {what}", arg.display());
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
            read: ReadOptions::default(),
        })
    }

    /// The same input read with `read` (delimiter, encoding).
    pub fn reading(mut self, read: ReadOptions) -> InputSpec {
        self.read = read;
        self
    }

    /// Wrap the input's bytes (after the meter that hashes them): refuse
    /// what is not a text export, decode to UTF-8 with `--encoding`.
    pub fn decode<R: Read>(&self, raw: R) -> anyhow::Result<decode::Decoded<R>> {
        decode::Decoded::new(raw, &self.display(), self.read.encoding)
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

/// What the first bytes of a file say it is, when it is not a text export
/// (see `decode::sniff`); `None` when it cannot be read (opening it later
/// reports that).
fn sniff_file(path: &Path) -> Option<String> {
    // Only a regular file: opening a FIFO would wait for its writer, and
    // reading it here would take bytes from the run.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let file = File::open(path).ok()?;
    let mut prefix = Vec::with_capacity(1024);
    file.take(1024).read_to_end(&mut prefix).ok()?;
    // Without --encoding here: UTF-16 is judged by the reader, which knows.
    decode::sniff(&prefix, &path.display().to_string(), true)
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
