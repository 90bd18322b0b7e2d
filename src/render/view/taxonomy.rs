//! `taxonomy` and `term`: a taxonomy's page (its terms) and a term's page (its ideas, by
//! year).

use serde::Serialize;
use tera::Value;

use super::idea::{MentorView, mentor_view};
use super::lists::{IdeaFragments, IdeaList};
use super::scrub::text;
use super::shared::Shared;
use crate::diag::Diagnostic;
use crate::site::field::IdeaField;
use crate::site::frontmatter::Mentor;
use crate::site::model::Site;

#[derive(Serialize)]
pub(super) struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    singular: &'a str,
    from: &'a IdeaField,
    url: String,
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: String,
    slug: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct TermPageView<'a> {
    name: String,
    slug: &'a str,
    url: String,
    count: usize,
    years: Vec<TermYear>,
    /// On a mentor's page: how to reach them, from their newest ideas that say.
    mentor: Option<MentorView<'static>>,
}

/// One year's share of a term's ideas.
#[derive(Serialize)]
struct TermYear {
    year: Value,
    /// The ideas' values, when the templates read them (see [`super::IdeaFragments`]).
    ideas: Vec<Value>,
    /// The ideas' list items (HTML).
    items: Vec<Value>,
}

/// The view of taxonomy `t`, with its terms or (on a term's page) without.
pub(super) fn taxonomy_view(site: &Site, t: usize, with_terms: bool) -> TaxonomyView<'_> {
    let tax = &site.taxonomies[t];
    let root = &site.config.root;
    TaxonomyView {
        name: &tax.config.name,
        title: &tax.config.title,
        singular: &tax.config.singular,
        from: &tax.config.from,
        url: format!("{root}{}", tax.path),
        terms: if with_terms {
            tax.terms
                .iter()
                .map(|term| TermView {
                    name: text(
                        site.config.strings.value(&tax.config.from, &term.name),
                        site.config.emails,
                    ),
                    slug: &term.slug,
                    url: format!("{root}{}", term.path),
                    count: term.ideas.len(),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// Term `k` of taxonomy `t`, with its ideas (`ideas`, newest year first) grouped by year.
pub(super) fn term_view<'a>(
    shared: &Shared,
    site: &'a Site,
    t: usize,
    k: usize,
    ideas: impl Iterator<Item = usize>,
    fragments: &dyn IdeaFragments,
) -> Result<TermPageView<'a>, Diagnostic> {
    let term = &site.taxonomies[t].terms[k];
    let mut years: Vec<(Value, IdeaList)> = Vec::new();
    let mut last_year = None;
    for i in ideas {
        let y = site.ideas[i].year;
        if last_year != Some(y) {
            years.push((shared.year_headings[y].value.clone(), IdeaList::default()));
            last_year = Some(y);
        }
        if let Some((_, list)) = years.last_mut() {
            list.push(
                i,
                fragments,
                |f, i| f.item(i),
                || shared.idea_value(site, i),
            )?;
        }
    }
    let years = years
        .into_iter()
        .map(|(year, list)| TermYear {
            year,
            ideas: list.values,
            items: list.fragments,
        })
        .collect();
    let tax = &site.taxonomies[t];
    let mentor = (tax.config.from == IdeaField::Mentors).then(|| {
        let contact = mentor_contact(site, t, k);
        mentor_view(&contact, site.config.emails).into_owned()
    });
    Ok(TermPageView {
        mentor,
        name: text(
            site.config.strings.value(&tax.config.from, &term.name),
            site.config.emails,
        ),
        slug: &term.slug,
        url: format!("{}{}", site.config.root, term.path),
        count: term.ideas.len(),
        years,
    })
}

/// Mentor term `k` as its ideas describe them: the name the term shows, and each of email,
/// homepage and GitHub name from the newest idea that gives it.
fn mentor_contact(site: &Site, t: usize, k: usize) -> Mentor {
    let tax = &site.taxonomies[t];
    let term = &tax.terms[k];
    let mut contact = Mentor {
        name: term.name.clone(),
        email: None,
        url: None,
        github: None,
        role: None,
    };
    let entries = term
        .ideas
        .iter()
        .flat_map(|&i| &site.ideas[i].doc.fm.mentors);
    for m in entries.filter(|m| tax.term(&m.name).is_some_and(|x| x.path == term.path)) {
        contact.email = contact.email.or_else(|| m.email.clone());
        contact.url = contact.url.or_else(|| m.url.clone());
        if contact.github.is_none() && m.github_handle().is_some() {
            contact.github = m.github.clone();
        }
    }
    contact
}
