//! Which folders a build may write to: a build replaces what its output folder holds, so
//! it must never be pointed at the site itself, and never take over a folder it did not
//! make.

use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;

/// Marks a folder as ideawiki output, so a build never replaces a folder it did not make.
/// Its text never changes, so it is uploaded once.
pub(super) const MARKER: &str = ".ideawiki-output";

pub(super) const MARKER_TEXT: &str = "This folder is written by ideawiki build: each build \
updates it and removes the files it no longer makes, so keep nothing else here.\n";

/// Refuses to take over `output` when it is a non-empty folder that ideawiki did not create.
pub(super) fn claim(output: &Path) -> Result<(), Diagnostic> {
    if output.exists() && !is_ideawiki_output(output) {
        return Err(Diagnostic::error(
            "output-not-ours",
            format!("the output folder {} exists and was not made by ideawiki", output.display()),
        )
        .with_help("ideawiki replaces its output folder on every build: move that folder away, or pass another `--output`"));
    }
    Ok(())
}

fn is_ideawiki_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Whether the marker in `output` holds this version's text; an output written by an older
/// ideawiki had the manifest in its marker, and gets a plain one.
pub(super) fn marker_is_current(output: &Path) -> bool {
    std::fs::read_to_string(output.join(MARKER)).is_ok_and(|t| t == MARKER_TEXT)
}

/// Refuses output folders that would destroy the site: the root, an ancestor of it, the
/// content or theme folders, or `/`.
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            "bad-output",
            format!("refusing to write the site to {}: {why}", output.display()),
        )
        .with_help("choose a separate folder for the output, such as `public`"))
    };
    if out.parent().is_none() {
        return refuse("it is the file system root");
    }
    if out == root {
        return refuse("it is the site folder itself");
    }
    if root.starts_with(&out) {
        return refuse("it contains the site folder");
    }
    for sub in crate::site::layout::INPUT_DIRS {
        if out.starts_with(root.join(sub)) {
            return refuse(&format!("it is the `{sub}/` folder or inside it"));
        }
    }
    Ok(())
}

/// An absolute, normalised path, resolving symlinks of the part that exists.
pub(super) fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve the longest existing prefix, so `public -> /` style links are seen for what
    // they are.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        resolved.push(n);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Staging;

    #[test]
    fn dangerous_outputs_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir(root.join("content")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/x"),
            root.join(".."),
            PathBuf::from("/"),
        ] {
            assert!(check_output(root, &bad).is_err(), "{}", bad.display());
        }
        assert!(check_output(root, &root.join("public")).is_ok());
    }

    #[test]
    fn a_foreign_folder_is_not_replaced() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "x").unwrap();
        assert_eq!(
            Staging::new(site.path(), &out).err().map(|d| d.code),
            Some("output-not-ours")
        );
    }
}
