//! The machine-readable outputs: `ideas.json`, the Atom feeds, `sitemap.xml`, the search
//! index and the alias redirects, read back with real parsers (serde_json, roxmltree).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::site::{TestSite, html_files, idea, page, year};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// Two published years (one archived), a draft idea, a draft year, aliases, and one idea
/// with every field set.
fn ideas_site(config_extra: &str) -> TestSite {
    TestSite::new()
        .file(
            "ideawiki.yaml",
            &format!(
                "title: Test ideas\nbase_url: https://example.org/ideas/\n\
                 fields: {{area: Area, rooms: {{label: Rooms, kind: list}}}}\n{config_extra}"
            ),
        )
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome to the ideas.\n")
        .file(
            "content/applying.md",
            &page("Applying", "aliases: [/wiki/Applying/]"),
        )
        .file(
            "content/gsoc/_index.md",
            "---\ntitle: Google Summer of Code\n---\nAll years.\n",
        )
        .file("content/gsoc/2026/_index.md", &year(2026, "status: archived"))
        .file(
            "content/gsoc/2026/old.md",
            &idea(
                "Old idea",
                "project: Xen\nsummary: An *old* idea.\naliases: [/wiki/Old_Idea/, old-idea.html]",
            ),
        )
        .file(
            "content/gsoc/2027/_index.md",
            &year(2027, "deadline: 2027-04-02"),
        )
        .file(
            "content/gsoc/2027/virtio.md",
            "---\ntitle: Virtio <&> Xen\nproject: Xen\nmentors:\n  - {name: Jane Doe, email: jane@example.org, url: https://jane.example.org/, github: '@jdoe', role: backup}\n  - Bob\n\
             outcomes: [Virtio *net* works, Benchmarks]\nprerequisites: Reading C you did not write\n\
             links: {issue: https://bugs.example.org/12, mailing_list: 'mailto:dev@example.org'}\n\
             extra: {area: Devices, rooms: [one, 2], hidden: x}\n\
             size: 350\ndifficulty: intermediate\nskills: [C++, QEMU]\nstatus: taken\nstudents: [Zoe]\ntags: [virtio]\n\
             summary: Make *virtio* work; ask jane@example.org.\n---\n## Goals\n\nPort the frontend drivers. Measure throughput with fio.\n",
        )
        .file("content/gsoc/2027/alpha.md", &idea("Alpha", ""))
        .file("content/gsoc/2027/secret.md", &idea("Secret", "draft: true"))
        .file("content/gsoc/2028/_index.md", &year(2028, "status: draft"))
        .file("content/gsoc/2028/future.md", &idea("Future", ""))
}

fn json_of(site: &TestSite, rel: &str) -> Value {
    let text = site.read(rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}\n{text}"))
}

fn titles(ideas: &Value) -> Vec<&str> {
    ideas["ideas"]
        .as_array()
        .expect("an ideas list")
        .iter()
        .map(|i| i["title"].as_str().expect("a title"))
        .collect()
}

