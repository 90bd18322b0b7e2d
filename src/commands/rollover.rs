//! `ideawiki rollover`: start a new year from the ideas still open in an old one. The old
//! year is never touched; the new one is a draft and gets copies, with `students` and
//! `aliases` cleared and `confirmed: false`, until each mentor confirms their idea.

use std::io;
use std::path::{Path, PathBuf};

use crate::commands::files::{io_diag, read_raw, write_new};
use crate::commands::front_matter_edit::{FrontMatterEdit, reparse, section_of};
use crate::commands::sections::{Sections, YearSection};
use crate::diag::Diagnostic;
use crate::site::frontmatter::{IdeaFm, IdeaStatus, YearStatus};
use crate::site::layout::CONTENT_DIR;
use crate::site::load::SourceFile;
use crate::site::parse::{self, FrontMatter, Kind};
use crate::util::date::Date;

/// One step of a rollover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Write the new year's `_index.md`, made from the old one.
    CreateYear { from: PathBuf, to: PathBuf },
    /// The new year's section exists already and is kept as it is.
    KeepYear { file: PathBuf },
    /// Copy an open idea into the new year.
    Copy { from: PathBuf, to: PathBuf },
    /// Leave an idea behind.
    Skip { file: PathBuf, reason: String },
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Notes about the new year's section the admin should act on (a deadline to set…).
    pub notes: Vec<String>,
    /// New files and their text, in the order of `steps`.
    writes: Vec<(PathBuf, String)>,
    /// Set when the target year folder does not exist yet: it is created whole.
    new_dir: Option<PathBuf>,
}

impl Plan {
    pub fn copies(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Copy { .. }))
            .count()
    }

    pub fn skips(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Skip { .. }))
            .count()
    }
}

/// Works out what `rollover` would do, without writing anything. Refuses (with every
/// clash named) when an idea would land on a file or URL the new year already has.
pub fn rollover_plan(
    root: &Path,
    program: Option<&str>,
    from: u16,
    to: u16,
) -> Result<Plan, Vec<Diagnostic>> {
    refuse_same_year(from, to)?;
    let sections = Sections::scan(root);
    let program = sections.program(program).map_err(|d| vec![d])?;
    let old = sections.require(&program, from, false)?;
    let target = sections.find(&program, to);
    let target_dir = target.map_or_else(|| format!("{program}/{to}"), |t| t.dir.clone());
    let mut plan = Plan::default();
    plan_year_section(root, old, target, &target_dir, to, &mut plan)?;
    let taken = target_names(root, &target_dir);
    let mut refused = Vec::new();
    for file in idea_files(root, &old.dir) {
        match plan_idea(root, &file, &target_dir, to, &taken)? {
            IdeaPlan::Copy { from, to, text } => {
                plan.writes.push((to.clone(), text));
                plan.steps.push(Step::Copy { from, to });
            }
            IdeaPlan::Skip { file, reason } => plan.steps.push(Step::Skip { file, reason }),
            IdeaPlan::Refused(diags) => refused.extend(diags),
        }
    }
    if refused.is_empty() {
        Ok(plan)
    } else {
        Err(refused)
    }
}

fn refuse_same_year(from: u16, to: u16) -> Result<(), Vec<Diagnostic>> {
    if from != to {
        return Ok(());
    }
    Err(vec![
        Diagnostic::error("usage", format!("cannot roll {from} over into itself")).with_help(
            format!(
                "name the new year: `ideawiki rollover {from} {}`",
                from.saturating_add(1)
            ),
        ),
    ])
}

