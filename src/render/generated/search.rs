//! `search-index.json`: what the theme's search box searches, written at build time so
//! the site stays static. The format (documented in `docs/outputs.md`) is what
//! `themes/wiki/static/ideawiki.js` reads:
//!
//! `{"version":1,"docs":[{"t":title,"u":path,"k":kind,"c":context,"s":summary,"w":words}]}`
//!
//! Keys are one letter because the file is fetched whole by every visitor who searches.
//! Body text adds at most [`BODY_WORDS`] words per page, so a site of 10,000 ideas stays
//! a few megabytes.

use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::common::{Caches, Generated, scrubbed};
use crate::render::plain_text::{self, Words};
use crate::render::view::Shared;
use crate::site::model::{PageRef, Site};

/// Most words a page's body adds to the index (beyond its title and fields).
pub const BODY_WORDS: usize = 48;

/// How much of a body's text is read for those words.
const BODY_TEXT: usize = 2048;

#[derive(Serialize)]
struct Entry<'a> {
    t: String,
    u: &'a str,
    k: &'static str,
    c: String,
    s: String,
    w: String,
}

/// The pages searched, in the order of the file: home, wiki pages, each program followed
/// by its years (newest first), then the ideas as `ideas.json` orders them.
fn pages(site: &Site) -> Vec<PageRef> {
    let mut v = Vec::new();
    if site.home.is_some() {
        v.push(PageRef::Home);
    }
    v.extend((0..site.pages.len()).map(PageRef::Page));
    for (p, program) in site.programs.iter().enumerate() {
        v.push(PageRef::Program(p));
        v.extend(program.years.iter().map(|&y| PageRef::Year(y)));
    }
    v.extend(super::ideas_json::order(site).map(PageRef::Idea));
    v
}

/// The index entry of `page`: its title and fields, then the first words of its body.
fn doc<'a>(site: &'a Site, shared: &Shared, page: PageRef) -> Entry<'a> {
    let policy = site.config.emails;
    let english = site.config.language.starts_with("en");
    let title = scrubbed(site.title_of(page), policy);
    let body = site
        .source_of(page)
        .map(|s| plain_text::html_to_text(&s.body.html.get(), BODY_TEXT))
        .unwrap_or_default();
    let mut words = Words::default();
    words.field(&title);
    let (k, c, s) = match page {
        PageRef::Idea(i) => (
            "idea",
            idea_context(site, i),
            idea_summary(site, shared, i, &mut words),
        ),
        PageRef::Year(y) => (
            "year",
            year_context(site, y, &mut words),
            first_sentence(&body),
        ),
        PageRef::Program(p) => {
            let n = site.programs[p].years.len();
            let years = site.config.strings.count("years", n);
            ("program", years, first_sentence(&body))
        }
        _ => (
            "page",
            site.config.strings.get("page").to_string(),
            first_sentence(&body),
        ),
    };
    words.body(&body, BODY_WORDS, english);
    Entry {
        t: title,
        u: site.path_of(page),
        k,
        c,
        s,
        w: words.into_joined(),
    }
}

/// An idea's context: its program and year, and its project if it names one.
fn idea_context(site: &Site, i: usize) -> String {
    let idea = &site.ideas[i];
    let mut c = format!(
        "{} {}",
        super::common::program_of_year(site, idea.year),
        site.years[idea.year].year
    );
    if let Some(p) = &idea.doc.fm.project {
        c.push_str(" · ");
        c.push_str(&scrubbed(p, site.config.emails));
    }
    c
}

/// An idea's summary; it is searched, with the idea's project, skills, tags and mentors
/// (names and GitHub handles).
fn idea_summary(site: &Site, shared: &Shared, i: usize, words: &mut Words) -> String {
    let policy = site.config.emails;
    let fm = &site.ideas[i].doc.fm;
    let s = shared.idea_summary(site, i).unwrap_or_default();
    words.field(&s);
    for f in fm.project.iter().chain(&fm.skills).chain(&fm.tags) {
        words.field(&scrubbed(f, policy));
    }
    for m in &fm.mentors {
        words.field(&scrubbed(&m.name, policy));
        // People search for a mentor by the handle they know from the project's tracker.
        if let Some(handle) = m.github_handle() {
            words.field(handle);
        }
    }
    s
}

/// A year's context, searched too: its program and status.
fn year_context(site: &Site, y: usize, words: &mut Words) -> String {
    let c = format!(
        "{} · {}",
        super::common::program_of_year(site, y),
        site.config
            .strings
            .get(&format!("year_{}", site.years[y].status.as_str()))
            .to_lowercase()
    );
    words.field(&c);
    c
}

/// The summary of a page that has no other: its body's first sentence.
fn first_sentence(body: &str) -> String {
    plain_text::first_sentence(body).unwrap_or_default()
}

/// The hash of the page's source file (its path and text), if it has one.
fn doc_hash(site: &Site, page: PageRef) -> Option<u64> {
    match page {
        PageRef::Home => site.home.as_ref().map(|d| d.hash),
        PageRef::Program(p) => site.programs[p].doc.as_ref().map(|d| d.hash),
        PageRef::Year(y) => Some(site.years[y].doc.hash),
        PageRef::Idea(i) => Some(site.ideas[i].doc.hash),
        PageRef::Page(p) => Some(site.pages[p].doc.hash),
        _ => None,
    }
}

/// Idea `i`'s line of the index.
pub(super) fn idea_line(site: &Site, shared: &Shared, i: usize) -> Arc<str> {
    line(site, shared, PageRef::Idea(i))
}

fn line(site: &Site, shared: &Shared, page: PageRef) -> Arc<str> {
    serde_json::to_string(&doc(site, shared, page))
        .unwrap_or_default()
        .into()
}

/// The index, its lines made by `caches`' kept lines, lines made with the ideas' pages,
/// or here.
pub(super) fn plan<'a>(inputs: &super::common::Inputs<'a>, caches: &'a Caches) -> Generated<'a> {
    let super::common::Inputs { site, shared, keys } = inputs;
    let (site, shared): (&'a Site, &'a Shared) = (site, shared);
    // Each document is made of its source file (title, fields, body), its path and, for
    // ideas and years, its year's program.
    let keyed: Vec<(u64, PageRef)> = pages(site)
        .into_par_iter()
        .map(|page| {
            let key = super::common::fingerprint(|h| {
                (keys.config, site.path_of(page), doc_hash(site, page)).hash(h);
                match page {
                    PageRef::Idea(i) => keys.years[site.ideas[i].year].hash(h),
                    PageRef::Year(y) => keys.years[y].hash(h),
                    PageRef::Program(p) => {
                        (&site.programs[p].title, site.programs[p].years.len()).hash(h)
                    }
                    _ => {}
                }
            });
            (key, page)
        })
        .collect();
    super::common::json_lines_file(
        "search-index.json",
        "{\"version\":1,\"docs\":[",
        keyed,
        &caches.search,
        |&page| match page {
            PageRef::Idea(i) => caches
                .take_search_line(i)
                .unwrap_or_else(|| line(site, shared, page)),
            _ => line(site, shared, page),
        },
    )
}
