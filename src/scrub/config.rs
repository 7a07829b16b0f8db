//! What a policy's `[scrub]` table says, as the scrubber compiles it: the
//! built-in detector names and labels, custom patterns and term lists.

/// Built-in `scrub` detectors, in their default order.
pub const BUILTIN_DETECTORS: &[&str] = &[
    "ssn", "phone", "email", "date", "card", "iban", "ip", "url", "address", "person", "proper",
    "subject",
];

/// The name a detector set carries when it runs in allow-list mode (not a
/// valid detector name or label, so no policy can write it).
pub const ALLOWLIST: &str = ":allowlist";

/// Labels of the allow-list mode: words not in the allow-list, and runs
/// of three or more digits that no detector matched.
pub const ALLOWLIST_LABELS: &[&str] = &["REDACTED", "NUMBER"];

/// The built-in detectors that match a fixed pattern (an SSN, a phone
/// number...), as opposed to those that guess (names, addresses, proper
/// nouns). `check` searches disclosed text with these.
pub const PATTERN_DETECTORS: &[&str] =
    &["ssn", "phone", "email", "date", "card", "iban", "ip", "url"];

/// The built-in detectors `check` searches disclosed text with: the
/// pattern detectors this build has, and `subject` (the record's own name
/// and address, matched exactly, not guessed).
pub fn check_detectors() -> Vec<String> {
    BUILTIN_DETECTORS
        .iter()
        .filter(|d| PATTERN_DETECTORS.contains(d) || **d == "subject")
        .map(|d| d.to_string())
        .collect()
}

/// The compiled size limit for a custom `scrub.patterns` regex.
pub const REGEX_SIZE_LIMIT: usize = 16 * 1024 * 1024;

/// The labels of a built-in detector (`subject` has two).
pub fn builtin_labels(detector: &str) -> Vec<&'static str> {
    match super::builtin::Pattern::from_name(detector) {
        Some(kind) => vec![kind.label()],
        None if detector == "subject" => vec!["NAME", "ADDRESS"],
        None => Vec::new(),
    }
}

#[derive(Debug, Clone)]
pub struct ScrubConfig {
    /// Detectors that a `scrub` rule without its own list uses.
    pub detectors: Vec<String>,
    pub patterns: Vec<CustomPattern>,
    pub terms: Vec<CustomTerms>,
    /// Words the policy keeps (`allow`, `allow_file`), folded and sorted.
    pub allow: Vec<String>,
    /// `[scrub] mode = "allowlist"`: the mode of rules without their own.
    pub allowlist: bool,
}

#[derive(Debug, Clone)]
pub struct CustomPattern {
    pub label: String,
    pub regex: String,
}

#[derive(Debug, Clone)]
pub struct CustomTerms {
    pub label: String,
    pub terms: Vec<String>,
}
