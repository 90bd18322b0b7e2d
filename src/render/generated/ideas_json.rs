//! `ideas.json`: every idea of the site for scripts and aggregators, in the stable schema
//! documented in `docs/outputs.md`. A version only ever gains keys; a change that removes
//! or retypes one bumps `version` (2: `status` may be null, in archived years).

use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;

use super::common::{Generated, LineCache, scrubbed};
use crate::render::view::Shared;
use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::frontmatter::{Mentor as Mentor_, MentorRole};
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
    status: Option<&'static str>,
    students: Vec<String>,
    summary: Option<String>,
    tags: Vec<String>,
    outcomes: Vec<String>,
    prerequisites: Vec<String>,
    links: Vec<Link>,
    /// The `extra` keys the site declares under `fields:`: a string, or a list for `list`.
    fields: serde_json::Map<String, serde_json::Value>,
    /// `false` while the idea awaits its mentor's confirmation after a rollover.
    confirmed: bool,
}

#[derive(Serialize)]
struct Link {
    kind: Option<&'static str>,
    title: String,
    /// `null` when the email policy hides it (a `mailto:` address).
    url: Option<String>,
}

#[derive(Serialize)]
struct Mentor {
    name: String,
    /// Only under `emails: plain`: the file is as public as the pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    github: Option<String>,
    /// As written, else by place: see [`role_of`].
    role: &'static str,
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
            .enumerate()
            .map(|(n, m)| Mentor {
                github: m.github_handle().map(str::to_string),
                role: role_of(&fm.mentors, n),
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
        status: idea.status.map(|s| s.as_str()),
        students: crate::render::view::texts(&fm.students, policy),
        summary: shared.idea_summary(site, i),
        tags: crate::render::view::texts(&fm.tags, policy),
        outcomes: plain_list(site, shared, i, "outcomes"),
        prerequisites: plain_list(site, shared, i, "prerequisites"),
        links: fm
            .links
            .iter()
            .map(|l| Link {
                kind: l.kind.map(|k| k.as_str()),
                title: scrubbed(l.label(), policy),
                url: Some(l.url.clone()).filter(|u| email::url_shown(u, policy)),
            })
            .collect(),
        fields: declared_fields(site, shared, i),
        confirmed: fm.confirmed,
    }
}

/// A mentor's role: as written; else the first mentor without one is the primary mentor,
/// unless another is written as primary, and the rest are backups.
fn role_of(mentors: &[Mentor_], n: usize) -> &'static str {
    let primary_given = mentors.iter().any(|m| m.role == Some(MentorRole::Primary));
    let first_unsaid = mentors.iter().position(|m| m.role.is_none());
    match mentors[n].role {
        Some(role) => role.as_str(),
        None if !primary_given && first_unsaid == Some(n) => MentorRole::Primary.as_str(),
        None => MentorRole::Backup.as_str(),
    }
}

/// A list of the idea's view (inline HTML) as plain text.
fn plain_list(site: &Site, shared: &Shared, i: usize, key: &str) -> Vec<String> {
    let value = shared.idea_generated(site, i);
    value
        .get_from_path(key)
        .and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(tera::Value::as_str)
                .map(|html| crate::render::plain_text::html_to_text(html, usize::MAX))
                .collect()
        })
        .unwrap_or_default()
}

/// The declared fields the idea has, from its view (so scrubbed as the page shows them).
fn declared_fields(
    site: &Site,
    shared: &Shared,
    i: usize,
) -> serde_json::Map<String, serde_json::Value> {
    let value = shared.idea_generated(site, i);
    let Some(fields) = value.get_from_path("fields").and_then(|v| v.as_array()) else {
        return Default::default();
    };
    let str_at = |f: &tera::Value, key: &str| {
        f.get_from_path(key)
            .and_then(tera::Value::as_str)
            .map(str::to_string)
    };
    fields
        .iter()
        .filter_map(|f| {
            let key = str_at(f, "key")?;
            let values: Vec<serde_json::Value> = f
                .get_from_path("values")?
                .as_array()?
                .iter()
                .filter_map(tera::Value::as_str)
                .map(|v| serde_json::Value::String(v.to_string()))
                .collect();
            let one = values.len() == 1 && str_at(f, "kind").as_deref() != Some("list");
            let value = match one {
                true => values.into_iter().next()?,
                false => serde_json::Value::Array(values),
            };
            Some((key, value))
        })
        .collect()
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
                (keys.config, shared.idea_hash(site, i), &idea.path).hash(h);
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
        "{\"version\":2,\"generated_by\":\"ideawiki\",\"ideas\":[",
        keyed,
        cache,
        |&i| {
            serde_json::to_string(&entry(site, shared, i))
                .unwrap_or_default()
                .into()
        },
    )
}
