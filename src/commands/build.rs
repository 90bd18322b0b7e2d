//! The whole pipeline: config → load → parse → model → render → write.
//!
//! Each stage is a function of the previous stage's output; this module only sequences them
//! and gathers diagnostics, so a build reports every problem it can find before failing.

use std::time::Instant;

use crate::diag::Diagnostic;
use crate::engine::{self, Engine};
use crate::options::{BuildFailure, BuildOptions, BuildReport};
use crate::output::{self, Staging, WriteStats};
use crate::site::config::Config;
use crate::site::layout::CONFIG_FILE;
use crate::util::text::plural;

/// Builds the site into the output folder. On failure the output folder is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    // Before anything is made beside the output: a wrong `--root` makes no folders.
    if let Some(d) = crate::site::load::not_a_site(&opts.root) {
        return Err(BuildFailure::new(vec![d]));
    }
    let output = opts.output_dir();
    output::check_output(&opts.root, &output).map_err(|d| BuildFailure::new(vec![d]))?;
    let mut engine = Engine::once(opts.clone());
    // A failed run drops the staging folder, which deletes it: nothing is left behind.
    // (Loading the site first, to fail before making it, would load the site twice.)
    let mut staging = Staging::new(&opts.root, &output).map_err(|d| BuildFailure::new(vec![d]))?;
    let inputs = engine::inputs(opts, staging.locked_at());
    if let Some((s, files)) = staging.up_to_date(&inputs) {
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
            warnings: localhost_warning(opts).into_iter().collect(),
            used_default_config: s.used_default_config,
        });
    }
    let stats = engine.run(&staging, true)?;
    if stats.warnings.is_empty() {
        staging.record_inputs(
            inputs,
            output::Summary {
                pages: stats.pages,
                ideas: stats.ideas,
                years: stats.years,
                programs: stats.programs,
                used_default_config: stats.used_default_config,
            },
        );
    }
    // The model and caches are not needed for the commit.
    crate::util::drop_later::drop_later(engine);
    staging
        .commit()
        .map_err(|e| BuildFailure::new(vec![output::io_diag(e)]))?;
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
        warnings: stats
            .warnings
            .into_iter()
            .chain(localhost_warning(opts))
            .collect(),
        used_default_config: stats.used_default_config,
    })
}

/// A warning when the site would be published pointing at this machine: `base_url` (or
/// `--base-url`) is still localhost, so canonical links, feeds and the sitemap lead
/// nowhere for readers. `build` and `check` give it once; `serve` sets its own origin.
pub fn localhost_warning(opts: &BuildOptions) -> Option<Diagnostic> {
    let mut config = Config::load(&opts.root).ok()?.config;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).ok()?;
    }
    let host = config
        .base_url
        .split_once("://")
        .map_or("", |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    }
    .to_ascii_lowercase();
    let local = name == "localhost"
        || name.ends_with(".localhost")
        || name.starts_with("127.")
        || name == "::1"
        || name == "0.0.0.0";
    local.then(|| {
        Diagnostic::warning(
            "localhost-base-url",
            format!(
                "`base_url` is {}: published this way, canonical links, feeds and the sitemap point at this machine",
                config.base_url
            ),
        )
        .in_file(CONFIG_FILE)
        .with_help("set `base_url:` in ideawiki.yaml to the address the site will have, such as `https://example.org/ideas/`, or build with `--base-url URL`; `ideawiki serve` needs neither")
    })
}

/// Formats the one-line summary `build` prints.
pub fn summary_line(r: &BuildReport) -> String {
    format!(
        "built {} ({} in {}, {}) in {} ms; {} written, {} unchanged",
        plural(r.pages, "page", "pages"),
        plural(r.ideas, "idea", "ideas"),
        plural(r.years, "year", "years"),
        plural(r.programs, "program", "programs"),
        r.elapsed.as_millis(),
        plural(r.files.written, "file", "files"),
        r.files.unchanged,
    )
}
