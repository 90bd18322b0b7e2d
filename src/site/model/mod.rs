//! The site model: programs, year sections, ideas and wiki pages, with their URLs.
//!
//! Built from parsed files by a pure function ([`Site::build`]). It reads only the [`shape`]
//! of an idea or wiki page, so after an edit that keeps every shape, `serve` puts the new
//! documents in their old versions' places (`engine::patch`) instead of building it again.

pub(crate) mod aliases;
pub(crate) mod links;
pub(crate) mod shape;
pub(crate) mod taxonomy;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::site::config::Config;
use crate::site::frontmatter::{PageFm, SectionFm, YearStatus};
use crate::site::load::SourceFile;
use crate::site::model::taxonomy::Taxonomy;
use crate::site::parse::{Doc, Parsed, parent_dir};
use crate::site::slug::slug_problem;
use links::Links;

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// `content/_index.md`, if there is one.
    pub home: Option<Doc<SectionFm>>,
    pub programs: Vec<Program>,
    pub years: Vec<Year>,
    pub ideas: Vec<Idea>,
    pub pages: Vec<WikiPage>,
    /// Non-Markdown files under `content/` (images, PDFs), copied next to their pages.
    pub assets: Vec<SourceFile>,
    /// Last change of each source file, from git; empty outside a repository.
    pub revisions: std::sync::Arc<crate::site::revision::Revisions>,
    /// In the order the config lists them.
    pub taxonomies: Vec<Taxonomy>,
    pub links: Links,
    /// Old addresses that redirect to pages, checked (see [`crate::site::model::aliases`]).
    pub aliases: Vec<crate::site::model::aliases::Alias>,
    /// Problems that do not stop the build (wiki links to nothing, …).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Program {
    /// Folder name under `content/`, e.g. `gsoc`.
    pub name: String,
    pub title: String,
    /// URL path without the site root, e.g. `gsoc/`.
    pub path: String,
    /// `content/gsoc/_index.md`, if there is one.
    pub doc: Option<Doc<SectionFm>>,
    /// Indices into `Site::years`, newest first.
    pub years: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub doc: Doc<SectionFm>,
    pub year: u16,
    pub status: YearStatus,
    pub program: usize,
    pub path: String,
    /// Indices into `Site::ideas`, by title.
    pub ideas: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Idea {
    pub doc: Doc<crate::site::frontmatter::IdeaFm>,
    pub slug: String,
    pub year: usize,
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct WikiPage {
    pub doc: Doc<PageFm>,
    pub path: String,
}

/// One page of output, by what it shows. Rendering maps each to a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageRef {
    Home,
    Program(usize),
    Year(usize),
    Idea(usize),
    Page(usize),
    /// The list of a taxonomy's terms.
    Taxonomy(usize),
    /// One term's ideas: (taxonomy, term).
    Term(usize, usize),
    /// Every year of every program.
    Archive,
    NotFound,
}

