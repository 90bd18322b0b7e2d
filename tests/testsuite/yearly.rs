//! The yearly cycle: a rollover that makes a draft year and asks each mentor to confirm
//! their copied idea, `confirm`, and what pages and `check` say meanwhile.

use crate::site::{Run, TestSite, snapshot_tree};

/// Runs `ideawiki ARGS… --root <site>`.
fn cmd(site: &TestSite, args: &[&str]) -> Run {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let mut all = args.to_vec();
    all.extend(["--root", root]);
    site.run(&all)
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

const YEAR_2026: &str = "\
---
title: Google Summer of Code 2026   # the program's name, then the year
program: GSoC
year: 2026
status: closed
notice: Applications closed.
deadline: 2026-04-02
timeline:
  - {date: 2026-03-16, event: Applications open}
  - {date: 2026-04-02, event: Deadline}
---
Welcome to Google Summer of Code 2026! Ask on the list before 2026-03-01.
Our build farm has 20262 cores; version 2026.1 ships in May.
";

const IDEA: &str = "\
---
title: Virtio on Xen
mentors:
  - Ann Example   # she knows QEMU
  - name: Bo Example
skills: [C]
status: open
students: []
---
The 2026 description stays as it was.
";

/// A site whose 2026 year is closed, with one open idea.
fn site() -> TestSite {
    TestSite::new()
        .file(
            "ideawiki.yaml",
            "title: Test ideas\nbase_url: https://example.org/\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/gsoc/2026/_index.md", YEAR_2026)
        .file("content/gsoc/2026/virtio.md", IDEA)
        .file(
            "content/gsoc/2026/solo.md",
            "---\ntitle: Solo\nskills: [Go]\n---\nNo mentor yet.\n",
        )
}

/// The lines of `new` that differ from `old`'s, in pairs, when both have as many lines.
fn changed_lines<'a>(old: &'a str, new: &'a str) -> Vec<(&'a str, &'a str)> {
    assert_eq!(
        old.lines().count(),
        new.lines().count(),
        "{old}\n---\n{new}"
    );
    old.lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect()
}

#[test]
fn rollover_makes_a_draft_year_with_every_date_moved_and_nothing_else_changed() {
    let site = site();
    let run = cmd(&site, &["rollover", "2026", "2028"]);
    run.assert_success();
    let new = read(&site, "content/gsoc/2028/_index.md");
    let old_without_notice = YEAR_2026.replace("notice: Applications closed.\n", "");
    assert_eq!(
        changed_lines(&old_without_notice, &new),
        [
            (
                "title: Google Summer of Code 2026   # the program's name, then the year",
                "title: Google Summer of Code 2028   # the program's name, then the year"
            ),
            ("year: 2026", "year: 2028"),
            ("status: closed", "status: draft"),
            ("deadline: 2026-04-02", "deadline: 2028-04-02"),
            (
                "  - {date: 2026-03-16, event: Applications open}",
                "  - {date: 2028-03-16, event: Applications open}"
            ),
            (
                "  - {date: 2026-04-02, event: Deadline}",
                "  - {date: 2028-04-02, event: Deadline}"
            ),
            (
                "Welcome to Google Summer of Code 2026! Ask on the list before 2026-03-01.",
                "Welcome to Google Summer of Code 2028! Ask on the list before 2028-03-01."
            ),
        ]
    );
    assert!(new.contains("20262 cores; version 2026.1"), "{new}");
    assert!(run.stdout.contains("a draft"), "{run}");
    assert!(
        run.stdout.contains("the deadline moved to 2028-04-02"),
        "{run}"
    );
}

#[test]
fn a_leap_day_deadline_moves_to_the_28th() {
    let site = TestSite::with_year().file(
        "content/gsoc/2028/_index.md",
        &crate::site::year(2028, "deadline: 2028-02-29"),
    );
    cmd(&site, &["rollover", "2028", "2029"]).assert_success();
    assert!(read(&site, "content/gsoc/2029/_index.md").contains("deadline: 2029-02-28\n"));
}

