//! What each page is made of, declared once by [`parts`]: its own document, and the
//! shared values it inserts, with the ideas whose views they embed ([`Insert::ideas`]).
//! The page's context and fingerprint (`page.rs`) and whether a patched model changed it
//! ([`shows`]) are all derived from this declaration, so a new part cannot be added to
//! one and forgotten in another.

use crate::site::frontmatter::Extra;
use crate::site::markdown::Rendered;
use crate::site::model::{PageRef, Site};

/// A context variable beyond `site` and `page`, by reference to the shared values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Insert {
    /// `programs`: all programs with counts (home page).
    Programs,
    Program(usize),
    /// `year` with its ideas (year page).
    YearWithIdeas(usize),
    /// `year` without ideas (idea page).
    Year(usize),
    Idea(usize),
    /// `taxonomy` with its terms.
    Taxonomy(usize),
    /// `taxonomy` (without terms) and `term` with its ideas by year.
    Term(usize, usize),
}

impl Insert {
    /// The ideas whose views the inserted value embeds: the fingerprint hashes them, the
    /// context holds them, and a patch that replaces one renders the page again. The other
    /// values (programs, years, taxonomies) show only what the model holds, such as counts.
    pub(super) fn ideas(self, site: &Site) -> impl Iterator<Item = usize> + '_ {
        let (one, many): (Option<usize>, &[usize]) = match self {
            Insert::Idea(i) => (Some(i), &[]),
            Insert::YearWithIdeas(y) => (None, &site.years[y].ideas),
            Insert::Term(t, k) => (None, &site.taxonomies[t].terms[k].ideas),
            Insert::Programs | Insert::Program(_) | Insert::Year(_) | Insert::Taxonomy(_) => {
                (None, &[])
            }
        };
        one.into_iter().chain(many.iter().copied())
    }
}

/// Everything one page's context is made of, by reference: making it reads nothing inside
/// a document, so a patched run can ask it of every page cheaply. The page's title
/// ([`Site::title_of`]) and breadcrumbs (`page::crumbs`) come from the model.
pub(super) struct Parts<'a> {
    pub(super) kind: &'static str,
    /// The page's own document (home, program, year, idea or wiki page), shown in full.
    pub(super) doc: Option<OwnDoc<'a>>,
    /// At most two per page, kept inline.
    inserts: [Option<Insert>; 2],
}

impl Parts<'_> {
    pub(super) fn inserts(&self) -> impl Iterator<Item = Insert> + '_ {
        self.inserts.iter().flatten().copied()
    }
}

/// What a page shows of its own document.
pub(super) struct OwnDoc<'a> {
    pub(super) body: &'a Rendered,
    /// The document's fingerprint (covers its whole file: title, body and extra).
    pub(super) hash: u64,
    /// The source file, relative to `content/`.
    pub(super) rel: &'a str,
    pub(super) extra: &'a Extra,
}

/// What page `page` is made of.
pub(super) fn parts(site: &Site, page: PageRef) -> Parts<'_> {
    macro_rules! own {
        ($doc:expr) => {{
            let d = $doc;
            OwnDoc {
                body: &d.body,
                hash: d.hash,
                rel: &d.rel,
                extra: &d.fm.extra,
            }
        }};
    }
    let (kind, doc, inserts) = match page {
        PageRef::Home => {
            let doc = site.home.as_ref().map(|h| own!(h));
            ("home", doc, [Some(Insert::Programs), None])
        }
        PageRef::NotFound => ("404", None, [None, None]),
        PageRef::Program(i) => {
            let doc = site.programs[i].doc.as_ref().map(|d| own!(d));
            ("program", doc, [Some(Insert::Program(i)), None])
        }
        PageRef::Year(i) => {
            let doc = Some(own!(&site.years[i].doc));
            ("year", doc, [Some(Insert::YearWithIdeas(i)), None])
        }
        PageRef::Idea(i) => {
            let idea = &site.ideas[i];
            let inserts = [Some(Insert::Idea(i)), Some(Insert::Year(idea.year))];
            ("idea", Some(own!(&idea.doc)), inserts)
        }
        PageRef::Page(i) => ("page", Some(own!(&site.pages[i].doc)), [None, None]),
        PageRef::Archive => ("archive", None, [Some(Insert::Programs), None]),
        PageRef::Taxonomy(t) => ("taxonomy", None, [Some(Insert::Taxonomy(t)), None]),
        PageRef::Term(t, k) => ("term", None, [Some(Insert::Term(t, k)), None]),
    };
    Parts { kind, doc, inserts }
}

/// Whether `page` shows any of the documents `replaced` picks out, each named by the page
/// that is its own (`PageRef::Idea(i)` for idea `i`): as its own document, or as an idea
/// whose view it embeds. `engine::patch` asks this of every page after replacing
/// documents whose shape stayed the same, and renders only the pages that do.
pub(crate) fn shows(site: &Site, page: PageRef, replaced: impl Fn(PageRef) -> bool) -> bool {
    let parts = parts(site, page);
    (parts.doc.is_some() && replaced(page))
        || parts
            .inserts()
            .any(|insert| insert.ideas(site).any(|i| replaced(PageRef::Idea(i))))
}
