//! `ideawiki confirm`: a mentor says that an idea a rollover copied still holds, by
//! removing its `confirmed:` line (the line rollover added; `confirmed: true` goes too).
//! Only that line changes. Only idea files inside the site's `content/` are edited.

use std::path::{Path, PathBuf};

use crate::commands::files::{io_diag, read_raw, replace_file};
use crate::commands::front_matter_edit::{FrontMatterEdit, reparse};
use crate::diag::Diagnostic;
use crate::site::layout::CONTENT_DIR;
use crate::site::parse::{self, FrontMatter, Kind};

/// What `confirm` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// `false` when it had no `confirmed:` line: nothing to do.
    pub changed: bool,
}

/// Confirms the ideas at `paths` (as the user gave them: relative to the current folder,
/// or absolute). Every file is checked before any is written, so a bad path changes
/// nothing.
pub fn confirm(root: &Path, paths: &[PathBuf]) -> Result<Vec<Confirmed>, Vec<Diagnostic>> {
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match plan(root, path) {
            Ok(e) => edits.push(e),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut done = Vec::new();
    for (shown, text) in edits {
        let changed = text.is_some();
        if let Some(text) = text {
            replace_file(&root.join(&shown), &text).map_err(|e| vec![io_diag(&e, &shown)])?;
        }
        done.push(Confirmed {
            file: shown,
            changed,
        });
    }
    Ok(done)
}

/// The file's path relative to the root, and its new text (`None`: already confirmed).
fn plan(root: &Path, path: &Path) -> Result<(PathBuf, Option<String>), Vec<Diagnostic>> {
    let rel = inside_content(root, path)?;
    let shown = Path::new(CONTENT_DIR).join(&rel);
    let raw = read_raw(root, &shown).map_err(|d| vec![d])?;
    let Some(mut edit) = FrontMatterEdit::new(raw) else {
        return Err(vec![
            Diagnostic::error("no-front-matter", "cannot find the front matter").in_file(&shown),
        ]);
    };
    if !edit.remove("confirmed") {
        return Ok((shown, None));
    }
    let text = edit.into_text();
    match reparse(&rel, &text, Kind::Idea)? {
        FrontMatter::Idea(fm) if fm.confirmed => Ok((shown, Some(text))),
        _ => Err(vec![
            Diagnostic::error("edit-failed", "could not remove the `confirmed:` line")
                .in_file(&shown)
                .with_help("delete the line `confirmed: false` by hand"),
        ]),
    }
}

/// `path` relative to `content/`, when it names an idea file inside it (symbolic links
/// followed): anything else is refused.
fn inside_content(root: &Path, path: &Path) -> Result<String, Vec<Diagnostic>> {
    let refuse = |why: &str| {
        vec![
            Diagnostic::error("usage", format!("{}: {why}", path.display())).with_help(format!(
                "name an idea's file, such as `{CONTENT_DIR}/gsoc/2027/my-idea.md`"
            )),
        ]
    };
    let content = root
        .join(CONTENT_DIR)
        .canonicalize()
        .map_err(|_| refuse("this site has no content/ folder"))?;
    let file = path
        .canonicalize()
        .map_err(|e| refuse(&format!("cannot open it: {e}")))?;
    let rel = file
        .strip_prefix(&content)
        .map_err(|_| refuse("it is not inside the site's content/ folder"))?;
    let rel = rel
        .to_str()
        .ok_or_else(|| refuse("its name is not UTF-8"))?
        .replace('\\', "/");
    if !file.is_file() || !rel.ends_with(".md") || parse::is_section_file(&rel) {
        return Err(refuse("it is not an idea's Markdown file"));
    }
    Ok(rel)
}
