//! `ideawiki export`: one row per idea, as RFC 4180 CSV (parsed back here) or JSON, on
//! standard output only.

use crate::site::{Run, TestSite, idea};

fn site() -> TestSite {
    TestSite::with_year()
        .file("content/gsoc/2026/_index.md", &crate::site::year(2026, "status: closed"))
        .file(
            "content/gsoc/2027/virtio.md",
            &idea(
                "Virtio, \"fast\" and\u{00a0}safe",
                "project: =HYPERLINK(\"http://evil.example\")\nmentors:\n  - {name: Jane Doe, email: jane@example.org}\n  - {name: Bo, github: '@bo-k'}\nsize: 350\ndifficulty: hard\nskills: [C, \"Linux, kernel\"]\nstudents: [Zoe]\nstatus: taken\nconfirmed: false",
            ),
        )
        .file("content/gsoc/2027/plain.md", &idea("Plain", ""))
        .file("content/gsoc/2026/old.md", &idea("Old one", "mentors: [Ann]"))
}

fn export(site: &TestSite, args: &[&str]) -> Run {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let mut all = vec!["export", "--root", root];
    all.extend_from_slice(args);
    let run = site.run(&all);
    run.assert_success();
    run
}

#[test]
fn csv_parses_back_to_every_value_with_formulas_defused() {
    let site = site();
    let run = export(&site, &["--year", "2027"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "program",
            "year",
            "title",
            "url",
            "project",
            "mentors",
            "mentor_emails",
            "mentor_github",
            "size_hours",
            "difficulty",
            "skills",
            "status",
            "students",
            "confirmed"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.expect("an RFC 4180 record")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    let virtio = rows
        .iter()
        .find(|r| r[2].starts_with("Virtio"))
        .expect("the idea");
    assert_eq!(
        virtio,
        &[
            "GSoC",
            "2027",
            "Virtio, \"fast\" and\u{00a0}safe",
            "https://ideas.example.org/gsoc/2027/virtio/",
            "'=HYPERLINK(\"http://evil.example\")",
            "Jane Doe; Bo",
            // One per mentor, in order: Bo gives no address, Jane no GitHub name.
            "jane AT example DOT org; ",
            "; bo-k",
            "350",
            "hard",
            "C; Linux, kernel",
            "taken",
            "Zoe",
            "false",
        ]
    );
    assert!(!run.stdout.contains("Old one"), "--year 2027 only");
}

#[test]
fn json_lists_every_year_and_plain_emails_only_when_asked() {
    let site = site();
    let run = export(&site, &["--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(rows.len(), 3);
    let virtio = rows
        .iter()
        .find(|r| r["title"].as_str().is_some_and(|t| t.starts_with("Virtio")))
        .expect("the idea");
    assert_eq!(
        virtio["mentor_emails"],
        serde_json::json!(["jane AT example DOT org", ""])
    );
    assert_eq!(virtio["mentor_github"], serde_json::json!(["", "bo-k"]));
    assert_eq!(virtio["skills"], serde_json::json!(["C", "Linux, kernel"]));
    assert_eq!(virtio["project"], "=HYPERLINK(\"http://evil.example\")");
    let run = export(&site, &["--format", "json", "--emails", "plain"]);
    assert!(run.stdout.contains("\"jane@example.org\""), "{run}");
    // Nothing was written into the output folder.
    assert!(!site.public().exists());
}
