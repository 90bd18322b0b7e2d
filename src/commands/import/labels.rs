//! Which ideawiki field a source's label means: built-in defaults for the labels real
//! ideas pages use ("Possible Mentor(s)", "Expected Outcome", "Upstream Issue (URL)"), and
//! the `--map` file that adds or overrides them.
//!
//! Labels are compared loosely: case, `(s)`, `(URL)`, trailing colons and spacing do not
//! matter, and a label one or two letters off a known one ("Diffuculty") still matches.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{self, Diagnostic};
use crate::site::frontmatter::LinkKind;

/// Where a labelled value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Project,
    Summary,
    Mentors,
    Size,
    Difficulty,
    Skills,
    /// A column holding both, such as the Xen wiki's "Size, Knowledge required".
    SizeAndSkills,
    Prerequisites,
    Outcomes,
    /// A link of a known kind (`issue`, `chat`…), or `None`: a link titled by its own text.
    Link(Option<LinkKind>),
    Status,
    /// The idea's description: into the body, as it is.
    Body,
    /// Kept under "Imported notes" in the body.
    Notes,
    /// The year the source says the idea belongs to: compared with `--year`.
    Year,
}

/// The names a `--map` file may give a field, and the field.
const FIELD_NAMES: &[(&str, Field)] = &[
    ("title", Field::Title),
    ("project", Field::Project),
    ("summary", Field::Summary),
    ("mentors", Field::Mentors),
    ("size", Field::Size),
    ("difficulty", Field::Difficulty),
    ("skills", Field::Skills),
    ("size_and_skills", Field::SizeAndSkills),
    ("prerequisites", Field::Prerequisites),
    ("outcomes", Field::Outcomes),
    ("issue", Field::Link(Some(LinkKind::Issue))),
    ("discussion", Field::Link(Some(LinkKind::Discussion))),
    ("chat", Field::Link(Some(LinkKind::Chat))),
    ("repository", Field::Link(Some(LinkKind::Repository))),
    (
        "newcomer_issues",
        Field::Link(Some(LinkKind::NewcomerIssues)),
    ),
    ("links", Field::Link(None)),
    ("status", Field::Status),
    ("body", Field::Body),
    ("notes", Field::Notes),
    ("year", Field::Year),
];

/// Labels real pages use, normalized (see [`normalize`]), and their field.
const DEFAULTS: &[(&str, Field)] = &[
    ("title", Field::Title),
    ("idea", Field::Title),
    ("project title", Field::Title),
    ("idea title", Field::Title),
    ("name", Field::Title),
    ("project", Field::Project),
    ("component", Field::Project),
    ("subproject", Field::Project),
    ("summary", Field::Summary),
    ("short description", Field::Summary),
    ("abstract", Field::Summary),
    ("mentor", Field::Mentors),
    ("mentors", Field::Mentors),
    ("possible mentor", Field::Mentors),
    ("possible mentors", Field::Mentors),
    ("potential mentors", Field::Mentors),
    ("contact", Field::Mentors),
    ("contacts", Field::Mentors),
    ("mentor contact", Field::Mentors),
    ("skills", Field::Skills),
    ("skill", Field::Skills),
    ("recommended skills", Field::Skills),
    ("recommend skills", Field::Skills),
    ("required skills", Field::Skills),
    ("skills required", Field::Skills),
    ("knowledge required", Field::Skills),
    ("languages", Field::Skills),
    ("technologies", Field::Skills),
    ("size knowledge required", Field::SizeAndSkills),
    ("prerequisites", Field::Prerequisites),
    ("prerequisite", Field::Prerequisites),
    ("knowledge prerequisite", Field::Prerequisites),
    ("knowledge prerequisites", Field::Prerequisites),
    ("requirements", Field::Prerequisites),
    ("difficulty", Field::Difficulty),
    ("difficulty level", Field::Difficulty),
    ("level", Field::Difficulty),
    ("size", Field::Size),
    ("duration", Field::Size),
    ("length", Field::Size),
    ("expected project size", Field::Size),
    ("project size", Field::Size),
    ("expected size", Field::Size),
    ("hours", Field::Size),
    ("outcomes", Field::Outcomes),
    ("outcome", Field::Outcomes),
    ("expected outcome", Field::Outcomes),
    ("expected outcomes", Field::Outcomes),
    ("expected results", Field::Outcomes),
    ("expected results and milestones", Field::Outcomes),
    ("deliverables", Field::Outcomes),
    ("upstream issue", Field::Link(Some(LinkKind::Issue))),
    ("issue", Field::Link(Some(LinkKind::Issue))),
    ("issues", Field::Link(Some(LinkKind::Issue))),
    ("issue link", Field::Link(Some(LinkKind::Issue))),
    ("github issue", Field::Link(Some(LinkKind::Issue))),
    ("discussion", Field::Link(Some(LinkKind::Discussion))),
    ("chat", Field::Link(Some(LinkKind::Chat))),
    ("repository", Field::Link(Some(LinkKind::Repository))),
    ("repo", Field::Link(Some(LinkKind::Repository))),
    (
        "newcomer issues",
        Field::Link(Some(LinkKind::NewcomerIssues)),
    ),
    (
        "good first issues",
        Field::Link(Some(LinkKind::NewcomerIssues)),
    ),
    ("links", Field::Link(None)),
    ("link", Field::Link(None)),
    ("status", Field::Status),
    ("description", Field::Body),
    ("desc", Field::Body),
    ("detailed description", Field::Body),
    ("project description", Field::Body),
    ("details", Field::Body),
    ("brief explanation", Field::Body),
    ("explanation", Field::Body),
    ("year", Field::Year),
];

