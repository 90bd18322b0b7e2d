//! `ideawiki archive`: mark a year archived, editing only the lines of its `_index.md`
//! that change.

use std::path::{Path, PathBuf};

use crate::commands::files::{io_diag, read_raw, replace_file};
use crate::commands::front_matter_edit::{FrontMatterEdit, reparse, section_of, yaml_str};
use crate::commands::sections::Sections;
use crate::diag::Diagnostic;
use crate::site::frontmatter::YearStatus;
use crate::site::parse::Kind;

/// One changed line of an edited file, for the user to see what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ArchiveReport {
    /// The year section's `_index.md`, relative to the root.
    pub file: PathBuf,
    /// Empty when the year was already archived with that notice.
    pub changes: Vec<LineChange>,
}

/// Marks a year section `status: archived` and sets (or, with `Some("")`, removes) its
/// notice. Without a notice, a notice written for the open year ("Applications close on…")
/// would now be wrong, so it is removed and the theme's own "archived" banner shows instead;
/// a year that was already archived keeps its notice.
pub fn archive(
    root: &Path,
    program: Option<&str>,
    year: u16,
    notice: Option<&str>,
) -> Result<ArchiveReport, Vec<Diagnostic>> {
    let sections = Sections::scan(root);
    let program = sections.program(program).map_err(|d| vec![d])?;
    let section = sections.require(&program, year, false)?;
    let shown = section.index_file();
    let before = read_raw(root, &shown).map_err(|d| vec![d])?;
    let mut edit = FrontMatterEdit::new(before.clone()).ok_or_else(|| {
        vec![
            Diagnostic::error("no-front-matter", "cannot find the front matter to edit")
                .in_file(&shown)
                .with_help(
                    "the file must start with a `---` line and close its front matter with another",
                ),
        ]
    })?;
    edit.set(
        "status",
        YearStatus::Archived.as_str(),
        &["year", "program", "title"],
    );
    let was_archived = section.fm.status == Some(YearStatus::Archived);
    match notice.map(str::trim) {
        Some("") => {
            edit.remove("notice");
        }
        Some(text) => edit.set("notice", &yaml_str(text), &["status"]),
        None if !was_archived => {
            edit.remove("notice");
        }
        None => {}
    }
    let after = edit.into_text();
    let fm = reparse(&section.rel, &after, Kind::Section)
        .map(section_of)?
        .filter(|fm| {
            fm.status == Some(YearStatus::Archived)
                && fm.year == Some(year)
                && match notice.map(str::trim) {
                    Some("") => fm.notice.is_none(),
                    Some(n) => fm.notice.as_deref() == Some(n),
                    None => true,
                }
        });
    if fm.is_none() {
        return Err(vec![
            Diagnostic::error(
                "edit-failed",
                "the edit did not give the expected front matter, so the file was not changed",
            )
            .in_file(&shown)
            .with_help("set `status: archived` (and `notice:`) by hand"),
        ]);
    }
    let changes = line_changes(&before, &after);
    if !changes.is_empty() {
        replace_file(&root.join(&shown), &after).map_err(|e| vec![io_diag(&e, &shown)])?;
    }
    Ok(ArchiveReport {
        file: shown,
        changes,
    })
}

/// The lines that differ between two versions of a file whose edits only replace, add or
/// remove whole lines: the common head and tail are skipped.
pub(crate) fn line_changes(before: &str, after: &str) -> Vec<LineChange> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let old = &a[head..a.len() - tail];
    let new = &b[head..b.len() - tail];
    let mut out = Vec::new();
    for i in 0..old.len().max(new.len()) {
        out.push(LineChange {
            before: old.get(i).map(|s| (*s).to_string()),
            after: new.get(i).map(|s| (*s).to_string()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_changes_show_only_what_differs() {
        let c = line_changes("a\nb\nc\n", "a\nB\nx\nc\n");
        assert_eq!(
            c,
            [
                LineChange {
                    before: Some("b".into()),
                    after: Some("B".into())
                },
                LineChange {
                    before: None,
                    after: Some("x".into())
                },
            ]
        );
    }
}
