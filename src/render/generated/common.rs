//! What the generated files share: the plan of one file, the line caches kept between
//! `serve` runs, the keys hashed once per run, and small helpers for URLs and summaries.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::render::view::Shared;
/// Front matter text with addresses shown as the config allows, as the pages show it.
/// (Named apart from `view::text` because this module has a `text` submodule.)
pub(super) use crate::render::view::text as scrubbed;
use crate::site::model::Site;

/// One file to generate.
pub struct Generated<'a> {
    /// Output path, relative to the output folder.
    pub path: String,
    /// Covers everything the content depends on.
    pub fingerprint: u64,
    pub render: Box<dyn Fn() -> Result<String, Diagnostic> + Sync + Send + 'a>,
}

/// Lines of the one-entry-per-line files kept between runs of the engine (`serve`), each
/// under a key covering everything it is made of. After one edit only that page's line is
/// made again: remaking every line of a large site's search index would cost several times
/// the rest of a `serve` rebuild (bench/README.md has the figures).
#[derive(Default)]
pub struct Caches {
    pub(super) search: LineCache,
    pub(super) ideas: LineCache,
    /// Ideas' search-index lines made with their pages (see [`super::make_search_line`]),
    /// by idea index; each is taken when the index is made.
    pub(super) premade: Mutex<FxHashMap<usize, Arc<str>>>,
}

impl Caches {
    /// Caches that keep nothing, for a build that runs once: at 100,000 ideas the lines
    /// are about 100 MB that nothing would read again.
    pub fn none() -> Caches {
        let off = || LineCache {
            lines: Mutex::default(),
            keep: false,
        };
        Caches {
            search: off(),
            ideas: off(),
            premade: Mutex::default(),
        }
    }

    /// Keeps idea `i`'s search-index line, made before the index (see
    /// [`super::make_search_line`]). Only in caches that keep nothing between runs: a kept
    /// line is keyed by what it is made of, this one only by the idea, right for this run
    /// alone. Returns whether it was kept.
    pub(super) fn keep_search_line(&self, i: usize, line: impl FnOnce() -> Arc<str>) -> bool {
        if self.search.keep {
            return false;
        }
        let line = line();
        self.premade
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(i, line);
        true
    }

    /// Idea `i`'s line kept by [`Caches::keep_search_line`], if it was.
    pub(super) fn take_search_line(&self, i: usize) -> Option<Arc<str>> {
        self.premade
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&i)
    }
}

pub(super) struct LineCache {
    lines: Mutex<FxHashMap<u64, Arc<str>>>,
    keep: bool,
}

impl Default for LineCache {
    fn default() -> LineCache {
        LineCache {
            lines: Mutex::default(),
            keep: true,
        }
    }
}

impl LineCache {
    /// The line of every `(key, item)`, made by `make` where the cache has none (see
    /// [`crate::util::cache`]).
    pub(super) fn lines<T: Sync>(
        &self,
        items: &[(u64, T)],
        make: impl Fn(&T) -> Arc<str> + Sync,
    ) -> Vec<Arc<str>> {
        let mut cache = std::mem::take(&mut *self.lines.lock().unwrap_or_else(|e| e.into_inner()));
        let keys: Vec<u64> = items.iter().map(|(key, _)| *key).collect();
        let lines = crate::util::cache::reuse_or_make(&mut cache, &keys, |i| make(&items[i].1));
        if self.keep {
            *self.lines.lock().unwrap_or_else(|e| e.into_inner()) = cache;
        }
        lines
    }
}

/// A JSON file of one entry per line (`head`, then the lines, then `]}`), each line kept
/// in `cache` under its key. The file's fingerprint is made of the keys, so it changes
/// exactly when a line does.
pub(super) fn json_lines_file<'a, T: Sync + Send + 'a>(
    path: &str,
    head: &'static str,
    keyed: Vec<(u64, T)>,
    cache: &'a LineCache,
    make: impl Fn(&T) -> Arc<str> + Sync + Send + 'a,
) -> Generated<'a> {
    let fingerprint = fingerprint(|h| {
        path.hash(h);
        keyed.iter().for_each(|(key, _)| key.hash(h));
    });
    Generated {
        path: path.into(),
        fingerprint,
        render: Box::new(move || Ok(json_lines(head, &cache.lines(&keyed, &make)))),
    }
}

/// What the plans of the one-entry-per-line files read.
pub(super) struct Inputs<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared,
    pub keys: Keys,
}

/// What many entries of the generated files depend on, hashed once per run rather than
/// once per entry: after one save on a large site, planning the generated files is mostly
/// hashing the same few things ten thousand times.
pub(super) struct Keys {
    /// The configuration (email policy, language, base URL, Markdown options).
    pub config: u64,
    /// Per year: what its ideas' entries take from it (see [`hash_year`]).
    pub years: Vec<u64>,
}

impl Keys {
    pub(super) fn new(site: &Site, shared: &Shared) -> Keys {
        Keys {
            config: shared.config,
            years: (0..site.years.len())
                .map(|y| fingerprint(|h| hash_year(site, y, h)))
                .collect(),
        }
    }
}

/// A fingerprint built from parts, for the `plan` functions.
pub(super) fn fingerprint(parts: impl FnOnce(&mut crate::util::fingerprint::Hasher)) -> u64 {
    let mut h = crate::util::fingerprint::hasher();
    parts(&mut h);
    h.finish()
}

/// The absolute URL of a site path (`gsoc/2011/` → `https://example.org/gsoc/2011/`).
pub(super) fn absolute(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_url)
}

/// The program name a year shows (`GSoC`): its `program:`, else the program's title.
pub(super) fn program_of_year(site: &Site, y: usize) -> String {
    let year = &site.years[y];
    let name = year
        .doc
        .fm
        .program
        .as_deref()
        .unwrap_or(&site.programs[year.program].title);
    scrubbed(name, site.config.emails)
}

/// Hashes what [`program_of_year`], a year's URL and its feed's dates depend on.
pub(super) fn hash_year(site: &Site, y: usize, h: &mut impl Hasher) {
    let year = &site.years[y];
    (
        year.year,
        &year.path,
        &year.doc.fm.program,
        &site.programs[year.program].title,
        &year.doc.fm.deadline,
    )
        .hash(h);
}

/// The last change from git of a file under `content/`, if known.
pub(super) fn revision<'a>(
    site: &'a Site,
    rel: &str,
) -> Option<&'a crate::site::revision::Revision> {
    site.revisions.get(rel)
}

/// A JSON object whose last member is a list, one list item per line: `head` opens it
/// (`{"version":1,"docs":[`). Compact, yet a change shows as a one-line diff.
pub(super) fn json_lines(head: &str, items: &[impl AsRef<str>]) -> String {
    let len = items.iter().map(|s| s.as_ref().len() + 2).sum::<usize>();
    let mut out = String::with_capacity(head.len() + len + 4);
    out.push_str(head);
    for (n, item) in items.iter().enumerate() {
        out.push_str(if n == 0 { "\n" } else { ",\n" });
        out.push_str(item.as_ref());
    }
    out.push_str(if items.is_empty() { "]}\n" } else { "\n]}\n" });
    out
}
