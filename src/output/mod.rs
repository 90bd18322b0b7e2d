//! Write: a build changes the output folder only once it has fully succeeded, and then only
//! the files whose bytes changed.
//!
//! Pages that differ from what the output folder holds are written to a staging folder
//! beside it; unchanged ones are left where they are, so their mtimes stay put and
//! rsync-style deploys upload only what changed. When the build has succeeded, the commit
//! moves the staged files in and the stale ones out, undoing every move if one fails: a
//! failed build leaves the last good site untouched (no half-written site, no 404s for a
//! browser that reloads mid-build), and a successful one leaves no stale files. A first
//! build simply renames the staging folder into place.
//!
//! Comparing 10,000 pages with the files on disk still means rendering and reading them
//! all, so a manifest records each output's page fingerprint and the size, mtime and inode
//! it had when written. A page whose fingerprint and file both match is neither rendered
//! nor read again. The manifest is only trusted for the same ideawiki binary, since
//! fingerprints are plain hashes that another build of the code may compute differently.
//!
//! The manifest sits beside the output folder (`.public.ideawiki-manifest` for `public/`),
//! not in it: what is in `public/` gets deployed, and a file that changes with every build
//! would be uploaded with every deploy. It is written after the output is in place; if
//! that write is lost, the stamps of the files that changed no longer match it, so those
//! files are rendered again rather than trusted.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use crate::diag::Diagnostic;
use crate::util::fsutil;

/// Marks a folder as ideawiki output, so a build never replaces a folder it did not make.
/// Its text never changes, so it is uploaded once.
pub const MARKER: &str = ".ideawiki-output";

const MARKER_TEXT: &str = "This folder is written by ideawiki build: each build updates it and \
removes the files it no longer makes, so keep nothing else here.\n";
const MANIFEST_HEADER: &str = "manifest 1";

pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    /// The previous output's manifest, when there is a previous output to update in place;
    /// `None` for a first build, whose staging folder becomes the output.
    previous: Option<Manifest>,
    /// Names staged files in place mode, where the staging folder is flat.
    counter: AtomicUsize,
    done: Mutex<Done>,
    /// What the next manifest records about this build's inputs.
    inputs: Option<(u64, Summary)>,
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

/// Identifies an output file's version without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    mtime_ns: i128,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        if !m.is_file() {
            return None;
        }
        let mtime_ns = match m.modified().ok()?.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: m.len(),
            mtime_ns,
            inode,
        })
    }
}

/// Output path → the page fingerprint it was rendered from (none for static files) and the
/// file's stamp when written.
#[derive(Default)]
struct Manifest {
    build: String,
    /// The fingerprint of the build's inputs (see `uptodate`) and what it reported, when it
    /// had no warnings.
    inputs: Option<(u64, Summary)>,
    entries: HashMap<String, (Option<u64>, Stamp)>,
}

/// What a build reports about the site, kept so that a build that finds nothing changed
/// can say the same without loading the site.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub ideas: usize,
    pub years: usize,
    pub programs: usize,
    pub used_default_config: bool,
}

/// This binary: its version and the size and mtime of the executable, so that a rebuilt
/// ideawiki never trusts fingerprints computed by another.
static BUILD_ID: LazyLock<String> = LazyLock::new(|| {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| Stamp::of(&p))
        .map_or((0, 0), |s| (s.len, s.mtime_ns));
    format!(
        "{} {:x}",
        env!("CARGO_PKG_VERSION"),
        crate::util::fingerprint::of(&exe)
    )
});

