//! `check`: everything `build` validates, without writing anything, plus the lints that
//! only matter to the people editing the site.
//!
//! The site is rendered by the same engine as `build` (into a sink that only lists the
//! outputs), so template errors surface too and the set
//! of outputs a link may point at is exactly what the build would write. On top of that:
//! links in Markdown bodies that lead nowhere, linked images and files that are missing
//! ([`internal_links`]), ideas that share a title within a year, ideas that name no mentor
//! or no skills (Google's guide for GSoC ideas pages asks for both), and open years whose
//! deadline has passed ([`lints`]); per mentor, the ideas a rollover copied that they have
//! not confirmed yet, and open years that have such ideas ([`unconfirmed`]). With `--external`, also `http(s)` links and mentors'
//! URLs that no longer answer ([`external_uses`], asking through [`external`]).

mod documents;
pub mod external;
mod external_uses;
mod internal_links;
mod lints;
mod report;
mod unconfirmed;

use std::collections::BTreeSet;

use crate::commands::sections::Sections;
use crate::diag::Diagnostic;
use crate::engine::{Engine, ListingSink, Loaded};
use crate::options::BuildOptions;
use crate::site::frontmatter::YearStatus;
use crate::util::date::Date;
use documents::documents;
use lints::{lint_deadlines, lint_ideas};
pub use report::CheckReport;
pub use unconfirmed::Unconfirmed;

/// Checks the site. `today` decides whether a deadline has passed; it is a parameter so
/// the answer does not depend on when a test runs.
pub fn check(opts: &BuildOptions, today: Date) -> CheckReport {
    check_with(opts, today, None)
}

/// [`check`], and with `external` set, also asks the servers behind external links.
/// Without it, nothing touches the network.
pub fn check_with(
    opts: &BuildOptions,
    today: Date,
    external: Option<&external::Settings>,
) -> CheckReport {
    let mut diags = Vec::new();
    if let Err(d) = crate::output::check_output(&opts.root, &opts.output_dir()) {
        diags.push(d);
    }
    let mut engine = Engine::once_with_texts(opts.clone());
    let mut loaded = match engine.load() {
        Ok(l) => l,
        Err(failure) => {
            diags.extend(failure.diagnostics);
            return CheckReport::new(diags, 0, false, None);
        }
    };
    let outputs = render_in_memory(&mut engine, &mut loaded, &mut diags);
    let site = &loaded.site;
    let docs = documents(site);
    let draft_years: Vec<String> = Sections::scan(&opts.root)
        .years
        .into_iter()
        .filter(|y| y.fm.status == Some(YearStatus::Draft) || y.fm.draft)
        .filter(|_| !opts.drafts)
        .map(|y| y.dir)
        .collect();
    internal_links::check_all(site, &docs, &outputs, &draft_years, &mut diags);
    lint_ideas(site, &mut diags);
    lint_deadlines(site, today, &mut diags);
    unconfirmed::lint_open_years(site, &mut diags);
    diags.extend(crate::commands::build::localhost_warning(opts));
    let external_urls =
        external.map(|settings| external_uses::check_all(site, &docs, settings, &mut diags));
    let pages = site.page_refs().len();
    let mut report = CheckReport::new(diags, pages, loaded.used_default_config, external_urls);
    report.unconfirmed = unconfirmed::by_mentor(&opts.root);
    report
}

/// Renders the loaded site as `build` would, into memory, adding what went wrong to
/// `diags`. Returns every path a link may point at: the pages, static files and assets.
fn render_in_memory(
    engine: &mut Engine,
    loaded: &mut Loaded,
    diags: &mut Vec<Diagnostic>,
) -> BTreeSet<String> {
    let sink = ListingSink::default();
    match engine.render(loaded, &sink, true) {
        Ok(stats) => diags.extend(stats.warnings),
        // Render errors and the load warnings, together.
        Err(failure) => diags.extend(failure.diagnostics),
    }
    let site = &loaded.site;
    // A page whose template failed is missing from the sink, but links to it are fine:
    // its template is what needs fixing.
    let mut outputs: BTreeSet<String> = sink.into_paths();
    outputs.extend(site.page_refs().into_iter().map(|p| site.output_path(p)));
    outputs.extend(loaded.theme.statics.keys().cloned());
    outputs.extend(site.assets.iter().map(|a| a.rel.clone()));
    outputs
}
