//! CSV input: RFC 4180, header row required, UTF-8 (a leading BOM is
//! accepted). Rows are read into one reused `ByteRecord`.
//!
//! Line numbers count `\n`. The csv crate places a record where its read
//! began, which after a CRLF line end is the `\n` still left of the line
//! before (and, after blank lines, the first blank line); [`LineEnds`]
//! watches the bytes go by so that each record is placed on the line where
//! its first field begins.

use std::collections::{HashSet, VecDeque};
use std::io::Read;

use anyhow::{anyhow, bail};

use super::RecordPos;

/// A CSV export being read.
pub struct CsvInput<R: Read> {
    reader: csv::Reader<LineEnds<R>>,
    row: csv::StringRecord,
    header: Vec<String>,
    records: u64,
    /// The line the last record (or the header) began on.
    line: u64,
}

impl<R: Read> CsvInput<R> {
    /// Read and check the header row: present, UTF-8, names non-empty and
    /// unique.
    pub fn new(inner: R) -> anyhow::Result<CsvInput<R>> {
        CsvInput::with_delimiter(inner, b',')
    }

    /// As [`CsvInput::new`], with another field separator (`--delimiter`).
    pub fn with_delimiter(inner: R, delimiter: u8) -> anyhow::Result<CsvInput<R>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(LineEnds::new(inner));
        let mut row = csv::ByteRecord::new();
        let got = reader.read_byte_record(&mut row);
        let got = got.map_err(|e| read_error(e, 0))?;
        if !got || (row.len() == 1 && row[0].is_empty()) {
            bail!("line 1: the file is empty; a CSV export needs a header row");
        }
        let mut header = Vec::with_capacity(row.len());
        let mut seen = HashSet::new();
        for (i, name) in row.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(name) else {
                bail!(
                    "line 1: header column {} is not valid UTF-8 ({NOT_UTF8})",
                    i + 1
                );
            };
            if name.contains('\0') {
                bail!("line 1: header column {} contains a NUL byte", i + 1);
            }
            if name.trim().is_empty() {
                bail!("line 1: header column {} has an empty name", i + 1);
            }
            if !seen.insert(name.to_string()) {
                // A header row that is data (a missing header) names no
                // column by its value.
                if crate::record::fieldpath::plainly_a_name(name) {
                    bail!("line 1: the header names column {name:?} twice");
                }
                bail!(
                    "line 1: header column {} repeats an earlier column's name",
                    i + 1
                );
            }
            header.push(name.to_string());
        }
        if let [only] = &header[..] {
            for (sep, name, arg) in [(';', "semicolons", "';'"), ('\t', "tabs", "tab")] {
                if only.contains(sep) && delimiter != sep as u8 {
                    bail!(
                        "line 1: the header is one column whose name contains {name}: the file seems to be separated by {name}, not by {:?}; give --delimiter {arg}",
                        delimiter as char
                    );
                }
            }
        }
        Ok(CsvInput {
            reader,
            row: csv::StringRecord::new(),
            header,
            records: 0,
            line: 1,
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
        let got = self.reader.read_byte_record(&mut bytes);
        if !got.map_err(|e| read_error(e, self.line))? {
            return Ok(None);
        }
        self.records += 1;
        let line = bytes.position().map_or(0, |p| line_of(&mut self.reader, p));
        self.line = line;
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
            anyhow!(
                "{pos}, field {:?}: not valid UTF-8 ({NOT_UTF8})",
                self.header[column]
            )
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
        self.reader.into_inner().inner
    }
}

/// What to do about bytes that are not UTF-8.
pub const NOT_UTF8: &str = "the file is in another encoding: give --encoding, e.g. --encoding windows-1252 for a file that Excel saved as \"CSV (Comma delimited)\"; or save it as \"CSV UTF-8\"";

/// The line on which the record read from `pos` begins.
fn line_of<R: Read>(reader: &mut csv::Reader<LineEnds<R>>, pos: &csv::Position) -> u64 {
    pos.line() + reader.get_mut().newlines_from(pos.byte())
}

