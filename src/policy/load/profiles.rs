//! Validating `[[profiles]]`: recipients, bases and one rule per field.

use indexmap::IndexMap;
use toml::Spanned;

use super::raw::{RawPolicy, RawRule};
use super::*;
use super::{Loader, Place, place_of_key};

impl Loader<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn profiles(
        &mut self,
        raw: &RawPolicy,
        categories: &[Category],
        fields: &[Field],
        recipients: &[Recipient],
        bases: &[LegalBasis],
        scrub: &ScrubConfig,
    ) -> Vec<Profile> {
        let mut out = Vec::new();
        let mut pairs: IndexMap<(usize, usize), usize> = IndexMap::new();
        for (pi, p) in raw.profiles.iter().enumerate() {
            let at = Place::new(format!("profiles[{pi}]"), p.span());
            let p = p.get_ref();
            let rids = self.ids(
                &at.child("recipient", p.recipient.span()),
                &p.recipient.get_ref().0,
                "recipient",
                |id| recipients.iter().position(|r| r.id == id),
            );
            let bids = self.ids(
                &at.child("basis", p.basis.span()),
                &p.basis.get_ref().0,
                "basis",
                |id| bases.iter().position(|b| b.id == id),
            );
            for &r in &rids {
                for &b in &bids {
                    if let Some(prev) = pairs.insert((r, b), pi) {
                        self.problem(
                            &at,
                            format!(
                                "a second profile for recipient {:?} and basis {:?} (profiles[{prev}] already covers the pair)",
                                recipients[r].id, bases[b].id
                            ),
                        );
                    }
                }
            }
            let notice = p.notice.as_ref().and_then(|n| {
                self.template(
                    &at.child("notice", n.span()),
                    n.get_ref(),
                    NOTICE_PLACEHOLDERS,
                )
            });
            let mut category_rules = vec![None; categories.len()];
            let mut category_authority = vec![None; categories.len()];
            for (cat, rule) in &p.categories {
                let rat = place_of_key(&format!("{}.categories", at.key), cat);
                let Some(ci) = categories.iter().position(|c| &c.id == cat.get_ref()) else {
                    self.problem(
                        &rat,
                        format!("unknown category {:?} (not in [categories])", cat.get_ref()),
                    );
                    continue;
                };
                let targets: Vec<&Field> = fields.iter().filter(|f| f.category == ci).collect();
                category_rules[ci] = self.rule(&rat, rule, &targets, scrub);
                category_authority[ci] = self.authority(&rat, rule.get_ref().authority.as_ref());
            }
            let mut field_rules = vec![None; fields.len()];
            let mut field_authority = vec![None; fields.len()];
            for (name, rule) in &p.fields {
                let rat = place_of_key(&format!("{}.fields", at.key), name);
                let Some(fi) = fields.iter().position(|f| &f.name == name.get_ref()) else {
                    self.problem(
                        &rat,
                        format!("unknown field {:?} (not in [fields])", name.get_ref()),
                    );
                    continue;
                };
                field_rules[fi] = self.rule(&rat, rule, &[&fields[fi]], scrub);
                field_authority[fi] = self.authority(&rat, rule.get_ref().authority.as_ref());
            }
            out.push(Profile {
                recipients: rids,
                bases: bids,
                notice,
                category_rules,
                field_rules,
                category_authority,
                field_authority,
            });
        }
        out
    }

    pub(super) fn ids(
        &mut self,
        at: &Place,
        ids: &[String],
        what: &str,
        find: impl Fn(&str) -> Option<usize>,
    ) -> Vec<usize> {
        if ids.is_empty() {
            self.problem(at, format!("name at least one {what}"));
        }
        let mut out = Vec::new();
        for id in ids {
            match find(id) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => {
                    let table = if what == "recipient" {
                        "[recipients]"
                    } else {
                        "[bases]"
                    };
                    self.problem(at, format!("unknown {what} {id:?} (not in {table})"));
                }
            }
        }
        out
    }

    /// Validate one rule against the fields it applies to.
    pub(super) fn rule(
        &mut self,
        at: &Place,
        rule: &Spanned<RawRule>,
        targets: &[&Field],
        scrub: &ScrubConfig,
    ) -> Option<Action> {
        let span = rule.span();
        let at = Place {
            key: at.key.clone(),
            span: at.span.clone().or(Some(span)),
        };
        let r = rule.get_ref();
        let name = r.action.get_ref().as_str();
        let params: [(&str, bool); 5] = [
            ("keep_last", r.keep_last.is_some()),
            ("domain", r.domain.is_some()),
            ("to", r.to.is_some()),
            ("bucket", r.bucket.is_some()),
            ("detectors", r.detectors.is_some()),
        ];
        let allowed: &[&str] = match name {
            "keep" | "drop" | "redact" => &[],
            "mask" => &["keep_last"],
            "pseudonymize" => &["domain"],
            "generalize" => &["to", "bucket"],
            "scrub" => &["detectors"],
            other => {
                self.problem(
                    &at,
                    format!(
                        "unknown action {other:?} (expected one of {})",
                        Action::NAMES.join(", ")
                    ),
                );
                return None;
            }
        };
        for (param, given) in params {
            if given && !allowed.contains(&param) {
                self.problem(
                    &at,
                    format!("parameter {param} does not apply to action {name}"),
                );
                return None;
            }
        }
        let action = match name {
            "keep" => Action::Keep,
            "drop" => Action::Drop,
            "redact" => Action::Redact,
            "mask" => {
                let keep_last = match &r.keep_last {
                    None => 4,
                    Some(k) if *k.get_ref() >= 0 => *k.get_ref() as usize,
                    Some(_) => {
                        self.problem(&at, "keep_last must be 0 or more");
                        return None;
                    }
                };
                Action::Mask { keep_last }
            }
            "pseudonymize" => Action::Pseudonymize {
                domain: r.domain.as_ref().map(|d| d.get_ref().clone()),
            },
            "generalize" => {
                let g = match (&r.to, &r.bucket) {
                    (Some(to), None) => match to.get_ref().as_str() {
                        "year" => Generalize::Year,
                        "month" => Generalize::Month,
                        other => {
                            self.problem(
                                &at,
                                format!("to = {other:?}: expected \"year\" or \"month\""),
                            );
                            return None;
                        }
                    },
                    (None, Some(b)) if *b.get_ref() > 0 => Generalize::Bucket(*b.get_ref() as u64),
                    (None, Some(_)) => {
                        self.problem(&at, "bucket must be a whole number of 1 or more");
                        return None;
                    }
                    (Some(_), Some(_)) => {
                        self.problem(
                            &at,
                            "generalize takes either to (dates) or bucket (numbers), not both",
                        );
                        return None;
                    }
                    (None, None) => {
                        self.problem(
                            &at,
                            "generalize needs to = \"year\" or \"month\" (date fields) or bucket = N (number fields)",
                        );
                        return None;
                    }
                };
                Action::Generalize(g)
            }
            _ => {
                let detectors = r.detectors.as_ref().map(|list| {
                    let key = format!("{}.detectors", at.key);
                    self.detector_list(&key, list, scrub)
                });
                let allowlist = r
                    .mode
                    .as_ref()
                    .and_then(|m| self.scrub_mode(&at.child("mode", m.span()), m.get_ref()));
                Action::Scrub {
                    detectors,
                    allowlist,
                }
            }
        };
        for field in targets {
            if let Some(msg) = kind_mismatch(&action, field.kind) {
                self.problem(
                    &at,
                    format!(
                        "{} cannot apply to field {:?}: {msg}",
                        action.name(),
                        field.name
                    ),
                );
                return None;
            }
        }
        Some(action)
    }
}

/// Why an action does not fit a field kind, if it does not.
fn kind_mismatch(action: &Action, kind: FieldKind) -> Option<String> {
    match (action, kind) {
        (Action::Generalize(Generalize::Year | Generalize::Month), FieldKind::Date) => None,
        (Action::Generalize(Generalize::Bucket(_)), FieldKind::Number) => None,
        (Action::Generalize(Generalize::Year | Generalize::Month), k) => Some(format!(
            "to = year/month needs a date field, and this one is of kind {:?}",
            k.name()
        )),
        (Action::Generalize(Generalize::Bucket(_)), k) => Some(format!(
            "bucket needs a number field, and this one is of kind {:?}",
            k.name()
        )),
        (Action::Scrub { .. }, FieldKind::Date | FieldKind::Number) => Some(format!(
            "scrub is for free text, and this field is of kind {:?}",
            kind.name()
        )),
        _ => None,
    }
}
