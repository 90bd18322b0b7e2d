//! Patching the site model in place after an edit that leaves its shape alone.
//!
//! Most saves during `serve` change an idea's or a wiki page's text, or a field that no
//! list sorts or groups by (a summary, a mentor's address). Building the model again for
//! those (sorting every idea, grouping them into taxonomies, resolving every link, checking
//! every URL) costs about 100 ms at 10,000 ideas, more than all the rest of such a save.
//! Instead, each changed document whose *shape* is unchanged takes its old version's place.
//! The shape is everything [`Site::build`] reads from a document besides carrying it:
//! where it sits, its title, slug, draft flag and aliases, its taxonomy values and the
//! targets of its links. Anything else (a new title, another skill, a year's front matter,
//! a new or deleted file) builds the model again, as a full build would.
//!
//! The random-edit test in `tests/testsuite/incremental.rs` checks that patched runs
//! equal fresh full builds, byte for byte.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::site::field::IdeaField;
use crate::site::model::links;
use crate::site::model::taxonomy;
use crate::site::model::{Idea, PageRef, Site, WikiPage};
use crate::site::parse::{Doc, Parsed};

/// What the model takes from one idea or wiki page; two versions of a document with the
/// same shape give the same model apart from the document itself.
#[derive(PartialEq)]
struct Shape<'a> {
    rel: &'a str,
    title: &'a str,
    slug: Option<&'a str>,
    draft: bool,
    aliases: &'a [String],
    /// One list per field a taxonomy or a year's filters can group by (ideas only).
    terms: Vec<Vec<Cow<'a, str>>>,
    wikilinks: Vec<&'a str>,
    links: Vec<&'a str>,
}

/// The front-matter keys ideas and wiki pages share.
type Common<'a> = (&'a str, Option<&'a str>, bool, &'a [String]);

fn shape<'a, F>(d: &'a Doc<F>, fm: Common<'a>, terms: Vec<Vec<Cow<'a, str>>>) -> Shape<'a> {
    let (title, slug, draft, aliases) = fm;
    Shape {
        rel: &d.rel,
        title,
        slug,
        draft,
        aliases,
        terms,
        wikilinks: d.body.wikilinks.iter().map(|w| w.target.as_str()).collect(),
        links: d.body.links.iter().map(|l| l.dest.as_str()).collect(),
    }
}

fn idea_shape<'a>(site: &Site, idea: &'a Idea) -> Shape<'a> {
    let fm = &idea.doc.fm;
    let extra = site.config.taxonomies.iter().map(|t| &t.from);
    let terms = IdeaField::BUILT_IN
        .iter()
        .chain(extra.filter(|from| matches!(from, IdeaField::Extra(_))))
        .map(|from| taxonomy::value_strs(idea, from))
        .collect();
    let common = (
        fm.title.as_str(),
        fm.slug.as_deref(),
        fm.draft,
        &fm.aliases[..],
    );
    shape(&idea.doc, common, terms)
}

fn page_shape(page: &WikiPage) -> Shape<'_> {
    let fm = &page.doc.fm;
    let common = (
        fm.title.as_str(),
        fm.slug.as_deref(),
        fm.draft,
        &fm.aliases[..],
    );
    shape(&page.doc, common, Vec::new())
}

/// The documents a patch replaced, by index; pages that show none of them are unchanged.
#[derive(Debug, Default)]
pub struct Patched {
    pub ideas: BTreeSet<usize>,
    pub pages: BTreeSet<usize>,
}

impl Patched {
    /// Whether `page` shows anything of a replaced document: its own page, or a list that
    /// holds a replaced idea (its year's page, its terms' pages). Nothing else can differ:
    /// titles, terms and links, which other pages show, kept their shape. This mirrors
    /// what `view::Shared::fingerprint` reads; the random-edit test holds them together.
    pub fn shows(&self, site: &Site, page: PageRef) -> bool {
        match page {
            PageRef::Idea(i) => self.ideas.contains(&i),
            PageRef::Page(p) => self.pages.contains(&p),
            PageRef::Year(y) => self.ideas.iter().any(|&i| site.ideas[i].year == y),
            PageRef::Term(t, k) => site.taxonomies[t].terms[k]
                .ideas
                .iter()
                .any(|i| self.ideas.contains(i)),
            PageRef::Home
            | PageRef::Program(_)
            | PageRef::Taxonomy(_)
            | PageRef::Archive
            | PageRef::NotFound => false,
        }
    }
}

/// A document ready to take its old version's place.
enum Replacement {
    Idea(usize, Idea),
    Page(usize, WikiPage),
}

/// Puts the changed documents `docs` into `site` if every one of them is an idea or wiki
/// page already in it with an unchanged shape; returns `None`, leaving `site` as it
/// was, if any one is not (the model must then be built again).
pub fn patch(site: &mut Site, docs: Vec<Parsed>) -> Option<Patched> {
    let mut replacements = Vec::with_capacity(docs.len());
    for doc in docs {
        let replacement = match doc {
            Parsed::Idea(doc) => {
                // None: new, or left out as a draft.
                let i = site.ideas.iter().position(|x| x.doc.rel == doc.rel)?;
                let new = Idea {
                    doc,
                    ..site.ideas[i].clone()
                };
                if idea_shape(site, &new) != idea_shape(site, &site.ideas[i]) {
                    return None;
                }
                Replacement::Idea(i, new)
            }
            Parsed::Page(doc) => {
                let i = site.pages.iter().position(|x| x.doc.rel == doc.rel)?;
                let new = WikiPage {
                    doc,
                    path: site.pages[i].path.clone(),
                };
                if page_shape(&new) != page_shape(&site.pages[i]) {
                    return None;
                }
                Replacement::Page(i, new)
            }
            // Sections decide which folders hold ideas, what years and programs exist and
            // how they are titled: too much of the model to patch.
            Parsed::Section(_) => return None,
        };
        replacements.push(replacement);
    }
    let mut patched = Patched::default();
    for r in replacements {
        let page = match r {
            Replacement::Idea(i, idea) => {
                site.ideas[i] = idea;
                patched.ideas.insert(i);
                PageRef::Idea(i)
            }
            Replacement::Page(i, page) => {
                site.pages[i] = page;
                patched.pages.insert(i);
                PageRef::Page(i)
            }
        };
        // Links resolve as before (same targets, same site), but warnings about missing
        // ones point at lines, which may have moved.
        let Some(src) = site.source_of(page) else {
            continue;
        };
        let shown = std::path::Path::new(crate::site::layout::CONTENT_DIR).join(src.rel);
        let resolved = site.links.wikilinks.get(&page).cloned().unwrap_or_default();
        let fresh = links::missing(&src, &resolved);
        site.warnings
            .retain(|d| d.code != "missing-wikilink" || d.file.as_deref() != Some(&shown));
        site.warnings.extend(fresh);
    }
    Some(patched)
}
