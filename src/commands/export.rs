//! `ideawiki export`: the ideas as one row each, for a program's dashboard or a
//! spreadsheet, printed (never written into the output folder, so `--emails plain` cannot
//! publish an address).
//!
//! CSV is RFC 4180 through the `csv` crate; a cell a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`,
//! since idea files come from strangers. JSON carries lists as lists and no such prefix.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::engine::Engine;
use crate::options::BuildOptions;
pub use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::model::Site;

/// What `export` is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// One idea, as exported.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub program: String,
    pub year: u16,
    pub title: String,
    pub url: String,
    pub project: String,
    pub mentors: Vec<String>,
    /// One per mentor, in the same order, as the email policy shows them: obfuscated,
    /// left out, or plain; empty where a mentor gives none.
    pub mentor_emails: Vec<String>,
    /// One per mentor, in the same order: the GitHub user name, or empty.
    pub mentor_github: Vec<String>,
    pub size_hours: Option<u32>,
    pub difficulty: String,
    pub skills: Vec<String>,
    pub status: String,
    pub students: Vec<String>,
    /// `false` while the idea awaits its mentor's confirmation after a rollover.
    pub confirmed: bool,
}

/// The column names of the CSV, in order.
pub const COLUMNS: &[&str] = &[
    "program",
    "year",
    "title",
    "url",
    "project",
    "mentors",
    "mentor_emails",
    "mentor_github",
    "size_hours",
    "difficulty",
    "skills",
    "status",
    "students",
    "confirmed",
];

/// The ideas of the site at `opts` (of `year` only, if given), with emails shown as
/// `emails` says, or as the site's config does.
pub fn rows(
    opts: &BuildOptions,
    year: Option<u16>,
    emails: Option<EmailPolicy>,
) -> Result<Vec<Row>, Vec<Diagnostic>> {
    let loaded = Engine::once(opts.clone())
        .load()
        .map_err(|f| f.diagnostics)?;
    Ok(site_rows(&loaded.site, year, emails))
}

fn site_rows(site: &Site, year: Option<u16>, emails: Option<EmailPolicy>) -> Vec<Row> {
    let policy = emails.unwrap_or(site.config.emails);
    let mut rows = Vec::new();
    for y in site
        .years
        .iter()
        .filter(|y| year.is_none_or(|want| y.year == want))
    {
        let program = &site.programs[y.program];
        for &i in &y.ideas {
            let idea = &site.ideas[i];
            let fm = &idea.doc.fm;
            rows.push(Row {
                program: y
                    .doc
                    .fm
                    .program
                    .clone()
                    .unwrap_or_else(|| program.title.clone()),
                year: y.year,
                title: fm.title.clone(),
                url: format!("{}{}", site.config.base_url, idea.path),
                project: fm.project.clone().unwrap_or_default(),
                mentors: fm.mentors.iter().map(|m| m.name.clone()).collect(),
                mentor_emails: fm
                    .mentors
                    .iter()
                    .map(|m| {
                        m.email
                            .as_deref()
                            .and_then(|e| email::display(e, policy))
                            .unwrap_or_default()
                    })
                    .collect(),
                mentor_github: fm
                    .mentors
                    .iter()
                    .map(|m| m.github_handle().unwrap_or_default().to_string())
                    .collect(),
                size_hours: fm.size.map(|s| s.hours()),
                difficulty: fm.difficulty.map(|d| d.as_str()).unwrap_or_default().into(),
                skills: fm.skills.clone(),
                status: idea.status.map(|s| s.as_str()).unwrap_or_default().into(),
                students: fm.students.clone(),
                confirmed: fm.confirmed,
            });
        }
    }
    rows
}

/// The rows as text in `format`.
pub fn render(rows: &[Row], format: Format) -> Result<String, Diagnostic> {
    let failed = |e: String| Diagnostic::error("export", format!("cannot write the export: {e}"));
    match format {
        Format::Json => serde_json::to_string_pretty(rows)
            .map(|s| s + "\n")
            .map_err(|e| failed(e.to_string())),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(COLUMNS).map_err(|e| failed(e.to_string()))?;
            for r in rows {
                let list = |l: &[String]| l.join("; ");
                let record = [
                    r.program.clone(),
                    r.year.to_string(),
                    r.title.clone(),
                    r.url.clone(),
                    r.project.clone(),
                    list(&r.mentors),
                    list(&r.mentor_emails),
                    list(&r.mentor_github),
                    r.size_hours.map(|h| h.to_string()).unwrap_or_default(),
                    r.difficulty.clone(),
                    list(&r.skills),
                    r.status.clone(),
                    list(&r.students),
                    r.confirmed.to_string(),
                ];
                w.write_record(record.iter().map(|c| defuse(c)))
                    .map_err(|e| failed(e.to_string()))?;
            }
            let bytes = w.into_inner().map_err(|e| failed(e.to_string()))?;
            String::from_utf8(bytes).map_err(|e| failed(e.to_string()))
        }
    }
}

/// A cell a spreadsheet would not run as a formula.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("Jane"), "Jane");
    }
}
