//! Good input builds: encodings, determinism, incremental output, defaults and theme
//! overrides.

use std::time::{Duration, SystemTime};

use crate::site::{TestSite, assert_same_tree, idea, page, snapshot_tree, year};

#[test]
fn bom_and_crlf_files_build() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/bom.md",
            &format!("\u{feff}{}", idea("Idea with a BOM", "size: small")),
        )
        .file(
            "content/gsoc/2027/crlf.md",
            &idea(
                "Idea with CRLF",
                "skills: [C, Rust]\nsummary: Line endings.",
            )
            .replace('\n', "\r\n"),
        )
        .file(
            "content/windows.md",
            &format!("\u{feff}{}", page("Windows page", "")).replace('\n', "\r\n"),
        );
    site.build_ok();
    let bom = site.read("gsoc/2027/bom/index.html");
    assert!(bom.contains("<h1>Idea with a BOM</h1>"), "{bom}");
    let crlf = site.read("gsoc/2027/crlf/index.html");
    assert!(crlf.contains("<h1>Idea with CRLF</h1>"), "{crlf}");
    assert!(crlf.contains("Line endings."), "{crlf}");
    assert!(
        !crlf.contains('\r'),
        "a carriage return leaked into the output"
    );
    let year_page = site.read("gsoc/2027/index.html");
    assert!(year_page.contains("Idea with a BOM") && year_page.contains("Idea with CRLF"));
    assert!(
        !year_page.contains('\u{feff}'),
        "a BOM leaked into the output"
    );
    assert!(
        site.read("windows/index.html")
            .contains("<h1>Windows page</h1>")
    );
}

#[test]
fn same_input_gives_byte_identical_output() {
    let mut site = TestSite::with_year()
        .file("content/applying.md", &page("Applying", ""))
        .file("content/gsoc/2026/_index.md", &year(2026, "status: closed"));
    for i in 0..30 {
        site = site.file(
            &format!("content/gsoc/2027/idea-{i:02}.md"),
            &idea(
                &format!("Idea {}", 30 - i),
                &format!(
                    "mentors: [Mentor {i}]\nskills: [C, Rust]\nextra: {{b: 2, a: 1, z: [x, y]}}"
                ),
            ),
        );
    }
    let one = site.outer().join("one");
    let two = site.outer().join("two");
    site.build_with(&["--output", one.to_str().unwrap()])
        .assert_success();
    site.build_with(&["--output", two.to_str().unwrap()])
        .assert_success();
    // The marker file included: it says only that ideawiki wrote the folder (the manifest,
    // with each file's mtime and inode, is in the site's cache folder).
    let a = snapshot_tree(&one);
    assert!(
        a.contains_key(std::path::Path::new(".ideawiki-output")),
        "{:?}",
        a.keys()
    );
    assert!(a.len() > 30, "{:?}", a.keys());
    assert_same_tree(&a, &snapshot_tree(&two), "the second output");
}

#[test]
fn removed_idea_leaves_no_stale_page() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/stays.md", &idea("Stays", ""))
        .file("content/gsoc/2027/goes.md", &idea("Goes away", ""));
    site.build_ok();
    assert!(site.exists("gsoc/2027/goes/index.html"));
    site.remove("content/gsoc/2027/goes.md");
    site.build_ok();
    assert!(!site.exists("gsoc/2027/goes"), "{:#?}", site.files());
    assert!(site.exists("gsoc/2027/stays/index.html"));
    assert!(!site.read("gsoc/2027/index.html").contains("Goes away"));
    // No staging or old-output folders are left beside the output; the manifest is kept
    // in the site's cache folder, out of `public/` so that it is never deployed.
    let beside: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, [".ideawiki", "content", "ideawiki.yaml", "public"]);
}

