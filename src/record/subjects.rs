//! The set of subject IDs a disclosure covers, kept in bounded memory,
//! with what was disclosed about each person (records and categories).
//!
//! IDs are appended to a compact arena (their bytes, and a `u32` end offset
//! each); when the arena grows past a limit it is sorted, deduplicated and
//! spilled to an anonymous temporary file. The final list is a k-way merge of
//! the runs, read as often as needed (for the manifest and the ledger)
//! without ever holding all IDs in memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use serde::ser::{Error as _, Serialize, SerializeSeq, Serializer};

use crate::record::arena::Arena;

/// Bytes of IDs held in memory before a run is spilled.
const SPILL_BYTES: usize = 4 * 1024 * 1024;

/// Collects subject IDs, and for each the records disclosed about that
/// person and a set of small numbers (the categories disclosed), as a
/// bitmask of a fixed number of 64-bit words.
pub struct SubjectLog {
    arena: Arena,
    /// Per ID in the arena: its records, then its mask words.
    tallies: Vec<u64>,
    words: usize,
    runs: Vec<File>,
    spill_bytes: usize,
}

impl Default for SubjectLog {
    fn default() -> Self {
        SubjectLog::with_spill(SPILL_BYTES, 0)
    }
}

/// What was recorded for one subject ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubjectTally<'a> {
    pub records: u64,
    /// Bit `n` of word `n / 64` is set when `n` was marked.
    pub mask: &'a [u64],
}

impl SubjectTally<'_> {
    /// The numbers marked, in order.
    pub fn marked(&self) -> impl Iterator<Item = usize> + '_ {
        self.mask.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

impl SubjectLog {
    /// A log whose masks hold numbers below `marks`.
    pub fn new(marks: usize) -> SubjectLog {
        SubjectLog::with_spill(SPILL_BYTES, marks)
    }

    /// A log that spills once `spill_bytes` of IDs are in memory.
    pub fn with_spill(spill_bytes: usize, marks: usize) -> SubjectLog {
        SubjectLog {
            arena: Arena::default(),
            tallies: Vec::new(),
            words: marks.div_ceil(64),
            runs: Vec::new(),
            spill_bytes,
        }
    }

    fn stride(&self) -> usize {
        1 + self.words
    }

    /// Add one ID with no marks (repeats of the last ID added cost
    /// nothing).
    #[cfg(test)]
    pub fn add(&mut self, id: &str) -> io::Result<()> {
        self.add_record(id, std::iter::empty())
    }

