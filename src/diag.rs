//! Diagnostics: the one error shape every stage reports in.
//!
//! Mentors touch the site once a year, so every problem must say *where* (file, line,
//! column), *what* was expected and *how to fix it*. Stages return `Diagnostic`s instead
//! of bailing on the first problem, so one build reports everything that is wrong.
//! Rendering goes through `codespan-reporting`, which draws the source line and a caret the
//! way cargo does; nothing else in the crate formats errors by hand.

use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// A position inside a source file. `line` and `column` are 1-based, as editors show them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// Byte range in the file, used to draw the caret under the offending text.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, searchable code such as `front-matter` or `duplicate-url`.
    pub code: &'static str,
    pub message: String,
    /// The file the problem is in, as the user would type it (relative to the site root
    /// where possible).
    pub file: Option<Box<Path>>,
    /// Boxed to keep `Result<_, Diagnostic>` small on the happy path.
    pub location: Option<Box<Location>>,
    /// What to do about it.
    pub help: Option<String>,
    /// Source text of `file`, kept so the line can be shown under the message.
    pub source: Option<std::sync::Arc<str>>,
    /// For the diagnostic that stands for those [`sort`] left out: how many errors and
    /// warnings it counts, so that sorting again (after more were added) adds them up.
    left_out: Option<Box<(usize, usize)>>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            location: None,
            help: None,
            source: None,
            left_out: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into().into_boxed_path());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_source(mut self, source: std::sync::Arc<str>) -> Self {
        self.source = Some(source);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn locus(&self) -> String {
        match (&self.file, &self.location) {
            (Some(f), Some(l)) => format!("{}:{}:{}", f.display(), l.line, l.column),
            (Some(f), None) => f.display().to_string(),
            (None, _) => String::new(),
        }
    }

    /// Renders as cargo does: header, `--> file:line:col`, the source line with a caret,
    /// and `= help:`.
    pub fn render(&self, color: bool) -> String {
        let mut buf = termcolor::Buffer::no_color();
        if color {
            buf = termcolor::Buffer::ansi();
        }
        self.emit(&mut buf);
        String::from_utf8_lossy(buf.as_slice()).into_owned()
    }

    fn emit(&self, out: &mut termcolor::Buffer) {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut d = cs::Diagnostic::new(severity)
            .with_code(self.code)
            .with_message(elide(&self.message));
        if let Some(help) = &self.help {
            d = d.with_note(format!("help: {}", elide(help)));
        }
        // ASCII like cargo (`-->`, `|`): reads the same in every terminal, log and CI annotation.
        let config = term::Config {
            chars: term::Chars::ascii(),
            ..term::Config::default()
        };
        let name = self
            .file
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        match (&self.source, &self.location) {
            (Some(src), Some(loc)) if loc.span.end <= src.len() && is_long_line(src, loc) => {
                // Drawing a line of 60 KB under every problem on it prints megabytes:
                // show a window around the caret instead.
                d.notes.insert(0, format!("in {}", self.locus()));
                d.notes.insert(1, window(src, loc));
                let file = SimpleFile::new(name, "");
                let _ = term::emit_to_write_style(out, &config, &file, &d);
            }
            (Some(src), Some(loc)) if loc.span.end <= src.len() => {
                let file = SimpleFile::new(name, src.as_ref());
                d = d.with_label(cs::Label::primary((), loc.span.clone()));
                let _ = term::emit_to_write_style(out, &config, &file, &d);
            }
            _ => {
                // No source to draw: say where in the note so the locus is never lost.
                let locus = self.locus();
                if !locus.is_empty() {
                    d.notes.insert(0, format!("in {locus}"));
                }
                let file = SimpleFile::new(name, "");
                let _ = term::emit_to_write_style(out, &config, &file, &d);
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let locus = self.locus();
        if locus.is_empty() {
            write!(f, "{level}[{}]: {}", self.code, elide(&self.message))?;
        } else {
            write!(
                f,
                "{locus}: {level}[{}]: {}",
                self.code,
                elide(&self.message)
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, " (help: {})", elide(help))?;
        }
        Ok(())
    }
}

/// Whether diagnostics on stderr should be coloured: only on a terminal, never with
/// `NO_COLOR` set (https://no-color.org).
pub fn stderr_wants_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Turns a byte offset into a 1-based line and column (in characters), so errors point where
/// an editor would.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The byte offset of a 1-based line and column; the inverse of [`line_col`].
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A location for a byte range of `text`.
pub fn location(text: &str, span: Range<usize>) -> Location {
    let (line, column) = line_col(text, span.start);
    Location { line, column, span }
}

/// The length of the token at `offset`, so the caret covers a whole key or value.
pub fn token_len(text: &str, offset: usize) -> usize {
    let rest = &text[offset.min(text.len())..];
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let trimmed = line.trim_end();
    // A `key:` covers the key; a value covers the rest of the line.
    match trimmed.find(": ") {
        Some(i) => i.max(1),
        None => trimmed.trim_end_matches(':').len().max(1),
    }
}

/// Messages and helps longer than this (in characters) are shown with their middle left
/// out: they quote what the file says (`invalid type: string "…"`), which can be a line
/// of 60 KB, and 50 problems would print it 50 times.
const LONG_TEXT: usize = 400;

/// `text`, or its start and end around `…` when it is longer than [`LONG_TEXT`].
fn elide(text: &str) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= LONG_TEXT {
        return text.into();
    }
    let head: String = text.chars().take(LONG_TEXT * 3 / 4).collect();
    let tail: String = text.chars().skip(count - LONG_TEXT / 4).collect();
    format!("{head} … {tail}").into()
}

/// Lines longer than this (in bytes) are shown as a window around the caret.
const LONG_LINE: usize = 240;
/// Characters shown on each side of the caret in such a window.
const WINDOW: usize = 60;

fn line_bounds(src: &str, at: usize) -> Range<usize> {
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    start..end
}

fn is_long_line(src: &str, loc: &Location) -> bool {
    line_bounds(src, floor_char_boundary(src, loc.span.start)).len() > LONG_LINE
}

/// Up to [`WINDOW`] characters either side of the span's start, with `…` where the line
/// goes on, and a caret line under the span (cut at the window's end).
fn window(src: &str, loc: &Location) -> String {
    let at = floor_char_boundary(src, loc.span.start);
    let line = line_bounds(src, at);
    let before: Vec<char> = src[line.start..at].chars().collect();
    let after = &src[at..line.end];
    let skipped = before.len().saturating_sub(WINDOW);
    let shown_before: String = before[skipped..].iter().collect();
    let span_chars = src[at..loc.span.end.min(line.end).max(at)].chars().count();
    let shown_after: String = after.chars().take(WINDOW).collect();
    let more_after = after.chars().count() > WINDOW;
    let lead = if skipped > 0 { "…" } else { "" };
    let tail = if more_after { "…" } else { "" };
    let pad = lead.chars().count() + shown_before.chars().count();
    let carets = span_chars.clamp(1, WINDOW);
    format!(
        "line {}: {lead}{shown_before}{shown_after}{tail}\n{}{}",
        loc.line,
        " ".repeat(pad + format!("line {}: ", loc.line).len()),
        "^".repeat(carets)
    )
}

/// How many problems one file reports before the rest are summed up in one: a hostile or
/// generated file can hold thousands, and reading past the first few helps nobody.
pub const MAX_PER_FILE: usize = 50;

/// Sorts diagnostics by file and position so the report never depends on thread timing,
/// and keeps the first [`MAX_PER_FILE`] of each file, with one more that counts the rest.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.file.as_deref(), a.location.as_ref().map(|l| l.span.start))
            .cmp(&(b.file.as_deref(), b.location.as_ref().map(|l| l.span.start)))
            .then_with(|| a.message.cmp(&b.message))
    });
    cap_per_file(diags);
}

