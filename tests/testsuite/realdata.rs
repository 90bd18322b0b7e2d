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

/// An idea with every field real organisations use, under `emails: obfuscate`.
fn fields_site() -> TestSite {
    TestSite::with_year()
        .file(
            "ideawiki.yaml",
            "title: Test ideas\nfields:\n  area: Area\n  chat_room: {label: Chat room, kind: url}\n  tracks: {label: Tracks, kind: list}\n",
        )
        .file(
            "content/gsoc/2027/plugins.md",
            "---\ntitle: Plugins\nmentors:\n  - {name: Zoë Ångström, github: 'https://github.com/zoe-a', role: backup}\n  - {name: Łukasz Wróbel, github: '@lukasz', email: lukasz@example.org}\n\
             outcomes:\n  - A plugin API with *two* example plugins\n  - Documentation for plugin authors\n\
             prerequisites: Comfortable reading C you did not write\n\
             links:\n  issue: https://tracker.example.org/issues/7\n  chat: [https://matrix.to/#/#dev:example.org, 'irc://irc.example.org/dev']\n  mailing_list: 'mailto:dev@example.org'\n\
             extra: {area: Storage, chat_room: 'javascript:alert(1)', tracks: [Core, 'UI & UX'], secret_note: not shown}\n\
             ---\nThe description.\n",
        )
}

#[test]
fn outcomes_prerequisites_links_and_declared_fields_show_on_the_idea_page() {
    let site = fields_site();
    site.build_ok();
    let page = site.read("gsoc/2027/plugins/index.html");
    for shown in [
        "<h2 id=\"iw-outcomes\">Expected outcomes</h2>",
        "<li>A plugin API with <em>two</em> example plugins</li>",
        "<h2 id=\"iw-prerequisites\">Prerequisites</h2>",
        "<p>Comfortable reading C you did not write</p>",
        "<a href=\"https://tracker.example.org/issues/7\" class=\"link-issue\">Upstream issue</a>",
        "<a href=\"irc://irc.example.org/dev\" class=\"link-chat\">Chat</a>",
        "<dt>Area</dt>",
        "<dd>Storage</dd>",
        "<dt>Tracks</dt>",
        "<li>UI &amp; UX</li>",
        "<a class=\"github\" href=\"https://github.com/zoe-a\"",
        "@lukasz",
        "(backup)",
    ] {
        assert!(page.contains(shown), "{shown} missing from:\n{page}");
    }
    // A declared url field that is not a safe address is text, never a link; the mailing
    // list's address is hidden under `emails: obfuscate`; undeclared extra keys stay out.
    assert!(!page.contains("href=\"javascript:"), "{page}");
    assert!(page.contains("<dt>Chat room</dt>"), "{page}");
    assert!(!page.contains("mailto:dev@"), "{page}");
    assert!(page.contains(">Mailing list<"), "{page}");
    assert!(!page.contains("not shown"), "{page}");
    // The mentor's page says how to reach them.
    let mentor = site.read("mentors/lukasz-wrobel/index.html");
    assert!(
        mentor.contains("<a href=\"https://github.com/lukasz\">@lukasz</a>"),
        "{mentor}"
    );
    assert!(mentor.contains("lukasz AT example DOT org"), "{mentor}");
}

#[test]
fn links_and_github_names_that_cannot_be_links_are_errors_at_their_line() {
    for (front_matter, needle) in [
        (
            "links: {issue: 'javascript:alert(1)'}\n",
            "the link `Upstream issue` is not a full web address",
        ),
        (
            "links: [{title: Notes, url: ../../secret}]\n",
            "the link `Notes` is not a full web address",
        ),
        (
            "mentors: [{name: Ann, github: 'not a handle'}]\n",
            "the github of mentor `Ann` is not a GitHub user name",
        ),
        ("links: {homepage: https://example.org/}\n", "`homepage`"),
        (
            "mentors: [{name: Ann, role: boss}]\n",
            "`role` in `mentors` cannot be `boss`",
        ),
    ] {
        let out = diagnostic_for(&format!("title: A\n{front_matter}"));
        assert!(out.contains(needle), "{front_matter}: {out}");
        assert!(out.contains("content/gsoc/2027/idea.md:"), "{out}");
        assert!(out.contains("help:"), "{out}");
    }
}

