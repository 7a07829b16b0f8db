//! The set of subject IDs a disclosure covers, kept in bounded memory.
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

/// Collects subject IDs.
pub struct SubjectLog {
    arena: Arena,
    runs: Vec<File>,
    spill_bytes: usize,
}

impl Default for SubjectLog {
    fn default() -> Self {
        SubjectLog::with_spill(SPILL_BYTES)
    }
}

impl SubjectLog {
    /// A log that spills once `spill_bytes` of IDs are in memory.
    pub fn with_spill(spill_bytes: usize) -> SubjectLog {
        SubjectLog {
            arena: Arena::default(),
            runs: Vec::new(),
            spill_bytes,
        }
    }

    /// Add one ID (repeats of the last ID added cost nothing).
    pub fn add(&mut self, id: &str) -> io::Result<()> {
        if let Some(last) = self.arena.len().checked_sub(1)
            && self.arena.get(last) == id.as_bytes()
        {
            return Ok(());
        }
        self.arena.push(id.as_bytes());
        if self.arena.bytes() >= self.spill_bytes {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        let mut file = tempfile::tempfile()?;
        {
            let mut w = BufWriter::new(&mut file);
            for i in self.arena.sorted_unique() {
                let id = self.arena.get(i as usize);
                w.write_all(&(id.len() as u32).to_le_bytes())?;
                w.write_all(id)?;
            }
            w.flush()?;
        }
        self.runs.push(file);
        self.arena.clear();
        Ok(())
    }

    /// Finish collecting: the sorted, unique list.
    pub fn finish(mut self) -> io::Result<SubjectList> {
        if !self.runs.is_empty() && !self.arena.is_empty() {
            self.spill()?;
        }
        let order = if self.runs.is_empty() {
            self.arena.sorted_unique()
        } else {
            Vec::new()
        };
        Ok(SubjectList {
            arena: self.arena,
            order,
            runs: self.runs,
        })
    }
}

/// A sorted, unique list of subject IDs, in memory or merged from runs.
pub struct SubjectList {
    arena: Arena,
    order: Vec<u32>,
    runs: Vec<File>,
}

impl SubjectList {
    /// A list held in memory.
    #[cfg(test)]
    pub fn from_vec(ids: Vec<String>) -> SubjectList {
        let mut arena = Arena::default();
        for id in &ids {
            arena.push(id.as_bytes());
        }
        let order = arena.sorted_unique();
        SubjectList {
            arena,
            order,
            runs: Vec::new(),
        }
    }

    /// Visit every ID in order.
    pub fn for_each(&self, mut f: impl FnMut(&str) -> io::Result<()>) -> io::Result<()> {
        if self.runs.is_empty() {
            return self
                .order
                .iter()
                .try_for_each(|&i| f(&String::from_utf8_lossy(self.arena.get(i as usize))));
        }
        let mut readers = Vec::new();
        for run in &self.runs {
            let mut file = run.try_clone()?;
            file.seek(SeekFrom::Start(0))?;
            readers.push(BufReader::new(file));
        }
        let mut heap = BinaryHeap::new();
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(id) = read_id(r)? {
                heap.push(Reverse((id, i)));
            }
        }
        let mut last: Option<Vec<u8>> = None;
        while let Some(Reverse((id, i))) = heap.pop() {
            if last.as_deref() != Some(id.as_slice()) {
                f(&String::from_utf8_lossy(&id))?;
            }
            if let Some(next) = read_id(&mut readers[i])? {
                heap.push(Reverse((next, i)));
            }
            last = Some(id);
        }
        Ok(())
    }

    /// Whether `id` is in the list.
    #[cfg(test)]
    pub fn contains(&self, id: &str) -> io::Result<bool> {
        if self.runs.is_empty() {
            return Ok(self
                .order
                .binary_search_by(|&i| self.arena.get(i as usize).cmp(id.as_bytes()))
                .is_ok());
        }
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

fn read_id(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut id = vec![0; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut id)?;
    Ok(Some(id))
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
        let mut log = SubjectLog::with_spill(10);
        let mut expected = Vec::new();
        for i in (0..500).rev() {
            let id = format!("P-{:04}", i % 173);
            log.add(&id).unwrap();
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
    }
}
