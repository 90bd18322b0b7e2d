//! What the generated HTML says: links under a sub-path, escaping, the ideas table, drafts
//! and e-mail addresses.

use crate::site::{TestSite, between, html_files, idea, page, snapshot_tree, year};

/// A site that links in every way a site can: theme links, breadcrumbs, year navigation,
/// Markdown links and images written root-relative, and a wiki page.
fn linked_site(config: &str) -> TestSite {
    TestSite::new()
        .file("ideawiki.yaml", config)
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [applying](/applying/) and ![logo](/logo.png).\n",
        )
        .file("content/applying.md", &page("Applying", ""))
        .file("content/logo.png", "not really a png")
        .file("content/gsoc/_index.md", "---\ntitle: Google Summer of Code\n---\nAll years.\n")
        .file("content/gsoc/2026/_index.md", &year(2026, "status: archived"))
        .file("content/gsoc/2026/old.md", &idea("Old idea", ""))
        .file("content/gsoc/2027/_index.md", &year(2027, ""))
        .file(
            "content/gsoc/2027/new.md",
            "---\ntitle: New idea\nmentors:\n  - {name: Jane Doe, url: https://jane.example.org/}\n---\n\
             Read [the guide](/applying/) and [the old idea](/gsoc/2026/old/).\n\n![diagram](/logo.png)\n",
        )
}

/// Every `href="/…"` and `src="/…"` in every HTML file starts with `/ideas/`.
fn assert_links_under_ideas(site: &TestSite) {
    let pages = html_files(&site.public());
    assert!(pages.len() >= 7, "too few pages: {:?}", pages.keys());
    let mut checked = 0;
    for (path, html) in &pages {
        for attr in ["href=\"/", "src=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len() - 1..];
                let end = rest[1..].find('"').map_or(rest.len(), |j| j + 1);
                assert!(
                    rest.starts_with("/ideas/"),
                    "{}: link {} does not start with /ideas/",
                    path.display(),
                    &rest[..end]
                );
                checked += 1;
            }
        }
        assert!(
            !html.contains("href=\"\"") && !html.contains("href=\"//"),
            "{}: empty or protocol-relative link",
            path.display()
        );
    }
    assert!(checked > 50, "only {checked} root-relative links found");
    // The Markdown links were rewritten too, not just the theme's.
    let new = site.read("gsoc/2027/new/index.html");
    assert!(new.contains("href=\"/ideas/applying/\""), "{new}");
    assert!(new.contains("href=\"/ideas/gsoc/2026/old/\""), "{new}");
    assert!(new.contains("src=\"/ideas/logo.png\""), "{new}");
    assert!(new.contains("href=\"/ideas/style.css\""), "{new}");
    assert!(site.exists("logo.png"));
}

#[test]
fn base_url_flag_puts_every_link_under_the_sub_path() {
    let site = linked_site("title: Test ideas\n");
    site.build_with(&["--base-url", "https://example.org/ideas/"])
        .assert_success();
    assert_links_under_ideas(&site);
    let home = site.read("index.html");
    assert!(
        home.contains("href=\"https://example.org/ideas/\""),
        "canonical link: {home}"
    );
}

#[test]
fn base_url_config_puts_every_link_under_the_sub_path() {
    let site = linked_site("title: Test ideas\nbase_url: https://example.org/ideas\n");
    site.build_ok();
    assert_links_under_ideas(&site);
}

#[test]
fn script_in_title_is_escaped_everywhere() {
    let evil = "<script>alert(1)</script>";
    let site = TestSite::with_year().file(
        "content/gsoc/2027/evil.md",
        &idea(&format!("Evil {evil} idea"), "project: \"<b>bold</b>\""),
    );
    site.build_ok();
    let escaped = "&lt;script&gt;alert(1)&lt;";
    for (path, html) in html_files(&site.public()) {
        assert!(
            !html.contains("<script>alert") && !html.contains("<b>bold"),
            "{}: unescaped front matter",
            path.display()
        );
        assert!(
            !html.contains("<b>bold"),
            "{}: unescaped <b>",
            path.display()
        );
    }
    let idea_page = site.read("gsoc/2027/evil/index.html");
    let title = between(&idea_page, "<title>", "</title>");
    assert!(title.contains(escaped), "<title>: {title}");
    let h1 = between(&idea_page, "<h1>", "</h1>");
    assert!(h1.contains(escaped), "<h1>: {h1}");
    let year_page = site.read("gsoc/2027/index.html");
    let tbody = between(&year_page, "<tbody>", "</tbody>");
    assert!(tbody.contains(escaped), "year table: {tbody}");
    assert!(tbody.contains("&lt;b&gt;bold"), "year table: {tbody}");
}

