//! Validating `[scrub]`: detectors, custom patterns and term lists.

use std::collections::HashSet;
use std::path::{Component, Path};

use toml::Spanned;

use super::raw::RawPolicy;
use super::*;
use super::{Loader, Place};

impl Loader<'_> {
    pub(super) fn scrub(&mut self, raw: &RawPolicy) -> ScrubConfig {
        let mut config = ScrubConfig {
            detectors: Vec::new(),
            patterns: Vec::new(),
            terms: Vec::new(),
            allow: Vec::new(),
            allowlist: false,
        };
        let Some(scrub) = &raw.scrub else {
            config.detectors = BUILTIN_DETECTORS.iter().map(|d| d.to_string()).collect();
            return config;
        };
        let mut labels: HashSet<String> = HashSet::new();
        for (i, p) in scrub.patterns.iter().enumerate() {
            let at = Place::new(format!("scrub.patterns[{i}]"), p.span());
            let p = p.get_ref();
            self.custom_label(
                &at.child("label", p.label.span()),
                p.label.get_ref(),
                &mut labels,
            );
            let built = regex::RegexBuilder::new(p.regex.get_ref())
                .size_limit(REGEX_SIZE_LIMIT)
                .build();
            match built {
                Ok(_) => {}
                Err(regex::Error::CompiledTooBig(limit)) => self.problem(
                    &at.child("regex", p.regex.span()),
                    format!("the regex is too large once compiled (limit {} MiB); simplify it or split it", limit / (1024 * 1024)),
                ),
                Err(e) => self.problem(
                    &at.child("regex", p.regex.span()),
                    format!("the regex does not compile: {}", e.to_string().replace('\n', " ")),
                ),
            }
            config.patterns.push(CustomPattern {
                label: p.label.get_ref().clone(),
                regex: p.regex.get_ref().clone(),
            });
        }
        for (i, t) in scrub.terms.iter().enumerate() {
            let at = Place::new(format!("scrub.terms[{i}]"), t.span());
            let t = t.get_ref();
            self.custom_label(
                &at.child("label", t.label.span()),
                t.label.get_ref(),
                &mut labels,
            );
            let mut terms: Vec<String> = t
                .terms
                .iter()
                .flatten()
                .map(|s| s.trim().to_string())
                .collect();
            if let Some(file) = &t.terms_file
                && let Some(more) =
                    self.terms_file(&at.child("terms_file", file.span()), file.get_ref())
            {
                terms.extend(more);
            }
            terms.retain(|s| !s.is_empty());
            if terms.is_empty() {
                self.problem(
                    &at,
                    "a term list needs terms or a terms_file with at least one term",
                );
            }
            config.terms.push(CustomTerms {
                label: t.label.get_ref().clone(),
                terms,
            });
        }
        if let Some(mode) = &scrub.mode
            && let Some(allowlist) =
                self.scrub_mode(&Place::new("scrub.mode", mode.span()), mode.get_ref())
        {
            config.allowlist = allowlist;
        }
        let mut allow: Vec<String> = scrub
            .allow
            .iter()
            .flatten()
            .map(|w| crate::scrub::fold(w))
            .collect();
        if let Some(file) = &scrub.allow_file
            && let Some(more) =
                self.terms_file(&Place::new("scrub.allow_file", file.span()), file.get_ref())
        {
            allow.extend(more.iter().map(|w| crate::scrub::fold(w)));
        }
        allow.retain(|w| !w.is_empty());
        allow.sort_unstable();
        allow.dedup();
        config.allow = allow;
        config.detectors = match &scrub.detectors {
            None => BUILTIN_DETECTORS
                .iter()
                .map(|d| d.to_string())
                .chain(config.patterns.iter().map(|p| p.label.clone()))
                .chain(config.terms.iter().map(|t| t.label.clone()))
                .collect(),
            Some(list) => {
                let list = list.clone();
                self.detector_list("scrub.detectors", &list, &config)
            }
        };
        config
    }

    pub(super) fn custom_label(&mut self, at: &Place, label: &str, seen: &mut HashSet<String>) {
        let valid = !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !valid {
            self.problem(
                at,
                format!("label {label:?} must be letters, digits, - or _"),
            );
        } else if ALLOWLIST_LABELS
            .iter()
            .any(|l| l.eq_ignore_ascii_case(label))
            || BUILTIN_DETECTORS.iter().any(|b| {
                b.eq_ignore_ascii_case(label)
                    || builtin_labels(b)
                        .iter()
                        .any(|l| l.eq_ignore_ascii_case(label))
            })
        {
            // NAME would count the subject detector's names and a custom
            // detector's matches as one.
            self.problem(
                at,
                format!("label {label:?} is the name or label of a built-in detector"),
            );
        } else if !seen.insert(label.to_string()) {
            self.problem(
                at,
                format!("label {label:?} is used by another custom detector"),
            );
        }
    }

    /// Read a `terms_file`: relative to the policy's directory, without `..`,
    /// not the policy itself; one term a line, blank lines and `#` comments
    /// ignored.
    pub(super) fn terms_file(&mut self, at: &Place, file: &str) -> Option<Vec<String>> {
        let rel = Path::new(file);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            self.problem(
                at,
                "terms_file must be a relative path inside the policy's directory (no absolute paths, no ..)",
            );
            return None;
        }
        let path = crate::io::fs::parent_dir(self.path).join(rel);
        let same = match (path.canonicalize(), self.path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            self.problem(at, "terms_file cannot be the policy file itself");
            return None;
        }
        let result = std::fs::metadata(&path).and_then(|m| {
            if !m.is_file() {
                Err(std::io::Error::other("not a regular file"))
            } else if m.len() > MAX_TERMS_FILE_BYTES {
                Err(std::io::Error::other("larger than 64 MiB"))
            } else {
                std::fs::read(&path)
            }
        });
        let bytes = match result {
            Ok(b) => b,
            Err(e) => {
                self.problem(at, format!("cannot read {}: {e}", path.display()));
                return None;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            self.problem(at, format!("{} is not valid UTF-8", path.display()));
            return None;
        };
        Some(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
        )
    }

    /// A scrub `mode`: `"allowlist"` (true) or `"detect"` (false).
    pub(super) fn scrub_mode(&mut self, at: &Place, mode: &str) -> Option<bool> {
        match mode {
            "allowlist" => Some(true),
            "detect" => Some(false),
            _ => {
                self.problem(
                    at,
                    format!("unknown scrub mode {mode:?} (allowlist or detect)"),
                );
                None
            }
        }
    }

    pub(super) fn detector_list(
        &mut self,
        key: &str,
        list: &[Spanned<String>],
        config: &ScrubConfig,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (i, name) in list.iter().enumerate() {
            let known = BUILTIN_DETECTORS.contains(&name.get_ref().as_str())
                || config.patterns.iter().any(|p| &p.label == name.get_ref())
                || config.terms.iter().any(|t| &t.label == name.get_ref());
            if known {
                if !out.contains(name.get_ref()) {
                    out.push(name.get_ref().clone());
                }
            } else {
                self.problem(
                    &Place::new(format!("{key}[{i}]"), name.span()),
                    format!(
                        "unknown detector {:?} (built-in: {}; or a label from [[scrub.patterns]] / [[scrub.terms]])",
                        name.get_ref(),
                        BUILTIN_DETECTORS.join(", ")
                    ),
                );
            }
        }
        if out.is_empty() && list.is_empty() {
            self.problem(&Place::key(key), "the detector list is empty");
        }
        out
    }
}