/// Plans the new year's section: kept if it exists, otherwise made from the old one (and
/// its folder created whole if that is missing too). An `_index.md` without `year:` in the
/// way is refused rather than overwritten.
fn plan_year_section(
    root: &Path,
    old: &YearSection,
    target: Option<&YearSection>,
    target_dir: &str,
    to: u16,
    plan: &mut Plan,
) -> Result<(), Vec<Diagnostic>> {
    if let Some(t) = target {
        plan.steps.push(Step::KeepYear {
            file: t.index_file(),
        });
        return Ok(());
    }
    let content = root.join(CONTENT_DIR);
    let index = Path::new(CONTENT_DIR).join(target_dir).join("_index.md");
    if content.join(target_dir).join("_index.md").exists() {
        return Err(vec![
            Diagnostic::error(
                "rollover-clash",
                format!("{} exists but is not a year section", index.display()),
            )
            .in_file(&index)
            .with_help(format!(
                "add `year: {to}` to it, or move it away, then run the rollover again"
            )),
        ]);
    }
    let text = new_year_text(root, old, to, &mut plan.notes)?;
    plan.writes.push((index.clone(), text));
    plan.steps.push(Step::CreateYear {
        from: old.index_file(),
        to: index,
    });
    let dir = content.join(target_dir);
    plan.new_dir = (!dir.exists()).then_some(dir);
    Ok(())
}

/// The new year's `_index.md`: the old one with the year moved on everywhere it is
/// written (`year:`, the title, the timeline, the intro), as a draft (mentors confirm their
/// ideas before it opens), no notice, and the deadline moved by as many years.
fn new_year_text(
    root: &Path,
    old: &YearSection,
    to: u16,
    notes: &mut Vec<String>,
) -> Result<String, Vec<Diagnostic>> {
    let shown = old.index_file();
    let raw = read_raw(root, &shown).map_err(|d| vec![d])?;
    let mut edit = FrontMatterEdit::new(raw).ok_or_else(|| {
        vec![Diagnostic::error("no-front-matter", "cannot find the front matter").in_file(&shown)]
    })?;
    let (from, new) = (old.year.to_string(), to.to_string());
    edit.set("year", &new, &[]);
    if !edit.replace_in_value("title", &from, &new) {
        notes.push(format!(
            "the title does not mention {from}, so it was kept: give {to} its own title"
        ));
    }
    edit.set("status", YearStatus::Draft.as_str(), &["year"]);
    edit.remove("notice");
    edit.remove("aliases");
    edit.replace_number_in_key("timeline", &from, &new);
    move_deadline(&mut edit, old.year, to, notes);
    let mentions = edit.replace_number_in_body(&from, &new);
    if mentions > 0 {
        notes.push(format!(
            "the intro said {from} {}: it says {to} now; read it through for other dates",
            crate::util::text::plural(mentions, "time", "times")
        ));
    }
    let text = edit.into_text();
    let rel = format!("{}/{to}/_index.md", old.program);
    let fm = reparse(&rel, &text, Kind::Section).map(section_of)?;
    match fm {
        Some(fm)
            if fm.year == Some(to)
                && fm.status == Some(YearStatus::Draft)
                && fm.notice.is_none()
                && fm.aliases.is_empty() =>
        {
            Ok(text)
        }
        _ => Err(vec![
            Diagnostic::error(
                "edit-failed",
                format!("could not make the {to} section from this file"),
            )
            .in_file(&shown)
            .with_help(format!(
                "create it with `ideawiki new year {to}` and copy the ideas by hand"
            )),
        ]),
    }
}

/// Moves `deadline:` by the years from `from` to `to`; one that is not a `YYYY-MM-DD` date
/// is commented out, as a reminder to set the new one.
fn move_deadline(edit: &mut FrontMatterEdit, from: u16, to: u16, notes: &mut Vec<String>) {
    let Some(value) = edit.value("deadline") else {
        return;
    };
    let moved = Date::parse(value.trim_matches(['"', '\'']))
        .map(|d| d.add_years(i32::from(to) - i32::from(from)));
    match moved {
        Some(d) => {
            edit.set("deadline", &d.to_string(), &[]);
            notes.push(format!(
                "the deadline moved to {d}: correct it if {to}'s differs"
            ));
        }
        None => {
            edit.comment_out("deadline");
            notes.push(format!(
                "the {from} deadline is commented out in the new `_index.md`: set {to}'s"
            ));
        }
    }
}

