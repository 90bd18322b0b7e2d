//! Atom 1.0 feeds of ideas (RFC 4287): `atom.xml` for the whole site and
//! `<program>/<year>/atom.xml` per year, the feeds the theme's pages link to.
//!
//! Dates never come from the clock, so the same sources give the same bytes: an entry's
//! `updated` is its file's last commit when the site is in git, else the year's deadline,
//! else 1 January of its year.

use std::fmt::Write as _;
use std::hash::Hash;

use rayon::prelude::*;

use super::common::{Generated, scrubbed};
use crate::render::plain_text::escape_xml;
use crate::render::view::Shared;
use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::model::Site;

/// The site-wide feed holds the newest ideas only: feed readers fetch it often, and a
/// large archive would make every fetch megabytes long. Year feeds hold all their ideas.
pub const SITE_FEED_ENTRIES: usize = 50;

/// A year's own date: its deadline, else 1 January.
fn year_time(site: &Site, y: usize) -> String {
    let year = &site.years[y];
    match year.doc.fm.deadline.as_deref() {
        Some(d) => format!("{d}T00:00:00Z"),
        None => format!("{:04}-01-01T00:00:00Z", year.year),
    }
}

fn idea_time(site: &Site, i: usize) -> String {
    let idea = &site.ideas[i];
    super::common::revision(site, &idea.doc.rel)
        .map_or_else(|| year_time(site, idea.year), |r| r.rfc3339())
}

/// Per idea, a hash of everything its entry in a feed is made of: its view, URL and date
/// (its revision, else its year's), its body when the summary comes from there, and its
/// year. Made once per run for the site's feed and its year's.
pub(super) fn entry_keys(site: &Site, shared: &Shared, keys: &super::common::Keys) -> Vec<u64> {
    (0..site.ideas.len())
        .into_par_iter()
        .map(|i| {
            let idea = &site.ideas[i];
            super::common::fingerprint(|h| {
                (
                    shared.idea_hash(site, i),
                    &idea.path,
                    super::common::revision(site, &idea.doc.rel).map(|r| &r.date),
                    keys.years[idea.year],
                )
                    .hash(h);
                if idea.doc.fm.summary.is_none() {
                    idea.doc.hash.hash(h);
                }
            })
        })
        .collect()
}

pub(super) fn plan_year<'a>(
    site: &'a Site,
    shared: &'a Shared,
    entries: &[u64],
    y: usize,
) -> Generated<'a> {
    let path = format!("{}atom.xml", site.years[y].path);
    let fingerprint = super::common::fingerprint(|h| {
        ("atom", &path, shared.years[y].hash, year_time(site, y)).hash(h);
        for &i in &site.years[y].ideas {
            entries[i].hash(h);
        }
    });
    Generated {
        path: path.clone(),
        fingerprint,
        render: Box::new(move || {
            let year = &site.years[y];
            let title = format!(
                "{}: {}",
                scrubbed(&site.config.title, site.config.emails),
                scrubbed(&year.doc.fm.title, site.config.emails)
            );
            Ok(feed(
                site,
                shared,
                &Head {
                    title: &title,
                    self_path: &path,
                    page_path: &year.path,
                    empty_time: year_time(site, y),
                },
                &year.ideas,
            ))
        }),
    }
}

pub(super) fn plan_site<'a>(site: &'a Site, shared: &'a Shared, entries: &[u64]) -> Generated<'a> {
    let fingerprint = super::common::fingerprint(|h| {
        "atom.xml".hash(h);
        entries.hash(h);
    });
    Generated {
        path: "atom.xml".into(),
        fingerprint,
        render: Box::new(move || {
            let title = format!(
                "{}: {}",
                scrubbed(&site.config.title, site.config.emails),
                site.config.strings.get("all_ideas")
            );
            let newest = (0..site.years.len())
                .map(|y| year_time(site, y))
                .max()
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
            Ok(feed(
                site,
                shared,
                &Head {
                    title: &title,
                    self_path: "atom.xml",
                    page_path: "",
                    empty_time: newest,
                },
                &newest_ideas(site),
            ))
        }),
    }
}

