//! `ideawiki theme eject`: the built-in theme's templates and static files, copied into the
//! site's `templates/` and `static/`, where they replace the built-in ones by name. For a
//! user who installed the binary and has no `themes/wiki/` folder to copy from.
//!
//! Nothing is ever overwritten: if one target exists, nothing is written.

use std::path::{Path, PathBuf};

use crate::commands::files::{io_error, write_new};
use crate::diag::Diagnostic;
use crate::render::theme::{EMBEDDED_STATIC, EMBEDDED_TEMPLATES};
use crate::site::layout::{STATIC_DIR, TEMPLATES_DIR};
use crate::site::yaml::nearest;

/// One built-in file: where it goes in the site, and its text as written (with the
/// comments that explain it).
struct ThemeFile {
    name: &'static str,
    rel: PathBuf,
    text: &'static str,
}

fn theme_files() -> Vec<ThemeFile> {
    let templates = EMBEDDED_TEMPLATES.iter().map(|(name, text)| ThemeFile {
        name,
        rel: Path::new(TEMPLATES_DIR).join(name),
        text,
    });
    let statics = EMBEDDED_STATIC.iter().filter_map(|(name, bytes)| {
        Some(ThemeFile {
            name,
            rel: Path::new(STATIC_DIR).join(name),
            text: std::str::from_utf8(bytes).ok()?,
        })
    });
    templates.chain(statics).collect()
}

/// Copies the built-in files named in `names` (all of them when empty) into the site at
/// `root`; returns the paths written, relative to `root`.
pub fn eject(root: &Path, names: &[String]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let all = theme_files();
    let mut chosen: Vec<&ThemeFile> = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        // `idea.html`, `templates/idea.html` and `static/style.css` all name a file.
        let bare = name
            .trim_start_matches("./")
            .trim_start_matches("templates/")
            .trim_start_matches("static/");
        match all.iter().find(|f| f.name == bare) {
            Some(f) if !chosen.iter().any(|c| c.name == f.name) => chosen.push(f),
            Some(_) => {}
            None => {
                let hint = nearest(bare, all.iter().map(|f| f.name))
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                let names: Vec<&str> = all.iter().map(|f| f.name).collect();
                problems.push(
                    Diagnostic::error("usage", format!("the built-in theme has no file `{name}`"))
                        .with_help(format!("{hint}its files are {}", names.join(", "))),
                );
            }
        }
    }
    if names.is_empty() {
        chosen = all.iter().collect();
    }
    for f in &chosen {
        if root.join(&f.rel).exists() {
            problems.push(
                Diagnostic::error(
                    "exists",
                    format!("{} exists already", f.rel.display()),
                )
                .with_help(
                    "nothing was written: name only the files you have not changed yet, such as `ideawiki theme eject idea.html`",
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut written = Vec::with_capacity(chosen.len());
    for f in chosen {
        match write_new(&root.join(&f.rel), f.text) {
            Ok(true) => written.push(f.rel.clone()),
            Ok(false) => {
                return Err(vec![Diagnostic::error(
                    "exists",
                    format!(
                        "{} appeared while copying; it was left as it is",
                        f.rel.display()
                    ),
                )]);
            }
            Err(e) => return Err(vec![io_error(&e)]),
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eject_copies_what_is_named_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let written = eject(dir.path(), &["idea.html".into(), "static/style.css".into()]).unwrap();
        assert_eq!(
            written,
            [
                Path::new("templates/idea.html"),
                Path::new("static/style.css")
            ]
        );
        let css = std::fs::read_to_string(dir.path().join("static/style.css")).unwrap();
        assert!(css.contains("/*"), "the copy keeps its comments");
        let again = eject(dir.path(), &[]).unwrap_err();
        assert!(
            again
                .iter()
                .any(|d| d.message == "templates/idea.html exists already")
        );
        assert!(
            !dir.path().join("templates/year.html").exists(),
            "nothing written"
        );
        let unknown = eject(dir.path(), &["ideas.html".into()]).unwrap_err();
        assert_eq!(
            unknown[0]
                .help
                .as_deref()
                .map(|h| h.starts_with("did you mean `idea.html`?")),
            Some(true)
        );
    }
}
