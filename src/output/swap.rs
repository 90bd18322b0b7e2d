//! Putting a finished build in place of the last one in one step, and cleaning up after a
//! build that was killed.
//!
//! The new build waits, whole, in `.<name>.ideawiki-staging` beside the output folder
//! `<name>`, on the same file system so that renames work. Then:
//!
//! - Where the system can exchange two folders in one rename (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux, `renameatx_np` with `RENAME_SWAP` on macOS), it does: at
//!   every instant the output's name leads to one whole build, the last one or the new
//!   one. The last one, now under the staging name, is then removed.
//! - Elsewhere, or on a file system that refuses the exchange (NFS, ZFS before 2.2), the
//!   output is renamed to `.<name>.ideawiki-old`, then the staging folder to the output's
//!   name. Between the two renames there is no output folder at all (a web server answers
//!   404 for that instant), never a mix. The names that exist say how far such a commit
//!   got, so they are its journal: a build that finds no output but an old folder finishes
//!   the commit with the staging folder when there is one (it is whole: the output is only
//!   moved aside once it is), else puts the old folder back.
//!
//! Either way, a killed build leaves one of those two folders beside the output, and the
//! next build removes it before anything else (see [`Beside::recover`]). It holds the
//! output's lock (see `cache`) meanwhile, so no running build is using them.

use std::io;
use std::path::{Path, PathBuf};

use crate::util::fsutil;
use crate::util::test_hook::{self, step};

/// The output folder and the folders a commit puts beside it.
pub(super) struct Beside {
    output: PathBuf,
    parent: PathBuf,
    /// The output folder's name.
    name: String,
    /// Where the new build is put together; after an exchange, the last build, on its way
    /// out.
    pub(super) staging: PathBuf,
    /// Where the fallback moves the last build aside.
    old: PathBuf,
}

impl Beside {
    pub(super) fn of(output: &Path) -> Beside {
        let (parent, name) = super::paths::beside(output);
        Beside {
            output: output.to_path_buf(),
            staging: parent.join(format!(".{name}.ideawiki-staging")),
            old: parent.join(format!(".{name}.ideawiki-old")),
            parent: parent.to_path_buf(),
            name,
        }
    }

    /// Finishes or undoes the commit of a killed build, and removes what killed builds
    /// (of this version or older ones) left beside the output. Only a build that holds the
    /// output's lock may call it.
    pub(super) fn recover(&self) -> io::Result<()> {
        if !exists(&self.output) && self.old.is_dir() {
            let whole = if self.staging.is_dir() {
                &self.staging
            } else {
                &self.old
            };
            step("recover the output");
            fsutil::rename(whole, &self.output)?;
        }
        remove_tree(&self.staging);
        remove_tree(&self.old);
        self.remove_older_leftovers();
        Ok(())
    }

