//! Throughput of the `scrub` action on realistic case notes.
//!
//! Builds about 50 MB of narrative notes (200-600 characters each, every one
//! with names, an address, an SSN, a phone number, an e-mail address, dates,
//! a case number or a provider) and scrubs them with the fixture policy's
//! full detector list, one record at a time as `apply` does: the record's
//! names and addresses are gathered for each note, then the note is
//! scrubbed. Reports MB/s of note text, best of three, on one core.
//!
//! ```text
//! cargo run --release --example scrubbench [-- --mb 50] [--terms 1000000]
//!     [--only ssn,phone,...] [--csv CASES.csv]
//! ```
//!
//! `--terms N` also times a synthetic provider list of N terms; `--only`
//! times one detector list alone; `--csv` scrubs the `narrative_notes` of a
//! case export (as made by the case generator) and reports MB/s of the whole
//! CSV input as well as of its notes.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use disclose::api::{Policy, ScrubConfig};
use disclose::api::{Scrubber, SubjectTerms};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

const FIRST: &[&str] = &[
    "Ana", "James", "Maria", "José", "Zoë", "Łukasz", "Darnell", "Keisha", "Robert", "Linh",
    "Fatima", "Connor", "Siobhan", "Tomás", "Aaliyah", "Wei", "Dmitri", "Grace", "Malik", "Elena",
];
const LAST: &[&str] = &[
    "Ruiz",
    "Smith-Jones",
    "Núñez",
    "O'Brien",
    "Nguyen",
    "Washington",
    "Kowalski",
    "Patel",
    "Johnson",
    "García",
    "Okafor",
    "Miller",
    "Brown",
    "Lee",
    "Hernández",
    "Davis",
];
const STREETS: &[&str] = &[
    "Broadway",
    "Oak Rd",
    "E Main St",
    "Parsons Ave",
    "Cleveland Ave",
    "Livingston Ave",
    "Sullivant Ave",
    "N High St",
];
const CITIES: &[&str] = &["Columbus, OH 43215", "Tulsa, OK 74196", "Dayton, OH 45402"];
const PROVIDERS: &[&str] = &[
    "Sunrise Recovery Services",
    "Maple Street Clinic",
    "Riverside Behavioral Health",
    "New Beginnings Counseling",
];
const FILLER: &[&str] = &[
    "Client attended the group session and completed the assigned workbook module.",
    "Drug screen negative; discussed relapse prevention and transportation barriers.",
    "Reviewed conditions of supervision; client verbalized understanding.",
    "Employment verified by pay stub; hours are steady at about 32 per week.",
    "No new arrests reported. Curfew checks compliant for the period.",
    "Client requested a travel permit for a family funeral; referred to supervisor.",
    "Restitution balance discussed, payment plan of $50 per month continues.",
    "Officer noted improved attitude and punctuality over the last three visits.",
];

struct Record {
    name: String,
    alias: String,
    address: String,
    note: String,
}

fn record(rng: &mut Rng) -> Record {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let name = format!("{first} {last}");
    let alias = format!("{} {}", rng.pick(FIRST), last);
    let street = format!("{} {}", 100 + rng.below(9000), rng.pick(STREETS));
    let address = format!("{street}, Apt {}B, {}", 1 + rng.below(9), rng.pick(CITIES));
    let target = 200 + rng.below(400);
    let mut note = String::new();
    while note.len() < target {
        let sentence = match rng.below(14) {
            0 => format!(
                "{first} reported on {}/{}/{} and said work at the warehouse is going well.",
                1 + rng.below(12),
                1 + rng.below(28),
                2020 + rng.below(6)
            ),
            1 => format!(
                "Called {} ({}) {}-{}; left a message for {name}.",
                rng.pick(&["", "+1 "]),
                200 + rng.below(800),
                200 + rng.below(800),
                rng.digits(4)
            ),
            2 => format!(
                "SSN {}-{}-{} verified against intake.",
                rng.digits(3),
                rng.digits(2),
                rng.digits(4)
            ),
            3 => format!(
                "E-mail from {}.{}@example.org about the {} referral.",
                first.to_lowercase(),
                rng.below(100),
                rng.pick(PROVIDERS)
            ),
            4 => format!("Home visit at {street}; {last} was present, {alias} was not."),
            5 => format!(
                "Case CR-{}-{} reviewed on March {}, 2024; compliance satisfactory.",
                2019 + rng.below(6),
                rng.digits(5),
                1 + rng.below(28)
            ),
            6 => format!(
                "Next appointment {}-{:02}-{:02} at {}.",
                2024 + rng.below(2),
                1 + rng.below(12),
                1 + rng.below(28),
                rng.pick(PROVIDERS)
            ),
            _ => rng.pick(FILLER).to_string(),
        };
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(&sentence);
    }
    Record {
        name,
        alias,
        address,
        note,
    }
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

/// Scrub every record once; the time and the number of replacements.
fn run(scrubber: &Scrubber, records: &[Record]) -> (Duration, u64) {
    let mut terms = SubjectTerms::default();
    let mut counts = vec![0; scrubber.labels().len()];
    let use_terms = scrubber.uses_subject(0);
    let started = Instant::now();
    for r in records {
        if use_terms {
            terms.clear();
            terms.add_name(&r.name);
            terms.add_name(&r.alias);
            terms.add_address(&r.address);
        }
        std::hint::black_box(scrubber.scrub(0, &r.note, &terms, &mut counts));
    }
    (started.elapsed(), counts.iter().sum())
}

fn best_of(n: usize, mut f: impl FnMut() -> (Duration, u64)) -> (Duration, u64) {
    (0..n).map(|_| f()).min().unwrap_or_default()
}

fn arg_str(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).cloned()
}

