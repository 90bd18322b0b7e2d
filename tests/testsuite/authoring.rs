//! The authoring commands and the yearly chores: `init`, `new`, `check`, `archive` and
//! `rollover`, each run through the real binary on a site of its own.

use crate::site::{Run, TestSite, assert_same_tree, idea, snapshot_tree, year};

/// Runs `ideawiki ARGS… --root <site>`.
fn cmd(site: &TestSite, args: &[&str]) -> Run {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let mut all = args.to_vec();
    all.extend(["--root", root]);
    site.run(&all)
}

/// An idea `check` has nothing to say about.
fn complete_idea(title: &str) -> String {
    idea(title, "mentors: [Ann Example]\nskills: [C]")
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// Runs `check --format json` and parses every line of stdout.
fn check_json(site: &TestSite, extra: &[&str]) -> (Run, Vec<serde_json::Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = cmd(site, &args);
    run.assert_no_panic();
    let diags = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}\n{run}")))
        .collect();
    (run, diags)
}

/// The one diagnostic with `code`, asserting there is exactly one.
fn only<'a>(diags: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    let found: Vec<_> = diags.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "expected one `{code}` in {diags:#?}");
    found[0]
}

/// Asserts file, line, column and severity of a JSON diagnostic.
fn assert_at(d: &serde_json::Value, file: &str, line: u64, column: u64, severity: &str) {
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
    assert_eq!(d["column"], column, "{d:#}");
    assert_eq!(d["severity"], severity, "{d:#}");
}

// ---------------------------------------------------------------------------------------
// init

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let site = TestSite::new();
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = site.run(&["init", root, "--base-url", "https://example.org/"]);
    run.assert_success();
    assert!(
        run.stdout.contains("created ") && run.stdout.contains("ideawiki.yaml"),
        "{run}"
    );
    for rel in [
        "ideawiki.yaml",
        "content/_index.md",
        "content/applying.md",
        "content/gsoc/_index.md",
    ] {
        assert!(site.path(rel).is_file(), "{rel} missing\n{run}");
    }
    assert!(
        !site.path("themes").exists(),
        "init must not copy the built-in theme"
    );
    let years: Vec<String> = std::fs::read_dir(site.path("content/gsoc"))
        .expect("content/gsoc")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(years.len(), 1, "{years:?}");
    let this_year = &years[0];
    assert!(read(&site, &format!("content/gsoc/{this_year}/_index.md")).contains("status: open"));

    site.build_ok();
    assert!(site.exists(&format!(
        "gsoc/{this_year}/improve-the-getting-started-guide/index.html"
    )));
    let check = cmd(&site, &["check"]);
    check.assert_success();
    check.stderr_has("no problems found");
}

#[test]
fn init_creates_a_missing_folder() {
    let site = TestSite::new();
    let run = site.run(&["init", "brand-new"]);
    run.assert_success();
    assert!(
        site.outer().join("brand-new/content/_index.md").is_file(),
        "{run}"
    );
}

#[test]
fn init_refuses_a_folder_in_use() {
    let site = TestSite::new().file("notes.txt", "mine\n");
    let before = snapshot_tree(site.outer());
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = site.run(&["init", root]);
    run.assert_failure();
    run.stderr_has("error[not-empty]")
        .stderr_has("notes.txt")
        .stderr_has("--force");
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "the folder after a refused init",
    );
}

#[test]
fn init_force_keeps_every_existing_file() {
    let site = TestSite::new()
        .file("ideawiki.yaml", "title: Our own title\n")
        .file("content/_index.md", "---\ntitle: Our home\n---\nOurs.\n")
        .file("notes.txt", "mine\n");
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = site.run(&["init", root, "--force"]);
    run.assert_success();
    assert!(run.stdout.contains("kept    "), "{run}");
    assert!(
        run.stdout.contains("ideawiki.yaml (it already exists)"),
        "{run}"
    );
    assert_eq!(read(&site, "ideawiki.yaml"), "title: Our own title\n");
    assert_eq!(
        read(&site, "content/_index.md"),
        "---\ntitle: Our home\n---\nOurs.\n"
    );
    assert_eq!(read(&site, "notes.txt"), "mine\n");
    assert!(site.path("content/applying.md").is_file());
    site.build_ok();
    assert!(site.read("index.html").contains("Our home"));
}

