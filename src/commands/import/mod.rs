//! `ideawiki import`: a past year brought in from where it lives now (a MediaWiki page, a
//! yearly README, a Jekyll or Hugo collection, a saved HTML page) as a year section and one
//! idea file per idea, losing nothing and replacing nothing.
//!
//! Each format has a reader that only finds ideas and their labelled values
//! ([`raw::RawYear`]): `wikitext.rs` (with `mediawiki_export.rs` for Special:Export XML),
//! `markdown.rs`, `collection.rs`, `html.rs`; tables, whichever format holds them, are read
//! by `table.rs`. Then the same steps for all: `labels.rs` says which field a label means
//! (defaults plus `--map`), `idea.rs` reads the values into fields (`mentors.rs` the
//! mentors) and keeps the rest as notes, `writer.rs` writes the files. GitHub issues
//! written through a form are read by `issue_form.rs`, one issue per idea.

mod collection;
mod html;
mod idea;
mod issue_form;
mod labels;
mod markdown;
mod mediawiki_export;
mod mentors;
mod raw;
mod table;
mod wikitext;
mod writer;

use std::path::{Path, PathBuf};

use crate::commands::files::{io_error, write_new};
use crate::commands::sections::Sections;
use crate::diag::Diagnostic;
use crate::options::BuildOptions;
pub use crate::site::frontmatter::YearStatus;
use crate::site::layout::CONTENT_DIR;
use crate::site::slug::slug_problem;
use crate::util::date::Date;
use idea::{COUNTED, Idea, map_idea};
use labels::Labels;
use raw::{Provenance, RawYear, ReadContext, read_text};

/// The kinds of source `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// MediaWiki source (`?action=raw`, the edit box) or a Special:Export XML dump.
    Wikitext,
    /// A README-style Markdown document, one idea per heading.
    Markdown,
    /// A folder of Markdown files with front matter (Jekyll, Hugo, Zola).
    Collection,
    /// A saved HTML page: its tables, or its heading-delimited sections.
    Html,
    /// GitHub issue bodies (`### Label` then the value). Not read yet: the issue-form body
    /// parser lives with the yearly chores and plugs in here, producing a `RawYear`.
    IssueForm,
}

/// What `ideawiki import` was asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    pub format: Format,
    pub source: PathBuf,
    /// The program's folder under `content/`.
    pub program: String,
    pub year: u16,
    pub map: Option<PathBuf>,
    /// The heading level of an idea in a Markdown document (found from it when `None`).
    pub level: Option<u8>,
    pub status: YearStatus,
    pub dry_run: bool,
}

/// One idea as imported: what was found and where it went.
#[derive(Debug, Clone)]
pub struct ImportedIdea {
    /// Where in the source it starts (`file:line`).
    pub origin: String,
    /// The file it is written to, relative to the site root.
    pub file: PathBuf,
    pub title: String,
    /// Fields found, as `(field, value shown)`.
    pub fields: Vec<(String, String)>,
    /// Labels that went to the body's "Imported notes", with their values.
    pub notes: Vec<(String, String)>,
    /// How many characters of description went to the body.
    pub body_chars: usize,
}

/// What `check` said about the imported files.
#[derive(Debug, Clone, Default)]
pub struct CheckResult {
    /// The problems in the imported year's files.
    pub diagnostics: Vec<Diagnostic>,
    /// Errors elsewhere in the site (not caused by the import, but they keep it from building).
    pub errors_elsewhere: usize,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ideas: Vec<ImportedIdea>,
    /// The year's `_index.md`, relative to the site root.
    pub year_file: PathBuf,
    /// For each counted field, how many ideas have it.
    pub filled: Vec<(&'static str, usize)>,
    /// `None` on a dry run.
    pub check: Option<CheckResult>,
}

/// Imports one source into `content/<program>/<year>/` under `root`.
pub fn import(root: &Path, req: &Request) -> Result<Outcome, Vec<Diagnostic>> {
    if let Some(why) = slug_problem(&req.program) {
        return Err(vec![
            Diagnostic::error(
                "usage",
                format!("`--program {}` cannot be a folder name: {why}", req.program),
            )
            .with_help("use lowercase letters, digits and `-`, such as `--program gsoc`"),
        ]);
    }
    let labels = match &req.map {
        Some(p) => Labels::from_map_file(p).map_err(|d| vec![d])?,
        None => Labels::default(),
    };
    let ctx = ReadContext {
        labels: &labels,
        level: req.level,
    };
    let found = read_source(req, &ctx).map_err(|d| vec![d])?;
    if found.ideas.is_empty() {
        return Err(vec![no_ideas(req)]);
    }
    let ideas: Vec<Idea> = found
        .ideas
        .iter()
        .map(|raw| map_idea(raw, &labels, req.year))
        .collect();
    let dir = Path::new(CONTENT_DIR)
        .join(&req.program)
        .join(req.year.to_string());
    let year_file = dir.join("_index.md");
    let slugs = writer::slugs(&ideas);
    let files: Vec<PathBuf> = slugs.iter().map(|s| dir.join(format!("{s}.md"))).collect();
    let existing: Vec<Diagnostic> = std::iter::once(&year_file)
        .chain(&files)
        .filter(|f| root.join(f).exists())
        .map(|f| exists_error(f))
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    let provenance = found.provenance.clone().unwrap_or_else(|| Provenance {
        from: req
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| req.source.display().to_string()),
        ..Provenance::default()
    });
    let display = Sections::scan(root)
        .newest(&req.program)
        .and_then(|y| y.fm.program.clone())
        .unwrap_or_else(|| {
            let mut c = req.program.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        });
    let title = format!("{display} {} project ideas", req.year);
    let year_text = writer::year_text(&writer::YearText {
        title: &title,
        program: &display,
        year: req.year,
        status: req.status,
        provenance: &provenance,
        intro: &found.intro,
    });
    let texts: Vec<String> = ideas.iter().map(writer::idea_text).collect();
    let outcome = |check| Outcome {
        ideas: ideas
            .iter()
            .zip(&files)
            .map(|(i, f)| report(i, f))
            .collect(),
        year_file: year_file.clone(),
        filled: COUNTED
            .iter()
            .map(|f| (*f, ideas.iter().filter(|i| i.has(f)).count()))
            .collect(),
        check,
    };
    if req.dry_run {
        return Ok(outcome(None));
    }
    for (file, text) in std::iter::once((&year_file, &year_text)).chain(files.iter().zip(&texts)) {
        match write_new(&root.join(file), text) {
            Ok(true) => {}
            Ok(false) => return Err(vec![exists_error(file)]),
            Err(e) => return Err(vec![io_error(&e)]),
        }
    }
    Ok(outcome(Some(check_year(root, &dir))))
}

