//! The ideas-site features: taxonomies and their pages, wiki links and "What links here",
//! the archive, links between years, relative links.

use crate::site::{TestSite, between, idea, page, year};

/// Two GSoC years with ideas that share skills and mentors.
fn two_years() -> TestSite {
    TestSite::with_year()
        .file("content/gsoc/2026/_index.md", &year(2026, "status: archived"))
        .file(
            "content/gsoc/2026/old-ocaml.md",
            &idea("Old OCaml idea", "project: XCP\nskills: [OCaml]\nmentors: [Ada Stone]"),
        )
        .file(
            "content/gsoc/2027/new-ocaml.md",
            &idea(
                "New OCaml idea",
                "project: Xen\nskills: [OCaml, C++]\nmentors: [Ada Stone]\nsize: 350\ndifficulty: hard",
            ),
        )
        .file(
            "content/gsoc/2027/c-idea.md",
            &idea("A C idea", "project: Xen\nskills: [C]\nmentors: [Bob Kurth]\nsize: small"),
        )
}

#[test]
fn a_term_page_lists_its_ideas_newest_year_first() {
    let site = two_years();
    site.build_ok();
    let skills = site.read("skills/index.html");
    for (name, url, count) in [
        ("C", "/skills/c/", "1 idea"),
        ("C++", "/skills/c-plus-plus/", "1 idea"),
        ("OCaml", "/skills/ocaml/", "2 ideas"),
    ] {
        let item = between(&skills, &format!("<a href=\"{url}\">{name}</a>"), "</li>");
        assert!(item.contains(count), "{name}: {item}\n{skills}");
    }
    let ocaml = site.read("skills/ocaml/index.html");
    let new = ocaml.find("New OCaml idea").expect("2027 idea listed");
    let old = ocaml.find("Old OCaml idea").expect("2026 idea listed");
    assert!(new < old, "newest year first:\n{ocaml}");
    assert!(ocaml.find("GSoC 2027 project ideas") < ocaml.find("GSoC 2026 project ideas"));
    // Mentor pages exist per name, and group ideas of both years.
    let ada = site.read("mentors/ada-stone/index.html");
    assert!(
        ada.contains("New OCaml idea") && ada.contains("Old OCaml idea"),
        "{ada}"
    );
}

#[test]
fn table_cells_link_to_term_pages() {
    let site = two_years();
    site.build_ok();
    let year = site.read("gsoc/2027/index.html");
    for href in [
        "/projects/xen/",
        "/skills/c/",
        "/sizes/small/",
        "/difficulty/hard/",
        "/status/open/",
    ] {
        assert!(year.contains(&format!("href=\"{href}\"")), "{href} missing");
    }
    // Mentors link to their pages from the idea pages (the year table names them only, to
    // keep within the theme's page-weight budget).
    let idea = site.read("gsoc/2027/c-idea/index.html");
    assert!(idea.contains("href=\"/mentors/bob-kurth/\""), "{idea}");
    // Sizes read in their natural order, not alphabetically.
    let sizes = site.read("sizes/index.html");
    assert!(sizes.find(">Small<") < sizes.find(">Large<"), "{sizes}");
    // The filter form has a select per field with two values or more, naming the
    // taxonomy whose term links (in the rows) its options come from.
    let form = between(&year, "<form class=\"filters\"", "</form>");
    for field in [
        "name=\"skill\" data-taxonomy=\"skills\"",
        "name=\"size\" data-taxonomy=\"sizes\"",
    ] {
        assert!(form.contains(field), "{field}: {form}");
    }
    assert!(
        !form.contains("name=\"project\""),
        "one project only: {form}"
    );
    let row = between(&year, "New OCaml idea", "</tr>");
    assert!(
        row.contains("href=\"/skills/ocaml/\"") && row.contains("href=\"/skills/c-plus-plus/\""),
        "{row}"
    );
}

#[test]
fn taxonomies_follow_the_config() {
    let site = two_years()
        .file(
            "ideawiki.yaml",
            "title: T\ntaxonomies:\n  - {name: languages, title: Languages, from: skills}\n  - {name: areas, title: Areas, from: extra.area}\n",
        )
        .file(
            "content/gsoc/2027/area.md",
            &idea("Area idea", "extra:\n  area: [Storage, Networking]"),
        );
    site.build_ok();
    assert!(site.exists("languages/ocaml/index.html"));
    assert!(site.exists("areas/storage/index.html"));
    assert!(site.exists("areas/networking/index.html"));
    // The defaults are replaced, not added to.
    assert!(!site.exists("skills/index.html") && !site.exists("mentors/index.html"));
    // Off entirely.
    site.write("ideawiki.yaml", b"title: T\ntaxonomies: []\n");
    site.build_ok();
    assert!(!site.exists("languages/index.html"));
    let year = site.read("gsoc/2027/index.html");
    assert!(
        !year.contains("href=\"/skills/"),
        "no term links without taxonomies"
    );
}