/// A build with nothing changed in the site skips everything only while the output holds
/// exactly the files the last build wrote: after a file is added, deleted or edited there,
/// at any depth, the next build puts the output right.
#[test]
fn an_output_changed_by_hand_is_built_again() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/one.md", &idea("One", ""))
        .file("content/applying.md", &page("Applying", ""));
    site.build_ok();
    let page = "gsoc/2027/one/index.html";
    let built = site.read(page);
    let out = site.public();
    for what in [
        "a file added",
        "a folder added",
        "a page deleted",
        "a page edited",
    ] {
        assert!(site.build_ok().stdout.contains("0 files written"));
        match what {
            "a file added" => std::fs::write(out.join("gsoc/2027/one/stray.txt"), "x").unwrap(),
            "a folder added" => {
                std::fs::create_dir_all(out.join("gsoc/2027/new")).unwrap();
                std::fs::write(out.join("gsoc/2027/new/index.html"), "x").unwrap();
            }
            "a page deleted" => std::fs::remove_file(out.join(page)).unwrap(),
            _ => std::fs::write(out.join(page), built.replace("One", "Two")).unwrap(),
        }
        site.build_ok();
        assert_eq!(site.read(page), built, "{what}");
        assert!(
            !site.public().join("gsoc/2027/one/stray.txt").exists(),
            "{what}"
        );
        assert!(!site.public().join("gsoc/2027/new").exists(), "{what}");
    }
}

#[test]
fn unchanged_rebuild_keeps_every_mtime() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/one.md", &idea("One", ""))
        .file("content/applying.md", &page("Applying", ""));
    site.build_ok();
    // Date every output file in the past: a file rewritten by the next build gets "now".
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let files = site.files();
    for rel in &files {
        let path = site.public().join(rel);
        if path.is_file() {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
    }
    let before = snapshot_tree(&site.public());
    let run = site.build_ok();
    assert_same_tree(&before, &snapshot_tree(&site.public()), "public/");
    let rewritten: Vec<_> = files
        .iter()
        .filter(|rel| {
            let path = site.public().join(rel);
            path.is_file() && std::fs::metadata(&path).unwrap().modified().unwrap() != past
        })
        .collect();
    assert!(
        rewritten.is_empty(),
        "files rewritten by a build with nothing changed: {rewritten:?}\n{run}"
    );
    assert!(run.stdout.contains("0 files written"), "{run}");
}

/// Dates every file under `dir` in the past, so that a file the next build rewrites
/// stands out by its mtime.
fn age_files(dir: &std::path::Path) -> SystemTime {
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
    }
    past
}

#[test]
fn editing_one_idea_rewrites_only_files_whose_bytes_change() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/one.md", &idea("One", "skills: [C]"))
        .file("content/gsoc/2027/two.md", &idea("Two", "skills: [Rust]"))
        .file("content/applying.md", &page("Applying", ""));
    site.build_ok();
    // A second build with nothing changed: it rewrites nothing, not even the marker.
    let past = age_files(&site.public());
    let before = snapshot_tree(&site.public());
    let run = site.build_ok();
    assert!(run.stdout.contains("0 files written"), "{run}");
    assert_same_tree(&before, &snapshot_tree(&site.public()), "public/");
    // Now an edit of one idea's text: its page changes, the year's list does not.
    site.write(
        "content/gsoc/2027/one.md",
        idea("One", "skills: [C]")
            .replace("The detailed description", "A new description")
            .as_bytes(),
    );
    site.build_ok();
    let after = snapshot_tree(&site.public());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let mut rewritten = Vec::new();
    for (rel, bytes) in &after {
        let path = site.public().join(rel);
        if !path.is_file() {
            continue;
        }
        let touched = std::fs::metadata(&path).unwrap().modified().unwrap() != past;
        let changed = before.get(rel) != Some(bytes);
        assert_eq!(
            touched,
            changed,
            "{}: rewritten {touched}, bytes changed {changed}",
            rel.display()
        );
        if touched {
            rewritten.push(rel.to_string_lossy().into_owned());
        }
    }
    assert!(
        rewritten.contains(&"gsoc/2027/one/index.html".to_string()),
        "{rewritten:?}"
    );
    for same in [
        "gsoc/2027/index.html",
        "gsoc/2027/two/index.html",
        "applying/index.html",
    ] {
        assert!(
            !rewritten.iter().any(|r| r == same),
            "{same} rewritten: {rewritten:?}"
        );
    }
    assert!(
        site.read("gsoc/2027/one/index.html")
            .contains("A new description"),
        "the edit is in the page"
    );
}

#[test]
fn no_config_uses_defaults_with_a_note() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nHi.\n")
        .file("content/gsoc/2027/_index.md", &year(2027, ""))
        .file("content/gsoc/2027/x.md", &idea("An idea", ""));
    let run = site.build_ok();
    run.stderr_has("ideawiki.yaml").stderr_has("default");
    assert!(site.exists("gsoc/2027/x/index.html"));
    assert!(site.exists("style.css"));
}

