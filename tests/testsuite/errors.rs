//! Bad input: every error names the file (and line where there is one), says how to fix it,
//! never panics, and leaves the previous `public/` exactly as it was.

use crate::site::{TestSite, idea, snapshot_tree, year};

const IDEA: &str = "content/gsoc/2027/broken.md";

/// A site with one good idea and `IDEA` about to be broken.
fn site() -> TestSite {
    TestSite::with_year().file("content/gsoc/2027/good.md", &idea("A good idea", ""))
}

#[test]
fn front_matter_never_closed() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(
            IDEA,
            b"---\ntitle: Never closed\nsize: small\n\nThe body.\n",
        );
    });
    run.stderr_has("error[unclosed-front-matter]")
        .stderr_has(&format!("{IDEA}:1:"))
        .stderr_has("help: add a line with only `---`");
}

#[test]
fn front_matter_nested_a_hundred_thousand_levels_is_refused_at_its_line() {
    // libyaml needs most of a minute for this; the nesting check refuses it at once.
    let site = site();
    let run = site.fail_after_good_build(|s| {
        let deep = format!(
            "---\ntitle: Deep\nextra: {}{}\n---\nBody.\n",
            "{a: ".repeat(100_000),
            "}".repeat(100_000)
        );
        s.write(IDEA, deep.as_bytes());
    });
    run.stderr_has("lists or maps nested more than 64 levels deep")
        .stderr_has(&format!("{IDEA}:3:"))
        .stderr_has("help: front matter holds texts, lists of texts and small maps");
}

#[test]
fn ten_thousand_problems_on_one_long_line_print_a_bounded_report() {
    // Each of 10,000 missing wiki links on one 60 KB line used to print the whole line.
    let links = "[[Nowhere]] ".repeat(10_000);
    let site = site().file(
        "content/gsoc/2027/links.md",
        &idea("Many links", "").replace("The detailed description", &links),
    );
    let root = site.root().to_str().expect("UTF-8 path");
    let run = site.run(&["check", "--root", root]);
    assert!(
        run.stderr.len() < 200_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    run.stderr_has("warning[more-problems]: 9952 more warnings in this file, not shown")
        .stderr_has("content/gsoc/2027/links.md:");
    let json = site.run(&["check", "--root", root, "--format", "json"]);
    let of_links = json
        .stdout
        .lines()
        .filter(|l| l.contains("links.md"))
        .count();
    assert_eq!(of_links, 51, "50 problems and the count of the rest");
}

#[test]
fn yaml_tab_indentation() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(
            IDEA,
            b"---\ntitle: Tabs\nmentors:\n\t- Jane Doe\n---\nBody.\n",
        );
    });
    run.stderr_has(&format!("{IDEA}:4:"))
        .stderr_has("help: indent YAML with spaces, never tabs");
}

#[test]
fn mentors_is_a_number() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(IDEA, idea("Mentors as a number", "mentors: 5").as_bytes());
    });
    run.stderr_has(&format!("{IDEA}:3:"))
        .stderr_has("mentors: 5")
        .stderr_has("`mentors` is the number `5`, but it must be a list")
        .stderr_has("help: `mentors` must be a list of mentors");
}

#[test]
fn year_is_a_word() {
    let site = site();
    let file = "content/gsoc/2027/_index.md";
    let run = site.fail_after_good_build(|s| {
        s.write(
            file,
            b"---\ntitle: GSoC 2027\nprogram: GSoC\nyear: \"twenty\"\n---\nIntro.\n",
        );
    });
    run.stderr_has(&format!("{file}:4:"))
        .stderr_has("twenty")
        .stderr_has("help: `year` must be a year as a number");
}

#[test]
fn missing_title() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(IDEA, b"---\nproject: Xen\nsize: small\n---\nBody.\n");
    });
    run.stderr_has("missing required key `title`")
        .stderr_has(&format!("{IDEA}:1:"))
        .stderr_has("help: add a line such as `title: …`");
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(
            IDEA,
            idea("Typo", "project: Xen\nmentor: [Jane Doe]").as_bytes(),
        );
    });
    run.stderr_has("unknown key `mentor`")
        .stderr_has(&format!("{IDEA}:4:1"))
        .stderr_has("help: did you mean `mentors`?");
}

