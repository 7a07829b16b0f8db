//! What an input's bytes are before they are parsed: a sniff of the first
//! bytes (an Excel workbook, a zip, gzip or PDF file, UTF-16 text, other
//! binary data is an error that says what it is and what to do), then, with
//! `--encoding`, a streaming decode into UTF-8.
//!
//! The decoder works in fixed buffers: memory does not grow with the input.
//! The bytes hashed for the manifest are the file's own (the meter sits
//! below this adaptor).

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding};

/// Bytes looked at to tell what a file is.
const SNIFF: usize = 1024;
/// Size of the raw and decoded buffers.
const CHUNK: usize = 64 * 1024;

/// How to export a spreadsheet so that disclose can read it.
pub const EXPORT_HINT: &str = "in Excel choose File > Save As (or Save a Copy) and the type \"CSV UTF-8 (Comma delimited) (*.csv)\", then give disclose the .csv file";

/// What a file that is not a text export is, judged by its first bytes and
/// its name, with what to do about it; `None` for text. UTF-16 is text
/// when an encoding was given.
pub fn sniff(prefix: &[u8], name: &str, encoding_given: bool) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let ext = |e: &str| lower.ends_with(e);
    let contains = |needle: &[u8]| prefix.windows(needle.len()).any(|w| w == needle);
    if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        if contains(b"xl/") || ext(".xlsx") || ext(".xlsm") {
            return Some(format!(
                "is an Excel workbook (.xlsx), not a CSV or JSON export: {EXPORT_HINT}"
            ));
        }
        if ext(".ods") || contains(b"opendocument.spreadsheet") {
            return Some(
                "is an OpenDocument spreadsheet (.ods): in LibreOffice choose File > Save As, type \"Text CSV (.csv)\", character set \"Unicode (UTF-8)\", field delimiter \",\"".into(),
            );
        }
        return Some(format!(
            "is a zip archive (or an Office document), not a CSV or JSON export: unpack it, or if it is a workbook: {EXPORT_HINT}"
        ));
    }
    if prefix.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(format!(
            "is an old-style Excel workbook (.xls) or another Microsoft Office file, not a CSV or JSON export: {EXPORT_HINT}"
        ));
    }
    if prefix.starts_with(&[0x1F, 0x8B]) {
        return Some(
            "is gzip-compressed: decompress it first (gunzip -k FILE, or gunzip -c FILE | disclose apply ... --format csv -)".into(),
        );
    }
    if prefix.starts_with(b"%PDF") {
        return Some(
            "is a PDF document, not a CSV or JSON export: export the records from the case system as CSV instead".into(),
        );
    }
    if encoding_given {
        return None;
    }
    if prefix.starts_with(&[0xFF, 0xFE]) {
        return Some(
            "is UTF-16 text (little-endian; Excel's \"Unicode Text\"): give --encoding utf-16le, or save it as \"CSV UTF-8\"".into(),
        );
    }
    if prefix.starts_with(&[0xFE, 0xFF]) {
        return Some("is UTF-16 text (big-endian): give --encoding utf-16be".into());
    }
    // Many NUL bytes: binary data (or UTF-16 without a byte-order mark). A
    // stray NUL in a text export is reported where it stands, by the reader.
    let nuls = prefix.iter().filter(|&&b| b == 0).count();
    if nuls > 0 && nuls * 8 >= prefix.len() {
        return Some(format!(
            "is a binary file (it holds NUL bytes), not a CSV or JSON export; if it is UTF-16 text give --encoding utf-16le, if it is a spreadsheet: {EXPORT_HINT}"
        ));
    }
    None
}

/// An input's bytes after the sniff, decoded to UTF-8 when an encoding was
/// given.
pub struct Decoded<R> {
    inner: R,
    /// Raw bytes read from `inner` and not yet passed on (or decoded).
    raw: Vec<u8>,
    raw_at: usize,
    eof: bool,
    decoder: Option<Decoder>,
    /// Decoded bytes not yet passed on.
    out: Vec<u8>,
    out_at: usize,
    finished: bool,
}

