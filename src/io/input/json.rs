//! JSON input: a top-level array of objects, streamed element by element,
//! and NDJSON, one object a line.
//!
//! Records keep key order and number text. A key that occurs twice in one
//! object is an error: a record must not say two things about one field.

use std::io::{BufRead, BufReader, Read};

use anyhow::{anyhow, bail};

use super::RecordPos;
use crate::record::value::{self, MAX_DEPTH, Object, Value};

/// The largest record (in bytes) a reader accepts.
pub const MAX_RECORD_BYTES: usize = 512 * 1024 * 1024;

/// Parse one record's bytes. `pos` places error messages.
fn parse_record(bytes: &[u8], pos: RecordPos) -> anyhow::Result<Object> {
    match value::parse(bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => bail!(
            "{pos}: a record must be a JSON object, found {}",
            other.kind()
        ),
        Err(e) => {
            let line = pos.line + e.line.saturating_sub(1);
            Err(anyhow!(
                "record {} (line {line}): invalid JSON: {e}",
                pos.record
            ))
        }
    }
}

/// Records from NDJSON: one object a line, blank lines skipped.
pub struct NdjsonInput<R: Read> {
    reader: BufReader<R>,
    buf: Vec<u8>,
    line: u64,
    records: u64,
}

impl<R: Read> NdjsonInput<R> {
    pub fn new(inner: R) -> NdjsonInput<R> {
        NdjsonInput {
            reader: BufReader::with_capacity(256 * 1024, inner),
            buf: Vec::new(),
            line: 0,
            records: 0,
        }
    }

    /// The next record, parsed.
    pub fn next_record(&mut self) -> anyhow::Result<Option<(Object, RecordPos)>> {
        match self.next_raw()? {
            Some(pos) => parse_record(&self.buf, pos).map(|m| Some((m, pos))),
            None => Ok(None),
        }
    }

    /// The next record's bytes, left in `buf`, unparsed.
    fn next_raw(&mut self) -> anyhow::Result<Option<RecordPos>> {
        loop {
            self.buf.clear();
            let n = (&mut self.reader)
                .take(MAX_RECORD_BYTES as u64 + 1)
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| {
                    anyhow::Error::new(e).context(format!("read error at line {}", self.line + 1))
                })?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            if self.buf.len() > MAX_RECORD_BYTES {
                bail!(
                    "line {}: a record is larger than {} MiB",
                    self.line,
                    MAX_RECORD_BYTES >> 20
                );
            }
            if self.line == 1 && self.buf.starts_with(b"\xef\xbb\xbf") {
                self.buf.drain(..3);
            }
            if self.buf.iter().all(|&b| is_json_space(b)) {
                continue;
            }
            self.records += 1;
            return Ok(Some(RecordPos {
                record: self.records,
                line: self.line,
            }));
        }
    }

    pub fn into_inner(self) -> R {
        self.reader.into_inner()
    }
}

/// Records from a top-level JSON array, one element at a time.
pub struct JsonArrayInput<R: Read> {
    reader: BufReader<R>,
    buf: Vec<u8>,
    state: State,
    line: u64,
    records: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    First,
    Next,
    Done,
}

impl<R: Read> JsonArrayInput<R> {
    pub fn new(inner: R) -> JsonArrayInput<R> {
        JsonArrayInput {
            reader: BufReader::with_capacity(256 * 1024, inner),
            buf: Vec::new(),
            state: State::Start,
            line: 1,
            records: 0,
        }
    }

