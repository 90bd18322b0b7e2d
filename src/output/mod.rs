//! Output: a build replaces the output folder only once it has fully succeeded, in one
//! step, and changes only the files whose bytes changed.
//!
//! - `staging`: the new output is put together in a folder beside the output, unchanged
//!   files linked from it (so their mtimes stay put and rsync-style deploys upload only
//!   what changed); the commit swaps it in.
//! - `swap`: the swap, one rename where the system can exchange two folders, and how the
//!   next build finishes or clears what a killed one left.
//! - `cache`: the site's `.ideawiki/` folder, which holds each output's lock (one build
//!   at a time per output) and manifest.
//! - `manifest`: what the last build wrote, so a page whose inputs and file are both
//!   unchanged is neither rendered nor read again.
//! - `guard`: which folders a build may write to at all.

mod cache;
mod guard;
mod manifest;
mod paths;
mod staging;
mod swap;

pub(crate) use cache::CACHE_DIR;
pub(crate) use guard::check_output;
pub(crate) use manifest::{Inputs, Summary};
pub(crate) use staging::Staging;
pub use staging::WriteStats;

pub(crate) use paths::io_diag;

/// Helpers for the tests of every part of this stage.
#[cfg(test)]
mod testing {
    use std::path::{Path, PathBuf};

    use super::Staging;

    /// A first build into `<temp>/public` of `(path, fingerprint, bytes)` pages.
    pub(super) fn built(pages: &[(&str, u64, &str)]) -> (tempfile::TempDir, PathBuf) {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(site.path(), &out).unwrap();
        for (rel, fp, bytes) in pages {
            assert!(!s.unchanged(rel, *fp));
            s.write(rel, bytes.as_bytes()).unwrap();
        }
        s.commit().unwrap();
        (site, out)
    }

    /// Where the manifest of the output `out` of the site at `root` is kept.
    pub(super) fn manifest_of(root: &Path, out: &Path) -> PathBuf {
        super::cache::manifest_path(root, &super::guard::absolute(out))
    }

    /// What sits in `dir`, sorted.
    pub(super) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}
