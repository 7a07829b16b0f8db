//! Policy validation: every problem is exit 2 naming the file, the TOML key
//! path and line:column, before any input is read.

use crate::util::{Dir, county_policy, county_profiles, default_county_policy};

/// Load `text` as a policy with `list`; expect exit 2 and every needle in
/// standard error.
#[track_caller]
fn rejects(text: &str, needles: &[&str]) {
    let dir = Dir::new();
    dir.write("p.toml", text);
    dir.write("in.csv", "id\nP-1\n");
    let out = dir
        .cmd(&["list", "--policy", "p.toml"])
        .run()
        .expect_code(2)
        .stderr_has("error: p.toml:");
    for needle in needles {
        assert!(
            out.stderr().contains(needle),
            "stderr lacks {needle:?}{}",
            out.dump()
        );
    }
    // apply stops on the same problem before reading or writing anything.
    dir.cmd(&[
        "apply", "--policy", "p.toml", "--to", "court", "--basis", "open", "-o", "o.csv", "in.csv",
    ])
    .run()
    .expect_code(2);
    assert!(!dir.exists("o.csv"));
}

fn with_profile(extra_profile_rules: &str) -> String {
    county_policy(&county_profiles().replacen(
        "[profiles.fields]\n",
        &format!("[profiles.fields]\n{extra_profile_rules}\n"),
        1,
    ))
}

#[test]
fn the_test_policy_is_valid() {
    let dir = Dir::new();
    dir.write("p.toml", default_county_policy());
    dir.cmd(&["list", "--policy", "p.toml"]).run().success();
}

#[test]
fn unknown_keys() {
    rejects(
        &default_county_policy().replace("agency =", "agnecy ="),
        &["p.toml:3:1", "unknown field `agnecy`"],
    );
    rejects(
        &default_county_policy().replace(
            "id = { category = \"ident\" }",
            "id = { category = \"ident\", kidn = \"name\" }",
        ),
        &["fields.id", "kidn"],
    );
    rejects(
        &with_profile("name = { action = \"mask\", keep = 2 }"),
        &["profiles[0].fields.name", "keep"],
    );
    rejects(
        &default_county_policy()
            .replace("[recipients.clinic]", "[recipients.clinic]\nphone = \"x\""),
        &["recipients.clinic", "phone"],
    );
}

#[test]
fn toml_syntax_errors_give_line_and_column() {
    rejects(
        &default_county_policy().replace("version = 1", "version = = 1"),
        &["p.toml:2:"],
    );
}

#[test]
fn unknown_references() {
    rejects(
        &default_county_policy().replace(
            "notes = { category = \"crim\"",
            "notes = { category = \"crime\"",
        ),
        &["fields.notes.category", "unknown category \"crime\""],
    );
    rejects(
        &default_county_policy().replace("recipient = \"clinic\"", "recipient = \"clinik\""),
        &["profiles[1].recipient", "unknown recipient \"clinik\""],
    );
    rejects(
        &default_county_policy().replace("basis = \"consent\"", "basis = \"consnet\""),
        &["profiles[1].basis", "unknown basis \"consnet\""],
    );
    rejects(
        &with_profile("nickname = \"keep\""),
        &["profiles[0].fields.nickname", "unknown field \"nickname\""],
    );
    rejects(
        &default_county_policy().replace("med = \"redact\"", "medical = \"redact\""),
        &["profiles[0].categories.medical", "unknown category"],
    );
    rejects(
        &default_county_policy().replace("field = \"consent\"", "field = \"consented\""),
        &["bases.consent.consent.field", "unknown field"],
    );
}

#[test]
fn unknown_actions_kinds_and_parameters() {
    rejects(
        &with_profile("name = \"maks\""),
        &["profiles[0].fields.name", "unknown action \"maks\""],
    );
    rejects(
        &default_county_policy().replace("kind = \"name\"", "kind = \"person\""),
        &["fields.name.kind", "unknown kind"],
    );
    rejects(
        &with_profile("name = { action = \"redact\", keep_last = 2 }"),
        &["keep_last does not apply"],
    );
    rejects(
        &with_profile("name = { action = \"mask\", keep_last = -1 }"),
        &["keep_last"],
    );
    rejects(
        &with_profile("notes = { action = \"generalize\", bucket = 0 }"),
        &["bucket"],
    );
}

#[test]
fn actions_must_fit_the_field_kind() {
    rejects(
        &with_profile("name = { action = \"generalize\", to = \"year\" }"),
        &["profiles[0].fields.name", "needs a date field"],
    );
    rejects(
        &county_policy(&county_profiles().replace(
            "score = { action = \"generalize\", bucket = 10 }",
            "score = { action = \"generalize\", to = \"year\" }",
        )),
        &["profiles[0].fields.score", "needs a date field"],
    );
    rejects(
        &county_policy(&county_profiles().replace(
            "dob = { action = \"generalize\", to = \"year\" }",
            "dob = { action = \"generalize\", bucket = 5 }",
        )),
        &["profiles[0].fields.dob", "bucket needs a number field"],
    );
    rejects(
        &county_policy(&county_profiles().replace(
            "score = { action = \"generalize\", bucket = 10 }",
            "score = \"scrub\"",
        )),
        &["scrub is for free text"],
    );
    rejects(
        &county_policy(&county_profiles().replace(
            "crim = \"keep\"",
            "crim = { action = \"generalize\", bucket = 10 }",
        )),
        &["profiles[0].categories.crim", "\"notes\""],
    );
}

