//! Ideas proposed through a GitHub issue form, for mentors who do not use git.
//!
//! The form's fields are declared once, in [`FIELDS`]: [`form_yaml`] writes the form that
//! `init` puts in `.github/ISSUE_TEMPLATE/`, and [`Answers::read`] finds each field again in
//! an issue's body, where GitHub renders it as `### Label`, a blank line, then the answer
//! (`_No response_` when left empty). [`IdeaDraft::from_issue`] turns the answers into the
//! text of an idea file, remembering which lines came from which field, so that a problem
//! the front-matter parser finds in a value is reported at the field of the form.
//!
//! Issue bodies are written by strangers: every value is quoted for YAML, only `http(s)`
//! links are kept, nothing here names a path (the caller makes the file name from the
//! title with the usual slug rules), and a body that does not look like the form gives
//! diagnostics, never a panic.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{self, Diagnostic};
use crate::site::frontmatter::Size;
use crate::site::yaml::{yaml_quoted, yaml_str};

/// A field of the form, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Title,
    Project,
    Summary,
    Description,
    Outcomes,
    Skills,
    Size,
    Difficulty,
    Mentors,
    Links,
    Year,
}

/// How the form asks for a field.
#[derive(Debug, Clone, Copy)]
pub enum Control {
    Input,
    Textarea,
    Dropdown(&'static [&'static str]),
}

/// One field of the form.
#[derive(Debug, Clone, Copy)]
pub struct FormField {
    pub id: FieldId,
    /// The field's `id` in the form (what GitHub's API and `issue-ops` tools key on).
    pub key: &'static str,
    /// The label: the form shows it, and the issue body repeats it as `### Label`.
    pub label: &'static str,
    pub description: &'static str,
    pub placeholder: &'static str,
    pub control: Control,
    pub required: bool,
}

/// The dropdown's choices for `size`: GSoC's three sizes.
pub const SIZE_OPTIONS: &[&str] = &[
    "Small (~90 hours)",
    "Medium (~175 hours)",
    "Large (~350 hours)",
];
/// The dropdown's choices for `difficulty`.
pub const DIFFICULTY_OPTIONS: &[&str] = &["Easy", "Medium", "Hard"];

/// The form, field by field.
pub const FIELDS: &[FormField] = &[
    FormField {
        id: FieldId::Title,
        key: "title",
        label: "Title",
        description: "The idea's title, as students will see it in the list of ideas.",
        placeholder: "Virtio on Xen",
        control: Control::Input,
        required: true,
    },
    FormField {
        id: FieldId::Project,
        key: "project",
        label: "Project",
        description: "The project or component the idea belongs to.",
        placeholder: "Hypervisor",
        control: Control::Input,
        required: false,
    },
    FormField {
        id: FieldId::Summary,
        key: "summary",
        label: "Summary",
        description: "One sentence for the table of ideas.",
        placeholder: "Make the virtio devices work on Xen guests.",
        control: Control::Input,
        required: true,
    },
    FormField {
        id: FieldId::Description,
        key: "description",
        label: "Description",
        description: "The problem, why it matters, and where a newcomer would start. Markdown works.",
        placeholder: "",
        control: Control::Textarea,
        required: true,
    },
    FormField {
        id: FieldId::Outcomes,
        key: "outcomes",
        label: "Expected outcomes",
        description: "What the project should deliver, one outcome per line.",
        placeholder: "A virtio-net backend merged upstream\nA test in the CI",
        control: Control::Textarea,
        required: false,
    },
    FormField {
        id: FieldId::Skills,
        key: "skills",
        label: "Skills",
        description: "What a student needs to know, separated by commas.",
        placeholder: "C, Linux kernel, Git",
        control: Control::Input,
        required: false,
    },
    FormField {
        id: FieldId::Size,
        key: "size",
        label: "Size",
        description: "How long the project takes.",
        placeholder: "",
        control: Control::Dropdown(SIZE_OPTIONS),
        required: false,
    },
    FormField {
        id: FieldId::Difficulty,
        key: "difficulty",
        label: "Difficulty",
        description: "How hard it is for a newcomer.",
        placeholder: "",
        control: Control::Dropdown(DIFFICULTY_OPTIONS),
        required: false,
    },
    FormField {
        id: FieldId::Mentors,
        key: "mentors",
        label: "Mentors",
        description: "One mentor per line: the name, then (separated by commas) an email address, a GitHub handle starting with @, and `backup` for a backup mentor.",
        placeholder: "Jane Doe, jane@example.org, @janedoe\nJohn Roe, @johnroe, backup",
        control: Control::Textarea,
        required: false,
    },
    FormField {
        id: FieldId::Links,
        key: "links",
        label: "Links",
        description: "Related issues, discussions, chat channels or repositories: one per line, a title then the URL.",
        placeholder: "Design discussion https://example.org/thread/42",
        control: Control::Textarea,
        required: false,
    },
    FormField {
        id: FieldId::Year,
        key: "year",
        label: "Year",
        description: "Leave empty for the current year.",
        placeholder: "",
        control: Control::Input,
        required: false,
    },
];