#[test]
fn no_themes_folder_uses_the_built_in_theme_and_site_templates_override_it() {
    let site = TestSite::with_year()
        .file("content/gsoc/2027/x.md", &idea("Overridden", ""))
        .file(
            "templates/idea.html",
            "{% extends \"base.html\" %}\n{% block content %}<p id=\"site-idea\">Site template for {{ idea.title }}</p>{% endblock content %}\n",
        );
    assert!(!site.path("themes").exists());
    site.build_ok();
    let idea_page = site.read("gsoc/2027/x/index.html");
    assert!(
        idea_page.contains("<p id=\"site-idea\">Site template for Overridden</p>"),
        "{idea_page}"
    );
    // Still the theme's base.html around it.
    assert!(idea_page.contains("class=\"site-header\""), "{idea_page}");
    // Other pages keep the theme's templates.
    let year_page = site.read("gsoc/2027/index.html");
    assert!(!year_page.contains("site-idea"));
    assert!(year_page.contains("<table class=\"ideas\""), "{year_page}");
    // The theme's stylesheet, as shipped: without its comments and indentation.
    let theme_css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/wiki/static/style.css"),
    )
    .unwrap();
    let shipped = site.read("style.css");
    assert!(
        shipped.len() < theme_css.len() && shipped.contains(".infobox{"),
        "{shipped}"
    );
    assert!(!shipped.contains("/*"), "{shipped}");
}

#[test]
fn site_static_file_replaces_the_theme_one() {
    let css = "/* site */\nbody { color: rebeccapurple; }\n";
    let site = TestSite::with_year()
        .file("content/gsoc/2027/x.md", &idea("X", ""))
        .file("static/style.css", css)
        .file("static/img/logo.svg", "<svg/>");
    site.build_ok();
    assert_eq!(site.read("style.css"), css);
    assert_eq!(site.read("img/logo.svg"), "<svg/>");
}

