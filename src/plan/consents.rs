//! The consent registry: one row per signed consent form (who, to whom,
//! under which bases, which categories, signed, expires, revoked), loaded
//! once into a map from subject to consents.
//!
//! For one disclosure the registry is narrowed to the consents that are in
//! force for its recipient, basis and date ([`Grants`]): per subject, the
//! categories some matching consent covers and the consent IDs. Memory is
//! proportional to the registry; each record costs one map lookup.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, anyhow, bail};
use jiff::civil::Date;

use crate::io::input::csv::CsvInput;
use crate::policy::{Policy, Recipient};

/// The registry's columns, in the order the documentation gives them.
pub const COLUMNS: [&str; 9] = [
    "consent_id",
    "subject",
    "recipient",
    "bases",
    "categories",
    "purpose",
    "signed",
    "expires",
    "revoked",
];

/// `*` or a list of ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSet {
    All,
    Some(Vec<String>),
}

impl IdSet {
    fn parse(text: &str) -> Option<IdSet> {
        let text = text.trim();
        if text == "*" {
            return Some(IdSet::All);
        }
        let ids: Vec<String> = text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        (!ids.is_empty()).then_some(IdSet::Some(ids))
    }

    pub fn contains(&self, id: &str) -> bool {
        match self {
            IdSet::All => true,
            IdSet::Some(ids) => ids.iter().any(|i| i == id),
        }
    }

    /// The ids listed (none for `*`).
    pub fn ids(&self) -> &[String] {
        match self {
            IdSet::All => &[],
            IdSet::Some(ids) => ids,
        }
    }
}

/// One consent form.
#[derive(Debug, Clone)]
pub struct ConsentRow {
    pub id: String,
    /// A recipient id, a recipient kind, or `*`.
    pub recipient: String,
    pub bases: IdSet,
    pub categories: IdSet,
    pub signed: Date,
    pub expires: Option<Date>,
    pub revoked: Option<Date>,
    /// The line the row starts on.
    pub line: u64,
}

impl ConsentRow {
    /// Whether the consent names this recipient (by id or kind) and basis
    /// and is in force on `today`: signed on or before it, not expired
    /// (valid through its `expires` date), not revoked on or before it.
    pub fn in_force(&self, recipient: &Recipient, basis: &str, today: Date) -> bool {
        let names_recipient = self.recipient == "*"
            || self.recipient == recipient.id
            || recipient.kind.as_deref() == Some(self.recipient.as_str());
        names_recipient
            && self.bases.contains(basis)
            && self.signed <= today
            && self.expires.is_none_or(|e| today <= e)
            && self.revoked.is_none_or(|r| r > today)
    }
}

/// A consent registry, by subject.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The file, for messages.
    pub path: String,
    pub by_subject: HashMap<Box<str>, Vec<ConsentRow>>,
    pub rows: usize,
}

impl Registry {
    /// Read a registry file. A malformed row is an error naming its line
    /// and column, never its content.
    pub fn load(path: &Path) -> anyhow::Result<Registry> {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read consent registry {}", path.display()))?;
        Registry::read(&path.display().to_string(), std::io::BufReader::new(file))
    }