#[test]
fn ideas_json_matches_the_content() {
    let site = ideas_site("");
    site.build_ok();
    let v = json_of(&site, "ideas.json");
    assert_eq!(v["version"], 2);
    assert_eq!(v["generated_by"], "ideawiki");
    // Newest year first, by title within a year; drafts and draft years left out.
    assert_eq!(titles(&v), ["Alpha", "Virtio <&> Xen", "Old idea"]);
    let ideas = v["ideas"].as_array().unwrap();
    assert_eq!(
        ideas[1],
        json!({
            "title": "Virtio <&> Xen",
            "url": "https://example.org/ideas/gsoc/2027/virtio/",
            "path": "gsoc/2027/virtio/",
            "program": "GSoC",
            "year": 2027,
            "project": "Xen",
            "mentors": [
                {"name": "Jane Doe", "url": "https://jane.example.org/", "github": "jdoe", "role": "backup"},
                {"name": "Bob", "role": "primary"}
            ],
            "size": "large",
            "hours": 350,
            "difficulty": "medium",
            "skills": ["C++", "QEMU"],
            "status": "taken",
            "students": ["Zoe"],
            "summary": "Make virtio work; ask jane AT example DOT org.",
            "tags": ["virtio"],
            "outcomes": ["Virtio net works", "Benchmarks"],
            "prerequisites": ["Reading C you did not write"],
            "links": [
                {"kind": "issue", "title": "Upstream issue", "url": "https://bugs.example.org/12"},
                // The address is hidden under `emails: obfuscate`, as on the page.
                {"kind": "mailing_list", "title": "Mailing list", "url": null}
            ],
            // Declared keys only: `hidden` is for templates alone.
            "fields": {"area": "Devices", "rooms": ["one", "2"]},
            "confirmed": true,
        })
    );
    // Optional fields are there as null or empty; the summary falls back to the body.
    assert_eq!(
        ideas[0],
        json!({
            "title": "Alpha",
            "url": "https://example.org/ideas/gsoc/2027/alpha/",
            "path": "gsoc/2027/alpha/",
            "program": "GSoC",
            "year": 2027,
            "project": null,
            "mentors": [],
            "size": null,
            "hours": null,
            "difficulty": null,
            "skills": [],
            "status": "open",
            "students": [],
            "summary": "The detailed description of this idea.",
            "tags": [],
            "outcomes": [],
            "prerequisites": [],
            "links": [],
            "fields": {},
            "confirmed": true,
        })
    );
    // An idea of an archived year whose file gives no status has none (version 2).
    assert_eq!(ideas[2]["status"], Value::Null);
    assert!(!site.read("ideas.json").contains('@'));
}

#[test]
fn ideas_json_shows_emails_only_when_plain() {
    let site = ideas_site("emails: plain\n");
    site.build_ok();
    let v = json_of(&site, "ideas.json");
    assert_eq!(
        v["ideas"][1]["mentors"][0],
        json!({"name": "Jane Doe", "email": "jane@example.org", "url": "https://jane.example.org/", "github": "jdoe", "role": "backup"})
    );
    assert_eq!(
        v["ideas"][1]["summary"],
        "Make virtio work; ask jane@example.org."
    );
    for policy in ["hide", "obfuscate"] {
        let site = ideas_site(&format!("emails: {policy}\n"));
        site.build_ok();
        for file in ["ideas.json", "atom.xml", "search-index.json"] {
            assert!(
                !site.read(file).contains('@'),
                "{policy}: {file} has an address"
            );
        }
    }
}

#[test]
fn drafts_appear_only_with_the_drafts_flag() {
    let site = ideas_site("");
    site.build_with(&["--drafts"]).assert_success();
    let v = json_of(&site, "ideas.json");
    assert_eq!(
        titles(&v),
        ["Future", "Alpha", "Secret", "Virtio <&> Xen", "Old idea"]
    );
}

/// The children of `node` named `name` in the Atom namespace.
fn atom<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|n| n.tag_name().namespace() == Some(ATOM) && n.tag_name().name() == name)
        .collect()
}

fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    atom(node, name)
        .first()
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
        .to_string()
}

fn link(node: roxmltree::Node<'_, '_>, rel: &str) -> String {
    atom(node, "link")
        .into_iter()
        .find(|l| l.attribute("rel") == Some(rel))
        .and_then(|l| l.attribute("href"))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
        .to_string()
}