    /// Skip white space; the next byte, not consumed.
    fn peek(&mut self) -> anyhow::Result<Option<u8>> {
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(None);
            }
            let ws = chunk.iter().take_while(|&&b| is_json_space(b)).count();
            self.line += chunk[..ws].iter().filter(|&&b| b == b'\n').count() as u64;
            let next = chunk.get(ws).copied();
            self.reader.consume(ws);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    fn expect_start(&mut self) -> anyhow::Result<()> {
        let chunk = self.reader.fill_buf()?;
        if chunk.starts_with(b"\xef\xbb\xbf") {
            self.reader.consume(3);
        }
        match self.peek()? {
            Some(b'[') => {
                self.reader.consume(1);
                Ok(())
            }
            None => bail!(
                "line {}: the file is empty; a JSON export is an array of records",
                self.line
            ),
            Some(_) => bail!(
                "line {}: a JSON export must be an array of records ([{{...}}, ...]); for one object a line, use .ndjson",
                self.line
            ),
        }
    }

    /// The next record, parsed.
    pub fn next_record(&mut self) -> anyhow::Result<Option<(Object, RecordPos)>> {
        match self.next_raw()? {
            Some(pos) => parse_record(&self.buf, pos).map(|m| Some((m, pos))),
            None => Ok(None),
        }
    }

    /// The next record's bytes, left in `buf`, unparsed.
    fn next_raw(&mut self) -> anyhow::Result<Option<RecordPos>> {
        if self.state == State::Start {
            self.expect_start()?;
            self.state = State::First;
        }
        if self.state == State::Done {
            return Ok(None);
        }
        let mut next = self.peek()?;
        if self.state == State::Next {
            match next {
                Some(b',') => {
                    self.reader.consume(1);
                    next = self.peek()?;
                    if next == Some(b']') {
                        bail!(
                            "line {}: a comma before the closing ] (trailing comma)",
                            self.line
                        );
                    }
                }
                Some(b']') => {}
                None => bail!(
                    "line {}: the file ends inside the array (missing ])",
                    self.line
                ),
                Some(_) => bail!(
                    "line {}: expected , or ] after record {}",
                    self.line,
                    self.records
                ),
            }
        }
        match next {
            None => bail!(
                "line {}: the file ends inside the array (missing ])",
                self.line
            ),
            Some(b']') => {
                self.reader.consume(1);
                self.state = State::Done;
                if self.peek()?.is_some() {
                    bail!("line {}: unexpected data after the closing ]", self.line);
                }
                return Ok(None);
            }
            Some(b'{') => {}
            Some(_) => {
                self.records += 1;
                bail!(
                    "record {} (line {}): a record must be a JSON object",
                    self.records,
                    self.line
                );
            }
        }
        self.records += 1;
        let pos = RecordPos {
            record: self.records,
            line: self.line,
        };
        self.scan_object(pos)?;
        self.state = State::Next;
        Ok(Some(pos))
    }

    /// Copy one object, from its `{` to its matching `}`, into `buf`.
    fn scan_object(&mut self, pos: RecordPos) -> anyhow::Result<()> {
        self.buf.clear();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                bail!("{pos}: the file ends inside the record");
            }
            let mut end = None;
            let mut i = 0;
            while i < chunk.len() {
                let b = chunk[i];
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                    } else if let Some(j) = memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                        // Jump to the next quote or backslash.
                        if j > 0 {
                            i += j;
                            continue;
                        }
                    } else {
                        i = chunk.len();
                        continue;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => {
                            depth += 1;
                            if depth > MAX_DEPTH {
                                bail!("{pos}: nested more than {MAX_DEPTH} levels deep");
                            }
                        }
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = Some(i + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                i += 1;
            }
            let take = end.unwrap_or(chunk.len());
            self.line += chunk[..take].iter().filter(|&&b| b == b'\n').count() as u64;
            if self.buf.len() + take > MAX_RECORD_BYTES {
                bail!(
                    "{pos}: a record is larger than {} MiB",
                    MAX_RECORD_BYTES >> 20
                );
            }
            self.buf.extend_from_slice(&chunk[..take]);
            self.reader.consume(take);
            if end.is_some() {
                return Ok(());
            }
        }
    }

    pub fn into_inner(self) -> R {
        self.reader.into_inner()
    }
}

