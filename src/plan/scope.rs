//! The subjects a disclosure is confined to: a sorted, de-duplicated set of
//! IDs held in one arena, so that a scope of a million people costs a few
//! bytes per ID rather than an allocation each.

use std::borrow::Cow;

use crate::record::arena::Arena;

/// A set of subject IDs, sorted, for binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    arena: Arena,
    /// Arena indices in sorted order, each ID once.
    order: Vec<u32>,
}

impl Scope {
    /// The set of the given IDs, trimmed; blank ones are left out.
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> anyhow::Result<Scope> {
        let mut arena = Arena::default();
        for id in ids {
            let id = id.trim();
            if id.is_empty() {
                continue;
            }
            if arena.bytes() + id.len() > Arena::MAX_BYTES {
                anyhow::bail!("the subject IDs given come to more than 4 GiB");
            }
            arena.push(id.as_bytes());
        }
        let order = arena.sorted_unique();
        Ok(Scope { arena, order })
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Where `id` is in the sorted order, if it is in the set.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.order
            .binary_search_by(|&i| self.arena.get(i as usize).cmp(id.as_bytes()))
            .ok()
    }

    /// The IDs in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, str>> {
        // Every ID came from a &str, so nothing is replaced.
        self.order
            .iter()
            .map(|&i| String::from_utf8_lossy(self.arena.get(i as usize)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_trimmed_and_searchable() {
        let scope = Scope::from_ids(["P-9", " P-1 ", "", "P-9", "P-10", "  "]).unwrap();
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
        let scope = Scope::from_ids(["", " "]).unwrap();
        assert!(scope.is_empty());
        assert_eq!(scope.position("P-1"), None);
        assert_eq!(scope.iter().count(), 0);
    }
}
