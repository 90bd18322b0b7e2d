//! `ideawiki new idea` and `ideawiki new year`.

use std::process::ExitCode;

use ideawiki::commands::new::{self, NewIdea};

use super::prelude::{SiteRoot, refused, under};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Write a new idea file with every front-matter key, ready to fill in.
    ///
    /// The file goes to `content/<program>/<year>/<slug>.md`, the slug made from the
    /// title. Prints the file's path; never overwrites a file.
    Idea(IdeaArgs),
    /// Write a year section (`content/<program>/<year>/_index.md`).
    ///
    /// The year starts as a draft: mentors can add ideas before it is announced,
    /// `ideawiki build --drafts` previews it, and `status: open` publishes it.
    Year(YearArgs),
}

#[derive(clap::Args, Debug)]
pub struct IdeaArgs {
    /// The idea's title, as readers will see it
    pub title: String,
    /// The program's folder under `content/` [default: the site's only program]
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// The year section to add the idea to [default: the program's newest year]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub year: Option<u16>,
    /// The project or component the idea belongs to
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// The file name (without `.md`) and the URL's last part [default: made from the title]
    #[arg(long)]
    pub slug: Option<String>,
    #[command(flatten)]
    pub site: SiteRoot,
}

#[derive(clap::Args, Debug)]
pub struct YearArgs {
    /// The year, such as 2027
    #[arg(value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub year: u16,
    /// The program's folder under `content/` [default: the site's only program]
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    #[command(flatten)]
    pub site: SiteRoot,
}

pub fn run(args: Args) -> ExitCode {
    match args.what {
        What::Idea(a) => {
            let root = a.site.dir();
            let req = NewIdea {
                title: a.title,
                program: a.program,
                year: a.year,
                project: a.project,
                slug: a.slug,
            };
            match new::new_idea(&root, &req) {
                Ok(path) => {
                    ideawiki::say!("{}", under(&root, &path).display());
                    ExitCode::SUCCESS
                }
                Err(diags) => refused(&diags, "no file was written"),
            }
        }
        What::Year(a) => {
            let root = a.site.dir();
            match new::new_year(&root, a.year, a.program.as_deref()) {
                Ok(path) => {
                    ideawiki::say!("{}", under(&root, &path).display());
                    ideawiki::tell!(
                        "note: {} starts as a draft: preview it with `ideawiki build --drafts`, publish it with `status: open`",
                        a.year
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => refused(&diags, "no file was written"),
            }
        }
    }
}
