//! Validating `[categories]`, `[fields]` and `[bases]`.

use super::raw::RawPolicy;
use super::*;
use super::{Loader, Place, place_of_key};
use crate::record::fieldpath::{self};

impl Loader<'_> {
    pub(super) fn fields(&mut self, raw: &RawPolicy, categories: &[Category]) -> Vec<Field> {
        let Some(table) = &raw.fields else {
            self.problem(
                &Place::key("fields"),
                "the policy needs a [fields] table that classifies every input field",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, field) in table.get_ref() {
            let at = place_of_key("fields", name);
            let field = field.get_ref();
            let steps = match fieldpath::parse(name.get_ref()) {
                Ok(steps) => steps,
                Err(msg) => {
                    self.problem(&at, msg);
                    continue;
                }
            };
            let Some(category) = categories
                .iter()
                .position(|c| &c.id == field.category.get_ref())
            else {
                self.problem(
                    &at.child("category", field.category.span()),
                    format!(
                        "unknown category {:?} (not in [categories])",
                        field.category.get_ref()
                    ),
                );
                continue;
            };
            let kind = match &field.kind {
                None => FieldKind::String,
                Some(k) => match FieldKind::ALL.iter().find(|(n, _)| n == k.get_ref()) {
                    Some((_, kind)) => *kind,
                    None => {
                        self.problem(
                            &at.child("kind", k.span()),
                            format!(
                                "unknown kind {:?} (expected one of string, name, address, date, number, text)",
                                k.get_ref()
                            ),
                        );
                        continue;
                    }
                },
            };
            if let Some(format) = &field.format {
                let fat = at.child("format", format.span());
                if kind != FieldKind::Date {
                    self.problem(&fat, "format applies only to fields of kind \"date\"");
                } else if let Err(msg) = check_date_format(format.get_ref()) {
                    self.problem(&fat, msg);
                }
            }
            let authority = self.authority(&at, field.authority.as_ref());
            out.push(Field {
                name: name.get_ref().clone(),
                steps,
                category,
                kind,
                format: field.format.as_ref().map(|f| f.get_ref().clone()),
                authority,
            });
        }
        out
    }

    pub(super) fn field_ref(&mut self, at: &Place, name: &str, fields: &[Field]) -> Option<usize> {
        let found = fields.iter().position(|f| f.name == name);
        if found.is_none() {
            self.problem(at, format!("unknown field {name:?} (not in [fields])"));
        }
        found
    }

    pub(super) fn bases(&mut self, raw: &RawPolicy, fields: &[Field]) -> Vec<LegalBasis> {
        let mut out = Vec::new();
        if raw.bases.is_empty() {
            self.problem(&Place::key("bases"), "the policy defines no legal bases");
        }
        for (id, basis) in &raw.bases {
            let at = place_of_key("bases", id);
            let basis = basis.get_ref();
            let mut requires = Requirements::default();
            for (i, item) in basis.requires.iter().enumerate() {
                match item.get_ref().as_str() {
                    "reference" => requires.reference = true,
                    "justification" => requires.justification = true,
                    "subjects" => requires.subjects = true,
                    "findings" => requires.findings = true,
                    other => self.problem(
                        &Place::new(format!("{}.requires[{i}]", at.key), item.span()),
                        format!(
                            "unknown requirement {other:?} (expected reference, justification, subjects or findings)"
                        ),
                    ),
                }
            }
            let mut consent_registry = None;
            let consent = basis.consent.as_ref().and_then(|c| {
                let cat = at.child("consent", c.span());
                let c = c.get_ref();
                if let Some(registry) = &c.registry {
                    let rat = cat.child("registry", registry.span());
                    if c.field.is_some() || c.granted.is_some() || c.expires_field.is_some() {
                        self.problem(
                            &cat,
                            "a consent takes either a registry or a field (with granted and expires_field), not both",
                        );
                    } else if registry.get_ref().trim().is_empty() {
                        self.problem(&rat, "the registry path is empty");
                    } else {
                        consent_registry =
                            Some(crate::io::fs::parent_dir(self.path).join(registry.get_ref()));
                    }
                    return None;
                }
                let (Some(field_name), Some(granted)) = (&c.field, &c.granted) else {
                    self.problem(
                        &cat,
                        "a consent needs a registry = \"FILE\", or a field and its granted values",
                    );
                    return None;
                };
                let field = self.field_ref(
                    &cat.child("field", field_name.span()),
                    field_name.get_ref(),
                    fields,
                );
                if granted.get_ref().iter().all(|g| g.trim().is_empty()) {
                    self.problem(
                        &cat.child("granted", granted.span()),
                        "granted must list at least one value that means consent was given",
                    );
                }
                let expires_field = match &c.expires_field {
                    None => None,
                    Some(e) => {
                        let eat = cat.child("expires_field", e.span());
                        let idx = self.field_ref(&eat, e.get_ref(), fields);
                        if let Some(i) = idx
                            && fields[i].kind != FieldKind::Date
                        {
                            self.problem(
                                &eat,
                                format!("{:?} must be a field of kind \"date\"", e.get_ref()),
                            );
                        }
                        Some(idx)
                    }
                };
                Some(Consent {
                    field: field?,
                    granted: granted
                        .get_ref()
                        .iter()
                        .map(|g| g.trim().to_lowercase())
                        .collect(),
                    expires_field: match expires_field {
                        Some(None) => return None,
                        Some(Some(i)) => Some(i),
                        None => None,
                    },
                })
            });
            out.push(LegalBasis {
                id: id.get_ref().clone(),
                description: basis
                    .description
                    .clone()
                    .unwrap_or_else(|| id.get_ref().clone()),
                requires,
                consent,
                consent_registry,
            });
        }
        out
    }
}