#[test]
fn detectors_must_exist() {
    rejects(
        &with_profile("notes = { action = \"scrub\", detectors = [\"ssn\", \"passport\"] }"),
        &[
            "profiles[0].fields.notes.detectors[1]",
            "unknown detector \"passport\"",
        ],
    );
    rejects(
        &format!(
            "{}\n[scrub]\ndetectors = [\"phone\", \"zip\"]\n",
            default_county_policy()
        ),
        &["scrub.detectors[1]", "zip"],
    );
}

#[test]
fn regexes_must_compile() {
    let text = format!(
        "{}\n[[scrub.patterns]]\nlabel = \"CASE\"\nregex = '(CR-[0-9]+'\n",
        default_county_policy()
    );
    rejects(&text, &["scrub.patterns[0].regex", "does not compile"]);
    let huge = format!(
        "{}\n[[scrub.patterns]]\nlabel = \"BIG\"\nregex = '\\w{{1000}}\\w{{1000}}\\w{{1000}}'\n",
        default_county_policy()
    );
    rejects(&huge, &["scrub.patterns[0].regex", "too large"]);
}

#[test]
fn required_parts() {
    rejects(
        &default_county_policy().replace("subject_field = \"id\"", ""),
        &["subject_field is required"],
    );
    rejects(
        &default_county_policy().replace("subject_field = \"id\"", "subject_field = \"person_id\""),
        &["subject_field", "not classified"],
    );
    let no_categories = default_county_policy().replace("[categories]\n", "[no_categories]\n");
    rejects(&no_categories, &["no_categories"]);
    rejects(
        &default_county_policy().replace("version = 1", "version = 2"),
        &["version", "unsupported"],
    );
}

#[test]
fn templates_use_known_placeholders() {
    rejects(
        &county_policy(&county_profiles().replace("on {date}", "on {when}")),
        &["profiles[0].notice", "unknown placeholder {when}"],
    );
    rejects(
        &default_county_policy().replace("<{category}:{field}>", "<{value}>"),
        &["redaction_label", "{value}"],
    );
    rejects(
        &default_county_policy().replace("notice = \"SUD notice", "notice = \"{oops"),
        &["categories.sud.notice"],
    );
}

#[test]
fn date_formats_must_name_a_full_date() {
    rejects(
        &default_county_policy().replace(
            "format = \"%m/%d/%Y\" }\nscore",
            "format = \"%m/%Y\" }\nscore",
        ),
        &["fields.dob.format"],
    );
    rejects(
        &default_county_policy().replace(
            "name = { category = \"ident\", kind = \"name\" }",
            "name = { category = \"ident\", kind = \"name\", format = \"%Y\" }",
        ),
        &["fields.name.format", "only to fields of kind"],
    );
}

#[test]
fn terms_files_stay_inside_the_policy_directory() {
    let dir = Dir::new();
    dir.write("terms.txt", "Maple Clinic\n");
    let escape = format!(
        "{}\n[[scrub.terms]]\nlabel = \"T\"\nterms_file = \"../terms.txt\"\n",
        default_county_policy()
    );
    dir.write("sub/p.toml", &escape);
    let out = dir
        .cmd(&["list", "--policy", "sub/p.toml"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("scrub.terms[0].terms_file") && out.stderr().contains(".."),
        "{}",
        out.dump()
    );
    let itself = format!(
        "{}\n[[scrub.terms]]\nlabel = \"T\"\nterms_file = \"p.toml\"\n",
        default_county_policy()
    );
    dir.write("sub/p.toml", &itself);
    dir.cmd(&["list", "--policy", "sub/p.toml"])
        .run()
        .expect_code(2)
        .stderr_has("policy file itself");
    let ok = format!(
        "{}\n[[scrub.terms]]\nlabel = \"T\"\nterms_file = \"terms.txt\"\n",
        default_county_policy()
    );
    dir.write("p2.toml", &ok);
    dir.cmd(&["list", "--policy", "p2.toml"]).run().success();
}

#[test]
fn several_problems_are_reported_together() {
    let text = with_profile("name = \"maks\"\nnickname = \"keep\"");
    let dir = Dir::new();
    dir.write("p.toml", text);
    let out = dir
        .cmd(&["list", "--policy", "p.toml"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().matches("error:").count() >= 2,
        "{}",
        out.dump()
    );
}