impl Manifest {
    /// Reads the manifest from a marker file's text; anything unexpected gives an empty one.
    fn parse(text: &str) -> Manifest {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(MANIFEST_HEADER));
        let Some(header) = lines.next() else {
            return Manifest::default();
        };
        let build = header[MANIFEST_HEADER.len()..].trim().to_string();
        let mut entries = HashMap::new();
        let mut inputs = None;
        for line in lines {
            if let Some(rest) = line.strip_prefix("inputs ") {
                let n: Vec<u64> = rest
                    .split(' ')
                    .filter_map(|f| u64::from_str_radix(f, 16).ok())
                    .collect();
                if let [key, pages, ideas, years, programs, default] = n[..] {
                    let summary = Summary {
                        pages: pages as usize,
                        ideas: ideas as usize,
                        years: years as usize,
                        programs: programs as usize,
                        used_default_config: default == 1,
                    };
                    inputs = Some((key, summary));
                }
                continue;
            }
            let mut f = line.splitn(5, ' ');
            let (Some(fp), Some(len), Some(mtime), Some(inode), Some(path)) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Manifest::default();
            };
            let fp = if fp == "-" {
                None
            } else {
                u64::from_str_radix(fp, 16).ok()
            };
            let stamp = match (len.parse(), mtime.parse(), inode.parse()) {
                (Ok(len), Ok(mtime_ns), Ok(inode)) => Stamp {
                    len,
                    mtime_ns,
                    inode,
                },
                _ => return Manifest::default(),
            };
            entries.insert(path.to_string(), (fp, stamp));
        }
        Manifest {
            build,
            inputs,
            entries,
        }
    }

    fn text(&self) -> String {
        let mut paths: Vec<&String> = self.entries.keys().collect();
        paths.sort();
        let mut out = format!("{MANIFEST_HEADER} {}\n", self.build);
        if let Some((key, s)) = &self.inputs {
            out.push_str(&format!(
                "inputs {key:x} {:x} {:x} {:x} {:x} {:x}\n",
                s.pages,
                s.ideas,
                s.years,
                s.programs,
                u8::from(s.used_default_config)
            ));
        }
        for p in paths {
            let (fp, s) = &self.entries[p];
            let fp = fp.map_or("-".to_string(), |f| format!("{f:016x}"));
            out.push_str(&format!("{fp} {} {} {} {p}\n", s.len, s.mtime_ns, s.inode));
        }
        out
    }
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
        let (parent, _) = beside(output);
        fsutil::create_dir_all(parent).map_err(io_diag)?;
        let dir = temp_beside(output, "staging").map_err(io_diag)?;
        let previous = std::fs::read_dir(output)
            .is_ok_and(|mut d| d.next().is_some())
            .then(|| {
                let manifest = std::fs::read_to_string(manifest_path(output))
                    .map(|t| Manifest::parse(&t))
                    .unwrap_or_default();
                if manifest.build == *BUILD_ID {
                    manifest
                } else {
                    Manifest::default()
                }
            });
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            previous,
            counter: AtomicUsize::new(0),
            done: Mutex::new(Done::default()),
            inputs: None,
        })
    }

    /// When the previous build had the same `inputs` (and no warnings), and the output
    /// folder still holds exactly the files it wrote: what that build reported, and how many
    /// files it holds. Then there is nothing to do.
    pub fn up_to_date(&self, inputs: u64) -> Option<(Summary, usize)> {
        let previous = self.previous.as_ref()?;
        let (key, summary) = previous.inputs?;
        if key != inputs || previous.build != *BUILD_ID {
            return None;
        }
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&self.output).min_depth(1) {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.output).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()?
                .join("/");
            if rel == MARKER {
                continue;
            }
            let (_, stamp) = previous.entries.get(&rel)?;
            if Stamp::of(entry.path()) != Some(*stamp) {
                return None;
            }
            seen += 1;
        }
        (seen == previous.entries.len()).then_some((summary, seen))
    }

    /// Records the build's input fingerprint in the next manifest; only for a build without
    /// warnings, since a build that skips everything could not print them again.
    pub fn record_inputs(&mut self, inputs: u64, summary: Summary) {
        self.inputs = Some((inputs, summary));
    }

    fn done(&self) -> std::sync::MutexGuard<'_, Done> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Checks that `rel` stays inside the output folder.
    fn check(rel: &str) -> io::Result<()> {
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
    pub fn unchanged(&self, rel: &str, fingerprint: u64) -> bool {
        let hit = self.previous.as_ref().is_some_and(|m| {
            m.entries.get(rel).is_some_and(|(fp, stamp)| {
                *fp == Some(fingerprint) && Stamp::of(&self.output.join(rel)) == Some(*stamp)
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
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<bool> {
        Self::check(rel)?;
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
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<bool> {
        let bytes = fsutil::read(from)?;
        self.write(rel, &bytes)
    }

    /// Puts the build in place of the previous output: renames the staging folder on a
    /// first build, else moves changed files in and stale files out, all or nothing.
    pub fn commit(self) -> io::Result<()> {
        let done = self.done.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut manifest = Manifest {
            build: BUILD_ID.clone(),
            inputs: self.inputs,
            entries: HashMap::with_capacity(done.kept.len() + done.staged.len()),
        };
        let stamped = done
            .kept
            .iter()
            .map(|rel| (rel, self.output.join(rel)))
            .chain(done.staged.iter().map(|(rel, at)| (rel, at.clone())));
        for (rel, at) in stamped {
            if rel.contains('\n') {
                continue;
            }
            if let Some(stamp) = Stamp::of(&at) {
                let fp = done.fingerprints.get(rel).copied();
                manifest.entries.insert(rel.clone(), (fp, stamp));
            }
        }
        let Some(_) = &self.previous else {
            fsutil::write(&self.dir.path().join(MARKER), MARKER_TEXT.as_bytes())?;
            let staged = self.dir.keep();
            // An empty output folder may stand where the new one goes.
            let _ = std::fs::remove_dir(&self.output);
            fsutil::rename(&staged, &self.output).inspect_err(|_| {
                let _ = std::fs::remove_dir_all(&staged);
            })?;
            write_manifest(&self.output, &manifest);
            return Ok(());
        };
        let produced: HashSet<&str> = done
            .kept
            .iter()
            .map(String::as_str)
            .chain(done.staged.iter().map(|(rel, _)| rel.as_str()))
            .collect();
        let stale = stale_files(&self.output, &produced)?;
        let mut moves = done.staged;
        // An output written by an older ideawiki has the manifest in its marker.
        if std::fs::read_to_string(self.output.join(MARKER)).map_or(true, |t| t != MARKER_TEXT) {
            let at = self.dir.path().join("marker");
            fsutil::write(&at, MARKER_TEXT.as_bytes())?;
            moves.push((MARKER.to_string(), at));
        }
        if moves.is_empty() && stale.is_empty() {
            write_manifest(&self.output, &manifest);
            return Ok(());
        }
        let backup = temp_beside(&self.output, "old")?;
        let mut journal = Journal {
            output: &self.output,
            backup: backup.path(),
            moved_out: Vec::new(),
            moved_in: Vec::new(),
        };
        match journal.apply(&stale, &moves) {
            Ok(()) => {
                write_manifest(&self.output, &manifest);
                Ok(())
            }
            Err(e) => match journal.undo() {
                Ok(()) => Err(e),
                Err(undo) => {
                    let kept = backup.keep();
                    Err(io::Error::new(
                        e.kind(),
                        format!(
                            "{e}; restoring the previous output failed too ({undo}): its files are in {}",
                            kept.display()
                        ),
                    ))
                }
            },
        }
    }
}

/// The folder that holds `output` and `output`'s name: staging folders and the manifest go
/// there, on the same file system, named after the output (`.public.…`).
fn beside(output: &Path) -> (&Path, String) {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = output
        .file_name()
        .map_or(crate::site::layout::OUTPUT_DIR.into(), |n| {
            n.to_string_lossy().into_owned()
        });
    (parent, name)
}

/// Where the manifest of the output folder `output` is kept: beside it.
fn manifest_path(output: &Path) -> PathBuf {
    let (parent, name) = beside(output);
    parent.join(format!(".{name}.ideawiki-manifest"))
}

/// Replaces the manifest (written aside, then renamed over the old one). Losing it costs
/// speed, never correctness (see the module's notes), so a failure only removes the old
/// one, which no longer describes the output.
fn write_manifest(output: &Path, manifest: &Manifest) {
    let path = manifest_path(output);
    let text = manifest.text();
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let written = tempfile::Builder::new()
        .prefix(&format!("{name}-"))
        .tempfile_in(path.parent().unwrap_or(Path::new(".")))
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, text.as_bytes())?;
            f.persist(&path).map_err(|e| e.error)?;
            Ok(())
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&path);
    }
}

/// A hidden temporary folder beside `output`, on the same file system so renames work.
fn temp_beside(output: &Path, what: &str) -> io::Result<tempfile::TempDir> {
    let (parent, name) = beside(output);
    tempfile::Builder::new()
        .prefix(&format!(".{name}.{what}-"))
        .tempdir_in(parent)
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot create a {what} folder in {}: {e}", parent.display()),
            )
        })
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
        let key: Option<String> = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("/"));
        match key.as_deref() {
            Some(MARKER) => {}
            Some(k) if produced.contains(k) => {}
            _ => stale.push(rel.to_path_buf()),
        }
    }
    Ok(stale)
}