/// The names and slugs already used in the new year's folder.
struct Taken {
    names: Vec<(String, PathBuf)>,
    slugs: Vec<(String, PathBuf)>,
}

impl Taken {
    fn clash(&self, name: &str, slug: &str) -> Option<&Path> {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| self.slugs.iter().find(|(s, _)| s == slug))
            .map(|(_, p)| p.as_path())
    }
}

fn target_names(root: &Path, dir: &str) -> Taken {
    let mut taken = Taken {
        names: Vec::new(),
        slugs: Vec::new(),
    };
    let (files, _) = crate::site::load::discover(root);
    for f in files.iter().filter(|f| parse::parent_dir(&f.rel) == dir) {
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel).to_string();
        taken.names.push((name.clone(), f.shown()));
        if f.is_markdown() && !parse::is_section_file(&f.rel) {
            let slug = match parse::front_matter_file(f, Kind::Idea).0 {
                Some(FrontMatter::Idea(fm)) => fm.slug,
                _ => None,
            };
            let slug = slug.unwrap_or_else(|| name.trim_end_matches(".md").to_string());
            taken.slugs.push((slug, f.shown()));
        }
    }
    taken
}

/// Markdown files directly inside a year folder other than `_index.md`: its ideas.
fn idea_files(root: &Path, dir: &str) -> Vec<SourceFile> {
    let (files, _) = crate::site::load::discover(root);
    files
        .into_iter()
        .filter(|f| {
            f.is_markdown() && !parse::is_section_file(&f.rel) && parse::parent_dir(&f.rel) == dir
        })
        .collect()
}

/// What becomes of one idea of the old year.
enum IdeaPlan {
    /// Copied to `to` (relative to the root) as `text`.
    Copy {
        from: PathBuf,
        to: PathBuf,
        text: String,
    },
    Skip {
        file: PathBuf,
        reason: String,
    },
    /// It cannot be copied: the rollover is refused, with every such idea named.
    Refused(Vec<Diagnostic>),
}

/// Plans one idea: skipped unless open, refused when it is broken or its name or slug is
/// taken in the new year, copied otherwise. `Err` (the file cannot be read) stops the plan.
fn plan_idea(
    root: &Path,
    file: &SourceFile,
    target_dir: &str,
    to: u16,
    taken: &Taken,
) -> Result<IdeaPlan, Vec<Diagnostic>> {
    let shown = file.shown();
    let (fm, diags) = parse::front_matter_file(file, Kind::Idea);
    let Some(FrontMatter::Idea(fm)) = fm else {
        let errors = diags.into_iter().filter(Diagnostic::is_error).collect();
        return Ok(IdeaPlan::Refused(errors));
    };
    if let Some(reason) = skip_reason(&fm) {
        return Ok(IdeaPlan::Skip {
            file: shown,
            reason,
        });
    }
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel).to_string();
    let slug = fm
        .slug
        .clone()
        .unwrap_or_else(|| name.trim_end_matches(".md").to_string());
    if let Some(other) = taken.clash(&name, &slug) {
        return Ok(IdeaPlan::Refused(vec![clash(&shown, other, to)]));
    }
    let raw = read_raw(root, &shown).map_err(|d| vec![d])?;
    let rel = format!("{target_dir}/{name}");
    match copy_text(raw, &rel, &shown) {
        Ok(text) => Ok(IdeaPlan::Copy {
            from: shown,
            to: Path::new(CONTENT_DIR).join(target_dir).join(&name),
            text,
        }),
        Err(diags) => Ok(IdeaPlan::Refused(diags)),
    }
}