/// What GitHub writes under a heading whose field was left empty.
pub const NO_RESPONSE: &str = "_No response_";

/// The issue form, as `.github/ISSUE_TEMPLATE/project-idea.yml`.
pub fn form_yaml() -> String {
    let mut out = String::from(
        "# A form for proposing a project idea without git. Once a maintainer adds the label\n\
         # `idea-approved`, a workflow turns the issue into an idea file by pull request\n\
         # (`ideawiki new idea --from-issue`). The `### Label` headings of the issue are what\n\
         # it reads: keep the labels as they are.\n\
         name: Project idea\n\
         description: Propose a project idea for students and newcomers\n\
         title: \"[Idea]: \"\n\
         labels: [\"idea\"]\n\
         body:\n  \
           - type: markdown\n    \
             attributes:\n      \
               value: |\n        \
                 Thank you for mentoring! Fill in what you know; a maintainer reviews the idea\n        \
                 and turns it into a page of the ideas list.\n",
    );
    for f in FIELDS {
        let (kind, options) = match f.control {
            Control::Input => ("input", None),
            Control::Textarea => ("textarea", None),
            Control::Dropdown(o) => ("dropdown", Some(o)),
        };
        out.push_str(&format!(
            "  - type: {kind}\n    id: {}\n    attributes:\n      label: {}\n      description: {}\n",
            f.key,
            yaml_str(f.label),
            yaml_str(f.description)
        ));
        if !f.placeholder.is_empty() {
            out.push_str(&format!("      placeholder: {}\n", yaml_str(f.placeholder)));
        }
        if let Some(options) = options {
            out.push_str("      options:\n");
            for o in options {
                out.push_str(&format!("        - {}\n", yaml_str(o)));
            }
        }
        out.push_str(&format!(
            "    validations:\n      required: {}\n",
            f.required
        ));
    }
    out
}

/// One issue, as `new idea --from-issue` reads it: a body alone, or the JSON of
/// `gh issue view N --json number,title,body,url,author`.
#[derive(Debug, Clone, Default)]
pub struct Issue {
    pub number: Option<u64>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// The body, with `\r\n` read as `\n`.
    pub body: Arc<str>,
}

#[derive(Deserialize)]
struct GhIssue {
    number: Option<u64>,
    title: Option<String>,
    body: Option<String>,
    url: Option<String>,
    author: Option<GhAuthor>,
}

#[derive(Deserialize)]
struct GhAuthor {
    login: Option<String>,
}

impl Issue {
    /// Reads `text` as `gh`'s JSON when it starts with `{`, as an issue body otherwise.
    pub fn read(text: &str, shown: &Path) -> Result<Issue, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !text.trim_start().starts_with('{') {
            return Ok(Issue {
                body: text.replace("\r\n", "\n").into(),
                ..Issue::default()
            });
        }
        let gh: GhIssue = serde_json::from_str(text).map_err(|e| {
            Diagnostic::error("issue-json", format!("this is not the JSON of an issue: {e}"))
                .in_file(shown)
                .with_help("give the issue's body as it is, or the output of `gh issue view N --json number,title,body,url,author`")
        })?;
        Ok(Issue {
            number: gh.number,
            title: gh.title,
            url: gh.url,
            author: gh.author.and_then(|a| a.login),
            body: gh.body.unwrap_or_default().replace("\r\n", "\n").into(),
        })
    }
}

/// One field's answer in an issue body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub field: &'static FormField,
    /// The answer, trimmed; empty for `_No response_`.
    pub value: String,
    /// Where the answer is in the body (the heading's line when the answer is empty).
    pub span: Range<usize>,
}

