//! Reading the samples: every field path found, with counts of what its
//! values look like (never the values themselves).

use std::collections::BTreeSet;
use std::path::Path;

use indexmap::IndexMap;

use crate::io::input::{InputSpec, ReadOptions, Records};
use crate::record::fieldpath;
use crate::record::value::{Object, Value};

use super::*;

/// What the samples say about one field path. Values are counted, never
/// kept.
#[derive(Debug, Default, Clone)]
pub(super) struct FieldStats {
    /// Seen holding a scalar or null (or as an array of scalars).
    pub(super) leaf: bool,
    /// Seen as an empty object or array.
    pub(super) empty: bool,
    /// Non-empty scalar values.
    pub(super) values: u64,
    /// Values that parse in each of `DATE_FORMATS`.
    pub(super) dates: [u64; 2],
    /// Values that are numbers.
    pub(super) numbers: u64,
    /// Characters in all values.
    pub(super) chars: u64,
    /// A value with a line break.
    pub(super) multiline: bool,
}

impl FieldStats {
    pub(super) fn sample(&mut self, text: &str, is_number: bool) {
        if text.is_empty() {
            return;
        }
        self.values += 1;
        self.chars += text.chars().count() as u64;
        self.multiline |= text.contains('\n') || text.contains('\r');
        if is_number || looks_numeric(text) {
            self.numbers += 1;
        }
        for (i, (format, _)) in DATE_FORMATS.iter().enumerate() {
            if jiff::civil::Date::strptime(format, text.trim()).is_ok() {
                self.dates[i] += 1;
            }
        }
    }
}

pub(super) fn looks_numeric(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() == text.len()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Every field path of the samples, in the order first seen.
#[derive(Debug, Default)]
pub(super) struct Survey {
    pub(super) paths: IndexMap<String, FieldStats>,
    /// JSON keys that a policy cannot name (their paths as displayed).
    pub(super) unnameable: BTreeSet<String>,
}

/// A field of the starter policy.
#[derive(Debug, Clone)]
pub(super) struct SurveyedField {
    pub(super) path: String,
    pub(super) stats: FieldStats,
}

impl Survey {
    /// Read one sample; the number of records.
    pub(super) fn read(&mut self, path: &Path, read: ReadOptions) -> anyhow::Result<u64> {
        let spec = InputSpec::new(path, None)?.reading(read);
        let reader = spec.decode(spec.open()?)?;
        let mut records = 0;
        match spec.format.records(reader, read)? {
            Records::Csv(mut csv) => {
                let header = csv.header().to_vec();
                let mut columns = Vec::with_capacity(header.len());
                for name in &header {
                    if fieldpath::parse(name).is_ok() {
                        self.paths.entry(name.clone()).or_default().leaf = true;
                        columns.push(Some(self.paths.get_index_of(name).unwrap_or(0)));
                    } else {
                        self.unnameable.insert(name.clone());
                        columns.push(None);
                    }
                }
                while csv.next_row()?.is_some() {
                    records += 1;
                    for (cell, column) in csv.cells().into_iter().zip(&columns) {
                        if let Some(index) = column
                            && let Some((_, stats)) = self.paths.get_index_mut(*index)
                        {
                            stats.sample(cell, false);
                        }
                    }
                }
            }
            Records::Json(mut json) => {
                while let Some((record, _)) = json.next_record()? {
                    records += 1;
                    self.object("", &record);
                }
            }
            Records::Ndjson(mut json) => {
                while let Some((record, _)) = json.next_record()? {
                    records += 1;
                    self.object("", &record);
                }
            }
        }
        Ok(records)
    }

    pub(super) fn object(&mut self, prefix: &str, object: &Object) {
        for (key, value) in object.iter() {
            let mut path = prefix.to_string();
            fieldpath::push_key(&mut path, key);
            if key.is_empty() || key.contains(['.', '[', ']']) {
                self.unnameable.insert(path);
                continue;
            }
            self.value(&path, value);
        }
    }

    pub(super) fn value(&mut self, path: &str, value: &Value) {
        let stats = self.paths.entry(path.to_string()).or_default();
        match value {
            Value::Object(o) if o.is_empty() => stats.empty = true,
            Value::Array(a) if a.is_empty() => stats.empty = true,
            Value::Object(o) => self.object(path, o),
            Value::Array(items) => {
                let each = format!("{path}[]");
                for item in items {
                    if item.is_container() {
                        self.value(&each, item);
                    } else {
                        // An array of scalars is one field: its path, not
                        // its elements'.
                        self.scalar(path, item);
                    }
                }
            }
            scalar => self.scalar(path, scalar),
        }
    }

    pub(super) fn scalar(&mut self, path: &str, value: &Value) {
        let stats = self.paths.entry(path.to_string()).or_default();
        stats.leaf = true;
        if let Some(text) = value.scalar_text() {
            stats.sample(text, matches!(value, Value::Number(_)));
        }
    }

    /// The fields a policy must classify: every path that holds a scalar or
    /// null, and empty containers with nothing found below them.
    pub(super) fn fields(&self) -> Vec<SurveyedField> {
        self.paths
            .iter()
            .filter(|(path, stats)| stats.leaf || (stats.empty && !self.has_descendant(path)))
            .map(|(path, stats)| SurveyedField {
                path: path.clone(),
                stats: stats.clone(),
            })
            .collect()
    }

    pub(super) fn has_descendant(&self, path: &str) -> bool {
        self.paths.keys().any(|p| {
            p.len() > path.len()
                && p.starts_with(path)
                && matches!(p.as_bytes()[path.len()], b'.' | b'[')
        })
    }
}
