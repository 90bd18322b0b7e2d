//! One render pass: which pages and generated files a run renders again, rendering them
//! into the sink, then the static files, and what the run leaves for the next one to
//! compare with.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::sink::Sink;
use super::state::{Last, RunStats};
use crate::diag::Diagnostic;
use crate::engine::patch::Patched;
use crate::options::BuildFailure;
use crate::render::generated::Caches;
use crate::render::templates::{FragmentCache, Fragments, Renderer};
use crate::render::theme::{StaticSource, Theme};
use crate::render::view::{IdeaCache, Shared};
use crate::site::markdown;
use crate::site::model::{PageRef, Site};
use crate::util::fingerprint;
use crate::util::stamp::Stamp;

/// An output of a render pass: its path, its fingerprint, and whether its bytes changed
/// (`None` when it was not rendered at all).
pub(super) type Emitted = (String, u64, Option<bool>);

/// What a render pass lets go of as it goes, when no run comes after it.
#[derive(Clone, Copy)]
pub(super) enum Forget<'a> {
    /// Nothing: a kept engine (`serve`) reuses it all.
    Nothing,
    /// The ideas' template values (see [`Shared::release_idea_value`]): a one-shot run.
    Values,
    /// The values and the ideas' bodies, once their pages and search lines are made: a
    /// one-shot run whose documents nobody reads afterwards (`build`, not `check`). At
    /// 100,000 ideas the bodies are 300 MB the rest of the build would hold unread.
    ValuesAndBodies(&'a Caches),
}

/// One render pass: what every page and generated file of a run is rendered with, and the
/// last run that tells which of them need rendering at all.
pub(super) struct Pass<'a> {
    pub(super) site: &'a Site,
    pub(super) shared: Shared,
    pub(super) renderer: Arc<Renderer>,
    fragments: Fragments,
    pub(super) templates: u64,
    /// Fingerprint of everything every page depends on: config and templates.
    pub(super) global: u64,
    /// The last run, when its fingerprints still mean what they meant (same config and
    /// templates).
    pub(super) last: Option<&'a Last>,
    pub(super) sink: &'a dyn Sink,
    pub(super) errors: Mutex<Vec<Diagnostic>>,
}

