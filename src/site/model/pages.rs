//! The pages of a site, by what they show: where each is written, its URL path, its
//! title and the Markdown it comes from. Links, aliases and rendering all walk pages
//! through this one view, built before the model is complete.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::site::markdown::Rendered;

use crate::diag::Diagnostic;
use crate::site::config::Config;
use crate::site::frontmatter::SectionFm;
use crate::site::load::SourceFile;
use crate::site::model::documents::{Idea, Program, WikiPage, Year};
use crate::site::model::taxonomy::Taxonomy;
use crate::site::parse::Doc;
use crate::site::slug::slug_problem;

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

/// The parts of a page's source that links care about.
pub struct Source<'a> {
    pub title: &'a str,
    pub rel: &'a str,
    pub body: &'a Rendered,
    pub body_offset: usize,
    pub text: &'a std::sync::Arc<str>,
}

/// The parts of the model that say which pages exist. Borrowed from a [`super::Site`], or
/// from its parts while it is being built.
#[derive(Clone, Copy)]
pub struct Pages<'a> {
    pub config: &'a Config,
    pub home: Option<&'a Doc<SectionFm>>,
    pub programs: &'a [Program],
    pub years: &'a [Year],
    pub ideas: &'a [Idea],
    pub pages: &'a [WikiPage],
    pub assets: &'a [SourceFile],
    pub taxonomies: &'a [Taxonomy],
}

impl<'a> Pages<'a> {
    /// All pages to render, in a fixed order.
    pub fn page_refs(self) -> Vec<PageRef> {
        let mut v = vec![PageRef::Home, PageRef::NotFound];
        v.extend((0..self.programs.len()).map(PageRef::Program));
        v.extend((0..self.years.len()).map(PageRef::Year));
        v.extend((0..self.ideas.len()).map(PageRef::Idea));
        v.extend((0..self.pages.len()).map(PageRef::Page));
        v.push(PageRef::Archive);
        // A taxonomy without terms (no idea has a difficulty) has no page: it would list
        // nothing.
        for (t, tax) in self.taxonomies.iter().enumerate() {
            if tax.terms.is_empty() {
                continue;
            }
            v.push(PageRef::Taxonomy(t));
            v.extend((0..tax.terms.len()).map(|k| PageRef::Term(t, k)));
        }
        v
    }

    /// The title, body and file of a page written as Markdown; `None` for generated pages.
    pub fn source_of(self, page: PageRef) -> Option<Source<'a>> {
        fn src<'a, F>(title: &'a str, d: &'a Doc<F>) -> Source<'a> {
            Source {
                title,
                rel: &d.rel,
                body: &d.body,
                body_offset: d.body_offset,
                text: &d.source,
            }
        }
        match page {
            PageRef::Home => self.home.map(|h| src(&h.fm.title, h)),
            PageRef::Program(i) => self.programs[i].doc.as_ref().map(|d| src(&d.fm.title, d)),
            PageRef::Year(i) => Some(src(&self.years[i].doc.fm.title, &self.years[i].doc)),
            PageRef::Idea(i) => Some(src(&self.ideas[i].doc.fm.title, &self.ideas[i].doc)),
            PageRef::Page(i) => Some(src(&self.pages[i].doc.fm.title, &self.pages[i].doc)),
            PageRef::Taxonomy(_) | PageRef::Term(..) | PageRef::Archive | PageRef::NotFound => None,
        }
    }

    /// A page's title as readers see it.
    pub fn title_of(self, page: PageRef) -> &'a str {
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
            PageRef::Term(t, k) => {
                let tax = &self.taxonomies[t];
                self.config
                    .strings
                    .value(&tax.config.from, &tax.terms[k].name)
            }
            PageRef::Archive => self.config.strings.get("archive"),
            PageRef::NotFound => self.config.strings.get("page_not_found"),
        }
    }

    /// Where a page is written, relative to the output folder.
    pub fn output_path(self, page: PageRef) -> String {
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
    pub fn path_of(self, page: PageRef) -> &'a str {
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

    /// Folder names become URL segments: they follow the slug rules too, and no two
    /// sources may claim one URL.
    pub fn check_paths(self, diags: &mut Vec<Diagnostic>) {
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

    /// The paths [`Pages::sources`] lists, without the source files.
    fn paths(self) -> impl Iterator<Item = &'a str> {
        let programs = self.programs.iter().map(|p| p.path.as_str());
        let years = self.years.iter().map(|y| y.path.as_str());
        let ideas = self.ideas.iter().map(|i| i.path.as_str());
        let pages = self.pages.iter().map(|p| p.path.as_str());
        let taxonomies = self.taxonomies.iter().flat_map(|t| {
            std::iter::once(t.path.as_str()).chain(t.terms.iter().map(|k| k.path.as_str()))
        });
        programs
            .chain(years)
            .chain(ideas)
            .chain(pages)
            .chain(std::iter::once("archive/"))
            .chain(taxonomies)
    }

    /// Every page path with the source file it comes from.
    fn sources(self) -> Vec<(&'a str, PathBuf)> {
        let mut v: Vec<(&'a str, PathBuf)> = Vec::new();
        for p in self.programs {
            v.push((
                &p.path,
                p.doc.as_ref().map_or_else(
                    || PathBuf::from(crate::site::layout::CONTENT_DIR).join(&p.name),
                    |d| d.shown(),
                ),
            ));
        }
        v.extend(self.years.iter().map(|y| (y.path.as_str(), y.doc.shown())));
        v.extend(self.ideas.iter().map(|i| (i.path.as_str(), i.doc.shown())));
        v.extend(self.pages.iter().map(|p| (p.path.as_str(), p.doc.shown())));
        v.sort_by(|a, b| a.1.cmp(&b.1));
        // Generated pages come last, so a clash names the content file that takes their URL.
        let config = PathBuf::from(crate::site::layout::CONFIG_FILE);
        v.push(("archive/", PathBuf::from("(the archive page)")));
        for t in self.taxonomies {
            v.push((
                t.path.as_str(),
                config.join(format!("taxonomies: {}", t.config.name)),
            ));
            for term in &t.terms {
                v.push((
                    term.path.as_str(),
                    PathBuf::from(format!(
                        "(the generated page of {} `{}`)",
                        t.config.title, term.name
                    )),
                ));
            }
        }
        v
    }
}
