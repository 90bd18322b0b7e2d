//! The whole pipeline: config → load → parse → model → render → write.
//!
//! Each stage is a function of the previous stage's output; this module only sequences them
//! and gathers diagnostics, so a build reports every problem it can find before failing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::load;
use crate::markdown;
use crate::model::{PageRef, Site};
use crate::parse;
use crate::render::Renderer;
use crate::theme::{StaticSource, Theme};
use crate::view::Shared;
use crate::write::{self, Staging, WriteStats};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `ideawiki.yaml` and `content/`).
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
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
    fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
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
}

/// Reads and validates the site. Collects problems from every stage that can run.
pub fn load_site(opts: &BuildOptions) -> Result<Loaded, BuildFailure> {
    let root = &opts.root;
    let mut diags = Vec::new();
    let loaded = Config::load(root);
    let (mut config, used_default_config) = match loaded {
        Ok(l) => (l.config, l.used_defaults),
        Err(d) => {
            diags.extend(d);
            (Config::default(), false)
        }
    };
    if let Some(url) = &opts.base_url
        && let Err(d) = config.set_base_url(url)
    {
        diags.push(d);
    }
    let theme = Theme::load(root, &config.theme)
        .map_err(|d| diags.extend(d))
        .ok();
    let (files, load_diags) = load::discover(root);
    diags.extend(load_diags);
    let md = markdown_options(&config);
    let (markdown_files, assets): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|f| f.is_markdown());
    let (docs, parse_diags) = parse::parse_all(&markdown_files, &md);
    diags.extend(parse_diags);
    let site = match Site::build(config, docs, assets, opts.drafts) {
        Ok(site) => Some(site),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    match (site, theme) {
        (Some(site), Some(theme)) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
            site,
            theme,
            warnings: diags,
            used_default_config,
        }),
        _ => Err(BuildFailure::new(diags)),
    }
}

pub fn markdown_options(config: &Config) -> markdown::Options {
    markdown::Options {
        emails: config.emails,
        root: config.root.clone(),
    }
}

/// Builds the site into the output folder. On failure the output folder is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let output = opts.output_dir();
    write::check_output(&opts.root, &output).map_err(|d| BuildFailure::new(vec![d]))?;
    let loaded = load_site(opts)?;
    let renderer = Renderer::new(&loaded.theme).map_err(BuildFailure::new)?;
    let site = &loaded.site;
    let shared = Shared::new(site, markdown_options(&site.config));
    let staging = Staging::new(&output).map_err(|d| BuildFailure::new(vec![d]))?;
    let pages = site.page_refs();
    let errors = Mutex::new(Vec::new());
    let written: usize = pages
        .par_iter()
        .map(
            |&page| match render_and_write(site, &shared, &renderer, &staging, page) {
                Ok(changed) => usize::from(changed),
                Err(d) => {
                    errors.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                    0
                }
            },
        )
        .sum();
    let mut stats = WriteStats {
        written,
        unchanged: pages.len() - written,
    };
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    copy_files(site, &loaded.theme, &staging, &mut stats, &mut errors);
    if !errors.is_empty() {
        errors.extend(loaded.warnings);
        return Err(BuildFailure::new(errors));
    }
    staging
        .commit()
        .map_err(|e| BuildFailure::new(vec![write::io_diag(e)]))?;
    let mut warnings = loaded.warnings;
    diag::sort(&mut warnings);
    Ok(BuildReport {
        pages: pages.len(),
        ideas: site.ideas.len(),
        years: site.years.len(),
        programs: site.programs.len(),
        files: stats,
        elapsed: start.elapsed(),
        warnings,
        used_default_config: loaded.used_default_config,
    })
}

fn render_and_write(
    site: &Site,
    shared: &Shared,
    renderer: &Renderer,
    staging: &Staging,
    page: PageRef,
) -> Result<bool, Diagnostic> {
    let html = renderer.render(site, shared, page)?;
    staging
        .write(&site.output_path(page), html.as_bytes())
        .map_err(write::io_diag)
}

/// Theme and site static files, then content assets (images next to their pages).
fn copy_files(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    stats: &mut WriteStats,
    errors: &mut Vec<Diagnostic>,
) {
    let mut count = |r: std::io::Result<bool>| match r {
        Ok(true) => stats.written += 1,
        Ok(false) => stats.unchanged += 1,
        Err(e) => errors.push(write::io_diag(e)),
    };
    for (rel, src) in &theme.statics {
        count(match src {
            StaticSource::Embedded(bytes) => staging.write(rel, bytes),
            StaticSource::File(path) => staging.copy(rel, path),
        });
    }
    for asset in &site.assets {
        count(staging.copy(&asset.rel, &asset.path));
    }
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
