//! Field paths (`person.name`, `charges[].code`) and the classification
//! trie that finds, for any value in a record, the longest classified path
//! that covers it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

use crate::record::keyfold;

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

/// Whether a key may be printed and recorded as it is: 1 to 64 characters
/// of letters, digits, `_`, `-`, `.` or space, beginning with a letter or
/// `_`, and no run of three or more digits (every built-in detector match
/// has one: a phone number, an SSN, a date's year). Other keys may be data
/// (a phone number used as a key) and are shown as `<key N>`.
pub fn looks_like_name(key: &str) -> bool {
    let mut chars = 0;
    let mut digits = 0;
    for (i, c) in key.chars().enumerate() {
        chars += 1;
        if chars > 64 {
            return false;
        }
        if i == 0 && !(c.is_alphabetic() || c == '_') {
            return false;
        }
        if c.is_numeric() {
            digits += 1;
            if digits >= 3 {
                return false;
            }
        } else {
            digits = 0;
            if !(c.is_alphabetic() || matches!(c, '_' | '-' | '.' | ' ')) {
                return false;
            }
        }
    }
    chars > 0
}

/// Whether a key may be named in an error raised before the policy's
/// detectors can see it (a duplicate key or column): it looks like a field
/// name and has no upper-case letter or space, as a person's name written
/// as a key has.
pub fn plainly_a_name(key: &str) -> bool {
    looks_like_name(key) && !key.chars().any(|c| c.is_uppercase() || c == ' ')
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
    /// The keys below this node, folded (`keyfold`), with their nodes: a
    /// key that is not one of them exactly but folds to one is a look-alike.
    folded: Vec<(String, usize)>,
    /// The first field classified strictly below this node, if any.
    below: Option<usize>,
    /// This node's path, for messages (`person.ssn`, `charges[]`).
    path: String,
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
        trie.index(0, String::new());
        trie
    }

    /// Fill in the paths, the folded keys and the first field below each
    /// node, depth first from `at`. Returns the first field at or below it.
    fn index(&mut self, at: usize, path: String) -> Option<usize> {
        let mut keys: Vec<(String, usize)> = self.nodes[at]
            .keys
            .iter()
            .map(|(k, &n)| (k.clone(), n))
            .collect();
        keys.sort();
        let mut below = None;
        let mut folded = Vec::with_capacity(keys.len());
        for (key, child) in keys {
            let mut child_path = path.clone();
            push_key(&mut child_path, &key);
            let first = self.index(child, child_path);
            below = below.or(first);
            folded.push((keyfold::fold(&key), child));
        }
        if let Some(child) = self.nodes[at].each {
            let first = self.index(child, format!("{path}[]"));
            below = below.or(first);
        }
        let node = &mut self.nodes[at];
        node.folded = folded;
        node.below = below;
        node.path = path;
        node.field.or(below)
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

    /// The first field classified strictly below the cursor's node.
    pub fn below(&self, cursor: Cursor) -> Option<usize> {
        self.node(cursor).and_then(|n| n.below)
    }

    /// The path of the cursor's node, for messages.
    pub fn path(&self, cursor: Cursor) -> Option<&str> {
        self.node(cursor).map(|n| n.path.as_str())
    }

    /// For a key that is not a classified key below `cursor`: the path of a
    /// classified key there that it equals up to letter case, NFKC,
    /// default-ignorable characters or white space around it (`sealed `).
    /// No allocation for an ASCII key.
    pub fn look_alike(&self, cursor: Cursor, key: &str) -> Option<&str> {
        let node = self.node(cursor)?;
        let key = key.trim();
        node.folded
            .iter()
            .find(|(folded, _)| {
                // An ASCII key can fold to an ASCII name only if the lengths
                // agree: skip the rest without comparing.
                !(key.is_ascii() && folded.is_ascii() && key.len() != folded.len())
                    && keyfold::folds_to(key, folded)
            })
            .map(|&(_, child)| self.nodes[child].path.as_str())
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
    fn look_alikes_of_classified_keys() {
        let ssn = parse("person.ssn").unwrap();
        let text = parse("notes[].text").unwrap();
        let trie = Trie::build([(ssn.as_slice(), 0), (text.as_slice(), 1)]);
        let person = trie.key(trie.root(), "person");
        for k in ["SSN", "ss\u{200B}n", "ｓｓｎ"] {
            assert_eq!(trie.look_alike(person, k), Some("person.ssn"), "{k:?}");
        }
        assert_eq!(trie.look_alike(person, "name"), None);
        assert_eq!(trie.look_alike(trie.root(), "NOTES"), Some("notes"));
        assert_eq!(trie.below(trie.root()), Some(1));
        assert_eq!(trie.below(trie.key(trie.root(), "notes")), Some(1));
        assert_eq!(trie.below(person), Some(0));
        assert_eq!(trie.below(trie.key(person, "ssn")), None);
    }

    #[test]
    fn names_that_may_be_printed() {
        for k in ["ssn", "person id", "_x", "a.b-c", "Zoë", "x12"] {
            assert!(looks_like_name(k), "{k:?}");
        }
        let long = "a".repeat(65);
        for k in [
            "",
            "614-555-0182",
            "1abc",
            "a@b.example",
            "x123",
            "(614)",
            long.as_str(),
            "a/b",
            "a\tb",
        ] {
            assert!(!looks_like_name(k), "{k:?}");
        }
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
