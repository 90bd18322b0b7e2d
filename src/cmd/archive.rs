//! `ideawiki archive`.

use std::process::ExitCode;

use ideawiki::commands::archive;

use super::prelude::{SiteRoot, refused, under};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The year to archive, such as 2027
    #[arg(value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub year: u16,
    /// The program's folder under `content/` [default: the site's only program]
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// The banner to show on the year and its ideas (Markdown); `--notice ""` removes it.
    /// Without it, the notice of a year that was not archived yet is removed (it was written
    /// for the open year) and the theme's "archived" banner shows instead
    #[arg(long, value_name = "TEXT")]
    pub notice: Option<String>,
    #[command(flatten)]
    pub site: SiteRoot,
}

pub fn run(args: Args) -> ExitCode {
    let root = args.site.dir();
    let report = match archive::archive(
        &root,
        args.program.as_deref(),
        args.year,
        args.notice.as_deref(),
    ) {
        Ok(r) => r,
        Err(diags) => return refused(&diags, "nothing was changed"),
    };
    let file = under(&root, &report.file);
    if report.changes.is_empty() {
        ideawiki::say!(
            "{}: {} is already archived; nothing changed",
            file.display(),
            args.year
        );
        return ExitCode::SUCCESS;
    }
    ideawiki::say!("archived {} in {}:", args.year, file.display());
    for c in &report.changes {
        if let Some(b) = &c.before {
            ideawiki::say!("  - {b}");
        }
        if let Some(a) = &c.after {
            ideawiki::say!("  + {a}");
        }
    }
    ExitCode::SUCCESS
}