fn cap_per_file(diags: &mut Vec<Diagnostic>) {
    let all = std::mem::take(diags);
    let mut groups: Vec<Vec<Diagnostic>> = Vec::new();
    for d in all {
        match groups.last_mut() {
            Some(g) if g[0].file == d.file => g.push(d),
            _ => groups.push(vec![d]),
        }
    }
    for group in groups {
        // A count left by an earlier sort is added to, not counted as a problem.
        let (mut dropped_errors, mut dropped_warnings) = group
            .iter()
            .filter_map(|d| d.left_out.as_deref())
            .fold((0, 0), |(e, w), &(de, dw)| (e + de, w + dw));
        let Some(file) = group[0].file.clone() else {
            diags.extend(group);
            continue;
        };
        let mut group: Vec<Diagnostic> =
            group.into_iter().filter(|d| d.left_out.is_none()).collect();
        if group.len() > MAX_PER_FILE {
            // Errors first: a build that fails must show why.
            let errors = group.iter().filter(|d| d.is_error()).count();
            let mut errors_left = errors.min(MAX_PER_FILE);
            let mut warnings_left = MAX_PER_FILE - errors_left;
            group.retain(|d| {
                let room = if d.is_error() {
                    &mut errors_left
                } else {
                    &mut warnings_left
                };
                if *room > 0 {
                    *room -= 1;
                    return true;
                }
                if d.is_error() {
                    dropped_errors += 1;
                } else {
                    dropped_warnings += 1;
                }
                false
            });
        }
        diags.extend(group);
        if dropped_errors + dropped_warnings > 0 {
            diags.push(more_problems(file, dropped_errors, dropped_warnings));
        }
    }
}

