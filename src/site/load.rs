//! Input discovery: which files under `content/` (and the other input folders) make up
//! the site.
//!
//! The walk is sorted so output never depends on directory order, skips what editors
//! leave behind and hidden files, and refuses symlinks that loop, lead outside the site or
//! into a hidden folder, so no input folder can pull in files from elsewhere on the
//! machine or from `.git/`.

use crate::site::layout::{CONFIG_FILE, CONTENT_DIR};
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::Diagnostic;

/// One file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators: the key of the file everywhere
    /// (URLs derive from it, the serve watcher maps events to it).
    pub rel: String,
    /// Where to read it.
    pub path: PathBuf,
}

impl SourceFile {
    /// The path as the user sees it, relative to the site root (`content/gsoc/x.md`).
    pub fn shown(&self) -> PathBuf {
        Path::new(CONTENT_DIR).join(&self.rel)
    }

    pub fn is_markdown(&self) -> bool {
        self.rel.ends_with(".md")
    }
}

/// Names that editors and tools create next to real files: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Walks `root/content`. Returns every file, sorted by `rel`, and the problems found.
pub fn discover(root: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        let d = not_a_site(root).unwrap_or_else(|| {
            Diagnostic::error("no-content", "the site has no `content/` folder")
                .in_file(CONTENT_DIR)
                .with_help(
                    "run ideawiki in a site folder, pass `--root DIR`, or create `content/_index.md`",
                )
        });
        return (Vec::new(), vec![d]);
    }
    walk_inputs(root, &content)
}

/// Walks one folder of the site's inputs (`content/`, `static/`, a theme's `templates/`):
/// every file, sorted by `rel` (relative to `dir`), and the problems found. One rule for
/// every input folder, since each one's files end up on the site: a symbolic link may
/// lead only inside the site and never into a hidden folder such as `.git/` (where CI
/// checkouts keep tokens), `dir` itself included; what editors leave behind and hidden
/// files are skipped; a link that is not followed is reported, never skipped silently.
pub fn walk_inputs(root: &Path, dir: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let canonical_root = match root.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            diags.push(Diagnostic::error(
                "io",
                format!("cannot read the site folder: {e}"),
            ));
            return (files, diags);
        }
    };
    if dir.is_symlink()
        && let Some(d) = link_problem(root, &canonical_root, dir)
    {
        return (files, vec![d]);
    }
    let mut walk = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && is_ignored_name(&name) {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        let path = entry.path();
        if entry.depth() > 0
            && entry.path_is_symlink()
            && let Some(d) = link_problem(root, &canonical_root, path)
        {
            diags.push(d);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        match input_file(root, rel, path) {
            Ok(file) => files.push(file),
            Err(d) => diags.push(d),
        }
    }
    files.sort();
    (files, diags)
}

/// The file at `path` (`rel` inside its input folder), or why its name cannot be used.
fn input_file(root: &Path, rel: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let refuse = |message: &str| {
        Diagnostic::error("file-name", message.to_string())
            .in_file(crate::diag::display_path(root, path))
            .with_help("rename the file using letters, digits, `-`, `_` and `.`")
    };
    match rel_string(rel) {
        Some(rel) if rel.contains(|c: char| c.is_control()) => Err(refuse(
            "this file name holds a line break or another control character",
        )),
        Some(rel) => Ok(SourceFile {
            rel,
            path: path.to_path_buf(),
        }),
        None => Err(refuse("this file name is not valid UTF-8")),
    }
}

