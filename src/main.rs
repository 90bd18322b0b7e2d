//! The `ideawiki` command: parses flags, runs the library, prints diagnostics and picks the
//! exit status (0 success, 1 the site has errors, 2 wrong usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ideawiki::build::{self, BuildOptions};
use ideawiki::diag::{self, Diagnostic};

/// A static site generator for project-ideas pages (Google Summer of Code and the like).
///
/// Mentors write one Markdown file per idea; ideawiki renders the year's ideas table, a page
/// per idea and the archive of past years into a static site.
#[derive(Parser, Debug)]
#[command(name = "ideawiki", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    ///
    /// The output is replaced only when the whole build succeeds: on any error the previous
    /// output stays as it was.
    Build(BuildArgs),
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// The site folder, holding `ideawiki.yaml` and `content/` [default: current folder]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Override `base_url` from the config, e.g. `https://example.org/ideas/`
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages and years marked as drafts
    #[arg(long)]
    drafts: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => cmd_build(args),
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let color = diag::stderr_wants_color();
    for d in diags {
        eprint!("{}", d.render(color));
    }
}

fn cmd_build(args: BuildArgs) -> ExitCode {
    let root = build::resolve_root(args.root.as_deref());
    let opts = BuildOptions {
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        root,
    };
    match build::build(&opts) {
        Ok(report) => {
            if report.used_default_config {
                eprintln!(
                    "note: no {} in {}; using the default settings",
                    ideawiki::config::FILE_NAME,
                    opts.root.display()
                );
            }
            print_diagnostics(&report.warnings);
            println!("{}", build::summary_line(&report));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let warnings = failure.diagnostics.len() - failure.errors();
            eprintln!(
                "error: build failed with {} {}{}; {} was left unchanged",
                failure.errors(),
                if failure.errors() == 1 {
                    "error"
                } else {
                    "errors"
                },
                if warnings > 0 {
                    format!(" and {warnings} warnings")
                } else {
                    String::new()
                },
                opts.output_dir().display()
            );
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
