//! The consent registry: one row per signed consent form (who, to whom,
//! under which bases, which categories, signed, expires, revoked), loaded
//! once into a map from subject to consents.
//!
//! The registry is read once per disclosure, row by row, and narrowed to
//! the consents in force for its recipient, basis and date ([`Grants`]):
//! per subject, the categories some matching consent covers and the consent
//! IDs. Memory is proportional to the registry (the consent IDs, to refuse
//! a repeated one, and the consents in force); each record costs one map
//! lookup.

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

/// Whether `list` (ids separated by `;`, or `*`) names `id`.
fn names(list: &str, id: &str) -> bool {
    let list = list.trim();
    list == "*" || list.split(';').any(|x| x.trim() == id)
}

/// The ids of a list (none for `*`).
fn ids(list: &str) -> impl Iterator<Item = &str> {
    let list = list.trim();
    list.split(';')
        .map(str::trim)
        .filter(move |x| !x.is_empty() && list != "*")
}

/// An ISO date (`YYYY-MM-DD`), read without a format parser.
fn iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// One consent form, borrowed from the row being read.
#[derive(Debug, Clone, Copy)]
pub struct ConsentRow<'a> {
    pub id: &'a str,
    pub subject: &'a str,
    /// A recipient id, a recipient kind, or `*`.
    pub recipient: &'a str,
    /// Basis ids separated by `;`, or `*`.
    pub bases: &'a str,
    /// Category ids separated by `;`, or `*`.
    pub categories: &'a str,
    pub signed: Date,
    pub expires: Option<Date>,
    pub revoked: Option<Date>,
    /// The line the row starts on.
    pub line: u64,
}

impl ConsentRow<'_> {
    /// Whether the consent names this recipient (by id or kind) and basis
    /// and is in force on `today`: signed on or before it, not expired
    /// (valid through its `expires` date), not revoked on or before it.
    pub fn in_force(&self, recipient: &Recipient, basis: &str, today: Date) -> bool {
        let names_recipient = self.recipient == "*"
            || self.recipient == recipient.id
            || recipient.kind.as_deref() == Some(self.recipient);
        names_recipient
            && self.signed <= today
            && self.expires.is_none_or(|e| today <= e)
            && self.revoked.is_none_or(|r| r > today)
            && names(self.bases, basis)
    }
}