// ---------------------------------------------------------------------------------------
// new idea, new year

#[test]
fn new_idea_writes_every_key_and_builds() {
    let site = TestSite::with_year();
    let run = cmd(
        &site,
        &[
            "new",
            "idea",
            "Virtio on Xen: the next step",
            "--project",
            "Xen",
        ],
    );
    run.assert_success();
    let rel = "content/gsoc/2027/virtio-on-xen-the-next-step.md";
    assert_eq!(
        run.stdout.trim(),
        site.path(rel).display().to_string(),
        "{run}"
    );
    let text = read(&site, rel);
    assert!(
        text.contains("title: \"Virtio on Xen: the next step\"\n"),
        "{text}"
    );
    assert!(text.contains("project: Xen\n"), "{text}");
    let front_matter = text.split("---").nth(1).expect("front matter");
    for key in [
        "title",
        "project",
        "summary",
        "mentors",
        "size",
        "difficulty",
        "skills",
        "status",
        "students",
        "tags",
        "slug",
        "aliases",
        "draft",
        "extra",
    ] {
        assert!(
            front_matter
                .lines()
                .any(|l| l.starts_with(&format!("{key}:")) || l.starts_with(&format!("# {key}:"))),
            "`{key}` is neither filled nor commented in:\n{text}"
        );
    }
    site.build_ok();
    assert!(
        site.read("gsoc/2027/virtio-on-xen-the-next-step/index.html")
            .contains("Virtio on Xen: the next step")
    );
}

#[test]
fn new_idea_never_overwrites() {
    let site = TestSite::with_year().file("content/gsoc/2027/gcov.md", &complete_idea("Mine"));
    let before = snapshot_tree(site.outer());
    let run = cmd(&site, &["new", "idea", "GCOV"]);
    run.assert_failure();
    run.stderr_has("error[file-exists]")
        .stderr_has("content/gsoc/2027/gcov.md")
        .stderr_has("--slug");
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "the site after a refused `new`",
    );
    cmd(&site, &["new", "idea", "GCOV", "--slug", "gcov-2"]).assert_success();
    assert!(site.path("content/gsoc/2027/gcov-2.md").is_file());
}

#[test]
fn new_idea_goes_to_the_newest_year_unless_told() {
    let site = TestSite::with_year().file("content/gsoc/2028/_index.md", &year(2028, ""));
    cmd(&site, &["new", "idea", "Later"]).assert_success();
    assert!(site.path("content/gsoc/2028/later.md").is_file());
    cmd(&site, &["new", "idea", "Earlier", "--year", "2027"]).assert_success();
    assert!(site.path("content/gsoc/2027/earlier.md").is_file());
}

#[test]
fn new_idea_needs_an_existing_year() {
    let site = TestSite::with_year();
    let run = cmd(&site, &["new", "idea", "Too early", "--year", "2031"]);
    run.assert_failure();
    run.stderr_has("error[no-year-section]").stderr_has(
        "help: years of `gsoc`: 2027; create 2031 with `ideawiki new year 2031 --program gsoc`",
    );
    assert!(!site.path("content/gsoc/2031").exists());
}

#[test]
fn new_idea_asks_which_program_when_there_are_several() {
    let site = TestSite::with_year().file("content/outreachy/2027/_index.md", &year(2027, ""));
    let run = cmd(&site, &["new", "idea", "Somewhere"]);
    assert_eq!(run.code, Some(2), "{run}");
    run.stderr_has("gsoc, outreachy").stderr_has("--program");
    cmd(
        &site,
        &["new", "idea", "Somewhere", "--program", "outreachy"],
    )
    .assert_success();
    assert!(site.path("content/outreachy/2027/somewhere.md").is_file());
}

