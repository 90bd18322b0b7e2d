//! Hostile input from a stranger's pull request: nothing executable reaches the site, and
//! the mentor is told, at the line, what was left out.

use crate::site::{TestSite, between, html_files, idea, year};

const HOSTILE_BODY: &str = "Intro.\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n\
    [a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c](vbscript:msgbox) [d](data:text/html,hi)\n\n\
    <iframe src=\"https://example.org/\"></iframe> <a href=\"java\tscript:alert(5)\" onclick=\"alert(6)\">e</a>\n\n\
    <details><summary>More</summary>\n\nPress <kbd>Ctrl</kbd>.\n\n</details>\n";

/// A site with one hostile idea (body, summary) and a hostile year notice, beside a
/// harmless idea whose row must still show.
fn hostile_site(config: &str) -> TestSite {
    TestSite::with_year()
        .file("ideawiki.yaml", &format!("title: Test ideas\n{config}"))
        .file(
            "content/gsoc/2027/_index.md",
            &year(2027, "notice: '<img src=x onerror=alert(7)> apply now'"),
        )
        .file(
            "content/gsoc/2027/hostile.md",
            &idea(
                "Hostile",
                "summary: '<script>alert(8)</script> and <!-- the rest'",
            )
            .replace("The detailed description of this idea.\n", HOSTILE_BODY),
        )
        .file("content/gsoc/2027/zulu.md", &idea("Zulu", ""))
}

/// Every start tag of `html`, as written.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    out
}

/// Fails when a page has an element or attribute that can run script.
fn assert_nothing_executable(site: &TestSite) {
    for (path, html) in html_files(&site.public()) {
        for tag in tags(&html) {
            let lower = tag.to_ascii_lowercase();
            let theme_script = lower.starts_with("<script src=")
                || lower.starts_with("<script type=\"application/ld+json\"");
            let runs_script = (lower.starts_with("<script") && !theme_script)
                || lower.starts_with("<iframe")
                || lower.contains(" on")
                || ["javascript:", "vbscript:", "data:text"]
                    .iter()
                    .any(|s| lower.contains(s));
            assert!(!runs_script, "{}: {tag}", path.display());
        }
    }
}

#[test]
fn raw_html_and_dangerous_links_never_reach_a_page() {
    let site = hostile_site("");
    let run = site.build_ok();
    assert_nothing_executable(&site);
    let page = site.read("gsoc/2027/hostile/index.html");
    for kept in [
        "<details>",
        "<summary>More</summary>",
        "<kbd>Ctrl</kbd>",
        "Intro.",
    ] {
        assert!(page.contains(kept), "{kept} missing from the idea page");
    }
    // The summary is text: shown as written, and its `<!--` hides nothing after it.
    let year_page = site.read("gsoc/2027/index.html");
    let tbody = between(&year_page, "<tbody>", "</tbody>");
    assert!(tbody.contains("&lt;script&gt;alert(8)"), "{tbody}");
    assert!(
        tbody.contains("Zulu"),
        "the row after the summary is hidden: {tbody}"
    );
    assert!(year_page.contains("&lt;img src=x onerror=alert(7)&gt; apply now"));
    // The build says what it left out, at the line.
    run.stderr_has("warning[html-removed]: <script> and what it holds was left out of the page")
        .stderr_has("content/gsoc/2027/hostile.md:7:")
        .stderr_has("the link to `javascript:…` was left out")
        .stderr_has("the onclick attribute of <a> was left out");
}

#[test]
fn check_reports_each_removal_at_its_line() {
    let site = hostile_site("");
    let root = site.root().to_str().expect("UTF-8 path");
    let run = site.run(&["check", "--root", root, "--format", "json"]);
    let removed: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .filter(|d: &serde_json::Value| d["code"] == "html-removed")
        .collect();
    let at: Vec<(u64, &str)> = removed
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            (7, "<script> and what it holds was left out of the page"),
            (9, "the onerror attribute of <img> was left out of the page"),
            (11, "the link to `javascript:…` was left out of the page"),
            (11, "the link to `javascript:…` was left out of the page"),
            (11, "the link to `vbscript:…` was left out of the page"),
            (11, "the link to `data:…` was left out of the page"),
            (13, "the <iframe> tag was left out of the page"),
            (
                13,
                "the href of <a> (a URL of a scheme pages may not use) was left out of the page"
            ),
            (13, "the onclick attribute of <a> was left out of the page"),
        ]
    );
}