#[test]
fn an_archived_year_without_statuses_says_nothing_about_them() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2019/_index.md",
            &crate::site::year(2019, "status: archived"),
        )
        .file("content/gsoc/2019/old.md", &idea("Old", "mentors: [Ann]"))
        .file(
            "content/gsoc/2019/done.md",
            &idea("Done", "status: completed"),
        )
        .file("content/gsoc/2027/new.md", &idea("New", "mentors: [Ann]"));
    site.build_ok();
    let old = site.read("gsoc/2019/old/index.html");
    assert!(
        !old.contains("Not taken") && !old.contains("<dt>Status</dt>"),
        "{old}"
    );
    assert!(site.read("gsoc/2019/done/index.html").contains("Completed"));
    // In a year that is not archived, no status still means open.
    assert!(site.read("gsoc/2027/new/index.html").contains("badge-open"));
    let open = site.read("status/open/index.html");
    assert!(
        open.contains("gsoc/2027/new/") && !open.contains("gsoc/2019/old/"),
        "{open}"
    );
    let year = site.read("gsoc/2019/index.html");
    assert!(!year.contains("Not taken"), "{year}");
}

#[test]
fn one_mentor_written_two_ways_is_one_mentor_and_two_details_are_a_warning() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/a.md",
            &idea(
                "A",
                "mentors: [{name: Ana María Núñez, email: ana@example.org}]",
            ),
        )
        .file(
            "content/gsoc/2027/b.md",
            &idea(
                "B",
                "mentors: [{name: 'ana  maría núñez', email: ana@other.example}]",
            ),
        )
        .file(
            "content/gsoc/2027/c.md",
            &idea("C", "mentors: [{name: Bo, github: bo1}, {name: Cy}]"),
        )
        .file(
            "content/gsoc/2027/d.md",
            &idea("D", "mentors: [{name: bo, github: '@BO1'}]"),
        );
    site.build_ok();
    let page = site.read("mentors/ana-maria-nunez/index.html");
    assert!(
        page.contains("gsoc/2027/a/") && page.contains("gsoc/2027/b/"),
        "{page}"
    );
    assert!(!site.exists("mentors/ana-maria-nunez-2/index.html"));
    let root = site.root().to_str().expect("UTF-8 path");
    let run = site.run(&["check", "--root", root]);
    run.stderr_has(
        "mentor `ana  maría núñez` has another email here than in content/gsoc/2027/a.md",
    )
    .stderr_has("content/gsoc/2027/b.md:");
    // GitHub names are not case-sensitive: `bo1` and `@BO1` are one person.
    assert!(!run.stderr.contains("GitHub name"), "{run}");
}

#[test]
fn check_reports_what_the_program_asks_of_each_idea_of_an_open_year() {
    let site = TestSite::with_year()
        .file(
            "ideawiki.yaml",
            "title: Test ideas\nprograms:\n  gsoc: {title: Google Summer of Code, requires: [summary, outcomes, skills, size, difficulty, mentors], min_mentors: 2}\n",
        )
        .file(
            "content/gsoc/2027/full.md",
            &idea(
                "Full",
                "summary: S\noutcomes: [O]\nskills: [C]\nsize: 175\ndifficulty: easy\nmentors: [Ann, Bob]",
            ),
        )
        .file(
            "content/gsoc/2027/thin.md",
            &idea("Thin", "skills: [C]\nmentors: [Ann]"),
        )
        .file("content/gsoc/2019/_index.md", &crate::site::year(2019, "status: archived"))
        .file("content/gsoc/2019/old.md", &idea("Old", ""));
    let root = site.root().to_str().expect("UTF-8 path");
    let run = site.run(&["check", "--root", root]);
    run.assert_success();
    for needle in [
        "Google Summer of Code asks every idea for a summary; this idea has none",
        "Google Summer of Code asks every idea for expected outcomes; this idea has none",
        "Google Summer of Code asks every idea for a size; this idea has none",
        "Google Summer of Code asks every idea for a difficulty; this idea has none",
        "Google Summer of Code asks for 2 mentors per idea; this idea names 1",
        "help: add `outcomes:` as a list",
        "content/gsoc/2027/thin.md:",
    ] {
        run.stderr_has(needle);
    }
    assert_eq!(
        run.stderr.matches("warning[program-requires]").count(),
        5,
        "{run}"
    );
    assert!(
        !run.stderr.contains("full.md") && !run.stderr.contains("2019"),
        "{run}"
    );
    let strict = site.run(&["check", "--root", root, "--deny-warnings"]);
    assert_eq!(strict.code, Some(1), "{strict}");
}

