//! The disclosure request, built and checked against the legal basis before
//! anything is read or written: reference, justification and subject scope.
//! A missing item that the basis requires is a refusal (exit 3).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use crate::exit::refuse;
use crate::plan::Plan;
use crate::plan::consents::{self, Grants};
use crate::plan::scope::Scope;

/// What the operator asked for, checked against the basis.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub reference: Option<String>,
    pub justification: Option<String>,
    /// The subjects the disclosure is confined to, if any.
    pub scope: Option<Arc<Scope>>,
    /// The court's findings (`--findings`), for bases that require them.
    pub findings: Option<String>,
    /// The consents in force for this disclosure, when the basis takes
    /// consent from a registry.
    pub registry: Option<Arc<Grants>>,
}

impl Request {
    /// Build from the command line. `subjects_file` that cannot be read is an
    /// error (exit 2); a requirement of the basis that is not met is a
    /// refusal (exit 3).
    pub fn build(
        plan: &Plan<'_>,
        reference: Option<&str>,
        justification: Option<&str>,
        findings: Option<&str>,
        subjects: &[String],
        subjects_file: Option<&Path>,
    ) -> anyhow::Result<Request> {
        let mut ids: Vec<&str> = Vec::with_capacity(subjects.len());
        for (i, given) in subjects.iter().enumerate() {
            ids.push(
                checked_id(given)
                    .map_err(|why| anyhow::anyhow!("--subject value {}: {why}", i + 1))?,
            );
        }
        let text = match subjects_file {
            Some(path) => Some(read_subjects_file(path)?),
            None => None,
        };
        let file_given = text.is_some();
        if let (Some(text), Some(path)) = (text.as_deref(), subjects_file) {
            for (line, id) in subject_lines(text) {
                ids.push(checked_id(id).map_err(|why| {
                    anyhow::anyhow!("subjects file {}, line {line}: {why}", path.display())
                })?);
            }
        }
        let scope = Scope::from_ids(ids)?;
        let scope = (!scope.is_empty()).then(|| Arc::new(scope));
        let nonblank = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let request = Request {
            reference: nonblank(reference),
            justification: nonblank(justification),
            scope,
            findings: nonblank(findings),
            registry: None,
        };

        let basis = plan.basis;
        let needs = basis.requires;
        if needs.reference && request.reference.is_none() {
            return Err(refuse(format!(
                "basis {:?} requires a reference: give --reference REF (the court order, warrant or statute number)",
                basis.id
            )));
        }
        if needs.justification && request.justification.is_none() {
            return Err(refuse(format!(
                "basis {:?} requires a justification: give --justification TEXT (why the disclosure is necessary)",
                basis.id
            )));
        }
        if needs.findings && request.findings.is_none() {
            return Err(refuse(format!(
                "basis {:?} requires findings: give --findings TEXT (the findings the court made, e.g. that other ways of obtaining the information are not available and the public interest outweighs the injury to the patient)",
                basis.id
            )));
        }
        if needs.subjects && request.scope.is_none() {
            let hint = if file_given {
                " (the subjects file lists no IDs)"
            } else {
                ""
            };
            return Err(refuse(format!(
                "basis {:?} requires the subjects it covers: give --subject ID (repeatable) or --subjects-file FILE{hint}",
                basis.id
            )));
        }
        Ok(request)
    }

    /// Read the consent registry the disclosure needs (`--consents FILE`,
    /// else the basis's `consent = { registry = ... }`) and keep the
    /// consents in force on `today`, the disclosure date. `--consents` for a
    /// basis that takes no consent is an error.
    pub fn load_registry(
        &mut self,
        plan: &Plan<'_>,
        consents: Option<&Path>,
        today: jiff::civil::Date,
    ) -> anyhow::Result<()> {
        let path = match (consents, &plan.basis.consent_registry) {
            (Some(path), _) if plan.basis.takes_consent() => path.to_path_buf(),
            (Some(_), _) => anyhow::bail!(
                "--consents: basis {:?} takes no consent, so a consent registry does not apply to it",
                plan.basis.id
            ),
            (None, Some(path)) => path.clone(),
            (None, None) => return Ok(()),
        };
        self.registry = Some(Arc::new(consents::grants(
            &path,
            plan.policy,
            plan.recipient,
            &plan.basis.id,
            today,
        )?));
        Ok(())
    }
}

/// Read a subjects file (see `subject_lines`); a byte-order mark at its
/// start (Notepad writes one) is not part of the first ID.
pub fn read_subjects_file(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read subjects file {}", path.display()))?;
    let mut text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "subjects file {} is not valid UTF-8 (save it as UTF-8 text, one ID a line)",
            path.display()
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// The IDs of a subjects file with their line numbers: one a line,
/// surrounding white space trimmed, blank lines and lines starting with `#`
/// ignored.
pub fn subject_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// A requested subject ID, trimmed, or why it cannot be one. An ID holds no
/// white space, comma, control or invisible character: such a "line" is
/// several IDs run together or a fragment of something else, and it is
/// never echoed (it may be a cut from a case note).
pub fn checked_id(given: &str) -> Result<&str, &'static str> {
    let id = given.trim();
    let bad = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || c == ','
            || c == ';'
            || matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
            )
    };
    if id.chars().any(bad) {
        return Err(
            "the ID contains white space, a comma or an invisible character; give one ID a line (or one ID per --subject)",
        );
    }
    Ok(id)
}