fn arg(name: &str) -> Option<usize> {
    arg_str(name)?.parse().ok()
}

/// Scrub the notes of a CSV case export; MB/s of the file and of the notes.
fn csv_input(policy: &Policy, path: &str) -> anyhow::Result<()> {
    let file_bytes = std::fs::metadata(path)
        .with_context(|| format!("reading {path}"))?
        .len() as usize;
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("reading {path}"))?;
    let header = reader.headers()?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{path} has no column {name}"))
    };
    let (name, aliases, address, notes) = (
        column("full_name")?,
        column("aliases")?,
        column("address")?,
        column("narrative_notes")?,
    );
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row?;
        records.push(Record {
            name: row[name].to_string(),
            alias: row[aliases].to_string(),
            address: row[address].to_string(),
            note: row[notes].to_string(),
        });
    }
    let note_bytes: usize = records.iter().map(|r| r.note.len()).sum();
    let full = policy.scrub.detectors.clone();
    let scrubber = Scrubber::new(&policy.scrub, std::slice::from_ref(&full))?;
    let (time, replaced) = best_of(3, || run(&scrubber, &records));
    println!(
        "{path}: {} rows, {:.1} MB, notes {:.1} MB; {replaced} replacements",
        records.len(),
        file_bytes as f64 / 1e6,
        note_bytes as f64 / 1e6
    );
    println!(
        "full profile: {:>8.1} MB/s of CSV input, {:>8.1} MB/s of notes",
        mb_per_s(file_bytes, time),
        mb_per_s(note_bytes, time)
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mb = arg("--mb").unwrap_or(50);
    let policy_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/policy.toml");
    let policy = Policy::load(&policy_path)?;
    let full = policy.scrub.detectors.clone();
    if let Some(path) = arg_str("--csv") {
        return csv_input(&policy, &path);
    }

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut records = Vec::new();
    let mut bytes = 0;
    while bytes < mb * 1_000_000 {
        let r = record(&mut rng);
        bytes += r.note.len();
        records.push(r);
    }
    println!(
        "{} notes, {:.1} MB, mean {} bytes; detectors: {}",
        records.len(),
        bytes as f64 / 1e6,
        bytes / records.len(),
        full.join(", ")
    );
    println!("example: {}", records[0].note);

    if let Some(only) = arg_str("--only") {
        // One detector list (comma-separated) and nothing else, for
        // profiling.
        let set: Vec<String> = only.split(',').map(str::to_string).collect();
        let one = Scrubber::new(&policy.scrub, &[set])?;
        let (time, replaced) = best_of(5, || run(&one, &records));
        println!(
            "{only}: {:>8.1} MB/s  ({replaced} replacements)",
            mb_per_s(bytes, time)
        );
        return Ok(());
    }

    let scrubber = Scrubber::new(&policy.scrub, std::slice::from_ref(&full))?;
    let (time, replaced) = best_of(3, || run(&scrubber, &records));
    println!(
        "full profile: {:>8.1} MB/s  ({replaced} replacements, {:.2} per note)",
        mb_per_s(bytes, time),
        replaced as f64 / records.len() as f64
    );

    for detector in &full {
        let one = Scrubber::new(&policy.scrub, &[vec![detector.clone()]])?;
        let (time, replaced) = best_of(3, || run(&one, &records));
        println!(
            "  {detector:<9} alone: {:>8.1} MB/s  ({replaced} replacements)",
            mb_per_s(bytes, time)
        );
    }

    // The pattern detectors that v1 had, alone.
    let builtin = ["ssn", "phone", "email", "date"];
    let set: Vec<String> = builtin.iter().map(|d| d.to_string()).collect();
    let builtins = Scrubber::new(&policy.scrub, &[set])?;
    let (time, n) = best_of(3, || run(&builtins, &records));
    println!(
        "built-in detectors, this scrubber: {:>8.1} MB/s ({n} replacements, output included)",
        mb_per_s(bytes, time)
    );

    if let Some(n) = arg("--terms") {
        let mut config: ScrubConfig = policy.scrub.clone();
        let syllables = [
            "ka", "lo", "mer", "tin", "sa", "vo", "ru", "bel", "an", "dor", "ith", "qua", "zen",
            "pol", "ny", "ar",
        ];
        let mut terms: Vec<String> = (0..n)
            .map(|_| {
                let words = 1 + rng.below(3);
                let mut t = String::new();
                for w in 0..words {
                    if w > 0 {
                        t.push(' ');
                    }
                    for s in 0..2 + rng.below(3) {
                        let syl = rng.pick(&syllables);
                        if s == 0 {
                            t.push_str(&syl[..1].to_uppercase());
                            t.push_str(&syl[1..]);
                        } else {
                            t.push_str(syl);
                        }
                    }
                }
                t.push_str(rng.pick(&[" Clinic", " Services", " House", ""]));
                t
            })
            .collect();
        terms.extend(PROVIDERS.iter().map(|p| p.to_string()));
        config.terms[0].terms = terms;
        let started = Instant::now();
        let big = Scrubber::new(&config, std::slice::from_ref(&full))?;
        println!(
            "{n} provider terms: compiled in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        let (time, replaced) = best_of(3, || run(&big, &records));
        println!(
            "full profile with {n} terms: {:>8.1} MB/s  ({replaced} replacements)",
            mb_per_s(bytes, time)
        );
    }
    Ok(())
}
