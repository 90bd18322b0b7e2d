//! `ideawiki build`.

use std::path::PathBuf;
use std::process::ExitCode;

use ideawiki::BuildOptions;
use ideawiki::commands::build;
use ideawiki::util::text::plural;

use super::prelude::{SiteRoot, note_default_config, print_diagnostics};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteRoot,
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Override `base_url` from the config, e.g. `https://example.org/ideas/`
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages and years marked as drafts
    #[arg(long)]
    pub drafts: bool,
    /// Make every internal link relative to its page, so the output also works opened
    /// from a folder or a ZIP (file://) or under any sub-path
    #[arg(long)]
    pub relative_links: bool,
}

pub fn run(args: Args) -> ExitCode {
    let root = args.site.dir();
    let opts = BuildOptions {
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        root,
        origin: None,
        relative_links: args.relative_links,
        show_source: false,
    };
    match build::build(&opts) {
        Ok(report) => {
            if report.used_default_config {
                note_default_config(&opts.root);
            }
            print_diagnostics(&report.warnings);
            ideawiki::say!("{}", build::summary_line(&report));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let warnings = failure.diagnostics.len() - failure.errors();
            ideawiki::tell!(
                "error: build failed with {}{}; nothing was written to {}",
                plural(failure.errors(), "error", "errors"),
                if warnings > 0 {
                    format!(" and {}", plural(warnings, "warning", "warnings"))
                } else {
                    String::new()
                },
                opts.output_dir().display()
            );
            ExitCode::from(1)
        }
    }
}
