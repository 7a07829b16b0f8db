//! Properties: for arbitrary records and profile choices, no original value
//! of a field whose action is not `keep` appears in the output or the
//! manifest, and every record read is either disclosed or withheld.

use proptest::prelude::*;

use crate::util::Dir;

const ACTIONS: &[&str] = &[
    "\"keep\"",
    "\"drop\"",
    "\"redact\"",
    "{ action = \"mask\", keep_last = 0 }",
    "{ action = \"pseudonymize\" }",
    "{ action = \"generalize\", to = \"year\" }",
];

fn policy(actions: &[usize; 4]) -> String {
    // f3 is a date field; the others take any action but generalize.
    let rule = |i: usize, a: usize| {
        let a = if i != 3 && a == 5 { 2 } else { a };
        format!("f{i} = {}\n", ACTIONS[a])
    };
    let mut text = String::from(
        "version = 1\nsubject_field = \"id\"\n[categories]\nc = \"C\"\n[fields]\nid = { category = \"c\" }\n\
         f0 = { category = \"c\" }\nf1 = { category = \"c\", kind = \"name\" }\nf2 = { category = \"c\" }\n\
         f3 = { category = \"c\", kind = \"date\" }\n[recipients.r]\nname = \"R\"\n[bases.b]\ndescription = \"B\"\n\
         [[profiles]]\nrecipient = \"r\"\nbasis = \"b\"\n[profiles.categories]\nc = \"keep\"\n[profiles.fields]\n",
    );
    for (i, &a) in actions.iter().enumerate() {
        text.push_str(&rule(i, a));
    }
    text
}

