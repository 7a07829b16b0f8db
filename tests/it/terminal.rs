//! What reaches a person's terminal: no escape sequences when output is
//! captured, nothing at all with `-q`, colour only on a terminal and never
//! with `NO_COLOR`. The terminal cases run the binary under `script(1)`,
//! which gives it a pseudo-terminal; they are skipped, with a note, where
//! `script` is not available.

use std::process::{Command, Stdio};

use crate::util::{Dir, EPOCH, bin};

const ESC: &str = "\x1b[";

#[track_caller]
fn no_escapes(out: &crate::util::Output) {
    assert!(
        !out.stdout().contains(ESC) && !out.stderr().contains(ESC),
        "an escape sequence in captured output{}",
        out.dump()
    );
}

/// A court-ordered disclosure of the fixtures, up to its output file.
const COURT_APPLY: [&str; 12] = [
    "apply",
    "--policy",
    "fixtures/policy.toml",
    "--to",
    "district-court",
    "--basis",
    "court-order",
    "--reference",
    "CR-2026-0142",
    "--subjects-file",
    "fixtures/subjects.txt",
    "-o",
];

/// `COURT_APPLY` writing `output`, with `extra` arguments, on the fixtures.
fn court_args<'a>(output: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    COURT_APPLY
        .into_iter()
        .chain([output])
        .chain(extra.iter().copied())
        .chain(["fixtures/cases.csv"])
        .collect()
}

fn court_apply(dir: &Dir, output: &str) -> crate::util::Cmd {
    dir.cmd(&court_args(output, &[]))
}

#[test]
fn captured_output_has_no_escape_sequences() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let runs = [
        court_apply(&dir, "court.csv").run().success(),
        court_apply(&dir, "court.csv").run().expect_code(2),
        dir.cmd(&[
            "plan",
            "--policy",
            "fixtures/policy.toml",
            "--to",
            "district-court",
            "--basis",
            "court-order",
        ])
        .run()
        .success(),
        dir.cmd(&["list", "--policy", "fixtures/policy.toml"])
            .run()
            .success(),
        dir.cmd(&["list", "--policy", "missing.toml"])
            .run()
            .expect_code(2),
        dir.cmd(&["verify", "court.csv.manifest.json"])
            .run()
            .success(),
        dir.cmd(&["ledger", "show", "fixtures/disclosures.ledger.jsonl"])
            .run()
            .success(),
        dir.cmd(&["ledger", "verify", "fixtures/disclosures.ledger.jsonl"])
            .run()
            .success(),
    ];
    for out in &runs {
        no_escapes(out);
    }
    // The apply above warned (a listed subject is in no record) and
    // summarised; both plain.
    runs[0].expect_stderr_contains("warning: ");
    runs[0].expect_stderr_contains("Disclosed 3 of 240 records");
    runs[1].expect_stderr_contains("error: ");

    let check = dir
        .cmd(&[
            "check",
            "--policy",
            "fixtures/policy.toml",
            "fixtures/cases.csv",
        ])
        .run();
    if check.stderr().contains("not available in this build") {
        eprintln!("note: check is not in this build; its output was not checked");
    } else {
        no_escapes(&check);
    }
}