/// A csv crate error, after the record that began on `line` (0: before
/// the header), as a message without any cell content. Rows of any length
/// are read as bytes, so only reading itself can fail.
fn read_error(err: csv::Error, line: u64) -> anyhow::Error {
    let place = match line {
        0 => "reading the header".to_string(),
        n => format!("after the record on line {n}"),
    };
    match err.into_kind() {
        csv::ErrorKind::Io(e) => anyhow::Error::new(e).context(format!("read error {place}")),
        _ => anyhow!("malformed CSV {place}"),
    }
}

/// Line-end bytes remembered at most (16 bytes each). Only an input with
/// more line ends than this in one record or in the csv crate's buffer
/// (blank lines, a huge multi-line cell) reaches it; its line numbers may
/// then come out low, never otherwise wrong.
const MAX_MARKS: usize = 1 << 20;

/// A reader that notes where the line-end bytes (`\r`, `\n`) of the input
/// are, so that a record can be placed past the line ends before it.
struct LineEnds<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of line-end bytes not yet passed, and whether each is `\n`.
    marks: VecDeque<(u64, bool)>,
}

impl<R> LineEnds<R> {
    fn new(inner: R) -> LineEnds<R> {
        LineEnds {
            inner,
            offset: 0,
            marks: VecDeque::new(),
        }
    }

    /// How many `\n` lie between `start` and the first byte at or after it
    /// that is not a line end. Forgets what lies before `start`: callers ask
    /// in increasing order.
    fn newlines_from(&mut self, start: u64) -> u64 {
        while self.marks.front().is_some_and(|&(at, _)| at < start) {
            self.marks.pop_front();
        }
        // The line ends at start, start + 1, ... without a gap.
        self.marks
            .iter()
            .zip(start..)
            .take_while(|((at, _), expected)| at == expected)
            .filter(|((_, newline), _)| *newline)
            .count() as u64
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
            if self.marks.len() >= MAX_MARKS {
                self.marks.pop_front();
            }
            self.marks
                .push_back((self.offset + i as u64, buf[i] == b'\n'));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R: Read + Send + 'static> super::prefetch::RecordSource for CsvInput<R> {
    type Item = csv::StringRecord;

    fn read(&mut self, slot: &mut csv::StringRecord) -> anyhow::Result<Option<(RecordPos, usize)>> {
        let pos = self.read_into(slot)?;
        Ok(pos.map(|p| (p, slot.as_byte_record().as_slice().len())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line each record begins on.
    fn lines(text: &[u8]) -> Vec<u64> {
        let mut input = CsvInput::new(text).unwrap();
        let mut out = Vec::new();
        while let Some(pos) = input.next_row().unwrap() {
            out.push(pos.line);
        }
        out
    }

    #[test]
    fn records_are_placed_on_the_line_where_they_begin() {
        assert_eq!(lines(b"a,b\nP-1,x\nP-2,y\n"), [2, 3]);
        assert_eq!(lines(b"a,b\r\nP-1,x\r\nP-2,y\r\n"), [2, 3]);
        assert_eq!(lines(b"a,b\r\nP-1,x\nP-2,y"), [2, 3]);
        assert_eq!(lines(b"a,b\n\nP-1,x\r\n\r\n\r\nP-2,y\n"), [3, 6]);
        assert_eq!(lines(b"a,b\n\r\nP-1,x\n"), [3]);
        assert_eq!(lines(b"a,b\r\nP-1,\"x\r\ny\"\r\nP-2,y\r\n"), [2, 4]);
    }

    #[test]
    fn errors_after_crlf_lines_name_the_right_line() {
        let mut input = CsvInput::new(&b"a,b\r\nP-1,x\r\nP-2,y,z\r\n"[..]).unwrap();
        input.next_row().unwrap();
        let err = input.next_row().unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
    }
}
