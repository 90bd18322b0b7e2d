//! `idea`: one idea as templates receive it, on its own page and in the tables and term
//! pages that list it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::scrub::{self, text, text_ref, texts_ref};
use crate::site::config::{DeclaredField, EmailPolicy, FieldKind};
use crate::site::email;
use crate::site::field::IdeaField;
use crate::site::frontmatter::{Extra, LinkKind, Mentor, MentorRole};
use crate::site::markdown;
use crate::site::model::{Idea, Site, taxonomy};
use crate::site::sanitize::is_absolute_safe_url;

#[derive(Serialize)]
pub(super) struct IdeaView<'a> {
    title: Cow<'a, str>,
    url: String,
    slug: &'a str,
    project: Option<Cow<'a, str>>,
    mentors: Vec<MentorView<'a>>,
    size: Option<SizeView>,
    difficulty: Option<&'static str>,
    skills: Vec<Cow<'a, str>>,
    /// `None` for an idea of an archived year whose file does not say.
    status: Option<&'static str>,
    students: Vec<Cow<'a, str>>,
    tags: Vec<Cow<'a, str>>,
    summary: Option<String>,
    /// Each as inline HTML (Markdown without blocks).
    outcomes: Vec<String>,
    prerequisites: Vec<String>,
    links: Vec<LinkView>,
    /// The `extra` keys the site declares (`fields:`), in its order, that this idea has.
    fields: Vec<FieldView>,
    /// `false` while the idea awaits its mentor's confirmation (after a rollover).
    confirmed: bool,
    /// Per field (`project`, `mentors`, `skills`, `size`, `difficulty`, `status`, `tags`,
    /// `students`): each value with the URL of its term page, if a taxonomy covers it.
    terms: BTreeMap<&'static str, Vec<TermLink<'a>>>,
    extra: Extra,
}

#[derive(Serialize)]
pub(super) struct MentorView<'a> {
    pub(super) name: Cow<'a, str>,
    email: Option<String>,
    email_href: Option<String>,
    url: Option<Cow<'a, str>>,
    github: Option<Cow<'a, str>>,
    github_url: Option<String>,
    /// As the file says; `None` when it does not (the first mentor is then the primary).
    role: Option<&'static str>,
}

impl MentorView<'_> {
    /// The view with nothing borrowed, for a mentor made up on the spot.
    pub(super) fn into_owned(self) -> MentorView<'static> {
        let own = |s: Cow<'_, str>| Cow::Owned(s.into_owned());
        MentorView {
            name: own(self.name),
            url: self.url.map(own),
            github: self.github.map(own),
            email: self.email,
            email_href: self.email_href,
            github_url: self.github_url,
            role: self.role,
        }
    }
}

#[derive(Serialize)]
struct LinkView {
    /// `issue`, `chat`… when known.
    kind: Option<&'static str>,
    label: String,
    /// `None` when the email policy hides the address (a `mailto:` list, say).
    url: Option<String>,
}

/// A declared `extra` field: its label and its values as text; `url` for a `url` kind.
#[derive(Serialize)]
struct FieldView {
    key: String,
    label: String,
    kind: FieldKind,
    values: Vec<String>,
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
struct TermLink<'a> {
    name: Cow<'a, str>,
    url: Option<String>,
}