/// Parses a feed and checks what RFC 4287 requires of it and of every entry.
fn check_feed(text: &str, self_url: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("bad XML: {e}\n{text}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(link(feed, "self"), self_url);
    assert_eq!(text_of(feed, "id"), self_url);
    assert!(!text_of(feed, "title").is_empty());
    let updated = text_of(feed, "updated");
    assert!(!atom(feed, "author").is_empty(), "the feed needs an author");
    atom(feed, "entry")
        .into_iter()
        .map(|e| {
            let url = link(e, "alternate");
            assert_eq!(text_of(e, "id"), url);
            let time = text_of(e, "updated");
            assert!(time.len() == 20 && time.ends_with('Z'), "RFC 3339: {time}");
            assert!(time <= updated, "entry newer than its feed");
            (text_of(e, "title"), url, time)
        })
        .collect()
}

#[test]
fn atom_feeds_parse_and_list_the_ideas() {
    let site = ideas_site("");
    site.build_ok();
    let year = site.read("gsoc/2027/atom.xml");
    let entries = check_feed(&year, "https://example.org/ideas/gsoc/2027/atom.xml");
    assert_eq!(
        entries,
        [
            (
                "Alpha".to_string(),
                "https://example.org/ideas/gsoc/2027/alpha/".to_string(),
                "2027-04-02T00:00:00Z".to_string()
            ),
            (
                "Virtio <&> Xen".to_string(),
                "https://example.org/ideas/gsoc/2027/virtio/".to_string(),
                "2027-04-02T00:00:00Z".to_string()
            ),
        ]
    );
    let doc = roxmltree::Document::parse(&year).unwrap();
    let virtio = atom(doc.root_element(), "entry")[1];
    let authors: Vec<String> = atom(virtio, "author")
        .into_iter()
        .map(|a| text_of(a, "name"))
        .collect();
    assert_eq!(authors, ["Jane Doe", "Bob"]);
    assert!(atom(atom(virtio, "author")[0], "email").is_empty());
    assert_eq!(
        text_of(virtio, "summary"),
        "Make virtio work; ask jane AT example DOT org."
    );
    assert_eq!(
        link(doc.root_element(), "alternate"),
        "https://example.org/ideas/gsoc/2027/"
    );

    let old = check_feed(
        &site.read("gsoc/2026/atom.xml"),
        "https://example.org/ideas/gsoc/2026/atom.xml",
    );
    assert_eq!(old[0].2, "2026-01-01T00:00:00Z", "no deadline: 1 January");

    let all = check_feed(&site.read("atom.xml"), "https://example.org/ideas/atom.xml");
    let names: Vec<&str> = all.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["Alpha", "Virtio <&> Xen", "Old idea"]);
    // The pages link to the feeds they have.
    assert!(site.read("index.html").contains("href=\"/ideas/atom.xml\""));
    assert!(
        site.read("gsoc/2027/index.html")
            .contains("href=\"/ideas/gsoc/2027/atom.xml\"")
    );
}

#[test]
fn characters_xml_forbids_never_reach_the_feeds() {
    // YAML escapes let a title hold what no XML document may: U+FFFE, U+FFFF and control
    // characters. Written into a feed as they are, one of them makes the whole feed
    // unreadable to every reader.
    let site = TestSite::with_year().file(
        "content/gsoc/2027/odd.md",
        "---\ntitle: \"Odd \\uFFFE title \\uFFFF here \\u0001 too\"\nsummary: \"Short \\uFFFE.\"\nmentors: [\"Ann \\uFFFF Example\"]\n---\nBody.\n",
    );
    site.build_ok();
    for feed in ["atom.xml", "gsoc/2027/atom.xml"] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{feed} is not well-formed: {e}\n{text}"));
        let entry = atom(doc.root_element(), "entry")[0];
        assert_eq!(text_of(entry, "title"), "Odd  title  here  too", "{feed}");
    }
}

#[test]
fn the_site_feed_holds_the_newest_fifty_ideas() {
    let site = TestSite::with_year()
        .file("content/gsoc/2026/_index.md", &year(2026, ""))
        .file("content/gsoc/2026/older.md", &idea("Older", ""));
    for i in 0..55 {
        site.write(
            &format!("content/gsoc/2027/idea-{i:02}.md"),
            idea(&format!("Idea {i:02}"), "").as_bytes(),
        );
    }
    site.build_ok();
    let all = check_feed(&site.read("atom.xml"), "https://ideas.example.org/atom.xml");
    assert_eq!(all.len(), 50);
    assert!(all.iter().all(|e| e.0.starts_with("Idea ")), "2027 first");
    let year = check_feed(
        &site.read("gsoc/2027/atom.xml"),
        "https://ideas.example.org/gsoc/2027/atom.xml",
    );
    assert_eq!(year.len(), 55);
}

