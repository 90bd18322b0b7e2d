//! README-style Markdown, as CNCF keeps one per year: one idea per heading, its fields in
//! `- Label: value` bullets or `**Label:** value` lines, the rest its description.
//!
//! The ideas' heading level is the one whose sections hold the most labelled lines (or
//! `--level`). A heading one level above, when the ideas sit under several of them
//! (`#### Armada` above `##### Add a kubectl plugin`), names their project; the map's
//! `project_headings: false` turns that off. Text outside every idea becomes the year's
//! introduction. Fenced code is skipped when looking for headings and labels.

use std::path::Path;

use super::labels::{Field, Labels};
use super::raw::{RawIdea, RawYear, ReadContext, plain, push_block};

/// One line, and whether it is inside a fenced code block.
struct Line<'a> {
    text: &'a str,
    fenced: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut fence: Option<String> = None;
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let opens = marker.len() >= 3
                && marker
                    .chars()
                    .all(|c| c == marker.chars().next().unwrap_or('`'));
            match &fence {
                Some(open)
                    if opens
                        && marker.starts_with(open.as_str())
                        && t[marker.len()..].trim().is_empty() =>
                {
                    fence = None;
                    Line {
                        text: l,
                        fenced: true,
                    }
                }
                Some(_) => Line {
                    text: l,
                    fenced: true,
                },
                None if opens => {
                    fence = Some(marker);
                    Line {
                        text: l,
                        fenced: true,
                    }
                }
                None => Line {
                    text: l,
                    fenced: false,
                },
            }
        })
        .collect()
}

/// `## Title` → `(2, "Title")`.
pub(crate) fn heading(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let level = t.chars().take_while(|c| *c == '#').count();
    let rest = &t[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim();
    u8::try_from(level).ok().map(|l| (l, title))
}

/// A labelled line: `- Label: value`, `* **Label:** value`, `**Label**: value`, or
/// `Label: value`, when the label means a field. Returns the indent, label and value.
fn label_line<'a>(line: &'a str, labels: &Labels) -> Option<(usize, &'a str, &'a str)> {
    any_label_line(line).filter(|(_, label, _)| labels.field(label).is_some())
}

/// A line shaped like a labelled one, whatever its label.
fn any_label_line(line: &str) -> Option<(usize, &str, &str)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    let t = ["- ", "* ", "+ "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .unwrap_or(t)
        .trim_start();
    let (label, value) = if let Some(rest) = t.strip_prefix("**").or_else(|| t.strip_prefix("__")) {
        let close = rest.find("**").or_else(|| rest.find("__"))?;
        let inner = &rest[..close];
        let after = &rest[close + 2..];
        match (inner.strip_suffix(':'), after.strip_prefix(':')) {
            (Some(l), _) => (l, after),
            (None, Some(v)) => (inner, v),
            _ => return None,
        }
    } else {
        let colon = t.find(':')?;
        (&t[..colon], &t[colon + 1..])
    };
    let words = label.split_whitespace().count();
    let plausible = (1..=6).contains(&words)
        && !label.contains("http")
        && !label.replace("[s]", "").contains('[');
    plausible.then_some((indent, label.trim(), value.trim()))
}

/// Reads a Markdown document.
pub(crate) fn read(source: &Path, text: &str, ctx: &ReadContext) -> RawYear {
    let all = lines(text);
    let headings: Vec<(usize, u8, &str)> = all
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.fenced)
        .filter_map(|(i, l)| heading(l.text).map(|(lv, t)| (i, lv, t)))
        .collect();
    let level = ctx
        .level
        .or_else(|| idea_level(&all, &headings, ctx.labels));
    let mut year = RawYear::default();
    let Some(level) = level else {
        year.intro = text.trim().to_string();
        return year;
    };
    // Idea sections: (heading index into `headings`, first line, end line).
    let mut sections = Vec::new();
    for (k, &(at, lv, _)) in headings.iter().enumerate() {
        if lv != level {
            continue;
        }
        let end = headings[k + 1..]
            .iter()
            .find(|(_, l, _)| *l <= level)
            .map_or(all.len(), |(i, _, _)| *i);
        sections.push((k, at, end));
    }
    // The group heading of each idea: the nearest one a level up.
    let group_of = |k: usize| {
        headings[..k]
            .iter()
            .rev()
            .find(|(_, l, _)| *l < level)
            .filter(|(_, l, _)| *l + 1 == level)
            .map(|(_, _, t)| plain(t))
    };
    let groups: Vec<Option<String>> = sections.iter().map(|(k, _, _)| group_of(*k)).collect();
    let mut distinct: Vec<&String> = groups.iter().flatten().collect();
    distinct.sort();
    distinct.dedup();
    let use_groups = ctx.labels.project_headings.unwrap_or(distinct.len() > 1);
    let mut in_idea = vec![false; all.len()];
    for ((k, at, end), group) in sections.iter().zip(groups) {
        for flag in &mut in_idea[*at..*end] {
            *flag = true;
        }
        let (_, _, title) = headings[*k];
        let mut idea = section_idea(&all[at + 1..*end], ctx.labels);
        idea.title = plain(title);
        idea.origin = format!("{}:{}", source.display(), at + 1);
        idea.group = if use_groups { group } else { None };
        year.ideas.push(idea);
    }
    // The introduction: what no idea holds, without group headings left empty.
    let outside: Vec<&str> = all
        .iter()
        .zip(&in_idea)
        .filter(|(_, inside)| !**inside)
        .map(|(l, _)| l.text)
        .collect();
    year.intro = without_empty_headings(&outside);
    year
}