/// The view of idea `i`. It depends only on the idea's file, the config and its shown
/// status, which is what lets [`super::shared::IdeaCache`] keep it between runs.
pub(super) fn idea_view<'a>(site: &'a Site, i: usize, md: &markdown::Options) -> IdeaView<'a> {
    let idea = &site.ideas[i];
    let fm = &idea.doc.fm;
    let root = &site.config.root;
    let policy = site.config.emails;
    let strings = &site.config.strings;
    IdeaView {
        title: text_ref(&fm.title, policy),
        url: format!("{root}{}", idea.path),
        slug: &idea.slug,
        project: fm.project.as_deref().map(|p| text_ref(p, policy)),
        mentors: fm.mentors.iter().map(|m| mentor_view(m, policy)).collect(),
        size: fm.size.map(|s| SizeView {
            label: s.label(),
            hours: s.hours(),
            text: format!(
                "{} ({})",
                strings.value(&IdeaField::Size, s.label()),
                strings
                    .get("size_hours")
                    .replace("{n}", &s.hours().to_string())
            ),
        }),
        difficulty: fm.difficulty.map(|d| d.as_str()),
        skills: texts_ref(&fm.skills, policy),
        status: idea.status.map(|s| s.as_str()),
        students: texts_ref(&fm.students, policy),
        tags: texts_ref(&fm.tags, policy),
        summary: fm
            .summary
            .as_deref()
            .map(|s| markdown::render_inline(s, md)),
        outcomes: fm
            .outcomes
            .iter()
            .map(|s| markdown::render_inline(s, md))
            .collect(),
        prerequisites: fm
            .prerequisites
            .iter()
            .map(|s| markdown::render_inline(s, md))
            .collect(),
        links: fm
            .links
            .iter()
            .map(|l| LinkView {
                kind: l.kind.map(LinkKind::as_str),
                label: text(
                    match (&l.title, l.kind) {
                        (None, Some(kind)) => strings.link_kind(kind),
                        _ => l.label(),
                    },
                    policy,
                ),
                url: Some(l.url.clone()).filter(|u| email::url_shown(u, policy)),
            })
            .collect(),
        fields: declared_fields(&site.config.fields, &fm.extra, policy),
        confirmed: fm.confirmed,
        terms: term_links(site, idea),
        extra: scrub::extra(&fm.extra, policy),
    }
}

/// A mentor, with the address and homepage only as far as the email policy shows them.
pub(super) fn mentor_view(m: &Mentor, policy: EmailPolicy) -> MentorView<'_> {
    let github = m.github_handle();
    MentorView {
        github: github.map(Cow::Borrowed),
        github_url: github.map(|h| format!("https://github.com/{h}")),
        role: m.role.map(MentorRole::as_str),
        name: text_ref(&m.name, policy),
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
            .map(Cow::Borrowed),
    }
}

/// The declared fields the idea has, as text (numbers and booleans written out, lists
/// one value per item); a `url` field is a link only when it is a whole, safe address.
fn declared_fields(fields: &[DeclaredField], extra: &Extra, policy: EmailPolicy) -> Vec<FieldView> {
    fields
        .iter()
        .filter_map(|f| {
            let values: Vec<String> = match extra.get(&f.key)? {
                serde_json::Value::Array(items) => items.iter().filter_map(plain).collect(),
                one => plain(one).into_iter().collect(),
            };
            let values: Vec<String> = values
                .iter()
                .map(|v| text(v.trim(), policy))
                .filter(|v| !v.is_empty())
                .collect();
            if values.is_empty() {
                return None;
            }
            let url = (f.kind == FieldKind::Url)
                .then(|| values[0].clone())
                .filter(|u| is_absolute_safe_url(u) && email::url_shown(u, policy));
            Some(FieldView {
                key: f.key.clone(),
                label: f.label.clone(),
                kind: f.kind,
                values,
                url,
            })
        })
        .collect()
}

/// A scalar as text; maps and nested lists have no plain form.
fn plain(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The idea's values of each built-in field, linked to their term pages.
fn term_links<'a>(site: &'a Site, idea: &'a Idea) -> BTreeMap<&'static str, Vec<TermLink<'a>>> {
    let root = &site.config.root;
    let policy = site.config.emails;
    let strings = &site.config.strings;
    IdeaField::BUILT_IN
        .iter()
        .map(|field| {
            let tax = site.taxonomies.iter().find(|t| t.config.from == *field);
            let links = taxonomy::value_strs(idea, field)
                .into_iter()
                .map(|name| TermLink {
                    url: tax
                        .and_then(|t| t.term(&name))
                        .map(|term| format!("{root}{}", term.path)),
                    name: match name {
                        Cow::Borrowed(name) => text_ref(strings.value(field, name), policy),
                        Cow::Owned(name) => Cow::Owned(text(strings.value(field, &name), policy)),
                    },
                })
                .collect();
            (field.as_str(), links)
        })
        .collect()
}
