//! The whole pipeline: config → load → parse → model → render → write.
//!
//! Each stage is a function of the previous stage's output; this module only sequences them
//! and gathers diagnostics, so a build reports every problem it can find before failing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic};
use crate::engine::{Engine, Sink};
use crate::model::Site;
use crate::theme::{StaticSource, Theme};
use crate::write::{self, Staging, WriteStats};

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
            .unwrap_or_else(|| self.root.join("public"))
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

/// Everything up to the model, without writing anything: what `build` and `check` share.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub warnings: Vec<Diagnostic>,
    pub used_default_config: bool,
    /// Set when the model is the last one with a few documents replaced.
    pub patched: Option<crate::patch::Patched>,
}

/// Reads and validates the site without writing anything. Collects problems from every
/// stage that can run.
pub fn load_site(opts: &BuildOptions) -> Result<Loaded, BuildFailure> {
    Engine::new(opts.clone()).load()
}

pub use crate::engine::markdown_options;

/// Builds the site into the output folder. On failure the output folder is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let output = opts.output_dir();
    write::check_output(&opts.root, &output).map_err(|d| BuildFailure::new(vec![d]))?;
    let mut engine = Engine::once(opts.clone());
    // A failed run drops the staging folder, which deletes it: nothing is left behind.
    // (Loading the site first, to fail before making it, would load the site twice.)
    let mut staging = Staging::new(&output).map_err(|d| BuildFailure::new(vec![d]))?;
    let inputs = crate::uptodate::inputs(opts);
    if let Some((s, files)) = staging.up_to_date(inputs) {
        return Ok(BuildReport {
            pages: s.pages,
            ideas: s.ideas,
            years: s.years,
            programs: s.programs,
            files: WriteStats {
                written: 0,
                unchanged: files,
            },
            elapsed: start.elapsed(),
            warnings: Vec::new(),
            used_default_config: s.used_default_config,
        });
    }
    let stats = engine.run(&staging, true)?;
    if stats.warnings.is_empty() {
        staging.record_inputs(
            inputs,
            write::Summary {
                pages: stats.pages,
                ideas: stats.ideas,
                years: stats.years,
                programs: stats.programs,
                used_default_config: stats.used_default_config,
            },
        );
    }
    staging
        .commit()
        .map_err(|e| BuildFailure::new(vec![write::io_diag(e)]))?;
    Ok(BuildReport {
        pages: stats.pages,
        ideas: stats.ideas,
        years: stats.years,
        programs: stats.programs,
        files: WriteStats {
            written: stats.written,
            unchanged: stats.unchanged,
        },
        elapsed: start.elapsed(),
        warnings: stats.warnings,
        used_default_config: stats.used_default_config,
    })
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

/// Formats the one-line summary `build` prints.
pub fn summary_line(r: &BuildReport) -> String {
    fn n(count: usize, one: &str, many: &str) -> String {
        format!("{count} {}", if count == 1 { one } else { many })
    }
    format!(
        "built {} ({} in {}, {}) in {} ms; {} written, {} unchanged",
        n(r.pages, "page", "pages"),
        n(r.ideas, "idea", "ideas"),
        n(r.years, "year", "years"),
        n(r.programs, "program", "programs"),
        r.elapsed.as_millis(),
        n(r.files.written, "file", "files"),
        r.files.unchanged,
    )
}

/// The site root given on the command line, or the current folder.
pub fn resolve_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