/// Why `root` is no site at all, if it is not: no such folder, or one with neither a
/// `content/` folder nor a config. Said first, and alone: a command run in the wrong
/// folder is told so, not given the errors (or a preview) of a site that never was.
pub(crate) fn not_a_site(root: &Path) -> Option<Diagnostic> {
    let why = if !root.is_dir() {
        "there is no such folder".to_string()
    } else if !root.join(CONTENT_DIR).exists() && !root.join(CONFIG_FILE).exists() {
        format!("it has no `{CONTENT_DIR}/` folder and no `{CONFIG_FILE}`")
    } else {
        return None;
    };
    let (name, init) = if root == Path::new(".") {
        ("this folder".to_string(), "`ideawiki init`".to_string())
    } else {
        let shown = root.display();
        (format!("`{shown}`"), format!("`ideawiki init {shown}`"))
    };
    Some(
        Diagnostic::error(
            "not-a-site",
            format!("{name} is not an ideawiki site: {why}"),
        )
        .with_help(format!(
            "run ideawiki in a site folder, pass `--root DIR`, or make a site with {init}"
        )),
    )
}

/// What a failed step of the walk means, for a mentor.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let shown = e
        .path()
        .map(|p| crate::diag::display_path(root, p))
        .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
    let d = if e.loop_ancestor().is_some() {
        Diagnostic::error(
            "symlink-loop",
            "this symbolic link leads back into a folder that contains it",
        )
        .with_help("remove the link or point it at a file; ideawiki does not follow link loops")
    } else {
        Diagnostic::error("io", format!("cannot read: {e}"))
            .with_help("check that the link points at an existing file and that it is readable")
    };
    d.in_file(shown)
}

/// Why the symbolic link at `path` may not be followed: it leads outside the site, into
/// one of its hidden folders, or nowhere. Other links inside the site are fine. Asked of
/// a path with a link anywhere on its way, it answers for where the path leads.
pub(crate) fn link_problem(root: &Path, canonical_root: &Path, path: &Path) -> Option<Diagnostic> {
    let shown = crate::diag::display_path(root, path);
    let target = match path.canonicalize() {
        Ok(target) => target,
        Err(e) => {
            return Some(
                Diagnostic::error(
                    "symlink-broken",
                    format!("cannot follow this symbolic link: {e}"),
                )
                .in_file(shown)
                .with_help("fix or remove the link"),
            );
        }
    };
    let Ok(inside) = target.strip_prefix(canonical_root) else {
        return Some(
            Diagnostic::error(
                "symlink-outside",
                format!(
                    "this symbolic link leads outside the site, to {}",
                    target.display()
                ),
            )
            .in_file(shown)
            .with_help(
                "copy the file into the site instead; links may only point inside the site folder",
            ),
        );
    };
    let hidden = inside
        .components()
        .find(|c| c.as_os_str().to_string_lossy().starts_with('.'))?;
    Some(
        Diagnostic::error(
            "symlink-hidden",
            format!(
                "this symbolic link leads into the hidden folder `{}`, which is never published",
                hidden.as_os_str().to_string_lossy()
            ),
        )
        .in_file(shown)
        .with_help("remove the link; hidden folders such as `.git/` can hold secrets"),
    )
}

/// `a/b/c.md` with `/` separators on every platform.
fn rel_string(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Reads a source file as text: rejects invalid UTF-8 with the line of the first bad byte,
/// drops a UTF-8 BOM and turns CRLF into LF so positions match what editors show.
pub fn read_text(file: &SourceFile) -> Result<String, Diagnostic> {
    let bytes = crate::util::fsutil::read(&file.path)
        .map_err(|e| Diagnostic::error("io", e.to_string()).in_file(file.shown()))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = bytes[..good]
                .iter()
                .rev()
                .take_while(|&&b| b != b'\n')
                .count()
                + 1;
            return Err(Diagnostic::error(
                "encoding",
                format!("this file is not valid UTF-8 (byte {good})"),
            )
            .in_file(file.shown())
            .at(crate::diag::Location {
                line,
                column,
                span: good..good + 1,
            })
            .with_help(
                "save the file as UTF-8; most editors have an \"encoding\" option when saving",
            ));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for n in [
            ".#idea.md",
            "idea.md~",
            ".idea.md.swp",
            "4913",
            "#idea.md#",
            ".git",
        ] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("idea.md"));
    }
}
