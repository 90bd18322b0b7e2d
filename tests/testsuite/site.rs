//! Test helpers: a throw-away site on disk, the real `ideawiki` binary run against it, and
//! ways to read and compare what it wrote.
//!
//! Every test builds its own small site with [`TestSite`], so a test never depends on a
//! fixture shared with other tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// A run taking longer than this counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The config of [`TestSite::with_year`].
pub const TEST_CONFIG: &str = "title: Test ideas\nbase_url: https://ideas.example.org/\n";

/// A site in a fresh temporary folder.
///
/// The temporary folder holds the site in `site/`, so tests can also check that nothing was
/// written next to the site (see [`TestSite::outer`]).
pub struct TestSite {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status; `None` when the process was killed (timeout or signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// An empty site folder (no config, no content).
    pub fn new() -> TestSite {
        TestSite::new_in(&std::env::temp_dir())
    }

    /// An empty site folder in a fresh temporary folder under `parent`.
    pub fn new_in(parent: &Path) -> TestSite {
        let tmp = tempfile::Builder::new()
            .prefix("ideawiki-test-")
            .tempdir_in(parent)
            .expect("create a temporary folder");
        let root = tmp.path().join("site");
        std::fs::create_dir(&root).expect("create the site folder");
        TestSite { tmp, root }
    }

    /// A site with a config, a home page and the year section `content/gsoc/2027/`: the
    /// smallest site that has a place for ideas. Add ideas with [`TestSite::file`]. Its
    /// `base_url` is a real address, as a published site's is (with localhost, `build`
    /// and `check` warn).
    pub fn with_year() -> TestSite {
        TestSite::with_year_in(&std::env::temp_dir())
    }

    /// [`TestSite::with_year`], in a temporary folder under `parent`.
    pub fn with_year_in(parent: &Path) -> TestSite {
        TestSite::new_in(parent)
            .file("ideawiki.yaml", TEST_CONFIG)
            .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
            .file("content/gsoc/2027/_index.md", &year(2027, ""))
    }

    /// A copy of the repository's example site (`content/` and `ideawiki.yaml`).
    pub fn example() -> TestSite {
        TestSite::copy_of(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &["ideawiki.yaml", "content"],
        )
    }

    /// A copy of the site under `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> TestSite {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        TestSite::copy_of(&dir, &["ideawiki.yaml", "content"])
    }

    /// A new site holding the files and folders `entries` of `dir`.
    fn copy_of(dir: &Path, entries: &[&str]) -> TestSite {
        let site = TestSite::new();
        for rel in entries {
            for entry in walkdir::WalkDir::new(dir.join(rel)) {
                let entry = entry.expect("walk the site to copy");
                if entry.file_type().is_file() {
                    let inner = entry.path().strip_prefix(dir).expect("inside the folder");
                    let bytes = std::fs::read(entry.path()).expect("read a file to copy");
                    site.write(&inner.to_string_lossy(), &bytes);
                }
            }
        }
        site
    }

    /// Writes `text` at `rel` (relative to the site root), creating folders.
    pub fn file(self, rel: &str, text: &str) -> TestSite {
        self.write(rel, text.as_bytes());
        self
    }

    /// Writes raw bytes at `rel`, creating folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Deletes the file `rel`.
    pub fn remove(&self, rel: &str) {
        let path = self.root.join(rel);
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder that holds the site root (and nothing else, unless a test puts
    /// something there).
    pub fn outer(&self) -> &Path {
        self.tmp.path()
    }

    /// `rel` under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The default output folder, `public/`.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Runs `ideawiki build --root <site>`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// Runs `ideawiki build --root <site> ARGS…`.
    pub fn build_with(&self, args: &[&str]) -> Run {
        let root = self.root.to_str().expect("UTF-8 temp path");
        let mut all = vec!["build", "--root", root];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `ideawiki ARGS…` with the temporary folder as the working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.tmp.path(), args)
    }

    /// Runs `ideawiki build --root <site>` with the environment variables `env` set (the
    /// test hooks of `src/util/test_hook.rs`).
    pub fn build_env(&self, env: &[(&str, &str)]) -> Run {
        let root = self.root.to_str().expect("UTF-8 temp path");
        run_env(self.tmp.path(), &["build", "--root", root], env)
    }

    /// Builds and insists that it worked; returns the run for further checks.
    pub fn build_ok(&self) -> Run {
        let run = self.build();
        run.assert_success();
        run
    }

    /// Reads `public/<rel>` as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}\nfiles: {:#?}", path.display(), self.files()))
    }

    /// Whether `public/<rel>` exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Every file under `public/`, relative to it.
    pub fn files(&self) -> Vec<PathBuf> {
        snapshot_tree(&self.public()).into_keys().collect()
    }

