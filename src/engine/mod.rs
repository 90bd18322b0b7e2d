//! The engine: runs the pipeline and remembers enough to redo only what changed.
//!
//! `build` runs it once. `serve` keeps one engine alive and runs it after every change:
//! files whose [`Stamp`] did not change are not re-read or re-parsed (parsing and Markdown
//! are the expensive per-file work), the model gets the changed documents put in (see
//! [`patch`]) or is rebuilt from the cached parses, and only pages whose fingerprint
//! changed are rendered again (`pass`). Because a page's fingerprint covers everything its
//! template context is made of (see `view`), the output of an incremental run equals a
//! full build's, byte for byte. `check` loads and renders the site once, into memory.

mod freshness;
mod pass;
pub(crate) mod patch;
mod sink;
mod state;

pub(crate) use freshness::inputs;
pub(crate) use sink::ListingSink;
pub use sink::{MemorySink, Output, Sink};
use state::Last;
pub use state::RunStats;

use std::collections::BTreeSet;
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::engine::patch::Patched;
use crate::options::{BuildFailure, BuildOptions};
use crate::render::theme::Theme;
use crate::site::config::Config;
use crate::site::load::{self, SourceFile};
use crate::site::markdown;
use crate::site::model::Site;
use crate::site::parse::{self, FileResult, Kind, Parsed};
use crate::util::fingerprint;
use crate::util::stamp::Stamp;
use pass::{Forget, Pass, copy_files, gone, static_files, tally};

/// Everything up to the model, without writing anything: what `check` lints.
pub(crate) struct Loaded {
    pub(crate) site: Site,
    pub(crate) theme: Theme,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) used_default_config: bool,
    /// Set when the model is the last one with a few documents replaced.
    pub(crate) patched: Option<Patched>,
}

struct Cached {
    stamp: Stamp,
    kind: Kind,
    /// The Markdown options the file was rendered with (they come from the config).
    md: u64,
    result: FileResult,
}

pub struct Engine {
    opts: BuildOptions,
    cache: FxHashMap<String, Cached>,
    ideas: crate::render::view::IdeaCache,
    fragments: crate::render::templates::FragmentCache,
    revisions: crate::site::revision::Cache,
    lines: crate::render::generated::Caches,
    last: Option<Last>,
    /// The last walk of `content/` (when it found no problem).
    walk: Option<Vec<SourceFile>>,
    /// The files under `content/` (relative paths) that changed since the last run, when
    /// the watcher said so and no file came or went (see [`Engine::changed`]): the next
    /// run reuses the walk and looks at these files only.
    hint: Option<BTreeSet<String>>,
    /// The Markdown files of the hint that were deleted: they leave the walk and the model.
    gone: Vec<String>,
    /// The model of the last run that built one, equal to what the cached parses build:
    /// the next run patches it when it can (see [`crate::engine::patch`]).
    model: Option<Site>,
    /// Whether a next run will come: if not, `run` lets go of the parses and the files'
    /// texts as soon as the model is built, and keeps no model.
    keep: bool,
    /// Whether the caller reads the documents after the run: `check` points into their
    /// texts and reads their bodies. `build` does not: it keeps only what the model's
    /// diagnostics need of the texts (see [`Parsed::trim_source`]), and lets go of each
    /// idea's body once its page is made (see [`Pass::pages`]).
    whole_texts: bool,
}

impl Engine {
    /// An engine that will run once (`build`, `check`): it keeps no generated lines for a
    /// next run that will not come.
    pub fn once(opts: BuildOptions) -> Engine {
        Engine {
            lines: crate::render::generated::Caches::none(),
            keep: false,
            whole_texts: false,
            ..Engine::new(opts)
        }
    }

    /// An engine that runs once and keeps the files' whole texts: `check`, which points
    /// into bodies after loading.
    pub fn once_with_texts(opts: BuildOptions) -> Engine {
        Engine {
            whole_texts: true,
            ..Engine::once(opts)
        }
    }

    pub fn new(opts: BuildOptions) -> Engine {
        Engine {
            opts,
            cache: FxHashMap::default(),
            ideas: Default::default(),
            fragments: Default::default(),
            revisions: Default::default(),
            lines: Default::default(),
            last: None,
            walk: None,
            hint: None,
            gone: Vec::new(),
            model: None,
            keep: true,
            whole_texts: true,
        }
    }

