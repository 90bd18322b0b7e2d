//! Issues written through a GitHub issue form: each body is `### Label` headings, each
//! followed by its answer (`_No response_` when left empty). One issue per file (its body,
//! or the JSON of `gh issue view N --json …`), a JSON list as `gh issue list --json
//! number,title,body,author,labels,url` prints it, or a folder of such files.
//!
//! The labels are the organisation's own form's, mapped like any other source's; the
//! issue's title is the idea's title (a `Title` answer wins), and its URL becomes an
//! `issue` link. Reading one issue is `site::issue_form::Issue::read`, which
//! `new idea --from-issue` uses too.

use std::path::{Path, PathBuf};

use super::raw::{RawIdea, RawYear, ReadContext, one_line, push_block, read_text};
use crate::diag::Diagnostic;
use crate::site::issue_form::{Issue, NO_RESPONSE};

/// How many issues one import may hold: more is not one year's ideas.
const MAX_ISSUES: usize = 5_000;

/// Reads the issues in `source` (a file or a folder of files).
pub(crate) fn read(source: &Path, _ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    let files: Vec<PathBuf> = if source.is_dir() {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(source)
            .follow_links(false)
            .max_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "md" || x == "txt" || x == "json")
            })
            .collect();
        files.sort();
        files
    } else {
        vec![source.to_path_buf()]
    };
    let mut year = RawYear::default();
    for path in files {
        let text = read_text(&path)?;
        for (n, issue) in issues(&path, &text)?.into_iter().enumerate() {
            if year.ideas.len() == MAX_ISSUES {
                return Err(Diagnostic::error(
                    "usage",
                    format!("more than {MAX_ISSUES} issues: that is not one year's ideas"),
                )
                .in_file(&path)
                .with_help(
                    "give one year's issues, such as `gh issue list --label gsoc-2024 --json …`",
                ));
            }
            if let Some(idea) = idea_of(&issue, &path, n) {
                year.ideas.push(idea);
            }
        }
    }
    Ok(year)
}

/// The issues of one file: one body, one `gh issue view` object, or a `gh issue list` list.
fn issues(path: &Path, text: &str) -> Result<Vec<Issue>, Diagnostic> {
    if !text.trim_start().starts_with('[') {
        return Ok(vec![Issue::read(text, path)?]);
    }
    let list: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error("issue-json", format!("this is not a list of issues: {e}"))
            .in_file(path)
            .with_help(
                "give the output of `gh issue list --json number,title,body,author,labels,url`",
            )
    })?;
    list.iter()
        .map(|item| Issue::read(&item.to_string(), path))
        .collect()
}

/// One idea from one issue: every `### Label` answered, in order; `None` for an issue
/// with no form headings and no title (not an idea).
fn idea_of(issue: &Issue, path: &Path, n: usize) -> Option<RawIdea> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut body = String::new();
    let mut label: Option<String> = None;
    let mut value = String::new();
    let mut first_line = None;
    for (i, line) in issue.body.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("### ") {
            flush(&mut label, &mut value, &mut fields, &mut body);
            label = Some(one_line(heading));
            first_line.get_or_insert(i + 1);
        } else if label.is_some() {
            value.push_str(line);
            value.push('\n');
        } else {
            // Text above the first heading (a template's preamble, a note).
            push_block(&mut body, line);
        }
    }
    flush(&mut label, &mut value, &mut fields, &mut body);
    // The title: a "Title" answer, else the issue's own, without a form's "[Idea]:" prefix.
    let answered = fields
        .iter()
        .position(|(l, _)| {
            matches!(
                l.to_lowercase().as_str(),
                "title" | "idea title" | "project title" | "idea"
            )
        })
        .map(|i| fields.remove(i).1);
    let title = answered
        .or_else(|| issue.title.as_deref().map(strip_prefix_tag))
        .map(|t| one_line(&t))
        .filter(|t| !t.is_empty())?;
    if let Some(url) = issue.url.as_deref().filter(|u| u.starts_with("https://")) {
        fields.push(("Issue".into(), url.to_string()));
    }
    let origin = match (issue.number, first_line) {
        (Some(number), _) => format!("{} (issue #{number})", path.display()),
        (None, Some(line)) => format!("{}:{line}", path.display()),
        (None, None) => format!("{} (issue {})", path.display(), n + 1),
    };
    Some(RawIdea {
        title,
        origin,
        fields,
        body,
        group: None,
    })
}

/// Ends the answer being read: kept under its label unless left empty.
fn flush(
    label: &mut Option<String>,
    value: &mut String,
    fields: &mut Vec<(String, String)>,
    _body: &mut String,
) {
    if let Some(l) = label.take() {
        let v = value.trim();
        if !v.is_empty() && v != NO_RESPONSE {
            fields.push((l, v.to_string()));
        }
    }
    value.clear();
}

/// `[Idea]: Faster builds` → `Faster builds`; `GSoC 2024: Faster builds` stays.
fn strip_prefix_tag(title: &str) -> String {
    let t = title.trim();
    match t.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((_, rest)) => rest.trim_start_matches(':').trim().to_string(),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_labelled_fields_and_empty_ones_are_left_out() {
        let issue = Issue {
            title: Some("[Idea]: Faster builds".into()),
            url: Some("https://github.com/org/ideas/issues/7".into()),
            number: Some(7),
            body: "### Description\n\nMake it *fast*.\n\n### Mentor(s)\n\nAda Lovelace (@ada)\n\n### Difficulty\n\n_No response_\n".into(),
            ..Issue::default()
        };
        let idea = idea_of(&issue, Path::new("issues.json"), 0).unwrap();
        assert_eq!(idea.title, "Faster builds");
        assert_eq!(
            idea.fields,
            [
                ("Description".to_string(), "Make it *fast*.".to_string()),
                ("Mentor(s)".to_string(), "Ada Lovelace (@ada)".to_string()),
                (
                    "Issue".to_string(),
                    "https://github.com/org/ideas/issues/7".to_string()
                ),
            ]
        );
        assert_eq!(idea.origin, "issues.json (issue #7)");
    }
}
