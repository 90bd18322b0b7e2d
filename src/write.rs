//! Write: output goes to a staging folder beside the output, swapped in only when the whole
//! build succeeded.
//!
//! A failed build therefore leaves the last good site untouched (no half-written site, no
//! 404s for a browser that reloads mid-build), and a successful one leaves no stale files.
//! Files whose bytes did not change are hard-linked from the previous output instead of
//! rewritten, so their mtimes stay put and rsync-style deploys upload only what changed.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;
use crate::fsutil;

/// Marks a folder as ideawiki output, so a build never replaces a folder it did not make.
pub const MARKER: &str = ".ideawiki-output";

pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
}

/// Counts of what a commit did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

impl Staging {
    /// A fresh staging folder next to `output`. Refuses to take over a non-empty folder that
    /// ideawiki did not create.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        if output.exists() && !is_ideawiki_output(output) {
            return Err(Diagnostic::error(
                "output-not-ours",
                format!("the output folder {} exists and was not made by ideawiki", output.display()),
            )
            .with_help("ideawiki replaces its output folder on every build: move that folder away, or pass another `--output`"));
        }
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fsutil::create_dir_all(&parent).map_err(io_diag)?;
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                io_diag(io::Error::new(
                    e.kind(),
                    format!(
                        "cannot create a staging folder in {}: {e}",
                        parent.display()
                    ),
                ))
            })?;
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
        };
        staging
            .write(
                MARKER,
                b"This folder is written by ideawiki build and replaced on every build.\n",
            )
            .map_err(io_diag)?;
        Ok(staging)
    }

    /// Where `rel` goes inside the staging folder; `rel` must stay inside it.
    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        let p = Path::new(rel);
        if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        Ok(self.dir.path().join(p))
    }

    /// Writes `bytes` at `rel`; returns whether the file differs from the previous output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<bool> {
        let target = self.target(rel)?;
        if let Some(parent) = target.parent() {
            fsutil::create_dir_all(parent)?;
        }
        let previous = self.output.join(rel);
        if same_bytes(&previous, bytes) && std::fs::hard_link(&previous, &target).is_ok() {
            return Ok(false);
        }
        fsutil::write(&target, bytes)?;
        Ok(true)
    }

    /// Copies a file from disk to `rel`.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<bool> {
        let bytes = fsutil::read(from)?;
        self.write(rel, &bytes)
    }

    /// Swaps the staging folder in place of the output.
    pub fn commit(self) -> io::Result<()> {
        let staged = self.dir.keep();
        let old = if self.output.exists() {
            let parent = staged.parent().unwrap_or(Path::new("."));
            let old = tempfile::Builder::new()
                .prefix(".old-output-")
                .tempdir_in(parent)?
                .keep();
            let old_site = old.join("site");
            fsutil::rename(&self.output, &old_site)?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = fsutil::rename(&staged, &self.output) {
            // Put the previous output back so the user keeps a working site.
            if let Some(old) = &old {
                let _ = std::fs::rename(old.join("site"), &self.output);
                let _ = std::fs::remove_dir_all(old);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        if let Some(old) = old {
            let _ = fsutil::remove_dir_all(&old);
        }
        Ok(())
    }
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

fn is_ideawiki_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

pub fn io_diag(e: io::Error) -> Diagnostic {
    Diagnostic::error("io", e.to_string())
        .with_help("check the folder's permissions and free disk space")
}

/// Refuses output folders that would destroy the site: the root, an ancestor of it, the
/// content or theme folders, or `/`.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
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
    for sub in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(sub)) {
            return refuse(&format!("it is the `{sub}/` folder or inside it"));
        }
    }
    Ok(())
}

/// An absolute, normalised path, resolving symlinks of the part that exists.
fn absolute(p: &Path) -> PathBuf {
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
    fn staging_refuses_paths_that_escape() {
        let site = tempfile::tempdir().unwrap();
        let s = Staging::new(&site.path().join("public")).unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(s.write(bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_mtime() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(&out).unwrap();
        assert!(s.write("a/index.html", b"one").unwrap());
        s.commit().unwrap();
        let before = std::fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(!s.write("a/index.html", b"one").unwrap());
        assert!(s.write("b.html", b"two").unwrap());
        s.commit().unwrap();
        let after = std::fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"two");
    }

    #[test]
    fn a_foreign_folder_is_not_replaced() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "x").unwrap();
        assert_eq!(
            Staging::new(&out).err().map(|d| d.code),
            Some("output-not-ours")
        );
    }
}
