//! `ideawiki init`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ideawiki::commands::ci_files::Host;
use ideawiki::commands::init;
use ideawiki::util::date::Date;

use super::prelude::{refused, under};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder for the new site; created if missing [default: current folder]
    pub dir: Option<PathBuf>,
    /// Add the starter files to a folder that is not empty. Files that already exist are
    /// kept as they are, never overwritten
    #[arg(long)]
    pub force: bool,
    /// The site's title, shown in every page's header [default: Project ideas]
    #[arg(long)]
    pub title: Option<String>,
    /// Where the site will be published, sub-path included, such as
    /// https://example.org/ideas/ [default: http://localhost/]
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Where the repository is hosted: `github` adds an issue form for proposing ideas and
    /// workflows that check pull requests, publish to GitHub Pages and turn approved
    /// issues into pull requests; `gitlab` adds a pipeline publishing to GitLab Pages
    #[arg(long, value_enum, default_value_t = HostArg::Github)]
    pub host: HostArg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostArg {
    Github,
    Gitlab,
}

pub fn run(args: Args) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    // The year must be one the front matter accepts, whatever the clock says.
    let year = u16::try_from(Date::today().year.clamp(1900, 2999)).unwrap_or(2027);
    let opts = init::InitOptions {
        force: args.force,
        year,
        title: args.title,
        base_url: args.base_url,
        host: match args.host {
            HostArg::Github => Host::Github,
            HostArg::Gitlab => Host::Gitlab,
        },
    };
    let report = match init::init(&dir, &opts) {
        Ok(r) => r,
        Err(diags) => return refused(&diags, "nothing was written"),
    };
    for f in &report.created {
        ideawiki::say!("created {}", under(&dir, f).display());
    }
    for f in &report.skipped {
        ideawiki::say!("kept    {} (it already exists)", under(&dir, f).display());
    }
    let root = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", dir.display())
    };
    let next = [
        (
            format!("ideawiki build{root}"),
            "builds the site into public/".to_string(),
        ),
        (
            format!("ideawiki new idea \"Title\"{root}"),
            format!("adds an idea to {year}"),
        ),
        (
            format!("ideawiki check{root}"),
            "finds broken links and incomplete ideas".to_string(),
        ),
    ];
    let width = next.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    ideawiki::say!("\nReady: a site with the {year} ideas of one program. Next:");
    for (command, what) in next {
        ideawiki::say!("  {command:width$}   # {what}");
    }
    ExitCode::SUCCESS
}
