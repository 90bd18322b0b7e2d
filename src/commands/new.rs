//! `ideawiki new idea` and `ideawiki new year`.
//!
//! Mentors touch the site once a year and rarely remember the front-matter keys; a file
//! that already lists every key, with the choices in comments, beats any documentation.
//! Nothing here replaces a file: one that exists is reported, not overwritten.

use std::path::{Path, PathBuf};

use crate::commands::files::{io_error, write_new};
use crate::commands::front_matter_edit::yaml_str;
use crate::commands::sections::{INIT_PROGRAM, Sections};
use crate::diag::Diagnostic;
use crate::site::issue_form::{IdeaDraft, Issue};
use crate::site::layout::CONTENT_DIR;
use crate::site::parse::{self, FrontMatter, Kind};
use crate::site::slug::{slug_for_title, slug_problem};
use crate::util::date::Date;

/// What `ideawiki new idea` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewIdea {
    pub title: String,
    /// The program's folder; defaults to the only program of the site.
    pub program: Option<String>,
    /// Defaults to the program's newest year section.
    pub year: Option<u16>,
    pub project: Option<String>,
    /// The file name without `.md`; defaults to one made from the title.
    pub slug: Option<String>,
}

/// Where `new idea` put an idea.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The file, relative to the root.
    pub path: PathBuf,
    pub year: u16,
    /// Whether the year was chosen as the program's current one (not asked for).
    pub chosen: bool,
}

/// Writes a new idea file into its year section. Returns where it went.
pub fn new_idea(root: &Path, req: &NewIdea) -> Result<Placed, Vec<Diagnostic>> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err(vec![
            Diagnostic::error("usage", "the idea's title is empty").with_help(
                "write the title readers will see: `ideawiki new idea \"Virtio on Xen\"`",
            ),
        ]);
    }
    let slug = match &req.slug {
        Some(s) => match slug_problem(s) {
            None => s.clone(),
            Some(why) => {
                return Err(vec![
                    Diagnostic::error("usage", format!("`--slug {s}` cannot be used: {why}"))
                        .with_help("use lowercase letters, digits and `-`, such as `virtio-on-xen`"),
                ]);
            }
        },
        None => slug_for_title(title).ok_or_else(|| {
            vec![
                Diagnostic::error(
                    "usage",
                    format!("cannot make a file name from the title `{title}`"),
                )
                .with_help("give one with `--slug`, using lowercase letters, digits and `-`, such as `--slug virtio-on-xen`"),
            ]
        })?,
    };
    let (dir, year, chosen) = year_for(root, req.program.as_deref(), req.year)?;
    let rel = format!("{dir}/{slug}.md");
    let text = idea_text(title, req.project.as_deref());
    must_parse(&rel, &text, Kind::Idea)?;
    let path = write_idea(
        root,
        &rel,
        &text,
        "edit that file, or choose another title or `--slug`; ideawiki never overwrites a file",
    )?;
    Ok(Placed { path, year, chosen })
}

/// The year section a new idea goes to: the one asked for, or the program's current year.
/// Returns its folder (relative to `content/`), its year, and whether it was chosen.
fn year_for(
    root: &Path,
    program: Option<&str>,
    asked: Option<u16>,
) -> Result<(String, u16, bool), Vec<Diagnostic>> {
    let sections = Sections::scan(root);
    let program = sections.program(program).map_err(|d| vec![d])?;
    let year = match asked {
        Some(y) => sections.require(&program, y, true)?,
        None => match sections.current(&program) {
            Some(y) => y,
            None => {
                // The program has no year at all: the error says how to create this one.
                let this_year = u16::try_from(Date::today().year).unwrap_or(2027);
                return Err(sections
                    .require(&program, this_year, true)
                    .err()
                    .unwrap_or_default());
            }
        },
    };
    Ok((year.dir.clone(), year.year, asked.is_none()))
}

/// Writes a new idea at `content/<rel>`, never replacing a file.
fn write_idea(
    root: &Path,
    rel: &str,
    text: &str,
    exists_help: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let shown = Path::new(CONTENT_DIR).join(rel);
    match write_new(&root.join(&shown), text) {
        Ok(true) => Ok(shown),
        Ok(false) => Err(vec![
            Diagnostic::error("file-exists", format!("{} already exists", shown.display()))
                .in_file(&shown)
                .with_help(exists_help),
        ]),
        Err(e) => Err(vec![io_error(&e)]),
    }
}

/// The most `--from-issue` reads: GitHub caps an issue body at 65,536 characters.
pub const MAX_ISSUE_BYTES: usize = 1024 * 1024;

/// What `ideawiki new idea --from-issue` was asked for.
#[derive(Debug, Clone, Default)]
pub struct FromIssue {
    /// The issue body, or `gh issue view --json …`'s output.
    pub text: String,
    /// How to name the input in messages (its path, or `<stdin>`).
    pub shown: PathBuf,
    pub program: Option<String>,
    /// The year when the form does not name one [default: the program's current year].
    pub year: Option<u16>,
}

