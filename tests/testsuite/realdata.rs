//! Real organisations' ideas: values as mentors write them, read as they mean.

use crate::site::{TestSite, idea};

#[test]
fn words_and_sizes_as_mentors_write_them_build_and_show_canonically() {
    let site = TestSite::with_year().file(
        "content/gsoc/2027/plugins.md",
        &idea(
            "Plugins",
            "difficulty: Intermediate\nstatus: Available\nsize: Large (350 hours)\nskills: [Go]",
        ),
    );
    site.build_ok();
    let page = site.read("gsoc/2027/plugins/index.html");
    for shown in ["Medium", "Open", "Large (~350 h)"] {
        assert!(page.contains(shown), "{shown} missing from the idea page");
    }
    assert!(site.exists("difficulty/medium/index.html"));
    assert!(site.exists("status/open/index.html"));
    // The file keeps what the mentor wrote.
    assert!(
        std::fs::read_to_string(site.path("content/gsoc/2027/plugins.md"))
            .expect("idea")
            .contains("difficulty: Intermediate")
    );
}

/// The whole diagnostic `build` prints for a site whose one idea has this front matter.
fn diagnostic_for(front_matter: &str) -> String {
    let site = TestSite::with_year().file(
        "content/gsoc/2027/idea.md",
        &format!("---\n{front_matter}---\nBody.\n"),
    );
    let run = site.build();
    assert_eq!(run.code, Some(1), "{run}");
    run.stderr
        .split("\nerror: build failed")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_list_written_as_one_text_gets_the_line_to_write() {
    insta::assert_snapshot!(diagnostic_for(
        "title: A\nmentors: Alice Example, Bob Builder\n"
    ));
}

#[test]
fn a_title_with_a_colon_gets_the_quoted_line() {
    insta::assert_snapshot!(diagnostic_for("title: Plugins: a better API\n"));
}

#[test]
fn a_size_written_as_a_map_gets_the_number() {
    insta::assert_snapshot!(diagnostic_for("title: A\nsize: {hours: 350}\n"));
}

#[test]
fn names_in_any_script_become_ascii_urls_alike() {
    let site = TestSite::with_year().file(
        "content/gsoc/2027/Idée spéciale.md",
        &idea(
            "Idée spéciale",
            "mentors: [José Guilherme Vanz]\nskills: [Straße]",
        ),
    );
    site.build_ok();
    for page in [
        "gsoc/2027/idee-speciale/index.html",
        "mentors/jose-guilherme-vanz/index.html",
        "skills/strasse/index.html",
    ] {
        assert!(site.exists(page), "{page} missing");
    }
}

#[test]
fn one_mistake_in_a_year_section_is_one_error() {
    let site = (0..5).fold(
        TestSite::with_year().file(
            "content/gsoc/2027/_index.md",
            "---\ntitle: GSoC 2027\nyear: 2027\nstatus: opne\n---\nHow to apply.\n",
        ),
        |site, i| {
            site.file(
                &format!("content/gsoc/2027/idea-{i}.md"),
                &idea(&format!("Idea {i}"), "project: Xen"),
            )
        },
    );
    let run = site.build();
    assert_eq!(run.code, Some(1), "{run}");
    assert_eq!(run.error_count(), 1, "{run}");
    run.stderr_has("content/gsoc/2027/_index.md:4:");
}

#[test]
fn impossible_dates_and_addresses_that_are_not_addresses_are_errors() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/_index.md",
            "---\ntitle: GSoC 2027\nyear: 2027\ndeadline: 2026-02-30\n---\n",
        )
        .file(
            "content/gsoc/2027/a.md",
            &idea(
                "A",
                "mentors:\n  - {name: Ann, email: ann AT example DOT org}",
            ),
        );
    let run = site.build();
    assert_eq!(run.code, Some(1), "{run}");
    run.stderr_has("`deadline: 2026-02-30` is not a date")
        .stderr_has("the email of mentor `Ann` is not an address: `ann AT example DOT org`")
        .stderr_has("such as `jane@example.org`");
}

#[test]
fn a_wiki_link_to_nothing_suggests_the_nearest_title() {
    let site = TestSite::with_year()
        .file(
            "content/how-to-apply.md",
            "---\ntitle: How to apply\n---\nSteps.\n",
        )
        .file(
            "content/gsoc/2027/a.md",
            &idea("A", "").replace("The detailed description", "See [[How to aply]]"),
        );
    let root = site.root().to_str().expect("UTF-8 path");
    for args in [&["build", "--root", root][..], &["check", "--root", root]] {
        let run = site.run(args);
        run.stderr_has("warning[missing-wikilink]: the wiki link [[How to aply]] leads to no page")
            .stderr_has("did you mean [[How to apply]]?");
    }
}

#[test]
fn check_warns_about_skill_spellings_and_prose() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/a.md",
            &idea("A", "mentors: [Ann]\nskills: [Go, Git]"),
        )
        .file(
            "content/gsoc/2027/b.md",
            &idea("B", "mentors: [Ann]\nskills: [Go, Git]"),
        )
        .file(
            "content/gsoc/2027/c.md",
            &idea("C", "mentors: [Ann]\nskills: [go, Gits]"),
        )
        .file(
            "content/gsoc/2027/d.md",
            &idea(
                "D",
                "mentors: [Ann]\nskills: [Kubernetes, basic programming skills and a debugger]",
            ),
        )
        .file(
            "content/gsoc/2027/e.md",
            &idea("E", "mentors: [Ann]\nskills: [Kubernetis, C, C++]"),
        );
    let root = site.root().to_str().expect("UTF-8 path");
    let run = site.run(&["check", "--root", root]);
    run.stderr_has("the skill `go` looks like `Go`, which other ideas use (2 of them)")
        .stderr_has("the skill `Gits` looks like `Git`")
        .stderr_has("content/gsoc/2027/c.md:4:")
        .stderr_has("the skill `basic programming skills and a debugger` reads as a sentence")
        .stderr_has("the skill `Kubernetis` looks like `Kubernetes`");
    assert!(!run.stderr.contains("`C++` looks like"), "{run}");
    assert!(!run.stderr.contains("`C` looks like"), "{run}");
}

#[test]
fn skill_aliases_put_every_spelling_on_one_skill_page() {
    let site = TestSite::with_year()
        .file(
            "ideawiki.yaml",
            "title: Test ideas\nskill_aliases: {Golang: Go, \"go programming language\": Go}\n",
        )
        .file(
            "content/gsoc/2027/a.md",
            &idea("A", "mentors: [Ann]\nskills: [Go]"),
        )
        .file(
            "content/gsoc/2027/b.md",
            &idea("B", "mentors: [Ann]\nskills: [golang]"),
        )
        .file(
            "content/gsoc/2027/c.md",
            &idea(
                "C",
                "mentors: [Ann]\nskills: [Go Programming Language, Rust]",
            ),
        );
    let run = site.build_ok();
    assert!(!run.stderr.contains("skill"), "{run}");
    assert!(!site.exists("skills/golang/index.html"));
    let go = site.read("skills/go/index.html");
    for idea in ["gsoc/2027/a/", "gsoc/2027/b/", "gsoc/2027/c/"] {
        assert!(go.contains(idea), "{idea} missing from the Go page");
    }
    let json = site.read("ideas.json");
    assert!(
        !json.contains("golang") && !json.contains("Programming Language"),
        "{json}"
    );
    let root = site.root().to_str().expect("UTF-8 path");
    let check = site.run(&["check", "--root", root]);
    assert!(!check.stderr.contains("skill-spelling"), "{check}");
}