#[test]
fn raw_html_setting_escapes_or_trusts() {
    let site = hostile_site("raw_html: escape\n");
    let run = site.build_ok();
    assert_nothing_executable(&site);
    let page = site.read("gsoc/2027/hostile/index.html");
    assert!(
        page.contains("&lt;details&gt;"),
        "raw HTML is shown as text"
    );
    // Nothing of the raw HTML is left out; dangerous link targets still are.
    run.stderr_has("the link to `javascript:…` was left out");
    assert!(
        !run.stderr.contains("<script> and what it holds"),
        "{}",
        run.stderr
    );

    let site = hostile_site("raw_html: trusted\n");
    site.build_ok();
    let page = site.read("gsoc/2027/hostile/index.html");
    assert!(
        page.contains("<script>alert(1)</script>"),
        "trusted HTML passes"
    );
    // Front-matter text stays text even then.
    let year_page = site.read("gsoc/2027/index.html");
    assert!(year_page.contains("&lt;script&gt;alert(8)"));

    let site = hostile_site("raw_html: allow\n");
    site.build()
        .stderr_has("ideawiki.yaml:2:")
        .stderr_has("`raw_html` must be `sanitize`, `escape` or `trusted`");
}

/// Every address of [`leaky_site`], as the reader of any output would read it.
const LEAKY_ADDRESSES: &[&str] = &[
    "jane@example.org",
    "ann@example.org",
    "bob@example.org",
    "carl@example.org",
    "dee@example.org",
    "josé@exämple.org",
    "ivan@xn--80ak6aa92e.xn--p1ai",
];

/// Addresses written in every spelling a reader still reads as an address.
fn leaky_site() -> TestSite {
    TestSite::with_year().file(
        "content/gsoc/2027/leaky.md",
        "---\ntitle: Leaky\nsummary: Ask *ann*@example.org.\nmentors:\n  - {name: Bob, url: \"https://example.net/u/bob%40example.org\"}\n---\n\
         Write jane\\@example.org, jane&#64;example.org, *jane*@example.org or jane@example&#46;org.\n\n\
         [See](/applying/ \"carl@example.org\") ![Map](map.png \"dee@example.org\")\n\n\
         Also josé@exämple.org and ivan@xn--80ak6aa92e.xn--p1ai.\n",
    )
}

