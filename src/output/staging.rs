//! Staging: a build puts its whole output together in a folder beside the output folder,
//! and swaps it in only once it has fully succeeded (see `swap`), so that at every instant
//! the output folder holds one whole build: the last good one or the new one, never a mix.
//!
//! Files whose bytes changed are written to the staging folder as the build makes them.
//! The unchanged ones are hard-linked there from the output at the commit: a link keeps
//! the file's inode and mtime, so rsync-style deploys upload only what changed and the
//! manifest still knows the file (where a link is refused, a copy with the same mtime).
//!
//! A commit, step by step (the crash-consistency test kills a build at each of them):
//! 1. link the unchanged files and the marker into the staging folder;
//! 2. flush it to disk, swap it with the output, and remove the build it replaced (`swap`);
//! 3. write the manifest, in the site's cache folder (`cache`).
//!
//! A build killed before the swap leaves the last build in place and its staging folder
//! beside it; killed after, the new build in place and the last one beside it. The next
//! build removes either before it starts. The manifest may then describe the last build
//! rather than the output, which costs speed, never correctness (see `manifest`). All of
//! it runs under the output's lock (see `cache`): two builds never write one output at once.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::cache::OutputState;
use super::guard::{self, MARKER, MARKER_TEXT};
use super::manifest::{self, BUILD_ID, Inputs, Manifest, Summary};
use super::paths::{beside, io_diag, output_key};
use super::swap::Beside;
use crate::diag::Diagnostic;
use crate::util::fsutil;
use crate::util::stamp::Stamp;
use crate::util::test_hook::step;

pub(crate) struct Staging {
    /// The output folder, absolute, with symbolic links resolved: the folder a swap
    /// replaces is the real one.
    output: PathBuf,
    beside: Beside,
    /// The output's lock and manifest; released when the build ends.
    state: OutputState,
    /// The previous output's manifest, when there is a previous output to compare with.
    previous: Option<Manifest>,
    done: Mutex<Done>,
    /// What the next manifest records about this build's inputs.
    inputs: Option<(Inputs, Summary)>,
}

/// What the build handed to the staging folder so far.
#[derive(Default)]
struct Done {
    /// Outputs written to the staging folder, each with its file's stamp as written.
    staged: Vec<(String, Stamp)>,
    /// Outputs whose previous file stays as it is.
    kept: Vec<String>,
    fingerprints: HashMap<String, u64>,
}

/// Counts of what a commit did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