/// The answers of an issue body, in the form's order, for the fields it has.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub answers: Vec<Answer>,
}

impl Answers {
    /// Finds each field by its `### Label` heading. A heading starts a field only when it
    /// names a field not seen yet, so a description with its own `### Goals` stays whole.
    pub fn read(body: &str) -> Answers {
        let mut starts: Vec<(&'static FormField, usize, usize)> = Vec::new();
        let mut pos = 0;
        for line in body.split_inclusive('\n') {
            let heading = line.trim_end().strip_prefix("### ").map(str::trim);
            if let Some(f) = heading.and_then(|h| {
                FIELDS.iter().find(|f| {
                    f.label.eq_ignore_ascii_case(h) && !starts.iter().any(|(s, _, _)| s.id == f.id)
                })
            }) {
                starts.push((f, pos, pos + line.len()));
            }
            pos += line.len();
        }
        let mut answers = Vec::new();
        for (i, &(field, heading, after)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(body.len(), |s| s.1);
            let raw = &body[after..end];
            let trimmed = raw.trim();
            let at = after + raw.find(trimmed).unwrap_or(0);
            let (value, span) = if trimmed.is_empty() || trimmed == NO_RESPONSE {
                (String::new(), heading..after.saturating_sub(1).max(heading))
            } else {
                (trimmed.to_string(), at..at + trimmed.len())
            };
            answers.push(Answer { field, value, span });
        }
        Answers { answers }
    }

    pub fn get(&self, id: FieldId) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field.id == id)
    }

    /// The answer to `id`, or `""`.
    pub fn value(&self, id: FieldId) -> &str {
        self.get(id).map_or("", |a| a.value.as_str())
    }
}

/// The text of an idea file made from an issue, and which of its lines came from which
/// field.
#[derive(Debug, Clone)]
pub struct IdeaDraft {
    pub title: String,
    /// The year the form asked for, if any.
    pub year: Option<u16>,
    pub text: String,
    /// 1-based line ranges of `text` and the field they came from.
    origins: Vec<(Range<usize>, FieldId)>,
    answers: Answers,
    body: Arc<str>,
}

/// Builds the text line by line, noting the field each line came from.
struct Writer {
    text: String,
    origins: Vec<(Range<usize>, FieldId)>,
}

impl Writer {
    fn line_no(&self) -> usize {
        self.text.matches('\n').count() + 1
    }

    fn push(&mut self, id: Option<FieldId>, lines: &str) {
        let first = self.line_no();
        self.text.push_str(lines);
        if let Some(id) = id {
            self.origins.push((first..self.line_no(), id));
        }
    }
}

