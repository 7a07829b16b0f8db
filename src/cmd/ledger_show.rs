//! `disclose ledger show`: the accounting of disclosures — what was
//! disclosed about a person, to whom, when, and under what authority.
//!
//! The ledger is streamed, never loaded whole: the table is printed in two
//! passes over the same snapshot (the first measures the columns and adds
//! up the summary, the second prints), `--json` in one. Rows are in ledger
//! order, which is the order disclosures were recorded: newest last.
//!
//! A ledger whose chain is broken is still shown, so the accounting can be
//! given even from a damaged ledger: entries that read as entries are shown,
//! lines that do not are left out, and a warning on standard error names
//! the first broken line and points to `ledger verify`. `--json` says the
//! same in its `chain` member.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::bail;
use jiff::civil::Date;
use serde_json::json;

use crate::audit::ledger::parsed::{Entry, EventKind, PersonTally};
use crate::audit::ledger::read::{LedgerLine, Problem, Snapshot};
use crate::cli::LedgerShowArgs;
use crate::cmd::ledger_verify::plural;
use crate::console::{self, printable};
use crate::exit::ExitCode;

const HEADER: [&str; 7] = [
    "SEQ",
    "DATE",
    "RECIPIENT",
    "BASIS",
    "REFERENCE",
    "CATEGORIES",
    "RECORDS",
];

/// Which entries to show.
struct Filter<'a> {
    subject: Option<&'a str>,
    recipient: Option<&'a str>,
    basis: Option<&'a str>,
    since: Option<Date>,
    until: Option<Date>,
}

impl<'a> Filter<'a> {
    fn new(args: &'a LedgerShowArgs) -> anyhow::Result<Filter<'a>> {
        let since = args
            .since
            .as_deref()
            .map(|d| parse_date("--since", d))
            .transpose()?;
        let until = args
            .until
            .as_deref()
            .map(|d| parse_date("--until", d))
            .transpose()?;
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            bail!("--since {s} is after --until {u}");
        }
        Ok(Filter {
            subject: args.subject.as_deref(),
            recipient: args.recipient.as_deref(),
            basis: args.basis.as_deref(),
            since,
            until,
        })
    }

    fn keeps(&self, entry: &Entry<'_>) -> bool {
        entry.event == EventKind::Disclosure
            && self
                .recipient
                .is_none_or(|r| entry.recipient.as_deref() == Some(r))
            && self.basis.is_none_or(|b| entry.basis.as_deref() == Some(b))
            && self.since.is_none_or(|d| entry.date >= d)
            && self.until.is_none_or(|d| entry.date <= d)
            && self.subject.is_none_or(|s| entry.has_subject(s))
    }

    /// What the row counts: with --subject, that person's records and
    /// categories; otherwise the whole disclosure's.
    fn tally(&self, entry: &Entry<'_>) -> Result<PersonTally, String> {
        match self.subject {
            Some(id) => entry.subject_tally(id),
            None => Ok(PersonTally {
                records: entry.records_disclosed,
                categories: entry
                    .categories_disclosed
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
                per_person: false,
            }),
        }
    }
}

/// A calendar date given as exactly `YYYY-MM-DD`.
pub fn parse_date(flag: &str, text: &str) -> anyhow::Result<Date> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    match text.parse::<Date>() {
        Ok(date) if shape => Ok(date),
        _ => bail!("{flag} {text:?} is not a date: expected YYYY-MM-DD"),
    }
}

/// One recipient's line of the summary.
#[derive(Debug)]
struct Sum {
    recipient: String,
    disclosures: u64,
    records: u64,
    first: Date,
    last: Date,
}

/// What a pass over the ledger found.
#[derive(Default)]
struct Tally {
    summary: BTreeMap<String, Sum>,
    shown: u64,
    unreadable: u64,
    problem: Option<Problem>,
}

impl Tally {
    fn add(&mut self, entry: &Entry<'_>, person: &PersonTally) {
        self.shown += 1;
        let recipient = entry.recipient.as_deref().unwrap_or_default();
        let sum = self
            .summary
            .entry(recipient.to_string())
            .or_insert_with(|| Sum {
                recipient: recipient.to_string(),
                disclosures: 0,
                records: 0,
                first: entry.date,
                last: entry.date,
            });
        sum.disclosures += 1;
        sum.records += person.records;
        sum.first = sum.first.min(entry.date);
        sum.last = sum.last.max(entry.date);
    }
}

pub fn run(args: &LedgerShowArgs) -> anyhow::Result<ExitCode> {
    let filter = Filter::new(args)?;
    let snapshot = Snapshot::open(&args.ledger)?;
    let mut out = std::io::stdout().lock();
    let tally = if args.json {
        write_json(&snapshot, &filter, &mut out)?
    } else {
        write_table(&snapshot, &filter, &mut out)?
    };
    out.flush()?;
    drop(out);
    warn(args, &tally);
    Ok(ExitCode::Success)
}

