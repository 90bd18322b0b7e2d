//! Editing front matter *in place*, one key at a time, for `archive` and `rollover`.
//!
//! Parsing and re-serialising the YAML would drop the comments mentors wrote, reorder keys
//! and re-quote strings, and the diff of a one-word change would touch the whole file.
//! [`FrontMatterEdit`] replaces, inserts or removes whole lines and leaves every other byte
//! alone, line endings included; [`reparse`] reads each edited file back before it is
//! written, so an edit can never leave a file the build rejects. [`yaml_str`] quotes the
//! values that `new` and the edits write.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::site::frontmatter::SectionFm;
use crate::site::layout::CONTENT_DIR;
use crate::site::parse::{self, FrontMatter, Kind};
pub(crate) use crate::site::yaml::yaml_str;

/// A file's text with its front matter located, for edits that keep every other byte.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatterEdit {
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
    pub(crate) fn new(text: String) -> Option<FrontMatterEdit> {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let edit = FrontMatterEdit { text, eol };
        edit.yaml_lines()?;
        Some(edit)
    }

    #[cfg(test)]
    fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn into_text(self) -> String {
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
    pub(crate) fn value(&self, key: &str) -> Option<String> {
        self.find(key).map(|b| b.value)
    }

    /// Sets `key: value` (`value` already YAML). Replaces the key's lines if it exists,
    /// keeping a trailing comment in the same column; otherwise inserts the line after the
    /// first of `after` that exists, or at the end of the front matter.
    pub(crate) fn set(&mut self, key: &str, value: &str, after: &[&str]) {
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
    pub(crate) fn remove(&mut self, key: &str) -> bool {
        match self.find(key) {
            Some(block) => {
                self.text.replace_range(block.range, "");
                true
            }
            None => false,
        }
    }

    /// Turns the key's lines into comments, so the old value stays visible as a reminder.
    pub(crate) fn comment_out(&mut self, key: &str) -> bool {
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

    /// Replaces the number `from` by `to` wherever it stands on its own (not inside a
    /// longer number) in the key's lines. Returns how many it replaced.
    pub(crate) fn replace_number_in_key(&mut self, key: &str, from: &str, to: &str) -> usize {
        match self.find(key) {
            Some(block) => self.replace_number_in(block.range, from, to),
            None => 0,
        }
    }

    /// [`FrontMatterEdit::replace_number_in_key`] for the body, after the front matter.
    pub(crate) fn replace_number_in_body(&mut self, from: &str, to: &str) -> usize {
        let Some((_, close)) = self.yaml_lines() else {
            return 0;
        };
        let start = self.text[close..]
            .find('\n')
            .map_or(self.text.len(), |i| close + i + 1);
        self.replace_number_in(start..self.text.len(), from, to)
    }

    fn replace_number_in(&mut self, range: std::ops::Range<usize>, from: &str, to: &str) -> usize {
        let (text, n) = replace_number(&self.text[range.clone()], from, to);
        if n > 0 {
            self.text.replace_range(range, &text);
        }
        n
    }

    /// Replaces `from` by `to` inside the key's value, on its line only.
    pub(crate) fn replace_in_value(&mut self, key: &str, from: &str, to: &str) -> bool {
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

/// `text` with each `from` that is not part of a longer number (`2026`, but not `20261`
/// or `2026.1`) replaced by `to`, and how many were.
fn replace_number(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        // Part of a longer number: a digit next to it, or a digit past a `.` (`2026.1`).
        let digit = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
        let head = &rest[..i];
        let tail = &rest[i + from.len()..];
        let joined = head.ends_with(|c: char| c.is_ascii_digit())
            || digit(tail)
            || tail.strip_prefix('.').is_some_and(digit)
            || head
                .strip_suffix('.')
                .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit()));
        out.push_str(head);
        if joined {
            out.push_str(from);
        } else {
            out.push_str(to);
            n += 1;
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    (out, n)
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

/// Parses edited text the way the build will read it (no BOM, LF endings), so the edit is
/// proven good before anything is written.
pub(crate) fn reparse(rel: &str, text: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
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

/// The section front matter an edit read back, if it is one.
pub(crate) fn section_of(fm: FrontMatter) -> Option<SectionFm> {
    match fm {
        FrontMatter::Section(fm) => Some(fm),
        _ => None,
    }
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
    fn numbers_are_replaced_only_where_they_stand_alone() {
        assert_eq!(
            replace_number(
                "GSoC 2026, 2026-04-02, 20261, x2026, 2026.1, 1.2026. 2026.",
                "2026",
                "2027"
            ),
            (
                "GSoC 2027, 2027-04-02, 20261, x2027, 2026.1, 1.2026. 2027.".to_string(),
                4
            )
        );
        let mut e = edit("---\ntitle: GSoC 2026\nyear: 2026\n---\nIn 2026 and 12026.\n");
        assert_eq!(e.replace_number_in_body("2026", "2027"), 1);
        assert_eq!(
            e.text(),
            "---\ntitle: GSoC 2026\nyear: 2026\n---\nIn 2027 and 12026.\n"
        );
    }

    #[test]
    fn yaml_str_reads_back_as_the_same_text() {
        for s in [
            "Virtio on Xen",
            "Xen: the next step",
            "yes",
            "2027",
            "- not a list",
            "#hashtag",
            "quote \" and back\\slash",
            "C# bindings",
            "trailing: ",
            "tab\there",
            "*bold* news",
            "Applications close on 2 April.",
        ] {
            let back: String = crate::site::yaml::from_str(&format!("k: {}", yaml_str(s)))
                .map(|m: std::collections::BTreeMap<String, String>| m["k"].clone())
                .unwrap_or_else(|e| panic!("{s:?} → {}: {e:?}", yaml_str(s)));
            assert_eq!(back, s);
        }
        assert_eq!(yaml_str("Virtio on Xen"), "Virtio on Xen");
        assert_eq!(yaml_str("yes"), "\"yes\"");
    }
}