    pub fn read(name: &str, reader: impl std::io::Read) -> anyhow::Result<Registry> {
        let at = |e: anyhow::Error| e.context(format!("consent registry {name}"));
        let mut input = CsvInput::new(reader).map_err(at)?;
        let header = input.header().to_vec();
        for column in &header {
            if !COLUMNS.contains(&column.trim()) {
                return Err(at(anyhow!(
                    "line 1: unknown column {column:?} (the columns are {})",
                    COLUMNS.join(", ")
                )));
            }
        }
        let mut index = [0usize; 9];
        for (i, column) in COLUMNS.iter().enumerate() {
            index[i] = header
                .iter()
                .position(|h| h.trim() == *column)
                .ok_or_else(|| at(anyhow!("line 1: the header has no column {column:?}")))?;
        }
        let mut registry = Registry {
            path: name.to_string(),
            ..Registry::default()
        };
        let mut seen: HashMap<String, u64> = HashMap::new();
        while let Some(pos) = input.next_row().map_err(at)? {
            let row = input.row();
            let cell = |i: usize| row[index[i]].trim();
            let line = pos.line;
            let bad =
                |column: &str, what: &str| at(anyhow!("line {line}: column {column:?} {what}"));
            let required = |i: usize| {
                let v = cell(i);
                if v.is_empty() {
                    Err(bad(COLUMNS[i], "is empty"))
                } else {
                    Ok(v)
                }
            };
            let date = |i: usize, optional: bool| -> anyhow::Result<Option<Date>> {
                let v = cell(i);
                if v.is_empty() {
                    return if optional {
                        Ok(None)
                    } else {
                        Err(bad(COLUMNS[i], "is empty"))
                    };
                }
                match Date::strptime("%Y-%m-%d", v) {
                    Ok(d) => Ok(Some(d)),
                    Err(_) => Err(bad(COLUMNS[i], "is not an ISO date (YYYY-MM-DD)")),
                }
            };
            let id = required(0)?.to_string();
            let subject = required(1)?;
            let recipient = required(2)?.to_string();
            let bases = IdSet::parse(cell(3))
                .ok_or_else(|| bad("bases", "names no basis (ids separated by ; or *)"))?;
            let categories = IdSet::parse(cell(4))
                .ok_or_else(|| bad("categories", "names no category (ids separated by ; or *)"))?;
            let signed = date(6, false)?.unwrap_or_default();
            let expires = date(7, true)?;
            let revoked = date(8, true)?;
            if expires.is_some_and(|e| e < signed) {
                return Err(bad("expires", "is before the date the consent was signed"));
            }
            if let Some(first) = seen.insert(id.clone(), line) {
                bail!(
                    "consent registry {name}: line {line}: column \"consent_id\" repeats the consent ID of line {first}"
                );
            }
            registry
                .by_subject
                .entry(subject.into())
                .or_default()
                .push(ConsentRow {
                    id,
                    recipient,
                    bases,
                    categories,
                    signed,
                    expires,
                    revoked,
                    line,
                });
            registry.rows += 1;
        }
        Ok(registry)
    }

    /// The consents in force for one disclosure, by subject.
    pub fn grants(
        &self,
        policy: &Policy,
        recipient: &Recipient,
        basis: &str,
        today: Date,
    ) -> Grants {
        let mut grants = Grants::default();
        for (subject, rows) in &self.by_subject {
            let mut covered = vec![false; policy.categories.len()];
            let mut ids = Vec::new();
            for row in rows.iter().filter(|r| r.in_force(recipient, basis, today)) {
                for (ci, cat) in policy.categories.iter().enumerate() {
                    if row.categories.contains(&cat.id) {
                        covered[ci] = true;
                    }
                }
                ids.push(row.id.clone());
            }
            if ids.is_empty() {
                continue;
            }
            ids.sort();
            let uncovered = covered.iter().map(|c| !c).collect();
            grants.index.insert(subject.clone(), grants.grants.len());
            grants.grants.push(Grant { uncovered, ids });
        }
        grants.used = vec![false; grants.grants.len()];
        grants
    }

    /// Rows that can never match a disclosure of this policy: a recipient,
    /// basis or category the policy does not know. One message per row and
    /// problem, naming the line and the unknown id (ids, not record values).
    pub fn unmatchable(&self, policy: &Policy) -> Vec<(u64, String)> {
        let mut out = Vec::new();
        let known_recipient = |r: &str| {
            r == "*"
                || policy
                    .recipients
                    .iter()
                    .any(|x| x.id == r || x.kind.as_deref() == Some(r))
        };
        for row in self.by_subject.values().flatten() {
            if !known_recipient(&row.recipient) {
                out.push((
                    row.line,
                    format!(
                        "recipient {:?} is neither a recipient id nor a recipient kind of the policy",
                        row.recipient
                    ),
                ));
            }
            for b in row.bases.ids() {
                match policy.bases.iter().find(|x| &x.id == b) {
                    None => out.push((row.line, format!("basis {b:?} is not in the policy"))),
                    Some(basis) if !basis.takes_consent() => out.push((
                        row.line,
                        format!(
                            "basis {b:?} takes no consent, so the consent is never consulted for it"
                        ),
                    )),
                    Some(_) => {}
                }
            }
            for c in row.categories.ids() {
                if !policy.categories.iter().any(|x| &x.id == c) {
                    out.push((row.line, format!("category {c:?} is not in the policy")));
                }
            }
        }
        out.sort();
        out
    }
}

