//! Reading a ledger back: line by line, in memory bounded by the largest
//! entry, checking the hash chain on the way. `ledger verify`, `ledger
//! show` and `verify --ledger` all read through here.
//!
//! A [`Snapshot`] fixes the ledger's length under a shared lock, so an
//! append that is in progress is either wholly in the snapshot or wholly
//! out of it; reading then goes on without the lock, so a long read never
//! holds up `apply`. A [`Walker`] yields one [`Step`] a line and remembers
//! the first [`Problem`]: a line that is not an entry, or an entry that
//! breaks the chain (its `hash`, `seq` or `prev`).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read as _, Seek as _, SeekFrom, Take};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{GENESIS, entry_hash};

/// The keys every entry has, in the order SPEC section 7 names them. An
/// entry may carry other keys: they are covered by its hash like the rest.
pub const KEYS: [&str; 12] = [
    "seq",
    "created_at",
    "disclosure_id",
    "manifest_sha256",
    "recipient",
    "basis",
    "reference",
    "categories_disclosed",
    "subjects",
    "records_disclosed",
    "prev",
    "hash",
];

/// One ledger entry, its fields borrowed from the parsed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub seq: u64,
    pub created_at: &'a str,
    /// The UTC calendar date of `created_at`.
    pub date: Date,
    pub disclosure_id: &'a str,
    pub manifest_sha256: &'a str,
    pub recipient: &'a str,
    pub basis: &'a str,
    pub reference: Option<&'a str>,
    pub categories_disclosed: Vec<&'a str>,
    pub subjects: Vec<&'a str>,
    pub records_disclosed: u64,
    pub prev: &'a str,
    pub hash: &'a str,
}

impl<'a> Entry<'a> {
    /// Read an entry from a parsed line: every key present with the right
    /// type. The message says what is wrong by key, never by value.
    pub fn from_value(value: &'a Value) -> Result<Entry<'a>, String> {
        let Some(map) = value.as_object() else {
            return Err("the line is not a JSON object".to_string());
        };
        let missing: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|k| !map.contains_key(*k))
            .collect();
        match missing.len() {
            0 => {}
            1 => return Err(format!("the entry has no `{}` key", missing[0])),
            _ => return Err(format!("the entry has no `{}` keys", missing.join("`, `"))),
        }
        let seq = map["seq"]
            .as_u64()
            .filter(|s| *s >= 1)
            .ok_or("`seq` is not a whole number of 1 or more")?;
        let created_at = string(map, "created_at")?;
        let date = created_at
            .parse::<Timestamp>()
            .map(|ts| TimeZone::UTC.to_datetime(ts).date())
            .map_err(|_| "`created_at` is not a date and time (YYYY-MM-DDTHH:MM:SSZ)")?;
        let reference = match &map["reference"] {
            Value::Null => None,
            Value::String(s) => Some(s.as_str()),
            _ => return Err("`reference` is neither a string nor null".to_string()),
        };
        Ok(Entry {
            seq,
            created_at,
            date,
            disclosure_id: hex_string(map, "disclosure_id", 32)?,
            manifest_sha256: hex_string(map, "manifest_sha256", 64)?,
            recipient: string(map, "recipient")?,
            basis: string(map, "basis")?,
            reference,
            categories_disclosed: strings(map, "categories_disclosed")?,
            subjects: strings(map, "subjects")?,
            records_disclosed: map["records_disclosed"]
                .as_u64()
                .ok_or("`records_disclosed` is not a whole number")?,
            prev: hex_string(map, "prev", 64)?,
            hash: hex_string(map, "hash", 64)?,
        })
    }
}

fn string<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    map[key]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| format!("`{key}` is not a non-empty string"))
}

fn hex_string<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    digits: usize,
) -> Result<&'a str, String> {
    map[key]
        .as_str()
        .filter(|s| s.len() == digits && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .ok_or_else(|| format!("`{key}` is not {digits} lowercase hex digits"))
}

fn strings<'a>(map: &'a Map<String, Value>, key: &str) -> Result<Vec<&'a str>, String> {
    let error = || format!("`{key}` is not a list of strings");
    map[key]
        .as_array()
        .ok_or_else(error)?
        .iter()
        .map(|v| v.as_str().ok_or_else(error))
        .collect()
}

/// What kind of thing is wrong with a line. The names are part of the
/// `--json` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// An empty (or all white space) line.
    BlankLine,
    /// The last line does not end with a newline: a write was cut short.
    TornLine,
    /// The line is not JSON.
    InvalidJson,
    /// JSON, but not an entry: not an object, a key missing, a wrong type.
    InvalidEntry,
    /// `hash` is not the hash of the entry's content: it was edited.
    HashMismatch,
    /// `seq` does not follow the previous entry's.
    SeqMismatch,
    /// `prev` is not the previous entry's `hash`.
    PrevMismatch,
}