impl Staging {
    /// A fresh staging folder for the output folder `output` of the site at `root`. Waits
    /// while another build writes the same output, then finishes or clears what a killed
    /// build left. Refuses to take over a non-empty folder that ideawiki did not create.
    pub(crate) fn new(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        guard::claim(output)?;
        let output = guard::absolute(output);
        let (parent, _) = beside(&output);
        fsutil::create_dir_all(parent).map_err(io_diag)?;
        let state = OutputState::lock(root, &output).map_err(io_diag)?;
        let beside = Beside::of(&output);
        beside.recover().map_err(io_diag)?;
        guard::claim(&output)?;
        std::fs::create_dir(&beside.staging)
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot create the staging folder {}: {e}",
                        beside.staging.display()
                    ),
                )
            })
            .map_err(io_diag)?;
        let previous = std::fs::read_dir(&output)
            .is_ok_and(|mut d| d.next().is_some())
            .then(|| Manifest::read(&state.manifest()));
        Ok(Staging {
            output,
            beside,
            state,
            previous,
            done: Mutex::new(Done::default()),
            inputs: None,
        })
    }

    /// When this build took the output's lock, by the file system's clock: inputs changed
    /// since may change again without their stamp showing it (see `engine::freshness`).
    pub(crate) fn locked_at(&self) -> SystemTime {
        self.state.locked_at()
    }

    /// When the previous build had the same `inputs` (and no warnings), and the output
    /// folder still holds exactly the files it wrote: what that build reported, and how many
    /// files it holds. Then there is nothing to do.
    pub(crate) fn up_to_date(&self, inputs: &Inputs) -> Option<(Summary, usize)> {
        let previous = self.previous.as_ref()?;
        let (recorded, summary) = previous.inputs.as_ref()?;
        if recorded.key != inputs.key || previous.build != *BUILD_ID {
            return None;
        }
        // Files whose stamps could not be trusted then are read again now.
        if !recorded.racy_files_unchanged() {
            return None;
        }
        let files = previous.matches(&self.output)?;
        Some((*summary, files))
    }

    /// Records the build's inputs in the next manifest; only for a build without
    /// warnings, since a build that skips everything could not print them again.
    pub(crate) fn record_inputs(&mut self, inputs: Inputs, summary: Summary) {
        self.inputs = Some((inputs, summary));
    }

    fn done(&self) -> std::sync::MutexGuard<'_, Done> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Checks that `rel` stays inside the output folder.
    fn check_path(rel: &str) -> io::Result<()> {
        let p = Path::new(rel);
        if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        if rel == MARKER {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{MARKER}` is reserved for ideawiki's own marker file"),
            ));
        }
        Ok(())
    }

    /// Whether the previous output already holds `rel` as rendered from a page with this
    /// `fingerprint`, untouched since: then the page need not be rendered at all. Either
    /// way, the fingerprint goes into the next manifest.
    pub(crate) fn unchanged(&self, rel: &str, fingerprint: u64) -> bool {
        let hit = self.previous.as_ref().is_some_and(|m| {
            m.entries.get(rel).is_some_and(|(fp, stamp)| {
                *fp == Some(fingerprint) && manifest::stamp(&self.output.join(rel)) == Some(*stamp)
            })
        });
        let mut done = self.done();
        done.fingerprints.insert(rel.to_string(), fingerprint);
        if hit {
            done.kept.push(rel.to_string());
        }
        hit
    }

    /// Writes `bytes` at `rel`; returns whether the file differs from the previous output.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<bool> {
        Self::check_path(rel)?;
        if self.previous.is_some() && same_bytes(&self.output.join(rel), bytes) {
            self.done().kept.push(rel.to_string());
            return Ok(false);
        }
        let target = self.beside.staging.join(rel);
        if let Some(parent) = target.parent() {
            fsutil::create_dir_all(parent)?;
        }
        let written = fsutil::write_with_metadata(&target, bytes)?;
        // As `manifest::stamp` would find it at commit (no ctime: the rename sets it).
        let stamp = Stamp::from(&written).without_ctime();
        self.done().staged.push((rel.to_string(), stamp));
        Ok(true)
    }

    /// Copies a file from disk to `rel`.
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> io::Result<bool> {
        let bytes = fsutil::read(from)?;
        self.write(rel, &bytes)
    }

    /// Puts the build in place of the previous output in one step (see the module's
    /// notes); then the manifest follows.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        let done = std::mem::take(self.done.get_mut().unwrap_or_else(|e| e.into_inner()));
        let staged: HashSet<&str> = done.staged.iter().map(|(rel, _)| rel.as_str()).collect();
        let mut kept: Vec<&str> = done
            .kept
            .iter()
            .map(String::as_str)
            .filter(|rel| !staged.contains(rel))
            .collect();
        kept.sort_unstable();
        kept.dedup();
        if self.previous.is_some() && staged.is_empty() && self.output_is(&kept)? {
            // Nothing to swap: the output already is this build.
            let manifest = self.manifest(&done, &self.output);
            manifest.write(&self.state.manifest());
            return Ok(());
        }
        self.link_kept(&kept)?;
        self.put_marker()?;
        if let Ok(m) = std::fs::metadata(&self.output) {
            step("keep the output folder's permissions");
            let _ = std::fs::set_permissions(&self.beside.staging, m.permissions());
        }
        // Stamped in the staging folder: the swap keeps these stamps.
        let manifest = self.manifest(&done, &self.beside.staging);
        self.beside.swap()?;
        manifest.write(&self.state.manifest());
        Ok(())
    }

    /// Whether the output holds exactly the files `kept` (and a current marker), so that
    /// a build that staged nothing has nothing to swap.
    fn output_is(&self, kept: &[&str]) -> io::Result<bool> {
        if !guard::marker_is_current(&self.output) {
            return Ok(false);
        }
        let kept: HashSet<&str> = kept.iter().copied().collect();
        let mut files = 0;
        for entry in walkdir::WalkDir::new(&self.output).min_depth(1) {
            let entry = entry.map_err(io::Error::from)?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.output)
                .unwrap_or(entry.path());
            match output_key(rel).as_deref() {
                Some(MARKER) => {}
                Some(k) if kept.contains(k) => files += 1,
                _ => return Ok(false),
            }
        }
        Ok(files == kept.len())
    }

    /// Links each unchanged output into the staging folder, so that it keeps its inode and
    /// mtime; copies it, mtime included, where links are refused (FAT, some network file
    /// systems, a file of another user under `fs.protected_hardlinks`).
    fn link_kept(&self, kept: &[&str]) -> io::Result<()> {
        let mut folders: HashSet<PathBuf> = HashSet::new();
        for rel in kept {
            let to = self.beside.staging.join(rel);
            if let Some(parent) = to.parent()
                && !folders.contains(parent)
            {
                step("make a folder for unchanged files");
                fsutil::create_dir_all(parent)?;
                folders.insert(parent.to_path_buf());
            }
            step("link an unchanged file");
            link_or_copy(&self.output.join(rel), &to)?;
        }
        Ok(())
    }

    /// The marker that says the folder is ideawiki's: the previous one when it is
    /// current, so that it is never uploaded again.
    fn put_marker(&self) -> io::Result<()> {
        let to = self.beside.staging.join(MARKER);
        step("put the marker");
        if self.previous.is_some() && guard::marker_is_current(&self.output) {
            link_or_copy(&self.output.join(MARKER), &to)
        } else {
            fsutil::write(&to, MARKER_TEXT.as_bytes())
        }
    }

    /// The manifest of this build, its files stamped where they are in `dir`.
    fn manifest(&self, done: &Done, dir: &Path) -> Manifest {
        Manifest {
            build: BUILD_ID.clone(),
            inputs: self.inputs.clone(),
            entries: stamps(dir, done),
        }
    }
}

impl Drop for Staging {
    /// A build that fails or panics leaves nothing beside the output.
    fn drop(&mut self) {
        if self.beside.staging.exists() {
            let _ = std::fs::remove_dir_all(&self.beside.staging);
        }
    }
}

/// Hard-links `from` at `to`, or copies it with its mtime where a link is refused.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let mtime = std::fs::metadata(from).and_then(|m| m.modified());
    std::fs::copy(from, to)
        .and_then(|_| {
            let f = std::fs::File::options().write(true).open(to)?;
            mtime.and_then(|t| f.set_modified(t))
        })
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot copy {} to {}: {e}", from.display(), to.display()),
            )
        })
}

/// The manifest entries of what a build produced: each output's page fingerprint and the
/// stamp of its file, as it is in `dir`.
/// Written files were stamped as they were written; kept ones are stamped here, on every
/// core (a one-idea edit keeps ten thousand).
fn stamps(dir: &Path, done: &Done) -> HashMap<String, (Option<u64>, Stamp)> {
    use rayon::prelude::*;
    // The manifest has one line per file.
    let listed = |rel: &&String| !rel.contains('\n');
    let entry = |rel: &String, stamp| (rel.clone(), (done.fingerprints.get(rel).copied(), stamp));
    let kept: Vec<_> = done
        .kept
        .par_iter()
        .filter(listed)
        .filter_map(|rel| Some(entry(rel, manifest::stamp(&dir.join(rel))?)))
        .collect();
    let mut entries = HashMap::with_capacity(kept.len() + done.staged.len());
    entries.extend(kept);
    entries.extend(
        done.staged
            .iter()
            .filter(|(rel, _)| listed(&rel))
            .map(|(rel, stamp)| entry(rel, *stamp)),
    );
    entries
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::names;

    #[test]
    fn staging_refuses_paths_that_escape() {
        let site = tempfile::tempdir().unwrap();
        let s = Staging::new(site.path(), &site.path().join("public")).unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(s.write(bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_mtime() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(site.path(), &out).unwrap();
        assert!(s.write("a/index.html", b"one").unwrap());
        s.commit().unwrap();
        let before = std::fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        let s = Staging::new(site.path(), &out).unwrap();
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
    fn commit_replaces_stale_files_and_folders() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(site.path(), &out).unwrap();
        for (rel, bytes) in [
            ("x/index.html", "x"),
            ("y.html", "y"),
            ("z/deep/f.txt", "z"),
        ] {
            assert!(s.write(rel, bytes.as_bytes()).unwrap());
        }
        s.commit().unwrap();
        let s = Staging::new(site.path(), &out).unwrap();
        // `x` turns from a folder into a file, `y.html` changes, `z/` disappears.
        assert!(s.write("x", b"file").unwrap());
        assert!(s.write("y.html", b"y2").unwrap());
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("x")).unwrap(), b"file");
        assert_eq!(std::fs::read(out.join("y.html")).unwrap(), b"y2");
        assert!(!out.join("z").exists());
        assert_eq!(
            names(site.path()),
            [".ideawiki", "public"],
            "no staging or backup folder is left"
        );
    }
}