/// What a reader sees in an output file, twice: tags removed (their text runs together,
/// as on screen), then tags kept (for attribute values such as a link's title), each
/// with the entities and escapes for `@` and `.` decoded.
fn as_read(text: &str) -> String {
    format!("{}\n{}", decode(&strip_tags(text)), decode(text))
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(text: &str) -> String {
    let mut read = text.to_string();
    for (from, to) in [
        ("&#64;", "@"),
        ("&#x40;", "@"),
        ("&commat;", "@"),
        ("%40", "@"),
        ("\\u0040", "@"),
        ("&#46;", "."),
    ] {
        read = read.replace(from, to);
    }
    read
}

#[test]
fn addresses_in_every_spelling_stay_scrubbed_in_every_output() {
    let site = leaky_site();
    site.build_ok();
    let outputs = crate::site::snapshot_tree(&site.public());
    assert!(outputs.len() > 10, "the site was built");
    for (path, bytes) in outputs {
        let read = as_read(&String::from_utf8_lossy(&bytes));
        for address in LEAKY_ADDRESSES {
            assert!(
                !read.contains(address),
                "{} shows {address}",
                path.display()
            );
        }
    }
    let page = site.read("gsoc/2027/leaky/index.html");
    assert!(page.contains("jane AT example DOT org"), "{page}");
    assert!(page.contains("josé AT exämple DOT org"), "{page}");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A folder outside the site, with a file nobody meant to publish.
    fn secret_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp folder");
        std::fs::write(dir.path().join("secret.txt"), "token=hunter2\n").expect("write");
        dir
    }

    #[test]
    fn a_static_or_theme_folder_linked_outside_the_site_is_refused() {
        let outside = secret_folder();
        for folder in ["static", "themes/dark/static", "templates"] {
            let site = TestSite::with_year();
            let config = if folder.starts_with("themes") {
                "title: T\ntheme: dark\n"
            } else {
                "title: T\n"
            };
            site.write("ideawiki.yaml", config.as_bytes());
            let link = site.path(folder);
            std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
            symlink(outside.path(), &link).expect("symlink");
            let run = site.build();
            assert_eq!(run.code, Some(1), "{folder}: {run}");
            run.stderr_has("error[symlink-outside]")
                .stderr_has(folder)
                .stderr_has("leads outside the site");
            assert!(!site.exists("secret.txt"), "{folder}: published");
        }
    }

    #[test]
    fn links_into_a_hidden_folder_and_odd_names_are_reported() {
        let site = TestSite::with_year();
        site.write(
            ".git/config",
            b"[remote]\nurl = https://token@example.org/\n",
        );
        site.write("static/ok.txt", b"fine\n");
        symlink(site.path(".git"), site.path("static/git")).expect("symlink");
        symlink(site.path(".git/config"), site.path("content/config.txt")).expect("symlink");
        site.write("static/two\nlines.txt", b"x\n");
        let run = site.build();
        assert_eq!(run.code, Some(1), "{run}");
        run.stderr_has("error[symlink-hidden]")
            .stderr_has("static/git")
            .stderr_has("content/config.txt")
            .stderr_has("hidden folder `.git`")
            .stderr_has("error[file-name]: this file name holds a line break");
        assert!(!site.public().exists(), "a failed build writes nothing");
    }
}

mod clashes {
    use super::*;

    fn fails_naming(site: &TestSite, needles: &[&str]) {
        let run = site.build();
        assert_eq!(run.code, Some(1), "{run}");
        assert!(!run.stderr.contains("os error"), "a bare I/O error: {run}");
        for n in needles {
            run.stderr_has(n);
        }
    }

    #[test]
    fn a_wiki_page_on_a_mentors_page_names_both() {
        let site = TestSite::with_year()
            .file("content/gsoc/2027/a.md", &idea("A", "mentors: [Jane Doe]"))
            .file(
                "content/mentors/jane-doe.md",
                "---\ntitle: About Jane\n---\nHi.\n",
            );
        fails_naming(
            &site,
            &[
                "error[duplicate-url]",
                "content/mentors/jane-doe.md",
                "(the generated page of Mentors `Jane Doe`)",
            ],
        );
    }

    #[test]
    fn pages_and_aliases_on_generated_or_static_files_name_both() {
        let cases: [(&str, &str, &[&str]); 4] = [
            (
                "content/home-copy.md",
                "---\ntitle: Copy\nslug: index.html\n---\n",
                &[
                    "error[output-clash]",
                    "content/home-copy.md",
                    "needs a folder `/index.html/`",
                ],
            ),
            (
                "content/atom.xml.md",
                "---\ntitle: Feed\n---\n",
                &[
                    "content/atom.xml.md",
                    "the generated file `atom.xml` is a file of that name",
                ],
            ),
            (
                "content/old.md",
                "---\ntitle: Old\naliases: [/style.css]\n---\n",
                &["error[alias-clash]", "the static file `style.css`"],
            ),
            (
                "content/style.css",
                "body { color: red }\n",
                &[
                    "error[output-clash]",
                    "the file content/style.css",
                    "the static file `style.css`",
                ],
            ),
        ];
        for (file, text, needles) in cases {
            let site = TestSite::with_year().file(file, text);
            fails_naming(&site, needles);
        }
    }

    #[test]
    fn files_differing_only_in_case_name_both() {
        let site = TestSite::with_year()
            .file("content/gsoc/2027/Diagram.png", "one")
            .file("content/gsoc/2027/diagram.png", "two");
        fails_naming(
            &site,
            &[
                "error[output-clash]",
                "content/gsoc/2027/Diagram.png",
                "content/gsoc/2027/diagram.png",
                "differ only in upper and lower case",
            ],
        );
    }
}