    /// The error-test protocol: a good build first, then `break_it` damages the site, then a
    /// second build must fail with exit status 1, no panic, at least one `error[…]`, and
    /// change nothing on disk: `public/` stays byte-for-byte what the good build wrote (same
    /// file set), and nothing appears, changes or disappears anywhere in the temporary folder
    /// (no leftover staging folders, nothing written outside the site).
    pub fn fail_after_good_build(&self, break_it: impl FnOnce(&TestSite)) -> Run {
        self.build_ok();
        let good_public = snapshot_tree(&self.public());
        assert!(
            good_public.keys().any(|p| p.ends_with("index.html")),
            "the good build wrote no index.html: {good_public:#?}"
        );
        break_it(self);
        let before = snapshot_tree(self.outer());
        let run = self.build();
        run.assert_failure();
        assert_same_tree(
            &good_public,
            &snapshot_tree(&self.public()),
            "public/ after the failed build",
        );
        assert_same_tree(
            &before,
            &snapshot_tree(self.outer()),
            "the test folder after the failed build",
        );
        run
    }
}

/// Runs the binary with `args` in `cwd`, with colours off and a timeout.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_env(cwd, args, &[])
}

/// [`run_in`], with the environment variables `env` set.
pub fn run_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::cargo_bin("ideawiki")
        .expect("the ideawiki binary")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        // `check --external` tests talk to a local server: never through a proxy.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .timeout(TIMEOUT)
        .output()
        .expect("run ideawiki");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        run.code.is_some(),
        "ideawiki {args:?} was killed (hang past {TIMEOUT:?} or a signal)\n{run}"
    );
    run
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit status: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    /// Exit status 0, no panic.
    pub fn assert_success(&self) {
        self.assert_no_panic();
        assert_eq!(self.code, Some(0), "the build should succeed\n{self}");
    }

    /// Exit status 1 (content/config/template error), no panic, and a cargo-style error.
    pub fn assert_failure(&self) {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(1),
            "the build should fail with status 1\n{self}"
        );
        assert!(
            self.error_count() >= 1,
            "a failed build must print at least one `error[code]: …`\n{self}"
        );
    }

    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "ideawiki panicked\n{self}"
        );
    }

    /// Asserts that stderr contains `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}\n{self}"
        );
        self
    }

    /// Asserts that stderr has a `= help: …` note.
    pub fn has_help(&self) -> &Run {
        self.stderr_has("= help: ")
    }

    /// Number of `error[code]: …` lines on stderr.
    pub fn error_count(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error["))
            .count()
    }
}

/// YAML double-quoted form of `s`.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `extra_yaml` as whole lines.
fn lines(extra_yaml: &str) -> String {
    let mut s = extra_yaml.to_string();
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// An idea file: front matter with `title` and the lines of `extra_yaml`, and a short body.
pub fn idea(title: &str, extra_yaml: &str) -> String {
    format!(
        "---\ntitle: {}\n{}---\nThe detailed description of this idea.\n",
        yaml_quote(title),
        lines(extra_yaml)
    )
}

/// A year section `_index.md` for GSoC `year`, plus the lines of `extra_yaml`.
pub fn year(year: u32, extra_yaml: &str) -> String {
    format!(
        "---\ntitle: GSoC {year} project ideas\nprogram: GSoC\nyear: {year}\n{}---\nHow to apply in {year}.\n",
        lines(extra_yaml)
    )
}

/// A wiki page with `title` and the lines of `extra_yaml`.
pub fn page(title: &str, extra_yaml: &str) -> String {
    format!(
        "---\ntitle: {}\n{}---\nSome text.\n",
        yaml_quote(title),
        lines(extra_yaml)
    )
}

/// Marks the entries of [`snapshot_tree`] that are folders.
const DIR: &[u8] = b"\0<folder>";

/// Everything under `dir`, by path relative to it: files map to their bytes, folders to a
/// marker (so empty leftover folders count), symbolic links to their target (never
/// followed). An absent `dir` gives an empty map.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.expect("walk the tree");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("inside the tree")
            .to_path_buf();
        let ft = entry.file_type();
        let value = if ft.is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("read link");
            format!("\0<symlink to {}>", target.display()).into_bytes()
        } else if ft.is_dir() {
            DIR.to_vec()
        } else {
            std::fs::read(entry.path()).expect("read file")
        };
        out.insert(rel, value);
    }
    out
}

/// Asserts two snapshots are equal, naming the paths that differ.
pub fn assert_same_tree(
    expected: &BTreeMap<PathBuf, Vec<u8>>,
    actual: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    if expected == actual {
        return;
    }
    let mut msg = format!("{what} differs:\n");
    for (p, v) in expected {
        match actual.get(p) {
            None => writeln!(msg, "  removed: {}", p.display()).unwrap(),
            Some(w) if w != v => writeln!(msg, "  changed: {}", p.display()).unwrap(),
            Some(_) => {}
        }
    }
    for p in actual.keys().filter(|p| !expected.contains_key(*p)) {
        writeln!(msg, "  added:   {}", p.display()).unwrap();
    }
    panic!("{msg}");
}

/// Every `.html` file under `dir`, with its text.
pub fn html_files(dir: &Path) -> BTreeMap<PathBuf, String> {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("HTML output is UTF-8")))
        .collect()
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found in:\n{text}"));
    let rest = &text[i + start.len()..];
    let j = rest
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?}"));
    &rest[..j]
}
