//! An interrupted or doubled build never leaves a mix: a build killed at any step of its
//! commit leaves `public/` one whole build, the last or the new one, byte for byte, and the
//! next build finishes the job and leaves nothing behind; two builds of one output never
//! run at once.
//!
//! The kill is deterministic: the test hook `IDEAWIKI_TEST_CRASH_AT=N` aborts the build
//! (as `kill -9` would: no destructor, no cleanup) before the `N`th filesystem step of its
//! commit, and `IDEAWIKI_TEST_CRASH_AT=0` lists the steps so the test can choose them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::site::{TestSite, assert_same_tree, idea, snapshot_tree, year};

/// How many ideas the crash test's site has: a few thousand files and folders for each
/// commit to link, swap and remove.
const IDEAS: usize = 1000;

/// The two versions of the crash test's site. `B` drops the first tenth of `A`'s ideas,
/// adds as many new ones (new folders) and edits every fourth (changed files), so that a
/// commit between them keeps, writes and removes files, and makes and removes folders.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Version {
    A,
    B,
}

impl Version {
    fn other(self) -> Version {
        match self {
            Version::A => Version::B,
            Version::B => Version::A,
        }
    }

    /// The ideas of this version: number and text.
    fn ideas(self) -> BTreeMap<usize, String> {
        let (from, to) = match self {
            Version::A => (0, IDEAS),
            Version::B => (IDEAS / 10, IDEAS + IDEAS / 10),
        };
        (from..to)
            .map(|i| {
                let mut text = idea(&format!("Idea {i}"), "");
                if self == Version::B && i % 4 == 0 {
                    text = text.replace("The detailed", "The edited");
                }
                (i, text)
            })
            .collect()
    }
}

/// The site's content files as `version` has them, replacing `from`'s.
fn switch(site: &TestSite, from: Option<Version>, to: Version) {
    let old = from.map(Version::ideas).unwrap_or_default();
    let new = to.ideas();
    for i in old.keys().filter(|i| !new.contains_key(i)) {
        site.remove(&idea_file(*i));
    }
    for (i, text) in &new {
        if old.get(i) != Some(text) {
            site.write(&idea_file(*i), text.as_bytes());
        }
    }
}

fn idea_file(i: usize) -> String {
    format!("content/gsoc/2027/idea-{i:05}.md")
}

/// How a build run by [`build`] ended.
struct Ended {
    /// Whether the test hook aborted it.
    crashed: bool,
    stderr: String,
    stdout: String,
}

/// Runs `ideawiki build` on `site` with the environment `env`; a crash is no failure here.
fn build(site: &TestSite, env: &[(&str, String)]) -> Ended {
    let out = Command::new(env!("CARGO_BIN_EXE_ideawiki"))
        .args(["build", "--root"])
        .arg(site.root())
        .current_dir(site.outer())
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run ideawiki");
    let ended = Ended {
        crashed: aborted(&out.status),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    };
    assert!(
        ended.crashed || out.status.success(),
        "the build failed: {:?}\n{}{}",
        out.status,
        ended.stdout,
        ended.stderr
    );
    assert!(!ended.stderr.contains("panicked"), "{}", ended.stderr);
    ended
}

#[cfg(unix)]
fn aborted(status: &std::process::ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(6)
}

#[cfg(not(unix))]
fn aborted(status: &std::process::ExitStatus) -> bool {
    !status.success() && status.code() != Some(1)
}

/// The steps of the commit a build listed (`IDEAWIKI_TEST_CRASH_AT=0`), in order.
fn steps(ended: &Ended) -> Vec<String> {
    ended
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("test-hook step "))
        .enumerate()
        .map(|(i, l)| {
            let (n, what) = l.split_once(": ").expect("`N: what`");
            assert_eq!(n, (i + 1).to_string(), "steps are numbered in order");
            what.to_string()
        })
        .collect()
}

/// Where to crash, as `(version built, step number, step)`: for each kind of step, its
/// first, middle and last occurrence, taken in turn from a build towards `B` (whose steps
/// are `to_b`) and one towards `A` (`to_a`), so that each kill is of a commit both ways.
fn crash_points(to_b: &[String], to_a: &[String]) -> Vec<(Version, usize, String)> {
    let at = |steps: &[String], what: &str| -> Vec<usize> {
        (1..=steps.len()).filter(|n| steps[n - 1] == what).collect()
    };
    let mut kinds: Vec<&String> = Vec::new();
    for what in to_b {
        if !kinds.contains(&what) {
            kinds.push(what);
        }
    }
    let mut points = Vec::new();
    for what in kinds {
        // Once, twice, or first, middle and last.
        let classes = at(to_b, what).len().min(3);
        for class in 0..classes {
            let (version, steps) = if points.len() % 2 == 0 {
                (Version::B, to_b)
            } else {
                (Version::A, to_a)
            };
            let ns = at(steps, what);
            assert!(!ns.is_empty(), "`{what}` is a step both ways");
            let n = match class {
                0 => ns[0],
                1 if classes == 3 => ns[ns.len() / 2],
                _ => ns[ns.len() - 1],
            };
            points.push((version, n, what.clone()));
        }
    }
    points
}

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