/// The moves of an in-place commit, remembered so that a failure can undo them.
struct Journal<'a> {
    output: &'a Path,
    backup: &'a Path,
    /// Output files moved to the backup folder, under their index there.
    moved_out: Vec<PathBuf>,
    /// Output files moved in from the staging folder, with where they came from.
    moved_in: Vec<(PathBuf, PathBuf)>,
}

impl Journal<'_> {
    /// Moves the previous file at `rel` into the backup folder.
    fn move_out(&mut self, rel: &Path) -> io::Result<()> {
        let to = self.backup.join(self.moved_out.len().to_string());
        fsutil::rename(&self.output.join(rel), &to)?;
        self.moved_out.push(rel.to_path_buf());
        Ok(())
    }

    fn apply(&mut self, stale: &[PathBuf], moves: &[(String, PathBuf)]) -> io::Result<()> {
        for rel in stale {
            self.move_out(rel)?;
        }
        // Folders left empty go too (deepest first), so a file may take a folder's name.
        let mut emptied: Vec<&Path> = stale.iter().flat_map(|r| r.ancestors().skip(1)).collect();
        emptied.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        emptied.dedup();
        for dir in emptied {
            if !dir.as_os_str().is_empty() {
                let _ = std::fs::remove_dir(self.output.join(dir));
            }
        }
        for (rel, from) in moves {
            let rel = Path::new(rel);
            let to = self.output.join(rel);
            if std::fs::symlink_metadata(&to).is_ok() {
                self.move_out(rel)?;
            } else if let Some(parent) = to.parent() {
                fsutil::create_dir_all(parent)?;
            }
            fsutil::rename(from, &to)?;
            self.moved_in.push((rel.to_path_buf(), from.clone()));
        }
        Ok(())
    }

    /// Puts every moved file back where it was.
    fn undo(&mut self) -> io::Result<()> {
        let mut first_error = None;
        for (rel, from) in self.moved_in.drain(..).rev() {
            let to = self.output.join(&rel);
            if let Err(e) = fsutil::rename(&to, &from) {
                first_error.get_or_insert(e);
            }
            for dir in rel.ancestors().skip(1) {
                if dir.as_os_str().is_empty() || std::fs::remove_dir(self.output.join(dir)).is_err()
                {
                    break;
                }
            }
        }
        for (i, rel) in self.moved_out.iter().enumerate().rev() {
            let to = self.output.join(rel);
            let restored = to
                .parent()
                .map_or(Ok(()), fsutil::create_dir_all)
                .and_then(|()| fsutil::rename(&self.backup.join(i.to_string()), &to));
            if let Err(e) = restored {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
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
    for sub in crate::site::layout::INPUT_DIRS {
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

    /// A first build into `<temp>/public` of `(path, fingerprint, bytes)` pages.
    fn built(pages: &[(&str, u64, &str)]) -> (tempfile::TempDir, PathBuf) {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(&out).unwrap();
        for (rel, fp, bytes) in pages {
            assert!(!s.unchanged(rel, *fp));
            s.write(rel, bytes.as_bytes()).unwrap();
        }
        s.commit().unwrap();
        (site, out)
    }

    /// What sits in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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
    fn commit_replaces_stale_files_and_folders() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(&out).unwrap();
        for (rel, bytes) in [
            ("x/index.html", "x"),
            ("y.html", "y"),
            ("z/deep/f.txt", "z"),
        ] {
            assert!(s.write(rel, bytes.as_bytes()).unwrap());
        }
        s.commit().unwrap();
        let s = Staging::new(&out).unwrap();
        // `x` turns from a folder into a file, `y.html` changes, `z/` disappears.
        assert!(s.write("x", b"file").unwrap());
        assert!(s.write("y.html", b"y2").unwrap());
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("x")).unwrap(), b"file");
        assert_eq!(std::fs::read(out.join("y.html")).unwrap(), b"y2");
        assert!(!out.join("z").exists());
        assert_eq!(
            names(site.path()),
            [".public.ideawiki-manifest", "public"],
            "no staging or backup folder is left"
        );
    }

    #[test]
    fn a_page_with_the_same_fingerprint_and_file_is_not_rendered_again() {
        let (_site, out) = built(&[("a/index.html", 7, "one"), ("b/index.html", 8, "two")]);
        // Someone edits b by hand: its stamp no longer matches, so it is compared again.
        std::fs::write(out.join("b/index.html"), b"hand-edited").unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(s.unchanged("a/index.html", 7));
        assert!(!s.unchanged("b/index.html", 8));
        assert!(s.write("b/index.html", b"two").unwrap());
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        let s = Staging::new(&out).unwrap();
        assert!(!s.unchanged("a/index.html", 9), "another fingerprint");
    }

    #[test]
    fn the_manifest_sits_beside_the_output_and_the_marker_never_changes() {
        let (site, out) = built(&[("a/index.html", 7, "one")]);
        let manifest = site.path().join(".public.ideawiki-manifest");
        let marker = std::fs::metadata(out.join(MARKER)).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
        assert!(
            std::fs::read_to_string(&manifest)
                .unwrap()
                .contains("a/index.html")
        );
        let s = Staging::new(&out).unwrap();
        assert!(!s.unchanged("b/index.html", 8));
        s.write("b/index.html", b"two").unwrap();
        s.commit().unwrap();
        // The deployed folder changed by one new page, not by a bookkeeping file as well.
        let again = std::fs::metadata(out.join(MARKER)).unwrap();
        assert_eq!(marker.modified().unwrap(), again.modified().unwrap());
        assert!(
            std::fs::read_to_string(&manifest)
                .unwrap()
                .contains("b/index.html")
        );
        assert_eq!(names(site.path()), [".public.ideawiki-manifest", "public"]);
    }

    #[test]
    fn a_lost_manifest_costs_speed_not_correctness() {
        let (site, out) = built(&[("a/index.html", 7, "one")]);
        std::fs::remove_file(site.path().join(".public.ideawiki-manifest")).unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(
            !s.unchanged("a/index.html", 7),
            "nothing to trust: render again"
        );
        assert!(s.write("a/index.html", b"changed").unwrap());
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"changed");
    }

    #[test]
    fn an_older_marker_holding_the_manifest_is_made_plain() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.html"), "one").unwrap();
        let old = format!("{MARKER_TEXT}{MANIFEST_HEADER} 0.0.9 abc\n- 3 0 0 a.html\n");
        std::fs::write(out.join(MARKER), old).unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(!s.write("a.html", b"one").unwrap());
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
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
