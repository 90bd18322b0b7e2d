//! A doubled build never leaves a mix: two builds of one output never run at once, and
//! what a build keeps between runs stays in the site's cache folder, out of the output and
//! out of the folder that holds it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::site::{TestSite, assert_same_tree, idea, snapshot_tree, year};

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts that a build left nothing behind: beside `public/` only the site's own files,
/// and in the cache folder only the output's lock and manifest.
fn assert_no_leftovers(site: &TestSite) {
    assert_eq!(
        names(site.root()),
        [".ideawiki", "content", "ideawiki.yaml", "public"],
        "beside public/"
    );
    let outputs = site.path(".ideawiki/output");
    let states = names(&outputs);
    assert_eq!(states.len(), 1, "one output, one state: {states:?}");
    assert_eq!(names(&outputs.join(&states[0])), ["lock", "manifest"]);
}

/// A small site whose year page says `text`.
fn small_site(text: &str) -> TestSite {
    TestSite::with_year()
        .file("content/gsoc/2027/one.md", &idea("One", ""))
        .file(
            "content/gsoc/2027/_index.md",
            &year(2027, &format!("notice: {text}")),
        )
}

#[test]
fn the_build_state_stays_in_the_site_cache_folder() {
    let site = small_site("first");
    let www = site.outer().join("www");
    let html = www.join("html");
    let out = html.to_str().unwrap();
    site.build_with(&["--output", out]).assert_success();
    site.build_with(&["--output", out]).assert_success();
    // Nothing of ideawiki's beside /var/www/html: only the site, deployed.
    assert_eq!(names(&www), ["html"]);
    assert!(html.join("index.html").is_file());
    // Two outputs of one site have a state each, in the site's cache folder.
    site.build_ok();
    let states = names(&site.path(".ideawiki/output"));
    assert_eq!(states.len(), 2, "{states:?}");
    assert!(states.iter().any(|s| s.starts_with("html-")), "{states:?}");
    assert!(
        states.iter().any(|s| s.starts_with("public-")),
        "{states:?}"
    );
    // The cache folder ignores itself, for sites made before `init` ignored it.
    assert_eq!(
        std::fs::read_to_string(site.path(".ideawiki/.gitignore")).unwrap(),
        "# ideawiki's cache: never committed.\n*\n"
    );
    // The output in place, edits keep being seen from the manifest there.
    site.write(
        "content/gsoc/2027/one.md",
        idea("One", "summary: Changed.").as_bytes(),
    );
    let run = site.build_with(&["--output", out]);
    run.assert_success();
    assert!(
        std::fs::read_to_string(html.join("gsoc/2027/index.html"))
            .unwrap()
            .contains("Changed.")
    );
    assert_eq!(names(&www), ["html"]);
}

/// The lock file of the site's only output state.
fn lock_file(site: &TestSite) -> PathBuf {
    let outputs = site.path(".ideawiki/output");
    let states = names(&outputs);
    assert_eq!(states.len(), 1, "{states:?}");
    outputs.join(&states[0]).join("lock")
}

#[test]
fn a_second_build_of_one_output_waits_for_the_first_and_names_it() {
    let site = small_site("first");
    site.build_ok();
    let first = snapshot_tree(&site.public());
    // Stand for a first build that holds the output: its lock, with its pid.
    let lock = lock_file(&site);
    let holder = std::fs::File::options().write(true).open(&lock).unwrap();
    holder.lock().unwrap();
    std::fs::write(&lock, "4242\n").unwrap();
    site.write(
        "content/gsoc/2027/_index.md",
        year(2027, "notice: second").as_bytes(),
    );
    let mut second = Command::new(env!("CARGO_BIN_EXE_ideawiki"))
        .args(["build", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.contains("waiting") && line.contains("pid 4242"),
        "the second build says whom it waits for: {line:?}"
    );
    // It waits before it touches anything.
    assert_same_tree(
        &first,
        &snapshot_tree(&site.public()),
        "public/ while it waits",
    );
    drop(holder);
    let out = second.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(site.read("gsoc/2027/index.html").contains("second"));
    assert_no_leftovers(&site);
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap(),
        "",
        "no pid once done"
    );
}

#[test]
fn two_builds_of_one_output_at_once_leave_one_whole_build() {
    let site = small_site("first");
    site.build_ok();
    site.write(
        "content/gsoc/2027/_index.md",
        year(2027, "notice: second").as_bytes(),
    );
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_ideawiki"))
            .args(["build", "--root"])
            .arg(site.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (one, two) = (spawn(), spawn());
    for child in [one, two] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let both = snapshot_tree(&site.public());
    // One whole build of the site as it is: what a build on its own makes of it.
    let alone = TestSite::with_year();
    let copy = |rel: &str| alone.write(rel, &std::fs::read(site.path(rel)).unwrap());
    for rel in ["content/gsoc/2027/one.md", "content/gsoc/2027/_index.md"] {
        copy(rel);
    }
    alone.build_ok();
    assert_same_tree(&snapshot_tree(&alone.public()), &both, "public/");
    assert_no_leftovers(&site);
}