#[test]
fn a_copied_idea_differs_only_by_its_confirmed_line() {
    let site = site();
    cmd(&site, &["rollover", "2026", "2027"]).assert_success();
    let copy = read(&site, "content/gsoc/2027/virtio.md");
    let lines: Vec<&str> = copy.lines().collect();
    let added: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i] == "confirmed: false")
        .collect();
    assert_eq!(added.len(), 1, "{copy}");
    assert_eq!(
        lines[added[0] - 1],
        "status: open",
        "after `status`\n{copy}"
    );
    let mut without = lines.clone();
    without.remove(added[0]);
    assert_eq!(
        without,
        IDEA.lines().collect::<Vec<_>>(),
        "no other line changes"
    );
}

#[test]
fn unconfirmed_ideas_are_marked_listed_per_mentor_and_confirmed_by_command() {
    let site = site();
    cmd(&site, &["rollover", "2026", "2027"]).assert_success();

    // The draft year's pages say so.
    site.build_with(&["--drafts"]).assert_success();
    for page in ["gsoc/2027/virtio/index.html", "gsoc/2027/index.html"] {
        assert!(
            site.read(page)
                .contains("Awaiting the mentor’s confirmation"),
            "{page}"
        );
    }
    assert!(!site.read("gsoc/2026/index.html").contains("confirmation"));

    // `check` lists them per mentor, without a warning while the year is a draft.
    let run = cmd(&site, &["check", "--deny-warnings"]);
    run.assert_success();
    run.stderr_has("awaiting the mentor's confirmation")
        .stderr_has("  Ann Example: content/gsoc/2027/virtio.md\n")
        .stderr_has("  Bo Example: content/gsoc/2027/virtio.md\n")
        .stderr_has("  (no mentor named): content/gsoc/2027/solo.md\n");

    // Opening the year with unconfirmed ideas is a warning at its `status`.
    let index = read(&site, "content/gsoc/2027/_index.md");
    site.write(
        "content/gsoc/2027/_index.md",
        index.replace("status: draft", "status: open").as_bytes(),
    );
    let run = cmd(&site, &["check"]);
    run.assert_success();
    run.stderr_has(
        "warning[unconfirmed-ideas]: 2027 is open, but 2 ideas await the mentor's confirmation",
    )
    .stderr_has("content/gsoc/2027/_index.md:5:");

    // `confirm` removes the one line, and only that.
    let before = read(&site, "content/gsoc/2027/virtio.md");
    let path = site.path("content/gsoc/2027/virtio.md");
    let run = cmd(&site, &["confirm", path.to_str().expect("UTF-8")]);
    run.assert_success();
    assert!(run.stdout.contains("confirmed "), "{run}");
    assert_eq!(
        read(&site, "content/gsoc/2027/virtio.md"),
        before.replace("confirmed: false\n", "")
    );
    let run = cmd(&site, &["confirm", path.to_str().expect("UTF-8")]);
    run.assert_success();
    assert!(run.stdout.contains("already confirmed"), "{run}");
    let solo = site.path("content/gsoc/2027/solo.md");
    cmd(&site, &["confirm", solo.to_str().expect("UTF-8")]).assert_success();
    let run = cmd(&site, &["check"]);
    run.assert_success();
    assert!(!run.stderr.contains("confirmation"), "{run}");
}

