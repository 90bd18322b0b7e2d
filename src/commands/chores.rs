//! The yearly chores: `archive` (mark a year archived) and `rollover` (start next year from
//! the ideas still open).
//!
//! Both edit front matter *in place*, one key at a time, instead of parsing and
//! re-serialising the YAML: a round trip through serde would drop the comments mentors
//! wrote, reorder keys and re-quote strings, and the diff of a one-word change would touch
//! the whole file. [`FrontMatterEdit`] replaces, inserts or removes whole lines and leaves
//! every other byte alone, line endings included; each edited file is parsed again before
//! it is written, so an edit can never leave a file the build rejects.

use std::io;
use std::path::{Path, PathBuf};

use crate::commands::scaffold::{self, Sections, YearSection, yaml_str};
use crate::diag::Diagnostic;
use crate::site::frontmatter::{IdeaFm, IdeaStatus, SectionFm, YearStatus};
use crate::site::layout::CONTENT_DIR;
use crate::site::load::SourceFile;
use crate::site::parse::{self, FrontMatter, Kind};

// ---------------------------------------------------------------------------------------
// Line-level front matter edits

/// A file's text with its front matter located, for edits that keep every other byte.
#[derive(Debug, Clone)]
pub struct FrontMatterEdit {
    text: String,
    /// The file's own line ending, used for any line we add.
    eol: &'static str,
}

/// The lines of one top-level key: the `key:` line and any continuation lines (indented
/// lines, or a list written without indentation).
struct KeyBlock {
    /// Byte range of the whole block, line endings included.
    range: std::ops::Range<usize>,
    /// The value as written on the key's line, without a trailing comment.
    value: String,
    /// Byte offset of the trailing comment on the key's line (the `#`), if the value
    /// fits on that line; kept when the value is replaced.
    comment_at: Option<usize>,
    /// Column where the comment starts, to keep comments aligned after an edit.
    comment_col: usize,
}

impl FrontMatterEdit {
    /// `None` when the text does not start with a closed `---` front matter block.
    pub fn new(text: String) -> Option<FrontMatterEdit> {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let edit = FrontMatterEdit { text, eol };
        edit.yaml_lines()?;
        Some(edit)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    /// Byte ranges of the YAML lines (endings included) and the offset of the closing `---`.
    fn yaml_lines(&self) -> Option<(Vec<std::ops::Range<usize>>, usize)> {
        let text = &self.text;
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut lines = text[start..]
            .split_inclusive('\n')
            .scan(start, |pos, line| {
                let r = *pos..*pos + line.len();
                *pos += line.len();
                Some(r)
            });
        let first = lines.next()?;
        if text[first].trim_end() != "---" {
            return None;
        }
        let mut yaml = Vec::new();
        for r in lines {
            if text[r.clone()].trim_end() == "---" {
                return Some((yaml, r.start));
            }
            yaml.push(r);
        }
        None
    }

    fn find(&self, key: &str) -> Option<KeyBlock> {
        let (lines, _) = self.yaml_lines()?;
        let text = &self.text;
        let i = lines.iter().position(|r| {
            let line = &text[r.clone()];
            line.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches([' ', '\t']);
                rest.starts_with(':') && rest[1..].chars().next().is_none_or(|c| c.is_whitespace())
            })
        })?;
        let line = &text[lines[i].clone()];
        let colon = line.find(':').unwrap_or(key.len());
        let after = line[colon + 1..].trim_end_matches(['\n', '\r']);
        let mut end = i + 1;
        let mut last_content = i + 1;
        while end < lines.len() {
            let l = &text[lines[end].clone()];
            let trimmed = l.trim();
            if (l.starts_with([' ', '\t']) && !trimmed.is_empty())
                || l.starts_with("- ")
                || trimmed == "-"
            {
                end += 1;
                last_content = end;
            } else if trimmed.is_empty() {
                end += 1;
            } else {
                break;
            }
        }
        let single = last_content == i + 1;
        let (value, comment) = split_comment(after);
        let comment_at = (single && comment.is_some())
            .then(|| lines[i].start + colon + 1 + comment.unwrap_or(0));
        let comment_col = comment_at.map_or(0, |at| at - lines[i].start);
        Some(KeyBlock {
            range: lines[i].start..lines[last_content - 1].end,
            value: value.trim().to_string(),
            comment_at,
            comment_col,
        })
    }

    /// The value of a top-level key as written (without quotes removed), if it is on the
    /// key's line.
    pub fn value(&self, key: &str) -> Option<String> {
        self.find(key).map(|b| b.value)
    }

    /// Sets `key: value` (`value` already YAML). Replaces the key's lines if it exists,
    /// keeping a trailing comment in the same column; otherwise inserts the line after the
    /// first of `after` that exists, or at the end of the front matter.
    pub fn set(&mut self, key: &str, value: &str, after: &[&str]) {
        let eol = self.eol;
        if let Some(block) = self.find(key) {
            let mut line = format!("{key}: {value}");
            if let Some(at) = block.comment_at {
                let comment = self.text[at..block.range.end].trim_end_matches(['\n', '\r']);
                let pad = block.comment_col.saturating_sub(line.len()).max(1);
                line.push_str(&" ".repeat(pad));
                line.push_str(comment);
            }
            line.push_str(eol);
            self.text.replace_range(block.range, &line);
            return;
        }
        let at = after
            .iter()
            .find_map(|k| self.find(k).map(|b| b.range.end))
            .or_else(|| self.yaml_lines().map(|(_, close)| close))
            .unwrap_or(0);
        self.text.insert_str(at, &format!("{key}: {value}{eol}"));
    }

    /// Removes the key's lines. Returns whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        match self.find(key) {
            Some(block) => {
                self.text.replace_range(block.range, "");
                true
            }
            None => false,
        }
    }

    /// Turns the key's lines into comments, so the old value stays visible as a reminder.
    pub fn comment_out(&mut self, key: &str) -> bool {
        let Some(block) = self.find(key) else {
            return false;
        };
        let commented: String = self.text[block.range.clone()]
            .split_inclusive('\n')
            .map(|l| format!("# {l}"))
            .collect();
        self.text.replace_range(block.range, &commented);
        true
    }

    /// Replaces `from` by `to` inside the key's value, on its line only.
    pub fn replace_in_value(&mut self, key: &str, from: &str, to: &str) -> bool {
        let Some(block) = self.find(key) else {
            return false;
        };
        let line_end = self.text[block.range.clone()]
            .find('\n')
            .map_or(block.range.end, |i| block.range.start + i);
        let line = &self.text[block.range.start..line_end];
        let Some(colon) = line.find(':') else {
            return false;
        };
        let value_start = block.range.start + colon + 1;
        let value_end = block.comment_at.unwrap_or(line_end);
        let value = &self.text[value_start..value_end];
        if !value.contains(from) {
            return false;
        }
        let replaced = value.replace(from, to);
        self.text.replace_range(value_start..value_end, &replaced);
        true
    }
}