fn read_source(req: &Request, ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    match req.format {
        Format::Wikitext => {
            let text = read_text(&req.source)?;
            if mediawiki_export::is_export(&text) {
                mediawiki_export::read(&req.source, &text, ctx)
            } else {
                Ok(wikitext::read(&req.source, &text, ctx)?)
            }
        }
        Format::Markdown => Ok(markdown::read(&req.source, &read_text(&req.source)?, ctx)),
        Format::Collection => collection::read(&req.source, ctx),
        Format::Html => html::read(&req.source, &read_text(&req.source)?, ctx),
        Format::IssueForm => issue_form::read(&req.source, ctx),
    }
}

fn no_ideas(req: &Request) -> Diagnostic {
    let help = match req.format {
        Format::Wikitext => {
            "ideas are read from tables whose first row names the columns (`! Title !! Mentor(s)`) and from template calls with named parameters (`{{project |Project=… |Contact=…}}`)"
        }
        Format::Markdown => {
            "ideas are headings followed by `- Label: value` bullets or `**Label:** value` lines; give `--level N` if the ideas' headings are not found"
        }
        Format::Collection => {
            "give a folder of `.md` files, each one idea with front matter between `---` lines"
        }
        Format::Html => {
            "ideas are read from tables whose first row names the columns, or from headings followed by `Label: value` lines"
        }
        Format::IssueForm => {
            "give issue bodies written through an issue form (`### Label` then the answer), the JSON of `gh issue view N --json number,title,body,url,author`, a list from `gh issue list --json number,title,body,author,labels,url`, or a folder of such files"
        }
    };
    Diagnostic::error(
        "no-ideas",
        "found no ideas in the source; nothing was written",
    )
    .in_file(&req.source)
    .with_help(help)
}

fn exists_error(file: &Path) -> Diagnostic {
    Diagnostic::error("file-exists", format!("{} already exists", file.display()))
        .in_file(file)
        .with_help("import never overwrites a file: import into a new year folder (`--year`) or move the existing one away; nothing was written")
}

fn report(idea: &Idea, file: &Path) -> ImportedIdea {
    let mut fields = Vec::new();
    let mut add = |k: &str, v: String| fields.push((k.to_string(), v));
    if let Some(p) = &idea.project {
        add("project", p.clone());
    }
    if let Some(s) = &idea.summary {
        add("summary", s.clone());
    }
    if !idea.mentors.is_empty() {
        let names: Vec<String> = idea
            .mentors
            .iter()
            .map(|m| {
                let extra: Vec<&str> = [m.email.as_deref(), m.github.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                if extra.is_empty() {
                    m.name.clone()
                } else {
                    format!("{} ({})", m.name, extra.join(", "))
                }
            })
            .collect();
        add("mentors", names.join("; "));
    }
    if let Some(s) = idea.size {
        add("size", format!("{} (~{} h)", s.label(), s.hours()));
    }
    if let Some(d) = idea.difficulty {
        add("difficulty", d.as_str().to_string());
    }
    if !idea.skills.is_empty() {
        add("skills", idea.skills.join(", "));
    }
    if let Some(p) = &idea.prerequisites {
        add("prerequisites", raw::one_line(p));
    }
    if !idea.outcomes.is_empty() {
        add("outcomes", format!("{} item(s)", idea.outcomes.len()));
    }
    for (kind, title, url) in &idea.links {
        let name = kind.map_or(title.as_deref().unwrap_or("Link"), |k| k.as_str());
        add("link", format!("{name}: {url}"));
    }
    if let Some(s) = idea.status {
        add("status", s.as_str().to_string());
    }
    ImportedIdea {
        origin: idea.origin.clone(),
        file: file.to_path_buf(),
        title: idea.title.clone(),
        fields,
        notes: idea.notes.clone(),
        body_chars: idea.body.chars().count(),
    }
}

/// Runs `check` on the site and keeps what concerns the imported year.
fn check_year(root: &Path, dir: &Path) -> CheckResult {
    let report = crate::commands::check::check(&BuildOptions::new(root), Date::today());
    let mut out = CheckResult::default();
    for d in report.diagnostics {
        let mine = d.file.as_deref().is_some_and(|f| {
            f.starts_with(dir) || f.strip_prefix(root).is_ok_and(|r| r.starts_with(dir))
        });
        if mine {
            out.diagnostics.push(d);
        } else if d.is_error() {
            out.errors_elsewhere += 1;
        }
    }
    out
}