#[test]
fn new_year_starts_as_a_draft() {
    let site = TestSite::with_year().file("content/gsoc/2027/a.md", &complete_idea("A"));
    let run = cmd(&site, &["new", "year", "2028"]);
    run.assert_success();
    let text = read(&site, "content/gsoc/2028/_index.md");
    for line in [
        "year: 2028",
        "program: GSoC",
        "title: GSoC 2028 project ideas",
        "status: draft",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "{line:?} missing in:\n{text}"
        );
    }
    site.build_ok();
    assert!(
        !site.exists("gsoc/2028/index.html"),
        "a draft year is not published"
    );
    site.build_with(&["--drafts"]).assert_success();
    assert!(site.exists("gsoc/2028/index.html"));

    let again = cmd(&site, &["new", "year", "2028"]);
    again.assert_failure();
    again
        .stderr_has("error[file-exists]")
        .stderr_has("content/gsoc/2028/_index.md");
}

// ---------------------------------------------------------------------------------------
// check

/// A year page linking to `body`'s targets, in an idea with mentors and skills.
fn site_with_body(body: &str) -> TestSite {
    TestSite::with_year()
        .file("content/applying.md", "---\ntitle: Applying\n---\nHow.\n")
        .file(
            "content/gsoc/2027/links.md",
            &format!("---\ntitle: Links\nmentors: [Ann]\nskills: [C]\n---\n{body}\n"),
        )
}

const LINKS: &str = "content/gsoc/2027/links.md";

#[test]
fn check_passes_a_clean_site_and_accepts_every_kind_of_good_link() {
    let site = site_with_body(
        "[home](/) [apply](/applying/) [no slash](/applying) [year](../) [same year](/gsoc/2027/)\n\
         [style](/style.css) ![figure](/gsoc/2027/figure.png) ![up](../figure.png)\n\
         [web](https://example.org/x) [mail](mailto:ann@example.org) [here](#goals) [self](./)",
    )
    .file("content/gsoc/2027/figure.png", "png");
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(diags.is_empty(), "{diags:#?}");
    let human = cmd(&site, &["check"]);
    human.assert_success();
    human.stderr_has("pages: no problems found");
}

#[test]
fn check_finds_a_broken_internal_link() {
    let site = site_with_body("See [how to apply](/aplying/) first.");
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(1), "{run}");
    let d = only(&diags, "broken-link");
    assert_at(d, LINKS, 6, 20, "error");
    assert_eq!(
        d["message"],
        "the link `/aplying/` leads to no page of this site"
    );
    assert_eq!(d["help"], "did you mean `/applying/`?");
}

#[test]
fn check_reports_wiki_links_that_lead_nowhere() {
    let site = site_with_body("Read [[Applying]] and [[No such page]] first.");
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(0), "a missing wiki link is a warning\n{run}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(only(&diags, "missing-wikilink"), LINKS, 6, 23, "warning");
    assert_eq!(cmd(&site, &["check", "--deny-warnings"]).code, Some(1));
}

#[test]
fn check_follows_the_sub_path_of_base_url() {
    let site = site_with_body("[apply](/applying/) and [nowhere](/nowhere/)").file(
        "ideawiki.yaml",
        "title: T\nbase_url: https://example.org/ideas/\n",
    );
    let (_, diags) = check_json(&site, &[]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        only(&diags, "broken-link")["message"],
        "the link `/nowhere/` leads to no page of this site"
    );
}

#[test]
fn check_finds_missing_images_and_files() {
    let site = site_with_body("![diagram](/img/diagram.png)\n\n[slides](/files/talk.pdf)");
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(1), "{run}");
    let missing: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "missing-file")
        .collect();
    assert_eq!(missing.len(), 2, "{diags:#?}");
    assert_at(missing[0], LINKS, 6, 12, "error");
    assert_eq!(
        missing[0]["message"],
        "the image `/img/diagram.png` does not exist"
    );
    assert_at(missing[1], LINKS, 8, 10, "error");
    assert_eq!(
        missing[1]["message"],
        "the file `/files/talk.pdf` linked here does not exist"
    );
}