#[test]
fn an_unknown_taxonomy_field_is_an_error_with_its_line() {
    let site = two_years().file(
        "ideawiki.yaml",
        "title: T\ntaxonomies:\n  - {name: skills, title: Skills, from: skill}\n",
    );
    let run = site.build();
    run.assert_failure();
    run.stderr_has("ideawiki.yaml:2:")
        .stderr_has("`skill`, which is not an idea field")
        .stderr_has("did you mean `skills`?");
}

#[test]
fn wiki_links_resolve_by_title_and_path_and_missing_ones_show() {
    let site = two_years()
        .file("content/applying.md", &page("Applying for a project", ""))
        .file(
            "content/mentors-guide.md",
            "---\ntitle: Mentors guide\n---\nRead [[applying_for_a_Project]], \
             [[gsoc/2027/c-idea|the C idea]] and [[Nowhere page]].\n",
        );
    let run = site.build_ok();
    let html = site.read("mentors-guide/index.html");
    assert!(
        html.contains("<a class=\"wikilink\" href=\"/applying/\">applying_for_a_Project</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a class=\"wikilink\" href=\"/gsoc/2027/c-idea/\">the C idea</a>"),
        "{html}"
    );
    assert!(html.contains("class=\"wikilink-missing\""), "{html}");
    assert!(
        !html.contains("ideawiki-wikilink:"),
        "no placeholder left\n{html}"
    );
    run.stderr_has("warning[missing-wikilink]")
        .stderr_has("content/mentors-guide.md:4:")
        .stderr_has("[[Nowhere page]]");
}

#[test]
fn pages_list_what_links_to_them() {
    let site = two_years()
        .file("content/applying.md", &page("Applying for a project", ""))
        .file(
            "content/a.md",
            "---\ntitle: Page A\n---\nSee [[Applying for a project]].\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: Page B\n---\nSee [the guide](/applying/#steps) and [[A C idea]].\n",
        );
    site.build_ok();
    let applying = site.read("applying/index.html");
    let backlinks = between(&applying, "What links here", "</section>");
    assert!(
        backlinks.contains("<a href=\"/a/\">Page A</a>"),
        "{backlinks}"
    );
    assert!(
        backlinks.contains("<a href=\"/b/\">Page B</a>"),
        "{backlinks}"
    );
    let idea_page = site.read("gsoc/2027/c-idea/index.html");
    assert!(between(&idea_page, "What links here", "</section>").contains("Page B"));
    // A page nobody links to has no such section.
    assert!(!site.read("a/index.html").contains("What links here"));
}

#[test]
fn archive_and_links_between_years() {
    let site = two_years();
    site.build_ok();
    let archive = site.read("archive/index.html");
    assert!(
        archive.find("/gsoc/2027/") < archive.find("/gsoc/2026/"),
        "{archive}"
    );
    let y2027 = site.read("gsoc/2027/index.html");
    assert!(
        y2027.contains("rel=\"prev\" href=\"/gsoc/2026/\""),
        "{y2027}"
    );
    assert!(!y2027.contains("rel=\"next\""));
    let y2026 = site.read("gsoc/2026/index.html");
    assert!(
        y2026.contains("rel=\"next\" href=\"/gsoc/2027/\""),
        "{y2026}"
    );
    // The archived year's banner is on its ideas too.
    let old = site.read("gsoc/2026/old-ocaml/index.html");
    assert!(old.contains("notice-archived"), "{old}");
}

#[test]
fn relative_links_work_from_any_folder() {
    let site = two_years().file(
        "ideawiki.yaml",
        "title: T\nbase_url: https://example.org/ideas/\n",
    );
    site.build_with(&["--relative-links"]).assert_success();
    let idea_page = site.read("gsoc/2027/c-idea/index.html");
    assert!(
        idea_page.contains("href=\"../../../style.css\""),
        "{idea_page}"
    );
    assert!(
        idea_page.contains("href=\"../../../skills/c/index.html\""),
        "{idea_page}"
    );
    assert!(!idea_page.contains("href=\"/ideas/"), "{idea_page}");
    // The canonical link stays absolute.
    assert!(idea_page.contains("href=\"https://example.org/ideas/gsoc/2027/c-idea/\""));
}