/// Sets the mtime of the file at `path`.
fn set_mtime(path: &std::path::Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[test]
fn an_edit_in_the_second_of_the_last_build_is_seen() {
    // A file system with one-second mtimes and no ctime, as the test hook makes every stamp
    // look: an edit that keeps the length, in the second the last build read the file,
    // changes nothing a stamp shows. Git calls such a file "racily clean".
    let coarse = [("IDEAWIKI_TEST_COARSE_STAMPS", "1")];
    let site = TestSite::with_year().file("content/gsoc/2027/one.md", &idea("One", ""));
    let path = site.path("content/gsoc/2027/one.md");
    // The second of the build, or later: a future one, so that a slow machine cannot turn
    // it into a safely older one.
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap();
    let second = SystemTime::UNIX_EPOCH + Duration::from_secs(now.as_secs() + 3600);
    set_mtime(&path, second);
    site.build_env(&coarse).assert_success();
    assert!(
        site.read("gsoc/2027/one/index.html")
            .contains("The detailed")
    );
    let edited = idea("One", "").replace("The detailed", "The DETAILED");
    assert_eq!(edited.len(), idea("One", "").len());
    site.write("content/gsoc/2027/one.md", edited.as_bytes());
    set_mtime(&path, second);
    let run = site.build_env(&coarse);
    run.assert_success();
    assert!(!run.stdout.contains("0 files written"), "{run}");
    assert!(
        site.read("gsoc/2027/one/index.html")
            .contains("The DETAILED"),
        "the edit is in the page"
    );
    // Reading such a file again is all it costs: with nothing changed, nothing is built.
    let run = site.build_env(&coarse);
    run.assert_success();
    assert!(run.stdout.contains("0 files written"), "{run}");
}

/// Pages show what exists: a taxonomy without terms has no page and no sidebar link; a
/// term's page is headed by the term, labelled with what it is; the source file is named
/// only where the config asks (and in `serve`); every page has a description and a card
/// for link previews, and the theme's icon.
#[test]
fn pages_show_only_what_exists_and_describe_themselves() {
    let site = crate::site::TestSite::with_year().file(
        "content/gsoc/2027/a.md",
        &crate::site::idea(
            "A",
            "mentors: [Lee Calcote]\nsummary: One *short* sentence. And more.",
        ),
    );
    site.build_ok();
    assert!(!site.exists("difficulty/index.html"));
    let idea = site.read("gsoc/2027/a/index.html");
    assert!(!idea.contains("/difficulty/\""), "{idea}");
    assert!(
        idea.contains("<meta name=\"description\" content=\"One short sentence.\">"),
        "{idea}"
    );
    assert!(
        idea.contains("<meta property=\"og:title\" content=\"A\">"),
        "{idea}"
    );
    assert!(
        idea.contains("<meta name=\"twitter:card\" content=\"summary\">"),
        "{idea}"
    );
    assert!(idea.contains("favicon.svg"), "{idea}");
    assert!(site.exists("favicon.svg"));
    assert!(!idea.contains("Source:"), "{idea}");
    let mentor = site.read("mentors/lee-calcote/index.html");
    assert!(
        mentor.contains("<p class=\"heading-label\">Mentor</p>\n<h1>Lee Calcote</h1>"),
        "{mentor}"
    );
    let with_source = crate::site::TestSite::with_year()
        .file("ideawiki.yaml", "title: Test ideas\nshow_source: true\n")
        .file("content/gsoc/2027/a.md", &crate::site::idea("A", ""));
    with_source.build_ok();
    assert!(
        with_source
            .read("gsoc/2027/a/index.html")
            .contains("Source: <code>content/gsoc/2027/a.md</code>")
    );
}

/// `theme eject` gives a user without the theme's source the file to change, and the
/// build then uses the changed copy.
#[test]
fn an_ejected_template_is_the_one_the_build_uses() {
    let site = crate::site::TestSite::with_year().file(
        "content/gsoc/2027/a.md",
        &crate::site::idea("A", "outcomes: [One thing]"),
    );
    let root = site.root().to_str().expect("UTF-8 path");
    site.run(&["theme", "eject", "idea.html", "--root", root])
        .assert_success();
    let path = site.path("templates/idea.html");
    let text = std::fs::read_to_string(&path).expect("ejected template");
    let edited = text.replace("{{ t.expected_outcomes }}", "What it delivers");
    assert_ne!(
        edited, text,
        "the ejected template names its outcomes heading"
    );
    std::fs::write(&path, edited).expect("edit");
    site.build_ok();
    let page = site.read("gsoc/2027/a/index.html");
    assert!(
        page.contains("What it delivers") && !page.contains("Expected outcomes"),
        "{page}"
    );
    let again = site.run(&["theme", "eject", "--root", root]);
    assert_eq!(again.code, Some(1), "{again}");
    assert!(!site.path("templates/year.html").exists());
}

/// The sidebar is rendered once per build and inserted in every page; each page still
/// finds its own link marked, and only that one.
#[test]
fn the_shared_sidebar_marks_each_pages_own_link() {
    let site = TestSite::with_year()
        .file("content/applying.md", &page("Applying", ""))
        .file(
            "content/gsoc/2027/a.md",
            &idea("A", "skills: [C]\nmentors: [Ana]"),
        );
    site.build_ok();
    let sidebar = |rel: &str| {
        let html = site.read(rel);
        let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
        let end = start + html[start..].find("</nav>").expect("its end");
        html[start..end].to_string()
    };
    for (rel, own) in [
        ("index.html", "href=\"/\""),
        ("applying/index.html", "href=\"/applying/\""),
        ("gsoc/index.html", "href=\"/gsoc/\""),
        ("gsoc/2027/index.html", "href=\"/gsoc/2027/\""),
        ("skills/index.html", "href=\"/skills/\""),
        ("archive/index.html", "href=\"/archive/\""),
    ] {
        let nav = sidebar(rel);
        assert_eq!(
            nav.matches("aria-current=\"page\"").count(),
            1,
            "{rel}: {nav}"
        );
        assert!(
            nav.contains(&format!("{own} aria-current=\"page\"")),
            "{rel}: {nav}"
        );
    }
    // Pages the sidebar does not list mark nothing in it.
    for rel in ["gsoc/2027/a/index.html", "skills/c/index.html"] {
        let nav = sidebar(rel);
        assert!(!nav.contains("aria-current"), "{rel}: {nav}");
        assert!(nav.contains("href=\"/gsoc/2027/\""), "{rel}: {nav}");
    }
}

/// A site's own `sidebar.html` replaces the theme's; one that reads `page` (which it
/// cannot: it is rendered once for every page) fails the build naming the file.
#[test]
fn a_site_sidebar_template_is_used_and_cannot_read_the_page() {
    let site = TestSite::with_year().file(
        "templates/sidebar.html",
        "<p>Our own menu: <a href=\"{{ site.root }}gsoc/2027/\">this year</a></p>",
    );
    site.build_ok();
    let year = site.read("gsoc/2027/index.html");
    assert!(
        year.contains("<a href=\"/gsoc/2027/\" aria-current=\"page\">this year</a>"),
        "{year}"
    );
    assert!(site.read("index.html").contains("Our own menu"));
    let broken = TestSite::with_year().file("templates/sidebar.html", "<p>{{ page.title }}</p>");
    let run = broken.build();
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("sidebar.html"), "{run}");
}

