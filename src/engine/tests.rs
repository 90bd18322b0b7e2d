//! The engine over a small site in a temporary folder: what a run renders again.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use super::{Engine, Sink};
use crate::options::BuildOptions;
use crate::render::theme::StaticSource;

/// Remembers the pages handed to it in one run, and their text.
#[derive(Default)]
struct Recorder {
    pages: Mutex<BTreeMap<String, String>>,
}

impl Sink for Recorder {
    fn page(&self, path: &str, html: String) -> std::io::Result<bool> {
        let mut pages = self.pages.lock().unwrap();
        pages.insert(path.to_string(), html);
        Ok(true)
    }

    fn file(&self, _path: &str, _source: &StaticSource) -> std::io::Result<bool> {
        Ok(false)
    }

    fn remove(&self, _path: &str) {}
}

impl Recorder {
    fn rendered(self) -> BTreeMap<String, String> {
        self.pages.into_inner().unwrap()
    }
}

fn idea(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nproject: Xen\nmentors: [Ada]\n---\n{body}\n")
}

/// A site with a home page, the year 2027 and the ideas `a` and `b`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("ideawiki.yaml", "title: Test ideas\n".to_string()),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nWelcome.\n".into(),
        ),
        (
            "content/gsoc/2027/_index.md",
            "---\ntitle: GSoC 2027\nprogram: GSoC\nyear: 2027\n---\nApply.\n".into(),
        ),
        ("content/gsoc/2027/a.md", idea("Idea A", "About A.")),
        ("content/gsoc/2027/b.md", idea("Idea B", "About B.")),
    ];
    for (rel, text) in files {
        write(dir.path(), rel, &text);
    }
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// An engine over `root` after a first run, which renders every page.
fn first_run(root: &Path) -> Engine {
    let mut engine = Engine::new(BuildOptions::new(root));
    let sink = Recorder::default();
    let stats = engine.run(&sink, false).unwrap();
    assert_eq!(
        stats.rendered, stats.pages,
        "a first run renders every page"
    );
    assert!(sink.rendered().contains_key("gsoc/2027/a/index.html"));
    engine
}

#[test]
fn a_run_after_an_unchanged_one_renders_nothing() {
    let site = site();
    let mut engine = first_run(site.path());
    let sink = Recorder::default();
    let stats = engine.run(&sink, false).unwrap();
    assert_eq!(stats.rendered, 0);
    assert_eq!(stats.written, 0);
    assert!(stats.regenerated.is_empty(), "{:?}", stats.regenerated);
    assert!(stats.removed.is_empty() && stats.changed_files.is_empty());
    assert!(sink.rendered().is_empty());
    assert!(stats.pages > 0 && stats.unchanged > 0);
}

#[test]
fn an_edited_idea_renders_its_page_again_and_not_the_other_ideas() {
    let site = site();
    // Told which file changed (as `serve` is) or not: the same pages render again.
    for tell in [false, true] {
        let mut engine = first_run(site.path());
        let body = if tell { "Told." } else { "Found by its stamp." };
        write(site.path(), "content/gsoc/2027/a.md", &idea("Idea A", body));
        if tell {
            engine.changed(&[site.path().join("content/gsoc/2027/a.md")]);
        }
        let sink = Recorder::default();
        let stats = engine.run(&sink, false).unwrap();
        let rendered = sink.rendered();
        let page = &rendered["gsoc/2027/a/index.html"];
        assert!(page.contains(body), "{page}");
        assert!(
            !rendered.contains_key("gsoc/2027/b/index.html"),
            "{rendered:?}"
        );
        // Generated files (feeds, ideas.json…) go through the sink too; pages are counted.
        assert_eq!(stats.rendered, 1, "the title stayed: no list changed");
        assert_eq!(
            stats.patched, tell,
            "told, the engine patches the last model"
        );
    }
}

#[test]
fn a_deleted_idea_is_removed_and_its_year_renders_again() {
    let site = site();
    let mut engine = first_run(site.path());
    std::fs::remove_file(site.path().join("content/gsoc/2027/b.md")).unwrap();
    let sink = Recorder::default();
    let stats = engine.run(&sink, false).unwrap();
    assert!(
        stats
            .removed
            .contains(&"gsoc/2027/b/index.html".to_string()),
        "{:?}",
        stats.removed
    );
    let rendered = sink.rendered();
    assert!(!rendered["gsoc/2027/index.html"].contains("Idea B"));
    assert!(!rendered.contains_key("gsoc/2027/b/index.html"));
}
