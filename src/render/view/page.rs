//! One page's context and fingerprint, both derived from what [`parts`] declares it is
//! made of: the shared values it inserts, and `page` (its own document, title, links).

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Value;

use super::lists::{IdeaFragments, IdeaList};
use super::parts::{Insert, Parts, parts};
use super::repository::repository_links;
use super::scrub::{self, text};
use super::shared::Shared;
use super::site_wide::LinkView;
use super::taxonomy::{taxonomy_view, term_view};
use super::year::year_view;
use crate::diag::Diagnostic;
use crate::render::plain_text;
use crate::site::frontmatter::Extra;
use crate::site::layout::CONTENT_DIR;
use crate::site::markdown::{self, Heading};
use crate::site::model::{PageRef, Site};
use crate::site::revision::Revision;
use crate::util::fingerprint;

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    title: String,
    url: String,
    permalink: String,
    content: &'a str,
    toc: &'a [Heading],
    breadcrumbs: Vec<LinkView>,
    /// Pages that link to this one ("What links here").
    backlinks: Vec<LinkView>,
    source: Option<String>,
    /// One sentence for search results and link previews: an idea's summary, else the
    /// first sentence of the page's text; on the home page the site's description first.
    description: Option<String>,
    /// When the source file last changed and by whom (from git), if known.
    revision: Option<&'a Revision>,
    /// Links to edit the source and to its history, when `repository` is configured.
    edit_url: Option<String>,
    history_url: Option<String>,
    /// Always a map, so templates may read `page.extra.x` on any page.
    extra: &'a Extra,
}

static EMPTY_EXTRA: Extra = Extra::new();

impl Shared {
    /// A hash of everything in the page's context. Equal fingerprints (under the same
    /// templates and config) mean byte-identical output.
    pub(crate) fn fingerprint(&self, site: &Site, page: PageRef) -> u64 {
        let parts = parts(site, page);
        let mut h = fingerprint::hasher();
        self.site.hash.hash(&mut h);
        parts.kind.hash(&mut h);
        site.title_of(page).hash(&mut h);
        parts.doc.as_ref().map_or(0, |d| d.hash).hash(&mut h);
        crumbs(site, page).hash(&mut h);
        parts
            .doc
            .as_ref()
            .and_then(|d| site.revisions.get(d.rel))
            .hash(&mut h);
        site.path_of(page).hash(&mut h);
        for insert in parts.inserts() {
            self.hash_insert(site, insert, &mut h);
        }
        backlinks(site, page).hash(&mut h);
        wikilink_urls(site, page).hash(&mut h);
        h.finish()
    }

    /// Hashes what `insert` puts in a context: shared values by their fingerprints, the
    /// others whole, then the ideas it embeds.
    fn hash_insert(&self, site: &Site, insert: Insert, h: &mut fingerprint::Hasher) {
        match insert {
            Insert::Programs => self.programs.iter().for_each(|p| p.hash.hash(h)),
            Insert::Program(i) => self.programs[i].hash.hash(h),
            Insert::YearWithIdeas(i) => self.years[i].hash.hash(h),
            Insert::Year(i) => (1u8, self.years[i].hash).hash(h),
            Insert::Idea(_) => {}
            Insert::Taxonomy(t) => {
                fingerprint::of_serialized(&taxonomy_view(site, t, true)).hash(h);
            }
            Insert::Term(t, k) => {
                fingerprint::of_serialized(&taxonomy_view(site, t, false)).hash(h);
                site.taxonomies[t].terms[k].name.hash(h);
                // The ideas come grouped under their years' values.
                for i in insert.ideas(site) {
                    self.year_headings[site.ideas[i].year].hash.hash(h);
                }
            }
        }
        for i in insert.ideas(site) {
            self.idea_hash(site, i).hash(h);
        }
    }

    /// The full context of one page; lists of ideas come from `fragments`.
    pub(crate) fn context(
        &self,
        site: &Site,
        page: PageRef,
        fragments: &dyn IdeaFragments,
    ) -> Result<tera::Context, Diagnostic> {
        let parts = parts(site, page);
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.value.clone());
        ctx.insert_value("t", self.strings.clone());
        for insert in parts.inserts() {
            self.insert(&mut ctx, site, insert, fragments)?;
        }
        ctx.insert_value("page", page_value(self, site, page, &parts));
        Ok(ctx)
    }

    /// Puts in `ctx` the variables `insert` stands for.
    fn insert(
        &self,
        ctx: &mut tera::Context,
        site: &Site,
        insert: Insert,
        fragments: &dyn IdeaFragments,
    ) -> Result<(), Diagnostic> {
        let ideas = insert.ideas(site);
        match insert {
            Insert::Programs => {
                let programs: Vec<Value> = self.programs.iter().map(|p| p.value.clone()).collect();
                ctx.insert_value("programs", Value::from(programs));
            }
            Insert::Program(i) => ctx.insert_value("program", self.programs[i].value.clone()),
            Insert::YearWithIdeas(i) => {
                let mut list = IdeaList::default();
                for k in ideas {
                    list.push(k, fragments, |f, i| f.row(i), || self.idea_value(site, k))?;
                }
                let view = year_view(site, i, &self.md, Some(list));
                ctx.insert_value("year", Value::from_serializable(&view));
            }
            Insert::Year(i) => ctx.insert_value("year", self.years[i].value.clone()),
            Insert::Idea(i) => ctx.insert_value("idea", self.idea_value(site, i)),
            Insert::Taxonomy(t) => {
                let view = taxonomy_view(site, t, true);
                ctx.insert_value("taxonomy", Value::from_serializable(&view));
            }
            Insert::Term(t, k) => {
                let taxonomy = taxonomy_view(site, t, false);
                ctx.insert_value("taxonomy", Value::from_serializable(&taxonomy));
                let term = term_view(self, site, t, k, ideas, fragments)?;
                ctx.insert_value("term", Value::from_serializable(&term));
            }
        }
        Ok(())
    }
}

