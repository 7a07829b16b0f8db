//! The help text: every command and option has some, every `--help`
//! runs, and the examples at the end of `disclose apply --help` run on a
//! copy of the fixtures, so they never rot.

use crate::util::Dir;

/// Split a command line as a POSIX shell would, for the simple lines of
/// the examples: words, "double" and 'single' quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    word.push(c);
                }
            }
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The commands in a help text: lines starting with `disclose apply`, with
/// their `\`-continued lines joined.
fn help_commands(help: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut parts: Vec<&str> = Vec::new();
    for line in help.lines() {
        let text = line.trim();
        if parts.is_empty() && !text.starts_with("disclose apply") {
            continue;
        }
        parts.push(text.trim_end_matches('\\').trim_end());
        if !text.ends_with('\\') {
            commands.push(parts.join(" "));
            parts.clear();
        }
    }
    commands
}

#[test]
fn apply_help_examples_run_on_the_fixtures() {
    let dir = Dir::new();
    let help = dir.cmd(&["apply", "--help"]).run().success().stdout();
    let tail = help.rsplit("Examples:").next().unwrap_or("");
    assert!(
        help.contains("Examples:") && tail.lines().any(|l| l.trim().starts_with("disclose")),
        "apply --help does not end with its examples:\n{help}"
    );
    let commands = help_commands(&help);
    assert_eq!(commands.len(), 3, "{commands:#?}");
    for basis in ["court-order", "safety", "consent"] {
        assert!(
            commands
                .iter()
                .any(|c| c.contains(&format!("--basis {basis}"))),
            "no {basis} example"
        );
    }
    for command in &commands {
        let dir = Dir::new();
        dir.copy_fixtures();
        let words = shell_words(command);
        assert_eq!(words[0], "disclose", "{command}");
        let out = dir.cmd(&words[1..]).run().success();
        let output = words
            .iter()
            .position(|w| w == "-o")
            .map(|i| words[i + 1].clone())
            .expect("an output");
        assert!(dir.exists(&output), "{command} wrote no {output}");
        assert!(dir.exists(format!("{output}.manifest.json")));
        out.never_says("error:");
    }
}

#[test]
fn shell_words_and_continuations() {
    assert_eq!(
        shell_words(r#"disclose apply --justification "A b" 'c d' e"#),
        ["disclose", "apply", "--justification", "A b", "c d", "e"]
    );
    let help = "x\n    disclose apply --a \\\n      --b c \\\n      d\n  not\n";
    assert_eq!(help_commands(help), ["disclose apply --a --b c d"]);
}

/// Every subcommand path, as arguments (`["ledger", "show"]`).
fn command_paths() -> Vec<Vec<String>> {
    use clap::CommandFactory as _;
    fn walk(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd.get_subcommands() {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
        }
    }
    let mut out = Vec::new();
    walk(&disclose::cli::Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn every_option_has_help() {
    use clap::CommandFactory as _;
    fn check(cmd: &clap::Command, name: &str, missing: &mut Vec<String>) {
        if cmd.get_about().is_none() {
            missing.push(format!("{name}: the command"));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.get_help().is_none() && id != "help" && id != "version" {
                missing.push(format!("{name}: {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            check(sub, &format!("{name} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    check(&disclose::cli::Cli::command(), "disclose", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:?}");

    // And every --help runs.
    let dir = Dir::new();
    for path in command_paths() {
        let mut args = path.clone();
        args.push("--help".into());
        let out = dir.cmd(&args).run().success();
        assert!(out.stdout().contains("Usage: disclose"), "{args:?}");
    }
}
