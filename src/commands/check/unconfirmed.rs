//! Ideas awaiting their mentor's confirmation (`confirmed: false`, which `rollover` writes):
//! listed per mentor, so an admin knows whom to ask, and a warning for a year opened while
//! it still has some.
//!
//! The list reads the files themselves, not the model: a rolled-over year is a draft, which
//! the model leaves out unless `--drafts`, and its ideas are the ones to list.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::commands::sections::Sections;
use crate::diag::{Diagnostic, Severity};
use crate::site::frontmatter::YearStatus;
use crate::site::load;
use crate::site::model::Site;
use crate::site::parse::{self, FrontMatter, Kind};

/// What a mentor has not confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconfirmed {
    /// The mentor's name, or `None` for ideas that name no mentor.
    pub mentor: Option<String>,
    /// The idea files, relative to the site root, in path order.
    pub files: Vec<PathBuf>,
}

/// Every mentor with an unconfirmed idea in some year section, by name.
pub(super) fn by_mentor(root: &std::path::Path) -> Vec<Unconfirmed> {
    let sections = Sections::scan(root);
    let (files, _) = load::discover(root);
    let mut by: BTreeMap<Option<String>, Vec<PathBuf>> = BTreeMap::new();
    for f in files.iter().filter(|f| {
        f.is_markdown()
            && !parse::is_section_file(&f.rel)
            && sections
                .years
                .iter()
                .any(|y| y.dir == parse::parent_dir(&f.rel))
    }) {
        let Some(FrontMatter::Idea(fm)) = parse::front_matter_file(f, Kind::Idea).0 else {
            continue;
        };
        if fm.confirmed || fm.draft {
            continue;
        }
        if fm.mentors.is_empty() {
            by.entry(None).or_default().push(f.shown());
        }
        for m in &fm.mentors {
            by.entry(Some(m.name.clone())).or_default().push(f.shown());
        }
    }
    by.into_iter()
        .map(|(mentor, mut files)| {
            files.sort();
            files.dedup();
            Unconfirmed { mentor, files }
        })
        .collect()
}

/// A warning at each open year's `status:` whose ideas are not all confirmed: students
/// would read ideas that nobody has said still hold.
pub(super) fn lint_open_years(site: &Site, diags: &mut Vec<Diagnostic>) {
    for year in site.years.iter().filter(|y| y.status == YearStatus::Open) {
        let waiting = year
            .ideas
            .iter()
            .filter(|&&i| !site.ideas[i].doc.fm.confirmed)
            .count();
        if waiting == 0 {
            continue;
        }
        let mut d = year.doc.key_error(
            "unconfirmed-ideas",
            "status",
            format!(
                "{} is open, but {} await{} the mentor's confirmation",
                year.year,
                crate::util::text::plural(waiting, "idea", "ideas"),
                if waiting == 1 { "s" } else { "" }
            ),
            "ask the mentors listed below to confirm (`ideawiki confirm FILE`), or set `status: draft` until they have",
        );
        d.severity = Severity::Warning;
        diags.push(d);
    }
}