#[test]
fn confirm_edits_only_idea_files_inside_content() {
    let site = site().file("notes/idea.md", "---\ntitle: X\nconfirmed: false\n---\n");
    let before = snapshot_tree(site.outer());
    for path in [
        site.path("notes/idea.md"),
        site.path("content/gsoc/2026/_index.md"),
        site.path("content/gsoc/2026/../../../notes/idea.md"),
        site.path("content/gsoc/2026/missing.md"),
    ] {
        let run = cmd(&site, &["confirm", path.to_str().expect("UTF-8")]);
        assert_eq!(run.code, Some(2), "{run}");
        run.stderr_has("no file was changed");
    }
    // One bad path among good ones: nothing is changed.
    let good = site.path("content/gsoc/2026/virtio.md");
    let bad = site.path("notes/idea.md");
    let run = cmd(
        &site,
        &[
            "confirm",
            good.to_str().expect("UTF-8"),
            bad.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(run.code, Some(2), "{run}");
    assert_eq!(before, snapshot_tree(site.outer()));
}

#[test]
fn the_current_year_follows_rollovers_and_archives() {
    let site = TestSite::new();
    let root = site.root().to_str().expect("UTF-8 temp path");
    site.run(&["init", root, "--base-url", "https://example.org/"])
        .assert_success();
    let this_year = std::fs::read_dir(site.path("content/gsoc"))
        .expect("content/gsoc")
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .expect("a year");
    let next_year = (this_year.parse::<u16>().expect("a year") + 1).to_string();
    let home_link = |site: &TestSite| {
        site.build_ok();
        let home = site.read("index.html");
        crate::site::between(&home, "<p class=\"current-year\"><a href=\"", "\"").to_string()
    };
    assert_eq!(home_link(&site), format!("/gsoc/{this_year}/"));
    // A rollover makes a draft: the home page still shows this year, and check is clean.
    cmd(&site, &["rollover", &this_year, &next_year]).assert_success();
    assert_eq!(home_link(&site), format!("/gsoc/{this_year}/"));
    cmd(&site, &["check"]).assert_success();
    // Opening the new year moves the link; archiving it keeps it there: an archived year
    // is still the newest that is not a draft.
    let index = format!("content/gsoc/{next_year}/_index.md");
    site.write(
        &index,
        read(&site, &index)
            .replace("status: draft", "status: open")
            .as_bytes(),
    );
    assert_eq!(home_link(&site), format!("/gsoc/{next_year}/"));
    cmd(&site, &["archive", &next_year]).assert_success();
    assert_eq!(home_link(&site), format!("/gsoc/{next_year}/"));
}

#[test]
fn check_says_when_a_link_leads_to_a_draft_or_missing_year() {
    let site = site()
        .file(
            "content/gsoc/2027/_index.md",
            &crate::site::year(2027, "status: draft"),
        )
        .file(
            "content/links.md",
            "---\ntitle: Links\n---\n[next](/gsoc/2027/) and [old](/gsoc/2019/) and [fine](/gsoc/2026/)\n",
        );
    let run = cmd(&site, &["check"]);
    run.assert_failure();
    run.stderr_has("the link `/gsoc/2027/` leads into 2027, a draft year, which is not published")
        .stderr_has("the link `/gsoc/2019/` leads to 2019, a year `gsoc` does not have")
        .stderr_has("link to the program's page `/gsoc/`");
    assert_eq!(run.error_count(), 2, "{run}");
    // With --drafts the draft year is there.
    let run = cmd(&site, &["check", "--drafts"]);
    assert_eq!(run.error_count(), 1, "{run}");
}

const TIMELINE_YEAR: &str = "\
---
title: GSoC 2027
program: GSoC
year: 2027
timeline:
  - {date: 2999-01-01, event: Results}
  - {date: 2000-01-01, event: Applications open}
  - {date: 2998-01-01, event: \"Deadline <b>late</b>\"}
  - {date: 2001-01-01, event: Proposals}
---
";

#[test]
fn the_timeline_shows_in_date_order_the_same_whenever_it_is_built() {
    let site = TestSite::with_year().file("content/gsoc/2027/_index.md", TIMELINE_YEAR);
    site.build_ok();
    let page = site.read("gsoc/2027/index.html");
    let list = crate::site::between(
        &page,
        "<ol class=\"timeline\" id=\"iw-timeline-list\">",
        "</ol>",
    );
    let dates: Vec<&str> = list
        .split("<time datetime=\"")
        .skip(1)
        .map(|s| &s[..10])
        .collect();
    assert_eq!(
        dates,
        ["2000-01-01", "2001-01-01", "2998-01-01", "2999-01-01"],
        "{list}"
    );
    assert!(
        list.contains("Deadline &lt;b&gt;late&lt;&#x2F;b&gt;")
            || list.contains("Deadline &lt;b&gt;late&lt;/b&gt;"),
        "{list}"
    );
    // Nothing in the page says which dates are past: the reader's browser does.
    assert!(!list.contains("class="), "{list}");
}

#[test]
fn a_timeline_date_that_is_not_a_date_is_an_error_at_its_key() {
    let site = TestSite::with_year().file(
        "content/gsoc/2027/_index.md",
        &TIMELINE_YEAR.replace("2001-01-01", "next spring"),
    );
    let run = site.build();
    run.assert_failure();
    run.stderr_has("`next spring` in `timeline` is not a date")
        .stderr_has("content/gsoc/2027/_index.md:5:1");
}