/// The first thing wrong with a ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Line number, from 1.
    pub line: u64,
    /// The entry's `seq`, when the line has a readable one.
    pub seq: Option<u64>,
    pub kind: ProblemKind,
    /// What is wrong, for a person.
    pub problem: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(seq) = self.seq {
            write!(f, " (seq {seq})")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// One line of the ledger.
#[derive(Debug)]
pub enum Step {
    /// A line that reads as an entry. Its place in the chain may still be
    /// wrong: see [`Walker::problem`].
    Entry { line: u64, value: Value },
    /// A line that is not an entry (blank, torn, not JSON, not an entry).
    Unreadable,
}

/// Walks a ledger line by line and checks the chain until the first
/// problem.
pub struct Walker<R> {
    reader: R,
    buf: Vec<u8>,
    line: u64,
    /// Entries intact so far (before the first problem).
    intact: u64,
    /// `hash` and line of the last intact entry.
    last: Option<(String, u64)>,
    problem: Option<Problem>,
}

impl<R: BufRead> Walker<R> {
    pub fn new(reader: R) -> Walker<R> {
        Walker {
            reader,
            buf: Vec::new(),
            line: 0,
            intact: 0,
            last: None,
            problem: None,
        }
    }

    /// The first problem found so far.
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// How many entries, from the first, were found intact before the
    /// first problem.
    pub fn intact(&self) -> u64 {
        self.intact
    }

    /// The `hash` of the last intact entry.
    pub fn last_hash(&self) -> Option<&str> {
        self.last.as_ref().map(|(h, _)| h.as_str())
    }

    /// Read the next line. `None` at the end of the ledger.
    pub fn next_step(&mut self) -> io::Result<Option<Step>> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let read = self.reader.read_until(b'\n', &mut buf);
        let step = match read {
            Ok(0) => Ok(None),
            Ok(_) => {
                self.line += 1;
                let terminated = buf.last() == Some(&b'\n');
                let body = if terminated {
                    &buf[..buf.len() - 1]
                } else {
                    &buf[..]
                };
                Ok(Some(self.check_line(body, terminated)))
            }
            Err(e) => Err(e),
        };
        self.buf = buf;
        step
    }

    fn check_line(&mut self, body: &[u8], terminated: bool) -> Step {
        let line = self.line;
        if !terminated {
            self.fail(
                None,
                ProblemKind::TornLine,
                "the last line does not end with a newline (a write was cut short)".into(),
            );
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            self.fail(None, ProblemKind::BlankLine, "blank line".into());
            return Step::Unreadable;
        }
        let value: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => {
                self.fail(
                    None,
                    ProblemKind::InvalidJson,
                    "the line is not valid JSON (a torn or edited line)".into(),
                );
                return Step::Unreadable;
            }
        };
        let checked = match Entry::from_value(&value) {
            Ok(entry) => self.chain_problem(&entry, &value).map(|p| (entry.seq, p)),
            Err(message) => {
                let seq = value.get("seq").and_then(Value::as_u64);
                self.fail(seq, ProblemKind::InvalidEntry, message);
                return Step::Unreadable;
            }
        };
        match checked {
            Some((seq, (kind, message))) => self.fail(Some(seq), kind, message),
            None if self.problem.is_none() => {
                self.intact += 1;
                let hash = value["hash"].as_str().unwrap_or_default().to_string();
                self.last = Some((hash, line));
            }
            None => {}
        }
        Step::Entry { line, value }
    }

    /// [`Walker::next_step`], with the ledger and line named on error.
    pub fn next_in(&mut self, path: &Path) -> anyhow::Result<Option<Step>> {
        let line = self.line + 1;
        self.next_step()
            .with_context(|| format!("cannot read ledger {}, line {line}", path.display()))
    }

    /// What is wrong with this entry's place in the chain, while the chain
    /// is still intact.
    fn chain_problem(&self, entry: &Entry<'_>, value: &Value) -> Option<(ProblemKind, String)> {
        if self.problem.is_some() {
            return None;
        }
        match entry_hash(value) {
            Ok(hash) if hash == entry.hash => {}
            _ => {
                return Some((
                    ProblemKind::HashMismatch,
                    "`hash` does not match the entry's content: the entry was changed after it was written".into(),
                ));
            }
        }
        let expected = self.intact + 1;
        if entry.seq != expected {
            let message = if self.intact == 0 {
                format!(
                    "the first entry has seq {}; seq starts at 1 (entries missing from the start?)",
                    entry.seq
                )
            } else if entry.seq > expected {
                let missing = entry.seq - expected;
                format!(
                    "seq {} follows seq {}: {} {} missing (a deleted line?) or lines are out of order",
                    entry.seq,
                    self.intact,
                    missing,
                    if missing == 1 {
                        "entry is"
                    } else {
                        "entries are"
                    }
                )
            } else {
                format!(
                    "seq {} follows seq {}: lines are out of order or repeated",
                    entry.seq, self.intact
                )
            };
            return Some((ProblemKind::SeqMismatch, message));
        }
        match &self.last {
            None if entry.prev != GENESIS => Some((
                ProblemKind::PrevMismatch,
                "`prev` of the first entry is not 64 zeros".into(),
            )),
            Some((hash, line)) if entry.prev != hash => Some((
                ProblemKind::PrevMismatch,
                format!("`prev` is not the hash of the entry on line {line}"),
            )),
            _ => None,
        }
    }

    fn fail(&mut self, seq: Option<u64>, kind: ProblemKind, problem: String) {
        if self.problem.is_none() {
            self.problem = Some(Problem {
                line: self.line,
                seq,
                kind,
                problem,
            });
        }
    }
}