#[test]
fn check_explains_relative_links_from_an_idea() {
    // The idea is published at /gsoc/2027/links/, one level below its file.
    let site = site_with_body("![diagram](diagram.png) and [the other idea](other.md)")
        .file("content/gsoc/2027/diagram.png", "png")
        .file("content/gsoc/2027/other.md", &complete_idea("Other"));
    let (_, diags) = check_json(&site, &[]);
    assert_eq!(
        only(&diags, "missing-file")["help"],
        "each page is published as a folder, so relative links start one level deeper than the file: write `/gsoc/2027/diagram.png`"
    );
    assert_eq!(
        only(&diags, "broken-link")["help"],
        "link to the page, not to its source file: `/gsoc/2027/other/`"
    );
}

#[test]
fn check_warns_about_duplicate_titles_within_a_year() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/a.md", &complete_idea("Same idea"))
        .file("content/gsoc/2027/b.md", &complete_idea("same idea"))
        .file("content/gsoc/2028/_index.md", &year(2028, ""))
        .file("content/gsoc/2028/a.md", &complete_idea("Same idea"));
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(0), "warnings alone pass\n{run}");
    let d = only(&diags, "duplicate-title");
    assert_at(d, "content/gsoc/2027/b.md", 2, 1, "warning");
    assert_eq!(
        d["message"],
        "another idea of 2027 has the same title: content/gsoc/2027/a.md"
    );
    let (denied, _) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(denied.code, Some(1), "{denied}");
}

#[test]
fn check_warns_about_ideas_without_mentor_or_skills() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/lonely.md",
            &idea("Lonely", "mentors: []\nskills: [C]"),
        )
        .file(
            "content/gsoc/2027/vague.md",
            &idea("Vague", "mentors: [Ann]"),
        )
        // Archived years are history: nobody will complete their ideas.
        .file(
            "content/gsoc/2011/_index.md",
            &year(2011, "status: archived"),
        )
        .file("content/gsoc/2011/old.md", &idea("Old", ""));
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let d = only(&diags, "no-mentor");
    assert_at(d, "content/gsoc/2027/lonely.md", 3, 1, "warning");
    assert_eq!(d["message"], "this idea names no mentor");
    // No `skills:` key at all: the warning points at the start of the front matter.
    assert_at(
        only(&diags, "no-skills"),
        "content/gsoc/2027/vague.md",
        1,
        1,
        "warning",
    );
    assert_eq!(cmd(&site, &["check", "--deny-warnings"]).code, Some(1));
}

#[test]
fn check_warns_when_an_open_year_is_past_its_deadline() {
    let past = TestSite::with_year().file(
        "content/gsoc/2027/_index.md",
        &year(2027, "status: open\ndeadline: 2001-04-02"),
    );
    let (run, diags) = check_json(&past, &[]);
    assert_eq!(run.code, Some(0), "{run}");
    let d = only(&diags, "deadline-passed");
    assert_at(d, "content/gsoc/2027/_index.md", 6, 1, "warning");
    assert_eq!(
        d["message"],
        "the deadline 2001-04-02 has passed, but 2027 is still open"
    );

    for extra in [
        "status: closed\ndeadline: 2001-04-02",
        "status: open\ndeadline: 2999-04-02",
    ] {
        let site = TestSite::with_year().file("content/gsoc/2027/_index.md", &year(2027, extra));
        let (_, diags) = check_json(&site, &[]);
        assert!(diags.is_empty(), "{extra}: {diags:#?}");
    }
}

#[test]
fn check_reports_what_build_reports() {
    let site = TestSite::with_year().file(
        "content/gsoc/2027/typo.md",
        "---\ntitle: Typo\nmentor: Ann\n---\nBody.\n",
    );
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(1), "{run}");
    let d = only(&diags, "unknown-key");
    assert_at(d, "content/gsoc/2027/typo.md", 3, 1, "error");
    assert_eq!(d["help"], "did you mean `mentors`?");
    let human = cmd(&site, &["check"]);
    human.assert_failure();
    human.stderr_has("error: the site cannot be built: 1 error, 0 warnings");
}

#[test]
fn check_renders_every_page_so_template_errors_show() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/a.md", &complete_idea("A"))
        .file(
            "templates/idea.html",
            "{% extends \"base.html\" %}{% block content %}{{ idea.no_such_field }}{% endblock %}",
        );
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(run.code, Some(1), "{run}");
    let d = only(&diags, "template-render");
    assert_eq!(d["file"], "templates/idea.html");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(53))
    );
}