/// `page`: the page's own document in full, its title and address, and the links around
/// it.
fn page_value(shared: &Shared, site: &Site, page: PageRef, parts: &Parts<'_>) -> Value {
    let policy = site.config.emails;
    let path = site.path_of(page);
    let doc = parts.doc.as_ref();
    let scrubbed_extra = doc.map(|d| scrub::extra(d.extra, policy));
    // As the reader finds it in the repository: `/`-separated on every system.
    let source = doc.map(|d| format!("{CONTENT_DIR}/{}", d.rel));
    let (edit_url, history_url) = edit_links(site, source.as_deref());
    let source = source.filter(|_| site.config.show_source);
    let body = doc.map(|d| d.body);
    let html = body.map(|b| b.html.get());
    let description = description(site, shared, page, html.as_deref());
    let content = content(site, page, html.as_deref());
    let view = PageView {
        kind: parts.kind,
        title: text(site.title_of(page), policy),
        url: format!("{}{path}", site.config.root),
        permalink: format!("{}{path}", site.config.base_url),
        content: &content,
        toc: body.map_or(&[], |b| b.toc.as_slice()),
        breadcrumbs: crumbs(site, page),
        backlinks: backlinks(site, page),
        source,
        description,
        revision: doc.and_then(|d| site.revisions.get(d.rel)),
        edit_url,
        history_url,
        extra: scrubbed_extra.as_ref().unwrap_or(&EMPTY_EXTRA),
    };
    Value::from_serializable(&view)
}

/// The page's description (see [`PageView::description`]), as plain text.
fn description(site: &Site, shared: &Shared, page: PageRef, html: Option<&str>) -> Option<String> {
    match page {
        PageRef::Home if site.config.description.is_some() => site
            .config
            .description
            .as_deref()
            .map(|d| text(d, site.config.emails)),
        // The summary the feeds and `ideas.json` give, from the idea's shared value.
        PageRef::Idea(i) => shared
            .idea_summary(site, i)
            .and_then(|s| plain_text::first_sentence(&s)),
        _ => html.and_then(|h| plain_text::first_sentence(&plain_text::html_to_text(h, 1024))),
    }
}

/// The "Edit" and "History" links of `source`, when the config names a repository.
fn edit_links(site: &Site, source: Option<&str>) -> (Option<String>, Option<String>) {
    match (&site.config.repository, source) {
        (Some(repo), Some(source)) => {
            let (edit, history) = repository_links(repo, source);
            (Some(edit), Some(history))
        }
        _ => (None, None),
    }
}

/// The body's HTML, its wiki links pointed at their pages.
fn content<'a>(site: &Site, page: PageRef, html: Option<&'a str>) -> Cow<'a, str> {
    match html {
        Some(html) => markdown::resolve_wikilinks(html, &wikilink_urls(site, page)),
        None => Cow::Borrowed(""),
    }
}

/// The links above a page, from the home page down to its parent.
fn crumbs(site: &Site, page: PageRef) -> Vec<LinkView> {
    let root = site.config.root.as_str();
    let policy = site.config.emails;
    let home = || LinkView {
        title: text(
            site.home.as_ref().map_or("Home", |h| h.fm.title.as_str()),
            policy,
        ),
        url: root.to_string(),
    };
    let program = |pi: usize| LinkView {
        title: text(&site.programs[pi].title, policy),
        url: format!("{root}{}", site.programs[pi].path),
    };
    let year = |yi: usize| LinkView {
        title: text(&site.years[yi].doc.fm.title, policy),
        url: format!("{root}{}", site.years[yi].path),
    };
    match page {
        PageRef::Home => vec![],
        PageRef::NotFound
        | PageRef::Program(_)
        | PageRef::Page(_)
        | PageRef::Archive
        | PageRef::Taxonomy(_) => vec![home()],
        PageRef::Year(i) => vec![home(), program(site.years[i].program)],
        PageRef::Idea(i) => {
            let y = site.ideas[i].year;
            vec![home(), program(site.years[y].program), year(y)]
        }
        PageRef::Term(t, _) => {
            let tax = &site.taxonomies[t];
            let taxonomy = LinkView {
                title: text(&tax.config.title, policy),
                url: format!("{root}{}", tax.path),
            };
            vec![home(), taxonomy]
        }
    }
}

/// "What links here" for a page.
fn backlinks(site: &Site, page: PageRef) -> Vec<LinkView> {
    let policy = site.config.emails;
    site.links
        .backlinks
        .get(&page)
        .map(|from| {
            from.iter()
                .map(|&p| LinkView {
                    title: text(site.title_of(p), policy),
                    url: format!("{}{}", site.config.root, site.path_of(p)),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Where each of the page's wiki links leads (`None`: nowhere).
fn wikilink_urls(site: &Site, page: PageRef) -> Vec<Option<String>> {
    site.links
        .wikilinks
        .get(&page)
        .map(|targets| {
            targets
                .iter()
                .map(|t| t.map(|p| format!("{}{}", site.config.root, site.path_of(p))))
                .collect()
        })
        .unwrap_or_default()
}