/// Kills builds at every kind of step of their commit, alternating between the two
/// versions of the site, and checks what each kill leaves and what the next build makes
/// of it. With `fallback`, the commit takes the path of a system without an atomic
/// exchange of folders.
fn kill_at_every_step(fallback: bool) {
    let hook = |at: usize| {
        let mut env = vec![("IDEAWIKI_TEST_CRASH_AT", at.to_string())];
        if fallback {
            env.push(("IDEAWIKI_TEST_NO_EXCHANGE", "1".to_string()));
        }
        env
    };
    // The kills are of the process, not of the machine, so what they leave is what the
    // kernel shows, the same on any file system: in memory when there is room, where a
    // hundred builds of a few thousand files take seconds, not minutes on a busy disk.
    let shm = Path::new("/dev/shm");
    let site = if shm.is_dir() {
        TestSite::with_year_in(shm)
    } else {
        TestSite::with_year()
    };
    switch(&site, None, Version::A);
    build(&site, &hook(0));
    let a = snapshot_tree(&site.public());
    assert!(a.len() > 2 * IDEAS, "{} files and folders", a.len());
    // A commit each way, with its steps listed: the snapshots every kill is checked against.
    switch(&site, Some(Version::A), Version::B);
    let to_b = steps(&build(&site, &hook(0)));
    let b = snapshot_tree(&site.public());
    switch(&site, Some(Version::B), Version::A);
    let to_a = steps(&build(&site, &hook(0)));
    assert_same_tree(&a, &snapshot_tree(&site.public()), "A built again");
    let points = crash_points(&to_b, &to_a);
    let snapshot = |v: Version| if v == Version::A { &a } else { &b };
    // The site holds `now`; each kill is of a build towards the other version.
    let mut now = Version::A;
    let mut gaps = 0;
    for (to, n, what) in points {
        if to == now {
            // Both lists are walked in turn; a version already there needs one build.
            switch(&site, Some(now), to.other());
            build(&site, &hook(usize::MAX));
            now = to.other();
        }
        switch(&site, Some(now), to);
        let ended = build(&site, &hook(n));
        assert!(
            ended.crashed,
            "step {n} ({what}) was never reached:\n{}",
            ended.stdout
        );
        let context = format!("killed before step {n} ({what}) of a build from {now:?} to {to:?}");
        let public = snapshot_tree(&site.public());
        if public.is_empty() && fallback {
            // Between the fallback's two renames: no output, and both builds whole.
            gaps += 1;
            let beside =
                |name: &str| snapshot_tree(&site.path(&format!(".public.ideawiki-{name}")));
            assert_same_tree(snapshot(now), &beside("old"), &context);
            assert_same_tree(snapshot(to), &beside("staging"), &context);
            // Killed again, at the first step of the next build: the step that finishes the
            // commit. Still nothing half done.
            assert!(
                build(&site, &hook(1)).crashed,
                "{context}: no step to finish it"
            );
            assert!(!site.public().exists(), "{context}, then again");
        } else if public != *snapshot(now) {
            assert_same_tree(snapshot(to), &public, &format!("{context}: neither build"));
        }
        build(&site, &[]);
        assert_same_tree(snapshot(to), &snapshot_tree(&site.public()), &context);
        assert_no_leftovers(&site);
        now = to;
    }
    assert_eq!(
        gaps > 0,
        fallback,
        "the fallback's gap between its renames was tried"
    );
    // With nothing changed, nothing is written again.
    let ended = build(&site, &[]);
    assert!(ended.stdout.contains("0 files written"), "{}", ended.stdout);
}

#[test]
fn a_build_killed_at_any_step_of_its_commit_leaves_one_whole_build() {
    kill_at_every_step(false);
}

#[test]
fn without_an_atomic_exchange_a_killed_build_is_finished_by_the_next() {
    kill_at_every_step(true);
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
fn leftovers_of_killed_builds_are_removed_by_the_next() {
    let site = small_site("first");
    site.build_ok();
    let good = snapshot_tree(&site.public());
    // What builds killed by older versions of ideawiki left: staging and backup folders
    // under temporary names, and the manifest beside the output.
    for dir in [".public.staging-Ab12Cd", ".public.old-xY34zW"] {
        site.write(&format!("{dir}/0"), b"a staged page");
    }
    site.write(".public.ideawiki-manifest", b"manifest 1 0.0.9 abc\n");
    // What a build of this version killed at its commit leaves: its staging folder.
    site.write(".public.ideawiki-staging/index.html", b"half a build");
    // And what is not ideawiki's stays.
    site.write(".public.notes", b"mine");
    site.write("public.old-Ab12Cd/x", b"mine too");
    let run = site.build_ok();
    assert!(run.stdout.contains("0 files written"), "{run}");
    assert_same_tree(&good, &snapshot_tree(&site.public()), "public/");
    assert_eq!(
        names(site.root()),
        [
            ".ideawiki",
            ".public.notes",
            "content",
            "ideawiki.yaml",
            "public",
            "public.old-Ab12Cd"
        ]
    );
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
