//! The module graph of `src/`: every file imports only from its own layer
//! or the layers below it, and no files import each other in a circle.
//!
//! Read from the source text (`crate::` and `super::` paths), so that a new
//! import that climbs a layer or closes a circle fails here, in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, lowest layer first. Modules on one line share a layer
/// and must not import each other.
const LAYERS: &[&[&str]] = &[
    &["exit", "clock", "crypto", "console"],
    &["record"],
    &["io"],
    &["scrub"],
    &["policy"],
    &["plan"],
    &["redact"],
    &["audit"],
    &["flow"],
    &["cli"],
    &["cmd"],
];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

/// Every `.rs` file under `src/` with its module path (`io::input::json`).
fn modules(root: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable src dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).expect("under src");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            out.insert(parts, path);
        }
    }
    out
}

/// The module paths a file names: `crate::a::b` and `super::c` (resolved).
fn references(module: &[String], is_dir_module: bool, text: &str) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(found) = text[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let rest = &text[at..];
            let path: Vec<&str> = rest
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .collect();
            let mut resolved: Vec<String> = if path[0] == "crate" {
                Vec::new()
            } else {
                // `super` in a `mod.rs` is the folder's parent; in a file, the
                // file's parent module.
                let mut base = module.to_vec();
                let mut supers = path.iter().take_while(|s| **s == "super").count();
                if !is_dir_module && supers > 0 {
                    supers -= 1;
                    base.pop();
                }
                for _ in 0..supers {
                    base.pop();
                }
                base
            };
            resolved.extend(
                path.iter()
                    .filter(|s| **s != "crate" && **s != "super")
                    .map(|s| s.to_string()),
            );
            out.insert(resolved);
        }
    }
    out
}

#[test]
fn no_import_climbs_a_layer_or_closes_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&root);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (module, path) in &modules {
        let Some(top) = module.first() else { continue };
        let text = std::fs::read_to_string(path).expect("readable source");
        let is_dir = path.file_name().is_some_and(|n| n == "mod.rs");
        let Some(own) = layer_of(top) else {
            problems.push(format!("{}: module {top} is in no layer", path.display()));
            continue;
        };
        for target in references(module, is_dir, &text) {
            // The longest prefix that is a file of its own.
            let Some(file) = (1..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|p| modules.contains_key(p))
            else {
                continue;
            };
            if &file == module || module.starts_with(&file) {
                continue;
            }
            let other = &file[0];
            if other != top {
                match layer_of(other) {
                    Some(l) if l < own => {}
                    _ => problems.push(format!(
                        "{}: {} imports {}, which is not in a lower layer",
                        path.display(),
                        module.join("::"),
                        file.join("::")
                    )),
                }
            }
            edges.entry(module.clone()).or_default().insert(file);
        }
    }
    // Circles among files: depth-first search for a back edge.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        problems: &mut Vec<String>,
    ) {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                0 => visit(next, edges, state, stack, problems),
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let circle: Vec<String> = stack[from..].iter().map(|n| n.join("::")).collect();
                    problems.push(format!(
                        "import circle: {} -> {}",
                        circle.join(" -> "),
                        next.join("::")
                    ));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
    }
    let mut state = BTreeMap::new();
    for node in modules.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            visit(node, &edges, &mut state, &mut Vec::new(), &mut problems);
        }
    }
    assert!(
        problems.is_empty(),
        "module graph problems:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_checker_sees_an_import_that_climbs() {
    let refs = references(
        &["io".to_string(), "input".to_string()],
        true,
        "use crate::flow::engine::Engine; use super::output::Target;",
    );
    assert!(refs.contains(&vec!["flow".to_string(), "engine".into(), "Engine".into()]));
    assert!(refs.contains(&vec!["io".to_string(), "output".into(), "Target".into()]));
}

#[test]
fn no_source_file_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long: Vec<String> = modules(&root)
        .values()
        .filter_map(|p| {
            let n = std::fs::read_to_string(p).ok()?.lines().count();
            (n > 600).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 600 lines: {long:?}");
}