/// A label made comparable: lowercase, without `(s)`, `(URL)`, punctuation or extra
/// spaces. `Possible Mentor(s):` → `possible mentors`; `Upstream Issue (URL)` →
/// `upstream issue`; `Size, Knowledge required` → `size knowledge required`.
pub(crate) fn normalize(label: &str) -> String {
    let lower = label
        .to_lowercase()
        .replace("(s)", "s")
        .replace("[s]", "s")
        .replace("(url)", "");
    let words: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out = words.split_whitespace().collect::<Vec<_>>().join(" ");
    // "mentorss" from "Mentors(s)".
    if out.ends_with("ss") && !out.ends_with("ness") && !out.ends_with("ress") {
        out.pop();
    }
    out
}

/// The `--map` file: labels (as the source writes them) → field names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    #[serde(default)]
    labels: BTreeMap<String, String>,
    /// Whether the heading above an idea's heading names its project (default: yes, when
    /// the ideas sit under more than one such heading).
    project_headings: Option<bool>,
}

/// The labels in force: the defaults with the `--map` file's entries on top.
#[derive(Debug, Clone, Default)]
pub(crate) struct Labels {
    overrides: Vec<(String, Field)>,
    pub(crate) project_headings: Option<bool>,
}

impl Labels {
    /// Reads a `--map` file. Errors name the file, line and column.
    pub(crate) fn from_map_file(path: &Path) -> Result<Labels, Diagnostic> {
        let text = crate::util::fsutil::read_to_string(path).map_err(|e| {
            Diagnostic::error("io", format!("cannot read the map file: {e}"))
                .in_file(path)
                .with_help("pass the path of a YAML file with `labels:`, such as `--map map.yaml`")
        })?;
        Labels::from_map_text(&text).map_err(|d| d.in_file(path))
    }

    pub(crate) fn from_map_text(text: &str) -> Result<Labels, Diagnostic> {
        let map: MapFile = crate::site::yaml::from_str(text).map_err(|e| {
            let mut d =
                Diagnostic::error("map", format!("the map file cannot be read: {}", e.message))
                    .with_help("write `labels:` with one `Label as written: field` line per label, and optionally `project_headings: false`");
            if let (Some(line), Some(column)) = (e.line, e.column) {
                let offset = diag::offset_of(text, line, column);
                d = d
                    .at(diag::location(
                        text,
                        offset..offset + diag::token_len(text, offset),
                    ))
                    .with_source(text.into());
            }
            d
        })?;
        let mut overrides = Vec::new();
        for (label, name) in &map.labels {
            let wanted = name.trim().to_lowercase();
            let Some((_, field)) = FIELD_NAMES.iter().find(|(n, _)| *n == wanted) else {
                let known: Vec<&str> = FIELD_NAMES.iter().map(|(n, _)| *n).collect();
                let hint = crate::site::yaml::nearest(&wanted, known.iter().copied())
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(Diagnostic::error(
                    "map",
                    format!("the map sends `{label}` to `{name}`, which is no field"),
                )
                .with_help(format!("{hint}fields: {}", known.join(", "))));
            };
            overrides.push((normalize(label), *field));
        }
        Ok(Labels {
            overrides,
            project_headings: map.project_headings,
        })
    }

    /// The field `label` means, if any. Exact (normalized) matches first, the map before
    /// the defaults; then a label a typo away from a known one.
    pub(crate) fn field(&self, label: &str) -> Option<Field> {
        let key = normalize(label);
        if key.is_empty() {
            return None;
        }
        let known = || {
            self.overrides
                .iter()
                .map(|(l, f)| (l.as_str(), *f))
                .chain(DEFAULTS.iter().copied())
        };
        if let Some((_, f)) = known().find(|(l, _)| *l == key) {
            return Some(f);
        }
        if key.len() < 6 {
            return None;
        }
        let mut best: Option<(usize, Field)> = None;
        for (l, f) in known() {
            if l.len().abs_diff(key.len()) > 2 {
                continue;
            }
            let d = strsim::damerau_levenshtein(&key, l);
            if d <= 2 && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, f));
            }
        }
        best.map(|(_, f)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_as_pages_write_them() {
        let l = Labels::default();
        assert_eq!(l.field("Possible Mentor(s)"), Some(Field::Mentors));
        assert_eq!(l.field("Mentors(s):"), Some(Field::Mentors));
        assert_eq!(l.field("Mentor[s]"), Some(Field::Mentors));
        assert_eq!(
            l.field("Upstream Issue (URL)"),
            Some(Field::Link(Some(LinkKind::Issue)))
        );
        assert_eq!(
            l.field("Size, Knowledge required"),
            Some(Field::SizeAndSkills)
        );
        assert_eq!(l.field("Recommended Skill(s)"), Some(Field::Skills));
        assert_eq!(l.field("Diffuculty"), Some(Field::Difficulty));
        assert_eq!(l.field("Expected outcomes"), Some(Field::Outcomes));
        assert_eq!(l.field("mentor_avail"), None);
        assert_eq!(l.field("Date"), None);
    }

    #[test]
    fn a_map_adds_and_overrides() {
        let l = Labels::from_map_text("labels:\n  mentor_avail: notes\n  Description: title\n")
            .expect("a good map");
        assert_eq!(l.field("mentor_avail"), Some(Field::Notes));
        assert_eq!(l.field("Description"), Some(Field::Title));
        let e = Labels::from_map_text("labels:\n  x: mentor\n").unwrap_err();
        assert!(e.help.unwrap_or_default().contains("mentors"));
        let e = Labels::from_map_text("label:\n  x: notes\n").unwrap_err();
        assert!(e.location.is_some(), "{e:?}");
    }
}
