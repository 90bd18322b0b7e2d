//! `ideawiki new idea` and `ideawiki new year`.

use std::process::ExitCode;

use std::io::Read;
use std::path::{Path, PathBuf};

use ideawiki::commands::new::{self, FromIssue, MAX_ISSUE_BYTES, NewIdea};
use ideawiki::diag::Diagnostic;

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
    /// title, in the program's newest year that is not a draft unless `--year` says.
    /// With `--from-issue`, the idea is the one an issue made from the project-idea form
    /// proposes. Prints the file's path; never overwrites a file.
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
    #[arg(required_unless_present = "from_issue")]
    pub title: Option<String>,
    /// Make the idea from an issue written through the project-idea form: a file holding
    /// its body, or the output of `gh issue view N --json number,title,body,url,author`;
    /// `-` reads it from standard input
    #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "project", "slug"])]
    pub from_issue: Option<PathBuf>,
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
            let placed = match a.from_issue {
                Some(input) => match read_issue(&input) {
                    Ok(req) => new::new_idea_from_issue(
                        &root,
                        &FromIssue {
                            program: a.program,
                            year: a.year,
                            ..req
                        },
                    ),
                    Err(e) => return refused(&[e], "no file was written"),
                },
                None => new::new_idea(
                    &root,
                    &NewIdea {
                        title: a.title.unwrap_or_default(),
                        program: a.program,
                        year: a.year,
                        project: a.project,
                        slug: a.slug,
                    },
                ),
            };
            match placed {
                Ok(placed) => {
                    ideawiki::say!("{}", under(&root, &placed.path).display());
                    if placed.chosen {
                        ideawiki::tell!(
                            "note: added to {}, the newest year that is not a draft (`--year` chooses another)",
                            placed.year
                        );
                    }
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

/// Reads `--from-issue`'s input: a file, or standard input for `-`, at most
/// [`MAX_ISSUE_BYTES`] of UTF-8.
fn read_issue(input: &Path) -> Result<FromIssue, Diagnostic> {
    let stdin = input == Path::new("-");
    let shown = if stdin {
        PathBuf::from("<stdin>")
    } else {
        input.to_path_buf()
    };
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_ISSUE_BYTES).unwrap_or(u64::MAX) + 1;
    let read = if stdin {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(input).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    let problem = |msg: String, help: &str| {
        Diagnostic::error("issue-input", msg)
            .in_file(&shown)
            .with_help(help)
    };
    if let Err(e) = read {
        return Err(problem(
            format!("cannot read {}: {e}", shown.display()),
            "give the file that holds the issue's body, or `-` to read it from standard input",
        ));
    }
    if bytes.len() > MAX_ISSUE_BYTES {
        return Err(problem(
            format!("{} is larger than an issue can be", shown.display()),
            "give one issue's body, or the JSON `gh issue view N --json number,title,body,url,author` prints",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        problem(
            format!("{} is not UTF-8 text", shown.display()),
            "save the issue's body as UTF-8",
        )
    })?;
    Ok(FromIssue {
        text,
        shown,
        ..FromIssue::default()
    })
}
