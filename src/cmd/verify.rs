//! `disclose verify`: check that the files a manifest lists are the files
//! that were disclosed, and (with `--ledger`) that the disclosure is on
//! record.
//!
//! Each input and output the manifest lists is hashed again (SHA-256 and
//! size) and compared. Relative paths are taken from the manifest's
//! directory, not the working directory, so a manifest moved together with
//! its files still verifies. A path of `-` (standard input or output) cannot
//! be checked and is reported as skipped. Every file is checked and
//! reported, not only the first that fails.
//!
//! With `--ledger`, the SHA-256 of the manifest file's bytes must be the
//! `manifest_sha256` of an entry, and that entry must carry the manifest's
//! `disclosure_id` and match its own `hash`. The chain as a whole is
//! `ledger verify`'s business; a broken chain here is a warning.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

use crate::io::input::Meter;
use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::ledger::parsed::EventKind;
use crate::audit::ledger::read::{LedgerLine, Snapshot, hash_matches};
use crate::audit::manifest::MANIFEST_VERSION;
use crate::cli::VerifyArgs;
use crate::console;
use crate::exit::ExitCode;

/// The parts of a manifest that verify reads; the rest is skipped unread.
#[derive(Deserialize)]
struct Listing {
    manifest_version: u32,
    disclosure_id: Option<String>,
    inputs: Vec<Listed>,
    outputs: Vec<Listed>,
}

/// A file as the manifest lists it.
#[derive(Deserialize)]
struct Listed {
    path: String,
    sha256: String,
    bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Ok,
    Mismatch,
    Missing,
    Skipped,
    Error,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Mismatch => "MISMATCH",
            Status::Missing => "MISSING",
            Status::Skipped => "skipped",
            Status::Error => "ERROR",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Status::Ok => console::GREEN,
            Status::Skipped => "0",
            _ => console::RED,
        }
    }
}

