//! The disclosure ledger: an append-only JSON Lines file, one entry per
//! disclosure, each entry chained to the previous one by hash.
//!
//! An entry has the keys `seq`, `created_at`, `disclosure_id`,
//! `manifest_sha256`, `recipient`, `basis`, `reference`,
//! `categories_disclosed`, `subjects`, `records_disclosed`, `prev` and
//! `hash`, and an `event` with keys of its own ([`entry`]). `prev` is the
//! previous entry's `hash` (64 zeros for the first); `seq` counts from 1;
//! `created_at` never goes back.
//!
//! `hash` is the lowercase hex SHA-256 of the entry's canonical JSON
//! without its `hash` key, so anyone can check the chain with their own
//! tools (the rule, word for word, is `cli::help::LEDGER`):
//!
//! - the entry without its `hash` key;
//! - object keys sorted by their UTF-8 bytes (at every level);
//! - no white space between tokens;
//! - strings as UTF-8: non-ASCII characters are written as themselves, not
//!   escaped; only `"` and `\` and the control characters U+0000 to U+001F
//!   are escaped: `\"` `\\` `\b` `\f` `\n` `\r` `\t`, the others as
//!   `\u00XX` with lowercase hex digits;
//! - numbers (`seq`, `records_disclosed`) as plain decimal integers;
//!   arrays keep their order.
//!
//! Lines are written in the same canonical form, `hash` included.
//!
//! Appending takes an exclusive lock on the ledger, re-reads its last entry
//! under the lock (only the tail, never the whole file) and refuses to
//! extend a chain whose last line is torn or altered. Reading the ledger
//! back (and checking the whole chain) is [`read`] (entries: [`parsed`];
//! the fast check of a canonical line: [`canon`]); accountings and
//! suspensions are [`account`], [`statement`] and [`suspend`].

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use jiff::Timestamp;

pub mod account;
pub mod canon;
pub mod entry;
pub mod parsed;
pub mod read;
pub mod statement;
pub mod suspend;

pub use entry::{Accounting, DeliveryFailed, Disclosure, Event, NewEntry, PerSubject, Suspension};

/// `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Check a ledger before a disclosure starts: its directory exists, and if
/// it exists it is a file whose last entry is intact. It reads under a
/// shared lock (an append in progress is waited for, not taken for a torn
/// line) and does not hold it: `Appender::open` checks again under its
/// exclusive lock before appending.
pub fn precheck(path: &Path) -> anyhow::Result<()> {
    check_path(path)?;
    let context = || format!("ledger {}", path.display());
    let mut file = match File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        opened => opened.with_context(context)?,
    };
    file.lock_shared().with_context(context)?;
    let len = file.metadata().with_context(context)?.len();
    last_entry(&mut file, len).with_context(context)?;
    Ok(())
}

/// The last entry of a ledger, as an append needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Last {
    seq: u64,
    hash: String,
    created_at: Timestamp,
}

/// A ledger opened for one append, locked until dropped.
pub struct Appender {
    file: File,
    path: PathBuf,
    len: u64,
    last: Option<Last>,
    /// This run created the file: if nothing is appended, it is removed
    /// again, so that a failed run leaves no empty ledger behind.
    created: bool,
}

/// Where an entry went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub seq: u64,
    pub hash: String,
}

impl Appender {
    /// Open (creating if needed) and lock the ledger, and read its last
    /// entry. A torn or altered last entry is an error.
    pub fn open(path: &Path) -> anyhow::Result<Appender> {
        check_path(path)?;
        // A ledger that a failed run created is removed again under its
        // lock; a run that opened it meanwhile finds, once it holds the
        // lock, that the path no longer names its file, and opens again.
        let (file, created) = loop {
            let (file, created) = match OpenOptions::new()
                .read(true)
                .append(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => (file, true),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => (
                    OpenOptions::new()
                        .read(true)
                        .append(true)
                        .open(path)
                        .with_context(|| format!("cannot open ledger {}", path.display()))?,
                    false,
                ),
                Err(e) => {
                    return Err(anyhow::Error::new(e)
                        .context(format!("cannot open ledger {}", path.display())));
                }
            };
            file.lock()
                .with_context(|| format!("cannot lock ledger {}", path.display()))?;
            if same_file(&file, path) {
                break (file, created);
            }
        };
        let mut appender = Appender {
            file,
            path: path.to_path_buf(),
            len: 0,
            last: None,
            created,
        };
        appender.len = appender.file.metadata()?.len();
        appender.last = last_entry(&mut appender.file, appender.len)
            .with_context(|| format!("ledger {}", path.display()))?;
        Ok(appender)
    }