#[test]
fn invalid_utf8_names_the_file() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(
            IDEA,
            b"---\ntitle: Latin-1\n---\nFirst line.\nCaf\xe9 cr\xe8me.\n",
        );
    });
    run.stderr_has(IDEA)
        .stderr_has("UTF-8")
        .stderr_has("broken.md:5:")
        .has_help();
}

#[test]
fn empty_file() {
    let site = site();
    let run = site.fail_after_good_build(|s| s.write(IDEA, b""));
    run.stderr_has("this file is empty")
        .stderr_has(IDEA)
        .has_help();
}

#[test]
fn two_files_with_the_same_url() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write("content/gsoc/2027/a.md", idea("Idea A", "").as_bytes());
        s.write(
            "content/gsoc/2027/b.md",
            idea("Idea B", "slug: a").as_bytes(),
        );
    });
    run.stderr_has("content/gsoc/2027/a.md")
        .stderr_has("content/gsoc/2027/b.md")
        .stderr_has("/gsoc/2027/a/")
        .has_help();
}

#[test]
fn slug_escaping_the_output_is_refused() {
    let site = site();
    // `fail_after_good_build` also checks that nothing at all was written in the test
    // folder, inside or outside the site.
    let run = site.fail_after_good_build(|s| {
        s.write(IDEA, idea("Escape", "slug: ../../etc").as_bytes());
    });
    run.stderr_has("slug: ../../etc")
        .stderr_has(&format!("{IDEA}:3:"))
        .has_help();
    assert!(!site.path("etc").exists() && !site.outer().join("etc").exists());
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(
            "templates/year.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<p>{% if %}yes{% endif %}</p>\n{% endblock content %}\n",
        );
    });
    run.stderr_has("error[template-syntax]")
        .stderr_has("templates/year.html:3:")
        .has_help();
}

#[test]
fn unknown_theme() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write("ideawiki.yaml", b"title: Test ideas\ntheme: nonexistent\n");
    });
    run.stderr_has("nonexistent")
        .stderr_has("themes/nonexistent/")
        // The config line that names the theme.
        .stderr_has("ideawiki.yaml:2:")
        .has_help();
}

#[test]
fn output_into_content_is_refused() {
    let site = site();
    site.build_ok();
    let public = snapshot_tree(&site.public());
    let before = snapshot_tree(site.outer());
    // As a user would type it, from the site folder.
    let run = crate::site::run_in(site.root(), &["build", "--output", "content"]);
    run.assert_failure();
    run.stderr_has("content").has_help();
    crate::site::assert_same_tree(&public, &snapshot_tree(&site.public()), "public/");
    crate::site::assert_same_tree(&before, &snapshot_tree(site.outer()), "the test folder");
    // The same folder named by an absolute path, and a folder inside it.
    for out in [site.path("content"), site.path("content/gsoc/out")] {
        let run = site.build_with(&["--output", out.to_str().unwrap()]);
        run.assert_failure();
        run.has_help();
        crate::site::assert_same_tree(&before, &snapshot_tree(site.outer()), "the test folder");
    }
}

#[test]
fn symlink_loop_is_an_error_not_a_hang() {
    let site = site();
    let run = site.fail_after_good_build(|s| {
        std::os::unix::fs::symlink(".", s.path("content/loop")).unwrap();
    });
    run.stderr_has("content/loop").has_help();
}

#[test]
fn symlink_outside_the_site_is_refused() {
    let site = site();
    let secret = site.outer().join("secret.md");
    std::fs::write(&secret, idea("Secret", "")).unwrap();
    let run = site.fail_after_good_build(|s| {
        std::os::unix::fs::symlink(&secret, s.path("content/gsoc/2027/secret.md")).unwrap();
    });
    run.stderr_has("content/gsoc/2027/secret.md").has_help();
    assert!(!run.stdout.contains("Secret") && !run.stderr.contains("Secret"));
}