fn value() -> impl Strategy<Value = String> {
    // Distinctive values (a marker plus letters/digits/punctuation), at
    // least 4 characters, so any copy in the output is a leak.
    "[A-Za-z0-9 ,\"\n-]{0,12}".prop_map(|s| format!("Vx{s}Q"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn withheld_values_never_reach_output_or_manifest(
        actions in [0usize..6, 0usize..6, 0usize..6, 0usize..6],
        rows in prop::collection::vec((value(), value(), value()), 1..6),
        json in any::<bool>(),
        scope in any::<bool>(),
    ) {
        let dir = Dir::new();
        dir.write("p.toml", policy(&actions));
        dir.write("key", "prop-test-key-0123456789\n");
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(["id", "f0", "f1", "f2", "f3"]).unwrap();
        let mut ndjson = String::new();
        for (i, (a, b, c)) in rows.iter().enumerate() {
            let id = format!("P-{i}");
            csv.write_record([id.as_str(), a, b, c, "1999-12-31"]).unwrap();
            let record = serde_json::json!({"id": id, "f0": a, "f1": b, "f2": c, "f3": "1999-12-31"});
            ndjson.push_str(&record.to_string());
            ndjson.push('\n');
        }
        let input = if json { "in.ndjson" } else { "in.csv" };
        if json {
            dir.write(input, &ndjson);
        } else {
            dir.write(input, csv.into_inner().unwrap());
        }
        let mut args = vec!["apply", "--policy", "p.toml", "--to", "r", "--basis", "b", "--key-file", "key", "-q", "-o", "out", "--format"];
        args.push(if json { "ndjson" } else { "csv" });
        if scope {
            args.extend(["--subject", "P-0"]);
        }
        args.push(input);
        let out = dir.cmd(&args).run();
        prop_assert_eq!(out.code(), 0, "{}", out.dump());
        let output = dir.read("out");
        let manifest = dir.read("out.manifest.json");
        let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        let read = m["records"]["read"].as_u64().unwrap();
        let disclosed = m["records"]["disclosed"].as_u64().unwrap();
        let withheld = m["records"]["withheld"]["out_of_scope"].as_u64().unwrap() + m["records"]["withheld"]["no_consent"].as_u64().unwrap();
        prop_assert_eq!(read, rows.len() as u64);
        prop_assert_eq!(read, disclosed + withheld);
        for (i, row) in rows.iter().enumerate() {
            let values = [&row.0, &row.1, &row.2];
            for (f, v) in values.iter().enumerate() {
                let kept = actions[f] == 0;
                let in_scope = !scope || i == 0;
                prop_assert!(!manifest.contains(v.as_str()), "manifest holds a value of f{}", f);
                if !kept || !in_scope {
                    // The value may legitimately appear if another kept
                    // field of a disclosed record holds the same text.
                    let elsewhere = rows.iter().enumerate().any(|(j, r)| {
                        (!scope || j == 0)
                            && [&r.0, &r.1, &r.2].iter().enumerate().any(|(g, w)| actions[g] == 0 && w.contains(v.as_str()))
                    });
                    prop_assert!(elsewhere || !output.contains(v.as_str()), "output holds f{} of record {}: {}", f, i, output);
                }
            }
        }
        prop_assert!(!output.contains("1999-12-31") || actions[3] == 0);
    }
}

/// A policy with a kept object that holds a dropped key (`person.ssn`),
/// classified paths below an array (`notes[].text`, redacted) and a masked
/// `code`; unclassified fields dropped or an error.
fn nested_policy(drop: bool) -> String {
    let unclassified = if drop {
        "unclassified = \"drop\"\n"
    } else {
        ""
    };
    format!(
        "version = 1\nsubject_field = \"id\"\n{unclassified}[categories]\nc = \"C\"\n[fields]\n\
         id = {{ category = \"c\" }}\nperson = {{ category = \"c\" }}\n\"person.ssn\" = {{ category = \"c\" }}\n\
         \"notes[].text\" = {{ category = \"c\" }}\ncode = {{ category = \"c\" }}\n\
         [recipients.r]\nname = \"R\"\n[bases.b]\ndescription = \"B\"\n\
         [[profiles]]\nrecipient = \"r\"\nbasis = \"b\"\n[profiles.categories]\nc = \"keep\"\n[profiles.fields]\n\
         \"person.ssn\" = \"drop\"\n\"notes[].text\" = \"redact\"\ncode = {{ action = \"mask\", keep_last = 4 }}\n"
    )
}

/// Keys that only look like `ssn`.
const SSN_LOOK_ALIKES: &[&str] = &[
    "SSN",
    "sSn",
    "ss\u{200B}n",
    "\u{FEFF}ssn",
    "ｓｓｎ",
    "s\u{00AD}sn",
    "ss\u{2060}n",
];

/// One record that hides `secret` (a value no rule lets out) in one of the
/// ways the fail-closed rules cover; whether `apply` must stop on it.
fn hide(shape: usize, id: &str, secret: &str, look_alike: &str) -> (serde_json::Value, bool) {
    use serde_json::json;
    match shape {
        // A look-alike key inside a kept object.
        0 => (
            json!({"id": id, "person": {"name": "n", look_alike: secret}}),
            true,
        ),
        // A single value where notes[].text is classified below.
        1 => (json!({"id": id, "notes": secret}), false),
        2 => (
            json!({"id": id, "notes": [secret, {"text": secret}]}),
            false,
        ),
        // A kept object that arrives as a string.
        3 => (json!({"id": id, "person": secret}), false),
        // A key that is data.
        4 => (json!({"id": id, format!("614-555-{secret}"): 1}), false),
        // The dropped key itself, and a short masked code.
        _ => (
            json!({"id": id, "person": {"ssn": secret}, "code": "ЖЯ"}),
            false,
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// Whatever shape a protected value arrives in, it appears nowhere: not
    /// in the output, manifest, ledger, standard output or error.
    #[test]
    fn protected_values_never_escape_by_shape_or_key(
        shapes in prop::collection::vec(0usize..6, 1..5),
        secret in "[A-Za-z0-9]{6,10}",
        look_alike in 0..SSN_LOOK_ALIKES.len(),
        drop in any::<bool>(),
        scope in any::<bool>(),
        to_stdout in any::<bool>(),
    ) {
        let secret = format!("Zq{secret}");
        let dir = Dir::new();
        dir.write("p.toml", nested_policy(drop));
        let mut ndjson = String::new();
        let mut stops = false;
        for (i, &shape) in shapes.iter().enumerate() {
            let (record, stop) = hide(shape, &format!("P-{i}"), &secret, SSN_LOOK_ALIKES[look_alike]);
            // A key that is data stops the run unless unclassified fields
            // are dropped.
            stops |= stop || (shape == 4 && !drop);
            ndjson.push_str(&record.to_string());
            ndjson.push('\n');
        }
        dir.write("in.ndjson", &ndjson);
        let mut args = vec!["apply", "--policy", "p.toml", "--to", "r", "--basis", "b", "-q", "--ledger", "l.jsonl", "--manifest", "m.json"];
        args.extend(["-o", if to_stdout { "-" } else { "out.ndjson" }]);
        if scope {
            args.extend(["--subject", "P-0"]);
        }
        args.push("in.ndjson");
        // A field of which no disclosed value could be processed fails the
        // run: notes[].text when the disclosed records hold notes only as
        // a single value (shape 1) and never as objects (shape 2), and
        // person.ssn when person arrives only as a string (shape 3) and
        // never as an object (shape 5).
        let disclosed: Vec<usize> = if scope { vec![shapes[0]] } else { shapes.clone() };
        let only = |bad: usize, good: usize| disclosed.contains(&bad) && !disclosed.contains(&good);
        let unprocessable = only(1, 2) || only(3, 5);
        let out = dir.cmd(&args).run();
        prop_assert_eq!(out.code(), if stops || unprocessable { 2 } else { 0 }, "{}", out.dump());
        prop_assert!(!out.all().contains(&secret), "{}", out.dump());
        for file in ["out.ndjson", "m.json", "l.jsonl"] {
            if dir.exists(file) {
                let text = dir.read(file);
                prop_assert!(!text.contains(&secret), "{} holds the value: {}", file, text);
                prop_assert!(!text.contains("ЖЯ"), "{} holds a short masked value", file);
            }
        }
        if stops || unprocessable {
            prop_assert!(!dir.exists("out.ndjson") && !dir.exists("m.json") && !dir.exists("l.jsonl"));
        }
    }

    /// A CSV header that looks like a classified one, or names a column
    /// with classified paths below, stops the run without printing a value.
    #[test]
    fn csv_headers_that_cannot_be_processed_stop_the_run(
        header in prop_oneof![Just("CODE".to_string()), Just("co\u{200B}de".to_string()), Just("notes".to_string()), Just("person".to_string()), Just("ｃｏｄｅ".to_string())],
        secret in "[A-Za-z0-9]{6,10}",
        drop in any::<bool>(),
    ) {
        let secret = format!("Zq{secret}");
        let dir = Dir::new();
        dir.write("p.toml", nested_policy(drop));
        dir.write("in.csv", format!("id,{header}\nP-1,{secret}\n"));
        let out = dir.cmd(&["apply", "--policy", "p.toml", "--to", "r", "--basis", "b", "-q", "--ledger", "l.jsonl", "-o", "out.csv", "in.csv"]).run();
        prop_assert_eq!(out.code(), 2, "{}", out.dump());
        prop_assert!(!out.all().contains(&secret));
        prop_assert!(!dir.exists("out.csv") && !dir.exists("l.jsonl") && !dir.exists("out.csv.manifest.json"));
    }
}