impl Site {
    /// Builds the model. `drafts` keeps draft pages and draft years.
    pub fn build(
        config: Config,
        docs: Vec<Parsed>,
        assets: Vec<SourceFile>,
        drafts: bool,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut home = None;
        let mut sections: BTreeMap<String, Doc<SectionFm>> = BTreeMap::new();
        let mut ideas_raw = Vec::new();
        let mut pages_raw = Vec::new();
        for p in docs {
            match p {
                Parsed::Section(d) if d.rel == "_index.md" => home = Some(d),
                Parsed::Section(d) => {
                    sections.insert(parent_dir(&d.rel).to_string(), d);
                }
                Parsed::Idea(d) => ideas_raw.push(d),
                Parsed::Page(d) => pages_raw.push(d),
            }
        }

        // Year sections and their programs.
        let mut programs: BTreeMap<String, Program> = BTreeMap::new();
        let mut years = Vec::new();
        let mut year_index: BTreeMap<String, usize> = BTreeMap::new();
        let mut plain_sections = Vec::new();
        for (dir, d) in sections {
            let Some(y) = d.fm.year else {
                plain_sections.push((dir, d));
                continue;
            };
            let status = d.fm.status.unwrap_or_default();
            if !drafts && (d.fm.draft || status == YearStatus::Draft) {
                continue;
            }
            let parts: Vec<&str> = dir.split('/').collect();
            if parts.len() != 2 {
                diags.push(d.key_error(
                    "year-location",
                    "year",
                    "a year section must sit in `content/<program>/<year>/`".into(),
                    "move this folder into a program folder, such as `content/gsoc/2027/`",
                ));
                continue;
            }
            let program_name = parts[0].to_string();
            let n = programs.len();
            let program = programs
                .entry(program_name.clone())
                .or_insert_with(|| Program {
                    title: String::new(),
                    path: format!("{program_name}/"),
                    name: program_name.clone(),
                    doc: None,
                    years: Vec::new(),
                });
            let _ = n;
            if program.title.is_empty()
                && let Some(display) = &d.fm.program
            {
                program.title = display.clone();
            }
            year_index.insert(dir.clone(), years.len());
            years.push(Year {
                path: format!("{dir}/"),
                year: y,
                status,
                program: usize::MAX,
                ideas: Vec::new(),
                doc: d,
            });
        }
        // Program pages: a section whose folder holds years.
        let mut pages = Vec::new();
        for (dir, d) in plain_sections {
            if let Some(p) = programs.get_mut(&dir) {
                if drafts || !d.fm.draft {
                    p.title = d.fm.title.clone();
                    p.doc = Some(d);
                }
            } else if drafts || !d.fm.draft {
                let fm = PageFm {
                    title: d.fm.title.clone(),
                    slug: None,
                    aliases: d.fm.aliases.clone(),
                    draft: d.fm.draft,
                    extra: d.fm.extra.clone(),
                };
                pages.push(WikiPage {
                    path: format!("{dir}/"),
                    doc: Doc {
                        rel: d.rel,
                        fm: std::sync::Arc::new(fm),
                        body: d.body,
                        body_offset: d.body_offset,
                        source: d.source,
                        hash: d.hash,
                    },
                });
            }
        }
        let mut programs: Vec<Program> = programs.into_values().collect();
        for p in &mut programs {
            if p.title.is_empty() {
                p.title = p.name.clone();
            }
        }
        programs.sort_by(|a, b| {
            a.title
                .to_lowercase()
                .cmp(&b.title.to_lowercase())
                .then(a.name.cmp(&b.name))
        });
        for (pi, p) in programs.iter_mut().enumerate() {
            let prefix = format!("{}/", p.name);
            p.years = years
                .iter()
                .enumerate()
                .filter(|(_, y)| y.path.starts_with(&prefix))
                .map(|(i, _)| i)
                .collect();
            for &yi in &p.years {
                years[yi].program = pi;
            }
            p.years.sort_by(|&a, &b| {
                years[b]
                    .year
                    .cmp(&years[a].year)
                    .then(years[a].path.cmp(&years[b].path))
            });
        }

        // Ideas.
        let mut ideas = Vec::new();
        for d in ideas_raw {
            let dir = parent_dir(&d.rel).to_string();
            let Some(&yi) = year_index.get(&dir) else {
                continue; // its year is a draft that is left out
            };
            if d.fm.draft && !drafts {
                continue;
            }
            let slug = match &d.fm.slug {
                Some(s) => s.clone(),
                None => match file_slug(&d.rel) {
                    Ok(s) => s,
                    Err(e) => {
                        diags.push(e);
                        continue;
                    }
                },
            };
            ideas.push(Idea {
                path: format!("{dir}/{slug}/"),
                slug,
                year: yi,
                doc: d,
            });
        }
        // Cached keys: lowercasing inside the comparison allocates n·log n strings.
        ideas.sort_by_cached_key(|a| (a.year, a.doc.fm.title.to_lowercase(), a.slug.clone()));
        for (i, idea) in ideas.iter().enumerate() {
            years[idea.year].ideas.push(i);
        }

        // Wiki pages.
        for d in pages_raw {
            if d.fm.draft && !drafts {
                continue;
            }
            let slug = match &d.fm.slug {
                Some(s) => s.clone(),
                None => match file_slug(&d.rel) {
                    Ok(s) => s,
                    Err(e) => {
                        diags.push(e);
                        continue;
                    }
                },
            };
            let dir = parent_dir(&d.rel);
            let path = if dir.is_empty() {
                format!("{slug}/")
            } else {
                format!("{dir}/{slug}/")
            };
            pages.push(WikiPage { path, doc: d });
        }
        pages.sort_by(|a, b| {
            a.doc
                .fm
                .title
                .to_lowercase()
                .cmp(&b.doc.fm.title.to_lowercase())
                .then(a.path.cmp(&b.path))
        });

        let site = Site {
            config,
            home,
            programs,
            years,
            ideas,
            pages,
            assets,
            revisions: Default::default(),
            taxonomies: Vec::new(),
            links: Links::default(),
            aliases: Vec::new(),
            warnings: Vec::new(),
        };
        let mut site = site;
        site.taxonomies = {
            use rayon::prelude::*;
            site.config
                .taxonomies
                .par_iter()
                .map(|t| Taxonomy::build(t, &site.ideas, &site.years))
                .collect()
        };
        let (links, warnings) = Links::build(&site);
        site.links = links;
        site.warnings = warnings;
        site.check_paths(&mut diags);
        let (aliases, alias_diags) = crate::site::model::aliases::collect(&site);
        site.aliases = aliases;
        diags.extend(alias_diags);
        if diags.iter().any(Diagnostic::is_error) {
            Err(diags)
        } else {
            Ok(site)
        }
    }