/// The outcome for one listed file.
#[derive(Debug, Serialize)]
struct Checked {
    role: &'static str,
    /// As listed in the manifest.
    path: String,
    /// Where it was looked for (`null` when skipped).
    resolved: Option<String>,
    status: Status,
    expected: Option<Hashed>,
    found: Option<Hashed>,
    problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Hashed {
    sha256: String,
    bytes: u64,
}

/// Whether and where the ledger records the manifest.
#[derive(Debug, Serialize)]
struct Recorded {
    ledger: String,
    recorded: bool,
    seq: Option<u64>,
    line: Option<u64>,
    problem: Option<String>,
    /// The seq of a `delivery_failed` entry for this disclosure.
    delivery_failed: Option<u64>,
}

pub fn run(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let (listing, manifest_sha256) = read_manifest(&args.manifest)?;
    let ledger = args
        .ledger
        .as_deref()
        .map(|path| {
            let id = listing.disclosure_id.as_deref().with_context(|| {
                format!(
                    "manifest {} is malformed: it has no disclosure_id",
                    args.manifest.display()
                )
            })?;
            find_in_ledger(path, &manifest_sha256, id)
        })
        .transpose()?;

    let base = args.manifest.parent().unwrap_or(Path::new(""));
    let mut files = Vec::new();
    for (role, list) in [("input", &listing.inputs), ("output", &listing.outputs)] {
        for listed in list {
            let skip = (role == "input" && args.outputs_only).then_some("--outputs-only");
            files.push(check_file(role, listed, base, skip));
        }
    }

    let count = |s: Status| files.iter().filter(|f| f.status == s).count();
    let failed = count(Status::Mismatch) + count(Status::Missing);
    let errors = count(Status::Error);
    let unrecorded = ledger.as_ref().is_some_and(|l| !l.recorded);
    // Not delivered: every output it lists is missing, or the ledger says
    // its delivery failed.
    let checked_outputs: Vec<&Checked> = files
        .iter()
        .filter(|f| f.role == "output" && f.status != Status::Skipped)
        .collect();
    let outputs_missing =
        !checked_outputs.is_empty() && checked_outputs.iter().all(|f| f.status == Status::Missing);
    let failed_delivery = ledger.as_ref().and_then(|l| l.delivery_failed);
    let delivered = !outputs_missing && failed_delivery.is_none();
    let ok = failed == 0 && errors == 0 && !unrecorded && delivered;

    let mut out = io::stdout().lock();
    if args.json {
        let report = json!({
            "ok": ok,
            "manifest": args.manifest.display().to_string(),
            "manifest_sha256": manifest_sha256,
            "disclosure_id": listing.disclosure_id,
            "files": files,
            "ledger": ledger,
            "delivered": delivered,
            "counts": {
                "ok": count(Status::Ok),
                "mismatch": count(Status::Mismatch),
                "missing": count(Status::Missing),
                "skipped": count(Status::Skipped),
                "error": count(Status::Error),
            },
        });
        console::write_json(&mut out, &report)?;
    } else {
        let colour = console::stdout_colour();
        for file in &files {
            let label = format!("{:<8}", file.status.label());
            write!(
                out,
                "{}  {:<6}  {}",
                console::paint(
                    &label,
                    file.status.colour(),
                    colour && file.status != Status::Skipped
                ),
                file.role,
                file.resolved.as_deref().unwrap_or(&file.path)
            )?;
            match &file.problem {
                Some(problem) => writeln!(out, ": {problem}")?,
                None => writeln!(out)?,
            }
        }
        if let Some(l) = &ledger {
            let (status, detail) = match (l.recorded, l.seq) {
                (true, Some(seq)) => (Status::Ok, format!("recorded as seq {seq}")),
                (_, Some(_)) => (Status::Mismatch, l.problem.clone().unwrap_or_default()),
                (_, None) => (Status::Missing, l.problem.clone().unwrap_or_default()),
            };
            let label = format!("{:<8}", status.label());
            writeln!(
                out,
                "{}  ledger  {}: {detail}",
                console::paint(&label, status.colour(), colour),
                l.ledger
            )?;
        }
        let mut parts = vec![format!("{} ok", count(Status::Ok))];
        for (s, name) in [
            (Status::Mismatch, "mismatched"),
            (Status::Missing, "missing"),
            (Status::Error, "unreadable"),
            (Status::Skipped, "skipped"),
        ] {
            if count(s) > 0 {
                parts.push(format!("{} {name}", count(s)));
            }
        }
        if unrecorded {
            parts.push("not recorded in the ledger".to_string());
        }
        if outputs_missing {
            parts.push("not delivered: its outputs are missing".to_string());
        }
        if let Some(seq) = failed_delivery {
            parts.push(format!(
                "not delivered: the ledger records that its delivery failed (seq {seq})"
            ));
        }
        let verdict = if !delivered {
            console::paint("manifest NOT DELIVERED", console::RED, colour)
        } else if ok {
            console::paint("manifest OK", console::GREEN, colour)
        } else {
            console::paint("manifest FAILED", console::RED, colour)
        };
        writeln!(
            out,
            "{verdict}: {}: {}",
            args.manifest.display(),
            parts.join(", ")
        )?;
    }
    out.flush()?;
    drop(out);

    Ok(if errors > 0 {
        console::error(&format!(
            "{errors} listed {} could not be read",
            if errors == 1 { "file" } else { "files" }
        ));
        ExitCode::Error
    } else if ok {
        ExitCode::Success
    } else {
        ExitCode::Findings
    })
}

/// Parse the manifest while hashing its bytes; the manifest's SHA-256 is
/// what the ledger records.
fn read_manifest(path: &Path) -> anyhow::Result<(Listing, String)> {
    let file =
        File::open(path).with_context(|| format!("cannot open manifest {}", path.display()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        bail!("manifest {} is a directory", path.display());
    }
    let mut reader = BufReader::with_capacity(64 * 1024, Meter::new(file, None));
    let listing: Listing = serde_json::from_reader(&mut reader).map_err(|e| {
        if e.is_io() {
            anyhow::Error::new(e).context(format!("cannot read manifest {}", path.display()))
        } else {
            anyhow::anyhow!("manifest {} is malformed: {e}", path.display())
        }
    })?;
    let hashing = reader.into_inner();
    if listing.manifest_version != MANIFEST_VERSION {
        bail!(
            "manifest {} has manifest_version {}; this disclose reads version {MANIFEST_VERSION}",
            path.display(),
            listing.manifest_version
        );
    }
    for (i, listed) in listing.inputs.iter().chain(&listing.outputs).enumerate() {
        if !is_hex(&listed.sha256, 64) {
            let (role, n) = if i < listing.inputs.len() {
                ("inputs", i)
            } else {
                ("outputs", i - listing.inputs.len())
            };
            bail!(
                "manifest {} is malformed: {role}[{n}].sha256 is not 64 lowercase hex digits",
                path.display()
            );
        }
    }
    let (sha256, _) = hashing
        .finish()
        .with_context(|| format!("cannot read manifest {}", path.display()))?;
    Ok((listing, sha256))
}

fn is_hex(text: &str, digits: usize) -> bool {
    text.len() == digits && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Hash one listed file and compare.
fn check_file(role: &'static str, listed: &Listed, base: &Path, skip: Option<&str>) -> Checked {
    let expected = Hashed {
        sha256: listed.sha256.clone(),
        bytes: listed.bytes,
    };
    let mut checked = Checked {
        role,
        path: listed.path.clone(),
        resolved: None,
        status: Status::Skipped,
        expected: Some(expected.clone()),
        found: None,
        problem: None,
    };
    if listed.path == "-" {
        checked.problem = Some(format!(
            "standard {} cannot be read again",
            if role == "input" { "input" } else { "output" }
        ));
        return checked;
    }
    if let Some(flag) = skip {
        checked.problem = Some(format!("not checked ({flag})"));
        return checked;
    }
    let path = resolve(base, &listed.path);
    checked.resolved = Some(path.display().to_string());
    match hash_file(&path) {
        Ok(found) => {
            checked.status = if found == expected {
                Status::Ok
            } else {
                let mut why = Vec::new();
                if found.bytes != expected.bytes {
                    why.push(format!(
                        "{} bytes listed, {} found",
                        expected.bytes, found.bytes
                    ));
                }
                if found.sha256 != expected.sha256 {
                    why.push("SHA-256 differs".to_string());
                }
                checked.problem = Some(why.join("; "));
                Status::Mismatch
            };
            checked.found = Some(found);
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            checked.status = Status::Missing;
            checked.problem = Some("no such file".to_string());
        }
        Err(e) => {
            checked.status = Status::Error;
            checked.problem = Some(format!("cannot read: {e}"));
        }
    }
    checked
}

/// A listed path: relative ones from the manifest's directory.
fn resolve(base: &Path, listed: &str) -> PathBuf {
    let path = Path::new(listed);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

fn hash_file(path: &Path) -> io::Result<Hashed> {
    let file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("it is a directory"));
    }
    let (sha256, bytes) = Meter::new(file, None).finish()?;
    Ok(Hashed { sha256, bytes })
}

/// Look the manifest up in the ledger by its SHA-256.
fn find_in_ledger(
    path: &Path,
    manifest_sha256: &str,
    disclosure_id: &str,
) -> anyhow::Result<Recorded> {
    let snapshot = Snapshot::open(path)?;
    let mut walker = snapshot.walk()?;
    let mut recorded = Recorded {
        ledger: path.display().to_string(),
        recorded: false,
        seq: None,
        line: None,
        problem: None,
        delivery_failed: None,
    };
    let mut same_id: Option<u64> = None;
    while let Some(step) = walker.next_in(snapshot.path())? {
        let LedgerLine::Entry { line, entry, bytes } = step else {
            continue;
        };
        if entry.event == EventKind::DeliveryFailed && *entry.disclosure_id == *disclosure_id {
            recorded.delivery_failed = Some(entry.seq);
            continue;
        }
        if entry.event != EventKind::Disclosure {
            continue;
        }
        if entry.manifest_sha256.as_deref() != Some(manifest_sha256) {
            if *entry.disclosure_id == *disclosure_id && same_id.is_none() {
                same_id = Some(entry.seq);
            }
            continue;
        }
        if recorded.seq.is_some() {
            continue;
        }
        recorded.seq = Some(entry.seq);
        recorded.line = Some(line);
        if *entry.disclosure_id != *disclosure_id {
            recorded.problem = Some(format!(
                "the entry with this manifest's SHA-256 (seq {}, line {line}) names another disclosure_id",
                entry.seq
            ));
        } else if !hash_matches(bytes, &entry.hash) {
            recorded.problem = Some(format!(
                "the entry recording this manifest (seq {}, line {line}) was changed after it was written",
                entry.seq
            ));
        } else {
            recorded.recorded = true;
        }
    }
    if recorded.seq.is_none() {
        recorded.problem = Some(match same_id {
            Some(seq) => format!(
                "no entry has this manifest's SHA-256; seq {seq} has its disclosure_id (was the manifest changed?)"
            ),
            None => "no entry has this manifest's SHA-256".to_string(),
        });
    }
    if let Some(problem) = walker.problem() {
        console::warning(&format!(
            "the hash chain of ledger {} is broken at {problem}; run `disclose ledger verify {}`",
            path.display(),
            path.display()
        ));
    }
    Ok(recorded)
}