#[test]
fn check_json_lines_have_exactly_the_documented_fields() {
    let site =
        site_with_body("[x](/nowhere/)").file("content/gsoc/2027/bare.md", &idea("Bare", ""));
    let (run, diags) = check_json(&site, &[]);
    assert_eq!(diags.len(), 3, "{diags:#?}");
    // The fields come in the documented order, which keeps the lines easy to read.
    for line in run.stdout.lines() {
        assert!(line.starts_with("{\"file\":\"content/"), "{line}");
    }
    for d in &diags {
        let obj = d.as_object().expect("an object per line");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code", "column", "file", "help", "line", "message", "severity"
            ],
            "{d:#}"
        );
        assert!(d["file"].is_string() && d["code"].is_string() && d["message"].is_string());
        assert!(d["line"].as_u64().is_some_and(|n| n >= 1), "{d:#}");
        assert!(d["column"].as_u64().is_some_and(|n| n >= 1), "{d:#}");
        assert!(
            d["severity"] == "error" || d["severity"] == "warning",
            "{d:#}"
        );
        assert!(d["help"].is_string(), "every lint says what to do: {d:#}");
    }
}

#[test]
fn check_writes_nothing() {
    let site = site_with_body("[x](/nowhere/)")
        .file("content/gsoc/2027/bare.md", &idea("Bare", ""))
        .file(
            "content/gsoc/2027/typo.md",
            "---\ntitle: Typo\nmentor: Ann\n---\n",
        );
    let before = snapshot_tree(site.outer());
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["check", "--drafts"],
    ] {
        cmd(&site, args).assert_no_panic();
    }
    site.remove("content/gsoc/2027/typo.md");
    let before_clean = snapshot_tree(site.outer());
    cmd(&site, &["check"]).assert_failure();
    assert_same_tree(
        &before_clean,
        &snapshot_tree(site.outer()),
        "the test folder after check",
    );
    assert!(!site.public().exists(), "check created public/");
    assert_eq!(before.len(), before_clean.len() + 1);
}

#[test]
fn check_usage_errors_exit_2() {
    let site = TestSite::with_year();
    assert_eq!(cmd(&site, &["check", "--format", "xml"]).code, Some(2));
    assert_eq!(
        cmd(&site, &["check", "--external", "--timeout", "0"]).code,
        Some(2)
    );
}

// ---------------------------------------------------------------------------------------
// archive

const YEAR_FILE: &str = "content/gsoc/2027/_index.md";

const OPEN_YEAR: &str = "---
# Edited by the org admins.
title: GSoC 2027 project ideas
program: GSoC
year: 2027
status: open        # draft | open | closed | archived
notice: Applications close on 2 April.
deadline: 2027-04-02
extra:
  status: kept
---
How to apply: status: open
";

#[test]
fn archive_changes_exactly_the_status_and_notice_lines() {
    let site = TestSite::with_year().file(YEAR_FILE, OPEN_YEAR);
    let notice = "Closed: see the 2028 ideas. \"Thanks!\"";
    let run = cmd(&site, &["archive", "2027", "--notice", notice]);
    run.assert_success();
    let expected = OPEN_YEAR
        .replace("status: open        # draft", "status: archived    # draft")
        .replace(
            "notice: Applications close on 2 April.\n",
            "notice: \"Closed: see the 2028 ideas. \\\"Thanks!\\\"\"\n",
        );
    assert_eq!(read(&site, YEAR_FILE), expected);
    assert!(run.stdout.contains("- status: open"), "{run}");
    assert!(run.stdout.contains("+ status: archived"), "{run}");
    site.build_ok();
    let page = site.read("gsoc/2027/index.html");
    assert!(
        page.contains("Closed: see the 2028 ideas. \"Thanks!\""),
        "{page}"
    );
}

#[test]
fn archive_without_notice_drops_the_open_years_notice_and_keeps_crlf() {
    let crlf = OPEN_YEAR.replace('\n', "\r\n");
    let site = TestSite::with_year().file(YEAR_FILE, &crlf);
    cmd(&site, &["archive", "2027"]).assert_success();
    let expected = crlf
        .replace("status: open        #", "status: archived    #")
        .replace("notice: Applications close on 2 April.\r\n", "");
    assert_eq!(read(&site, YEAR_FILE), expected);

    let again = cmd(&site, &["archive", "2027"]);
    again.assert_success();
    assert!(
        again.stdout.contains("already archived; nothing changed"),
        "{again}"
    );
    assert_eq!(read(&site, YEAR_FILE), expected);
}