/// The diagnostic that stands for those [`cap_per_file`] left out: an error if any was.
fn more_problems(file: Box<Path>, errors: usize, warnings: usize) -> Diagnostic {
    use crate::util::text::plural as count;
    let what = match (errors, warnings) {
        (0, w) => count(w, "more warning", "more warnings"),
        (e, 0) => count(e, "more error", "more errors"),
        (e, w) => format!(
            "{} and {}",
            count(e, "more error", "more errors"),
            count(w, "warning", "warnings")
        ),
    };
    let d = if errors > 0 {
        Diagnostic::error("more-problems", format!("{what} in this file, not shown"))
    } else {
        Diagnostic::warning("more-problems", format!("{what} in this file, not shown"))
    };
    let mut d = d.in_file(file.into_path_buf()).with_help(format!(
        "fix the first {MAX_PER_FILE} above; the rest show once there are fewer"
    ));
    d.left_out = Some(Box::new((errors, warnings)));
    d
}

/// Makes `path` relative to `root` for display, falling back to the path as given.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "a\nbé: c\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        assert_eq!(line_col(text, 5), (2, 3));
        assert_eq!(offset_of(text, 2, 3), 5);
    }

    #[test]
    fn a_long_line_shows_as_a_window_around_the_caret() {
        let line = format!("extra: {}BAD{}", "x".repeat(30_000), "y".repeat(30_000));
        let src: std::sync::Arc<str> = format!("---\n{line}\n---\n").into();
        let at = src.find("BAD").unwrap();
        let d = Diagnostic::error("front-matter", "bad")
            .in_file("content/a.md")
            .at(location(&src, at..at + 3))
            .with_source(src.clone());
        let out = d.render(false);
        assert!(out.len() < 1_000, "{} bytes", out.len());
        assert!(out.contains("content/a.md:2:30008"), "{out}");
        let shown = out
            .lines()
            .find(|l| l.contains("line 2: …"))
            .expect("window");
        let caret = out.lines().find(|l| l.contains("^^^")).expect("caret");
        let column = |s: &str, i: usize| s[..i].chars().count();
        assert_eq!(
            column(shown, shown.find("BAD").unwrap()),
            column(caret, caret.find('^').unwrap()),
            "{out}"
        );
    }

    #[test]
    fn a_long_message_shows_its_start_and_end() {
        let value = format!("{}END", "é".repeat(60_000));
        let d = Diagnostic::error(
            "front-matter",
            format!("invalid type: string \"{value}\", expected a sequence"),
        )
        .in_file("content/a.md")
        .with_help(format!("write `{value}` as a list"));
        for out in [d.render(false), d.to_string()] {
            assert!(out.len() < 3_000, "{} bytes", out.len());
            assert!(out.contains("invalid type: string \"éé"), "{out}");
            assert!(out.contains(" … "), "{out}");
            assert!(out.contains("END\", expected a sequence"), "{out}");
            assert!(out.contains("END` as a list"), "{out}");
        }
        assert_eq!(elide("short"), "short");
    }

    #[test]
    fn problems_past_the_cap_are_counted_in_one() {
        let mut diags: Vec<Diagnostic> = (0..10_000)
            .map(|i| {
                Diagnostic::warning("missing-wikilink", format!("link {i:05}")).in_file("a.md")
            })
            .chain([Diagnostic::error("x", "other file").in_file("b.md")])
            .collect();
        diags.push(Diagnostic::error("y", "the error that fails the build").in_file("a.md"));
        sort(&mut diags);
        assert_eq!(diags.len(), MAX_PER_FILE + 2);
        assert!(
            diags[..MAX_PER_FILE].iter().any(Diagnostic::is_error),
            "the file's one error is among those shown"
        );
        let more = &diags[MAX_PER_FILE];
        assert_eq!(more.code, "more-problems");
        assert!(!more.is_error(), "only warnings were left out: {more}");
        assert_eq!(more.message, "9951 more warnings in this file, not shown");
        assert_eq!(diags[MAX_PER_FILE + 1].message, "other file");
        // Sorting again after more problems were added adds to the count.
        diags.push(Diagnostic::warning("z", "one more").in_file("a.md"));
        sort(&mut diags);
        assert_eq!(diags.len(), MAX_PER_FILE + 2);
        assert_eq!(
            diags[MAX_PER_FILE].message,
            "9952 more warnings in this file, not shown"
        );
    }

    #[test]
    fn rendered_error_shows_file_line_and_help() {
        let src: std::sync::Arc<str> = "---\nmentor: x\n---\n".into();
        let d = Diagnostic::error("unknown-key", "unknown key `mentor`")
            .in_file("content/a.md")
            .at(location(&src, 4..10))
            .with_source(src.clone())
            .with_help("did you mean `mentors`?");
        let out = d.render(false);
        assert!(
            out.contains("error[unknown-key]: unknown key `mentor`"),
            "{out}"
        );
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("mentor: x"), "{out}");
        assert!(out.contains("help: did you mean `mentors`?"), "{out}");
    }
}