/// A site template written before year tables and term lists were rendered once per idea
/// (it loops over `year.ideas` and `group.ideas`) still gets the ideas' values.
#[test]
fn templates_that_loop_over_idea_values_still_get_them() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2027/a.md",
            &idea("Alpha", "skills: [C]\nmentors: [Ana]"),
        )
        .file(
            "content/gsoc/2027/b.md",
            &idea("Beta", "skills: [C]\nmentors: [Ana]"),
        )
        .file(
            "templates/year.html",
            "{% for idea in year.ideas %}[{{ idea.title }}]{% endfor %} rows: {{ year.rows | length }}",
        )
        .file(
            "templates/term.html",
            "{% for group in term.years %}{% for idea in group.ideas %}<{{ idea.title }}>{% endfor %}{% endfor %}",
        );
    site.build_ok();
    assert_eq!(site.read("gsoc/2027/index.html"), "[Alpha][Beta] rows: 2");
    assert_eq!(site.read("skills/c/index.html"), "<Alpha><Beta>");
}

/// Every page carries the sidebar: it names a program's ten newest years and links to the
/// program's page for the rest, so a long history does not lengthen every page.
#[test]
fn the_sidebar_names_the_ten_newest_years() {
    let mut site = TestSite::with_year();
    for y in 2015..2027 {
        site = site.file(
            &format!("content/gsoc/{y}/_index.md"),
            &year(y, "status: archived"),
        );
    }
    site.build_ok();
    let html = site.read("gsoc/2027/index.html");
    let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
    let nav = &html[start..];
    for y in 2018..=2027 {
        assert!(nav.contains(&format!("href=\"/gsoc/{y}/\"")), "{y}: {nav}");
    }
    for y in 2015..2018 {
        assert!(!nav.contains(&format!("href=\"/gsoc/{y}/\"")), "{y}: {nav}");
    }
    assert!(
        nav.contains("<li><a href=\"/gsoc/\">All GSoC years</a></li>"),
        "{nav}"
    );
    // The program's page lists them all.
    let program = site.read("gsoc/index.html");
    assert!(program.contains("href=\"/gsoc/2015/\""), "{program}");
}

/// `build` keeps of each file's text only what its later diagnostics point into (the front
/// matter, and bodies with wiki links): problems found after parsing still show their line.
#[test]
fn problems_found_after_parsing_still_show_their_lines() {
    let site = TestSite::with_year()
        .file("content/applying.md", "---\ntitle: Applying\n---\nHow to apply.\n")
        .file(
            "content/gsoc/2027/links.md",
            "---\ntitle: Links\nmentors: [Ann]\n---\nRead [[Applying]] and [[No such page]] first.\n",
        )
        .file(
            "content/gsoc/2027/moved.md",
            "---\ntitle: Moved\nmentors: [Ann]\naliases: [\"javascript:alert(1)\"]\n---\nA body that nothing points into.\n",
        );
    let run = site.build();
    run.assert_failure();
    run.stderr_has("content/gsoc/2027/moved.md:4:12")
        .stderr_has("4 | aliases: [\"javascript:alert(1)\"]");

    site.write(
        "content/gsoc/2027/moved.md",
        b"---\ntitle: Moved\nmentors: [Ann]\n---\nFine now.\n",
    );
    let run = site.build_ok();
    run.stderr_has("content/gsoc/2027/links.md:5:23")
        .stderr_has("5 | Read [[Applying]] and [[No such page]] first.");
}