#[test]
fn archive_inserts_missing_lines_after_year() {
    let site = TestSite::with_year();
    cmd(
        &site,
        &["archive", "2027", "--notice", "Kept for reference."],
    )
    .assert_success();
    assert_eq!(
        read(&site, YEAR_FILE),
        "---\ntitle: GSoC 2027 project ideas\nprogram: GSoC\nyear: 2027\nstatus: archived\nnotice: Kept for reference.\n---\nHow to apply in 2027.\n"
    );
}

#[test]
fn archive_of_an_unknown_year_changes_nothing() {
    let site = TestSite::with_year();
    let before = snapshot_tree(site.outer());
    let run = cmd(&site, &["archive", "2026"]);
    run.assert_failure();
    run.stderr_has("error[no-year-section]")
        .stderr_has("help: years of `gsoc`: 2027");
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "the site after a refused archive",
    );
}

// ---------------------------------------------------------------------------------------
// rollover

/// 2027 with one idea of every status, a draft and a notice and deadline to drop.
fn year_to_roll() -> TestSite {
    TestSite::with_year()
        .file(YEAR_FILE, OPEN_YEAR)
        .file(
            "content/gsoc/2027/open.md",
            "---\ntitle: Still open\nmentors: [Ann]   # ask Ann first\nskills: [C]\nstudents:\n  - Zoe\n# keep this comment\n---\nBody, byte for byte.\n",
        )
        .file("content/gsoc/2027/plain.md", &complete_idea("Plain"))
        .file("content/gsoc/2027/taken.md", &idea("Taken", "status: taken\nstudents: [Bo]"))
        .file("content/gsoc/2027/done.md", &idea("Done", "status: completed"))
        .file("content/gsoc/2027/gone.md", &idea("Gone", "status: withdrawn"))
        .file("content/gsoc/2027/draft.md", &idea("Draft", "draft: true"))
}

fn tree_of(site: &TestSite, dir: &str) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    snapshot_tree(&site.path(dir))
}

#[test]
fn rollover_copies_exactly_the_open_ideas() {
    let site = year_to_roll();
    let old = tree_of(&site, "content/gsoc/2027");
    let run = cmd(&site, &["rollover", "2027", "2028"]);
    run.assert_success();
    assert_same_tree(&old, &tree_of(&site, "content/gsoc/2027"), "the old year");

    let new = tree_of(&site, "content/gsoc/2028");
    let names: Vec<String> = new.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(names, ["_index.md", "open.md", "plain.md"]);
    assert_eq!(
        read(&site, "content/gsoc/2028/open.md"),
        "---\ntitle: Still open\nmentors: [Ann]   # ask Ann first\nskills: [C]\nstudents: []\n# keep this comment\nconfirmed: false\n---\nBody, byte for byte.\n"
    );
    assert_eq!(
        read(&site, "content/gsoc/2028/plain.md"),
        read(&site, "content/gsoc/2027/plain.md").replace("\n---\n", "\nconfirmed: false\n---\n")
    );
    assert_eq!(
        read(&site, "content/gsoc/2028/_index.md"),
        "---
# Edited by the org admins.
title: GSoC 2028 project ideas
program: GSoC
year: 2028
status: draft       # draft | open | closed | archived
deadline: 2028-04-02
extra:
  status: kept
---
How to apply: status: open
"
    );
    for line in [
        "copy   ",
        "content/gsoc/2027/open.md -> ",
        "skip   ",
        "done.md  (status completed)",
        "draft.md  (draft)",
        "gone.md  (status withdrawn)",
        "taken.md  (status taken)",
        "rolled 2 open ideas over from 2027 to 2028 (4 left behind)",
    ] {
        assert!(run.stdout.contains(line), "{line:?} missing\n{run}");
    }
    site.build_with(&["--drafts"]).assert_success();
    let page = site.read("gsoc/2028/index.html");
    assert!(page.contains("Still open") && page.contains("Plain") && !page.contains("Taken"));
}