#[test]
fn year_table_has_one_row_per_idea() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/alpha.md", &idea("Alpha", "size: small"))
        .file(
            "content/gsoc/2027/beta.md",
            &idea("Beta", "status: taken\nstudents: [Sam]"),
        )
        .file("content/gsoc/2027/gamma.md", &idea("Gamma", "slug: third"))
        .file("content/applying.md", &page("Applying", ""));
    site.build_ok();
    let html = site.read("gsoc/2027/index.html");
    let tbody = between(&html, "<tbody>", "</tbody>");
    assert_eq!(tbody.matches("<tr").count(), 3, "{tbody}");
    for url in ["/gsoc/2027/alpha/", "/gsoc/2027/beta/", "/gsoc/2027/third/"] {
        assert_eq!(
            tbody.matches(&format!("href=\"{url}\"")).count(),
            1,
            "{url} in {tbody}"
        );
    }
    // The rows follow the titles.
    let a = tbody.find("Alpha").unwrap();
    let b = tbody.find("Beta").unwrap();
    let g = tbody.find("Gamma").unwrap();
    assert!(a < b && b < g, "rows are not sorted by title");
    assert!(site.exists("gsoc/2027/third/index.html"));
    assert!(!site.exists("gsoc/2027/gamma/index.html"));
}

#[test]
fn draft_idea_only_with_drafts_flag() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/kept.md", &idea("Kept idea", ""))
        .file(
            "content/gsoc/2027/secret.md",
            &idea("Draft idea", "draft: true"),
        );
    site.build_ok();
    assert!(!site.exists("gsoc/2027/secret/index.html"));
    assert!(site.exists("gsoc/2027/kept/index.html"));
    for (path, html) in html_files(&site.public()) {
        assert!(
            !html.contains("Draft idea"),
            "{} mentions the draft",
            path.display()
        );
        assert!(
            !html.contains("/gsoc/2027/secret/"),
            "{} links the draft",
            path.display()
        );
    }
    site.build_with(&["--drafts"]).assert_success();
    assert!(
        site.read("gsoc/2027/secret/index.html")
            .contains("Draft idea")
    );
    assert!(
        site.read("gsoc/2027/index.html")
            .contains("href=\"/gsoc/2027/secret/\"")
    );
}

#[test]
fn draft_year_only_with_drafts_flag() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/now.md", &idea("Current idea", ""))
        .file("content/gsoc/2028/_index.md", &year(2028, "status: draft"))
        .file("content/gsoc/2028/next.md", &idea("Next year idea", ""));
    site.build_ok();
    assert!(!site.exists("gsoc/2028"), "{:#?}", site.files());
    for (path, html) in html_files(&site.public()) {
        assert!(
            !html.contains("/gsoc/2028/"),
            "{} links the draft year",
            path.display()
        );
        assert!(
            !html.contains("Next year idea"),
            "{} shows its idea",
            path.display()
        );
    }
    site.build_with(&["--drafts"]).assert_success();
    assert!(site.exists("gsoc/2028/index.html"));
    assert!(site.exists("gsoc/2028/next/index.html"));
}

/// An idea naming Jane's address in the front matter, bare in the body, as a `mailto:`
/// link and as an autolink.
fn email_site(config: &str) -> TestSite {
    TestSite::new()
        .file("ideawiki.yaml", config)
        .file("content/_index.md", "---\ntitle: Home\n---\nQuestions: jane@example.org\n")
        .file("content/gsoc/2027/_index.md", &year(2027, ""))
        .file(
            "content/gsoc/2027/mail.md",
            "---\ntitle: Mail idea\nmentors:\n  - name: Jane Doe\n    email: jane@example.org\n  - Bob\n\
             summary: Ask jane@example.org first.\n---\n\
             Write to jane@example.org, or [mail Jane](mailto:jane@example.org), or <jane@example.org>.\n",
        )
}