/// Splits what follows `key:` into the value and the offset of a trailing `# comment`.
/// Quotes are respected, so `notice: "C# day"` has no comment.
fn split_comment(after: &str) -> (&str, Option<usize>) {
    let trimmed = after.trim_start();
    let lead = after.len() - trimmed.len();
    // Where the value's own characters end, so a `#` inside quotes is not a comment.
    let scan_from = match trimmed.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let mut escaped = false;
            let mut end = None;
            let mut chars = trimmed.char_indices().skip(1).peekable();
            while let Some((i, c)) = chars.next() {
                if q == '"' && c == '\\' && !escaped {
                    escaped = true;
                    continue;
                }
                if c == q && !escaped {
                    if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                        continue;
                    }
                    end = Some(i + 1);
                    break;
                }
                escaped = false;
            }
            match end {
                Some(e) => lead + e,
                // The quoted value goes on past this line: no comment on it.
                None => return (after, None),
            }
        }
        _ => lead,
    };
    let bytes = after.as_bytes();
    let hash = (scan_from..bytes.len())
        .find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t'));
    match hash {
        Some(h) => (&after[..h], Some(h)),
        None => (after, None),
    }
}

// ---------------------------------------------------------------------------------------
// Reading and writing the files being edited

/// A content file read as it is on disk (BOM, CRLF and all), for byte-exact edits.
fn read_raw(root: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = crate::util::fsutil::read(&root.join(shown))
        .map_err(|e| Diagnostic::error("io", e.to_string()).in_file(shown))?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error("encoding", "this file is not valid UTF-8")
            .in_file(shown)
            .with_help("save it as UTF-8; `ideawiki build` reports the exact line")
    })
}