#[test]
fn rollover_dry_run_writes_nothing() {
    let site = year_to_roll();
    let before = snapshot_tree(site.outer());
    let run = cmd(&site, &["rollover", "2027", "2028", "--dry-run"]);
    run.assert_success();
    assert!(run.stdout.contains("create "), "{run}");
    assert!(
        run.stdout.contains(
            "dry run: nothing was written (2 ideas would be copied to 2028, 4 left in 2027)"
        ),
        "{run}"
    );
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "the site after a dry run",
    );
}

#[test]
fn rollover_into_an_existing_year_keeps_its_section() {
    let site = year_to_roll()
        .file("content/gsoc/2028/_index.md", &year(2028, "status: draft"))
        .file("content/gsoc/2028/new.md", &complete_idea("New in 2028"));
    let section = read(&site, "content/gsoc/2028/_index.md");
    let run = cmd(&site, &["rollover", "2027", "2028"]);
    run.assert_success();
    assert!(run.stdout.contains("keep   "), "{run}");
    assert_eq!(read(&site, "content/gsoc/2028/_index.md"), section);
    assert!(site.path("content/gsoc/2028/open.md").is_file());
    assert!(site.path("content/gsoc/2028/new.md").is_file());
}

#[test]
fn rollover_refuses_a_slug_clash_and_writes_nothing() {
    for (file, text) in [
        ("content/gsoc/2028/open.md", complete_idea("Other")),
        // A different file that claims the same URL.
        (
            "content/gsoc/2028/elsewhere.md",
            idea("Other", "slug: plain"),
        ),
    ] {
        let site = year_to_roll()
            .file("content/gsoc/2028/_index.md", &year(2028, ""))
            .file(file, &text);
        let before = snapshot_tree(site.outer());
        let run = cmd(&site, &["rollover", "2027", "2028"]);
        run.assert_failure();
        run.stderr_has("error[rollover-clash]")
            .stderr_has(file)
            .stderr_has("nothing was written");
        assert_same_tree(
            &before,
            &snapshot_tree(site.outer()),
            "the site after a refused rollover",
        );
    }
}

// ---------------------------------------------------------------------------------------
// How diagnostics look

/// stderr of a run, with the site's temporary path taken out.
fn plain_stderr(site: &TestSite, run: &Run) -> String {
    run.stderr
        .replace(&site.root().display().to_string(), "<site>")
}

#[test]
fn snapshot_check_diagnostics() {
    let site = site_with_body("See [how to apply](/aplying/) and ![the plan](plan.png).")
        .file("content/gsoc/2027/plan.png", "png")
        .file(
            "content/gsoc/2027/bare.md",
            &idea("Bare", "mentors: []\nskills: [C]"),
        )
        .file(YEAR_FILE, &year(2027, "deadline: 2001-04-02"));
    let run = cmd(&site, &["check"]);
    run.assert_failure();
    insta::assert_snapshot!("check_diagnostics", plain_stderr(&site, &run));
}

#[test]
fn snapshot_rollover_clash() {
    let site = year_to_roll()
        .file("content/gsoc/2028/_index.md", &year(2028, ""))
        .file("content/gsoc/2028/open.md", &complete_idea("Other"));
    let run = cmd(&site, &["rollover", "2027", "2028"]);
    run.assert_failure();
    insta::assert_snapshot!("rollover_clash", plain_stderr(&site, &run));
}

#[test]
fn snapshot_archive_of_an_unknown_year() {
    let site = TestSite::with_year().file("content/gsoc/2028/_index.md", &year(2028, ""));
    let run = cmd(&site, &["archive", "2026"]);
    run.assert_failure();
    insta::assert_snapshot!("archive_unknown_year", plain_stderr(&site, &run));
}

#[test]
fn the_commands_are_listed_in_help() {
    let run = TestSite::new().run(&["--help"]);
    run.assert_success();
    for command in ["init", "new", "check", "archive", "rollover"] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(command)),
            "{command} missing\n{run}"
        );
    }
}
