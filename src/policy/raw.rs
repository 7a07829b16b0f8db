//! The policy file as TOML spells it: serde structs that mirror the file,
//! with spans kept for error messages. `policy::load` turns these into the
//! validated model.

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

pub type Key = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub version: Option<Spanned<i64>>,
    pub agency: Option<String>,
    pub subject_field: Option<Spanned<String>>,
    pub redaction_label: Option<Spanned<String>>,
    pub unclassified: Option<Spanned<String>>,
    pub ledger: Option<Spanned<String>>,
    pub csv_formula_guard: Option<bool>,
    pub timezone: Option<Spanned<String>>,
    pub categories: Option<Spanned<IndexMap<Key, Spanned<RawCategory>>>>,
    pub fields: Option<Spanned<IndexMap<Key, Spanned<RawField>>>>,
    #[serde(default)]
    pub recipients: IndexMap<Key, Spanned<RawRecipient>>,
    #[serde(default)]
    pub bases: IndexMap<Key, Spanned<RawBasis>>,
    pub scrub: Option<RawScrub>,
    #[serde(default)]
    pub profiles: Vec<Spanned<RawProfile>>,
    #[serde(default)]
    pub withhold: Vec<Spanned<RawWithhold>>,
}

/// `[[withhold]]`: a record rule that withholds whole records.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWithhold {
    pub reason: Spanned<String>,
    pub field: Spanned<String>,
    pub values: Spanned<Vec<String>>,
    #[serde(default)]
    pub unless_basis: Vec<Spanned<String>>,
    pub authority: Option<Spanned<String>>,
}

/// `id = "description"` or `[categories.id]` with `description`, `notice`,
/// `authority`, `protected_by` and `allowed_bases`.
#[derive(Debug, Default)]
pub struct RawCategory {
    pub description: String,
    pub notice: Option<Spanned<String>>,
    pub authority: Option<Spanned<String>>,
    pub protected_by: Option<Spanned<String>>,
    pub allowed_bases: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategoryTable {
    description: String,
    notice: Option<Spanned<String>>,
    authority: Option<Spanned<String>>,
    protected_by: Option<Spanned<String>>,
    allowed_bases: Option<Spanned<Vec<Spanned<String>>>>,
}

impl<'de> Deserialize<'de> for RawCategory {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCategory;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a description string or a table with description and notice")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCategory, E> {
                Ok(RawCategory {
                    description: v.to_string(),
                    ..RawCategory::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCategory, A::Error> {
                let t = RawCategoryTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawCategory {
                    description: t.description,
                    notice: t.notice,
                    authority: t.authority,
                    protected_by: t.protected_by,
                    allowed_bases: t.allowed_bases,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    pub category: Spanned<String>,
    pub kind: Option<Spanned<String>>,
    pub format: Option<Spanned<String>>,
    pub authority: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecipient {
    pub name: Option<String>,
    pub address: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBasis {
    pub description: Option<String>,
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    pub consent: Option<Spanned<RawConsent>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConsent {
    pub field: Option<Spanned<String>>,
    pub granted: Option<Spanned<Vec<String>>>,
    pub expires_field: Option<Spanned<String>>,
    pub registry: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScrub {
    pub detectors: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    pub terms: Vec<Spanned<RawTerms>>,
    pub mode: Option<Spanned<String>>,
    pub allow: Option<Vec<String>>,
    pub allow_file: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPattern {
    pub label: Spanned<String>,
    pub regex: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerms {
    pub label: Spanned<String>,
    pub terms: Option<Vec<String>>,
    pub terms_file: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub recipient: Spanned<OneOrMany>,
    pub basis: Spanned<OneOrMany>,
    pub notice: Option<Spanned<String>>,
    #[serde(default)]
    pub categories: IndexMap<Key, Spanned<RawRule>>,
    #[serde(default)]
    pub fields: IndexMap<Key, Spanned<RawRule>>,
}

/// `"id"` or `["id", ...]`.
#[derive(Debug)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an id or a list of ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(OneOrMany(ids))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `"action"` or `{ action = "...", ...parameters }`.
#[derive(Debug)]
pub struct RawRule {
    pub action: Spanned<String>,
    pub keep_last: Option<Spanned<i64>>,
    pub domain: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub bucket: Option<Spanned<i64>>,
    pub detectors: Option<Vec<Spanned<String>>>,
    pub mode: Option<Spanned<String>>,
    pub authority: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleTable {
    action: Spanned<String>,
    keep_last: Option<Spanned<i64>>,
    domain: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    bucket: Option<Spanned<i64>>,
    detectors: Option<Vec<Spanned<String>>>,
    mode: Option<Spanned<String>>,
    authority: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRule;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an action name or a table with `action` and its parameters")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawRule, E> {
                Ok(RawRule {
                    action: Spanned::new(0..0, v.to_string()),
                    keep_last: None,
                    domain: None,
                    to: None,
                    bucket: None,
                    detectors: None,
                    mode: None,
                    authority: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRule, A::Error> {
                let t = RawRuleTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawRule {
                    action: t.action,
                    keep_last: t.keep_last,
                    domain: t.domain,
                    to: t.to,
                    bucket: t.bucket,
                    detectors: t.detectors,
                    mode: t.mode,
                    authority: t.authority,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}
