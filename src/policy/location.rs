//! Where in a policy file something is: line:column from a byte offset, and
//! the TOML key path (`profiles[0].fields.ssn`) that holds that offset.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Write a key as TOML would: bare when it can be, quoted otherwise.
pub fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn toml_string(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Append `key` to a dotted key path.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        toml_key(key)
    } else {
        format!("{path}.{}", toml_key(key))
    }
}

/// The key path of the innermost key or value whose span holds `offset`.
pub fn key_path_at(text: &str, offset: usize) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut path = String::new();
    let found = walk_table(root.get_ref(), offset, &mut path);
    (found && !path.is_empty()).then_some(path)
}

fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

fn walk_table(table: &DeTable<'_>, offset: usize, path: &mut String) -> bool {
    for (key, value) in table.iter() {
        if contains(&key.span(), offset) || contains(&value.span(), offset) {
            *path = join(path, key.get_ref());
            walk_value(value, offset, path);
            return true;
        }
    }
    // Array-of-tables and dotted headers: the value span may not cover the
    // keys that follow a header, so look inside every table value too.
    for (key, value) in table.iter() {
        let mut inner = join(path, key.get_ref());
        if walk_value_deep(value, offset, &mut inner) {
            *path = inner;
            return true;
        }
    }
    false
}

fn walk_value(value: &Spanned<DeValue<'_>>, offset: usize, path: &mut String) {
    let _ = walk_value_deep(value, offset, path);
}

fn walk_value_deep(value: &Spanned<DeValue<'_>>, offset: usize, path: &mut String) -> bool {
    match value.get_ref() {
        DeValue::Table(table) => walk_table(table, offset, path),
        DeValue::Array(array) => {
            for (i, item) in array.iter().enumerate() {
                let mut inner = format!("{path}[{i}]");
                if contains(&item.span(), offset) {
                    walk_value(item, offset, &mut inner);
                    *path = inner;
                    return true;
                }
                if walk_value_deep(item, offset, &mut inner) {
                    *path = inner;
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 11), (2, 6));
    }

    #[test]
    fn key_path_finds_nested_and_array_tables() {
        let text = "[fields]\nssn = { category = \"x\" }\n\n[[profiles]]\nrecipient = \"a\"\n[[profiles]]\nrecipient = \"b\"\n[profiles.fields]\nssn = \"maks\"\n";
        let at = |needle: &str| key_path_at(text, text.rfind(needle).unwrap()).unwrap();
        assert_eq!(at("\"x\""), "fields.ssn.category");
        assert_eq!(at("\"b\""), "profiles[1].recipient");
        assert_eq!(at("\"maks\""), "profiles[1].fields.ssn");
    }

    #[test]
    fn quotes_keys_that_are_not_bare() {
        assert_eq!(join("fields", "person.name"), "fields.\"person.name\"");
        assert_eq!(join("", "ssn"), "ssn");
    }
}
