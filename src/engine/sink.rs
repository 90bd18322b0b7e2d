//! Where a run's output goes: a staging folder that becomes the output folder (`build`),
//! or memory (`serve`).

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};

use std::collections::HashMap;

use crate::output::Staging;
use crate::render::theme::StaticSource;

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
    Page(std::sync::Arc<[u8]>),
    File(StaticSource),
}

impl Output {
    /// The bytes, reading a file from disk if need be.
    pub fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            Output::Page(b) => std::borrow::Cow::Borrowed(b),
            Output::File(StaticSource::Embedded(b)) => std::borrow::Cow::Borrowed(b),
            Output::File(StaticSource::File(p)) => {
                std::borrow::Cow::Owned(crate::util::fsutil::read(p)?)
            }
        })
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
        if old == Some(&new) {
            return false;
        }
        changes.insert(path.to_string(), Some(new));
        true
    }
}

impl Sink for MemorySink {
    fn page(&self, path: &str, html: String) -> io::Result<bool> {
        Ok(self.put(path, Output::Page(html.into_bytes().into())))
    }

    fn file(&self, path: &str, source: &StaticSource) -> io::Result<bool> {
        Ok(self.put(path, Output::File(source.clone())))
    }

    fn remove(&self, path: &str) {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        changes.insert(path.to_string(), None);
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
