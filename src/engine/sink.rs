//! Where a run's output goes: a staging folder that becomes the output folder (`build`),
//! or memory (`serve`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::output::Staging;
use crate::render::theme::StaticSource;
use crate::util::stamp::Stamp;

/// Where output goes: a staging folder (`build`) or memory (`serve`).
pub trait Sink: Sync {
    /// Stores a rendered page; returns whether its bytes differ from before.
    fn page(&self, path: &str, html: String) -> io::Result<bool>;
    /// Stores a static file or asset; returns whether it differs from before.
    fn file(&self, path: &str, source: &StaticSource) -> io::Result<bool>;
    /// Drops an output that no longer exists.
    fn remove(&self, path: &str);
    /// Whether `path` already holds what an output with this fingerprint (which covers
    /// config and templates too) renders to, so rendering it can be skipped. Only a sink
    /// that remembers fingerprints across processes (the output folder's manifest) knows.
    fn unchanged(&self, _path: &str, _fingerprint: u64) -> bool {
        false
    }
}

/// One output held in memory by [`MemorySink`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Page(Arc<[u8]>),
    /// A static file built into the binary.
    Embedded(&'static [u8]),
    /// A static file or asset as the run read it: the site served is what the last good
    /// run made, bytes included, whatever happens to the file on disk since (an edit while
    /// the build is broken, a moved `content/`).
    File(StoredFile),
}

/// A file's bytes, and which version of which source they are, so that the next run
/// reads the file again only if it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    from: PathBuf,
    stamp: Stamp,
    bytes: Arc<[u8]>,
}

impl Output {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Output::Page(b) | Output::File(StoredFile { bytes: b, .. }) => b,
            Output::Embedded(b) => b,
        }
    }

    /// Whether `other` is this very output: a page with the same bytes, or a file from
    /// the same version of the same source (held, not compared byte by byte).
    fn same_version(&self, other: &Output) -> bool {
        match (self, other) {
            (Output::File(a), Output::File(b)) => {
                a.from == b.from && a.stamp == b.stamp && Arc::ptr_eq(&a.bytes, &b.bytes)
            }
            (Output::File(_), _) | (_, Output::File(_)) => false,
            _ => self.bytes() == other.bytes(),
        }
    }
}

/// Keeps the site in memory: what `serve` serves, so a rebuild never writes to disk and a
/// failed one leaves the last good site in place.
///
/// It records what a run changes on top of a base site instead of copying the base: after
/// one save on a large site, copying 10,000 entries (and dropping the old copy) would
/// cost more than the rebuild itself.
#[derive(Debug, Default)]
pub struct MemorySink {
    base: Arc<BTreeMap<String, Output>>,
    /// Path → new output, or `None` for a removed one.
    changes: Mutex<HashMap<String, Option<Output>>>,
}

type Outputs = BTreeMap<String, Output>;

impl MemorySink {
    pub fn new(outputs: Outputs) -> MemorySink {
        MemorySink::over(Arc::new(outputs))
    }

    /// A sink whose outputs start as `base`'s, which it leaves as it is.
    pub fn over(base: Arc<Outputs>) -> MemorySink {
        MemorySink {
            base,
            changes: Mutex::default(),
        }
    }

    pub fn into_outputs(self) -> Outputs {
        let mut outputs = self.base.clone();
        self.apply_to(&mut outputs);
        Arc::unwrap_or_clone(outputs)
    }

    /// Makes `outputs` what this sink holds, copying it only if someone else (a request
    /// being answered) still reads it.
    pub fn apply_to(self, outputs: &mut Arc<Outputs>) {
        let changes = self.changes.into_inner().unwrap_or_else(|e| e.into_inner());
        drop(self.base);
        let map = Arc::make_mut(outputs);
        for (path, output) in changes {
            match output {
                Some(output) => {
                    map.insert(path, output);
                }
                None => {
                    map.remove(&path);
                }
            }
        }
    }