/// Writes the idea an issue made from the project-idea form proposes. Problems with the
/// answers are reported at the form's fields, as the front-matter parser words them.
pub fn new_idea_from_issue(root: &Path, req: &FromIssue) -> Result<Placed, Vec<Diagnostic>> {
    let issue = Issue::read(&req.text, &req.shown).map_err(|d| vec![d])?;
    let draft = IdeaDraft::from_issue(&issue, &req.shown)?;
    let slug = slug_for_title(&draft.title).ok_or_else(|| {
        vec![
            Diagnostic::error(
                "issue-form",
                format!("cannot make a file name from the title `{}`", draft.title),
            )
            .in_file(&req.shown)
            .with_help("give the idea a title with letters or digits in the form's field “Title”"),
        ]
    })?;
    let (dir, year, chosen) = year_for(root, req.program.as_deref(), draft.year.or(req.year))?;
    let rel = format!("{dir}/{slug}.md");
    let (_, diags) = parse::front_matter_text(&rel, draft.text.as_str().into(), Kind::Idea);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| draft.point_at_form(d, &req.shown))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let path = write_idea(
        root,
        &rel,
        &draft.text,
        "an idea with this title exists: if this issue was converted before, edit that file; otherwise change the issue's title",
    )?;
    Ok(Placed {
        path,
        year,
        chosen: chosen && draft.year.is_none(),
    })
}

/// An idea file with every key: the ones a mentor must fill are present and empty (so
/// `ideawiki check` reminds them), the optional ones are commented with their choices.
fn idea_text(title: &str, project: Option<&str>) -> String {
    let project = match project.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("project: {}\n", yaml_str(p)),
        None => "# project:                    # the component or sub-project\n".into(),
    };
    format!(
        "\
---
title: {title}
{project}# summary: One sentence for the ideas table.
mentors: []                    # names, or maps: - {{name: Jane Doe, email: jane@example.org, url: https://…}}
# size: medium                 # small | medium | large, or hours: 90, 175, 350
# difficulty: medium           # easy | medium | hard
skills: []                     # what a student needs to know, such as [C, Git]
status: open                   # open | taken | completed | withdrawn
students: []                   # who works on it, once taken
# tags: []
# slug: my-idea                # the URL's last part (default: the file name)
# aliases: []                  # old URLs of this idea, redirected here
# draft: true                  # left out of the site until you remove this
# extra: {{}}                    # your own keys, for templates
---
What is the problem, and why does it matter? Where in the code would a newcomer start?

## Goals

- The first thing the student will have built.
- The next one.

## What you will learn

The skills and parts of the project the student will know at the end.
",
        title = yaml_str(title),
    )
}

/// Writes the year section `content/<program>/<year>/_index.md`. It starts as a draft, so
/// mentors can add ideas before the year is announced; `ideawiki build --drafts` previews
/// it and `status: open` publishes it. Returns its path relative to the root.
pub fn new_year(root: &Path, year: u16, program: Option<&str>) -> Result<PathBuf, Vec<Diagnostic>> {
    let sections = Sections::scan(root);
    let program = match (program, sections.programs.is_empty()) {
        (None, true) => {
            return Err(vec![
                Diagnostic::error(
                    "usage",
                    "this site has no program yet, so `--program` is needed",
                )
                .with_help(format!(
                    "name the program's folder: `ideawiki new year {year} --program {INIT_PROGRAM}`"
                )),
            ]);
        }
        (given, _) => sections.program(given).map_err(|d| vec![d])?,
    };
    if let Some(existing) = sections.find(&program, year) {
        return Err(vec![
            Diagnostic::error(
                "file-exists",
                format!("`{program}` already has a year section for {year}"),
            )
            .in_file(existing.index_file())
            .with_help("add ideas to it with `ideawiki new idea \"Title\"`"),
        ]);
    }
    let display = sections
        .newest(&program)
        .and_then(|y| y.fm.program.clone())
        .unwrap_or_else(|| program.clone());
    let rel = format!("{program}/{year}/_index.md");
    let shown = Path::new(CONTENT_DIR).join(&rel);
    let text = format!(
        "\
---
title: {title}
program: {program_value}
year: {year}
status: draft           # draft | open | closed | archived: `open` publishes it
# notice: Applications close on 2 April.   # a banner on the year page and its ideas
# deadline: {year}-04-02  # YYYY-MM-DD; `ideawiki check` warns once it has passed
---
How to apply this year, how to reach the mentors, and what to read first: this text
appears above the table of ideas.
",
        title = yaml_str(&format!("{display} {year} project ideas")),
        program_value = yaml_str(&display),
    );
    must_parse(&rel, &text, Kind::Section)?;
    match write_new(&root.join(&shown), &text) {
        Ok(true) => Ok(shown),
        Ok(false) => Err(vec![
            Diagnostic::error("file-exists", format!("{} already exists", shown.display()))
                .in_file(&shown)
                .with_help("it has no `year:` line: add `year: {year}` to make it a year section, or move it away"),
        ]),
        Err(e) => Err(vec![io_error(&e)]),
    }
}

/// Checks generated front matter before it reaches the disk: a file ideawiki writes must
/// never be one that ideawiki then refuses to build.
fn must_parse(rel: &str, text: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
    match parse::front_matter_text(rel, text.into(), kind) {
        (Some(p), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(p),
        (_, mut diags) => {
            diags.insert(
                0,
                Diagnostic::error(
                    "internal",
                    format!("ideawiki generated front matter it cannot read back for content/{rel}; nothing was written"),
                )
                .with_help("please report this with the command you ran"),
            );
            Err(diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ideas_parse() {
        let text = idea_text("C# on Xen: yes", Some("Xen"));
        assert!(
            must_parse("gsoc/2031/x.md", &text, Kind::Idea).is_ok(),
            "{text}"
        );
    }
}