    /// Count one record about `id`, and mark the numbers given (each below
    /// the log's `marks`). Repeats of the last ID added cost no memory.
    pub fn add_record(
        &mut self,
        id: &str,
        marks: impl IntoIterator<Item = usize>,
    ) -> io::Result<()> {
        let stride = self.stride();
        let same = self
            .arena
            .len()
            .checked_sub(1)
            .is_some_and(|last| self.arena.get(last) == id.as_bytes());
        if !same {
            self.arena.push(id.as_bytes());
            self.tallies.resize(self.tallies.len() + stride, 0);
        }
        let at = self.tallies.len() - stride;
        self.tallies[at] += 1;
        for n in marks {
            if let Some(word) = self
                .tallies
                .get_mut(at + 1 + n / 64)
                .filter(|_| n / 64 < self.words)
            {
                *word |= 1 << (n % 64);
            }
        }
        if self.arena.bytes() >= self.spill_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// The IDs in sorted order, each once, with their tallies merged.
    fn merged(&self) -> (Vec<u32>, Vec<u64>) {
        let stride = self.stride();
        let mut order: Vec<u32> = (0..self.arena.len() as u32).collect();
        order.sort_by(|&a, &b| self.arena.get(a as usize).cmp(self.arena.get(b as usize)));
        let mut unique: Vec<u32> = Vec::new();
        let mut tallies: Vec<u64> = Vec::new();
        for i in order {
            let from = &self.tallies[i as usize * stride..(i as usize + 1) * stride];
            match unique.last() {
                Some(&last) if self.arena.get(last as usize) == self.arena.get(i as usize) => {
                    let at = tallies.len() - stride;
                    merge(&mut tallies[at..], from);
                }
                _ => {
                    unique.push(i);
                    tallies.extend_from_slice(from);
                }
            }
        }
        (unique, tallies)
    }

    fn spill(&mut self) -> io::Result<()> {
        let mut file = tempfile::tempfile()?;
        {
            let (order, tallies) = self.merged();
            let mut w = BufWriter::new(&mut file);
            for (n, &i) in order.iter().enumerate() {
                let id = self.arena.get(i as usize);
                w.write_all(&(id.len() as u32).to_le_bytes())?;
                w.write_all(id)?;
                for word in &tallies[n * self.stride()..(n + 1) * self.stride()] {
                    w.write_all(&word.to_le_bytes())?;
                }
            }
            w.flush()?;
        }
        self.runs.push(file);
        self.arena.clear();
        self.tallies.clear();
        Ok(())
    }

    /// Finish collecting: the sorted, unique list.
    pub fn finish(mut self) -> io::Result<SubjectList> {
        if !self.runs.is_empty() && !self.arena.is_empty() {
            self.spill()?;
        }
        let (order, tallies) = if self.runs.is_empty() {
            self.merged()
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(SubjectList {
            arena: self.arena,
            order,
            tallies,
            stride: 1 + self.words,
            runs: self.runs,
        })
    }
}

/// Add the records of `from` to `into` and join the masks.
fn merge(into: &mut [u64], from: &[u64]) {
    into[0] += from[0];
    for (a, b) in into[1..].iter_mut().zip(&from[1..]) {
        *a |= b;
    }
}

/// A sorted, unique list of subject IDs, in memory or merged from runs.
pub struct SubjectList {
    arena: Arena,
    order: Vec<u32>,
    /// Per ID of `order`: records, then mask words.
    tallies: Vec<u64>,
    stride: usize,
    runs: Vec<File>,
}

impl SubjectList {
    /// A list held in memory.
    #[cfg(test)]
    pub fn from_vec(ids: Vec<String>) -> SubjectList {
        let mut log = SubjectLog::default();
        for id in &ids {
            log.arena.push(id.as_bytes());
            log.tallies.push(1);
        }
        log.finish().expect("in memory")
    }

    /// Visit every ID in order.
    pub fn for_each(&self, mut f: impl FnMut(&str) -> io::Result<()>) -> io::Result<()> {
        self.for_each_tally(|id, _| f(id))
    }

    /// Visit every ID in order, with what was recorded for it.
    pub fn for_each_tally(
        &self,
        mut f: impl FnMut(&str, SubjectTally<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let stride = self.stride;
        if self.runs.is_empty() {
            return self.order.iter().enumerate().try_for_each(|(n, &i)| {
                f(
                    &String::from_utf8_lossy(self.arena.get(i as usize)),
                    tally(&self.tallies[n * stride..(n + 1) * stride]),
                )
            });
        }
        let mut readers = Vec::new();
        for run in &self.runs {
            let mut file = run.try_clone()?;
            file.seek(SeekFrom::Start(0))?;
            readers.push(BufReader::new(file));
        }
        let mut heap = BinaryHeap::new();
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(entry) = read_entry(r, stride)? {
                heap.push(Reverse((entry, i)));
            }
        }
        let mut current: Option<(Vec<u8>, Vec<u64>)> = None;
        while let Some(Reverse(((id, t), i))) = heap.pop() {
            match &mut current {
                Some((last, acc)) if *last == id => merge(acc, &t),
                _ => {
                    if let Some((last, acc)) = current.take() {
                        f(&String::from_utf8_lossy(&last), tally(&acc))?;
                    }
                    current = Some((id, t));
                }
            }
            if let Some(next) = read_entry(&mut readers[i], stride)? {
                heap.push(Reverse((next, i)));
            }
        }
        if let Some((last, acc)) = current {
            f(&String::from_utf8_lossy(&last), tally(&acc))?;
        }
        Ok(())
    }

    /// Whether `id` is in the list.
    #[cfg(test)]
    pub fn contains(&self, id: &str) -> io::Result<bool> {
        let mut found = false;
        self.for_each(|x| {
            found |= x == id;
            Ok(())
        })?;
        Ok(found)
    }

    /// All IDs in memory (for small lists and tests).
    #[cfg(test)]
    pub fn to_vec(&self) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        self.for_each(|id| {
            out.push(id.to_string());
            Ok(())
        })?;
        Ok(out)
    }
}

type RunEntry = (Vec<u8>, Vec<u64>);

fn tally(t: &[u64]) -> SubjectTally<'_> {
    SubjectTally {
        records: t[0],
        mask: &t[1..],
    }
}

fn read_entry(r: &mut impl Read, stride: usize) -> io::Result<Option<RunEntry>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut id = vec![0; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut id)?;
    let mut tally = Vec::with_capacity(stride);
    let mut word = [0u8; 8];
    for _ in 0..stride {
        r.read_exact(&mut word)?;
        tally.push(u64::from_le_bytes(word));
    }
    Ok(Some((id, tally)))
}

impl Serialize for SubjectList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut failed = None;
        let result = self.for_each(|id| {
            if let Err(e) = seq.serialize_element(id) {
                failed = Some(e);
                return Err(io::Error::other("serialize"));
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        result.map_err(|e| S::Error::custom(format!("reading the subject list: {e}")))?;
        seq.end()
    }
}

impl std::fmt::Debug for SubjectList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SubjectList({} in memory, {} runs)",
            self.order.len(),
            self.runs.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_in_memory() {
        let mut log = SubjectLog::default();
        for id in ["b", "a", "b", "c", "a"] {
            log.add(id).unwrap();
        }
        let list = log.finish().unwrap();
        assert_eq!(list.to_vec().unwrap(), vec!["a", "b", "c"]);
        assert!(list.contains("b").unwrap() && !list.contains("d").unwrap());
    }

    #[test]
    fn spilled_runs_merge_sorted_unique() {
        let mut log = SubjectLog::with_spill(10, 70);
        let mut expected = Vec::new();
        for i in (0..500).rev() {
            let id = format!("P-{:04}", i % 173);
            log.add_record(&id, [i % 70]).unwrap();
            expected.push(id);
        }
        expected.sort();
        expected.dedup();
        let list = log.finish().unwrap();
        assert!(!list.runs.is_empty());
        assert_eq!(list.to_vec().unwrap(), expected);
        assert!(list.contains("P-0042").unwrap());
        assert!(!list.contains("P-9999").unwrap());
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, serde_json::to_string(&expected).unwrap());
        // P-0042 is met for i = 42, 215 and 388: three records, marks
        // 42 % 70, 215 % 70 and 388 % 70.
        let mut seen = None;
        list.for_each_tally(|id, t| {
            if id == "P-0042" {
                seen = Some((t.records, t.marked().collect::<Vec<_>>()));
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, Some((3, vec![5, 38, 42])));
    }
}