/// The heading level whose sections hold the most labelled lines of their own.
fn idea_level(all: &[Line], headings: &[(usize, u8, &str)], labels: &Labels) -> Option<u8> {
    let mut best: Option<(usize, u8)> = None;
    for level in 1..=6u8 {
        let mut score = 0;
        for (k, &(at, lv, _)) in headings.iter().enumerate() {
            if lv != level {
                continue;
            }
            let end = headings.get(k + 1).map_or(all.len(), |(i, _, _)| *i);
            if all[at + 1..end]
                .iter()
                .any(|l| !l.fenced && label_line(l.text, labels).is_some())
            {
                score += 1;
            }
        }
        if score > 0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, level));
        }
    }
    best.map(|(_, l)| l)
}

/// A bullet that is only a label, its value the list indented under it:
/// `- Mentor(s)` then `  - Jane Doe (@jane)`.
fn bare_label<'a>(
    line: &'a str,
    next: Option<&Line>,
    labels: &Labels,
) -> Option<(usize, &'a str, &'a str)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    let label = ["- ", "* ", "+ "]
        .iter()
        .find_map(|b| t.strip_prefix(b))?
        .trim();
    let label = label.trim_matches('*').trim_end_matches(':').trim();
    let nested = next.is_some_and(|n| {
        n.text.len() - n.text.trim_start().len() > indent && !n.text.trim().is_empty()
    });
    (nested && !label.is_empty() && labels.field(label).is_some()).then_some((indent, label, ""))
}

/// An idea's fields and body from the lines under its heading.
fn section_idea(body_lines: &[Line], labels: &Labels) -> RawIdea {
    let mut idea = RawIdea::default();
    let mut body: Vec<&str> = Vec::new();
    let mut i = 0;
    // Whether the line before was part of a labelled value: a `- Label: value` bullet
    // among them is a field even when no field has its label (it becomes a note).
    let mut in_fields = false;
    while i < body_lines.len() {
        let line = &body_lines[i];
        let found = (!line.fenced)
            .then(|| {
                label_line(line.text, labels)
                    .or_else(|| {
                        let bullet = line.text.trim_start().starts_with(['-', '*', '+']);
                        any_label_line(line.text).filter(|_| in_fields && bullet)
                    })
                    .or_else(|| bare_label(line.text, body_lines.get(i + 1), labels))
            })
            .flatten();
        let Some((indent, label, first)) = found else {
            body.push(line.text);
            in_fields = false;
            i += 1;
            continue;
        };
        in_fields = true;
        let bullet = line.text.trim_start().starts_with(['-', '*', '+'])
            && !line.text.trim_start().starts_with("**");
        let mut value = vec![first.to_string()];
        i += 1;
        while i < body_lines.len() {
            let next = &body_lines[i];
            let t = next.text.trim_start();
            let next_indent = next.text.len() - t.len();
            if t.is_empty() {
                // A blank line ends the value unless an indented continuation follows.
                let more = body_lines.get(i + 1).is_some_and(|n| {
                    n.text.len() - n.text.trim_start().len() > indent && !n.text.trim().is_empty()
                });
                if more && bullet {
                    value.push(String::new());
                    i += 1;
                    continue;
                }
                break;
            }
            let new_item =
                next_indent <= indent && t.starts_with(['-', '*', '+']) && !t.starts_with("**");
            if heading(next.text).is_some()
                || new_item
                || (!next.fenced
                    && next_indent <= indent
                    && label_line(next.text, labels).is_some())
            {
                break;
            }
            let cut = next_indent.min(indent + if bullet { 2 } else { 0 });
            value.push(next.text[cut..].to_string());
            i += 1;
        }
        let value = value.join("\n");
        let value = value.trim();
        if labels.field(label) == Some(Field::Title) && idea.title.is_empty() {
            idea.title = plain(value);
        }
        idea.fields.push((label.to_string(), value.to_string()));
    }
    push_block(&mut idea.body, &body.join("\n"));
    idea
}

/// Lines joined, with headings that have nothing under them (before the next heading of
/// the same or a higher level) left out.
fn without_empty_headings(lines: &[&str]) -> String {
    let mut keep = vec![true; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        let Some((level, _)) = heading(l) else {
            continue;
        };
        let mut empty = true;
        for next in &lines[i + 1..] {
            match heading(next) {
                Some((lv, _)) if lv <= level => break,
                Some(_) => {}
                None if next.trim().is_empty() || next.trim() == "---" => {}
                None => {
                    empty = false;
                    break;
                }
            }
        }
        keep[i] = !empty;
    }
    let mut out = String::new();
    for (l, k) in lines.iter().zip(keep) {
        if k {
            out.push_str(l);
            out.push('\n');
        }
    }
    let mut tidy = String::new();
    push_block(&mut tidy, &out);
    tidy
}
