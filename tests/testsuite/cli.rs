//! The command line: help, version, usage errors and the summary line.

use crate::site::{TestSite, idea, page};

#[test]
fn help_lists_build() {
    let run = TestSite::new().run(&["--help"]);
    run.assert_success();
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("build")),
        "{run}"
    );
}

#[test]
fn build_help_lists_its_options() {
    let run = TestSite::new().run(&["build", "--help"]);
    run.assert_success();
    for flag in ["--root", "--output", "--base-url", "--drafts"] {
        assert!(run.stdout.contains(flag), "{flag} missing\n{run}");
    }
}

#[test]
fn version() {
    let run = TestSite::new().run(&["--version"]);
    run.assert_success();
    assert_eq!(run.stdout.trim(), "ideawiki 0.1.0", "{run}");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = TestSite::with_year();
    for args in [
        &["build", "--no-such-flag"][..],
        &["--no-such-flag"],
        &["no-such-command"],
        &[],
    ] {
        let run = site.run(args);
        run.assert_no_panic();
        assert_eq!(run.code, Some(2), "ideawiki {args:?}\n{run}");
        assert!(!run.stderr.is_empty(), "no usage message for {args:?}");
    }
    assert!(!site.public().exists(), "a usage error must not build");
}

#[test]
fn summary_line_counts_pages_and_ideas() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/a.md", &idea("A", ""))
        .file("content/gsoc/2027/b.md", &idea("B", ""))
        .file("content/gsoc/2027/c.md", &idea("C", "draft: true"))
        .file("content/applying.md", &page("Applying", ""));
    let run = site.build_ok();
    // The page count also covers the archive and the taxonomy pages; the idea count
    // leaves the draft out.
    let line = run.stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("built ") && line.contains(" pages (2 ideas in 1 year, 1 program) in "),
        "{run}"
    );
    assert!(
        run.stderr.is_empty(),
        "a clean build prints nothing on stderr\n{run}"
    );
    let run = site.build_with(&["--drafts"]);
    run.assert_success();
    assert!(run.stdout.contains(" pages (3 ideas in 1 year"), "{run}");
}

#[test]
fn summary_line_uses_the_singular_for_one() {
    let site = TestSite::with_year().file("content/gsoc/2027/a.md", &idea("A", ""));
    let run = site.build_ok();
    assert!(
        run.stdout.contains("(1 idea in 1 year, 1 program)"),
        "expected `1 idea`, not `1 ideas`\n{run}"
    );
}

#[test]
fn failure_line_uses_the_singular_for_one() {
    // One error (an unknown key) and one warning (students on an open idea).
    let site = TestSite::with_year()
        .file("content/gsoc/2027/a.md", &idea("A", "students: [Ann]"))
        .file("content/gsoc/2027/b.md", &idea("B", "mentor: [Jane Doe]"));
    let run = site.build();
    run.assert_failure();
    run.stderr_has("error: build failed with 1 error and 1 warning;");
}

/// Runs the binary on `site` with stdout going to `stdout`; returns (status, stderr).
fn run_with_stdout(
    site: &TestSite,
    args: &[&str],
    stdout: std::process::Stdio,
) -> (std::process::ExitStatus, String) {
    let root = site.root().to_str().expect("UTF-8 path");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ideawiki"))
        .args(args)
        .args(["--root", root])
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start ideawiki");
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().expect("stderr"), &mut err)
        .expect("read stderr");
    (child.wait().expect("wait for ideawiki"), err)
}

/// A site with enough warnings that `check --format json` prints many lines.
fn noisy_site() -> TestSite {
    (0..200).fold(TestSite::with_year(), |site, i| {
        site.file(
            &format!("content/gsoc/2027/i{i}.md"),
            &idea(&format!("Idea {i}"), ""),
        )
    })
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    // `check --format json | head -1`: the reader goes away after one line.
    let site = noisy_site();
    let root = site.root().to_str().expect("UTF-8 path");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ideawiki"))
        .args(["check", "--format", "json", "--root", root])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start ideawiki");
    drop(child.stdout.take());
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().expect("stderr"), &mut err)
        .expect("read stderr");
    let status = child.wait().expect("wait");
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(status.code(), Some(101), "{err}");
    assert!(!status.success(), "the output was cut short: {status:?}");
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_on_stdout_is_one_line_not_a_panic() {
    let site = noisy_site();
    for args in [&["build"][..], &["check", "--format", "json"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists on Linux");
        let (status, err) = run_with_stdout(&site, args, full.into());
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("error: cannot write to standard output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}
