//! IDs in memory, compactly: their bytes back to back and a `u32` end
//! offset each, rather than an allocation per ID. For the subject scope and
//! the subjects a disclosure covers.

/// IDs in memory: their bytes back to back, and where each ends.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Arena {
    bytes: Vec<u8>,
    ends: Vec<u32>,
}

impl Arena {
    /// Bytes an arena can hold (its offsets are `u32`).
    pub const MAX_BYTES: usize = u32::MAX as usize;

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes.len()
    }

    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    /// Add an ID. The caller keeps the arena under `MAX_BYTES`.
    pub fn push(&mut self, id: &[u8]) {
        debug_assert!(self.bytes.len() + id.len() <= Self::MAX_BYTES);
        self.bytes.extend_from_slice(id);
        self.ends.push(self.bytes.len() as u32);
    }

    /// Indices of the IDs in sorted order, each ID once.
    pub fn sorted_unique(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.ends.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.get(a as usize).cmp(self.get(b as usize)));
        order.dedup_by(|a, b| self.get(*a as usize) == self.get(*b as usize));
        order
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
}
