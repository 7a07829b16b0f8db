//! Reading a ledger back: line by line, in memory bounded by the largest
//! entry, checking the hash chain on the way. `ledger verify`, `ledger
//! show` and `verify --ledger` all read through here.
//!
//! A [`Snapshot`] fixes the ledger's length under a shared lock, so an
//! append that is in progress is either wholly in the snapshot or wholly
//! out of it; reading then goes on without the lock, so a long read never
//! holds up `apply`. A [`Walker`] yields one [`LedgerLine`] a line and remembers
//! the first [`Problem`]: a line that is not an entry, or an entry that
//! breaks the chain (its `hash`, `seq` or `prev`).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read as _, Seek as _, SeekFrom, Take};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::parsed::Entry;
use super::{GENESIS, canon, entry_hash};

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
    /// `created_at` is earlier than the previous entry's: a ledger never
    /// goes back in time.
    TimeReversed,
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

/// One line of the ledger, borrowed from the walker until the next step.
#[derive(Debug)]
pub enum LedgerLine<'a> {
    /// A line that reads as an entry. Its place in the chain may still be
    /// wrong: see [`Walker::problem`].
    Entry {
        line: u64,
        entry: Box<Entry<'a>>,
        /// The line as it is in the ledger, without its newline.
        bytes: &'a [u8],
    },
    /// A line that is not an entry (blank, torn, not JSON, not an entry).
    Unreadable,
    /// A canonical disclosure entry without the walker's needle: its place
    /// in the chain was checked, its content was not read.
    Skipped,
}

/// The chain as checked so far.
#[derive(Default)]
struct Chain {
    line: u64,
    /// Entries intact so far (before the first problem).
    intact: u64,
    /// `hash`, line and time of the last intact entry.
    last: Option<(String, u64, Timestamp)>,
    problem: Option<Problem>,
    needle: Option<memchr::memmem::Finder<'static>>,
}

/// Walks a ledger line by line and checks the chain until the first
/// problem. Each line is read once into a buffer that is reused; an entry
/// is held only until the next step.
pub struct Walker<R> {
    reader: R,
    buf: Vec<u8>,
    chain: Chain,
}

/// What a skipped line must hold for the chain: found by the canonical
/// scan, without parsing the entry.
struct Link<'a> {
    seq: u64,
    prev: &'a str,
    hash: &'a str,
    time: Timestamp,
}

impl<R: BufRead> Walker<R> {
    pub fn new(reader: R) -> Walker<R> {
        Walker {
            reader,
            buf: Vec::new(),
            chain: Chain::default(),
        }
    }

    /// Read only the entries whose line holds `needle` (and every entry
    /// that is not a disclosure); the others are checked for their place in
    /// the chain and returned as [`LedgerLine::Skipped`]. For a person's
    /// accounting, the needle is their ID as a JSON string.
    pub fn only_with(mut self, needle: &[u8]) -> Walker<R> {
        self.chain.needle = Some(memchr::memmem::Finder::new(needle).into_owned());
        self
    }

    /// The first problem found so far.
    pub fn problem(&self) -> Option<&Problem> {
        self.chain.problem.as_ref()
    }

    /// How many entries, from the first, were found intact before the
    /// first problem.
    pub fn intact(&self) -> u64 {
        self.chain.intact
    }

    /// The `hash` of the last intact entry.
    pub fn last_hash(&self) -> Option<&str> {
        self.chain.last.as_ref().map(|(h, _, _)| h.as_str())
    }

    /// Read the next line. `None` at the end of the ledger.
    pub fn next_step(&mut self) -> io::Result<Option<LedgerLine<'_>>> {
        self.buf.clear();
        if self.reader.read_until(b'\n', &mut self.buf)? == 0 {
            return Ok(None);
        }
        self.chain.line += 1;
        let terminated = self.buf.last() == Some(&b'\n');
        let body = if terminated {
            &self.buf[..self.buf.len() - 1]
        } else {
            &self.buf[..]
        };
        Ok(Some(self.chain.check_line(body, terminated)))
    }

    /// [`Walker::next_step`], with the ledger and line named on error.
    pub fn next_in(&mut self, path: &Path) -> anyhow::Result<Option<LedgerLine<'_>>> {
        let line = self.chain.line + 1;
        self.next_step()
            .with_context(|| format!("cannot read ledger {}, line {line}", path.display()))
    }
}

