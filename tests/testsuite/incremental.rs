//! Incremental rebuilds (what `serve` runs after each save) must produce exactly what a
//! fresh full build of the same files produces: same paths, same bytes. A seeded sequence
//! of random edits checks that after every step.

use std::collections::BTreeMap;

use ideawiki::BuildOptions;
use ideawiki::engine::{Engine, MemorySink, Output};

use crate::site::{TestSite, year};

/// A tiny deterministic generator, so a failure replays with the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn bytes(outputs: &BTreeMap<String, Output>) -> BTreeMap<String, Vec<u8>> {
    outputs
        .iter()
        .map(|(k, v)| (k.clone(), v.bytes().expect("read output").into_owned()))
        .collect()
}

fn full_build(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let sink = MemorySink::default();
    Engine::new(BuildOptions::new(site.root()))
        .run(&sink, true)
        .expect("full build succeeds");
    bytes(&sink.into_outputs())
}

fn idea_text(title: &str, mentor: &str, skill: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nproject: Xen\nmentors: [{mentor}]\nskills: [{skill}]\nsize: medium\n---\n{body}\n"
    )
}

#[test]
fn random_edits_match_a_fresh_full_build() {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2026/_index.md",
            &year(2026, "status: archived\n"),
        )
        .file(
            "content/applying.md",
            "---\ntitle: Applying\n---\nRead this.\n",
        );
    for i in 0..6 {
        site.write(
            &format!("content/gsoc/2027/idea-{i}.md"),
            idea_text(&format!("Idea {i}"), "Ada", "C", "Body.").as_bytes(),
        );
    }
    let mut engine = Engine::new(BuildOptions::new(site.root()));
    let sink = MemorySink::default();
    engine.run(&sink, true).expect("first build");
    let mut served = sink.into_outputs();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mentors = ["Ada", "Bob", "Chen"];
    let skills = ["C", "OCaml", "Rust"];
    let mut next_id = 6;
    for step in 0..40 {
        let ideas: Vec<String> = std::fs::read_dir(site.root().join("content/gsoc/2027"))
            .expect("list ideas")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("idea-"))
            .collect();
        let pick = |rng: &mut Rng| ideas[rng.below(ideas.len())].clone();
        let what = match rng.below(9) {
            0 | 1 => {
                let f = pick(&mut rng);
                let t = format!("Retitled {step}");
                let m = mentors[rng.below(3)];
                let s = skills[rng.below(3)];
                // An old address too: its redirect comes and goes with the file.
                let alias = format!("---\naliases: [/old/{}/]\n", f.trim_end_matches(".md"));
                site.write(
                    &format!("content/gsoc/2027/{f}"),
                    idea_text(&t, m, s, "Body.")
                        .replacen("---\n", &alias, 1)
                        .as_bytes(),
                );
                format!("edit front matter of {f}")
            }
            2 => {
                let f = pick(&mut rng);
                let path = site.root().join("content/gsoc/2027").join(&f);
                let text = std::fs::read_to_string(&path).expect("read idea");
                std::fs::write(&path, format!("{text}\nMore words {step}.\n")).expect("write");
                format!("edit body of {f}")
            }
            3 => {
                let f = format!("idea-{next_id}.md");
                next_id += 1;
                site.write(
                    &format!("content/gsoc/2027/{f}"),
                    idea_text(&format!("New {step}"), "Bob", "Rust", "Fresh.").as_bytes(),
                );
                format!("add {f}")
            }
            4 if ideas.len() > 2 => {
                let f = pick(&mut rng);
                site.remove(&format!("content/gsoc/2027/{f}"));
                format!("delete {f}")
            }
            5 => {
                let f = pick(&mut rng);
                let to = format!("idea-{next_id}.md");
                next_id += 1;
                std::fs::rename(
                    site.root().join("content/gsoc/2027").join(&f),
                    site.root().join("content/gsoc/2027").join(&to),
                )
                .expect("rename");
                format!("rename {f} to {to}")
            }
            6 => {
                site.write(
                    "content/gsoc/2027/_index.md",
                    year(2027, &format!("notice: Notice {step}\n")).as_bytes(),
                );
                "edit the year section".to_string()
            }
            7 => {
                site.write(
                    "content/applying.md",
                    format!("---\ntitle: Applying {step}\n---\nText.\n").as_bytes(),
                );
                "retitle a wiki page (in every sidebar)".to_string()
            }
            _ => {
                site.write(
                    "templates/idea.html",
                    format!("{{% extends \"base.html\" %}}{{% block content %}}v{step} {{{{ idea.title }}}}{{% endblock %}}").as_bytes(),
                );
                "change a template".to_string()
            }
        };
        let sink = MemorySink::new(served.clone());
        let stats = engine.run(&sink, false).expect("incremental build");
        served = sink.into_outputs();
        let expected = full_build(&site);
        let got = bytes(&served);
        let missing: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
        let extra: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
        let differ: Vec<_> = expected
            .iter()
            .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
            .map(|(k, _)| k)
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty() && differ.is_empty(),
            "step {step} ({what}): incremental output differs from a full build\n\
             missing: {missing:?}\nextra: {extra:?}\ndiffering: {differ:?}"
        );
        assert!(
            stats.rendered < stats.pages || what.contains("template") || what.contains("sidebar"),
            "step {step} ({what}): re-rendered all {} pages",
            stats.pages
        );
    }
}

