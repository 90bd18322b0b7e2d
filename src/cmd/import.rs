//! `ideawiki import`.

use std::path::PathBuf;
use std::process::ExitCode;

use ideawiki::commands::import::{self, Format, Outcome, Request, YearStatus};

use ideawiki::util::text::plural;

use super::prelude::{SiteRoot, print_diagnostics, refused, under};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    /// MediaWiki source (`?action=raw`) or a Special:Export XML file
    Wikitext,
    /// A README-style Markdown document, one idea per heading
    Markdown,
    /// A folder of Markdown files with front matter (Jekyll, Hugo, Zola)
    Collection,
    /// A saved HTML page: its tables or heading sections
    Html,
    /// GitHub issues written through an issue form: a body, `gh` JSON, or a folder of them
    IssueForm,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusArg {
    Draft,
    Open,
    Closed,
    Archived,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of source
    #[arg(value_enum)]
    pub format: FormatArg,
    /// The file (or, for `collection`, the folder) to import
    pub source: PathBuf,
    /// The program's folder under `content/`, such as `gsoc`
    #[arg(long, value_name = "NAME")]
    pub program: String,
    /// The year the ideas belong to; `content/<program>/<year>/` must not hold the files yet
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub year: u16,
    /// A YAML file mapping the source's labels to fields (`labels: {"Mentor availability": notes}`)
    #[arg(long, value_name = "MAP.yaml")]
    pub map: Option<PathBuf>,
    /// For `markdown`: the heading level of an idea (found from the document if not given)
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub level: Option<u8>,
    /// The year section's status
    #[arg(long, value_enum, default_value_t = StatusArg::Archived)]
    pub status: StatusArg,
    /// Print what each idea holds and where it would go; write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub site: SiteRoot,
}

pub fn run(args: Args) -> ExitCode {
    let root = args.site.dir();
    let req = Request {
        format: match args.format {
            FormatArg::Wikitext => Format::Wikitext,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Collection => Format::Collection,
            FormatArg::Html => Format::Html,
            FormatArg::IssueForm => Format::IssueForm,
        },
        source: args.source,
        program: args.program,
        year: args.year,
        map: args.map,
        level: args.level,
        status: match args.status {
            StatusArg::Draft => YearStatus::Draft,
            StatusArg::Open => YearStatus::Open,
            StatusArg::Closed => YearStatus::Closed,
            StatusArg::Archived => YearStatus::Archived,
        },
        dry_run: args.dry_run,
    };
    let outcome = match import::import(&root, &req) {
        Ok(o) => o,
        Err(diags) => return refused(&diags, "import refused; nothing was written"),
    };
    let shown = |p: &PathBuf| under(&root, p).display().to_string();
    if req.dry_run {
        for (n, idea) in outcome.ideas.iter().enumerate() {
            ideawiki::say!("idea {}: {}  ({})", n + 1, idea.title, idea.origin);
            ideawiki::say!("  -> {}", shown(&idea.file));
            for (field, value) in &idea.fields {
                ideawiki::say!("  {field}: {value}");
            }
            ideawiki::say!(
                "  body: {} of description",
                plural(idea.body_chars, "character", "characters")
            );
            for (label, value) in &idea.notes {
                ideawiki::say!("  imported notes: {label}: {}", first_line(value));
            }
        }
    } else {
        ideawiki::say!("create {}", shown(&outcome.year_file));
        for idea in &outcome.ideas {
            ideawiki::say!("create {}", shown(&idea.file));
        }
    }
    summary(&outcome, req.dry_run);
    ExitCode::SUCCESS
}

fn first_line(s: &str) -> String {
    let mut lines = s.trim().lines();
    let first = lines.next().unwrap_or("");
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

fn summary(o: &Outcome, dry_run: bool) {
    let n = o.ideas.len();
    let fields: Vec<String> = o
        .filled
        .iter()
        .map(|(f, k)| format!("{f} {k}/{n}"))
        .collect();
    let noted = o.ideas.iter().filter(|i| !i.notes.is_empty()).count();
    if dry_run {
        ideawiki::say!(
            "dry run: nothing was written ({} found)",
            plural(n, "idea", "ideas")
        );
    } else {
        ideawiki::say!("imported {}", plural(n, "idea", "ideas"));
    }
    ideawiki::say!("fields: {}", fields.join(", "));
    ideawiki::say!("imported notes: {noted}/{n} ideas keep text that matched no field");
    if let Some(check) = &o.check {
        print_diagnostics(&check.diagnostics);
        let errors = check.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = check.diagnostics.len() - errors;
        let elsewhere = if check.errors_elsewhere > 0 {
            format!(
                " ({} elsewhere in the site)",
                plural(check.errors_elsewhere, "error", "errors")
            )
        } else {
            String::new()
        };
        ideawiki::say!(
            "check: {}, {} in the imported files{elsewhere}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
    }
}
