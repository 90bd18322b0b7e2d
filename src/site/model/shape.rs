//! What the model reads from an idea or a wiki page: its *shape*, declared once.
//!
//! A page shows its own document in full, and the views of the ideas it lists; which ones,
//! `render::view` declares once (`Parts`, `Insert::ideas`), and derives from that the
//! page's fingerprint, its template context and whether a patched run must render it
//! again. Everything else a page shows of other documents (their titles and URLs in lists,
//! navigation and "What links here", the terms ideas are grouped under, where links lead)
//! comes from the model, and the model reads only the shape of a document. So a document
//! edited without changing its shape leaves the rest of the model as it was, and `serve`
//! puts it in its old version's place (`engine::patch`) instead of building the model again;
//! a new title, new grouped values or new links are patched in too, moving what follows.
//!
//! **Adding a front-matter field** (to `IdeaFm` or `PageFm`): [`Shape::of_idea`] and
//! [`Shape::of_page`] name every field and do not compile until the new one is placed:
//! - shown only where the document itself is shown (its page, the idea's view): add it to
//!   the view (`idea_view`) and mark it `_` here; fingerprints and patches follow;
//! - grouped or filtered by: make it an [`IdeaField`], which [`grouped_fields`] covers;
//! - read by the model in any other way (an order, a URL, a link): add it to [`Shape`],
//!   and to [`Shape::same_place`], which keeps `engine::patch` from moving what it cannot.
//!
//! Sections (`_index.md`) have no shape: they decide which folders hold ideas and what
//! years and programs exist, so any change to one builds the model again.

use std::borrow::Cow;

use crate::site::config::Config;
use crate::site::field::IdeaField;
use crate::site::frontmatter::{IdeaFm, PageFm};
use crate::site::markdown::Rendered;
use crate::site::model::taxonomy;
use crate::site::model::{Idea, WikiPage};
use crate::site::parse::Doc;

/// Everything the model takes from one idea or wiki page besides carrying it: two versions
/// of a document with the same shape give the same model apart from the document itself.
#[derive(Debug, PartialEq)]
pub(crate) struct Shape<'a> {
    /// Where it sits: its year (or folder), and its URL when it has no `slug`.
    rel: &'a str,
    /// The order of lists, wiki links by title, and every list, crumb and link naming it.
    title: &'a str,
    slug: Option<&'a str>,
    /// Whether it is in the site at all.
    draft: bool,
    /// Redirect pages, checked against every URL.
    aliases: &'a [String],
    /// The values of each of [`grouped_fields`], in that order (ideas only).
    terms: Vec<Vec<Cow<'a, str>>>,
    /// Backlinks and link resolution.
    wikilinks: Vec<&'a str>,
    links: Vec<&'a str>,
}

/// The fields the model and the views group ideas by: every built-in field (idea views
/// link each value to its term page, year pages filter by some), and each `extra.<key>` a
/// taxonomy is built from.
pub(crate) fn grouped_fields(config: &Config) -> impl Iterator<Item = &IdeaField> {
    let extra = config.taxonomies.iter().map(|t| &t.from);
    IdeaField::BUILT_IN
        .iter()
        .chain(extra.filter(|from| matches!(from, IdeaField::Extra(_))))
}