#[test]
fn init_writes_the_gsoc_rules_and_a_starter_that_meets_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let site_arg = site.to_str().expect("UTF-8 path");
    crate::site::run_in(dir.path(), &["init", site_arg]).assert_success();
    let config = std::fs::read_to_string(site.join("ideawiki.yaml")).expect("config");
    assert!(
        config.contains("requires: [summary, outcomes, skills, size, difficulty, mentors]"),
        "{config}"
    );
    let run = crate::site::run_in(
        dir.path(),
        &["check", "--root", site_arg, "--deny-warnings"],
    );
    assert!(!run.stderr.contains("program-requires"), "{run}");
}

/// The messy fixture's `check`: the warnings a real organisation's ideas give, each at its
/// file, and none left once each is fixed as its help says.
#[test]
fn the_messy_fixture_passes_check_once_its_listed_warnings_are_fixed() {
    let site = TestSite::fixture("messy-org");
    site.build_ok();
    let root = site.root().to_str().expect("UTF-8 path").to_string();
    let run = site.run(&["check", "--root", &root]);
    run.assert_success();
    let mut codes: Vec<(String, String)> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning["))
        .filter_map(|l| l.split_once("]: "))
        .map(|(code, message)| (code.to_string(), message.to_string()))
        .collect();
    codes.sort();
    let expected = [
        (
            "mentor-differs",
            "mentor `Zoë Ångström` has another email here than in content/gsoc/2026/fits-viewer.md",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for a difficulty; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for a difficulty; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for a difficulty; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for a size; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for a size; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for a summary; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for expected outcomes; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for expected outcomes; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for mentors; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks every idea for skills; this idea has none",
        ),
        (
            "program-requires",
            "Google Summer of Code asks for 2 mentors per idea; this idea names 1",
        ),
        // Ana María Núñez, written twice.
        (
            "program-requires",
            "Google Summer of Code asks for 2 mentors per idea; this idea names 1",
        ),
        (
            "skill-spelling",
            "the skill `Kubernetis` looks like `Kubernetes`, which other ideas use (1 of them)",
        ),
        (
            "skill-spelling",
            "the skill `basic programming skills and a debugger` reads as a sentence, not a keyword",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, m)| (c.to_string(), m.to_string()))
        .collect();
    assert_eq!(codes, expected, "{run}");
    // The 2025 archive is history: nothing there is linted.
    assert!(!run.stderr.contains("content/gsoc/2025/"), "{run}");

    // Fixed as the helps say.
    let edit = |rel: &str, from: &str, to: &str| {
        let path = site.path(rel);
        let text = std::fs::read_to_string(&path).expect("fixture file");
        assert!(text.contains(from), "{rel} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "content/gsoc/2026/fits-viewer.md",
        "zoe.angstrom@old-university.example",
        "zoe@open-telescope.example",
    );
    edit(
        "content/gsoc/2026/fits-viewer.md",
        "size: 175 h\n",
        "size: 175 h\ndifficulty: medium\n",
    );
    edit(
        "content/gsoc/2026/kubernetes-operator.md",
        "Kubernetis",
        "Kubernetes",
    );
    edit(
        "content/gsoc/2026/alerts.md",
        "mentors: [Minh Khai]\nskills: [Kubernetes, basic programming skills and a debugger]\n",
        "mentors: [Minh Khai, Bob O'Brien]\nskills: [Kubernetes, Debugging]\nsize: 175\ndifficulty: medium\noutcomes: [Alerts reach the telescopes within a minute]\n",
    );
    edit(
        "content/gsoc/2026/pipeline-docs.md",
        "{name: \"ana  maría núñez\"}",
        "{name: Bob O'Brien}",
    );
    edit(
        "content/gsoc/2026/Idée spéciale.md",
        "title: Idée spéciale\n",
        "title: Idée spéciale\nsummary: A special idea.\nmentors: [Zoë Ångström, Bob O'Brien]\nskills: [Python]\nsize: 90\ndifficulty: easy\noutcomes: [Something special]\n",
    );
    let strict = site.run(&["check", "--root", &root, "--deny-warnings"]);
    assert_eq!(strict.code, Some(0), "{strict}");
}
