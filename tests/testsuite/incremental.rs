//! Incremental rebuilds (what `serve` runs after each save) must produce exactly what a
//! fresh full build of the same files produces: same paths, same bytes. A seeded sequence
//! of random edits checks that after every step.

use std::collections::BTreeMap;

use ideawiki::BuildOptions;
use ideawiki::engine::{Engine, MemorySink, Output, RunStats};

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
        .map(|(k, v)| (k.clone(), v.bytes().to_vec()))
        .collect()
}

/// A fresh full build's outputs, and its warnings as text.
fn full_build(site: &TestSite) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let sink = MemorySink::default();
    let stats = Engine::new(BuildOptions::new(site.root()))
        .run(&sink, true)
        .expect("full build succeeds");
    (bytes(&sink.into_outputs()), warnings(&stats))
}

fn warnings(stats: &RunStats) -> Vec<String> {
    stats.warnings.iter().map(|d| d.render(false)).collect()
}

fn idea_text(title: &str, mentor: &str, skill: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nproject: Xen\nmentors: [{mentor}]\nskills: [{skill}]\nsize: medium\n---\n{body}\n"
    )
}

/// Writes `n` ideas, `idea-0.md`…, into the 2027 year, and returns the engine after a
/// first full build of the site, with its sink.
fn first_build(site: &TestSite, n: usize) -> (Engine, MemorySink) {
    for i in 0..n {
        site.write(
            &format!("content/gsoc/2027/idea-{i}.md"),
            idea_text(&format!("Idea {i}"), "Ada", "C", "Body.").as_bytes(),
        );
    }
    let mut engine = Engine::new(BuildOptions::new(site.root()));
    let sink = MemorySink::default();
    engine.run(&sink, true).expect("first build");
    (engine, sink)
}

/// How many edits each random run makes.
const STEPS: usize = 150;