#[test]
fn editing_one_idea_rerenders_only_its_pages() {
    let site = TestSite::with_year().file("content/gsoc/2027/_index.md", &year(2027, ""));
    for i in 0..5 {
        site.write(
            &format!("content/gsoc/2027/idea-{i}.md"),
            idea_text(&format!("Idea {i}"), "Ada", "C", "Body.").as_bytes(),
        );
    }
    let mut engine = Engine::new(BuildOptions::new(site.root()));
    let sink = MemorySink::default();
    engine.run(&sink, true).expect("first build");
    site.write(
        "content/gsoc/2027/idea-3.md",
        idea_text("Idea 3", "Ada", "C", "A new body.").as_bytes(),
    );
    let stats = engine.run(&sink, false).expect("rebuild");
    // The idea's own page: its body is not on the year page.
    assert_eq!(stats.rendered, 1, "{stats:?}");
    site.write(
        "content/gsoc/2027/idea-3.md",
        idea_text("Idea three", "Ada", "C", "A new body.").as_bytes(),
    );
    let stats = engine.run(&sink, false).expect("rebuild");
    // Its page, the year page and the five term pages that list it (project Xen, mentor
    // Ada, skill C, size medium, status open): each shows its title.
    assert_eq!(stats.rendered, 7, "{stats:?}");
    let stats = engine.run(&sink, false).expect("rebuild");
    assert_eq!(stats.rendered, 0, "nothing changed: {stats:?}");
}

#[test]
fn generated_files_are_made_again_only_when_their_inputs_change() {
    let site = TestSite::with_year();
    for i in 0..3 {
        site.write(
            &format!("content/gsoc/2027/idea-{i}.md"),
            idea_text(&format!("Idea {i}"), "Ada", "C", "Body.")
                .replacen("---\n", "---\nsummary: Short.\n", 1)
                .as_bytes(),
        );
    }
    let mut engine = Engine::new(BuildOptions::new(site.root()));
    let sink = MemorySink::default();
    let first = engine.run(&sink, true).expect("first build");
    assert!(
        first.regenerated.contains(&"ideas.json".to_string()),
        "{first:?}"
    );
    let edit = |title: &str, front: &str, body: &str| {
        site.write(
            "content/gsoc/2027/idea-1.md",
            idea_text(title, "Ada", "C", body)
                .replacen("---\n", &format!("---\nsummary: Short.\n{front}"), 1)
                .as_bytes(),
        );
    };
    // The body is only in the search index (the summary is written out).
    edit("Idea 1", "", "A new body.");
    let stats = engine.run(&sink, false).expect("rebuild");
    assert_eq!(stats.regenerated, ["search-index.json"]);
    // A title is in the list, both feeds and the index; the sitemap lists URLs only.
    edit("Idea one", "", "A new body.");
    let stats = engine.run(&sink, false).expect("rebuild");
    assert_eq!(
        stats.regenerated,
        [
            "atom.xml",
            "gsoc/2027/atom.xml",
            "ideas.json",
            "search-index.json"
        ]
    );
    // A new alias: its redirect, and the index (which reads the whole file).
    edit("Idea one", "aliases: [/old-one/]\n", "A new body.");
    let stats = engine.run(&sink, false).expect("rebuild");
    assert_eq!(
        stats.regenerated,
        ["old-one/index.html", "search-index.json"]
    );
    let stats = engine.run(&sink, false).expect("rebuild");
    assert!(stats.regenerated.is_empty(), "{stats:?}");
}
