//! `ideawiki new idea --from-issue`: an issue written through the project-idea form that
//! `init` adds, as its body or as `gh issue view --json`, becomes an idea file.

use crate::site::{TestSite, year};

/// An issue body as GitHub renders the form: every field, with `overrides` replacing the
/// answer of a label.
fn body(overrides: &[(&str, &str)]) -> String {
    let fields = [
        ("Title", "Virtio on Xen"),
        ("Project", "Hypervisor"),
        ("Summary", "Make the virtio devices work on Xen guests."),
        (
            "Description",
            "Virtio is the standard for virtual devices.\n\n### Goals\n\n- A backend in QEMU",
        ),
        ("Expected outcomes", "- virtio-net works\n- a test in CI"),
        ("Skills", "C, QEMU, Linux kernel"),
        ("Size", "Large (~350 hours)"),
        ("Difficulty", "Hard"),
        (
            "Mentors",
            "Stefano Stabellini, sstabellini@example.org, @sstabellini\nJane Doe, @janedoe, backup",
        ),
        ("Links", "Design notes https://example.org/virtio"),
        ("Year", "_No response_"),
    ];
    let mut out = String::new();
    for (label, value) in fields {
        let value = overrides
            .iter()
            .find(|(l, _)| *l == label)
            .map_or(value, |(_, v)| v);
        out.push_str(&format!("### {label}\n\n{value}\n\n"));
    }
    out
}

fn gh_json(number: u64, body: &str) -> String {
    serde_json::json!({
        "number": number,
        "title": "[Idea]: Virtio on Xen",
        "body": body,
        "url": format!("https://github.com/xen/ideas/issues/{number}"),
        "author": {"login": "sstabellini", "name": "Stefano"},
    })
    .to_string()
}

/// A site with a closed 2026, an open 2027 and a draft 2028.
fn site() -> TestSite {
    TestSite::with_year()
        .file(
            "content/gsoc/2026/_index.md",
            &year(2026, "status: closed\n"),
        )
        .file(
            "content/gsoc/2028/_index.md",
            &year(2028, "status: draft\n"),
        )
}

fn from_issue(site: &TestSite, input: &str) -> crate::site::Run {
    site.write("issue.txt", input.as_bytes());
    let root = site.root().to_str().expect("UTF-8 temp path");
    let file = site.path("issue.txt");
    site.run(&[
        "new",
        "idea",
        "--from-issue",
        file.to_str().expect("UTF-8"),
        "--root",
        root,
    ])
}

/// The path `new idea` printed, relative to the site.
fn printed(site: &TestSite, run: &crate::site::Run) -> String {
    let root = format!("{}/", site.root().display());
    run.stdout.trim().trim_start_matches(&root).to_string()
}

