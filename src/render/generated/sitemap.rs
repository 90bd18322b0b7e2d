//! `sitemap.xml` (sitemaps.org 0.9): every HTML page a crawler should index, by absolute
//! URL. Left out: the 404 page, alias redirects (they are not pages) and drafts, even in a
//! `--drafts` preview, which is not meant for search engines.

use std::fmt::Write as _;
use std::hash::Hash;

use rayon::prelude::*;

use super::common::Generated;
use crate::render::plain_text::escape_xml;
use crate::site::frontmatter::YearStatus;
use crate::site::model::{PageRef, Site};
use crate::site::revision::Revision;

/// Whether a page comes from a draft (its own file, or its year).
fn is_draft(site: &Site, page: PageRef) -> bool {
    let year_draft = |y: usize| {
        let year = &site.years[y];
        year.doc.fm.draft || year.status == YearStatus::Draft
    };
    match page {
        PageRef::Year(y) => year_draft(y),
        PageRef::Idea(i) => site.ideas[i].doc.fm.draft || year_draft(site.ideas[i].year),
        PageRef::Page(p) => site.pages[p].doc.fm.draft,
        PageRef::Program(p) => site.programs[p].doc.as_ref().is_some_and(|d| d.fm.draft),
        _ => false,
    }
}

/// The pages listed, with their last change from git when known.
fn pages(site: &Site) -> impl ParallelIterator<Item = (&str, Option<&Revision>)> {
    site.page_refs()
        .into_par_iter()
        .filter(|&p| p != PageRef::NotFound && !is_draft(site, p))
        .map(|p| {
            let date = site
                .source_of(p)
                .and_then(|s| super::common::revision(site, s.rel));
            (site.path_of(p), date)
        })
}

/// [`pages`] sorted by path, with dates as a sitemap writes them.
fn entries(site: &Site) -> Vec<(&str, Option<String>)> {
    let mut v: Vec<(&str, Option<String>)> = pages(site)
        .map(|(path, revision)| (path, revision.map(Revision::rfc3339)))
        .collect();
    v.par_sort_unstable();
    v
}

pub(super) fn plan(site: &Site) -> Generated<'_> {
    // The file is sorted by path, but sorting 10,000 paths on every `serve` rebuild would
    // cost more than the rest of planning: hash the entries as a set instead (a sum of
    // their hashes), so a retitled idea that moves in the model's order changes nothing.
    let (count, sum) = pages(site)
        .map(|(path, revision)| {
            let date = revision.map(|r| &r.date);
            (1usize, crate::util::fingerprint::of(&(path, date)))
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1.wrapping_add(b.1)));
    let fingerprint = super::common::fingerprint(|h| ("sitemap.xml", count, sum).hash(h));
    Generated {
        path: "sitemap.xml".into(),
        fingerprint,
        render: Box::new(move || {
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
                 <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for (path, lastmod) in entries(site) {
                let loc = escape_xml(&super::common::absolute(site, path));
                match lastmod {
                    Some(t) => {
                        let _ = writeln!(out, "<url><loc>{loc}</loc><lastmod>{t}</lastmod></url>");
                    }
                    None => {
                        let _ = writeln!(out, "<url><loc>{loc}</loc></url>");
                    }
                }
            }
            out.push_str("</urlset>\n");
            Ok(out)
        }),
    }
}