    /// The `prev` the next entry will get.
    pub fn next_prev(&self) -> &str {
        self.prev()
    }

    /// The `seq` the next entry will get.
    pub fn next_seq(&self) -> u64 {
        self.last.as_ref().map_or(1, |l| l.seq + 1)
    }

    /// The `hash` the next entry's `prev` will be.
    pub fn prev(&self) -> &str {
        self.last.as_ref().map_or(GENESIS, |l| l.hash.as_str())
    }

    /// Refuse a time earlier than the last entry's: a ledger never goes
    /// back in time.
    pub fn check_time(&self, created_at: &str) -> anyhow::Result<()> {
        let time: Timestamp = created_at
            .parse()
            .with_context(|| format!("{created_at:?} is not a date and time"))?;
        if let Some(last) = &self.last
            && time < last.created_at
        {
            bail!(
                "ledger {}: the time of this entry ({created_at}) is earlier than that of its last entry (seq {}, {}); a ledger never goes back in time: check the system clock or SOURCE_DATE_EPOCH",
                self.path.display(),
                last.seq,
                last.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            );
        }
        Ok(())
    }

    /// Append one entry, synced to disk. On failure the ledger is cut back
    /// to its length before the append. An entry earlier than the last one
    /// is refused.
    pub fn append(&mut self, entry: &NewEntry<'_>) -> anyhow::Result<Appended> {
        self.check_time(entry.created_at)?;
        let seq = self.next_seq();
        let prev = self.prev().to_string();
        let (hash, mut bytes) = match &entry.event {
            // A disclosure can name many people: written canonically as it
            // streams, never held as a tree.
            Event::Disclosure(d) => {
                let mut line = d.line(entry.created_at, seq, &prev);
                let mut hasher = crate::crypto::digest::Sha256::default();
                serde_json::to_writer(&mut hasher, &line)?;
                let hash = hasher.finish_hex();
                line.hash = Some(&hash);
                (hash.clone(), serde_json::to_vec(&line)?)
            }
            _ => {
                let mut body = serde_json::Value::Object(entry.body(seq, &prev)?);
                let hash = crate::crypto::digest::sha256_hex(canonical_json(&body)?.as_bytes());
                body["hash"] = hash.clone().into();
                (hash, canonical_json(&body)?.into_bytes())
            }
        };
        bytes.push(b'\n');
        let written = self
            .file
            .write_all(&bytes)
            .and_then(|_| self.file.sync_all());
        if let Err(e) = written {
            let _ = self.file.set_len(self.len);
            let _ = self.file.sync_all();
            return Err(anyhow::Error::new(e)
                .context(format!("cannot append to ledger {}", self.path.display())));
        }
        self.len += bytes.len() as u64;
        self.last = Some(Last {
            seq,
            hash: hash.clone(),
            created_at: entry.created_at.parse()?,
        });
        Ok(Appended { seq, hash })
    }
}