/// A record's bytes, split from the input on the reading thread and parsed
/// where it is redacted (allocations stay on one thread).
#[derive(Debug, Default)]
pub struct RawRecord(Vec<u8>);

impl RawRecord {
    /// Parse the record.
    pub fn parse(&self, pos: RecordPos) -> anyhow::Result<Object> {
        parse_record(&self.0, pos)
    }
}

impl<R: Read + Send + 'static> super::prefetch::RecordSource for NdjsonInput<R> {
    type Item = RawRecord;

    fn read(&mut self, slot: &mut RawRecord) -> anyhow::Result<Option<(RecordPos, usize)>> {
        let pos = self.next_raw()?;
        std::mem::swap(&mut slot.0, &mut self.buf);
        Ok(pos.map(|p| (p, slot.0.len())))
    }
}

impl<R: Read + Send + 'static> super::prefetch::RecordSource for JsonArrayInput<R> {
    type Item = RawRecord;

    fn read(&mut self, slot: &mut RawRecord) -> anyhow::Result<Option<(RecordPos, usize)>> {
        let pos = self.next_raw()?;
        std::mem::swap(&mut slot.0, &mut self.buf);
        Ok(pos.map(|p| (p, slot.0.len())))
    }
}

/// JSON white space (RFC 8259): space, tab, line feed and carriage return
/// only. A form feed or vertical tab between records is an error, as inside
/// a record.
fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_array(text: &str) -> anyhow::Result<Vec<Object>> {
        let mut input = JsonArrayInput::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some((m, _)) = input.next_record()? {
            out.push(m);
        }
        Ok(out)
    }

    #[test]
    fn streams_array_elements_keeping_order_and_number_text() {
        let recs =
            all_array("[\n {\"b\": 1.50, \"a\": \"x}\\\"{\"},\n {\"c\": [1, {\"d\": 1e999}]}\n]\n")
                .unwrap();
        assert_eq!(recs.len(), 2);
        let (mut out0, mut out1) = (Vec::new(), Vec::new());
        assert_eq!(
            value::write_object(&mut out0, &recs[0])
                .map(|_| String::from_utf8(out0).unwrap())
                .unwrap(),
            r#"{"b":1.50,"a":"x}\"{"}"#
        );
        assert_eq!(
            value::write_object(&mut out1, &recs[1])
                .map(|_| String::from_utf8(out1).unwrap())
                .unwrap(),
            r#"{"c":[1,{"d":1e999}]}"#
        );
        assert!(all_array("[]").unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_arrays() {
        for bad in [
            "",
            "{}",
            "[{},]",
            "[{} {}]",
            "[1]",
            "[{}] x",
            "[{\"a\":1}",
            "[{\"a\":1,\"a\":2}]",
        ] {
            assert!(all_array(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ndjson_skips_blank_lines_and_names_bad_lines() {
        let mut input = NdjsonInput::new("{\"a\":1}\n\n  \n{\"a\":2}\n{\"a\":".as_bytes());
        assert_eq!(
            input.next_record().unwrap().unwrap().1,
            RecordPos { record: 1, line: 1 }
        );
        assert_eq!(
            input.next_record().unwrap().unwrap().1,
            RecordPos { record: 2, line: 4 }
        );
        let err = input.next_record().unwrap_err().to_string();
        assert!(err.contains("line 5"), "{err}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "[{}{}{}]",
            "{\"a\":".repeat(10_000),
            "1",
            "}".repeat(10_000)
        );
        let err = all_array(&deep).unwrap_err().to_string();
        assert!(err.contains("nested"), "{err}");
        let line = format!("{}1{}\n", "{\"a\":".repeat(10_000), "}".repeat(10_000));
        let err = NdjsonInput::new(line.as_bytes())
            .next_record()
            .unwrap_err()
            .to_string();
        assert!(err.contains("nested"), "{err}");
    }
}