/// Why an idea stays behind, or `None` if it moves to the new year.
fn skip_reason(fm: &IdeaFm) -> Option<String> {
    if fm.draft {
        return Some("draft".into());
    }
    fm.status
        .filter(|s| *s != IdeaStatus::Open)
        .map(|s| format!("status {}", s.as_str()))
}

/// An idea whose file name or slug the new year already uses: maybe a second rollover.
fn clash(shown: &Path, other: &Path, to: u16) -> Diagnostic {
    Diagnostic::error(
        "rollover-clash",
        format!(
            "{} cannot be copied: {to} already has {}",
            shown.display(),
            other.display()
        ),
    )
    .in_file(other)
    .with_help(
        "if it is the same idea, it was rolled over already: remove one of the two; otherwise rename one (or give it another `slug:`), then run the rollover again",
    )
}

/// The copy of an idea: its text with `students` emptied, `aliases` removed and
/// `confirmed: false` (its mentor has to say it still holds), read back (as `rel` in the
/// new year) to prove the edit did that. No other line changes.
fn copy_text(raw: String, rel: &str, shown: &Path) -> Result<String, Vec<Diagnostic>> {
    let Some(mut edit) = FrontMatterEdit::new(raw) else {
        return Err(vec![
            Diagnostic::error("no-front-matter", "cannot find the front matter").in_file(shown),
        ]);
    };
    if edit.value("students").is_some_and(|v| v != "[]") {
        edit.set("students", "[]", &[]);
    }
    // Old addresses belong to the old idea, which stays; the copy is new.
    edit.remove("aliases");
    edit.set("confirmed", "false", &["status"]);
    let text = edit.into_text();
    match reparse(rel, &text, Kind::Idea)? {
        FrontMatter::Idea(fm) if fm.students.is_empty() && fm.aliases.is_empty() && !fm.confirmed => Ok(text),
        _ => Err(vec![
            Diagnostic::error("edit-failed", "could not clear `students` and `aliases` or add `confirmed: false` in the copy")
                .in_file(shown)
                .with_help("write `students: []` on one line in this idea and keep `aliases` a top-level key, then run the rollover again"),
        ]),
    }
}

/// Carries out a plan. A new year folder is assembled beside its final place and renamed
/// into place in one step; into an existing folder the files are created one by one,
/// never replacing a file, and removed again if a later one fails.
pub fn rollover_apply(root: &Path, plan: &Plan) -> Result<(), Vec<Diagnostic>> {
    let fail = |e: &io::Error, shown: &Path| vec![io_diag(e, shown)];
    if let Some(dir) = &plan.new_dir {
        let parent = dir.parent().unwrap_or(root);
        let name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.rollover-"))
            .tempdir_in(parent)
            .map_err(|e| fail(&e, parent))?;
        let prefix = dir.strip_prefix(root).unwrap_or(dir);
        for (shown, text) in &plan.writes {
            let inner = shown.strip_prefix(prefix).unwrap_or(shown);
            write_new(&staging.path().join(inner), text).map_err(|e| fail(&e, shown))?;
        }
        let staged = staging.keep();
        if let Err(e) = crate::util::fsutil::rename(&staged, dir) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(fail(&e, prefix));
        }
        return Ok(());
    }
    let mut created: Vec<PathBuf> = Vec::new();
    for (shown, text) in &plan.writes {
        let path = root.join(shown);
        let result = match write_new(&path, text) {
            Ok(true) => Ok(()),
            Ok(false) => Err(vec![
                Diagnostic::error(
                    "rollover-clash",
                    format!("{} appeared while the rollover ran", shown.display()),
                )
                .in_file(shown)
                .with_help("nothing else was changed; run the rollover again"),
            ]),
            Err(e) => Err(fail(&e, shown)),
        };
        if let Err(d) = result {
            for p in &created {
                let _ = std::fs::remove_file(p);
            }
            return Err(d);
        }
        created.push(path);
    }
    Ok(())
}