    /// Folder names become URL segments: they follow the slug rules too, and no two
    /// sources may claim one URL.
    fn check_paths(&self, diags: &mut Vec<Diagnostic>) {
        // Almost always there is nothing to report: find that out cheaply (no paths built,
        // no sorting), and name files only when something is wrong.
        let mut urls = rustc_hash::FxHashSet::with_capacity_and_hasher(
            self.ideas.len() + 64,
            Default::default(),
        );
        let mut clean_dirs = rustc_hash::FxHashSet::default();
        let all_fine = self.paths().all(|path| {
            let mut segments = path.trim_end_matches('/').rsplit('/');
            segments.next();
            segments.all(|seg| {
                clean_dirs.contains(seg) || (slug_problem(seg).is_none() && clean_dirs.insert(seg))
            }) && urls.insert(path)
        });
        if all_fine {
            return;
        }
        let mut seen: BTreeMap<&str, PathBuf> = BTreeMap::new();
        let mut bad_dirs = std::collections::BTreeSet::new();
        for (path, shown) in self.sources() {
            let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
            for seg in &segments[..segments.len().saturating_sub(1)] {
                if let Some(why) = slug_problem(seg)
                    && bad_dirs.insert(seg.to_string())
                {
                    diags.push(
                        Diagnostic::error(
                            "bad-folder-name",
                            format!("the folder name `{seg}` cannot be part of a URL: {why}"),
                        )
                        .in_file(shown.clone())
                        .with_help("rename the folder using lowercase letters, digits and `-`"),
                    );
                }
            }
            if let Some(first) = seen.get(path) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-url",
                        format!(
                            "two files map to the URL `{}{path}`: {} and {}",
                            self.config.root,
                            first.display(),
                            shown.display()
                        ),
                    )
                    .in_file(shown.clone())
                    .with_help("rename one of the files or give it a different `slug:`"),
                );
            } else {
                seen.insert(path, shown);
            }
        }
    }

    /// The paths [`Site::sources`] lists, without the source files.
    fn paths(&self) -> impl Iterator<Item = &str> {
        let programs = self.programs.iter().map(|p| p.path.as_str());
        let years = self.years.iter().map(|y| y.path.as_str());
        let ideas = self.ideas.iter().map(|i| i.path.as_str());
        let pages = self.pages.iter().map(|p| p.path.as_str());
        let taxonomies = self.taxonomies.iter().map(|t| t.path.as_str());
        programs
            .chain(years)
            .chain(ideas)
            .chain(pages)
            .chain(std::iter::once("archive/"))
            .chain(taxonomies)
    }

    /// Every page path with the source file it comes from.
    fn sources(&self) -> Vec<(&str, PathBuf)> {
        let mut v: Vec<(&str, PathBuf)> = Vec::new();
        for p in &self.programs {
            v.push((
                &p.path,
                p.doc
                    .as_ref()
                    .map_or_else(|| PathBuf::from("content").join(&p.name), |d| d.shown()),
            ));
        }
        v.extend(self.years.iter().map(|y| (y.path.as_str(), y.doc.shown())));
        v.extend(self.ideas.iter().map(|i| (i.path.as_str(), i.doc.shown())));
        v.extend(self.pages.iter().map(|p| (p.path.as_str(), p.doc.shown())));
        v.sort_by(|a, b| a.1.cmp(&b.1));
        // Generated pages come last, so a clash names the content file that takes their URL.
        let config = PathBuf::from(crate::site::layout::CONFIG_FILE);
        v.push(("archive/", PathBuf::from("(the archive page)")));
        for t in &self.taxonomies {
            v.push((
                t.path.as_str(),
                config.join(format!("taxonomies: {}", t.config.name)),
            ));
        }
        v
    }

    /// All pages to render, in a fixed order.
    pub fn page_refs(&self) -> Vec<PageRef> {
        let mut v = vec![PageRef::Home, PageRef::NotFound];
        v.extend((0..self.programs.len()).map(PageRef::Program));
        v.extend((0..self.years.len()).map(PageRef::Year));
        v.extend((0..self.ideas.len()).map(PageRef::Idea));
        v.extend((0..self.pages.len()).map(PageRef::Page));
        v.push(PageRef::Archive);
        for (t, tax) in self.taxonomies.iter().enumerate() {
            v.push(PageRef::Taxonomy(t));
            v.extend((0..tax.terms.len()).map(|k| PageRef::Term(t, k)));
        }
        v
    }

    /// The title, body and file of a page written as Markdown; `None` for generated pages.
    pub fn source_of(&self, page: PageRef) -> Option<links::Source<'_>> {
        fn src<'a, F>(title: &'a str, d: &'a crate::site::parse::Doc<F>) -> links::Source<'a> {
            links::Source {
                title,
                rel: &d.rel,
                body: &d.body,
                body_offset: d.body_offset,
                text: &d.source,
            }
        }
        match page {
            PageRef::Home => self.home.as_ref().map(|h| src(&h.fm.title, h)),
            PageRef::Program(i) => self.programs[i].doc.as_ref().map(|d| src(&d.fm.title, d)),
            PageRef::Year(i) => Some(src(&self.years[i].doc.fm.title, &self.years[i].doc)),
            PageRef::Idea(i) => Some(src(&self.ideas[i].doc.fm.title, &self.ideas[i].doc)),
            PageRef::Page(i) => Some(src(&self.pages[i].doc.fm.title, &self.pages[i].doc)),
            PageRef::Taxonomy(_) | PageRef::Term(..) | PageRef::Archive | PageRef::NotFound => None,
        }
    }

    /// A page's title as readers see it.
    pub fn title_of(&self, page: PageRef) -> &str {
        match page {
            PageRef::Home => self
                .home
                .as_ref()
                .map_or(self.config.title.as_str(), |h| h.fm.title.as_str()),
            PageRef::Program(i) => &self.programs[i].title,
            PageRef::Year(i) => &self.years[i].doc.fm.title,
            PageRef::Idea(i) => &self.ideas[i].doc.fm.title,
            PageRef::Page(i) => &self.pages[i].doc.fm.title,
            PageRef::Taxonomy(t) => &self.taxonomies[t].config.title,
            PageRef::Term(t, k) => &self.taxonomies[t].terms[k].name,
            PageRef::Archive => "Archive",
            PageRef::NotFound => "Page not found",
        }
    }

    /// Where a page is written, relative to the output folder.
    pub fn output_path(&self, page: PageRef) -> String {
        match page {
            PageRef::Home => "index.html".into(),
            PageRef::NotFound => "404.html".into(),
            PageRef::Program(i) => format!("{}index.html", self.programs[i].path),
            PageRef::Year(i) => format!("{}index.html", self.years[i].path),
            PageRef::Idea(i) => format!("{}index.html", self.ideas[i].path),
            PageRef::Page(i) => format!("{}index.html", self.pages[i].path),
            PageRef::Taxonomy(t) => format!("{}index.html", self.taxonomies[t].path),
            PageRef::Term(t, k) => format!("{}index.html", self.taxonomies[t].terms[k].path),
            PageRef::Archive => "archive/index.html".into(),
        }
    }

    /// The page's URL path without the site root (`gsoc/2011/`; `` for home).
    pub fn path_of(&self, page: PageRef) -> &str {
        match page {
            PageRef::Home => "",
            PageRef::NotFound => "404.html",
            PageRef::Program(i) => &self.programs[i].path,
            PageRef::Year(i) => &self.years[i].path,
            PageRef::Idea(i) => &self.ideas[i].path,
            PageRef::Page(i) => &self.pages[i].path,
            PageRef::Taxonomy(t) => &self.taxonomies[t].path,
            PageRef::Term(t, k) => &self.taxonomies[t].terms[k].path,
            PageRef::Archive => "archive/",
        }
    }
}

/// The slug a file name gives (`virtio-on-xen.md` → `virtio-on-xen`), checked.
fn file_slug(rel: &str) -> Result<String, Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match slug_problem(stem) {
        None => Ok(stem.to_string()),
        Some(why) => Err(Diagnostic::error(
            "bad-slug",
            format!("the file name `{name}` cannot be a URL: {why}"),
        )
        .in_file(PathBuf::from("content").join(rel))
        .with_help(format!(
            "rename the file (for example to `{}.md`) or set `slug:` in its front matter",
            crate::site::slug::slugify(stem)
        ))),
    }
}
