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