    /// Tells the next run which paths changed, when the caller knows (`serve`'s watcher).
    /// If they are files the last walk found, Markdown files added beside them or deleted,
    /// or files no walk lists (editor leftovers, temporary files already renamed away),
    /// the next run reuses that walk, with the added and deleted files put in or taken
    /// out, and looks at only these files again. On a large site, walking `content/` and
    /// checking the stamp of every file is a good part of a rebuild after one save. A new
    /// folder, a new or deleted asset and anything else walks again.
    ///
    /// This trusts the watcher to report every changed file; it reports a missed batch
    /// (an overflowing event queue) as a change of whole folders, which walks again. A
    /// file that now leads outside the site (replaced by a symbolic link, as a checkout
    /// may do) walks again too: the walk applies `build`'s rule and reports it.
    pub fn changed(&mut self, paths: &[std::path::PathBuf]) {
        self.hint = None;
        self.gone.clear();
        let Some(files) = &self.walk else {
            return;
        };
        let Ok(root) = self.opts.root.canonicalize() else {
            return;
        };
        let content = root.join(crate::site::layout::CONTENT_DIR);
        // The walk is sorted by path: looking a file or a folder up in it is a binary search.
        let walked = |rel: &str| files.binary_search_by(|f| f.rel.as_str().cmp(rel)).is_ok();
        let walked_folder = |folder: &str| {
            let prefix = format!("{folder}/");
            let at = files.partition_point(|f| f.rel < prefix);
            !folder.is_empty() && files.get(at).is_some_and(|f| f.rel.starts_with(&prefix))
        };
        let mut hint = BTreeSet::new();
        let (mut added, mut gone) = (Vec::new(), Vec::new());
        for p in paths {
            let Ok(rel) = p.strip_prefix(&content) else {
                continue; // not content: the walk does not depend on it
            };
            let parts: Option<Vec<&str>> =
                rel.components().map(|c| c.as_os_str().to_str()).collect();
            let Some(rel) = parts.map(|parts| parts.join("/")) else {
                return;
            };
            let listed = walked(&rel);
            if listed && p.is_file() {
                if load::link_problem(&self.opts.root, &root, p).is_some() {
                    return;
                }
                hint.insert(rel);
            } else if listed && rel.ends_with(".md") && !p.exists() && !p.is_symlink() {
                if !gone.contains(&rel) {
                    gone.push(rel.clone());
                }
                hint.insert(rel);
            } else if !listed
                && rel.ends_with(".md")
                && p.is_file()
                && !p.is_symlink()
                && walked_folder(parse::parent_dir(&rel))
                && !rel.split('/').any(load::is_ignored_name)
                && !rel.contains(|c: char| c.is_control())
            {
                added.push(rel.clone());
                hint.insert(rel);
            } else if listed
                || rel.is_empty()
                || (p.exists() && !rel.split('/').any(load::is_ignored_name))
                || (!p.exists() && walked_folder(&rel))
            {
                return; // a folder, a new or deleted asset, a link: walk again
            }
        }
        let Some(files) = &mut self.walk else {
            return;
        };
        files.retain(|f| !gone.contains(&f.rel));
        let dir = self.opts.root.join(crate::site::layout::CONTENT_DIR);
        for rel in added {
            if let Err(at) = files.binary_search_by(|f| f.rel.cmp(&rel)) {
                let path = dir.join(&rel);
                files.insert(at, SourceFile { rel, path });
            }
        }
        self.hint = Some(hint);
        self.gone = gone;
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The sub-path (`/` or `/ideas/`) the last run's pages were built for: `serve` serves
    /// them under it, and the config may change it between runs.
    pub(crate) fn sub_path(&self) -> Option<&str> {
        self.model.as_ref().map(|site| site.config.root.as_str())
    }

    /// Forgets what the last run produced: the next run renders everything.
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// Config, theme, content and model, re-parsing only files that changed. Reports every
    /// problem found.
    pub(crate) fn load(&mut self) -> Result<Loaded, BuildFailure> {
        let mut diags = Vec::new();
        let (config, used_default_config) = self.config(&mut diags);
        let mut timer = Timer::new();
        let theme = Theme::load(&self.opts.root, &config.theme)
            .map_err(|d| diags.extend(d))
            .ok();
        timer.lap("config and theme");
        let hint = std::mem::take(&mut self.hint).filter(|_| self.walk.is_some());
        let gone = std::mem::take(&mut self.gone);
        for rel in &gone {
            self.cache.remove(rel);
        }
        let files = self.discover(hint.is_some(), &mut diags);
        timer.lap("discover");
        let md = markdown::Options::for_config(&config);
        let (markdown_files, assets): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|f| f.is_markdown());
        let reparsed = self.parse(&markdown_files, &md, hint.as_ref());
        diags.extend(self.file_diagnostics());
        timer.lap("parse");
        let statics: Vec<String> = theme
            .as_ref()
            .map(|t| t.statics.keys().cloned().collect())
            .unwrap_or_default();
        let (site, patched) = self.model(
            config,
            hint.is_some(),
            (&reparsed, &gone),
            &markdown_files,
            assets,
            &statics,
        );
        let site = match site {
            Ok(site) => {
                diags.extend(site.warnings.iter().cloned());
                Some(site)
            }
            Err(d) => {
                diags.extend(d);
                None
            }
        };
        timer.lap("model");
        match (site, theme) {
            (Some(site), Some(theme)) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
                site,
                theme,
                warnings: diags,
                used_default_config,
                patched,
            }),
            _ => Err(BuildFailure::new(diags)),
        }
    }

    /// The site's config (the defaults when it cannot be read), with what the command line
    /// overrides: the base URL, relative links, and `serve`'s own origin. Also whether
    /// there was no config file.
    fn config(&self, diags: &mut Vec<Diagnostic>) -> (Config, bool) {
        let (mut config, used_default_config) = match Config::load(&self.opts.root) {
            Ok(l) => {
                diags.extend(l.warnings);
                (l.config, l.used_defaults)
            }
            Err(d) => {
                diags.extend(d);
                (Config::default(), false)
            }
        };
        if let Some(url) = &self.opts.base_url
            && let Err(d) = config.set_base_url(url)
        {
            diags.push(d);
        }
        config.relative_links |= self.opts.relative_links;
        config.show_source |= self.opts.show_source;
        if let Some(origin) = &self.opts.origin {
            let url = format!("{origin}{}", config.root);
            if let Err(d) = config.set_base_url(&url) {
                diags.push(d);
            }
        }
        (config, used_default_config)
    }

    /// The files under `content/`: the last walk's again when `reuse` (a hint says no file
    /// came or went), else a new walk, kept for the next run when it found no problem.
    fn discover(&mut self, reuse: bool, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
        if reuse && let Some(files) = &self.walk {
            return files.clone();
        }
        let (files, problems) = load::discover(&self.opts.root);
        self.walk = problems.is_empty().then(|| files.clone());
        diags.extend(problems);
        files
    }

    /// What parsing found wrong in the cached files, in file order as the walk lists them;
    /// few files have any.
    fn file_diagnostics(&self) -> Vec<Diagnostic> {
        let mut by_file: Vec<(&String, &Vec<Diagnostic>)> = self
            .cache
            .iter()
            .filter(|(_, c)| !c.result.1.is_empty())
            .map(|(rel, c)| (rel, &c.result.1))
            .collect();
        by_file.sort_by_key(|(rel, _)| *rel);
        by_file
            .into_iter()
            .flat_map(|(_, d)| d.iter().cloned())
            .collect()
    }

    /// The model: the last run's with the documents parsed again put in and those `gone`
    /// taken out, when the walk was reused (`walk_reused`) and the config is the same;
    /// else built from every parsed file.
    fn model(
        &mut self,
        config: Config,
        walk_reused: bool,
        (reparsed, gone): (&[String], &[String]),
        markdown_files: &[SourceFile],
        assets: Vec<SourceFile>,
        statics: &[String],
    ) -> (Result<Site, Vec<Diagnostic>>, Option<Patched>) {
        if let Some(site) = self.model.take()
            && walk_reused
            && site.config == config
        {
            // Only documents that parsed without an error can go in.
            let docs: Option<Vec<Parsed>> = reparsed
                .iter()
                .map(|rel| {
                    let c = self.cache.get(rel)?;
                    let clean = !c.result.1.iter().any(Diagnostic::is_error);
                    c.result.0.clone().filter(|_| clean)
                })
                .collect();
            if let Some((site, patched)) =
                docs.and_then(|docs| patch::patch(site, docs, gone, statics))
            {
                return (Ok(site), Some(patched));
            }
        }
        // A run with no next one takes the documents out of the parse cache it lets go of.
        let keep = self.keep;
        let docs = markdown_files
            .iter()
            .filter_map(|f| {
                let parsed = &mut self.cache.get_mut(&f.rel)?.result.0;
                if keep { parsed.clone() } else { parsed.take() }
            })
            .collect();
        (
            Site::build(config, docs, assets, statics, self.opts.drafts),
            None,
        )
    }

    /// Brings the parse cache up to date with `files`, re-parsing only files that changed
    /// (with a `hint`, only the files it names are looked at). Sections go first: they
    /// decide which folders hold ideas. Returns the files parsed again.
    fn parse(
        &mut self,
        files: &[SourceFile],
        md: &markdown::Options,
        hint: Option<&BTreeSet<String>>,
    ) -> Vec<String> {
        let md_key = fingerprint::of(md);
        let (sections, mut others): (Vec<&SourceFile>, Vec<&SourceFile>) =
            files.iter().partition(|f| parse::is_section_file(&f.rel));
        // Unless a section changed (it may turn a folder's pages into ideas), the files a
        // hint leaves out need no look at all, not even at their kind.
        if let Some(hint) = hint
            && !hint.iter().any(|rel| parse::is_section_file(rel))
        {
            others.retain(|f| hint.contains(&f.rel));
        }
        let mut reparsed = self.refresh(&sections, |_| Kind::Section, md, md_key, hint);
        let mut year_dirs = parse::year_dirs(
            sections
                .iter()
                .filter_map(|f| self.cache.get(&f.rel))
                .filter_map(|c| c.result.0.as_ref()),
        );
        year_dirs.extend(
            sections
                .iter()
                .filter(|f| self.cache.get(&f.rel).is_some_and(|c| c.result.0.is_none()))
                .filter(|f| parse::declares_year(f))
                .map(|f| parse::parent_dir(&f.rel).to_string()),
        );
        reparsed.extend(self.refresh(
            &others,
            |rel| parse::kind_of(rel, &year_dirs),
            md,
            md_key,
            hint,
        ));
        if hint.is_none() {
            let present: BTreeSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
            self.cache.retain(|rel, _| present.contains(rel.as_str()));
        }
        reparsed
    }

    /// Re-parses the files among `files` whose stamp, kind or options changed. A file that
    /// a `hint` leaves out is taken as unchanged without a look at its stamp.
    fn refresh(
        &mut self,
        files: &[&SourceFile],
        kind_of: impl Fn(&str) -> Kind + Sync,
        md: &markdown::Options,
        md_key: u64,
        hint: Option<&BTreeSet<String>>,
    ) -> Vec<String> {
        let stale: Vec<(&SourceFile, Kind, Option<Stamp>)> = files
            .par_iter()
            .filter_map(|f| {
                let kind = kind_of(&f.rel);
                let cached = self
                    .cache
                    .get(&f.rel)
                    .filter(|c| c.kind == kind && c.md == md_key);
                if let Some(c) = cached
                    && c.stamp != Stamp::MISSING
                    && hint.is_some_and(|h| !h.contains(&f.rel))
                {
                    return None;
                }
                let stamp = Stamp::of(&f.path);
                let fresh = cached.is_some_and(|c| Some(c.stamp) == stamp);
                (!fresh).then_some((*f, kind, stamp))
            })
            .collect();
        let parsed: Vec<(String, Cached)> = stale
            .into_par_iter()
            .map(|(f, kind, stamp)| {
                let mut result = parse::parse_file(f, kind, md);
                if let (Some(doc), false) = (&mut result.0, self.whole_texts) {
                    doc.trim_source();
                }
                // A file that vanished between the walk and the read has no stamp; keep
                // its error but never treat it as fresh.
                let stamp = stamp.unwrap_or(Stamp::MISSING);
                (
                    f.rel.clone(),
                    Cached {
                        stamp,
                        kind,
                        md: md_key,
                        result,
                    },
                )
            })
            .collect();
        let names = parsed.iter().map(|(rel, _)| rel.clone()).collect();
        self.cache.extend(parsed);
        names
    }

    /// Runs the pipeline into `sink`. With `full`, renders every page; otherwise only pages
    /// whose fingerprint changed since the last successful run. On failure, nothing of the
    /// last good state is forgotten: the next run compares against it again.
    pub fn run(&mut self, sink: &dyn Sink, full: bool) -> Result<RunStats, BuildFailure> {
        let start = Instant::now();
        let mut loaded = self.load()?;
        if !self.keep {
            // Every diagnostic that points into a file is made by now.
            loaded.site.forget_sources();
            crate::util::drop_later::drop_later(std::mem::take(&mut self.cache));
        }
        let result = self.render(&mut loaded, sink, full);
        if self.keep {
            // The next run patches this model and renders only what the patch changed
            // since the last run that rendered: after a failed one, it builds the model
            // again.
            self.model = result.is_ok().then_some(loaded.site);
        } else {
            crate::util::drop_later::drop_later(loaded.site);
        }
        let mut stats = result?;
        stats.elapsed = start.elapsed();
        Ok(stats)
    }

    /// Renders what [`Engine::load`] gave into `sink`: the pages and generated files whose
    /// fingerprint changed (all of them with `full`), and every static file. `check` calls
    /// it on the site it has loaded to lint, so that it loads the site once.
    pub(crate) fn render(
        &mut self,
        loaded: &mut Loaded,
        sink: &dyn Sink,
        full: bool,
    ) -> Result<RunStats, BuildFailure> {
        let mut timer = Timer::new();
        // Read here, not in `load`: a commit changes them without touching a file.
        let (revisions, warning) = self.revisions.read(&self.opts.root);
        loaded.site.revisions = revisions;
        loaded.warnings.extend(warning);
        timer.lap("revisions");
        let last = if full { None } else { self.last.as_ref() };
        let fragments = self.keep.then_some(&mut self.fragments);
        let pass = Pass::new(
            &loaded.site,
            &loaded.theme,
            &mut self.ideas,
            fragments,
            last,
            sink,
        )?;
        if !self.keep {
            // Not for a next run: let the pass hold the ideas' values alone.
            self.ideas = Default::default();
        }
        timer.lap("shared values");
        let refs = loaded.site.page_refs();
        let model_patched = loaded.patched.is_some();
        let patched = loaded
            .patched
            .take()
            .filter(|p| pass.can_patch(p.last_pages()));
        // One-shot runs let go as they go (see [`Forget`]). On the threads that parsed: their
        // heaps hold the freed bodies, which the pages' allocations reuse. On threads of
        // their own the pages took fresh heaps and the bodies' memory stayed unused: peak
        // 1,025 MiB against 753 at 100,000 ideas, for 3–6 % less CPU (bench/README.md).
        let forget = match (self.keep, self.whole_texts) {
            (true, _) => Forget::Nothing,
            (false, true) => Forget::Values,
            (false, false) => Forget::ValuesAndBodies(&self.lines),
        };
        let pages = pass.pages(&refs, patched.as_ref(), forget);
        timer.lap("render pages");
        let generated = pass.generated(&self.lines);
        timer.lap("generated files");
        let Pass {
            global,
            templates,
            renderer,
            errors,
            shared,
            ..
        } = pass;
        // Every idea's template value: freed while the run finishes.
        crate::util::drop_later::drop_later(shared);
        let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        let site = &loaded.site;
        let mut stats = RunStats {
            pages: refs.len(),
            ideas: site.ideas.len(),
            years: site.years.len(),
            programs: site.programs.len(),
            patched: model_patched,
            used_default_config: loaded.used_default_config,
            ..RunStats::default()
        };
        let (order, outputs) = tally(pages, generated, &mut stats);
        let files = static_files(&loaded.theme, site);
        let previous = self.last.as_ref();
        errors.extend(copy_files(sink, &files, &outputs, previous, &mut stats));
        if !errors.is_empty() {
            errors.append(&mut loaded.warnings);
            return Err(BuildFailure::new(errors));
        }
        if let Some(previous) = previous {
            stats.removed = gone(previous, &outputs, &files);
            for p in &stats.removed {
                sink.remove(p);
            }
        }
        stats.warnings = std::mem::take(&mut loaded.warnings);
        crate::diag::sort(&mut stats.warnings);
        self.last = Some(Last {
            global,
            templates,
            renderer,
            pages: outputs,
            order,
            revisions: site.revisions.clone(),
            files: files.into_iter().map(|(k, (_, s))| (k, s)).collect(),
        });
        Ok(stats)
    }
}

/// Prints how long each stage took when `IDEAWIKI_TIMINGS` is set: profiling a user's
/// slow site starts with this, before any profiler.
struct Timer {
    enabled: bool,
    last: Instant,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            enabled: std::env::var_os("IDEAWIKI_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.enabled {
            eprintln!(
                "timing: {stage}: {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}

#[cfg(test)]
mod tests;
