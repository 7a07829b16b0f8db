//! Placeholders a person must still replace: every key or string of a
//! policy that contains the token `REPLACE` (as `disclose init` writes
//! them). `check --policy` reports them as findings; `apply` and `plan`
//! refuse to run on such a policy.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::location::{join, line_col};

/// The token `init` writes where a person must supply a value.
pub const TOKEN: &str = "REPLACE";

/// A place that still holds the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// The TOML key path (`recipients.court.name`).
    pub key: String,
    pub line: usize,
    pub column: usize,
}

impl Placeholder {
    /// `file:line:col: key`, as policy errors name a place.
    pub fn place(&self, file: &str) -> String {
        format!("{file}:{}:{}: {}", self.line, self.column, self.key)
    }
}

/// Each place that still holds the token, in file order.
pub fn find(text: &str) -> Vec<Placeholder> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    table(root.get_ref(), "", &mut found);
    found
        .into_iter()
        .map(|(key, offset)| {
            let (line, column) = line_col(text, offset);
            Placeholder { key, line, column }
        })
        .collect()
}

fn table(table: &DeTable<'_>, path: &str, found: &mut Vec<(String, usize)>) {
    for (key, value) in table.iter() {
        let inner = join(path, key.get_ref());
        if key.get_ref().contains(TOKEN) {
            found.push((inner.clone(), key.span().start));
        }
        item(value, &inner, found);
    }
}

fn item(value: &Spanned<DeValue<'_>>, path: &str, found: &mut Vec<(String, usize)>) {
    match value.get_ref() {
        DeValue::String(s) if s.contains(TOKEN) => {
            found.push((path.to_string(), value.span().start))
        }
        DeValue::Table(t) => table(t, path, found),
        DeValue::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                item(v, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_strings_and_keys_with_the_token() {
        let text = "agency = \"REPLACE with the agency's name\"\n[recipients.REPLACE-court]\nname = \"Court\"\n[[profiles]]\nrecipient = [\"a\", \"REPLACE\"]\n";
        let found: Vec<String> = find(text).iter().map(|p| p.place("p.toml")).collect();
        assert_eq!(
            found,
            [
                "p.toml:1:10: agency",
                "p.toml:2:13: recipients.REPLACE-court",
                "p.toml:5:19: profiles[0].recipient[1]",
            ]
        );
        assert!(find("agency = \"Replace me\"\n").is_empty());
    }
}