/// What one subject's consents in force allow.
#[derive(Debug, Clone)]
pub struct Grant {
    /// Per category of the policy: no consent in force covers it.
    pub uncovered: Vec<bool>,
    /// The consent IDs in force, sorted.
    pub ids: Vec<String>,
}

/// The consents in force for one disclosure.
#[derive(Debug, Clone, Default)]
pub struct Grants {
    index: HashMap<Box<str>, usize>,
    grants: Vec<Grant>,
    /// Per grant: a record of the subject was disclosed.
    used: Vec<bool>,
}

impl Grants {
    /// The grant of a subject, if any consent for it is in force.
    pub fn lookup(&self, subject: &str) -> Option<usize> {
        self.index.get(subject).copied()
    }

    pub fn grant(&self, i: usize) -> &Grant {
        &self.grants[i]
    }

    pub fn mark_used(&mut self, i: usize) {
        self.used[i] = true;
    }

    /// The consent IDs of one subject, if any consent is in force.
    pub fn ids_of(&self, subject: &str) -> Option<&[String]> {
        self.lookup(subject).map(|i| self.grants[i].ids.as_slice())
    }

    /// Every consent ID that authorised a disclosed record, sorted.
    pub fn used_ids(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .grants
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| **used)
            .flat_map(|(g, _)| g.ids.iter().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "consent_id,subject,recipient,bases,categories,purpose,signed,expires,revoked\n";

    fn read(rows: &str) -> anyhow::Result<Registry> {
        Registry::read("r.csv", format!("{HEAD}{rows}").as_bytes())
    }

    fn recipient() -> Recipient {
        Recipient {
            id: "clinic".into(),
            name: "Clinic".into(),
            address: None,
            kind: Some("treatment".into()),
        }
    }

    #[test]
    fn dates_are_judged_on_the_day() {
        let r = read(
            "C1,P-1,clinic,consent,*,x,2026-12-02,2026-12-02,\n\
             C2,P-1,treatment,consent,*,x,2026-01-01,,2026-12-02\n\
             C3,P-1,*,*,*,x,2026-12-03,,\n",
        )
        .unwrap();
        let rows = &r.by_subject["P-1"];
        let today = jiff::civil::date(2026, 12, 2);
        assert!(rows[0].in_force(&recipient(), "consent", today));
        assert!(!rows[0].in_force(&recipient(), "consent", today.tomorrow().unwrap()));
        assert!(!rows[1].in_force(&recipient(), "consent", today));
        assert!(rows[1].in_force(&recipient(), "consent", today.yesterday().unwrap()));
        assert!(!rows[2].in_force(&recipient(), "consent", today));
        assert!(!rows[0].in_force(&recipient(), "other", today));
    }

    #[test]
    fn a_malformed_row_names_its_line_not_its_value() {
        let err = read(
            "C1,P-1,clinic,consent,*,x,2026-12-02,,\nC2,P-SECRET,clinic,consent,*,x,12/02/2026,,\n",
        )
        .unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("line 3") && msg.contains("\"signed\""),
            "{msg}"
        );
        assert!(!msg.contains("SECRET") && !msg.contains("12/02"), "{msg}");
        let err = read("C1,P-1,clinic,consent,*,x,2026-12-02\n").unwrap_err();
        assert!(format!("{err:#}").contains("line 2"));
        let err = read("C1,P-1,clinic,,*,x,2026-12-02,,\n").unwrap_err();
        assert!(format!("{err:#}").contains("\"bases\""));
        let err = read("C1,P-1,clinic,a,*,x,2026-12-02,,\nC1,P-2,clinic,a,*,x,2026-12-02,,\n")
            .unwrap_err();
        assert!(format!("{err:#}").contains("repeats"));
    }
}