/// Every output file, as text (lossy), concatenated with its name.
fn all_output(site: &TestSite) -> String {
    snapshot_tree(&site.public())
        .into_iter()
        .map(|(p, b)| format!("=== {}\n{}\n", p.display(), String::from_utf8_lossy(&b)))
        .collect()
}

#[test]
fn emails_are_obfuscated_by_default() {
    let site = email_site("title: Test ideas\n");
    site.build_ok();
    let all = all_output(&site);
    assert!(
        !all.contains("jane@example.org"),
        "plain address in the output"
    );
    assert!(!all.contains("mailto:"), "mailto: link in the output");
    assert!(
        !all.contains("jane%40example"),
        "percent-encoded address in the output"
    );
    let idea = site.read("gsoc/2027/mail/index.html");
    // In the mentors infobox and in the body.
    assert!(
        idea.matches("jane AT example DOT org").count() >= 3,
        "obfuscated address missing: {idea}"
    );
    let table = site.read("gsoc/2027/index.html");
    assert!(table.contains("jane AT example DOT org"), "{table}");
}

#[test]
fn emails_hide_shows_no_address() {
    let site = email_site("title: Test ideas\nemails: hide\n");
    site.build_ok();
    let all = all_output(&site);
    assert!(
        !all.contains("jane@example.org"),
        "plain address in the output"
    );
    assert!(
        !all.contains("jane AT example DOT org"),
        "obfuscated address in the output"
    );
    assert!(!all.contains("mailto:"), "mailto: link in the output");
    assert!(site.read("gsoc/2027/mail/index.html").contains("Jane Doe"));
}

#[test]
fn emails_plain_links_the_address() {
    let site = email_site("title: Test ideas\nemails: plain\n");
    site.build_ok();
    let idea = site.read("gsoc/2027/mail/index.html");
    assert!(idea.contains("href=\"mailto:jane@example.org\""), "{idea}");
    assert!(!idea.contains("jane AT example DOT org"), "{idea}");
}

#[test]
fn emails_never_leak_from_any_field() {
    // Addresses where mentors and admins might paste them: titles (shown in breadcrumbs,
    // the sidebar and `<title>`), headings (shown again in the table of contents), the
    // year's notice and program name, list fields and `extra`.
    let a = "jane@example.org";
    let site = TestSite::new()
        .file(
            "ideawiki.yaml",
            &format!("title: Ideas {a}\ndescription: Ask {a}\n"),
        )
        .file("content/_index.md", &page(&format!("Home {a}"), ""))
        .file("content/gsoc/_index.md", &page(&format!("Program {a}"), ""))
        .file(
            "content/gsoc/2027/_index.md",
            &year(2027, &format!("notice: Ask {a}\nextra: {{contact: {a}}}")).replace(
                "title: GSoC 2027 project ideas",
                &format!("title: Year {a}"),
            ),
        )
        .file(
            "content/gsoc/2027/x.md",
            &idea(
                &format!("Idea {a}"),
                &format!(
                    "project: P {a}\nmentors: [\"Jane <{a}>\"]\nskills: [{a}]\ntags: [{a}]\n\
                     status: taken\nstudents: [{a}]\nextra: {{contact: {a}}}"
                ),
            ),
        )
        .file(
            "content/contact.md",
            &format!(
                "---\ntitle: Contact {a}\n---\n## Write to {a}\n\nText.\n\n## Two\n\n## Three\n"
            ),
        );
    site.build_ok();
    let mut leaks = Vec::new();
    for (path, bytes) in snapshot_tree(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines().filter(|l| l.contains(a)) {
            leaks.push(format!("{}: {}", path.display(), line.trim()));
        }
    }
    assert!(
        leaks.is_empty(),
        "plain addresses in the output:\n{}",
        leaks.join("\n")
    );
    // The table of contents is there (the wiki page has three headings).
    assert!(site.read("contact/index.html").contains("class=\"toc\""));
}
