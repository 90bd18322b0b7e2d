//! `ideas.json`: every idea of the site for scripts and aggregators, in the stable schema
//! documented in `docs/outputs.md`. Version 1 only ever gains keys; a change that removes
//! or retypes one bumps `version`.

use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;

use super::common::{Generated, LineCache, scrubbed};
use crate::render::view::Shared;
use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::model::Site;

#[derive(Serialize)]
struct Entry<'a> {
    title: String,
    url: String,
    path: &'a str,
    program: String,
    year: u16,
    project: Option<String>,
    mentors: Vec<Mentor>,
    size: Option<&'static str>,
    hours: Option<u32>,
    difficulty: Option<&'static str>,
    skills: Vec<String>,
    status: &'static str,
    students: Vec<String>,
    summary: Option<String>,
    tags: Vec<String>,
}

#[derive(Serialize)]
struct Mentor {
    name: String,
    /// Only under `emails: plain`: the file is as public as the pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// Ideas in the order of the file: by program (as the site lists them), newest year first,
/// then by title as on the year page.
pub(super) fn order(site: &Site) -> impl Iterator<Item = usize> + '_ {
    site.programs
        .iter()
        .flat_map(|p| p.years.iter())
        .flat_map(|&y| site.years[y].ideas.iter().copied())
}

fn entry<'a>(site: &'a Site, shared: &Shared, i: usize) -> Entry<'a> {
    let idea = &site.ideas[i];
    let fm = &idea.doc.fm;
    let policy = site.config.emails;
    Entry {
        title: scrubbed(&fm.title, policy),
        url: super::common::absolute(site, &idea.path),
        path: &idea.path,
        program: super::common::program_of_year(site, idea.year),
        year: site.years[idea.year].year,
        project: fm.project.as_deref().map(|p| scrubbed(p, policy)),
        mentors: fm
            .mentors
            .iter()
            .map(|m| Mentor {
                name: scrubbed(&m.name, policy),
                email: m.email.clone().filter(|_| policy == EmailPolicy::Plain),
                url: m
                    .url
                    .as_deref()
                    .filter(|u| email::url_shown(u, policy))
                    .map(str::to_string),
            })
            .collect(),
        size: fm.size.map(|s| s.label()),
        hours: fm.size.map(|s| s.hours()),
        difficulty: fm.difficulty.map(|d| d.as_str()),
        skills: crate::render::view::texts(&fm.skills, policy),
        status: fm.status.as_str(),
        students: crate::render::view::texts(&fm.students, policy),
        summary: super::common::idea_summary(site, shared, i),
        tags: crate::render::view::texts(&fm.tags, policy),
    }
}

pub(super) fn plan<'a>(inputs: &super::common::Inputs<'a>, cache: &'a LineCache) -> Generated<'a> {
    let super::common::Inputs { site, shared, keys } = inputs;
    let (site, shared): (&'a Site, &'a Shared) = (site, shared);
    // An idea's entry is made of its front matter (which its shared view's hash covers),
    // its path and its year's program; its body only when the summary comes from there.
    // So editing a description under a `summary:` leaves the file alone.
    let order: Vec<usize> = order(site).collect();
    let keyed: Vec<(u64, usize)> = order
        .into_par_iter()
        .map(|i| {
            let idea = &site.ideas[i];
            let key = super::common::fingerprint(|h| {
                (keys.config, shared.ideas[i].hash, &idea.path).hash(h);
                if idea.doc.fm.summary.is_none() {
                    idea.doc.hash.hash(h);
                }
                keys.years[idea.year].hash(h);
            });
            (key, i)
        })
        .collect();
    // One idea per line: small, and a change shows as a one-line diff.
    super::common::json_lines_file(
        "ideas.json",
        "{\"version\":1,\"generated_by\":\"ideawiki\",\"ideas\":[",
        keyed,
        cache,
        |&i| serde_json::to_string(&entry(site, shared, i)).unwrap_or_default(),
    )
}