#[test]
fn an_issue_with_every_field_becomes_an_idea_in_the_current_year_and_builds() {
    let site = site();
    let run = from_issue(&site, &gh_json(12, &body(&[])));
    run.assert_success();
    assert_eq!(
        printed(&site, &run),
        "content/gsoc/2027/virtio-on-xen.md",
        "{run}"
    );
    run.stderr_has("2027");
    let text = std::fs::read_to_string(site.path("content/gsoc/2027/virtio-on-xen.md"))
        .expect("the idea file");
    for line in [
        "title: Virtio on Xen\n",
        "project: Hypervisor\n",
        "  - name: Stefano Stabellini\n    email: sstabellini@example.org\n    github: sstabellini\n",
        "  - name: Jane Doe\n    github: janedoe\n    role: backup\n",
        "size: 350\n",
        "difficulty: hard\n",
        "skills:\n  - C\n  - QEMU\n  - Linux kernel\n",
        "outcomes:\n  - virtio-net works\n  - a test in CI\n",
        "links:\n  - {title: \"Issue #12\", url: \"https://github.com/xen/ideas/issues/12\"}\n  - {title: \"Design notes\", url: \"https://example.org/virtio\"}\n",
        "---\nVirtio is the standard for virtual devices.\n\n### Goals\n\n- A backend in QEMU\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    site.build_ok();
    let page = site.read("gsoc/2027/virtio-on-xen/index.html");
    assert!(
        page.contains("Virtio on Xen") && page.contains("A backend in QEMU"),
        "{page}"
    );
}

#[test]
fn a_plain_body_with_no_responses_and_the_year_the_form_names() {
    let site = site();
    let body = body(&[
        ("Project", "_No response_"),
        ("Size", "_No response_"),
        ("Difficulty", "_No response_"),
        ("Mentors", "_No response_"),
        ("Links", "_No response_"),
        ("Expected outcomes", "_No response_"),
        ("Year", "2026"),
    ]);
    let run = from_issue(&site, &body);
    run.assert_success();
    assert_eq!(
        printed(&site, &run),
        "content/gsoc/2026/virtio-on-xen.md",
        "{run}"
    );
    let text = std::fs::read_to_string(site.path("content/gsoc/2026/virtio-on-xen.md"))
        .expect("the idea file");
    for absent in [
        "project:",
        "size:",
        "difficulty:",
        "links:",
        "outcomes:",
        "_No response_",
    ] {
        assert!(!text.contains(absent), "{absent}\n{text}");
    }
    assert!(text.contains("mentors: []\n"), "{text}");
}

#[test]
fn standard_input_works_too() {
    let site = site();
    let root = site.root().to_str().expect("UTF-8 temp path");
    let out = assert_cmd::Command::cargo_bin("ideawiki")
        .expect("binary")
        .args(["new", "idea", "--from-issue", "-", "--root", root])
        .write_stdin(body(&[]))
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    assert!(site.path("content/gsoc/2027/virtio-on-xen.md").is_file());
}

#[test]
fn a_bad_size_is_reported_at_the_forms_field_like_a_hand_written_one() {
    let site = site();
    let input = body(&[("Size", "huge")]);
    let run = from_issue(&site, &input);
    run.assert_failure();
    // The parser's own words, for the value the mentor chose…
    run.stderr_has("`size` cannot be `huge`")
        .stderr_has("`size` must be `small`, `medium`, `large` or a number of hours")
        // …at the answer, in the field of the form.
        .stderr_has("field “Size”");
    let size_line = input.lines().position(|l| l == "huge").expect("the answer") + 1;
    run.stderr_has(&format!("issue.txt:{size_line}:1"));
    assert!(!site.path("content/gsoc/2027/virtio-on-xen.md").exists());
}

#[test]
fn bad_answers_are_each_reported_and_nothing_is_written() {
    let site = site();
    let run = from_issue(
        &site,
        &body(&[
            ("Title", "_No response_"),
            ("Difficulty", "tricky"),
            ("Links", "click here javascript:alert(1)"),
        ]),
    );
    run.assert_failure();
    run.stderr_has("the idea has no title")
        .stderr_has("field “Title”")
        .stderr_has("field “Links”");
    let run = from_issue(&site, &body(&[("Difficulty", "tricky")]));
    run.assert_failure();
    run.stderr_has("field “Difficulty”")
        .stderr_has("`difficulty` must be `easy`");
    let run = from_issue(&site, "Just some text, not the form.\n");
    run.assert_failure();
    run.stderr_has("not written through the project-idea form");
    assert!(!site.path("content/gsoc/2027/virtio-on-xen.md").exists());
}

#[test]
fn a_hostile_title_cannot_leave_the_year_folder_or_break_the_yaml() {
    let site = site();
    let run = from_issue(
        &site,
        &body(&[("Title", "../../../etc/passwd\"\n---\nstatus: taken")]),
    );
    run.assert_success();
    let path = printed(&site, &run);
    assert!(
        path.starts_with("content/gsoc/2027/") && !path[18..].contains('/'),
        "{run}"
    );
    site.build_ok();
    let run = from_issue(&site, &body(&[("Year", "../../2027")]));
    run.assert_failure();
    run.stderr_has("is not a year");
}

#[test]
fn an_issue_converted_twice_is_refused() {
    let site = site();
    from_issue(&site, &body(&[])).assert_success();
    let run = from_issue(&site, &body(&[]));
    run.assert_failure();
    run.stderr_has("already exists");
}
