//! What a run reports, and what the engine keeps of the last one: shared by the engine and
//! its render pass, so neither imports the other for them.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::render::templates::Renderer;
use crate::util::stamp::Stamp;

/// What one run did.
#[derive(Debug, Clone, Default)]
pub struct RunStats {
    pub pages: usize,
    pub ideas: usize,
    pub years: usize,
    pub programs: usize,
    /// Pages rendered in this run (all of them on a full run).
    pub rendered: usize,
    /// The model was the last run's with the changed documents put in (see
    /// [`crate::engine::patch`]), not built again.
    pub patched: bool,
    /// Generated files (ideas.json, feeds, redirects…) made again in this run.
    pub regenerated: Vec<String>,
    /// Output files whose bytes changed (or are new).
    pub written: usize,
    pub unchanged: usize,
    /// Output paths that disappeared.
    pub removed: Vec<String>,
    /// Static files and assets whose source changed since the last run.
    pub changed_files: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub used_default_config: bool,
    pub elapsed: std::time::Duration,
}

/// What the last successful run produced, to compare the next run against.
pub(super) struct Last {
    /// Fingerprint of everything every page depends on: config and templates.
    pub(super) global: u64,
    pub(super) templates: u64,
    pub(super) renderer: std::sync::Arc<Renderer>,
    /// Output path → page fingerprint.
    pub(super) pages: FxHashMap<String, u64>,
    /// Each page's output path and fingerprint, in the order of [`Site::page_refs`].
    pub(super) order: Vec<(String, u64)>,
    /// The revisions the pages were fingerprinted with.
    pub(super) revisions: std::sync::Arc<crate::site::revision::Revisions>,
    /// Output path → source stamp, for static files and assets.
    pub(super) files: HashMap<String, Option<Stamp>>,
}