impl Drop for Appender {
    fn drop(&mut self) {
        if self.created && self.len == 0 {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open `file` (same device and inode).
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

const REPAIR: &str = "run `disclose ledger verify` and repair the ledger before appending";

/// The last entry, checked against its content.
fn last_entry(file: &mut File, len: u64) -> anyhow::Result<Option<Last>> {
    let Some(start) = last_line_start(file, len)? else {
        return Ok(None);
    };
    let end = len - 1; // the final newline
    if let Some(found) = canonical_last_entry(file, start, end)? {
        return Ok(Some(found));
    }
    // Not as disclose writes it (another tool may have rewritten the
    // ledger canonically but differently laid out): judge it as `ledger
    // verify` does, by its parsed content.
    parsed_last_entry(file, start, end).map(Some)
}

/// The fast path, streaming, in bounded memory: lines that disclose writes
/// are canonical, so the entry without `hash` is the line without its
/// `,"hash":"..."` member. `None` when the line is not laid out so or does
/// not match.
fn canonical_last_entry(file: &mut File, start: u64, end: u64) -> anyhow::Result<Option<Last>> {
    file.seek(SeekFrom::Start(start))?;
    let mut line = (&mut *file).take(end - start);
    // Everything before `subjects` (the last key of a v1 entry) and
    // `per_subject` is small: read up to 1 MiB of it to find `hash`, `seq`
    // and `created_at`.
    let mut head = Vec::new();
    (&mut line).take(1 << 20).read_to_end(&mut head)?;
    let hash = canon::top_level_str(&head, "hash").filter(|h| is_hash(h));
    let seq = canon::top_level_u64(&head, "seq");
    let created_at = canon::top_level_str(&head, "created_at").and_then(|t| t.parse().ok());
    let member = canon::top_level(&head, "hash").map(|(m, _)| m);
    let (Some(hash), Some(seq), Some(created_at), Some(member)) = (hash, seq, created_at, member)
    else {
        return Ok(None);
    };
    let hash = hash.to_string();
    let mut body = crate::crypto::digest::Sha256::default();
    body.update(&head[..member.start]);
    body.update(&head[member.end..]);
    std::io::copy(&mut line, &mut body)?;
    Ok((body.finish_hex() == hash).then_some(Last {
        seq,
        hash,
        created_at,
    }))
}

/// The slow path: the whole last line, parsed.
fn parsed_last_entry(file: &mut File, start: u64, end: u64) -> anyhow::Result<Last> {
    file.seek(SeekFrom::Start(start))?;
    let mut line = Vec::new();
    (&mut *file).take(end - start).read_to_end(&mut line)?;
    let Ok(entry) = serde_json::from_slice::<serde_json::Value>(&line) else {
        bail!("the last line is not a JSON entry (a torn or edited line); {REPAIR}");
    };
    let Some(hash) = entry["hash"].as_str().filter(|h| is_hash(h)) else {
        bail!("the last entry has no hash of 64 hex digits (a torn or edited line); {REPAIR}");
    };
    let Some(seq) = entry["seq"].as_u64() else {
        bail!("the last entry has no seq (a torn or edited line); {REPAIR}");
    };
    if entry_hash(&entry)? != hash {
        bail!(
            "the last entry (seq {seq}) does not match its hash (an edited or torn line); {REPAIR}"
        );
    }
    let Some(created_at) = entry["created_at"].as_str().and_then(|t| t.parse().ok()) else {
        bail!("the last entry (seq {seq}) has no readable created_at; {REPAIR}");
    };
    Ok(Last {
        seq,
        hash: hash.to_string(),
        created_at,
    })
}

/// Lowercase hex SHA-256.
fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Check, before a disclosure starts, that `path` can be a ledger: its
/// directory exists and it is a regular file or does not exist yet (a
/// ledger that is a directory, a device such as /dev/null, or a FIFO would
/// lose or block the entry).
pub fn check_path(path: &Path) -> anyhow::Result<()> {
    crate::io::fs::require_dir(path).with_context(|| format!("ledger {}", path.display()))?;
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => bail!(
            "ledger {} is not a regular file (a directory, device or FIFO); a ledger is a JSON Lines file",
            path.display()
        ),
        _ => Ok(()),
    }
}

/// Where the last line of a file of `len` bytes starts. An error when the
/// file does not end with a newline (a torn write).
fn last_line_start(file: &mut File, len: u64) -> anyhow::Result<Option<u64>> {
    if len == 0 {
        return Ok(None);
    }
    let mut end = [0u8; 1];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut end)?;
    if end[0] != b'\n' {
        bail!(
            "the last line does not end with a newline (a torn write?); run `disclose ledger verify` and repair the ledger before appending"
        );
    }
    let mut start = len - 1;
    let mut chunk = vec![0u8; 64 * 1024];
    while start > 0 {
        let n = chunk.len().min(start as usize);
        start -= n as u64;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut chunk[..n])?;
        if let Some(i) = memchr::memrchr(b'\n', &chunk[..n]) {
            return Ok(Some(start + i as u64 + 1));
        }
    }
    Ok(Some(0))
}

/// The hash an entry should carry: SHA-256 of its canonical JSON without
/// `hash`.
pub fn entry_hash(entry: &serde_json::Value) -> anyhow::Result<String> {
    let mut value = entry.clone();
    if let Some(map) = value.as_object_mut() {
        map.shift_remove("hash");
    }
    Ok(crate::crypto::digest::sha256_hex(
        canonical_json(&value)?.as_bytes(),
    ))
}

