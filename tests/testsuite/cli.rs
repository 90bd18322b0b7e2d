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