/// `text` with its front-matter line for `key` replaced by `line`.
fn set_line(text: &str, key: &str, line: &str) -> String {
    let prefix = format!("{key}:");
    text.lines()
        .map(|l| if l.starts_with(&prefix) { line } else { l })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A config with a taxonomy built from an `extra` key; `title` is on every page.
fn config_text(title: &str) -> String {
    format!(
        "title: {title}\ntaxonomies:\n  - {{name: skills, title: Skills, from: skills}}\n  - {{name: areas, title: Areas, from: extra.area}}\n"
    )
}

/// Seeded random edits of every kind, each followed by an incremental run that must equal
/// a fresh full build: same paths, same bytes, same warnings. With `tell`, the engine is
/// told which files changed, as `serve`'s watcher tells it; then most edits of a text
/// take the patched-model path, and the run says so.
fn random_edits(tell: bool) {
    let site = TestSite::with_year()
        .file(
            "content/gsoc/2026/_index.md",
            &year(2026, "status: archived\n"),
        )
        .file(
            "content/applying.md",
            "---\ntitle: Applying\n---\nRead this.\n",
        )
        .file("ideawiki.yaml", &config_text("Test ideas"))
        .file("static/notes.txt", "First notes.\n");
    let (mut engine, sink) = first_build(&site, 6);
    let mut served = sink.into_outputs();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mentors = ["Ada", "Bob", "Chen"];
    let skills = ["C", "OCaml", "Rust"];
    let mut next_id = 6;
    let mut patched = 0;
    let root = site.root().canonicalize().expect("site root");
    let areas = ["Networking", "Storage", "networking"];
    // Per kind of edit that changes what lists show: runs, and runs that patched the model.
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut last_browse = [true, false];
    for step in 0..STEPS {
        let ideas: Vec<String> = std::fs::read_dir(site.root().join("content/gsoc/2027"))
            .expect("list ideas")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("idea-"))
            .collect();
        let pick = |rng: &mut Rng| ideas[rng.below(ideas.len())].clone();
        let idea = |f: &str| format!("content/gsoc/2027/{f}");
        let (what, touched): (String, Vec<String>) = match rng.below(22) {
            0 | 1 => {
                let f = pick(&mut rng);
                let t = format!("Retitled {step}");
                let m = mentors[rng.below(3)];
                let s = skills[rng.below(3)];
                // An old address too: its redirect comes and goes with the file.
                let alias = format!("---\naliases: [/old/{}/]\n", f.trim_end_matches(".md"));
                site.write(
                    &idea(&f),
                    idea_text(&t, m, s, "Body.")
                        .replacen("---\n", &alias, 1)
                        .as_bytes(),
                );
                (format!("edit front matter of {f}"), vec![idea(&f)])
            }
            2 => {
                let f = pick(&mut rng);
                let path = site.root().join(idea(&f));
                let text = std::fs::read_to_string(&path).expect("read idea");
                std::fs::write(&path, format!("{text}\nMore words {step}.\n")).expect("write");
                (format!("edit body of {f}"), vec![idea(&f)])
            }
            3 | 19 => {
                // Sometimes with terms no idea had.
                let f = format!("idea-{next_id}.md");
                next_id += 1;
                let (mentor, skill) = match rng.below(2) {
                    0 => ("Bob".to_string(), "Rust"),
                    _ => (format!("Eve {step}"), "Go"),
                };
                site.write(
                    &idea(&f),
                    idea_text(&format!("New {step}"), &mentor, skill, "Fresh.").as_bytes(),
                );
                (format!("add {f}"), vec![idea(&f)])
            }
            4 | 20 if ideas.len() > 2 => {
                let f = pick(&mut rng);
                site.remove(&idea(&f));
                (format!("delete {f}"), vec![idea(&f)])
            }
            5 => {
                let f = pick(&mut rng);
                let to = format!("idea-{next_id}.md");
                next_id += 1;
                std::fs::rename(site.root().join(idea(&f)), site.root().join(idea(&to)))
                    .expect("rename");
                (format!("rename {f} to {to}"), vec![idea(&f), idea(&to)])
            }
            6 => {
                site.write(
                    "content/gsoc/2027/_index.md",
                    year(
                        2027,
                        &format!("notice: Notice {step}\nimported: {{from: Wiki {step}}}\n"),
                    )
                    .as_bytes(),
                );
                (
                    "edit the year section".to_string(),
                    vec!["content/gsoc/2027/_index.md".into()],
                )
            }
            7 => {
                site.write(
                    "content/applying.md",
                    format!("---\ntitle: Applying {step}\n---\nText.\n").as_bytes(),
                );
                (
                    "give a wiki page a new title (in every sidebar)".to_string(),
                    vec!["content/applying.md".into()],
                )
            }
            8 => {
                // The same links, found and missing, on lines that move: the page's links
                // and the warnings' lines must follow.
                let f = pick(&mut rng);
                let path = site.root().join(idea(&f));
                let text = std::fs::read_to_string(&path).expect("read idea");
                let (front, _) = text.rsplit_once("---\n").expect("front matter");
                let blank = "\n".repeat(rng.below(4));
                std::fs::write(
                    &path,
                    format!("{front}---\n{blank}See [[Nowhere]] and [[Idea 1]], step {step}.\n"),
                )
                .expect("write");
                (format!("edit links in {f}"), vec![idea(&f)])
            }
            9 => {
                // A field no list groups by: the year's table shows it.
                let f = pick(&mut rng);
                let path = site.root().join(idea(&f));
                let text = std::fs::read_to_string(&path).expect("read idea");
                let text = match text.find("summary: ") {
                    Some(_) => {
                        text.lines()
                            .map(|l| {
                                if l.starts_with("summary: ") {
                                    format!("summary: Step {step}.")
                                } else {
                                    l.to_string()
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                            + "\n"
                    }
                    None => text.replacen("---\n", &format!("---\nsummary: Step {step}.\n"), 1),
                };
                // And whether it awaits its mentor's confirmation, shown in the table too.
                let text = match text.find("confirmed: false\n") {
                    Some(_) => text.replacen("confirmed: false\n", "", 1),
                    None => text.replacen("---\n", "---\nconfirmed: false\n", 1),
                };
                std::fs::write(&path, text).expect("write");
                (
                    format!("edit the summary and confirmation of {f}"),
                    vec![idea(&f)],
                )
            }
            10 => {
                let path = site.root().join("content/applying.md");
                let text = std::fs::read_to_string(&path).expect("read page");
                let (front, _) = text.rsplit_once("---\n").expect("front matter");
                std::fs::write(&path, format!("{front}---\nText of step {step}.\n"))
                    .expect("write");
                (
                    "edit a wiki page's text".to_string(),
                    vec!["content/applying.md".into()],
                )
            }
            11 | 14 => {
                // A taxonomy built from an `extra` key: its terms come and go with the value,
                // and two spellings of one area are one term.
                let f = pick(&mut rng);
                // A taxonomy with no terms has no page and no sidebar link: when the first
                // area comes or the last goes, every page changes.
                let any_area = || {
                    ideas.iter().any(|n| {
                        std::fs::read_to_string(site.root().join(idea(n)))
                            .is_ok_and(|t| t.contains("\nextra: {area:"))
                    })
                };
                let had_area = any_area();
                let path = site.root().join(idea(&f));
                let text = std::fs::read_to_string(&path).expect("read idea");
                let text: String = text
                    .lines()
                    .filter(|l| !l.starts_with("extra:"))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let area = match rng.below(4) {
                    3 => String::new(),
                    a => format!("extra: {{area: {}}}\n", areas[a]),
                };
                std::fs::write(&path, text.replacen("---\n", &format!("---\n{area}"), 1))
                    .expect("write");
                let what = match had_area == any_area() {
                    true => format!("edit the area of {f}"),
                    false => {
                        format!("edit the area of {f}, adding or dropping Areas in the sidebar")
                    }
                };
                (what, vec![idea(&f)])
            }
            12 => {
                // The config: the site's title is on every page, and the taxonomies list
                // decides which term pages exist.
                site.write(
                    "ideawiki.yaml",
                    config_text(&format!("Ideas of step {step}")).as_bytes(),
                );
                (
                    "edit the config (on every page)".to_string(),
                    vec!["ideawiki.yaml".into()],
                )
            }
            13 => {
                site.write(
                    "static/notes.txt",
                    format!("Notes of step {step}.\n").as_bytes(),
                );
                (
                    "edit a static file".to_string(),
                    vec!["static/notes.txt".into()],
                )
            }
            n @ 16..=18 => {
                let f = pick(&mut rng);
                let (key, value, what) = match n {
                    // Moves the idea in every list; "Idea 1" is a wiki link's target.
                    16 => {
                        let title = ["Alpha", "beta", "Zulu", "Idea 1"][rng.below(4)];
                        let n = rng.below(3);
                        let title = match title {
                            "Idea 1" => title.to_string(),
                            _ => format!("{title} {n}"),
                        };
                        ("title", title, "retitle")
                    }
                    // Terms made, emptied and spelled anew ("rust" beside "Rust").
                    17 => {
                        let skills = ["[C]", "[OCaml, C]", "[rust]", "[Rust, Go]", "[]"];
                        let skills = match rng.below(4) {
                            0 => format!("[Haskell {step}]"),
                            _ => skills[rng.below(5)].to_string(),
                        };
                        ("skills", skills, "change the skills of")
                    }
                    _ => {
                        let mentor = match rng.below(4) {
                            0 => format!("Dee {step}"),
                            m => mentors[m - 1].to_string(),
                        };
                        ("mentors", format!("[{mentor}]"), "change the mentor of")
                    }
                };
                let path = site.root().join(idea(&f));
                let text = std::fs::read_to_string(&path).expect("read idea");
                let text = set_line(&text, key, &format!("{key}: {value}"));
                std::fs::write(&path, text).expect("write");
                (format!("{what} {f}"), vec![idea(&f)])
            }
            21 => {
                // Two files in one run: one retitled, one new.
                let f = pick(&mut rng);
                let path = site.root().join(idea(&f));
                let text = std::fs::read_to_string(&path).expect("read idea");
                let line = format!("title: Both {step}");
                std::fs::write(&path, set_line(&text, "title", &line)).expect("write");
                let g = format!("idea-{next_id}.md");
                next_id += 1;
                site.write(
                    &idea(&g),
                    idea_text(&format!("Also {step}"), "Ada", "OCaml", "Also.").as_bytes(),
                );
                (format!("retitle {f} and add {g}"), vec![idea(&f), idea(&g)])
            }
            _ => {
                site.write(
                    "templates/idea.html",
                    format!("{{% extends \"base.html\" %}}{{% block content %}}v{step} {{{{ idea.title }}}}{{% endblock %}}").as_bytes(),
                );
                (
                    "change a template".to_string(),
                    vec!["templates/idea.html".into()],
                )
            }
        };
        if tell {
            let paths: Vec<std::path::PathBuf> = touched.iter().map(|t| root.join(t)).collect();
            engine.changed(&paths);
        }
        let sink = MemorySink::new(served.clone());
        let stats = engine.run(&sink, false).expect("incremental build");
        served = sink.into_outputs();
        patched += usize::from(stats.patched);
        let kind = ["retitle", "change", "add", "delete", "rename"]
            .into_iter()
            .find(|k| what.starts_with(&format!("{k} ")));
        if let Some(kind) = kind {
            let counts = kinds.entry(kind).or_default();
            counts.0 += 1;
            counts.1 += usize::from(stats.patched);
        }
        let (expected, expected_warnings) = full_build(&site);
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
        assert_eq!(
            warnings(&stats),
            expected_warnings,
            "step {step} ({what}): warnings differ from a full build's"
        );
        // A taxonomy with no terms has no page and no sidebar link: when it gets its first
        // term or loses its last, every page changes.
        let browse = ["skills/index.html", "areas/index.html"].map(|k| expected.contains_key(k));
        let sidebar = std::mem::replace(&mut last_browse, browse) != browse;
        assert!(
            stats.rendered < stats.pages
                || sidebar
                || what.contains("template")
                || what.contains("sidebar")
                || what.contains("every page"),
            "step {step} ({what}): re-rendered all {} pages",
            stats.pages
        );
    }
    if tell {
        assert!(
            patched >= 10,
            "only {patched} of {STEPS} runs patched the model"
        );
        // Titles, skills, mentors, new and deleted files: each patches the model.
        for kind in ["retitle", "change", "add", "delete", "rename"] {
            let (runs, patched) = kinds.get(kind).copied().unwrap_or_default();
            assert!(
                runs > 0 && patched * 2 >= runs,
                "{kind}: {patched} of {runs} runs patched the model ({kinds:?})"
            );
        }
    } else {
        assert_eq!(
            patched, 0,
            "runs patched the model without being told what changed"
        );
    }
}

#[test]
fn random_edits_match_a_fresh_full_build() {
    random_edits(false);
}

#[test]
fn random_edits_told_by_the_watcher_match_a_fresh_full_build() {
    random_edits(true);
}

#[test]
fn editing_one_idea_rerenders_only_its_pages() {
    let site = TestSite::with_year().file("content/gsoc/2027/_index.md", &year(2027, ""));
    let (mut engine, sink) = first_build(&site, 5);
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

#[test]
fn a_change_the_watcher_missed_is_found_when_it_names_whole_folders() {
    let site = TestSite::with_year();
    let root = site.root().canonicalize().expect("site root");
    let (mut engine, sink) = first_build(&site, 3);
    // Two edits, one reported: the run trusts the report and sees only that one.
    site.write(
        "content/gsoc/2027/idea-1.md",
        idea_text("Idea 1", "Ada", "C", "Missed body.").as_bytes(),
    );
    site.write(
        "content/gsoc/2027/idea-2.md",
        idea_text("Idea 2", "Ada", "C", "Seen body.").as_bytes(),
    );
    engine.changed(&[root.join("content/gsoc/2027/idea-2.md")]);
    let stats = engine.run(&sink, false).expect("rebuild");
    assert!(stats.patched, "{stats:?}");
    assert_eq!(stats.rendered, 1, "{stats:?}");
    // Lost events are reported as whole folders (see serve::watch): every file is looked
    // at again, and the missed edit shows.
    engine.changed(&[root.join("content"), root.join("templates")]);
    let stats = engine.run(&sink, false).expect("rebuild");
    assert!(!stats.patched, "{stats:?}");
    let page = sink
        .into_outputs()
        .get("gsoc/2027/idea-1/index.html")
        .map(|o| String::from_utf8_lossy(o.bytes()).into_owned())
        .expect("idea page");
    assert!(page.contains("Missed body."), "{page}");
}

/// A one-shot run (`build`) renders the ideas' pages first and lets each idea's template
/// value and body go once its page, fragments and search line are made; it must render
/// what an engine that keeps everything (`serve`) renders, on the tidy example and on
/// messy data (ideas without a `summary:`, whose feeds and `ideas.json` entries take the
/// body's first sentence). Reading a body after it was let go fails debug builds.
#[test]
fn a_one_shot_run_renders_what_a_kept_engine_renders() {
    for site in [TestSite::example(), TestSite::fixture("messy-org")] {
        let (kept, kept_warnings) = full_build(&site);
        let sink = MemorySink::default();
        let stats = Engine::once(BuildOptions::new(site.root()))
            .run(&sink, true)
            .expect("one-shot build succeeds");
        let once = bytes(&sink.into_outputs());
        assert_eq!(
            once.keys().collect::<Vec<_>>(),
            kept.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &kept {
            assert!(once[path] == *bytes, "{path} differs");
        }
        assert_eq!(warnings(&stats), kept_warnings);
    }
}

#[test]
fn new_and_deleted_files_reported_by_the_watcher_come_and_go() {
    let site = TestSite::with_year();
    let root = site.root().canonicalize().expect("site root");
    let (mut engine, sink) = first_build(&site, 3);
    let mut served = sink.into_outputs();
    // Tells the engine `rel` changed, runs it, and returns the run's stats.
    let mut run = |rel: &str| {
        engine.changed(&[root.join(rel)]);
        let sink = MemorySink::new(served.clone());
        let stats = engine.run(&sink, false).expect("rebuild");
        served = sink.into_outputs();
        (stats, served.clone())
    };
    // Beside the other ideas: the model is patched, the walk kept with the file put in.
    let idea = "content/gsoc/2027/idea-9.md";
    site.write(idea, idea_text("Idea 9", "Ada", "C", "New.").as_bytes());
    let (stats, out) = run(idea);
    assert!(stats.patched, "{stats:?}");
    assert!(out.contains_key("gsoc/2027/idea-9/index.html"));
    // In a folder no walk has seen: walked again, so the file is found.
    site.write(
        "content/guides/new.md",
        b"---\ntitle: New guide\n---\nText.\n",
    );
    let (stats, out) = run("content/guides/new.md");
    assert!(!stats.patched, "{stats:?}");
    assert!(out.contains_key("guides/new/index.html"));
    // Deleted: out of the walk and the model, its page gone.
    site.remove(idea);
    let (stats, out) = run(idea);
    assert!(stats.patched, "{stats:?}");
    assert_eq!(stats.removed, ["gsoc/2027/idea-9/index.html"]);
    assert!(!out.contains_key("gsoc/2027/idea-9/index.html"));
}