    /// Stores `new` at `path`; returns whether it differs from what was there.
    fn put(&self, path: &str, new: Output) -> bool {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        let old = match changes.get(path) {
            Some(change) => change.as_ref(),
            None => self.base.get(path),
        };
        if old.is_some_and(|old| old.same_version(&new)) {
            return false;
        }
        // A file read again with the same bytes (touched, or saved unchanged) is no
        // change, but its new stamp is kept so that it is not read once more.
        let differs = old.is_none_or(|old| old.bytes() != new.bytes());
        changes.insert(path.to_string(), Some(new));
        differs
    }

    /// What this sink holds at `path` now.
    fn current(&self, path: &str) -> Option<Output> {
        let changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        match changes.get(path) {
            Some(change) => change.clone(),
            None => self.base.get(path).cloned(),
        }
    }

    /// The file at `from` as an output: the bytes held already when the file has not
    /// changed since they were read (every run hands every file over: reading them all
    /// again after each save would cost more than the rebuild), else read now.
    fn read_file(&self, path: &str, from: &Path) -> io::Result<Output> {
        // Stamped before the read: a change racing the read leaves a newer file than the
        // stamp says, which the next run reads again.
        let stamp = Stamp::of(from).unwrap_or(Stamp::MISSING);
        if let Some(held) = self.current(path)
            && let Output::File(file) = &held
            && file.from == from
            && file.stamp == stamp
            && stamp != Stamp::MISSING
        {
            return Ok(held);
        }
        let bytes = crate::util::fsutil::read(from)?;
        Ok(Output::File(StoredFile {
            from: from.to_path_buf(),
            stamp,
            bytes: bytes.into(),
        }))
    }
}

impl Sink for MemorySink {
    fn page(&self, path: &str, html: String) -> io::Result<bool> {
        Ok(self.put(path, Output::Page(html.into_bytes().into())))
    }

    fn file(&self, path: &str, source: &StaticSource) -> io::Result<bool> {
        let output = match source {
            StaticSource::Embedded(bytes) => Output::Embedded(bytes),
            StaticSource::File(from) => self.read_file(path, from)?,
        };
        Ok(self.put(path, output))
    }

    fn remove(&self, path: &str) {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        changes.insert(path.to_string(), None);
    }
}

/// Notes which outputs a run makes and nothing else: what `check` needs to tell the links
/// that lead somewhere, without holding every page or reading every asset.
#[derive(Debug, Default)]
pub(crate) struct ListingSink(Mutex<BTreeSet<String>>);

impl ListingSink {
    pub(crate) fn into_paths(self) -> BTreeSet<String> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn note(&self, path: &str) -> io::Result<bool> {
        let mut paths = self.0.lock().unwrap_or_else(|e| e.into_inner());
        Ok(paths.insert(path.to_string()))
    }
}

impl Sink for ListingSink {
    fn page(&self, path: &str, _html: String) -> io::Result<bool> {
        self.note(path)
    }

    fn file(&self, path: &str, _source: &StaticSource) -> io::Result<bool> {
        self.note(path)
    }

    fn remove(&self, path: &str) {
        let mut paths = self.0.lock().unwrap_or_else(|e| e.into_inner());
        paths.remove(path);
    }
}

impl Sink for Staging {
    fn unchanged(&self, path: &str, fingerprint: u64) -> bool {
        Staging::unchanged(self, path, fingerprint)
    }

    fn page(&self, path: &str, html: String) -> std::io::Result<bool> {
        self.write(path, html.as_bytes())
    }

    fn file(&self, path: &str, source: &StaticSource) -> std::io::Result<bool> {
        match source {
            StaticSource::Embedded(bytes) => self.write(path, bytes),
            StaticSource::File(from) => self.copy(path, from),
        }
    }

    /// A staging folder starts empty: nothing to remove.
    fn remove(&self, _path: &str) {}
}
