//! The subjects a disclosure is confined to: a sorted, de-duplicated set of
//! IDs held in one buffer, so that a scope of a million people costs a few
//! bytes per ID rather than an allocation each.

use std::cmp::Ordering;

/// A set of subject IDs, sorted, for binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    bytes: String,
    /// Where each ID ends in `bytes`; ID `i` starts where `i - 1` ends.
    ends: Vec<usize>,
}

impl Scope {
    /// The set of the given IDs, trimmed; blank ones are left out.
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Scope {
        let mut unsorted = Scope::default();
        for id in ids {
            let id = id.trim();
            if !id.is_empty() {
                unsorted.bytes.push_str(id);
                unsorted.ends.push(unsorted.bytes.len());
            }
        }
        let mut order: Vec<usize> = (0..unsorted.len()).collect();
        order.sort_unstable_by(|&a, &b| unsorted.get(a).cmp(unsorted.get(b)));
        order.dedup_by(|a, b| unsorted.get(*a) == unsorted.get(*b));
        let mut scope = Scope {
            bytes: String::with_capacity(order.iter().map(|&i| unsorted.get(i).len()).sum()),
            ends: Vec::with_capacity(order.len()),
        };
        for i in order {
            scope.bytes.push_str(unsorted.get(i));
            scope.ends.push(scope.bytes.len());
        }
        scope
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th ID in sorted order.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// Where `id` is in the sorted order, if it is in the set.
    pub fn position(&self, id: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(id) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The IDs in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_trimmed_and_searchable() {
        let scope = Scope::from_ids(["P-9", " P-1 ", "", "P-9", "P-10", "  "]);
        assert_eq!(scope.iter().collect::<Vec<_>>(), ["P-1", "P-10", "P-9"]);
        assert_eq!(scope.len(), 3);
        assert_eq!(scope.position("P-1"), Some(0));
        assert_eq!(scope.position("P-9"), Some(2));
        assert_eq!(scope.position("P-2"), None);
        assert_eq!(scope.position(""), None);
        assert_eq!(scope.position("P-99"), None);
    }

    #[test]
    fn empty() {
        let scope = Scope::from_ids(["", " "]);
        assert!(scope.is_empty());
        assert_eq!(scope.position("P-1"), None);
        assert_eq!(scope.iter().count(), 0);
    }
}
