//! `idea`: one idea as templates receive it, on its own page and in the tables and term
//! pages that list it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::scrub::{self, text, texts};
use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::field::IdeaField;
use crate::site::frontmatter::{Extra, Mentor};
use crate::site::markdown;
use crate::site::model::{Idea, Site, taxonomy};

#[derive(Serialize)]
pub(super) struct IdeaView<'a> {
    title: String,
    url: String,
    slug: &'a str,
    project: Option<String>,
    mentors: Vec<MentorView>,
    size: Option<SizeView>,
    difficulty: Option<&'static str>,
    skills: Vec<String>,
    status: &'static str,
    students: Vec<String>,
    tags: Vec<String>,
    summary: Option<String>,
    /// `false` while the idea awaits its mentor's confirmation (after a rollover).
    confirmed: bool,
    /// Per field (`project`, `mentors`, `skills`, `size`, `difficulty`, `status`, `tags`,
    /// `students`): each value with the URL of its term page, if a taxonomy covers it.
    terms: BTreeMap<&'static str, Vec<TermLink>>,
    extra: Extra,
}

#[derive(Serialize)]
struct MentorView {
    name: String,
    email: Option<String>,
    email_href: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct SizeView {
    label: &'static str,
    hours: u32,
    text: String,
}

/// A value of an idea field and the page listing all ideas with it (if a taxonomy covers
/// that field).
#[derive(Serialize)]
struct TermLink {
    name: String,
    url: Option<String>,
}

/// The view of idea `i`. It depends only on the idea's file and the config, which is what
/// lets [`super::shared::IdeaCache`] keep it between runs.
pub(super) fn idea_view<'a>(site: &'a Site, i: usize, md: &markdown::Options) -> IdeaView<'a> {
    let idea = &site.ideas[i];
    let fm = &idea.doc.fm;
    let root = &site.config.root;
    let policy = site.config.emails;
    IdeaView {
        title: text(&fm.title, policy),
        url: format!("{root}{}", idea.path),
        slug: &idea.slug,
        project: fm.project.as_deref().map(|p| text(p, policy)),
        mentors: fm.mentors.iter().map(|m| mentor_view(m, policy)).collect(),
        size: fm.size.map(|s| SizeView {
            label: s.label(),
            hours: s.hours(),
            text: s.text(),
        }),
        difficulty: fm.difficulty.map(|d| d.as_str()),
        skills: texts(&fm.skills, policy),
        status: fm.status.as_str(),
        students: texts(&fm.students, policy),
        tags: texts(&fm.tags, policy),
        summary: fm
            .summary
            .as_deref()
            .map(|s| markdown::render_inline(s, md)),
        confirmed: fm.confirmed,
        terms: term_links(site, idea),
        extra: scrub::extra(&fm.extra, policy),
    }
}

/// A mentor, with the address and homepage only as far as the email policy shows them.
fn mentor_view(m: &Mentor, policy: EmailPolicy) -> MentorView {
    MentorView {
        name: text(&m.name, policy),
        email: m.email.as_deref().and_then(|e| email::display(e, policy)),
        email_href: m
            .email
            .as_deref()
            .filter(|_| policy == EmailPolicy::Plain)
            .map(|e| format!("mailto:{e}")),
        url: m
            .url
            .as_deref()
            .filter(|u| email::url_shown(u, policy))
            .map(str::to_string),
    }
}

/// The idea's values of each built-in field, linked to their term pages.
fn term_links(site: &Site, idea: &Idea) -> BTreeMap<&'static str, Vec<TermLink>> {
    let root = &site.config.root;
    let policy = site.config.emails;
    IdeaField::BUILT_IN
        .iter()
        .map(|field| {
            let tax = site.taxonomies.iter().find(|t| t.config.from == *field);
            let links = taxonomy::values(idea, field)
                .into_iter()
                .map(|name| TermLink {
                    url: tax
                        .and_then(|t| t.term(&name))
                        .map(|term| format!("{root}{}", term.path)),
                    name: text(&name, policy),
                })
                .collect();
            (field.as_str(), links)
        })
        .collect()
}