/// Parses edited text the way the build will read it (no BOM, LF endings), so the edit is
/// proven good before anything is written.
fn reparse(rel: &str, text: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
    let clean = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    match parse::front_matter_text(rel, clean.into(), kind) {
        (Some(p), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(p),
        (_, mut diags) => {
            diags.insert(
                0,
                Diagnostic::error(
                    "edit-failed",
                    format!(
                        "editing content/{rel} would leave it unreadable, so it was not changed"
                    ),
                )
                .in_file(Path::new(CONTENT_DIR).join(rel))
                .with_help(
                    "make the change by hand; the problem the edit would cause is shown below",
                ),
            );
            Err(diags)
        }
    }
}

/// Replaces a file's content in one step (write a temporary file beside it, then rename),
/// keeping its permissions, so an interrupted write never leaves half a file.
fn replace_file(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".ideawiki-edit-")
        .tempfile_in(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write in {}: {e}", dir.display())))?;
    io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map(|_| ()).map_err(|e| {
        io::Error::new(
            e.error.kind(),
            format!("cannot replace {}: {}", path.display(), e.error),
        )
    })
}

fn io_diag(e: &io::Error, shown: &Path) -> Diagnostic {
    Diagnostic::error("io", e.to_string())
        .in_file(shown)
        .with_help("check the folder's permissions and free disk space")
}

fn section_of(fm: FrontMatter) -> Option<SectionFm> {
    match fm {
        FrontMatter::Section(fm) => Some(fm),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// archive

/// One changed line of an edited file, for the user to see what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ArchiveReport {
    /// The year section's `_index.md`, relative to the root.
    pub file: PathBuf,
    /// Empty when the year was already archived with that notice.
    pub changes: Vec<LineChange>,
}

/// Marks a year section `status: archived` and sets (or, with `Some("")`, removes) its
/// notice. Without a notice, a notice written for the open year ("Applications close on…")
/// would now be wrong, so it is removed and the theme's own "archived" banner shows instead;
/// a year that was already archived keeps its notice.
pub fn archive(
    root: &Path,
    program: Option<&str>,
    year: u16,
    notice: Option<&str>,
) -> Result<ArchiveReport, Vec<Diagnostic>> {
    let sections = Sections::scan(root);
    let program = sections.program(program).map_err(|d| vec![d])?;
    let section = sections.require(&program, year, false)?;
    let shown = section.index_file();
    let before = read_raw(root, &shown).map_err(|d| vec![d])?;
    let mut edit = FrontMatterEdit::new(before.clone()).ok_or_else(|| {
        vec![
            Diagnostic::error("no-front-matter", "cannot find the front matter to edit")
                .in_file(&shown)
                .with_help(
                    "the file must start with a `---` line and close its front matter with another",
                ),
        ]
    })?;
    edit.set(
        "status",
        YearStatus::Archived.as_str(),
        &["year", "program", "title"],
    );
    let was_archived = section.fm.status == Some(YearStatus::Archived);
    match notice.map(str::trim) {
        Some("") => {
            edit.remove("notice");
        }
        Some(text) => edit.set("notice", &yaml_str(text), &["status"]),
        None if !was_archived => {
            edit.remove("notice");
        }
        None => {}
    }
    let after = edit.into_text();
    let fm = reparse(&section.rel, &after, Kind::Section)
        .map(section_of)?
        .filter(|fm| {
            fm.status == Some(YearStatus::Archived)
                && fm.year == Some(year)
                && match notice.map(str::trim) {
                    Some("") => fm.notice.is_none(),
                    Some(n) => fm.notice.as_deref() == Some(n),
                    None => true,
                }
        });
    if fm.is_none() {
        return Err(vec![
            Diagnostic::error(
                "edit-failed",
                "the edit did not give the expected front matter, so the file was not changed",
            )
            .in_file(&shown)
            .with_help("set `status: archived` (and `notice:`) by hand"),
        ]);
    }
    let changes = line_changes(&before, &after);
    if !changes.is_empty() {
        replace_file(&root.join(&shown), &after).map_err(|e| vec![io_diag(&e, &shown)])?;
    }
    Ok(ArchiveReport {
        file: shown,
        changes,
    })
}

/// The lines that differ between two versions of a file whose edits only replace, add or
/// remove whole lines: the common head and tail are skipped.
pub fn line_changes(before: &str, after: &str) -> Vec<LineChange> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let old = &a[head..a.len() - tail];
    let new = &b[head..b.len() - tail];
    let mut out = Vec::new();
    for i in 0..old.len().max(new.len()) {
        out.push(LineChange {
            before: old.get(i).map(|s| (*s).to_string()),
            after: new.get(i).map(|s| (*s).to_string()),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------
// rollover

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

#[derive(Debug, Clone)]
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
    if from == to {
        return Err(vec![
            Diagnostic::error("usage", format!("cannot roll {from} over into itself")).with_help(
                format!(
                    "name the new year: `ideawiki rollover {from} {}`",
                    from.saturating_add(1)
                ),
            ),
        ]);
    }
    let sections = Sections::scan(root);
    let program = sections.program(program).map_err(|d| vec![d])?;
    let old = sections.require(&program, from, false)?;
    let target = sections.find(&program, to);
    let target_dir = target.map_or_else(|| format!("{program}/{to}"), |t| t.dir.clone());
    let content = root.join(CONTENT_DIR);

    let mut steps = Vec::new();
    let mut writes = Vec::new();
    let mut notes = Vec::new();
    let mut diags = Vec::new();

    // The new year's section.
    let new_dir = match target {
        Some(t) => {
            steps.push(Step::KeepYear {
                file: t.index_file(),
            });
            None
        }
        None => {
            let index = Path::new(CONTENT_DIR).join(&target_dir).join("_index.md");
            if content.join(&target_dir).join("_index.md").exists() {
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
            let text = new_year_text(root, old, to, &mut notes)?;
            writes.push((index.clone(), text));
            steps.push(Step::CreateYear {
                from: old.index_file(),
                to: index,
            });
            (!content.join(&target_dir).exists()).then(|| content.join(&target_dir))
        }
    };

    // What the new year already holds: file names and URL slugs.
    let taken = target_names(root, &target_dir);

    // The old year's ideas: Markdown files directly in its folder.
    for file in idea_files(root, &old.dir) {
        let shown = file.shown();
        let (fm, file_diags) = parse::front_matter_file(&file, Kind::Idea);
        let Some(FrontMatter::Idea(fm)) = fm else {
            diags.extend(file_diags.into_iter().filter(Diagnostic::is_error));
            continue;
        };
        if let Some(reason) = skip_reason(&fm) {
            steps.push(Step::Skip {
                file: shown,
                reason,
            });
            continue;
        }
        let name = file.rel.rsplit('/').next().unwrap_or(&file.rel).to_string();
        let slug = fm
            .slug
            .clone()
            .unwrap_or_else(|| name.trim_end_matches(".md").to_string());
        let to_shown = Path::new(CONTENT_DIR).join(&target_dir).join(&name);
        if let Some(other) = taken.clash(&name, &slug) {
            diags.push(
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
                ),
            );
            continue;
        }
        let raw = read_raw(root, &shown).map_err(|d| vec![d])?;
        let text = match FrontMatterEdit::new(raw) {
            Some(mut edit) => {
                if edit.value("students").is_some_and(|v| v != "[]") {
                    edit.set("students", "[]", &[]);
                }
                // Old addresses belong to the old idea, which stays; the copy is new.
                edit.remove("aliases");
                edit.into_text()
            }
            None => {
                diags.push(
                    Diagnostic::error("no-front-matter", "cannot find the front matter")
                        .in_file(&shown),
                );
                continue;
            }
        };
        let rel = format!("{target_dir}/{name}");
        match reparse(&rel, &text, Kind::Idea) {
            Ok(FrontMatter::Idea(fm)) if fm.students.is_empty() && fm.aliases.is_empty() => {}
            Ok(_) => {
                diags.push(
                    Diagnostic::error("edit-failed", "could not clear `students` and `aliases` in the copy")
                        .in_file(&shown)
                        .with_help("write `students: []` on one line in this idea and keep `aliases` a top-level key, then run the rollover again"),
                );
                continue;
            }
            Err(d) => {
                diags.extend(d);
                continue;
            }
        }
        writes.push((to_shown.clone(), text));
        steps.push(Step::Copy {
            from: shown,
            to: to_shown,
        });
    }
    if diags.is_empty() {
        Ok(Plan {
            steps,
            notes,
            writes,
            new_dir,
        })
    } else {
        Err(diags)
    }
}

/// Why an idea stays behind, or `None` if it moves to the new year.
fn skip_reason(fm: &IdeaFm) -> Option<String> {
    if fm.draft {
        Some("draft".into())
    } else if fm.status != IdeaStatus::Open {
        Some(format!("status {}", fm.status.as_str()))
    } else {
        None
    }
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

/// The new year's `_index.md`: the old one with the year (in `year:` and the title)
/// updated, `status: open`, no notice, and the old deadline commented out as a reminder to
/// set this year's.
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
    let from = old.year.to_string();
    edit.set("year", &to.to_string(), &[]);
    if !edit.replace_in_value("title", &from, &to.to_string()) {
        notes.push(format!(
            "the title does not mention {from}, so it was kept: give {to} its own title"
        ));
    }
    edit.set("status", YearStatus::Open.as_str(), &["year"]);
    edit.remove("notice");
    edit.remove("aliases");
    if edit.comment_out("deadline") {
        notes.push(format!(
            "the {from} deadline is commented out in the new `_index.md`: set {to}'s"
        ));
    }
    let text = edit.into_text();
    let rel = format!("{}/{to}/_index.md", old.program);
    let fm = reparse(&rel, &text, Kind::Section).map(section_of)?;
    match fm {
        Some(fm)
            if fm.year == Some(to)
                && fm.status == Some(YearStatus::Open)
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
            scaffold::write_new(&staging.path().join(inner), text).map_err(|e| fail(&e, shown))?;
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
        let result = match scaffold::write_new(&path, text) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str) -> FrontMatterEdit {
        FrontMatterEdit::new(text.to_string()).expect("front matter")
    }

    #[test]
    fn replacing_a_key_keeps_its_comment_in_the_same_column() {
        let mut e = edit("---\ntitle: T\nstatus: open       # draft | open\n---\nbody\n");
        e.set("status", "archived", &[]);
        assert_eq!(
            e.text(),
            "---\ntitle: T\nstatus: archived   # draft | open\n---\nbody\n"
        );
    }

    #[test]
    fn a_missing_key_is_inserted_after_the_named_one() {
        let mut e = edit("---\ntitle: T\nyear: 2027\nprogram: GSoC\n---\n");
        e.set("status", "archived", &["year"]);
        assert_eq!(
            e.text(),
            "---\ntitle: T\nyear: 2027\nstatus: archived\nprogram: GSoC\n---\n"
        );
        let mut e = edit("---\ntitle: T\n---\n");
        e.set("status", "open", &["year"]);
        assert_eq!(e.text(), "---\ntitle: T\nstatus: open\n---\n");
    }

    #[test]
    fn multi_line_values_are_replaced_whole() {
        let mut e =
            edit("---\nnotice: >\n  long\n  text\n\nyear: 1\nstudents:\n- Ann\n- Bob\n---\n");
        e.set("notice", "short", &[]);
        e.set("students", "[]", &[]);
        assert_eq!(
            e.text(),
            "---\nnotice: short\n\nyear: 1\nstudents: []\n---\n"
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let mut e = edit("---\r\ntitle: T\r\nyear: 2027\r\n---\r\nbody\r\n");
        e.set("status", "archived", &["year"]);
        e.set("notice", "\"Closed: see 2028\"", &["status"]);
        assert_eq!(
            e.text(),
            "---\r\ntitle: T\r\nyear: 2027\r\nstatus: archived\r\nnotice: \"Closed: see 2028\"\r\n---\r\nbody\r\n"
        );
    }

    #[test]
    fn hashes_inside_quotes_are_not_comments() {
        assert_eq!(
            split_comment(" \"C# day\"  # real"),
            (" \"C# day\"  ", Some(11))
        );
        assert_eq!(split_comment(" 'it''s # x'"), (" 'it''s # x'", None));
        assert_eq!(split_comment(" C#"), (" C#", None));
        assert_eq!(split_comment(" open # c"), (" open ", Some(6)));
    }

    #[test]
    fn keys_are_matched_whole_and_only_at_the_top_level() {
        let mut e = edit("---\nstatuses: x\nextra:\n  status: y\n---\nstatus: body\n");
        assert!(e.value("status").is_none());
        e.set("status", "open", &[]);
        assert_eq!(
            e.text(),
            "---\nstatuses: x\nextra:\n  status: y\nstatus: open\n---\nstatus: body\n"
        );
    }

    #[test]
    fn comment_out_and_title_year() {
        let mut e = edit("---\ntitle: GSoC 2027 ideas # t\ndeadline: 2027-04-02\n---\n");
        assert!(e.replace_in_value("title", "2027", "2028"));
        assert!(e.comment_out("deadline"));
        assert_eq!(
            e.text(),
            "---\ntitle: GSoC 2028 ideas # t\n# deadline: 2027-04-02\n---\n"
        );
    }

    #[test]
    fn line_changes_show_only_what_differs() {
        let c = line_changes("a\nb\nc\n", "a\nB\nx\nc\n");
        assert_eq!(
            c,
            [
                LineChange {
                    before: Some("b".into()),
                    after: Some("B".into())
                },
                LineChange {
                    before: None,
                    after: Some("x".into())
                },
            ]
        );
    }
}
