//! The whole pipeline: config → load → parse → model → render → write.
//!
//! Each stage is a function of the previous stage's output; this module only sequences them
//! and gathers diagnostics, so a build reports every problem it can find before failing.

use std::time::Instant;

use crate::engine::{self, Engine};
use crate::options::{BuildFailure, BuildOptions, BuildReport};
use crate::output::{self, Staging, WriteStats};
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
            warnings: Vec::new(),
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
        warnings: stats.warnings,
        used_default_config: stats.used_default_config,
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
