//! The site model: programs, year sections, ideas and wiki pages with their URLs, and what
//! is derived from them: taxonomies, links between pages, aliases.
//!
//! Built from parsed files by one function, [`Site::build`], in steps that each read what
//! the ones before made: [`documents`] → [`taxonomy`] → [`pages`] (which pages exist) →
//! [`links`] and [`aliases`]. It reads only the [`shape`] of an idea or wiki page, so
//! after an edit that keeps every shape, `serve` puts the new documents in their old
//! versions' places (`engine::patch`) instead of building it again; new titles, grouped
//! values, links and idea files are patched in too ([`taxonomy::Taxonomy::patch`]).

pub(crate) mod aliases;
pub(crate) mod claims;
pub(crate) mod documents;
pub(crate) mod links;
pub(crate) mod pages;
pub(crate) mod shape;
pub(crate) mod taxonomy;
#[cfg(test)]
pub(crate) mod testing;

use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::site::config::Config;
use crate::site::frontmatter::SectionFm;
use crate::site::load::SourceFile;
use crate::site::parse::{Doc, Parsed};
use crate::site::revision::Revisions;
use aliases::Alias;
pub(crate) use documents::{Idea, Program, WikiPage, Year, status_in};
use links::Links;
pub(crate) use pages::{PageRef, Pages, Source};
use taxonomy::Taxonomy;

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
    pub revisions: Arc<Revisions>,
    /// In the order the config lists them.
    pub taxonomies: Vec<Taxonomy>,
    pub links: Links,
    /// Old addresses that redirect to pages, checked (see [`aliases`]).
    pub aliases: Vec<Alias>,
    /// Problems that do not stop the build (wiki links to nothing, …).
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Builds the model. `drafts` keeps draft pages and draft years. Every problem found
    /// is returned, not only the first.
    /// `statics` are the output paths of the site's and the theme's static files, which no
    /// page, asset or alias may take.
    /// Drops every document's file text. Only diagnostics read it, and a one-shot build
    /// has made all of them before it renders: at 10,000 ideas that is 30 MB a build need
    /// not hold while it writes.
    pub(crate) fn forget_sources(&mut self) {
        let empty: std::sync::Arc<str> = std::sync::Arc::from("");
        let docs = self
            .ideas
            .iter_mut()
            .map(|i| &mut i.doc.source)
            .chain(self.pages.iter_mut().map(|p| &mut p.doc.source))
            .chain(self.years.iter_mut().map(|y| &mut y.doc.source));
        for source in docs {
            *source = empty.clone();
        }
    }

    pub fn build(
        config: Config,
        docs: Vec<Parsed>,
        assets: Vec<SourceFile>,
        statics: &[String],
        drafts: bool,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let docs = documents::arrange(docs, &config, drafts, &mut diags);
        let taxonomies = config
            .taxonomies
            .par_iter()
            .map(|t| Taxonomy::build(t, &docs.ideas, &docs.years))
            .collect();
        let mut site = Site {
            config,
            home: docs.home,
            programs: docs.programs,
            years: docs.years,
            ideas: docs.ideas,
            pages: docs.pages,
            assets,
            revisions: Default::default(),
            taxonomies,
            links: Links::default(),
            aliases: Vec::new(),
            warnings: Vec::new(),
        };
        let pages = site.pages();
        let (links, warnings) = Links::build(pages);
        pages.check_paths(&mut diags);
        let (mut claims, clashes) = claims::claim_outputs(pages, statics);
        diags.extend(clashes);
        let (aliases, alias_diags) = aliases::collect(pages, &mut claims);
        diags.extend(alias_diags);
        site.links = links;
        site.warnings = warnings;
        site.aliases = aliases;
        if diags.iter().any(Diagnostic::is_error) {
            Err(diags)
        } else {
            Ok(site)
        }
    }

    /// Which pages exist, and where.
    pub fn pages(&self) -> Pages<'_> {
        Pages {
            config: &self.config,
            home: self.home.as_ref(),
            programs: &self.programs,
            years: &self.years,
            ideas: &self.ideas,
            pages: &self.pages,
            assets: &self.assets,
            taxonomies: &self.taxonomies,
        }
    }

    /// All pages to render, in a fixed order.
    pub fn page_refs(&self) -> Vec<PageRef> {
        self.pages().page_refs()
    }

    /// The title, body and file of a page written as Markdown; `None` for generated pages.
    pub fn source_of(&self, page: PageRef) -> Option<Source<'_>> {
        self.pages().source_of(page)
    }

    /// A page's title as readers see it.
    pub fn title_of(&self, page: PageRef) -> &str {
        self.pages().title_of(page)
    }

    /// Where a page is written, relative to the output folder.
    pub fn output_path(&self, page: PageRef) -> String {
        self.pages().output_path(page)
    }

    /// The page's URL path without the site root (`gsoc/2011/`; `` for home).
    pub fn path_of(&self, page: PageRef) -> &str {
        self.pages().path_of(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::markdown;
    use crate::site::parse::{Kind, parse_text};

    fn parsed(rel: &str, text: &str, kind: Kind) -> Parsed {
        let opts = markdown::Options::for_config(&Config::default());
        let (doc, diags) = parse_text(rel, text.into(), kind, &opts);
        assert!(diags.is_empty(), "{diags:?}");
        doc.expect("a usable document")
    }

    fn site(files: Vec<Parsed>) -> Result<Site, Vec<Diagnostic>> {
        Site::build(Config::default(), files, Vec::new(), &[], false)
    }

    fn year_2027() -> Parsed {
        parsed(
            "gsoc/2027/_index.md",
            "---\ntitle: GSoC 2027\nyear: 2027\n---\n",
            Kind::Section,
        )
    }

    #[test]
    fn taxonomies_links_and_backlinks_come_from_the_documents() {
        let s = site(vec![
            year_2027(),
            parsed(
                "gsoc/2027/a.md",
                "---\ntitle: A\nskills: [C]\n---\nSee [[Applying]].\n",
                Kind::Idea,
            ),
            parsed("applying.md", "---\ntitle: Applying\n---\n", Kind::Page),
        ])
        .expect("builds");
        let skills = s.taxonomies.iter().find(|t| t.path == "skills/").unwrap();
        assert_eq!(skills.terms[0].path, "skills/c/");
        assert_eq!(skills.terms[0].ideas, [0]);
        assert_eq!(
            s.links.wikilinks[&PageRef::Idea(0)],
            [Some(PageRef::Page(0))]
        );
        assert_eq!(s.links.backlinks[&PageRef::Page(0)], [PageRef::Idea(0)]);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    #[test]
    fn two_files_on_one_url_are_an_error_naming_both() {
        let e = site(vec![
            year_2027(),
            parsed("gsoc/2027/a.md", "---\ntitle: A\n---\n", Kind::Idea),
            parsed(
                "gsoc/2027/b.md",
                "---\ntitle: B\nslug: a\n---\n",
                Kind::Idea,
            ),
        ])
        .unwrap_err();
        let clash = e
            .iter()
            .find(|d| d.code == "duplicate-url")
            .expect("a clash");
        assert!(
            clash.message.contains("content/gsoc/2027/a.md")
                && clash.message.contains("content/gsoc/2027/b.md"),
            "{}",
            clash.message
        );
    }

    #[test]
    fn a_wiki_link_to_nothing_is_a_warning_not_an_error() {
        let s = site(vec![
            year_2027(),
            parsed(
                "gsoc/2027/a.md",
                "---\ntitle: A\n---\n[[Nowhere]]\n",
                Kind::Idea,
            ),
        ])
        .expect("builds");
        assert_eq!(s.links.wikilinks[&PageRef::Idea(0)], [None]);
        assert_eq!(s.warnings.len(), 1);
        assert_eq!(s.warnings[0].code, "missing-wikilink");
    }
}