impl<R: Read> Decoded<R> {
    /// Read the first bytes of `inner` and refuse what is not a text export
    /// (see [`sniff`]); `name` names the input in the error.
    pub fn new(
        mut inner: R,
        name: &str,
        encoding: Option<&'static Encoding>,
    ) -> anyhow::Result<Decoded<R>> {
        let mut raw = Vec::with_capacity(CHUNK);
        let mut eof = false;
        while raw.len() < SNIFF {
            let mut buf = [0u8; SNIFF];
            let n = inner
                .read(&mut buf[..SNIFF - raw.len()])
                .map_err(|e| anyhow::Error::new(e).context(format!("cannot read {name}")))?;
            if n == 0 {
                eof = true;
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        if let Some(what) = sniff(&raw, name, encoding.is_some()) {
            anyhow::bail!("{name} {what}");
        }
        Ok(Decoded {
            inner,
            raw,
            raw_at: 0,
            eof,
            // A BOM of the encoding (or of UTF-8/UTF-16) is removed; output
            // is always UTF-8.
            decoder: encoding.map(Encoding::new_decoder_with_bom_removal),
            out: Vec::new(),
            out_at: 0,
            finished: false,
        })
    }

    /// Give back the underlying reader (to finish hashing it).
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Refill `raw` when it is used up; `false` at the end of the input.
    fn fill_raw(&mut self) -> io::Result<bool> {
        if self.raw_at < self.raw.len() {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.raw.resize(CHUNK, 0);
        self.raw_at = 0;
        let n = loop {
            match self.inner.read(&mut self.raw) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = n.inspect_err(|_| self.raw.clear())?;
        self.raw.truncate(n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.decoder.is_none() {
            // UTF-8 as it is: the sniffed bytes first, then the rest.
            if self.raw_at < self.raw.len() {
                let n = buf.len().min(self.raw.len() - self.raw_at);
                buf[..n].copy_from_slice(&self.raw[self.raw_at..self.raw_at + n]);
                self.raw_at += n;
                return Ok(n);
            }
            if self.eof {
                return Ok(0);
            }
            return self.inner.read(buf);
        }
        loop {
            if self.out_at < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_at);
                buf[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
                self.out_at += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            let more = self.fill_raw()?;
            let decoder = self.decoder.as_mut().expect("decoding");
            self.out.resize(CHUNK + 16, 0);
            self.out_at = 0;
            let input = &self.raw[self.raw_at..];
            let (result, read, written, _) = decoder.decode_to_utf8(input, &mut self.out, !more);
            self.raw_at += read;
            self.out.truncate(written);
            if !more && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
    }
}

/// An encoding named by a WHATWG label (`windows-1252`, `latin1`,
/// `utf-16le`, `shift_jis`...).
pub fn encoding_for(label: &str) -> anyhow::Result<&'static Encoding> {
    Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
        anyhow::anyhow!(
            "--encoding {label:?}: not an encoding label (use a WHATWG label such as windows-1252, latin1, utf-16le, utf-16be, shift_jis, gb18030)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], label: &str) -> String {
        let mut d = Decoded::new(bytes, "x", Some(encoding_for(label).unwrap())).unwrap();
        let mut out = String::new();
        d.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn windows_1252_and_utf_16_decode_to_utf_8() {
        assert_eq!(
            decode(b"Chlo\xe9 Dvo\x9aak", "windows-1252"),
            "Chloé Dvošak"
        );
        assert_eq!(decode(b"\xff\xfea\x00\xe9\x00", "utf-16le"), "aé");
        let long: Vec<u8> = b"caf\xe9,".repeat(50_000);
        assert_eq!(decode(&long, "latin1"), "café,".repeat(50_000));
    }

    #[test]
    fn utf_8_passes_through_whole() {
        let text = "a,b\n".repeat(10_000);
        let mut d = Decoded::new(text.as_bytes(), "x", None).unwrap();
        let mut out = String::new();
        d.read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
    }

    #[test]
    fn workbooks_archives_and_binaries_are_named() {
        let said = |b: &[u8], name: &str| sniff(b, name, false).unwrap_or_default();
        assert!(said(b"PK\x03\x04....xl/workbook.xml", "a.xlsx").contains("Excel workbook"));
        assert!(said(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a.xls").contains(".xls"));
        assert!(said(b"PK\x03\x04abc", "a.zip").contains("zip"));
        assert!(said(b"\x1f\x8b\x08", "a.csv.gz").contains("gzip"));
        assert!(said(b"%PDF-1.7", "a.pdf").contains("PDF"));
        assert!(said(b"\xff\xfea\x00", "a.csv").contains("--encoding utf-16le"));
        assert!(said(b"a\x00b", "a.csv").contains("binary"));
        assert_eq!(
            sniff(
                b"person_id,name\nP-1,A\x00n Lee\nP-2,Bo Kim\n",
                "a.csv",
                false
            ),
            None
        );
        assert_eq!(sniff(b"a,b\n1,2\n", "a.csv", false), None);
        assert_eq!(sniff(b"\xff\xfea\x00", "a.csv", true), None);
    }
}