/// The site feed's ideas: newest year first, then most recently changed, then by program
/// and title; at most [`SITE_FEED_ENTRIES`].
fn newest_ideas(site: &Site) -> Vec<usize> {
    let mut all: Vec<(u16, String, usize, usize)> = super::ideas_json::order(site)
        .enumerate()
        .map(|(n, i)| {
            let year = site.years[site.ideas[i].year].year;
            (year, idea_time(site, i), n, i)
        })
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    all.into_iter()
        .take(SITE_FEED_ENTRIES)
        .map(|(.., i)| i)
        .collect()
}

struct Head<'a> {
    title: &'a str,
    /// The feed's own path, for `rel="self"` and its id.
    self_path: &'a str,
    /// The page the feed follows, for `rel="alternate"`.
    page_path: &'a str,
    /// `updated` of a feed without entries.
    empty_time: String,
}

fn feed(site: &Site, shared: &Shared, head: &Head<'_>, ideas: &[usize]) -> String {
    let times: Vec<String> = ideas.iter().map(|&i| idea_time(site, i)).collect();
    let updated = times
        .iter()
        .max()
        .cloned()
        .unwrap_or(head.empty_time.clone());
    let self_url = escape_xml(&super::common::absolute(site, head.self_path));
    let mut out = String::with_capacity(1024 + ideas.len() * 1024);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n",
        lang = escape_xml(&site.config.language),
        title = escape_xml(head.title),
    );
    if let Some(d) = &site.config.description {
        let _ = writeln!(
            out,
            "<subtitle>{}</subtitle>",
            escape_xml(&scrubbed(d, site.config.emails))
        );
    }
    let _ = write!(
        out,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n\
         <id>{self_url}</id>\n\
         <updated>{updated}</updated>\n\
         <author><name>{site_title}</name></author>\n\
         <generator version=\"{version}\">ideawiki</generator>\n",
        page = escape_xml(&super::common::absolute(site, head.page_path)),
        site_title = escape_xml(&scrubbed(&site.config.title, site.config.emails)),
        version = env!("CARGO_PKG_VERSION"),
    );
    for (&i, time) in ideas.iter().zip(&times) {
        entry(site, shared, i, time, &mut out);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(site: &Site, shared: &Shared, i: usize, time: &str, out: &mut String) {
    let idea = &site.ideas[i];
    let fm = &idea.doc.fm;
    let policy = site.config.emails;
    let url = escape_xml(&super::common::absolute(site, &idea.path));
    let _ = write!(
        out,
        "<entry>\n<title>{title}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
         <id>{url}</id>\n<updated>{time}</updated>\n",
        title = escape_xml(&scrubbed(&fm.title, policy)),
    );
    for m in &fm.mentors {
        let _ = write!(
            out,
            "<author><name>{}</name>",
            escape_xml(&scrubbed(&m.name, policy))
        );
        if let Some(u) = m.url.as_deref().filter(|u| email::url_shown(u, policy)) {
            let _ = write!(out, "<uri>{}</uri>", escape_xml(u));
        }
        if let Some(e) = m.email.as_deref().filter(|_| policy == EmailPolicy::Plain) {
            let _ = write!(out, "<email>{}</email>", escape_xml(e));
        }
        out.push_str("</author>\n");
    }
    let categories = fm.project.iter().chain(&fm.skills);
    for c in categories {
        let _ = writeln!(
            out,
            "<category term=\"{}\"/>",
            escape_xml(&scrubbed(c, policy))
        );
    }
    if let Some(s) = shared.idea_summary(site, i) {
        let _ = writeln!(out, "<summary>{}</summary>", escape_xml(&s));
    }
    out.push_str("</entry>\n");
}