/// Read a registry file row by row (nothing is kept but the consent IDs
/// seen, to refuse a repeated one). A malformed row is an error naming its
/// line and column, never its content.
pub fn scan(path: &Path, each: impl FnMut(&ConsentRow<'_>)) -> anyhow::Result<()> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read consent registry {}", path.display()))?;
    // The CSV reader buffers; no BufReader in between.
    read(&path.display().to_string(), file, each)
}

/// [`scan`] over any reader; `name` places messages.
fn read(
    name: &str,
    reader: impl std::io::Read,
    mut each: impl FnMut(&ConsentRow<'_>),
) -> anyhow::Result<()> {
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
    // Every consent ID, to refuse a repeated one: one arena and a map from
    // the ID's hash to its first row. An ID whose hash another ID already
    // has goes to `collided`, checked by sorting at the end (a repeat of it
    // collides the same way).
    let mut seen_ids = String::new();
    let mut seen: FnvMap<u64, (u32, u32, u64)> = FnvMap::default();
    let mut collided: Vec<(u32, u32, u64)> = Vec::new();
    while let Some(pos) = input.next_row().map_err(at)? {
        let row = input.row();
        let cell = |i: usize| row[index[i]].trim();
        let line = pos.line;
        let bad = |column: &str, what: &str| at(anyhow!("line {line}: column {column:?} {what}"));
        let required = |i: usize| {
            let v = cell(i);
            if v.is_empty() {
                Err(bad(COLUMNS[i], "is empty"))
            } else {
                Ok(v)
            }
        };
        let date = |i: usize| -> anyhow::Result<Option<Date>> {
            match cell(i) {
                "" => Ok(None),
                v => iso_date(v)
                    .map(Some)
                    .ok_or_else(|| bad(COLUMNS[i], "is not an ISO date (YYYY-MM-DD)")),
            }
        };
        let consent = ConsentRow {
            id: required(0)?,
            subject: required(1)?,
            recipient: required(2)?,
            bases: required(3)?,
            categories: required(4)?,
            signed: date(6)?.ok_or_else(|| bad("signed", "is empty"))?,
            expires: date(7)?,
            revoked: date(8)?,
            line,
        };
        if ids(consent.bases).next().is_none() && consent.bases != "*" {
            return Err(bad("bases", "names no basis (ids separated by ; or *)"));
        }
        if ids(consent.categories).next().is_none() && consent.categories != "*" {
            return Err(bad(
                "categories",
                "names no category (ids separated by ; or *)",
            ));
        }
        if consent.expires.is_some_and(|e| e < consent.signed) {
            return Err(bad("expires", "is before the date the consent was signed"));
        }
        let start =
            u32::try_from(seen_ids.len()).map_err(|_| bad("consent_id", "is past 4 GiB of IDs"))?;
        seen_ids.push_str(consent.id);
        let here = (start, consent.id.len() as u32, line);
        let mut hasher = Fnv::default();
        std::hash::Hasher::write(&mut hasher, consent.id.as_bytes());
        match seen.entry(std::hash::Hasher::finish(&hasher)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(here);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let (s0, l0, first) = *o.get();
                if &seen_ids[s0 as usize..(s0 + l0) as usize] == consent.id {
                    bail!(
                        "consent registry {name}: line {line}: column \"consent_id\" repeats the consent ID of line {first}"
                    );
                }
                collided.push(here);
            }
        }
        each(&consent);
    }
    let id = |&(start, len, _): &(u32, u32, u64)| &seen_ids[start as usize..(start + len) as usize];
    collided.sort_unstable_by(|a, b| id(a).cmp(id(b)).then(a.2.cmp(&b.2)));
    if let Some(pair) = collided.windows(2).find(|w| id(&w[0]) == id(&w[1])) {
        bail!(
            "consent registry {name}: line {}: column \"consent_id\" repeats the consent ID of line {}",
            pair[1].2,
            pair[0].2
        );
    }
    Ok(())
}

/// FNV-1a: registry subjects and IDs are short, and a registry is the
/// agency's own file, so a fast hash beats a DoS-resistant one.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The categories a consent covers, as bits of the policy's category
/// indexes. A policy with more than 128 categories has categories no mask
/// can name: they count as never covered, so they are redacted.
fn mask(policy: &Policy, categories: &str) -> u128 {
    if categories.trim() == "*" {
        return u128::MAX;
    }
    let mut bits = 0u128;
    for id in ids(categories) {
        if let Some(ci) = policy.categories.iter().position(|c| c.id == id)
            && ci < 128
        {
            bits |= 1 << ci;
        }
    }
    bits
}

/// The consents in force for one disclosure, by subject, read from a
/// registry: every row is checked, only the rows in force are kept.
pub fn grants(
    path: &Path,
    policy: &Policy,
    recipient: &Recipient,
    basis: &str,
    today: Date,
) -> anyhow::Result<Grants> {
    let mut grants = Grants::default();
    // (grant, start and length of the consent ID in `arena`).
    let mut rows: Vec<(u32, u32, u32)> = Vec::new();
    scan(path, |row| {
        if !row.in_force(recipient, basis, today) {
            return;
        }
        let g = match grants.index.get(row.subject) {
            Some(&g) => g,
            None => {
                let g = grants.covered.len() as u32;
                grants.index.insert(row.subject.into(), g);
                grants.covered.push(0);
                g
            }
        };
        grants.covered[g as usize] |= mask(policy, row.categories);
        rows.push((g, grants.arena.len() as u32, row.id.len() as u32));
        grants.arena.push_str(row.id);
    })?;
    let arena = &grants.arena;
    let id = |&(_, start, len): &(u32, u32, u32)| &arena[start as usize..(start + len) as usize];
    rows.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a).cmp(id(b))));
    grants.ranges = vec![(0, 0); grants.covered.len()];
    for (i, row) in rows.iter().enumerate() {
        let range = &mut grants.ranges[row.0 as usize];
        if range.1 == 0 {
            range.0 = i as u32;
        }
        range.1 += 1;
    }
    grants.ids = rows
        .into_iter()
        .map(|(_, start, len)| (start, len))
        .collect();
    Ok(grants)
}