    /// Puts the staging folder, holding a whole build, in place of the output, and removes
    /// the build it replaces. On an error, the output is as it was.
    pub(super) fn swap(&self) -> io::Result<()> {
        flush(&self.staging)?;
        if !exists(&self.output) {
            step("rename the new build into place");
            fsutil::rename(&self.staging, &self.output)?;
        } else if self.exchange()? {
            remove_tree(&self.staging);
        } else {
            step("move the last build aside");
            fsutil::rename(&self.output, &self.old)?;
            step("move the new build into place");
            if let Err(e) = fsutil::rename(&self.staging, &self.output) {
                let _ = std::fs::rename(&self.old, &self.output);
                return Err(e);
            }
            remove_tree(&self.old);
        }
        // The new names, on disk too.
        if let Ok(dir) = std::fs::File::open(&self.parent) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Exchanges the staging folder and the output in one rename; `false` when this system
    /// or file system cannot.
    fn exchange(&self) -> io::Result<bool> {
        if test_hook::no_exchange() {
            return Ok(false);
        }
        step("exchange the new build with the last one");
        match exchange(&self.staging, &self.output) {
            Ok(()) => Ok(true),
            Err(e) if unsupported(&e) => Ok(false),
            Err(e) => Err(io::Error::new(
                e.kind(),
                format!(
                    "cannot exchange {} with {}: {e}",
                    self.staging.display(),
                    self.output.display()
                ),
            )),
        }
    }

    /// Removes what older versions of ideawiki left beside the output: staging and backup
    /// folders of killed builds (`.public.staging-a1B2c3`, `.public.old-a1B2c3`, temporary
    /// names with six random letters and digits) and the manifest, now kept in the site's
    /// cache folder.
    fn remove_older_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return;
        };
        let ours = format!(".{}.", self.name);
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&ours)) else {
                continue;
            };
            let temporary = |prefix: &str| {
                rest.strip_prefix(prefix)
                    .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && (temporary("staging-") || temporary("old-")) {
                remove_tree(&entry.path());
            } else if kind.is_file()
                && (rest == "ideawiki-manifest" || temporary("ideawiki-manifest-"))
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Whether anything, a dangling link included, is at `path`.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Removes the folder at `path` and everything in it, one entry at a time (each a step a
/// test can stop at). Best effort: what is left, the next build removes.
fn remove_tree(path: &Path) {
    if !exists(path) {
        return;
    }
    for entry in walkdir::WalkDir::new(path).contents_first(true) {
        let Ok(entry) = entry else {
            continue;
        };
        step("remove the replaced build");
        let _ = if entry.file_type().is_dir() {
            std::fs::remove_dir(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        };
    }
}

/// Writes the staged files to disk before they go live: file systems write names before
/// data, so after a power cut the new output could hold empty files. On Linux one `syncfs`
/// does it for all of them (a `fsync` per file costs seconds on a large site); elsewhere
/// the file system's own ordering is all there is.
fn flush(dir: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        step("flush the new build to disk");
        let f = std::fs::File::open(dir)?;
        rustix::fs::syncfs(&f)?;
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = dir;
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    Ok(renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)?)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether `e` says the exchange is not supported here, rather than that it failed.
fn unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        if let Some(errno) = Errno::from_io_error(e) {
            return [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&errno);
        }
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output folder holding `a.html` with `text`, and a staging folder for it.
    fn folders(text: &str) -> (tempfile::TempDir, Beside) {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        std::fs::create_dir(&output).unwrap();
        std::fs::write(output.join("a.html"), text).unwrap();
        let beside = Beside::of(&output);
        (tmp, beside)
    }

    fn staged(beside: &Beside, text: &str) {
        std::fs::create_dir(&beside.staging).unwrap();
        std::fs::write(beside.staging.join("a.html"), text).unwrap();
    }

    fn output_text(beside: &Beside) -> String {
        std::fs::read_to_string(beside.output.join("a.html")).unwrap()
    }

    #[test]
    fn a_swap_leaves_the_new_build_and_nothing_beside_it() {
        let (tmp, beside) = folders("old");
        staged(&beside, "new");
        beside.swap().unwrap();
        assert_eq!(output_text(&beside), "new");
        assert_eq!(crate::output::testing::names(tmp.path()), ["public"]);
    }

    #[test]
    fn a_commit_cut_between_its_two_renames_is_finished() {
        let (tmp, beside) = folders("old");
        staged(&beside, "new");
        std::fs::rename(&beside.output, &beside.old).unwrap();
        beside.recover().unwrap();
        assert_eq!(output_text(&beside), "new");
        assert_eq!(crate::output::testing::names(tmp.path()), ["public"]);
    }

    #[test]
    fn an_old_build_alone_is_put_back() {
        let (tmp, beside) = folders("old");
        std::fs::rename(&beside.output, &beside.old).unwrap();
        beside.recover().unwrap();
        assert_eq!(output_text(&beside), "old");
        assert_eq!(crate::output::testing::names(tmp.path()), ["public"]);
    }

    #[test]
    fn leftovers_of_this_and_older_versions_go_and_nothing_else() {
        let (tmp, beside) = folders("old");
        staged(&beside, "half");
        let keep = [
            ".public.staging-toolong",
            ".other.staging-a1B2c3",
            "public.old-a1B2c3",
            "notes.txt",
        ];
        for name in [".public.staging-a1B2c3", ".public.old-Zz9y8X"]
            .iter()
            .chain(&keep[..3])
        {
            std::fs::create_dir(tmp.path().join(name)).unwrap();
            std::fs::write(tmp.path().join(name).join("0"), "x").unwrap();
        }
        for name in [
            ".public.ideawiki-manifest",
            ".public.ideawiki-manifest-Ab12Cd",
            keep[3],
        ] {
            std::fs::write(tmp.path().join(name), "x").unwrap();
        }
        beside.recover().unwrap();
        assert_eq!(output_text(&beside), "old");
        let mut expected: Vec<&str> = keep.to_vec();
        expected.push("public");
        expected.sort();
        assert_eq!(crate::output::testing::names(tmp.path()), expected);
    }
}