#[test]
fn quiet_apply_prints_nothing_on_stderr() {
    let dir = Dir::new();
    dir.copy_fixtures();
    // Without -q this run warns: P-999999 is in no record.
    let loud = court_apply(&dir, "loud.csv").run().success();
    loud.expect_stderr_contains("warning: ");
    loud.expect_stderr_contains("P-999999");

    let quiet = court_apply(&dir, "quiet.csv").arg("-q").run().success();
    assert_eq!(quiet.stderr(), "", "{}", quiet.dump());
    assert_eq!(quiet.stdout(), "", "{}", quiet.dump());
    assert!(dir.exists("quiet.csv") && dir.exists("quiet.csv.manifest.json"));
    assert_eq!(
        dir.json("quiet.csv.manifest.json")["subjects_not_found"],
        serde_json::json!(["P-999999"]),
        "the warning is silenced, not the record of it"
    );

    // Unprocessable values warn too, and -q silences them as well.
    dir.write(
        "odd.csv",
        "person_id,full_name,dob\nP-1,Ann Lee,not a date\nP-2,Bo Kim,1971-03-02\n",
    );
    dir.write(
        "odd.toml",
        concat!(
            "version = 1\nsubject_field = \"person_id\"\n",
            "[categories]\nid = \"Identifiers\"\n",
            "[fields]\nperson_id = { category = \"id\" }\n",
            "full_name = { category = \"id\", kind = \"name\" }\n",
            "dob = { category = \"id\", kind = \"date\" }\n",
            "[recipients.r]\nname = \"R\"\n[bases.b]\ndescription = \"B\"\n",
            "[[profiles]]\nrecipient = \"r\"\nbasis = \"b\"\n",
            "[profiles.categories]\nid = \"keep\"\n",
            "[profiles.fields]\ndob = { action = \"generalize\", to = \"year\" }\n",
        ),
    );
    let args = [
        "apply", "--policy", "odd.toml", "--to", "r", "--basis", "b", "odd.csv",
    ];
    dir.cmd(&args)
        .args(&["-o", "odd-loud.csv"])
        .run()
        .success()
        .stderr_has("warning: ")
        .stderr_has("dob")
        .never_says("not a date");
    let quiet = dir
        .cmd(&args)
        .args(&["-o", "odd-quiet.csv", "-q"])
        .run()
        .success();
    assert_eq!(quiet.stderr(), "", "{}", quiet.dump());
}

/// Quote a word for `sh`.
fn sh_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Run `disclose ARGS` in a pseudo-terminal (standard output and standard
/// error both go to it); what the terminal showed and the exit status.
/// `None` when `script` is not available.
fn in_terminal(dir: &Dir, args: &[&str], env: &[(&str, &str)]) -> Option<(String, i32)> {
    let probe = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("note: script(1) is not available; the terminal cases were not run");
        return None;
    }
    let mut line = sh_quote(&bin().display().to_string());
    for arg in args {
        line.push(' ');
        line.push_str(&sh_quote(arg));
    }
    let mut command = Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .env("SHELL", "/bin/sh")
        .env("TERM", "xterm-256color")
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .env("USER", "tester")
        .env_remove("NO_COLOR")
        .env_remove("DISCLOSE_KEY");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run script");
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    ))
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let dir = Dir::new();
    let args = ["list", "--policy", "missing.toml"];
    let Some((coloured, code)) = in_terminal(&dir, &args, &[]) else {
        return;
    };
    assert_eq!(code, 2, "{coloured:?}");
    assert!(
        coloured.contains("\x1b[1;31merror:\x1b[0m cannot read policy missing.toml"),
        "no red error prefix on a terminal: {coloured:?}"
    );

    for no_color in ["1", "yes"] {
        let (plain, code) = in_terminal(&dir, &args, &[("NO_COLOR", no_color)]).expect("script");
        assert_eq!(code, 2, "{plain:?}");
        assert!(
            plain.starts_with("error: cannot read policy missing.toml"),
            "{plain:?}"
        );
        assert!(
            !plain.contains(ESC),
            "colour with NO_COLOR={no_color}: {plain:?}"
        );
    }
    // An empty NO_COLOR does not turn colour off.
    let (empty, _) = in_terminal(&dir, &args, &[("NO_COLOR", "")]).expect("script");
    assert!(empty.contains("\x1b[1;31merror:"), "{empty:?}");
    // Neither does anything but a terminal turn it on.
    let (dumb, _) = in_terminal(&dir, &args, &[("TERM", "dumb")]).expect("script");
    assert!(!dumb.contains(ESC), "colour with TERM=dumb: {dumb:?}");
}

#[test]
fn quiet_apply_on_a_terminal_shows_nothing() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let loud = court_args("loud.csv", &[]);
    let Some((shown, code)) = in_terminal(&dir, &loud, &[]) else {
        return;
    };
    assert_eq!(code, 0, "{shown:?}");
    assert!(
        shown.contains("\x1b[1;32mDisclosed\x1b[0m 3 of 240 records"),
        "the summary on a terminal: {shown:?}"
    );
    assert!(shown.contains("P-999999"), "the warning: {shown:?}");

    let quiet = court_args("quiet.csv", &["-q"]);
    let (shown, code) = in_terminal(&dir, &quiet, &[]).expect("script");
    assert_eq!(code, 0, "{shown:?}");
    assert_eq!(shown, "", "-q on a terminal");
    assert!(dir.exists("quiet.csv"));
}
