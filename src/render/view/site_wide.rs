//! `site`, on every page: the site's title and its navigation; and `program`, each
//! program with its years, on its own page and (as `programs`) on the home page.

use serde::Serialize;
use tera::Value;

use super::scrub::text;
use crate::site::frontmatter::YearStatus;
use crate::site::model::{Program, Site};
use crate::util::fingerprint;

/// A link to a page: in the navigation, the breadcrumbs and "What links here".
#[derive(Serialize, Hash)]
pub(super) struct LinkView {
    pub(super) title: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: String,
    description: Option<String>,
    language: &'a str,
    base_url: &'a str,
    root: &'a str,
    programs: Vec<NavProgram<'a>>,
    pages: Vec<LinkView>,
    /// `{name, title, url}` of each taxonomy, for "browse by" navigation.
    taxonomies: Vec<TaxonomyLink<'a>>,
    generator: String,
    /// The script's words that differ from its own English ones, as JSON safe inside a
    /// `<script>` element; `None` on an English site.
    script_strings: Option<String>,
}

#[derive(Serialize)]
struct TaxonomyLink<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
}

/// A program as the navigation shows it: no counts, so adding an idea does not change
/// every page's sidebar.
#[derive(Serialize)]
struct NavProgram<'a> {
    name: &'a str,
    title: String,
    url: String,
    years: Vec<NavYear>,
    /// The program's current year: its newest year that is not a draft. Links to it never
    /// go stale: after a rollover (the new year is a draft) it is still last year's.
    current: Option<NavYear>,
}

#[derive(Serialize)]
struct NavYear {
    title: String,
    year: u16,
    url: String,
    status: &'static str,
}

#[derive(Serialize)]
pub(super) struct ProgramView<'a> {
    name: &'a str,
    title: String,
    url: String,
    years: Vec<Value>,
}

impl ProgramView<'_> {
    /// The view's fingerprint, given its years' (`year_hashes`): the years are Tera values
    /// (unordered maps), so they are hashed by their own hashes.
    pub(super) fn fingerprint(&self, year_hashes: Vec<u64>) -> u64 {
        fingerprint::of(&(self.name, &self.title, &self.url, year_hashes))
    }
}

/// The view of the whole site: what every page shows around its own content.
pub(super) fn site_view(site: &Site) -> SiteView<'_> {
    let root = site.config.root.as_str();
    let policy = site.config.emails;
    SiteView {
        title: text(&site.config.title, policy),
        description: site.config.description.as_deref().map(|d| text(d, policy)),
        language: &site.config.language,
        base_url: &site.config.base_url,
        root,
        programs: site.programs.iter().map(|p| nav_program(site, p)).collect(),
        pages: site
            .pages
            .iter()
            .map(|p| LinkView {
                title: text(&p.doc.fm.title, policy),
                url: format!("{root}{}", p.path),
            })
            .collect(),
        taxonomies: site
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| TaxonomyLink {
                name: &t.config.name,
                title: &t.config.title,
                url: format!("{root}{}", t.path),
            })
            .collect(),
        generator: format!("ideawiki {}", env!("CARGO_PKG_VERSION")),
        script_strings: site.config.strings.script_json(),
    }
}

fn nav_program<'a>(site: &Site, p: &'a Program) -> NavProgram<'a> {
    let root = site.config.root.as_str();
    NavProgram {
        name: &p.name,
        title: text(&p.title, site.config.emails),
        url: format!("{root}{}", p.path),
        years: p.years.iter().map(|&y| nav_year(site, y)).collect(),
        current: p
            .years
            .iter()
            .find(|&&y| site.years[y].status != YearStatus::Draft && !site.years[y].doc.fm.draft)
            .map(|&y| nav_year(site, y)),
    }
}

fn nav_year(site: &Site, y: usize) -> NavYear {
    let year = &site.years[y];
    NavYear {
        title: text(&year.doc.fm.title, site.config.emails),
        year: year.year,
        url: format!("{}{}", site.config.root, year.path),
        status: year.status.as_str(),
    }
}

/// The view of program `p`, with `years` (its years' values, newest first).
pub(super) fn program_view<'a>(site: &Site, p: &'a Program, years: Vec<Value>) -> ProgramView<'a> {
    ProgramView {
        name: &p.name,
        title: text(&p.title, site.config.emails),
        url: format!("{}{}", site.config.root, p.path),
        years,
    }
}
