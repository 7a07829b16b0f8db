//! `disclose completions`: a script for each shell that names every
//! command and option.

use crate::util::Dir;

#[test]
fn completions_name_every_command() {
    let dir = Dir::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = dir.cmd(&["completions", "--static", shell]).run().success();
        let script = out.stdout();
        assert!(script.len() > 500, "{shell}: a short script{}", out.dump());
        for command in [
            "apply",
            "plan",
            "list",
            "check",
            "verify",
            "ledger",
            "init",
            "completions",
        ] {
            assert!(script.contains(command), "{shell} script lacks {command}");
        }
        // fish writes options as `-l policy`, the others as `--policy`.
        for option in ["policy", "subjects-file", "out-dir", "key-file"] {
            let token = if shell == "fish" {
                format!("-l {option}")
            } else {
                format!("--{option}")
            };
            assert!(script.contains(&token), "{shell} script lacks {token}");
        }
    }
    let out = dir.cmd(&["completions", "--static", "bash"]).run();
    assert!(out.stdout().contains("_disclose"), "bash function name");
    dir.cmd(&["completions", "tcsh"])
        .run()
        .expect_code(2)
        .stderr_has("possible values: bash, zsh, fish");
}
