//! What a run is asked to do and what it reports: shared by `build`, `check`, `serve` and
//! the engine that runs for all three.

use std::path::PathBuf;
use std::time::Duration;

use crate::diag::{self, Diagnostic};
use crate::output::WriteStats;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `ideawiki.yaml` and `content/`).
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Replaces the scheme and host of `base_url`, keeping its path: `serve` uses it so
    /// that permalinks point at the preview server while the sub-path stays as deployed.
    pub origin: Option<String>,
    /// Make every internal link relative to its page (`--relative-links`).
    pub relative_links: bool,
    pub drafts: bool,
    /// Show each page's source file in its footer, whatever the config says (`serve`:
    /// editors need to know which file to open).
    pub show_source: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            ..Default::default()
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join(crate::site::layout::OUTPUT_DIR))
    }
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub ideas: usize,
    pub years: usize,
    pub programs: usize,
    pub files: WriteStats,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// No `ideawiki.yaml` was found; the defaults were used.
    pub used_default_config: bool,
}

/// A failed build: every error and warning found. The output folder was not touched.
#[derive(Debug, Clone)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub(crate) fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diag::sort(&mut diagnostics);
        BuildFailure { diagnostics }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}
