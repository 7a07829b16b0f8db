//! Property: under a consent registry, no value of a category that no
//! consent in force covers ever reaches the output or the manifest, and
//! exactly the records of subjects with a consent in force go out.

use proptest::prelude::*;

use crate::util::Dir;

/// 2026-12-02T14:03:00Z.
const DEC_2: i64 = 1_796_220_180;
const TODAY: &str = "2026-12-02";
const DATES: &[&str] = &["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"];
const CATEGORIES: &[&str] = &["a", "b", "c"];

const POLICY: &str = r#"
version = 1
subject_field = "id"
[categories]
i = "Ids"
a = "A"
b = "B"
c = "C"
[fields]
id = { category = "i" }
fa = { category = "a" }
fb = { category = "b", kind = "name" }
fc = { category = "c" }
[recipients.r]
name = "R"
kind = "k"
[bases.b]
description = "B"
consent = { registry = "reg.csv" }
[[profiles]]
recipient = "r"
basis = "b"
[profiles.categories]
i = "keep"
a = "keep"
b = "keep"
c = { action = "mask", keep_last = 1 }
"#;

#[derive(Debug, Clone)]
struct Row {
    subject: usize,
    recipient: &'static str,
    basis: &'static str,
    /// Bit per category of CATEGORIES; `None` = `*`.
    categories: Option<u8>,
    signed: &'static str,
    expires: &'static str,
    revoked: &'static str,
}

impl Row {
    fn in_force(&self) -> bool {
        matches!(self.recipient, "r" | "k" | "*")
            && matches!(self.basis, "b" | "*")
            && self.signed <= TODAY
            && (self.expires.is_empty() || self.expires >= TODAY)
            && (self.revoked.is_empty() || self.revoked > TODAY)
    }

    fn covers(&self, category: usize) -> bool {
        self.categories
            .is_none_or(|bits| bits & (1 << category) != 0)
    }
}

fn row() -> impl Strategy<Value = Row> {
    let maybe_date = prop::sample::select(vec!["", "2026-12-01", "2026-12-02", "2026-12-03"]);
    (
        0usize..4,
        prop::sample::select(vec!["r", "k", "*", "other"]),
        prop::sample::select(vec!["b", "*", "other"]),
        prop::option::weighted(0.8, 1u8..8),
        prop::sample::select(DATES.to_vec()),
        maybe_date.clone(),
        maybe_date,
    )
        .prop_map(
            |(subject, recipient, basis, categories, signed, expires, revoked)| Row {
                subject,
                recipient,
                basis,
                categories,
                signed,
                expires: if !expires.is_empty() && expires < signed {
                    ""
                } else {
                    expires
                },
                revoked,
            },
        )
}

fn value() -> impl Strategy<Value = String> {
    "[A-Za-z]{4,8}".prop_map(|s| format!("Zq{s}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn uncovered_categories_never_reach_the_output(
        rows in prop::collection::vec(row(), 0..8),
        values in prop::collection::vec((value(), value(), value()), 4),
        json in any::<bool>(),
    ) {
        let dir = Dir::new();
        dir.write("p.toml", POLICY);
        let mut reg = String::from("consent_id,subject,recipient,bases,categories,purpose,signed,expires,revoked\n");
        for (n, r) in rows.iter().enumerate() {
            let cats = match r.categories {
                None => "*".to_string(),
                Some(bits) => CATEGORIES.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, c)| *c).collect::<Vec<_>>().join(";"),
            };
            reg.push_str(&format!("C-{n},P-{},{},{},{cats},x,{},{},{}\n",
                r.subject, r.recipient, r.basis, r.signed, r.expires, r.revoked));
        }
        dir.write("reg.csv", reg);
        let mut input = if json { String::new() } else { "id,fa,fb,fc\n".to_string() };
        for (s, (a, b, c)) in values.iter().enumerate() {
            if json {
                input.push_str(&serde_json::json!({"id": format!("P-{s}"), "fa": a, "fb": b, "fc": c}).to_string());
                input.push('\n');
            } else {
                input.push_str(&format!("P-{s},{a},{b},{c}\n"));
            }
        }
        let name = if json { "in.ndjson" } else { "in.csv" };
        dir.write(name, &input);
        let out = dir
            .cmd(&["apply", "--policy", "p.toml", "--to", "r", "--basis", "b", "-q", "-o", "out", "--format", if json { "ndjson" } else { "csv" }, name])
            .epoch(DEC_2)
            .run();
        let expected: Vec<usize> = (0..4).filter(|s| rows.iter().any(|r| r.subject == *s && r.in_force())).collect();
        // A run that would disclose nothing may be refused (exit 3).
        if expected.is_empty() && out.code() == 3 {
            return Ok(());
        }
        prop_assert_eq!(out.code(), 0, "{}", out.dump());
        let output = dir.read("out");
        let manifest = dir.read("out.manifest.json");
        let lines: Vec<&str> = output.lines().skip(usize::from(!json)).collect();
        prop_assert_eq!(lines.len(), expected.len(), "{}", output);
        for (line, &s) in lines.iter().zip(&expected) {
            let id = format!("P-{s}");
            prop_assert!(line.contains(&id) || line.contains("[REDACTED]"), "{}", line);
            let (a, b, c) = &values[s];
            for (ci, v) in [a, b, c].into_iter().enumerate() {
                let covered = rows.iter().any(|r| r.subject == s && r.in_force() && r.covers(ci));
                if !covered {
                    let leaked = v[2..].to_string();
                    prop_assert!(!line.contains(&leaked), "category {} of P-{} leaked: {}", CATEGORIES[ci], s, line);
                } else if ci < 2 {
                    prop_assert!(line.contains(v.as_str()), "covered {} of P-{} missing: {}", CATEGORIES[ci], s, line);
                }
            }
        }
        for (a, b, c) in &values {
            for v in [a, b, c] {
                prop_assert!(!manifest.contains(&v[2..]), "a value in the manifest");
            }
        }
    }
}