impl IdeaDraft {
    /// The idea file for `issue`, or the problems with its answers, each pointing at the
    /// field of the form. `shown` names the input in diagnostics.
    pub fn from_issue(issue: &Issue, shown: &Path) -> Result<IdeaDraft, Vec<Diagnostic>> {
        let answers = Answers::read(&issue.body);
        let mut problems = Vec::new();
        let at = |a: Option<&Answer>, d: Diagnostic| -> Diagnostic {
            point_at(d, a, &issue.body, shown)
        };
        if answers.answers.is_empty() {
            return Err(vec![
                Diagnostic::error(
                    "issue-form",
                    "this issue was not written through the project-idea form: it has no `### Title` heading",
                )
                .in_file(shown)
                .with_help("open the issue with the “Project idea” form, or add `### Title` and the other headings of `.github/ISSUE_TEMPLATE/project-idea.yml` to its body"),
            ]);
        }
        let title = match answers.value(FieldId::Title) {
            "" => issue
                .title
                .as_deref()
                .map(|t| t.trim().trim_start_matches("[Idea]:").trim().to_string())
                .unwrap_or_default(),
            t => t.to_string(),
        };
        let title = one_line(&title);
        if title.is_empty() {
            problems.push(at(
                answers.get(FieldId::Title),
                Diagnostic::error("missing-key", "the idea has no title")
                    .with_help("write the idea's title in the form's field “Title”"),
            ));
        }
        let year = match answers.value(FieldId::Year) {
            "" => None,
            y => match y.parse::<u16>() {
                Ok(y) if (1900..=2999).contains(&y) => Some(y),
                _ => {
                    problems.push(at(
                        answers.get(FieldId::Year),
                        Diagnostic::error("issue-form", format!("`{}` is not a year", one_line(y)))
                            .with_help("write a year such as 2027 in the field “Year”, or leave it empty for the current year"),
                    ));
                    None
                }
            },
        };
        let mut w = Writer {
            text: "---\n".into(),
            origins: Vec::new(),
        };
        w.push(
            Some(FieldId::Title),
            &format!("title: {}\n", yaml_str(&title)),
        );
        for (id, key) in [(FieldId::Project, "project"), (FieldId::Summary, "summary")] {
            let v = one_line(answers.value(id));
            if !v.is_empty() {
                w.push(Some(id), &format!("{key}: {}\n", yaml_str(&v)));
            }
        }
        let mentors = answers.get(FieldId::Mentors);
        match mentors.map(|a| mentor_lines(&a.value)) {
            Some(Ok(lines)) if !lines.is_empty() => w.push(Some(FieldId::Mentors), &lines),
            Some(Err(d)) => problems.push(at(mentors, d)),
            _ => w.push(Some(FieldId::Mentors), "mentors: []\n"),
        }
        let size = answers.value(FieldId::Size);
        if !size.is_empty() {
            let value = match Size::read(size) {
                Some(Size::Hours(h)) => h.to_string(),
                Some(s) => s.label().to_string(),
                // Written as given: the parser's own message says what it accepts.
                None => yaml_str(&one_line(size)),
            };
            w.push(Some(FieldId::Size), &format!("size: {value}\n"));
        }
        let difficulty = one_line(answers.value(FieldId::Difficulty));
        if !difficulty.is_empty() {
            let value = yaml_str(&difficulty.to_lowercase());
            w.push(Some(FieldId::Difficulty), &format!("difficulty: {value}\n"));
        }
        let skills: Vec<String> = answers
            .value(FieldId::Skills)
            .split([',', '\n'])
            .map(|s| one_line(s.trim().trim_start_matches(['-', '*']).trim()))
            .filter(|s| !s.is_empty())
            .collect();
        w.push(Some(FieldId::Skills), &yaml_list("skills", &skills));
        let outcomes = list_lines(answers.value(FieldId::Outcomes));
        if !outcomes.is_empty() {
            w.push(Some(FieldId::Outcomes), &yaml_list("outcomes", &outcomes));
        }
        let links_answer = answers.get(FieldId::Links);
        let mut links = Vec::new();
        if let Some(url) = issue.url.as_deref() {
            match web_url(url) {
                Some(url) => {
                    let title = issue.number.map_or("Issue".into(), |n| format!("Issue #{n}"));
                    links.push((title, url));
                }
                None => problems.push(
                    Diagnostic::error("issue-json", format!("the issue's `url` is not a web address: `{}`", one_line(url)))
                        .in_file(shown)
                        .with_help("give the JSON that `gh issue view N --json number,title,body,url,author` prints, unchanged"),
                ),
            }
        }
        match links_answer.map(|a| link_lines(&a.value)) {
            Some(Ok(more)) => links.extend(more),
            Some(Err(d)) => problems.push(at(links_answer, d)),
            None => {}
        }
        if !links.is_empty() {
            let mut text = String::from("links:\n");
            for (title, url) in &links {
                text.push_str(&format!(
                    "  - {{title: {}, url: {}}}\n",
                    yaml_quoted(title),
                    yaml_quoted(url)
                ));
            }
            w.push(Some(FieldId::Links), &text);
        }
        w.push(None, "status: open\n");
        if let Some(author) = issue.author.as_deref().filter(|a| is_github_handle(a)) {
            w.push(None, &format!("# Proposed by @{author}\n"));
        }
        w.push(None, "---\n");
        let description = answers.value(FieldId::Description);
        if !description.is_empty() {
            w.push(Some(FieldId::Description), &format!("{description}\n"));
        }
        if problems.is_empty() {
            Ok(IdeaDraft {
                title,
                year,
                text: w.text,
                origins: w.origins,
                answers,
                body: issue.body.clone(),
            })
        } else {
            Err(problems)
        }
    }