#[test]
fn sitemap_lists_exactly_the_html_pages() {
    let site = ideas_site("");
    site.build_with(&["--drafts"]).assert_success();
    assert!(
        site.exists("gsoc/2027/secret/index.html"),
        "the draft is built"
    );
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("bad XML: {e}"));
    assert_eq!(doc.root_element().tag_name().namespace(), Some(SITEMAP));
    let listed: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "sorted, for reproducible output");
    let drafts = [
        "gsoc/2027/secret/index.html",
        "gsoc/2028/index.html",
        "gsoc/2028/future/index.html",
    ];
    let expected: BTreeSet<String> = html_files(&site.public())
        .into_iter()
        .filter(|(p, html)| {
            let p = p.to_string_lossy();
            p != "404.html" && !html.contains("http-equiv=\"refresh\"") && !drafts.contains(&&*p)
        })
        .map(|(p, _)| {
            let p = p.to_string_lossy().replace('\\', "/");
            format!(
                "https://example.org/ideas/{}",
                p.strip_suffix("index.html").unwrap_or(&p)
            )
        })
        .collect();
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(listed.contains(&"https://example.org/ideas/".to_string()));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/ideas/sitemap.xml\n"
    );
}

#[test]
fn search_index_has_ideas_pages_and_years() {
    let site = ideas_site("").file(
        "content/gsoc/2027/wordy.md",
        &format!(
            "---\ntitle: Wordy\n---\nShort start. {}\n",
            (0..300)
                .map(|i| format!("word{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    );
    site.build_ok();
    let v = json_of(&site, "search-index.json");
    assert_eq!(v["version"], 1);
    let docs = v["docs"].as_array().expect("docs");
    let by_url = |u: &str| {
        docs.iter()
            .find(|d| d["u"] == u)
            .unwrap_or_else(|| panic!("no doc for {u:?}"))
    };
    let virtio = by_url("gsoc/2027/virtio/");
    assert_eq!(virtio["t"], "Virtio <&> Xen");
    assert_eq!(virtio["k"], "idea");
    assert_eq!(virtio["c"], "GSoC 2027 · Xen");
    assert_eq!(
        virtio["s"],
        "Make virtio work; ask jane AT example DOT org."
    );
    let words: Vec<&str> = virtio["w"].as_str().unwrap().split(' ').collect();
    for w in [
        "virtio", "xen", "c++", "qemu", "jane", "doe", "bob", "goals", "frontend", "fio",
    ] {
        assert!(words.contains(&w), "{w} missing from {words:?}");
    }
    let unique: BTreeSet<&&str> = words.iter().collect();
    assert_eq!(unique.len(), words.len(), "words repeat: {words:?}");
    assert!(words.iter().all(|w| w.chars().all(|c| !c.is_uppercase())));
    assert!(!words.contains(&"the"), "stop words are left out of bodies");

    assert_eq!(by_url("applying/")["k"], "page");
    assert_eq!(by_url("")["k"], "page");
    assert_eq!(by_url("")["s"], "Welcome to the ideas.");
    assert_eq!(by_url("gsoc/")["k"], "program");
    let y = by_url("gsoc/2026/");
    assert_eq!(
        (y["k"].as_str(), y["c"].as_str()),
        (Some("year"), Some("GSoC · archived"))
    );
    assert!(docs.iter().all(|d| d["t"] != "Secret"), "drafts stay out");
    let keys: BTreeSet<&str> = virtio
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["t", "u", "k", "c", "s", "w"]));

    let wordy = by_url("gsoc/2027/wordy/")["w"]
        .as_str()
        .unwrap()
        .split(' ')
        .count();
    assert_eq!(
        wordy,
        3 + 48,
        "the title's word, the summary's two and the capped body words"
    );
    assert!(!site.read("search-index.json").contains('@'));
}

#[test]
fn aliases_redirect_in_absolute_and_relative_modes() {
    let site = ideas_site("");
    site.build_ok();
    let old = site.read("wiki/Old_Idea/index.html");
    for needle in [
        "<!doctype html>",
        "<html lang=\"en\">",
        "<link rel=\"canonical\" href=\"https://example.org/ideas/gsoc/2026/old/\">",
        "<meta http-equiv=\"refresh\" content=\"0; url=/ideas/gsoc/2026/old/\">",
        "<a href=\"/ideas/gsoc/2026/old/\">Old idea</a>",
    ] {
        assert!(old.contains(needle), "{needle} missing:\n{old}");
    }
    assert!(
        site.read("old-idea.html")
            .contains("url=/ideas/gsoc/2026/old/")
    );
    assert!(
        site.read("wiki/Applying/index.html")
            .contains("url=/ideas/applying/")
    );

    site.build_with(&["--relative-links"]).assert_success();
    let old = site.read("wiki/Old_Idea/index.html");
    assert!(
        old.contains("content=\"0; url=../../gsoc/2026/old/index.html\""),
        "{old}"
    );
    assert!(old.contains("href=\"https://example.org/ideas/gsoc/2026/old/\""));
    assert!(site.exists("wiki/Old_Idea/../../gsoc/2026/old/index.html"));
    assert!(
        site.read("old-idea.html")
            .contains("url=gsoc/2026/old/index.html")
    );
}

#[test]
fn a_bad_alias_names_its_file_and_line() {
    for (alias, why) in [
        ("../../etc/passwd", "outside the site"),
        ("https://example.org/old/", "full URL"),
        ("old page/", "contains ` `"),
    ] {
        let site = ideas_site("");
        let run = site.fail_after_good_build(|s| {
            s.write(
                "content/gsoc/2027/x.md",
                format!("---\ntitle: X\naliases:\n  - /fine/\n  - {alias}\n---\nBody.\n")
                    .as_bytes(),
            );
        });
        run.stderr_has("error[bad-alias]")
            .stderr_has(why)
            .stderr_has("content/gsoc/2027/x.md:5:5")
            .has_help();
    }
}

#[test]
fn an_alias_on_a_page_address_names_both_files() {
    let site = ideas_site("");
    let run = site.fail_after_good_build(|s| {
        s.write(
            "content/gsoc/2027/x.md",
            idea("X", "aliases: [/applying/]").as_bytes(),
        );
    });
    run.stderr_has("error[alias-clash]")
        .stderr_has("the alias `/applying/` is the address of the page of content/applying.md")
        .stderr_has("content/gsoc/2027/x.md:3:")
        .has_help();
}

#[test]
fn two_aliases_for_one_address_name_both_files() {
    let site = ideas_site("");
    let run = site.fail_after_good_build(|s| {
        s.write(
            "content/gsoc/2027/x.md",
            idea("X", "aliases: [/Old/]").as_bytes(),
        );
        s.write(
            "content/gsoc/2027/y.md",
            idea("Y", "aliases:\n  - old/").as_bytes(),
        );
    });
    // Compared ignoring case: `Old/` and `old/` are one folder on macOS and Windows.
    run.stderr_has("error[alias-clash]")
        .stderr_has("the alias `/old/` is claimed twice: by content/gsoc/2027/x.md:3 and by content/gsoc/2027/y.md:4");
    let site = ideas_site("");
    site.fail_after_good_build(|s| {
        s.write(
            "content/gsoc/2027/x.md",
            idea("X", "aliases: [ideas.json/]").as_bytes(),
        );
    })
    .stderr_has("error[alias-clash]")
    .stderr_has("the generated file `ideas.json`");
}

#[test]
fn rollover_leaves_aliases_with_the_old_idea() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/_index.md",
            &year(2027, "aliases: [/gsoc-2027/]"),
        )
        .file(
            "content/gsoc/2027/virtio.md",
            &idea("Virtio", "aliases:\n  - /virtio-idea/\nskills: [C]"),
        );
    let root = site.root().to_str().expect("UTF-8 path").to_string();
    site.run(&["rollover", "2027", "2028", "--root", &root])
        .assert_success();
    let copy = std::fs::read_to_string(site.path("content/gsoc/2028/virtio.md")).unwrap();
    assert_eq!(
        copy,
        "---\ntitle: \"Virtio\"\nskills: [C]\nconfirmed: false\n---\nThe detailed description of this idea.\n"
    );
    let index = std::fs::read_to_string(site.path("content/gsoc/2028/_index.md")).unwrap();
    assert!(!index.contains("aliases"), "{index}");
    site.build_ok();
    assert!(
        site.read("virtio-idea/index.html")
            .contains("url=/gsoc/2027/virtio/")
    );
    assert!(
        site.read("gsoc-2027/index.html")
            .contains("url=/gsoc/2027/")
    );
}
