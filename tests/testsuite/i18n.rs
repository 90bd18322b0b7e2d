//! The theme in the site's language: `language` picks one of `themes/wiki/i18n/*.yaml`,
//! `strings:` overrides any string.
//!
//! "No English left" is checked without a list of words to look for. The example site is
//! built three times: in English, in the language under test, and "blank", with every
//! string of the theme replaced by a sign that has no letters. What the blank build still
//! shows is the site's own content; every word of it must come from the site's files, which
//! also proves no template writes an English word of its own. A word of the English strings
//! then counts as left over in the other language when that language's own file does not
//! use it (German writes "Status" too) and the page shows it more often than the blank build
//! does (the content may say "ideas" itself).

use std::collections::{BTreeMap, BTreeSet};

use crate::site::{TestSite, idea};

const EN: &str = include_str!("../../themes/wiki/i18n/en.yaml");

/// The pages checked in each language.
const YEAR: &str = "gsoc/2011/index.html";
const PAGES: &[&str] = &[
    YEAR,
    "gsoc/2011/virtio-on-xen/index.html",
    "gsoc/2011/xenapi-to-libxenlight/index.html",
    "gsoc/2012/index.html",
    "index.html",
    "gsoc/index.html",
    "archive/index.html",
    "skills/index.html",
    "skills/ocaml/index.html",
    "sizes/large/index.html",
    "mentors/ian-jackson/index.html",
    "404.html",
];

fn strings_of(yaml: &str) -> BTreeMap<String, String> {
    serde_yaml::from_str(yaml).expect("a language file")
}

fn language_file(code: &str) -> String {
    let path = format!(
        "{}/themes/wiki/i18n/{code}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("the language file")
}

/// The example site with `config` added to its config (`language: en` is replaced).
fn example_with(config: &str) -> TestSite {
    let site = TestSite::example();
    let text = std::fs::read_to_string(site.path("ideawiki.yaml")).unwrap();
    let text = text.replace("language: en\n", "");
    std::fs::write(site.path("ideawiki.yaml"), format!("{text}{config}")).unwrap();
    site.build_ok();
    site
}

/// Every string of the theme replaced by a sign without letters, keeping its placeholders
/// (which bring in the site's own words: "An idea for {year}" → "§{year}§").
fn blank_config() -> String {
    let mut config = String::from("strings:\n");
    for (key, value) in strings_of(EN) {
        let mut blank = String::from("§");
        for piece in value.split('{').skip(1) {
            if let Some((name, _)) = piece.split_once('}') {
                blank.push_str(&format!("{{{name}}}§"));
            }
        }
        config.push_str(&format!("  {key}: \"{blank}\"\n"));
    }
    config
}

/// What a reader is shown: the text of the page (not its scripts, but the script's words
/// in `#iw-strings`), the attributes read out or shown (`aria-label`, `placeholder`,
/// `title`, `alt`) and the strings of its styles (card labels).
fn shown_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        for attr in ["aria-label=\"", "placeholder=\"", "title=\"", "alt=\""] {
            if let Some(start) = tag.find(attr) {
                let value = &tag[start + attr.len()..];
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push(' ');
            }
        }
        for element in ["script", "style"] {
            if tag.starts_with(&format!("<{element}")) {
                let close = format!("</{element}>");
                let body_end = rest.find(&close).unwrap_or(rest.len());
                let body = &rest[..body_end];
                if element == "style" {
                    // Only what the page shows: the strings.
                    for (i, s) in body.split('"').enumerate() {
                        if i % 2 == 1 {
                            out.push_str(&s.replace("\\A", " "));
                            out.push(' ');
                        }
                    }
                } else if tag.contains("application/json") {
                    out.push_str(body);
                }
                rest = &rest[body_end..];
            }
        }
    }
    out.push_str(rest);
    for (entity, c) in [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#x27;", "'"),
        ("&#39;", "'"),
    ] {
        out = out.replace(entity, c);
    }
    out
}