    /// `d`, found in the idea's text, moved to the field of the form its line came from.
    pub fn point_at_form(&self, d: Diagnostic, shown: &Path) -> Diagnostic {
        let line = d.location.as_ref().map(|l| l.line);
        let field = line.and_then(|l| {
            self.origins
                .iter()
                .find(|(r, _)| r.contains(&l))
                .map(|(_, id)| *id)
        });
        match field {
            Some(id) => point_at(d, self.answers.get(id), &self.body, shown),
            None => d.in_file(shown),
        }
    }
}

/// `d` placed at the answer `a` of `body` (or at the file when there is none), saying
/// which field of the form it is about.
fn point_at(mut d: Diagnostic, a: Option<&Answer>, body: &Arc<str>, shown: &Path) -> Diagnostic {
    d.file = Some(shown.into());
    d.location = None;
    d.source = None;
    if let Some(a) = a {
        d.message = format!("{} (in the form's field “{}”)", d.message, a.field.label);
        d = d
            .at(diag::location(body, a.span.clone()))
            .with_source(body.clone());
    }
    d
}

/// `s` on one line: line breaks and other control characters become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The lines of a textarea, without list bullets or empty lines.
fn list_lines(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .unwrap_or(l);
            one_line(l)
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn yaml_list(key: &str, items: &[String]) -> String {
    if items.is_empty() {
        return format!("{key}: []\n");
    }
    let mut out = format!("{key}:\n");
    for i in items {
        out.push_str(&format!("  - {}\n", yaml_str(i)));
    }
    out
}

/// GitHub's rule for user names: letters, digits and single hyphens, at most 39.
fn is_github_handle(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The mentors field, one mentor per line, as the `mentors:` block.
fn mentor_lines(value: &str) -> Result<String, Diagnostic> {
    let mut out = String::new();
    for line in list_lines(value) {
        let (mut name, mut email, mut github, mut role) = (None, None, None, None);
        let line = line.replace(['<', '>'], ",");
        for token in line.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let lower = token.trim_matches(['(', ')']).to_lowercase();
            if let Some(handle) = token.strip_prefix('@') {
                if !is_github_handle(handle) {
                    return Err(Diagnostic::error(
                        "issue-form",
                        format!("`{token}` is not a GitHub handle"),
                    )
                    .with_help("write the handle as on GitHub, such as `@janedoe`: letters, digits and hyphens"));
                }
                github = Some(handle.to_string());
            } else if token.contains('@') {
                if token.contains(char::is_whitespace) {
                    return Err(Diagnostic::error(
                        "issue-form",
                        format!("`{token}` is not an email address"),
                    )
                    .with_help("separate the name, the address and the handle with commas: `Jane Doe, jane@example.org, @janedoe`"));
                }
                email = Some(token.to_string());
            } else if lower == "backup" || lower == "primary" {
                role = Some(lower);
            } else if name.is_none() {
                name = Some(token.to_string());
            }
        }
        let Some(name) = name.or_else(|| github.clone()) else {
            return Err(Diagnostic::error(
                "issue-form",
                format!("a mentor line has no name: `{line}`"),
            )
            .with_help(
                "start each line with the mentor's name: `Jane Doe, jane@example.org, @janedoe`",
            ));
        };
        out.push_str(&format!("  - name: {}\n", yaml_str(&name)));
        for (key, v) in [("email", email), ("github", github), ("role", role)] {
            if let Some(v) = v {
                out.push_str(&format!("    {key}: {}\n", yaml_str(&v)));
            }
        }
    }
    Ok(if out.is_empty() {
        out
    } else {
        format!("mentors:\n{out}")
    })
}

/// `url` when it is an `http(s)` address with no spaces or control characters.
fn web_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && !rest.starts_with('/')
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    ok.then(|| url.to_string())
}

