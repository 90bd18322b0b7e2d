//! Lints on the ideas and years themselves: what a student would miss on the page, and
//! what an editor forgot to update.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{self, Diagnostic, Severity};
use crate::site::frontmatter::YearStatus;
use crate::site::model::{Site, Year};
use crate::util::date::Date;

/// Duplicate titles in a year; missing mentors and skills on ideas of years still being
/// filled in (draft or open). Closed and archived years are history: nobody will fix them,
/// so warnings about them would only drown the ones that matter.
pub(super) fn lint_ideas(site: &Site, diags: &mut Vec<Diagnostic>) {
    for year in &site.years {
        duplicate_titles(site, year, diags);
        if matches!(year.status, YearStatus::Open | YearStatus::Draft) {
            missing_mentors_and_skills(site, year, diags);
        }
    }
}

/// Each idea of `year` whose title an earlier idea of the year has, ignoring case.
fn duplicate_titles(site: &Site, year: &Year, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for &i in &year.ideas {
        let doc = &site.ideas[i].doc;
        let key = doc.fm.title.trim().to_lowercase();
        match seen.get(&key) {
            Some(first) => diags.push(warning_at(
                doc,
                "duplicate-title",
                "title",
                format!(
                    "another idea of {} has the same title: {}",
                    year.year,
                    first.display()
                ),
                "give each idea its own title, so students can tell them apart in the table",
            )),
            None => {
                seen.insert(key, doc.shown());
            }
        }
    }
}

/// Each idea of `year` that names no mentor, and each that lists no skills.
fn missing_mentors_and_skills(site: &Site, year: &Year, diags: &mut Vec<Diagnostic>) {
    for &i in &year.ideas {
        let doc = &site.ideas[i].doc;
        if doc.fm.mentors.is_empty() {
            diags.push(warning_at(
                doc,
                "no-mentor",
                "mentors",
                "this idea names no mentor".into(),
                "add `mentors:` with at least one name: students need someone to contact",
            ));
        }
        if doc.fm.skills.is_empty() {
            diags.push(warning_at(
                doc,
                "no-skills",
                "skills",
                "this idea lists no skills".into(),
                "add `skills:`, such as `[C, Git]`, so students can tell whether it fits them",
            ));
        }
    }
}

/// An open year whose deadline has passed is almost always a year someone forgot to close.
pub(super) fn lint_deadlines(site: &Site, today: Date, diags: &mut Vec<Diagnostic>) {
    for year in &site.years {
        let Some(deadline) = year.doc.fm.deadline.as_deref().and_then(Date::parse) else {
            continue;
        };
        if year.status == YearStatus::Open && deadline < today {
            diags.push(warning_at(
                &year.doc,
                "deadline-passed",
                "deadline",
                format!("the deadline {deadline} has passed, but {} is still open", year.year),
                &format!(
                    "set `status: closed` once applications are over (or run `ideawiki archive {}` when the year is done), or correct the deadline",
                    year.year
                ),
            ));
        }
    }
}

/// A warning pointing at a top-level key of `doc`, or at the opening `---` when the key is
/// missing (that is where it would be added).
fn warning_at<F>(
    doc: &crate::site::parse::Doc<F>,
    code: &'static str,
    key: &str,
    message: String,
    help: &str,
) -> Diagnostic {
    let mut d = doc.key_error(code, key, message, help);
    d.severity = Severity::Warning;
    if d.location.is_none() {
        d = d.at(diag::location(&doc.source, 0..3.min(doc.source.len())));
    }
    d
}