impl<'a> Pass<'a> {
    /// The values every page shares, the ideas' fragments (`fragment_cache`'s when the
    /// engine keeps them between runs), and the template renderer: the last run's (`last`)
    /// when the templates did not change, since compiling them is not free.
    pub(super) fn new(
        site: &'a Site,
        theme: &Theme,
        ideas: &mut IdeaCache,
        fragment_cache: Option<&mut FragmentCache>,
        last: Option<&'a Last>,
        sink: &'a dyn Sink,
    ) -> Result<Pass<'a>, BuildFailure> {
        let templates = fingerprint::of(
            &theme
                .templates
                .iter()
                .map(|(n, t)| (n.as_str(), t.text.as_ref()))
                .collect::<Vec<_>>(),
        );
        let shared = Shared::with_cache(site, markdown::Options::for_config(&site.config), ideas);
        let global = fingerprint::of(&(shared.config, templates));
        let renderer = match last {
            Some(l) if l.templates == templates => l.renderer.clone(),
            _ => Arc::new(Renderer::new(theme).map_err(BuildFailure::new)?),
        };
        let fragments = renderer
            .fragments(site, &shared, fragment_cache.map(|c| (c, global)))
            .map_err(|d| BuildFailure::new(vec![d]))?;
        Ok(Pass {
            site,
            shared,
            renderer,
            fragments,
            templates,
            global,
            last: last.filter(|l| l.global == global),
            sink,
            errors: Mutex::new(Vec::new()),
        })
    }

    /// Whether a model patched from the last run's (see [`crate::engine::patch`]) lets
    /// this pass skip the pages that show nothing it changed: only while nothing every
    /// page depends on changed (config, templates, revisions) and the last run had the
    /// `pages` the model had before the patch.
    pub(super) fn can_patch(&self, pages: usize) -> bool {
        self.last.is_some_and(|l| {
            l.order.len() == pages
                && (Arc::ptr_eq(&l.revisions, &self.site.revisions)
                    || (l.revisions.is_empty() && self.site.revisions.is_empty()))
        })
    }

    /// Every page, in the order of `refs`. After a patch, a page that shows nothing it
    /// changed keeps the last run's path and fingerprint without being looked at.
    ///
    /// When a run comes after none (see [`Forget`]), the ideas' own pages come first, each
    /// followed by the fragments other pages list it with; then what is let go of each
    /// idea goes, one idea at a time, so that it is never all in memory at once.
    pub(super) fn pages(
        &self,
        refs: &[PageRef],
        patched: Option<&Patched>,
        forget: Forget<'_>,
    ) -> Vec<Emitted> {
        let is_idea = |p: &PageRef| matches!(p, PageRef::Idea(_));
        let mut done = if let Forget::Nothing = forget {
            self.some_pages(refs, patched, |_| true, forget)
        } else {
            let mut done = self.some_pages(refs, patched, is_idea, forget);
            done.extend(self.some_pages(refs, patched, |p| !is_idea(p), forget));
            done
        };
        // Back in the order of `refs`.
        done.sort_unstable_by_key(|(n, _)| *n);
        done.into_iter().map(|(_, e)| e).collect()
    }

    /// The pages of `refs` that `which` picks, each with its place in `refs`.
    fn some_pages(
        &self,
        refs: &[PageRef],
        patched: Option<&Patched>,
        which: impl Fn(&PageRef) -> bool + Sync,
        forget: Forget<'_>,
    ) -> Vec<(usize, Emitted)> {
        // Largest first: a term page listing thousands of ideas is one task, and started
        // last it would leave the other core idle until it ends.
        let mut order: Vec<(usize, PageRef)> = refs
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, p)| which(p))
            .collect();
        order.sort_by_key(|&(n, p)| (std::cmp::Reverse(listed(self.site, p)), n));
        order
            .into_par_iter()
            .map(|(n, page)| {
                if let (Some(patched), Some(last)) = (patched, self.last)
                    && let Some(old) = patched.unchanged(self.site, n, page)
                    && let Some((path, fp)) = last.order.get(old)
                {
                    return (n, (path.clone(), *fp, None));
                }
                let fp = self.shared.fingerprint(self.site, page);
                let emitted = self.emit(self.site.output_path(page), fp, &|| {
                    self.renderer
                        .render(self.site, &self.shared, &self.fragments, page)
                });
                if let PageRef::Idea(i) = page {
                    self.forget_idea(i, emitted.2.is_some(), forget);
                }
                (n, emitted)
            })
            .collect()
    }

    /// What [`Pass::pages`] lets go of idea `i` once its page is done (`rendered`, or found
    /// unchanged).
    fn forget_idea(&self, i: usize, rendered: bool, forget: Forget<'_>) {
        if let Forget::Nothing = forget {
            return;
        }
        if rendered {
            // While its value is at hand (an error shows on the pages that list the idea).
            let _ = self
                .renderer
                .idea_fragments(self.site, &self.shared, &self.fragments, i);
        }
        self.shared.release_idea_value(i);
        // The page, its description and the search line are all that read the body (an
        // idea's value is made of its front matter). A page left unchanged made nothing
        // from it: its search line is made with the index, if the index changes at all.
        if let (Forget::ValuesAndBodies(lines), true) = (forget, rendered)
            && crate::render::generated::make_search_line(lines, self.site, &self.shared, i)
        {
            self.site.ideas[i].doc.body.html.release();
        }
    }

    /// Generated files (ideas.json, feeds, sitemap…): the same rule as pages.
    pub(super) fn generated(&self, lines: &crate::render::generated::Caches) -> Vec<Emitted> {
        crate::render::generated::plan(self.site, &self.shared, lines)
            .into_par_iter()
            .map(|g| self.emit(g.path, g.fingerprint, &*g.render))
            .collect()
    }

    /// Skips an output when the last run, or the output folder's manifest, already has what
    /// its fingerprint renders to; else renders it and hands it to the sink.
    fn emit(
        &self,
        path: String,
        fp: u64,
        render: &dyn Fn() -> Result<String, Diagnostic>,
    ) -> Emitted {
        if self.last.is_some_and(|l| l.pages.get(&path) == Some(&fp))
            || self
                .sink
                .unchanged(&path, fingerprint::of(&(self.global, fp)))
        {
            return (path, fp, None);
        }
        let outcome = render()
            .map(|text| finish(self.site, &path, text))
            .and_then(|text| self.sink.page(&path, text).map_err(crate::output::io_diag));
        match outcome {
            Ok(changed) => (path, fp, Some(changed)),
            Err(d) => {
                self.errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(d);
                (path, fp, Some(false))
            }
        }
    }
}

