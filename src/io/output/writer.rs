//! Record writers: CSV and JSON out, hashed and counted as they are
//! written, with write errors that name the output.

use std::io::{self, BufWriter, Write};

use crate::crypto::digest::Sha256Stream;
use crate::io::input::Format;
use crate::record::value::Object;

/// A writer that hashes and counts what passes through it.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256Stream,
    /// Written before the first byte (a byte-order mark), if anything is.
    prefix: &'static [u8],
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> HashingWriter<W> {
        HashingWriter::with_prefix(inner, b"")
    }

    /// A writer that writes `prefix` before the first byte written.
    pub fn with_prefix(inner: W, prefix: &'static [u8]) -> HashingWriter<W> {
        HashingWriter {
            inner,
            hasher: Sha256Stream::new(),
            prefix,
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
        if !self.prefix.is_empty() && !buf.is_empty() {
            let prefix = std::mem::take(&mut self.prefix);
            self.inner.write_all(prefix)?;
            self.hasher.update(prefix);
        }
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A writer whose errors name what it writes (`cannot write out.csv: No
/// space left on device`); the error kind is kept.
pub struct NamedWriter<W> {
    inner: W,
    name: String,
}

impl<W: Write> NamedWriter<W> {
    pub fn new(inner: W, name: String) -> NamedWriter<W> {
        NamedWriter { inner, name }
    }

    fn context(&self, e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("cannot write {}: {e}", self.name))
    }
}

impl<W: Write> Write for NamedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.context(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.context(e))
    }
}

type Hashing<'a> = HashingWriter<&'a mut dyn Write>;
type Buffered<'a> = BufWriter<Hashing<'a>>;

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
        out: Buffered<'a>,
        records: u64,
    },
    Ndjson(Buffered<'a>),
}

impl<'a> RecordWriter<'a> {
    pub fn new(format: Format, file: &'a mut dyn Write) -> RecordWriter<'a> {
        RecordWriter::with_options(format, file, b',', false)
    }

    /// A writer whose CSV is separated by `delimiter` and, with `bom`,
    /// starts with a UTF-8 byte-order mark.
    pub fn with_options(
        format: Format,
        file: &'a mut dyn Write,
        delimiter: u8,
        bom: bool,
    ) -> RecordWriter<'a> {
        let bom = bom && format == Format::Csv;
        let hashing =
            HashingWriter::with_prefix(file, if bom { "\u{feff}".as_bytes() } else { b"" });
        let buffered = |h| BufWriter::with_capacity(256 * 1024, h);
        match format {
            Format::Csv => RecordWriter::Csv {
                out: csv::WriterBuilder::new()
                    .delimiter(delimiter)
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
                crate::record::value::write_object(&mut *out, record)?;
                *records += 1;
            }
            RecordWriter::Ndjson(out) => {
                crate::record::value::write_object(&mut *out, record)?;
                out.write_all(b"\n")?;
            }
            RecordWriter::Csv { .. } => {}
        }
        Ok(())
    }

    /// Finish the stream; SHA-256 (hex) and size of what was written.
    pub fn finish(self) -> io::Result<(String, u64)> {
        let hashing = match self {
            RecordWriter::Csv { out, .. } => out.into_inner().map_err(|e| e.into_error())?,
            RecordWriter::Json { mut out, records } => {
                out.write_all(if records == 0 { b"[]\n" } else { b"\n]\n" })?;
                out.into_inner().map_err(io::IntoInnerError::into_error)?
            }
            RecordWriter::Ndjson(out) => {
                out.into_inner().map_err(io::IntoInnerError::into_error)?
            }
        };
        let (_, sha, bytes) = hashing.finish();
        Ok((sha, bytes))
    }
}