impl<'a> Shape<'a> {
    pub(crate) fn of_idea(config: &Config, idea: &'a Idea) -> Shape<'a> {
        let IdeaFm {
            title,
            slug,
            draft,
            aliases,
            // Read through `grouped_fields`.
            project: _,
            mentors: _,
            size: _,
            difficulty: _,
            skills: _,
            status: _,
            students: _,
            tags: _,
            extra: _,
            // Shown only in the idea's view.
            summary: _,
            outcomes: _,
            prerequisites: _,
            links: _,
            confirmed: _,
        } = &*idea.doc.fm;
        let terms = grouped_fields(config)
            .map(|field| taxonomy::value_strs(idea, field))
            .collect();
        Shape::of_doc(&idea.doc, (title, slug, *draft, aliases), terms)
    }

    pub(crate) fn of_page(page: &'a WikiPage) -> Shape<'a> {
        let PageFm {
            title,
            slug,
            draft,
            aliases,
            // Shown only on the page itself.
            extra: _,
        } = &*page.doc.fm;
        Shape::of_doc(&page.doc, (title, slug, *draft, aliases), Vec::new())
    }

    /// Whether `self` and `other` differ at most in what `engine::patch` puts in place
    /// without building the model again: the title, the grouped values and the links. A
    /// field added to the shape is named here, so a patch never moves what it cannot.
    pub(crate) fn same_place(&self, other: &Shape<'_>) -> bool {
        let Shape {
            rel,
            slug,
            draft,
            aliases,
            // Sorted in, grouped and resolved again by the patch.
            title: _,
            terms: _,
            wikilinks: _,
            links: _,
        } = self;
        *rel == other.rel
            && *slug == other.slug
            && *draft == other.draft
            && *aliases == other.aliases
    }

    /// Whether only the links differ: a wiki page's title is in every page's sidebar.
    pub(crate) fn same_but_links(&self, other: &Shape<'_>) -> bool {
        self.same_place(other) && self.title == other.title && self.terms == other.terms
    }

    /// The parts of the shape outside the front matter, and the keys every kind shares.
    fn of_doc<F>(
        doc: &'a Doc<F>,
        (title, slug, draft, aliases): (&'a String, &'a Option<String>, bool, &'a Vec<String>),
        terms: Vec<Vec<Cow<'a, str>>>,
    ) -> Shape<'a> {
        let Doc {
            rel,
            // Destructured by the caller.
            fm: _,
            body,
            // Where a missing wiki link's warning points: a patch makes those again.
            body_offset: _,
            source: _,
            // The document's own page's fingerprint.
            hash: _,
        } = doc;
        let Rendered {
            wikilinks,
            links,
            // Shown only on the document's own page.
            html: _,
            toc: _,
            // Warnings made when the file is parsed, cached with it.
            removed: _,
        } = &**body;
        Shape {
            rel,
            title,
            slug: slug.as_deref(),
            draft,
            aliases,
            terms,
            wikilinks: wikilinks.iter().map(|w| w.target.as_str()).collect(),
            links: links.iter().map(|l| l.dest.as_str()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::model::testing;

    const CONFIG: &str = "taxonomies:\n  - {name: areas, title: Areas, from: extra.area}\n";

    /// The shape of idea `a.md` (beside another idea, `b.md`) written as `text`, as text:
    /// shapes borrow from the site they are made from.
    fn idea_shape(text: &str) -> String {
        let mut files = testing::two_ideas("", "");
        files[1].1 = text.to_string();
        let site = testing::site(CONFIG, &files);
        let i = site.ideas.iter().position(|x| x.doc.rel.ends_with("a.md"));
        format!(
            "{:?}",
            Shape::of_idea(&site.config, &site.ideas[i.unwrap()])
        )
    }

    /// Idea texts titled `A` with `fm` after the title and `body` after the front matter.
    fn idea(fm: &str, body: &str) -> String {
        format!("---\ntitle: A\n{fm}---\n{body}")
    }

    #[test]
    fn what_only_the_idea_shows_keeps_its_shape() {
        let same = |a: String, b: String| assert_eq!(idea_shape(&a), idea_shape(&b));
        same(idea("", "Body.\n"), idea("", "Another body.\n"));
        same(idea("summary: One\n", ""), idea("summary: Two\n", ""));
        same(
            idea("mentors: [Ann]\n", ""),
            idea("mentors: [{name: Ann, email: a@b.org}]\n", ""),
        );
        same(
            idea("extra: {note: x}\n", ""),
            idea("extra: {note: y}\n", ""),
        );
        same(idea("", "[[B]] here\n"), idea("", "Now [[B]] is there\n"));
    }

    #[test]
    fn what_the_model_reads_changes_the_shape() {
        let differ = |a: String, b: String| assert_ne!(idea_shape(&a), idea_shape(&b));
        differ(idea("", ""), "---\ntitle: Z\n---\n".into());
        differ(idea("skills: [C]\n", ""), idea("skills: [C, Rust]\n", ""));
        differ(idea("mentors: [Ann]\n", ""), idea("mentors: [Bob]\n", ""));
        differ(idea("status: open\n", ""), idea("status: taken\n", ""));
        differ(idea("size: 90\n", ""), idea("size: 350\n", ""));
        differ(idea("tags: [x]\n", ""), idea("", ""));
        differ(
            idea("extra: {area: Storage}\n", ""),
            idea("extra: {area: Network}\n", ""),
        );
        differ(idea("slug: a\n", ""), idea("slug: z\n", ""));
        differ(idea("aliases: [/old/]\n", ""), idea("", ""));
        differ(idea("", "[[B]]\n"), idea("", "[[C]]\n"));
        differ(idea("", "[x](/b/)\n"), idea("", "[x](/c/)\n"));
    }

    #[test]
    fn a_wiki_page_has_the_same_shape_whatever_its_body_says() {
        let shape = |text: &str| {
            let site = testing::site("", &[("applying.md", text)]);
            format!("{:?}", Shape::of_page(&site.pages[0]))
        };
        let plain = shape("---\ntitle: Applying\n---\nText.\n");
        assert_eq!(
            plain,
            shape("---\ntitle: Applying\nextra: {icon: x}\n---\nOther text.\n")
        );
        assert_ne!(plain, shape("---\ntitle: How to apply\n---\nText.\n"));
        assert_ne!(
            plain,
            shape("---\ntitle: Applying\n---\nSee [[Mentors]].\n")
        );
    }

    #[test]
    fn grouped_fields_are_the_built_in_ones_and_configured_extra_keys() {
        let config = Config::parse(CONFIG, std::path::Path::new("ideawiki.yaml")).unwrap();
        let fields: Vec<String> = grouped_fields(&config).map(|f| f.to_string()).collect();
        assert_eq!(
            fields,
            [
                "project",
                "mentors",
                "skills",
                "size",
                "difficulty",
                "status",
                "tags",
                "students",
                "extra.area"
            ]
        );
    }
}
