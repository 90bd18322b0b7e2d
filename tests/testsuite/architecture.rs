//! The source tree reads as the pipeline: no file imports a file that imports it, however
//! far round, and the stage folders point one way (docs/architecture.md). A new import
//! that closes a circle fails here, naming the circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folders of `src/` in pipeline order: a file may import from its own folder's leaf
/// files and from folders before its own, never from one after it.
const STAGES: &[&str] = &[
    "util", "diag", "site", "render", "output", "options", "engine", "serve", "commands",
];

/// Module path (`site::model::pages`) → the file that holds it.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk src/");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(src)
            .expect("under src/")
            .with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        // The binary (main.rs, cmd/) and the crate root are not stages.
        if parts.is_empty() || parts[0] == "main" || parts[0] == "lib" || parts[0] == "cmd" {
            continue;
        }
        out.insert(parts.join("::"), path.to_path_buf());
    }
    out
}

/// The module a path names, as the longest known prefix (`site::model::Site` →
/// `site::model`).
fn resolve<'a>(path: &str, known: &'a BTreeMap<String, PathBuf>) -> Option<&'a String> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len()).rev().find_map(|n| {
        known
            .get_key_value(&segments[..n].join("::"))
            .map(|(k, _)| k)
    })
}

/// The text of a file without its tests and comments.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("read a source file");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// For each module, the modules it imports: `crate::a::b` paths, `super::x` paths, and
/// uses of its own child modules (a parent that uses a child depends on it).
fn imports(known: &BTreeMap<String, PathBuf>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (module, file) in known {
        let code = code_of(file);
        let is_folder = file.ends_with("mod.rs");
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
        let mut found = BTreeSet::new();
        let idents = |prefix: &str| -> Vec<String> {
            code.match_indices(prefix)
                .filter(|(i, _)| {
                    !code[..*i]
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
                })
                .map(|(i, _)| {
                    code[i + prefix.len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                        .collect::<String>()
                        .trim_end_matches(':')
                        .to_string()
                })
                .collect()
        };
        for path in idents("crate::") {
            found.extend(resolve(&path, known).cloned());
        }
        for path in idents("super::") {
            let full = if parent.is_empty() {
                path
            } else {
                format!("{parent}::{path}")
            };
            found.extend(resolve(&full, known).cloned());
        }
        if is_folder {
            for child in known.keys().filter_map(|k| {
                k.strip_prefix(&format!("{module}::"))
                    .filter(|rest| !rest.contains("::"))
            }) {
                let used = idents(&format!("{child}::")).into_iter().next().is_some()
                    || code.contains(&format!("use {child};"))
                    || code.contains(&format!("use {child}::"));
                if used {
                    found.insert(format!("{module}::{child}"));
                }
            }
        }
        found.remove(module);
        graph.insert(module.clone(), found);
    }
    graph
}

/// A circle of imports, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_file_imports_a_file_that_imports_it() {
    let known = modules(&src());
    assert!(known.len() > 40, "found {} modules", known.len());
    let graph = imports(&known);
    assert!(
        graph.values().map(BTreeSet::len).sum::<usize>() > 100,
        "the import graph looks empty"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn stages_import_only_from_earlier_stages() {
    let known = modules(&src());
    let stage = |m: &str| {
        let top = m.split("::").next().unwrap_or(m);
        STAGES.iter().position(|s| *s == top)
    };
    for (module, deps) in imports(&known) {
        let Some(own) = stage(&module) else {
            panic!("{module} is in no stage folder; add it to STAGES and docs/architecture.md");
        };
        for dep in deps {
            let theirs = stage(&dep).unwrap_or(0);
            assert!(
                theirs <= own,
                "{module} imports {dep}, a later stage (see docs/architecture.md)"
            );
        }
    }
}

#[test]
fn the_checker_finds_a_circle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}
