//! `year`: one year of a program, on its own page (with its ideas and filters), on its
//! ideas' pages and program page (without), and as a term page's year headings.

use serde::Serialize;
use tera::Value;

use super::facets::{Facets, facets};
use super::lists::IdeaList;
use super::scrub::text;
use crate::site::markdown;
use crate::site::model::Site;

#[derive(Serialize)]
pub(super) struct YearView<'a> {
    title: String,
    program: String,
    program_url: String,
    year: u16,
    url: String,
    status: &'static str,
    notice: Option<String>,
    deadline: Option<&'a str>,
    /// Key dates, `{date, event}` in date order. Nothing in it depends on the day of the
    /// build: the theme's script marks past dates and the next one with the reader's today.
    timeline: Vec<TimelineView>,
    /// Where an imported year came from.
    imported: Option<ImportedView>,
    idea_count: usize,
    /// The previous and next year of the same program.
    prev: Option<YearLink>,
    next: Option<YearLink>,
    /// The year's ideas' values, on its own page when the templates read them (see
    /// [`super::IdeaFragments`]).
    ideas: Vec<Value>,
    /// The year's table rows (HTML), on its own page.
    rows: Vec<Value>,
    /// The distinct values of the year's ideas, for the filter form (year page only).
    facets: Option<Facets>,
}

#[derive(Serialize)]
struct TimelineView {
    date: String,
    event: String,
}

#[derive(Serialize)]
struct ImportedView {
    from: String,
    /// Only an `http(s)` address becomes a link.
    url: Option<String>,
    revision: Option<String>,
    author: Option<String>,
}

#[derive(Serialize)]
struct YearLink {
    title: String,
    year: u16,
    url: String,
}

/// The view of year `i`, with its list of ideas on its own page (`list`), else without.
pub(super) fn year_view<'a>(
    site: &'a Site,
    i: usize,
    md: &markdown::Options,
    list: Option<IdeaList>,
) -> YearView<'a> {
    let y = &site.years[i];
    let fm = &y.doc.fm;
    let root = &site.config.root;
    let policy = site.config.emails;
    let program = &site.programs[y.program];
    let listed = list.is_some();
    let (ideas, rows) = list.map_or_else(Default::default, |l| (l.values, l.fragments));
    YearView {
        title: text(&fm.title, policy),
        program: text(fm.program.as_deref().unwrap_or(&program.title), policy),
        program_url: format!("{root}{}", program.path),
        year: y.year,
        url: format!("{root}{}", y.path),
        status: y.status.as_str(),
        notice: fm.notice.as_deref().map(|n| markdown::render_inline(n, md)),
        deadline: fm.deadline.as_deref(),
        timeline: {
            let mut t: Vec<TimelineView> = fm
                .timeline
                .iter()
                .map(|e| TimelineView {
                    date: text(&e.date, policy),
                    event: text(&e.event, policy),
                })
                .collect();
            // Stable: events of one day keep the order they were written in.
            t.sort_by(|a, b| a.date.cmp(&b.date));
            t
        },
        imported: fm.imported.as_ref().map(|i| ImportedView {
            from: text(&i.from, policy),
            url: i
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            revision: i.revision.as_deref().map(|r| text(r, policy)),
            author: i.author.as_deref().map(|a| text(a, policy)),
        }),
        idea_count: y.ideas.len(),
        prev: neighbour(site, i, 1),
        next: neighbour(site, i, -1),
        facets: (listed && !y.ideas.is_empty()).then(|| facets(site, i)),
        ideas,
        rows,
    }
}

/// A year as a heading over its ideas on term pages: what names and links it, not what
/// it holds. A term page lists ideas of many years; were the whole year in it (its count
/// of ideas, its neighbours), adding an idea to a year would change every term page that
/// lists any idea of that year, thousands of ideas long, where it changes a few.
#[derive(Serialize)]
pub(super) struct YearHeading {
    title: String,
    program: String,
    year: u16,
    url: String,
    status: &'static str,
}

/// Year `i`'s [`YearHeading`].
pub(super) fn year_heading(site: &Site, i: usize) -> YearHeading {
    let y = &site.years[i];
    let policy = site.config.emails;
    let program = &site.programs[y.program];
    YearHeading {
        title: text(&y.doc.fm.title, policy),
        program: text(
            y.doc.fm.program.as_deref().unwrap_or(&program.title),
            policy,
        ),
        year: y.year,
        url: format!("{}{}", site.config.root, y.path),
        status: y.status.as_str(),
    }
}

/// The year `step` places later in the program's newest-first list (1: the previous year,
/// -1: the next one).
fn neighbour(site: &Site, i: usize, step: isize) -> Option<YearLink> {
    let years = &site.programs[site.years[i].program].years;
    let at = years.iter().position(|&y| y == i)?;
    let j = *years.get(at.checked_add_signed(step)?)?;
    let y = &site.years[j];
    Some(YearLink {
        title: text(&y.doc.fm.title, site.config.emails),
        year: y.year,
        url: format!("{}{}", site.config.root, y.path),
    })
}