/// Rows that can never match a disclosure of this policy: a recipient,
/// basis or category the policy does not know, or a basis that takes no
/// consent. (line, problem) pairs naming ids, never record values.
pub fn unmatchable(path: &Path, policy: &Policy) -> anyhow::Result<Vec<(u64, String)>> {
    let mut out = Vec::new();
    scan(path, |row| {
        let known_recipient = row.recipient == "*"
            || policy
                .recipients
                .iter()
                .any(|x| x.id == row.recipient || x.kind.as_deref() == Some(row.recipient));
        if !known_recipient {
            out.push((
                row.line,
                format!(
                    "recipient {:?} is neither a recipient id nor a recipient kind of the policy",
                    row.recipient
                ),
            ));
        }
        for b in ids(row.bases) {
            match policy.bases.iter().find(|x| x.id == b) {
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
        for c in ids(row.categories) {
            if !policy.categories.iter().any(|x| x.id == c) {
                out.push((row.line, format!("category {c:?} is not in the policy")));
            }
        }
    })?;
    Ok(out)
}

/// The consents in force for one disclosure: memory proportional to them,
/// a few allocations in all.
#[derive(Debug, Clone, Default)]
pub struct Grants {
    /// Subject -> grant.
    index: FnvMap<Box<str>, u32>,
    /// Per grant: the categories some consent in force covers (bits).
    covered: Vec<u128>,
    /// Per grant: its consent IDs, a range of `ids` (sorted).
    ranges: Vec<(u32, u32)>,
    /// Consent IDs as ranges of `arena`.
    ids: Vec<(u32, u32)>,
    arena: String,
}

impl Grants {
    /// The grant of a subject, if any consent for it is in force.
    pub fn lookup(&self, subject: &str) -> Option<usize> {
        self.index.get(subject).map(|&g| g as usize)
    }

    /// Whether a grant covers the category of this index.
    pub fn covers(&self, grant: usize, category: usize) -> bool {
        category < 128 && self.covered[grant] & (1 << category) != 0
    }

    pub fn len(&self) -> usize {
        self.covered.len()
    }

    pub fn is_empty(&self) -> bool {
        self.covered.is_empty()
    }

    /// The consent IDs of a grant, sorted.
    pub fn ids(&self, grant: usize) -> impl Iterator<Item = &str> {
        let (start, len) = self.ranges[grant];
        self.ids[start as usize..(start + len) as usize]
            .iter()
            .map(|&(s, l)| &self.arena[s as usize..(s + l) as usize])
    }

    /// The consent IDs of one subject, if any consent is in force.
    pub fn ids_of(&self, subject: &str) -> Option<Vec<&str>> {
        self.lookup(subject).map(|g| self.ids(g).collect())
    }

    /// Every consent ID of the grants marked in `used`, sorted.
    pub fn used_ids(&self, used: &[bool]) -> Vec<String> {
        let mut out: Vec<String> = (0..self.len())
            .filter(|&g| used.get(g).copied().unwrap_or(false))
            .flat_map(|g| self.ids(g).map(str::to_string))
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

    fn read_rows(rows: &str) -> anyhow::Result<Vec<(String, bool, bool)>> {
        let recipient = Recipient {
            id: "clinic".into(),
            name: "Clinic".into(),
            address: None,
            kind: Some("treatment".into()),
        };
        let today = jiff::civil::date(2026, 12, 2);
        let mut out = Vec::new();
        read("r.csv", format!("{HEAD}{rows}").as_bytes(), |r| {
            out.push((
                r.id.to_string(),
                r.in_force(&recipient, "consent", today),
                r.in_force(&recipient, "consent", today.tomorrow().unwrap()),
            ))
        })?;
        Ok(out)
    }

    #[test]
    fn dates_are_judged_on_the_day() {
        let rows = read_rows(
            "C1,P-1,clinic,consent,*,x,2026-12-02,2026-12-02,\n\
             C2,P-1,treatment,consent;other,*,x,2026-01-01,,2026-12-03\n\
             C3,P-1,*,*,*,x,2026-12-03,,\n\
             C4,P-1,clinic,other,*,x,2026-01-01,,\n",
        )
        .unwrap();
        let flags: Vec<(bool, bool)> = rows.iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(
            flags,
            [(true, false), (true, false), (false, true), (false, false)]
        );
    }

    #[test]
    fn iso_dates_only() {
        assert_eq!(iso_date("2026-02-28"), Some(jiff::civil::date(2026, 2, 28)));
        for bad in [
            "2026-02-30",
            "2026-2-28",
            "02/28/2026",
            "+026-02-28",
            "2026-02-28 ",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_malformed_row_names_its_line_not_its_value() {
        let err = read_rows(
            "C1,P-1,clinic,consent,*,x,2026-12-02,,\nC2,P-SECRET,clinic,consent,*,x,12/02/2026,,\n",
        )
        .unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("line 3") && msg.contains("\"signed\""),
            "{msg}"
        );
        assert!(!msg.contains("SECRET") && !msg.contains("12/02"), "{msg}");
        let err = read_rows("C1,P-1,clinic,consent,*,x,2026-12-02\n").unwrap_err();
        assert!(format!("{err:#}").contains("line 2"));
        let err = read_rows("C1,P-1,clinic,;,*,x,2026-12-02,,\n").unwrap_err();
        assert!(format!("{err:#}").contains("\"bases\""));
        let err = read_rows("C1,P-1,clinic,a,*,x,2026-12-02,,\nC1,P-2,clinic,a,*,x,2026-12-02,,\n")
            .unwrap_err();
        assert!(format!("{err:#}").contains("repeats"));
        let err = read_rows("C1,P-1,clinic,a,*,x,2026-12-02,2026-12-01,\n").unwrap_err();
        assert!(format!("{err:#}").contains("\"expires\""));
    }
}
