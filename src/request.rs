//! The disclosure request, built and checked against the legal basis before
//! anything is read or written: reference, justification and subject scope.
//! A missing item that the basis requires is a refusal (exit 3).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context as _;

use crate::exit::refuse;
use crate::plan::Plan;

/// What the operator asked for, checked against the basis.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub reference: Option<String>,
    pub justification: Option<String>,
    /// The subjects the disclosure is confined to, if any.
    pub scope: Option<BTreeSet<String>>,
}

impl Request {
    /// Build from the command line. `subjects_file` that cannot be read is an
    /// error (exit 2); a requirement of the basis that is not met is a
    /// refusal (exit 3).
    pub fn build(
        plan: &Plan<'_>,
        reference: Option<&str>,
        justification: Option<&str>,
        subjects: &[String],
        subjects_file: Option<&Path>,
    ) -> anyhow::Result<Request> {
        let mut scope: Option<BTreeSet<String>> = None;
        let mut given = |id: &str| {
            let id = id.trim();
            if !id.is_empty() {
                scope
                    .get_or_insert_with(BTreeSet::new)
                    .insert(id.to_string());
            }
        };
        subjects.iter().for_each(|s| given(s));
        let mut file_given = false;
        if let Some(path) = subjects_file {
            file_given = true;
            for id in read_subjects_file(path)? {
                given(&id);
            }
        }
        let nonblank = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let request = Request {
            reference: nonblank(reference),
            justification: nonblank(justification),
            scope,
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
}

/// Read a subjects file: one ID a line, surrounding white space trimmed,
/// blank lines and lines starting with `#` ignored.
pub fn read_subjects_file(path: &Path) -> anyhow::Result<Vec<String>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read subjects file {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("subjects file {} is not valid UTF-8", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}