#[test]
fn fifty_megabyte_idea_builds_or_fails_cleanly() {
    let site = site();
    site.build_ok();
    let good_public = snapshot_tree(&site.public());
    let para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit: see [the guide](/applying/) \
                and write to nobody. Sed do eiusmod tempor incididunt ut labore.\n\n";
    let mut text = String::from("---\ntitle: A very long idea\nsize: large\n---\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str("## A heading\n\n");
        for _ in 0..100 {
            text.push_str(para);
        }
    }
    site.write("content/gsoc/2027/huge.md", text.as_bytes());
    let run = site.build();
    run.assert_no_panic();
    match run.code {
        Some(0) => {
            let html = site.read("gsoc/2027/huge/index.html");
            assert!(html.len() > 50 * 1024 * 1024, "the idea page is truncated");
            assert!(html.contains("A very long idea"));
            assert!(html.trim_end().ends_with("</html>"));
        }
        Some(1) => {
            run.stderr_has("content/gsoc/2027/huge.md").has_help();
            crate::site::assert_same_tree(&good_public, &snapshot_tree(&site.public()), "public/");
        }
        other => panic!("unexpected exit status {other:?}\n{run}"),
    }
}

#[test]
fn several_broken_files_are_all_reported() {
    let site = site();
    let broken = [
        (
            "content/gsoc/2027/unclosed.md",
            "---\ntitle: X\n".to_string(),
        ),
        (
            "content/gsoc/2027/typo.md",
            idea("Typo", "mentor: [Jane Doe]"),
        ),
        ("content/gsoc/2027/mentors.md", idea("Bad", "mentors: 5")),
        ("content/gsoc/2027/empty.md", String::new()),
        (
            "content/applying.md",
            "---\ntitle: [unclosed\n---\n".to_string(),
        ),
        (
            "content/gsoc/2028/_index.md",
            "---\ntitle: GSoC 2028\nyear: \"twenty\"\n---\n".to_string(),
        ),
    ];
    let run = site.fail_after_good_build(|s| {
        for (path, text) in &broken {
            s.write(path, text.as_bytes());
        }
    });
    assert_eq!(
        run.error_count(),
        broken.len(),
        "every broken file should be reported once\n{run}"
    );
    for (path, _) in &broken {
        run.stderr_has(path);
    }
    run.stderr_has(&format!("build failed with {} errors", broken.len()));
}

#[test]
fn error_format_is_cargo_like() {
    // error[code]: message / --> file:line:col / the source line / = help: …
    let site = site();
    let run = site.fail_after_good_build(|s| {
        s.write(IDEA, idea("Typo", "mentor: [Jane Doe]").as_bytes());
    });
    let lines: Vec<&str> = run.stderr.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("error[unknown-key]: unknown key `mentor`"))
        .unwrap_or_else(|| panic!("no error header\n{run}"));
    assert_eq!(
        lines.get(i + 1).map(|l| l.trim_start()),
        Some(format!("--> {IDEA}:3:1").as_str()),
        "the line after the header should be ` --> file:line:col` as in cargo\n{run}"
    );
    assert!(
        lines[i..].iter().any(|l| l.contains("mentor: [Jane Doe]")),
        "the source line should be shown\n{run}"
    );
    run.stderr_has("= help: did you mean `mentors`?");
}

#[test]
fn a_year_typo_in_year_section_is_reported_with_its_line() {
    // Same protocol on a year section's own keys: a wrong status value.
    let site = site();
    let file = "content/gsoc/2027/_index.md";
    let run = site.fail_after_good_build(|s| {
        s.write(file, year(2027, "status: opne").as_bytes());
    });
    run.stderr_has(&format!("{file}:5:"))
        .stderr_has("opne")
        .has_help();
}