impl Chain {
    fn check_line<'a>(&mut self, body: &'a [u8], terminated: bool) -> LedgerLine<'a> {
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
            return LedgerLine::Unreadable;
        }
        if self.needle.as_ref().is_some_and(|n| n.find(body).is_none())
            && let Some((link, hash_ok)) = link(body)
        {
            if self.problem.is_none() {
                self.link(&link, hash_ok, line);
            }
            return LedgerLine::Skipped;
        }
        let entry = match std::str::from_utf8(body).map(|_| Entry::parse(body)) {
            Ok(Ok(entry)) => entry,
            Ok(Err(message)) if message != super::parsed::NOT_JSON => {
                let seq = serde_json::from_slice::<Value>(body)
                    .ok()
                    .and_then(|v| v.get("seq").and_then(Value::as_u64));
                self.fail(seq, ProblemKind::InvalidEntry, message);
                return LedgerLine::Unreadable;
            }
            _ => {
                self.fail(
                    None,
                    ProblemKind::InvalidJson,
                    "the line is not valid JSON (a torn or edited line)".into(),
                );
                return LedgerLine::Unreadable;
            }
        };
        if self.problem.is_none() {
            let link = Link {
                seq: entry.seq,
                prev: &entry.prev,
                hash: &entry.hash,
                time: entry.time,
            };
            self.link(&link, hash_matches(body, &entry.hash), line);
        }
        LedgerLine::Entry {
            line,
            entry: Box::new(entry),
            bytes: body,
        }
    }

    /// Check an entry's place in the chain, and count it when it is
    /// intact.
    fn link(&mut self, link: &Link<'_>, hash_ok: bool, line: u64) {
        match self.chain_problem(link, hash_ok) {
            Some((kind, message)) => self.fail(Some(link.seq), kind, message),
            None => {
                self.intact += 1;
                self.last = Some((link.hash.to_string(), line, link.time));
            }
        }
    }

    /// What is wrong with this entry's place in the chain.
    fn chain_problem(&self, entry: &Link<'_>, hash_ok: bool) -> Option<(ProblemKind, String)> {
        if !hash_ok {
            return Some((
                ProblemKind::HashMismatch,
                "`hash` does not match the entry's content: the entry was changed after it was written".into(),
            ));
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
            Some((hash, line, _)) if entry.prev != hash => Some((
                ProblemKind::PrevMismatch,
                format!("`prev` is not the hash of the entry on line {line}"),
            )),
            Some((_, line, time)) if entry.time < *time => Some((
                ProblemKind::TimeReversed,
                format!(
                    "`created_at` is earlier than that of the entry on line {line}: a ledger never goes back in time"
                ),
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

/// The chain keys of a canonical disclosure entry (one without `event`, or
/// with `event` `disclosure`), and whether its hash matches, without
/// parsing it. `None` for any other line: it is read in full.
fn link(body: &[u8]) -> Option<(Link<'_>, bool)> {
    std::str::from_utf8(body).ok()?;
    let c = canon::scan(body)?;
    let [seq, prev, created_at, event] = c.chain.clone();
    if let Some(event) = event
        && &body[event] != b"disclosure"
    {
        return None;
    }
    let text = |r: Option<std::ops::Range<usize>>| std::str::from_utf8(&body[r?]).ok();
    let is_hex =
        |t: &str| t.len() == 64 && t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let seq = text(seq)?.parse::<u64>().ok().filter(|s| *s >= 1)?;
    let prev = text(prev).filter(|p| is_hex(p))?;
    let hash = text(Some(c.hash.clone())).filter(|h| is_hex(h))?;
    let time = text(created_at)?.parse::<Timestamp>().ok()?;
    let mut hasher = crate::crypto::digest::Sha256::default();
    hasher.update(&body[..c.hash_member.start]);
    hasher.update(&body[c.hash_member.end..]);
    let hash_ok = hasher.finish_hex() == hash;
    Some((
        Link {
            seq,
            prev,
            hash,
            time,
        },
        hash_ok,
    ))
}

/// Whether `hash` is the hash of the entry on this line: over the bytes as
/// they are when the line is canonical, otherwise over its parsed content.
pub fn hash_matches(body: &[u8], hash: &str) -> bool {
    if let Some(c) = canon::scan(body) {
        let mut hasher = crate::crypto::digest::Sha256::default();
        hasher.update(&body[..c.hash_member.start]);
        hasher.update(&body[c.hash_member.end..]);
        return hasher.finish_hex() == hash;
    }
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| entry_hash(&v).ok())
        .is_some_and(|h| h == hash)
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
    use crate::audit::ledger::{Appender, Disclosure, Event, NewEntry};
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
                    event: Event::Disclosure(Disclosure::minimal(
                        "0123456789abcdef0123456789abcdef",
                        &"ab".repeat(32),
                        "court",
                        "order",
                        &cats,
                        &subjects,
                    )),
                })
                .unwrap();
        }
        (dir, path)
    }

    fn walk(bytes: &[u8]) -> (u64, Option<Problem>) {
        let full = walk_with(bytes, None);
        // Skipping the content of lines must not change what the chain
        // check finds.
        assert_eq!(walk_with(bytes, Some(b"\"P-9\"")), full);
        full
    }

    fn walk_with(bytes: &[u8], needle: Option<&[u8]>) -> (u64, Option<Problem>) {
        let mut walker = Walker::new(bytes);
        if let Some(needle) = needle {
            walker = walker.only_with(needle);
        }
        let mut skipped = 0;
        while let Some(step) = walker.next_step().unwrap() {
            skipped += matches!(step, LedgerLine::Skipped) as u64;
        }
        assert!(needle.is_none() || skipped > 0 || bytes.is_empty() || walker.intact() == 0);
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

        // An entry whose prev was changed: found at that line either way.
        let relinked = lines[2].replace("\"prev\":\"", "\"prev\":\"0");
        let bad_prev = format!("{}\n{}\n{}\n", lines[0], lines[1], relinked);
        let problem = walk(bad_prev.as_bytes()).1.unwrap();
        assert_eq!(problem.line, 3);
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