/// The links field: each line a title and a URL (`Design notes https://…`), a bare URL, or
/// a Markdown link `[title](url)`.
fn link_lines(value: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut out = Vec::new();
    for line in list_lines(value) {
        let (title, url) = match line
            .strip_prefix('[')
            .and_then(|l| l.split_once("]("))
            .and_then(|(t, rest)| Some((t, rest.strip_suffix(')')?)))
        {
            Some((t, u)) => (t.trim().to_string(), u.trim().to_string()),
            None => match line.rsplit_once(char::is_whitespace) {
                Some((t, u)) => (
                    t.trim()
                        .trim_end_matches([':', '-', '–'])
                        .trim()
                        .to_string(),
                    u.to_string(),
                ),
                None => (String::new(), line.clone()),
            },
        };
        let Some(url) = web_url(&url) else {
            return Err(Diagnostic::error(
                "issue-form",
                format!("`{line}` has no web address at its end"),
            )
            .with_help("write one link per line, a title then an address starting with https://: `Design notes https://example.org/notes`"));
        };
        let title = if title.is_empty() { url.clone() } else { title };
        out.push((title, url));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "### Title\n\nVirtio on Xen\n\n### Project\n\nHypervisor\n\n### Summary\n\nMake virtio work.\n\n### Description\n\nThe long text.\n\n### Goals\n\n- one\n\n### Expected outcomes\n\n- A backend\n- A test\n\n### Skills\n\nC, Linux kernel\n\n### Size\n\nLarge (~350 hours)\n\n### Difficulty\n\nHard\n\n### Mentors\n\nJane Doe, jane@example.org, @janedoe\nJohn Roe <john@example.org>, backup\n\n### Links\n\nDesign notes https://example.org/notes\n[Chat](https://chat.example.org/#xen)\n\n### Year\n\n_No response_\n";

    #[test]
    fn reads_every_field_and_keeps_headings_of_the_description() {
        let a = Answers::read(FULL);
        assert_eq!(a.value(FieldId::Title), "Virtio on Xen");
        assert_eq!(
            a.value(FieldId::Description),
            "The long text.\n\n### Goals\n\n- one"
        );
        assert_eq!(a.value(FieldId::Year), "");
        let d = IdeaDraft::from_issue(
            &Issue {
                number: Some(12),
                url: Some("https://github.com/o/r/issues/12".into()),
                body: FULL.into(),
                ..Issue::default()
            },
            Path::new("issue.md"),
        )
        .unwrap();
        assert_eq!(
            d.text,
            "---\ntitle: Virtio on Xen\nproject: Hypervisor\nsummary: Make virtio work.\nmentors:\n  - name: Jane Doe\n    email: jane@example.org\n    github: janedoe\n  - name: John Roe\n    email: john@example.org\n    role: backup\nsize: 350\ndifficulty: hard\nskills:\n  - C\n  - Linux kernel\noutcomes:\n  - A backend\n  - A test\nlinks:\n  - {title: \"Issue #12\", url: \"https://github.com/o/r/issues/12\"}\n  - {title: \"Design notes\", url: \"https://example.org/notes\"}\n  - {title: \"Chat\", url: \"https://chat.example.org/#xen\"}\nstatus: open\n---\nThe long text.\n\n### Goals\n\n- one\n"
        );
        let (fm, diags) = crate::site::parse::front_matter_text(
            "gsoc/2027/x.md",
            d.text.clone().into(),
            crate::site::parse::Kind::Idea,
        );
        assert!(fm.is_some() && diags.is_empty(), "{diags:?}");
    }

    /// The problems with the issue whose body is `body`.
    fn problems(body: &str) -> Vec<Diagnostic> {
        let issue = Issue {
            body: body.into(),
            ..Issue::default()
        };
        IdeaDraft::from_issue(&issue, Path::new("b.md")).unwrap_err()
    }

    #[test]
    fn no_response_is_empty_and_bad_links_point_at_the_field() {
        let e = problems("### Title\n\nX\n\n### Links\n\njavascript:alert(1)\n");
        assert!(e[0].message.contains("field “Links”"), "{e:?}");
        assert_eq!(e[0].location.as_ref().unwrap().line, 7);
        let a = Answers::read("### Title\n\n_No response_\n");
        assert_eq!(a.value(FieldId::Title), "");
    }

    #[test]
    fn the_form_lists_every_field() {
        let form = form_yaml();
        for f in FIELDS {
            assert!(form.contains(&format!("id: {}\n", f.key)), "{}", f.key);
        }
        let v: serde_json::Value = crate::site::yaml::from_str(&form).unwrap();
        assert_eq!(v["body"].as_array().map(Vec::len), Some(FIELDS.len() + 1));
    }

    #[test]
    fn hostile_values_stay_values() {
        let e = problems("### Title\n\n\"]: x\n---\n### Mentors\n\n{name: a}, @bad_handle!\n");
        assert!(e[0].message.contains("GitHub handle"), "{e:?}");
    }
}