/// A ledger's bytes as they were when it was opened.
pub struct Snapshot {
    file: File,
    len: u64,
    path: PathBuf,
}

impl Snapshot {
    /// Open a ledger for reading. A missing or unreadable ledger is an
    /// error.
    pub fn open(path: &Path) -> anyhow::Result<Snapshot> {
        let file =
            File::open(path).with_context(|| format!("cannot open ledger {}", path.display()))?;
        let meta = file
            .metadata()
            .with_context(|| format!("cannot read ledger {}", path.display()))?;
        if meta.is_dir() {
            bail!("ledger {} is a directory", path.display());
        }
        file.lock_shared()
            .with_context(|| format!("cannot lock ledger {}", path.display()))?;
        let len = file.metadata().map(|m| m.len());
        let _ = file.unlock();
        let len = len.with_context(|| format!("cannot read ledger {}", path.display()))?;
        Ok(Snapshot {
            file,
            len,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Walk the snapshot from its first line.
    pub fn walk(&self) -> anyhow::Result<Walker<BufReader<Take<File>>>> {
        let mut file = self
            .file
            .try_clone()
            .with_context(|| format!("cannot read ledger {}", self.path.display()))?;
        file.seek(SeekFrom::Start(0))
            .with_context(|| format!("cannot read ledger {}", self.path.display()))?;
        Ok(Walker::new(BufReader::with_capacity(
            64 * 1024,
            file.take(self.len),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::ledger::{Appender, NewEntry};
    use crate::record::subjects::SubjectList;

    fn ledger(n: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.jsonl");
        let subjects = SubjectList::from_vec(vec!["P-1".into()]);
        let cats = vec!["identifiers".to_string()];
        for _ in 0..n {
            Appender::open(&path)
                .unwrap()
                .append(&NewEntry {
                    created_at: "2026-11-27T14:03:00Z",
                    disclosure_id: "0123456789abcdef0123456789abcdef",
                    manifest_sha256: &"ab".repeat(32),
                    recipient: "court",
                    basis: "order",
                    reference: None,
                    categories_disclosed: &cats,
                    subjects: &subjects,
                    records_disclosed: 1,
                    event: None,
                })
                .unwrap();
        }
        (dir, path)
    }

    fn walk(bytes: &[u8]) -> (u64, Option<Problem>) {
        let mut walker = Walker::new(bytes);
        while walker.next_step().unwrap().is_some() {}
        (walker.intact(), walker.problem().cloned())
    }

    #[test]
    fn an_intact_ledger_has_no_problem() {
        let (_dir, path) = ledger(3);
        let (intact, problem) = walk(&std::fs::read(&path).unwrap());
        assert_eq!((intact, problem), (3, None));
        assert_eq!(walk(b""), (0, None));
    }

    #[test]
    fn names_the_first_broken_line() {
        let (_dir, path) = ledger(3);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();

        let deleted = format!("{}\n{}\n", lines[0], lines[2]);
        let (intact, problem) = walk(deleted.as_bytes());
        let problem = problem.unwrap();
        assert_eq!(intact, 1);
        assert_eq!((problem.line, problem.seq), (2, Some(3)));
        assert_eq!(problem.kind, ProblemKind::SeqMismatch);

        let edited = text.replacen("\"records_disclosed\":1", "\"records_disclosed\":2", 1);
        let problem = walk(edited.as_bytes()).1.unwrap();
        assert_eq!((problem.line, problem.kind), (1, ProblemKind::HashMismatch));

        let blank = format!("{}\n\n{}\n", lines[0], lines[1]);
        let problem = walk(blank.as_bytes()).1.unwrap();
        assert_eq!((problem.line, problem.kind), (2, ProblemKind::BlankLine));

        let torn = &text[..text.len() - 10];
        let problem = walk(torn.as_bytes()).1.unwrap();
        assert_eq!((problem.line, problem.kind), (3, ProblemKind::TornLine));
    }

    #[test]
    fn entries_name_missing_keys_and_bad_types_without_values() {
        let value: Value = serde_json::json!({"seq": 1, "hash": "secret-looking"});
        let err = Entry::from_value(&value).unwrap_err();
        assert!(err.contains("`created_at`"), "{err}");
        assert!(!err.contains("secret-looking"), "{err}");
    }

    #[test]
    fn a_snapshot_can_be_walked_twice() {
        let (_dir, path) = ledger(2);
        let snapshot = Snapshot::open(&path).unwrap();
        for _ in 0..2 {
            let mut walker = snapshot.walk().unwrap();
            while walker.next_in(snapshot.path()).unwrap().is_some() {}
            assert_eq!(walker.intact(), 2);
        }
    }
}