/// The words of `text`, lower case, with how often each occurs.
fn words(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
    {
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// The words of a language file's strings (placeholders left out).
fn words_of_strings(yaml: &str) -> BTreeSet<String> {
    let mut all = String::new();
    for value in strings_of(yaml).values() {
        let mut v = value.clone();
        while let (Some(s), Some(e)) = (v.find('{'), v.find('}')) {
            if e < s {
                break;
            }
            v.replace_range(s..=e, " ");
        }
        all.push_str(&v);
        all.push(' ');
    }
    words(&all).into_keys().collect()
}

/// The English words of `page` in `built` that neither the content (`blank`) nor the
/// language (`own`, its file's words) accounts for.
fn english_left(
    built: &TestSite,
    blank: &TestSite,
    page: &str,
    own: &BTreeSet<String>,
) -> Vec<String> {
    let english = words_of_strings(EN);
    let shown = words(&shown_text(&built.read(page)));
    let content = words(&shown_text(&blank.read(page)));
    shown
        .into_iter()
        .filter(|(w, n)| {
            english.contains(w) && !own.contains(w) && *n > content.get(w).copied().unwrap_or(0)
        })
        .map(|(w, n)| format!("{w} ({n}×)"))
        .collect()
}

#[test]
fn the_blank_build_shows_only_what_the_site_s_files_say() {
    let blank = example_with(&blank_config());
    let mut source = String::new();
    for path in crate::site::snapshot_tree(blank.root()).into_keys() {
        let rel = path.to_string_lossy();
        if (rel.starts_with("content/") || rel == "ideawiki.yaml") && blank.path(&rel).is_file() {
            source.push_str(&String::from_utf8_lossy(
                &std::fs::read(blank.path(&rel)).unwrap(),
            ));
        }
    }
    let source = words(&source);
    // Mentors' addresses are written "jane AT example DOT org" in every language.
    let neutral = ["at", "dot"];
    for page in PAGES {
        let stray: Vec<String> = words(&shown_text(&blank.read(page)))
            .into_keys()
            .filter(|w| !source.contains_key(w) && !neutral.contains(&w.as_str()))
            .collect();
        assert!(
            stray.is_empty(),
            "{page} shows words that are neither the site's nor a string of the theme: {stray:?}"
        );
    }
}

#[test]
fn a_site_in_german_has_no_english_word_left() {
    let blank = example_with(&blank_config());
    let german = example_with("language: de\n");
    let own = words_of_strings(&language_file("de"));
    for page in PAGES {
        let left = english_left(&german, &blank, page, &own);
        assert!(left.is_empty(), "{page} in German still says {left:?}");
    }
    // The check finds English where there is some: the English build is full of it.
    let english = example_with("language: en\n");
    let left = english_left(&english, &blank, YEAR, &own);
    assert!(left.len() > 20, "{left:?}");
    // German pages say so, and the script gets its words.
    let year = german.read(YEAR);
    assert!(year.contains("<html lang=\"de\">"));
    assert!(year.contains(r#"<script type="application/json" id="iw-strings">{"all":"Alle""#));
    assert!(year.contains(">Alle zeigen</button>"), "{year}");
    assert!(!english.read(YEAR).contains("iw-strings"));
}

#[test]
fn sites_in_french_and_spanish_have_no_english_word_left() {
    let blank = example_with(&blank_config());
    for code in ["fr", "es"] {
        let built = example_with(&format!("language: {code}\n"));
        let own = words_of_strings(&language_file(code));
        for page in [YEAR, "gsoc/2011/virtio-on-xen/index.html"] {
            let left = english_left(&built, &blank, page, &own);
            assert!(left.is_empty(), "{page} in `{code}` still says {left:?}");
        }
    }
}

#[test]
fn a_site_overrides_any_string_and_the_taxonomy_titles_follow() {
    let site = TestSite::with_year()
        .file(
            "ideawiki.yaml",
            "title: Test ideas\nbase_url: https://ideas.example.org/\nlanguage: de-AT\nstrings:\n  show_all: Alles anzeigen\n  ideas_other: \"{n} Vorschläge\"\n  taxonomy_skills: Fertigkeiten\n",
        )
        .file("content/gsoc/2027/a.md", &idea("A", "skills: [C]\nsize: large\n"))
        .file("content/gsoc/2027/b.md", &idea("B", "skills: [Rust]\nsize: small\n"));
    site.build_ok();
    let year = site.read("gsoc/2027/index.html");
    assert!(year.contains(">Alles anzeigen</button>"), "{year}");
    assert!(year.contains(">2 Vorschläge</a>"), "{year}");
    // German for everything else (de-AT reads de.yaml), English nowhere.
    assert!(
        year.contains("<h2 id=\"iw-ideas\">Projektideen</h2>"),
        "{year}"
    );
    assert!(year.contains(">Groß</a>"), "{year}");
    assert!(year.contains(">Fertigkeiten</a>"), "the sidebar: {year}");
    let skills = site.read("skills/index.html");
    assert!(skills.contains("<h1>Fertigkeiten</h1>"), "{skills}");
    assert!(
        site.read("sizes/large/index.html")
            .contains("<h1>Groß</h1>")
    );
}

#[test]
fn an_unknown_string_is_an_error_with_a_suggestion() {
    let site = TestSite::with_year().file(
        "ideawiki.yaml",
        "title: Test ideas\nbase_url: https://ideas.example.org/\nstrings:\n  show_all: Everything\n  show_al: Everything\n",
    );
    let run = site.build();
    run.assert_failure();
    run.stderr_has(
        "error[unknown-string]: `strings` names `show_al`, which is not one of the theme's strings",
    )
    .stderr_has("ideawiki.yaml:5:3")
    .stderr_has("did you mean `show_all`?");
    // A placeholder the theme does not fill in would show as it is.
    let site = TestSite::with_year().file(
        "ideawiki.yaml",
        "title: Test ideas\nbase_url: https://ideas.example.org/\nstrings:\n  ideas_other: \"{count} ideas\"\n",
    );
    let run = site.build();
    run.assert_failure();
    run.stderr_has("`strings.ideas_other` uses {count}, which the theme does not fill in")
        .stderr_has("ideawiki.yaml:4:3");
}

#[test]
fn an_unknown_language_falls_back_to_english_with_a_warning() {
    let site = TestSite::with_year()
        .file(
            "ideawiki.yaml",
            "title: Test ideas\nbase_url: https://ideas.example.org/\nlanguage: pt-BR\n",
        )
        .file("content/gsoc/2027/a.md", &idea("A", ""));
    let run = site.build_ok();
    run.stderr_has("warning[unknown-language]: the theme has no strings for `language: pt-BR`: pages use English")
        .stderr_has("ideawiki.yaml:3:1")
        .stderr_has("the built-in languages are en, de, es, fr");
    let year = site.read("gsoc/2027/index.html");
    // The page says what language its content is in; the theme's words are English.
    assert!(year.contains("<html lang=\"pt-BR\">"), "{year}");
    assert!(year.contains(">Show all</button>"), "{year}");
}
