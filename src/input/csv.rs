//! CSV input: RFC 4180, header row required, UTF-8 (a leading BOM is
//! accepted). Rows are read into one reused `ByteRecord`.

use std::collections::HashSet;
use std::io::Read;

use anyhow::{anyhow, bail};

use super::RecordPos;

/// A CSV export being read.
pub struct CsvInput<R: Read> {
    reader: csv::Reader<R>,
    row: csv::StringRecord,
    header: Vec<String>,
    records: u64,
}

impl<R: Read> CsvInput<R> {
    /// Read and check the header row: present, UTF-8, names non-empty and
    /// unique.
    pub fn new(inner: R) -> anyhow::Result<CsvInput<R>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(inner);
        let mut row = csv::ByteRecord::new();
        let got = reader
            .read_byte_record(&mut row)
            .map_err(|e| csv_error(e, 1))?;
        if !got || (row.len() == 1 && row[0].is_empty()) {
            bail!("line 1: the file is empty; a CSV export needs a header row");
        }
        let mut header = Vec::with_capacity(row.len());
        let mut seen = HashSet::new();
        for (i, name) in row.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(name) else {
                bail!("line 1: header column {} is not valid UTF-8", i + 1);
            };
            if name.contains('\0') {
                bail!("line 1: header column {} contains a NUL byte", i + 1);
            }
            if name.trim().is_empty() {
                bail!("line 1: header column {} has an empty name", i + 1);
            }
            if !seen.insert(name.to_string()) {
                bail!("line 1: the header names column {name:?} twice");
            }
            header.push(name.to_string());
        }
        Ok(CsvInput {
            reader,
            row: csv::StringRecord::new(),
            header,
            records: 0,
        })
    }

    /// The column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Read the next row: the right number of fields, UTF-8, no NUL byte.
    /// The row is then in `row`.
    pub fn next_row(&mut self) -> anyhow::Result<Option<RecordPos>> {
        let mut row = std::mem::take(&mut self.row);
        let pos = self.read_into(&mut row);
        self.row = row;
        pos
    }

    /// Read the next row into `row` (see `next_row`).
    pub fn read_into(&mut self, row: &mut csv::StringRecord) -> anyhow::Result<Option<RecordPos>> {
        let mut bytes = std::mem::take(row).into_byte_record();
        let line_hint = bytes.position().map_or(0, |p| p.line());
        if !self
            .reader
            .read_byte_record(&mut bytes)
            .map_err(|e| csv_error(e, line_hint))?
        {
            return Ok(None);
        }
        self.records += 1;
        let line = bytes.position().map_or(0, |p| p.line());
        let pos = RecordPos {
            record: self.records,
            line,
        };
        if bytes.len() != self.header.len() {
            bail!(
                "{pos}: expected {} fields, as in the header, found {}",
                self.header.len(),
                bytes.len()
            );
        }
        if memchr::memchr(0, bytes.as_slice()).is_some() {
            let column = bytes.iter().position(|c| c.contains(&0)).unwrap_or(0);
            bail!(
                "{pos}, field {:?}: contains a NUL byte",
                self.header[column]
            );
        }
        // One pass for an all-ASCII row, field by field otherwise.
        *row = csv::StringRecord::from_byte_record(bytes).map_err(|e| {
            let column = e
                .utf8_error()
                .field()
                .min(self.header.len().saturating_sub(1));
            anyhow!("{pos}, field {:?}: not valid UTF-8", self.header[column])
        })?;
        Ok(Some(pos))
    }

    /// The current row.
    pub fn row(&self) -> &csv::StringRecord {
        &self.row
    }

    /// The cells of the current row.
    pub fn cells(&self) -> Vec<&str> {
        self.row.iter().collect()
    }

    /// Give back the underlying reader (to finish hashing it).
    pub fn into_inner(self) -> R {
        self.reader.into_inner()
    }
}

/// A csv crate error as a message without any cell content.
fn csv_error(err: csv::Error, line_hint: u64) -> anyhow::Error {
    let line = err.position().map_or(line_hint, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(e) => {
            anyhow::Error::new(e).context(format!("read error near line {line}"))
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            anyhow!("line {line}: expected {expected_len} fields, found {len}")
        }
        _ => anyhow!("line {line}: malformed CSV"),
    }
}

impl<R: Read + Send + 'static> super::prefetch::Source for CsvInput<R> {
    type Item = csv::StringRecord;

    fn read(&mut self, slot: &mut csv::StringRecord) -> anyhow::Result<Option<(RecordPos, usize)>> {
        let pos = self.read_into(slot)?;
        Ok(pos.map(|p| (p, slot.as_byte_record().as_slice().len())))
    }
}
