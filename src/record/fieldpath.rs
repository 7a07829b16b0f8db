//! Field paths (`person.name`, `charges[].code`) and the classification
//! trie that finds, for any value in a record, the longest classified path
//! that covers it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: field names are short, and the trie is looked up for every key
/// of every JSON record, where SipHash's setup dominates.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// One step of a path: an object key, or `[]` (every element of an array).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    Key(String),
    Each,
}

/// Parse a field name from `[fields]` into steps.
pub fn parse(name: &str) -> Result<Vec<PathStep>, String> {
    if name.is_empty() {
        return Err("a field name cannot be empty".into());
    }
    let mut steps = Vec::new();
    for part in name.split('.') {
        let key = part.trim_end_matches("[]");
        let each = (part.len() - key.len()) / 2;
        if key.is_empty() {
            return Err(format!(
                "field path {name:?} has an empty key (paths look like person.name or charges[].code)"
            ));
        }
        if key.contains('[') || key.contains(']') {
            return Err(format!(
                "field path {name:?}: brackets may only appear as [] after a key (charges[].code)"
            ));
        }
        steps.push(PathStep::Key(key.to_string()));
        steps.extend(std::iter::repeat_n(PathStep::Each, each));
    }
    Ok(steps)
}

/// Steps for a CSV column name: the path syntax when the name is a valid
/// path, otherwise the whole name as a single key.
pub fn parse_column(name: &str) -> Vec<PathStep> {
    parse(name).unwrap_or_else(|_| vec![PathStep::Key(name.to_string())])
}

/// Display steps as a path (`charges[].code`).
pub fn display(steps: &[PathStep]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            PathStep::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathStep::Each => out.push_str("[]"),
        }
    }
    out
}

/// Append a key to a displayed path.
pub fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    let _ = write!(path, "{key}");
}

/// A node of the trie: the field classified at exactly this path, if any,
/// and the paths that continue below it.
#[derive(Debug, Default, Clone)]
pub struct Node {
    pub field: Option<usize>,
    keys: FnvMap<usize>,
    each: Option<usize>,
}

impl Node {
    /// Whether any classified path continues below this node.
    pub fn has_children(&self) -> bool {
        !self.keys.is_empty() || self.each.is_some()
    }
}

/// Where a value sits in the trie while a record is walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The trie node for the value's exact path, if the path is in the trie.
    pub node: Option<usize>,
    /// The longest classified path that covers the value.
    pub field: Option<usize>,
}

/// The classification trie of a policy's `[fields]`.
#[derive(Debug, Clone)]
pub struct Trie {
    nodes: Vec<Node>,
}

impl Trie {
    /// Build from (steps, field index) pairs.
    pub fn build<'a>(paths: impl IntoIterator<Item = (&'a [PathStep], usize)>) -> Trie {
        let mut trie = Trie {
            nodes: vec![Node::default()],
        };
        for (steps, field) in paths {
            let mut at = 0;
            for step in steps {
                at = trie.child_or_insert(at, step);
            }
            trie.nodes[at].field = Some(field);
        }
        trie
    }

    fn child_or_insert(&mut self, at: usize, step: &PathStep) -> usize {
        let next = self.nodes.len();
        let slot = match step {
            PathStep::Key(k) => *self.nodes[at].keys.entry(k.clone()).or_insert(next),
            PathStep::Each => *self.nodes[at].each.get_or_insert(next),
        };
        if slot == next {
            self.nodes.push(Node::default());
        }
        slot
    }

    /// The cursor of a record's top level.
    pub fn root(&self) -> Cursor {
        Cursor {
            node: Some(0),
            field: None,
        }
    }

    /// The node a cursor points at.
    pub fn node(&self, cursor: Cursor) -> Option<&Node> {
        cursor.node.map(|n| &self.nodes[n])
    }

    /// Whether classified paths continue below the cursor's value.
    pub fn descends(&self, cursor: Cursor) -> bool {
        self.node(cursor).is_some_and(Node::has_children)
    }

    /// Whether classified paths continue into keys of an object here.
    pub fn has_keys(&self, cursor: Cursor) -> bool {
        self.node(cursor).is_some_and(|n| !n.keys.is_empty())
    }

    /// Whether classified paths continue into elements of an array here.
    pub fn has_each(&self, cursor: Cursor) -> bool {
        self.node(cursor).is_some_and(|n| n.each.is_some())
    }

    /// PathStep into an object's key.
    pub fn key(&self, cursor: Cursor, key: &str) -> Cursor {
        let node = cursor
            .node
            .and_then(|n| self.nodes[n].keys.get(key).copied());
        self.enter(cursor, node)
    }

    /// PathStep into an array's elements.
    pub fn each(&self, cursor: Cursor) -> Cursor {
        let node = cursor.node.and_then(|n| self.nodes[n].each);
        self.enter(cursor, node)
    }

    fn enter(&self, from: Cursor, node: Option<usize>) -> Cursor {
        let field = node.and_then(|n| self.nodes[n].field).or(from.field);
        Cursor { node, field }
    }

    /// The cursor for a whole path from the top level.
    pub fn walk(&self, steps: &[PathStep]) -> Cursor {
        steps.iter().fold(self.root(), |c, step| match step {
            PathStep::Key(k) => self.key(c, k),
            PathStep::Each => self.each(c),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathStep {
        PathStep::Key(k.into())
    }

    #[test]
    fn parses_keys_and_each() {
        assert_eq!(
            parse("charges[].code").unwrap(),
            vec![key("charges"), PathStep::Each, key("code")]
        );
        assert_eq!(
            parse("a[][]").unwrap(),
            vec![key("a"), PathStep::Each, PathStep::Each]
        );
        assert!(parse("").is_err());
        assert!(parse("a..b").is_err());
        assert!(parse("a[0]").is_err());
        assert!(parse("[].a").is_err());
        assert_eq!(display(&parse("charges[].code").unwrap()), "charges[].code");
    }

    #[test]
    fn longest_classified_prefix_wins() {
        let case = parse("case").unwrap();
        let notes = parse("case.notes").unwrap();
        let trie = Trie::build([(case.as_slice(), 0), (notes.as_slice(), 1)]);
        assert_eq!(trie.walk(&parse("case.court").unwrap()).field, Some(0));
        assert_eq!(trie.walk(&notes).field, Some(1));
        assert_eq!(trie.walk(&parse("other").unwrap()).field, None);
        assert!(trie.descends(trie.walk(&case)));
        assert!(!trie.descends(trie.walk(&notes)));
    }

    #[test]
    fn arrays_step_with_each() {
        let code = parse("charges[].code").unwrap();
        let trie = Trie::build([(code.as_slice(), 7)]);
        let c = trie.key(trie.root(), "charges");
        assert_eq!(c.field, None);
        assert!(trie.descends(c));
        let e = trie.each(c);
        assert_eq!(trie.key(e, "code").field, Some(7));
        assert_eq!(trie.key(e, "date").field, None);
    }
}