/// Walk the whole snapshot, calling `f` for each entry the filter keeps.
fn scan(
    snapshot: &Snapshot,
    filter: &Filter<'_>,
    mut f: impl FnMut(&Entry<'_>, &PersonTally, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    let mut walker = snapshot.walk()?;
    if let Some(subject) = filter.subject {
        // Only lines naming the person are read in full.
        walker = walker.only_with(serde_json::to_string(subject)?.as_bytes());
    }
    while let Some(step) = walker.next_in(snapshot.path())? {
        match step {
            LedgerLine::Entry { entry, bytes, .. } if filter.keeps(&entry) => {
                match filter.tally(&entry) {
                    Ok(person) => {
                        tally.add(&entry, &person);
                        f(&entry, &person, bytes)?;
                    }
                    Err(_) => tally.unreadable += 1,
                }
            }
            LedgerLine::Entry { .. } | LedgerLine::Skipped => {}
            LedgerLine::Unreadable => tally.unreadable += 1,
        }
    }
    tally.problem = walker.problem().cloned();
    Ok(tally)
}

fn cells(entry: &Entry<'_>, person: &PersonTally) -> [String; 7] {
    let categories = if person.categories.is_empty() {
        "-".to_string()
    } else {
        person.categories.join(", ")
    };
    [
        entry.seq.to_string(),
        entry.date.to_string(),
        printable(entry.recipient.as_deref().unwrap_or_default()),
        printable(entry.basis.as_deref().unwrap_or_default()),
        entry
            .reference
            .as_deref()
            .map_or_else(|| "-".to_string(), printable),
        printable(&categories),
        person.records.to_string(),
    ]
}

fn write_table(
    snapshot: &Snapshot,
    filter: &Filter<'_>,
    out: &mut impl Write,
) -> anyhow::Result<Tally> {
    let mut widths = HEADER.map(str::len);
    let tally = scan(snapshot, filter, |entry, person, _| {
        for (w, cell) in widths.iter_mut().zip(cells(entry, person)) {
            *w = (*w).max(cell.chars().count());
        }
        Ok(())
    })?;
    if tally.shown == 0 {
        let any = filter.subject.is_some()
            || filter.recipient.is_some()
            || filter.basis.is_some()
            || filter.since.is_some()
            || filter.until.is_some();
        writeln!(
            out,
            "{}",
            if any {
                "no disclosures match"
            } else {
                "no disclosures recorded"
            }
        )?;
        return Ok(tally);
    }
    let colour = console::stdout_colour();
    let header = crate::console::table::line(&HEADER.map(str::to_string), &widths);
    writeln!(out, "{}", console::paint(&header, console::BOLD, colour))?;
    // The second pass prints exactly the entries the first one measured:
    // both read the same snapshot.
    scan(snapshot, filter, |entry, person, _| {
        writeln!(
            out,
            "{}",
            crate::console::table::line(&cells(entry, person), &widths)
        )?;
        Ok(())
    })?;
    writeln!(out)?;
    for sum in tally.summary.values() {
        writeln!(
            out,
            "{}: {}, {}, {} .. {}",
            printable(&sum.recipient),
            plural(sum.disclosures, "disclosure", "disclosures"),
            plural(sum.records, "record", "records"),
            sum.first,
            sum.last
        )?;
    }
    Ok(tally)
}

fn write_json(
    snapshot: &Snapshot,
    filter: &Filter<'_>,
    out: &mut impl Write,
) -> anyhow::Result<Tally> {
    write!(out, "{{\n  \"entries\": [")?;
    let mut first = true;
    let tally = scan(snapshot, filter, |_, _, bytes| {
        out.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        let mut value: serde_json::Value = serde_json::from_slice(bytes)?;
        if let Some(id) = filter.subject {
            only_person(&mut value, id);
        }
        serde_json::to_writer(&mut *out, &value)?;
        Ok(())
    })?;
    if tally.shown > 0 {
        write!(out, "\n  ")?;
    }
    write!(out, "],\n  \"summary\": [")?;
    for (i, sum) in tally.summary.values().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let sum = json!({
            "recipient": sum.recipient,
            "disclosures": sum.disclosures,
            "records": sum.records,
            "first": sum.first.to_string(),
            "last": sum.last.to_string(),
        });
        serde_json::to_writer(&mut *out, &sum)?;
    }
    if !tally.summary.is_empty() {
        write!(out, "\n  ")?;
    }
    let chain = json!({ "ok": tally.problem.is_none(), "error": tally.problem });
    write!(out, "],\n  \"chain\": ")?;
    serde_json::to_writer(&mut *out, &chain)?;
    writeln!(out, ",\n  \"unreadable_lines\": {}\n}}", tally.unreadable)?;
    Ok(tally)
}

/// An entry as shown for one person: `subjects` and `per_subject` name
/// only that person.
fn only_person(value: &mut serde_json::Value, id: &str) {
    let Some(map) = value.as_object_mut() else {
        return;
    };
    map.insert("subjects".into(), json!([id]));
    if let Some(per) = map.get_mut("per_subject").and_then(|p| p.as_object_mut()) {
        let own = per.get(id).cloned();
        per.clear();
        if let Some(own) = own {
            per.insert(id.to_string(), own);
        }
    }
}

fn warn(args: &LedgerShowArgs, tally: &Tally) {
    if let Some(problem) = &tally.problem {
        console::warning(&format!(
            "the hash chain of ledger {} is broken at {problem}; this accounting may be incomplete or altered: run `disclose ledger verify {}`",
            args.ledger.display(),
            args.ledger.display()
        ));
    }
    if tally.unreadable > 0 {
        console::warning(&format!(
            "{} of ledger {} not shown: not a readable entry",
            plural(tally.unreadable, "line", "lines"),
            args.ledger.display()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_yyyy_mm_dd() {
        assert_eq!(
            parse_date("--since", "2026-01-05").unwrap(),
            jiff::civil::date(2026, 1, 5)
        );
        for bad in [
            "2026-1-5",
            "2026-02-30",
            "05/01/2026",
            "2026-01-05T00:00",
            "",
        ] {
            assert!(parse_date("--since", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(printable("CR-1\x1b[2J"), "CR-1\\u{1b}[2J");
        assert_eq!(printable("José"), "José");
    }
}