/// Counts what rendering did into `stats`; returns each page's path and fingerprint in
/// page order, and every output's fingerprint by path, for the next run.
pub(super) fn tally(
    pages: Vec<Emitted>,
    generated: Vec<Emitted>,
    stats: &mut RunStats,
) -> (Vec<(String, u64)>, FxHashMap<String, u64>) {
    stats.rendered = pages.iter().filter(|r| r.2.is_some()).count();
    stats.regenerated = generated
        .iter()
        .filter(|g| g.2.is_some())
        .map(|g| g.0.clone())
        .collect();
    stats.regenerated.sort();
    let order = pages.iter().map(|(p, fp, _)| (p.clone(), *fp)).collect();
    let mut outputs =
        FxHashMap::with_capacity_and_hasher(pages.len() + generated.len(), Default::default());
    for (path, fp, outcome) in pages.into_iter().chain(generated) {
        if outcome == Some(true) {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
        outputs.insert(path, fp);
    }
    (order, outputs)
}

/// Static files and assets by output path, with the stamp of their source (none for a
/// file built into the binary).
pub(super) fn static_files(
    theme: &Theme,
    site: &Site,
) -> BTreeMap<String, (StaticSource, Option<Stamp>)> {
    let mut files = BTreeMap::new();
    for (rel, src) in &theme.statics {
        let stamp = match src {
            StaticSource::File(p) => Stamp::of(p),
            StaticSource::Embedded(_) => None,
        };
        files.insert(rel.clone(), (src.clone(), stamp));
    }
    for asset in &site.assets {
        files.insert(
            asset.rel.clone(),
            (
                StaticSource::File(asset.path.clone()),
                Stamp::of(&asset.path),
            ),
        );
    }
    files
}

/// Hands every static file to the sink, every run (a staging folder needs them all), and
/// notes in `stats` which changed since the `previous` run: `serve` swaps stylesheets
/// without a reload when nothing else changed. Returns what went wrong.
pub(super) fn copy_files(
    sink: &dyn Sink,
    files: &BTreeMap<String, (StaticSource, Option<Stamp>)>,
    pages: &FxHashMap<String, u64>,
    previous: Option<&Last>,
    stats: &mut RunStats,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (rel, (src, stamp)) in files {
        if pages.contains_key(rel) {
            errors.push(
                Diagnostic::error(
                    "output-clash",
                    format!("the static file `{rel}` has the same output path as a page"),
                )
                .with_help("rename the static file or the page"),
            );
            continue;
        }
        match sink.file(rel, src) {
            Ok(true) => stats.written += 1,
            Ok(false) => stats.unchanged += 1,
            Err(e) => errors.push(crate::output::io_diag(e)),
        }
        if previous.is_none_or(|l| l.files.get(rel) != Some(stamp)) {
            stats.changed_files.push(rel.clone());
        }
    }
    errors
}

/// The outputs of the `previous` run that this run no longer makes, sorted.
pub(super) fn gone(
    previous: &Last,
    pages: &FxHashMap<String, u64>,
    files: &BTreeMap<String, (StaticSource, Option<Stamp>)>,
) -> Vec<String> {
    let mut gone: Vec<String> = previous
        .pages
        .keys()
        .chain(previous.files.keys())
        .filter(|p| !pages.contains_key(*p) && !files.contains_key(*p))
        .cloned()
        .collect();
    gone.sort();
    gone
}

/// Last touch on an output before it is stored: relative links, when configured.
fn finish(site: &Site, path: &str, text: String) -> String {
    if site.config.relative_links && path.ends_with(".html") {
        crate::render::relative_links::rewrite(&text, path, &site.config.root)
    } else {
        text
    }
}

/// How many ideas `page` lists: what most of its cost grows with.
fn listed(site: &Site, page: PageRef) -> usize {
    match page {
        PageRef::Year(y) => site.years[y].ideas.len(),
        PageRef::Term(t, k) => site.taxonomies[t].terms[k].ideas.len(),
        _ => 0,
    }
}
