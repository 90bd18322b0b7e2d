//! Staging: pages that differ from what the output folder holds are written to a staging
//! folder beside it; unchanged ones are left where they are. When the build has succeeded,
//! the commit moves the staged files in and the stale ones out (through the journal), so a
//! successful build leaves no stale files. A first build simply renames the staging folder
//! into place.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use super::cache::OutputState;
use super::guard::{self, MARKER, MARKER_TEXT};
use super::manifest::{self, BUILD_ID, Inputs, Manifest, Summary};
use super::{beside, io_diag, journal, output_key, temp_beside};
use crate::diag::Diagnostic;
use crate::util::fsutil;
use crate::util::stamp::Stamp;

pub(crate) struct Staging {
    dir: tempfile::TempDir,
    /// The output folder, absolute, with symbolic links resolved.
    output: PathBuf,
    /// The output's lock and manifest; released when the build ends.
    state: OutputState,
    /// The previous output's manifest, when there is a previous output to update in place;
    /// `None` for a first build, whose staging folder becomes the output.
    previous: Option<Manifest>,
    /// Names staged files in place mode, where the staging folder is flat.
    counter: AtomicUsize,
    done: Mutex<Done>,
    /// What the next manifest records about this build's inputs.
    inputs: Option<(Inputs, Summary)>,
}

/// What the build handed to the staging folder so far.
#[derive(Default)]
struct Done {
    /// Relative path → file in the staging folder (flat in place mode).
    staged: Vec<(String, PathBuf)>,
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
    /// while another build writes the same output. Refuses to take over a non-empty folder
    /// that ideawiki did not create.
    pub(crate) fn new(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        guard::claim(output)?;
        let output = guard::absolute(output);
        let (parent, name) = beside(&output);
        fsutil::create_dir_all(parent).map_err(io_diag)?;
        let state = OutputState::lock(root, &output).map_err(io_diag)?;
        // Older versions kept the manifest beside the output.
        let _ = std::fs::remove_file(parent.join(format!(".{name}.ideawiki-manifest")));
        let dir = temp_beside(&output, "staging").map_err(io_diag)?;
        let previous = std::fs::read_dir(&output)
            .is_ok_and(|mut d| d.next().is_some())
            .then(|| Manifest::read(&state.manifest()));
        Ok(Staging {
            dir,
            output,
            state,
            previous,
            counter: AtomicUsize::new(0),
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
        let staged = match &self.previous {
            Some(_) => {
                if same_bytes(&self.output.join(rel), bytes) {
                    self.done().kept.push(rel.to_string());
                    return Ok(false);
                }
                let n = self.counter.fetch_add(1, Ordering::Relaxed);
                self.dir.path().join(n.to_string())
            }
            None => {
                let target = self.dir.path().join(rel);
                if let Some(parent) = target.parent() {
                    fsutil::create_dir_all(parent)?;
                }
                target
            }
        };
        fsutil::write(&staged, bytes)?;
        self.done().staged.push((rel.to_string(), staged));
        Ok(true)
    }

    /// Copies a file from disk to `rel`.
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> io::Result<bool> {
        let bytes = fsutil::read(from)?;
        self.write(rel, &bytes)
    }

    /// Puts the build in place of the previous output: renames the staging folder on a
    /// first build, else moves changed files in and stale files out, all or nothing. The
    /// manifest follows only once the output is in place.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        let done = std::mem::take(self.done.get_mut().unwrap_or_else(|e| e.into_inner()));
        // Stamped where the files are now: moving them into place keeps these stamps.
        let manifest = Manifest {
            build: BUILD_ID.clone(),
            inputs: self.inputs.take(),
            entries: stamps(&self.output, &done),
        };
        let Staging {
            dir,
            output,
            state,
            previous,
            ..
        } = self;
        if previous.is_some() {
            update_in_place(&dir, &output, done)?;
        } else {
            rename_into_place(dir, &output)?;
        }
        // Still under the lock: the next build reads what this one wrote.
        manifest.write(&state.manifest());
        Ok(())
    }
}

/// A first build: the staging folder, marked as ours, becomes the output folder.
fn rename_into_place(dir: tempfile::TempDir, output: &Path) -> io::Result<()> {
    fsutil::write(&dir.path().join(MARKER), MARKER_TEXT.as_bytes())?;
    let staged = dir.keep();
    // An empty output folder may stand where the new one goes.
    let _ = std::fs::remove_dir(output);
    fsutil::rename(&staged, output).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staged);
    })
}

/// A later build: the staged files move in, the files this build did not produce move
/// out.
fn update_in_place(dir: &tempfile::TempDir, output: &Path, done: Done) -> io::Result<()> {
    let produced: HashSet<&str> = done
        .kept
        .iter()
        .map(String::as_str)
        .chain(done.staged.iter().map(|(rel, _)| rel.as_str()))
        .collect();
    let stale = stale_files(output, &produced)?;
    let mut moves = done.staged;
    if !guard::marker_is_current(output) {
        let at = dir.path().join("marker");
        fsutil::write(&at, MARKER_TEXT.as_bytes())?;
        moves.push((MARKER.to_string(), at));
    }
    if moves.is_empty() && stale.is_empty() {
        return Ok(());
    }
    journal::swap(output, &stale, &moves)
}

/// The manifest entries of what a build produced: each output's page fingerprint and the
/// stamp of its file, kept in `output` or staged.
fn stamps(output: &Path, done: &Done) -> HashMap<String, (Option<u64>, Stamp)> {
    let mut entries = HashMap::with_capacity(done.kept.len() + done.staged.len());
    let stamped = done
        .kept
        .iter()
        .map(|rel| (rel, output.join(rel)))
        .chain(done.staged.iter().map(|(rel, at)| (rel, at.clone())));
    for (rel, at) in stamped {
        // The manifest has one line per file.
        if rel.contains('\n') {
            continue;
        }
        if let Some(stamp) = manifest::stamp(&at) {
            let fp = done.fingerprints.get(rel).copied();
            entries.insert(rel.clone(), (fp, stamp));
        }
    }
    entries
}

/// Files in `output` that this build did not produce, deepest first.
fn stale_files(output: &Path, produced: &HashSet<&str>) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(io::Error::from)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        match output_key(rel).as_deref() {
            Some(MARKER) => {}
            Some(k) if produced.contains(k) => {}
            _ => stale.push(rel.to_path_buf()),
        }
    }
    Ok(stale)
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