/// Canonical JSON: keys sorted (by their UTF-8 bytes), no white space,
/// non-ASCII as UTF-8.
pub fn canonical_json(value: &serde_json::Value) -> anyhow::Result<String> {
    fn sorted(value: &serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for k in keys {
                    out.insert(k.clone(), sorted(&map[k]));
                }
                serde_json::Value::Object(out)
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(sorted).collect())
            }
            other => other.clone(),
        }
    }
    Ok(serde_json::to_string(&sorted(value))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::subjects::SubjectList;

    fn entry<'a>(subjects: &'a SubjectList, cats: &'a [String]) -> NewEntry<'a> {
        let mut d = Disclosure::minimal(
            "0123456789abcdef0123456789abcdef",
            "ab",
            "district-court",
            "court-order",
            cats,
            subjects,
        );
        d.reference = Some("CR-2026-0142");
        d.records_disclosed = 2;
        NewEntry {
            created_at: "2026-11-27T14:03:00Z",
            event: Event::Disclosure(d),
        }
    }

    #[test]
    fn appends_chain_and_the_written_hash_is_canonical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.jsonl");
        let subjects = SubjectList::from_vec(vec!["P-2".into(), "José".into()]);
        let cats = vec!["identifiers".to_string()];
        let first = Appender::open(&path)
            .unwrap()
            .append(&entry(&subjects, &cats))
            .unwrap();
        let second = Appender::open(&path)
            .unwrap()
            .append(&entry(&subjects, &cats))
            .unwrap();
        assert_eq!((first.seq, second.seq), (1, 2));
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["prev"], GENESIS);
        assert_eq!(lines[1]["prev"], first.hash.as_str());
        for (line, value) in text.lines().zip(&lines) {
            assert_eq!(entry_hash(value).unwrap(), value["hash"].as_str().unwrap());
            assert_eq!(
                canonical_json(value).unwrap(),
                line,
                "lines are written canonically"
            );
        }
        assert!(text.contains("José"), "non-ASCII is not escaped");
    }

    #[test]
    fn refuses_to_extend_an_edited_last_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.jsonl");
        let subjects = SubjectList::from_vec(vec!["P-1".into()]);
        let cats = vec!["identifiers".to_string()];
        Appender::open(&path)
            .unwrap()
            .append(&entry(&subjects, &cats))
            .unwrap();
        Appender::open(&path)
            .unwrap()
            .append(&entry(&subjects, &cats))
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.rfind("\"records_disclosed\":2").unwrap();
        let mut edited = text.clone();
        edited.replace_range(at..at + 21, "\"records_disclosed\":3");
        std::fs::write(&path, edited).unwrap();
        let err = Appender::open(&path)
            .err()
            .expect("an edited entry is refused");
        assert!(
            format!("{err:#}").contains("does not match its hash"),
            "{err:#}"
        );
        std::fs::write(&path, &text).unwrap();
        assert_eq!(Appender::open(&path).unwrap().next_seq(), 3);
    }

    #[test]
    fn extends_a_sound_entry_laid_out_differently_and_refuses_it_edited() {
        // Another tool may write the same entry with other key order and
        // white space; `ledger verify` accepts it, and so must an append.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.jsonl");
        let subjects = SubjectList::from_vec(vec!["P-1".into()]);
        let cats = vec!["identifiers".to_string()];
        let first = Appender::open(&path)
            .unwrap()
            .append(&entry(&subjects, &cats))
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        let mut pretty = serde_json::to_string(&value).unwrap();
        pretty = pretty.replace(",\"", ", \"");
        let moved = format!(
            "{{\"hash\": \"{}\", {}\n",
            first.hash,
            pretty
                .trim_start_matches('{')
                .replace(&format!(", \"hash\":\"{}\"", first.hash), "")
        );
        assert_ne!(moved, text);
        std::fs::write(&path, &moved).unwrap();
        assert_eq!(Appender::open(&path).unwrap().next_seq(), 2);
        std::fs::write(
            &path,
            moved.replace("\"records_disclosed\":2", "\"records_disclosed\":3"),
        )
        .unwrap();
        let err = Appender::open(&path).err().expect("edited");
        assert!(
            format!("{err:#}").contains("does not match its hash"),
            "{err:#}"
        );
    }

    #[test]
    fn refuses_to_extend_a_torn_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.jsonl");
        std::fs::write(&path, "{\"seq\":1,\"hash\":\"x\"").unwrap();
        let err = Appender::open(&path).err().unwrap();
        assert!(format!("{err:#}").contains("torn"), "{err:#}");
    }
}
