//! The files an import writes: one idea file per idea, in ideawiki's front matter, and the
//! year's `_index.md` with where the ideas came from. Every value is written through
//! `yaml_str`, so no text from the source can end the front matter or add a key.

use std::collections::{HashMap, HashSet};

use super::idea::Idea;
use super::mentors::Mentor;
use super::raw::{Provenance, push_block};
use crate::commands::front_matter_edit::yaml_str;
use crate::site::frontmatter::{Size, YearStatus};
use crate::site::slug::slug_for_title;

/// The heading notes go under, in every idea body.
pub(crate) const NOTES_HEADING: &str = "## Imported notes";

/// A file name for each idea: from its title, unique within the year (`-2`, `-3`…), and
/// `idea-N` when a title leaves nothing to make one from.
pub(crate) fn slugs(ideas: &[Idea]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    // For each base, the next number to try, so a thousand ideas of one title stay linear.
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(ideas.len());
    for (n, idea) in ideas.iter().enumerate() {
        let base = slug_for_title(&idea.title).unwrap_or_else(|| format!("idea-{}", n + 1));
        let mut slug = base.clone();
        let k = next.entry(base.clone()).or_insert(2);
        while taken.contains(&slug) {
            slug = format!("{base}-{k}");
            *k += 1;
        }
        taken.insert(slug.clone());
        out.push(slug);
    }
    out
}

fn mentor_yaml(m: &Mentor) -> String {
    if m.email.is_none() && m.github.is_none() && m.role.is_none() {
        return format!("  - {}\n", yaml_str(&m.name));
    }
    let mut s = format!("  - name: {}\n", yaml_str(&m.name));
    if let Some(e) = &m.email {
        s.push_str(&format!("    email: {}\n", yaml_str(e)));
    }
    if let Some(g) = &m.github {
        s.push_str(&format!("    github: {}\n", yaml_str(g)));
    }
    if let Some(r) = m.role {
        s.push_str(&format!("    role: {}\n", r.as_str()));
    }
    s
}

fn size_yaml(size: Size) -> String {
    match size {
        Size::Hours(h) => h.to_string(),
        other => other.label().to_string(),
    }
}

/// The whole idea file: front matter, description, then the notes.
pub(crate) fn idea_text(idea: &Idea) -> String {
    let mut fm = format!("---\ntitle: {}\n", yaml_str(&idea.title));
    if let Some(p) = &idea.project {
        fm.push_str(&format!("project: {}\n", yaml_str(p)));
    }
    if let Some(s) = &idea.summary {
        fm.push_str(&format!("summary: {}\n", yaml_str(s)));
    }
    if !idea.mentors.is_empty() {
        fm.push_str("mentors:\n");
        for m in &idea.mentors {
            fm.push_str(&mentor_yaml(m));
        }
    }
    if let Some(s) = idea.size {
        fm.push_str(&format!("size: {}\n", size_yaml(s)));
    }
    if let Some(d) = idea.difficulty {
        fm.push_str(&format!("difficulty: {}\n", d.as_str()));
    }
    if !idea.skills.is_empty() {
        fm.push_str("skills:\n");
        for s in &idea.skills {
            fm.push_str(&format!("  - {}\n", yaml_str(s)));
        }
    }
    if let Some(p) = &idea.prerequisites {
        fm.push_str(&format!("prerequisites: {}\n", yaml_str(p)));
    }
    if !idea.outcomes.is_empty() {
        fm.push_str("outcomes:\n");
        for o in &idea.outcomes {
            fm.push_str(&format!("  - {}\n", yaml_str(o)));
        }
    }
    if !idea.links.is_empty() {
        fm.push_str("links:\n");
        for (kind, title, url) in &idea.links {
            let first = match (kind, title) {
                (Some(kind), _) => format!("kind: {}", kind.as_str()),
                (None, title) => format!("title: {}", yaml_str(title.as_deref().unwrap_or("Link"))),
            };
            fm.push_str(&format!("  - {first}\n    url: {}\n", yaml_str(url)));
        }
    }
    if let Some(s) = idea.status {
        fm.push_str(&format!("status: {}\n", s.as_str()));
    }
    fm.push_str("---\n");
    let mut body = idea.body.clone();
    let notes = notes_text(&idea.notes);
    if !notes.is_empty() {
        push_block(&mut body, &format!("{NOTES_HEADING}\n\n{notes}"));
    }
    if !body.is_empty() {
        fm.push_str(&body);
        fm.push('\n');
    }
    fm
}

/// Notes as a Markdown list: `- **Label:** value`, later lines of a value indented under it.
pub(crate) fn notes_text(notes: &[(String, String)]) -> String {
    let mut out = String::new();
    for (label, value) in notes {
        let value = value.trim();
        let label = super::raw::plain(label);
        // A list starts on its own lines, under the label.
        let listed = value.starts_with("- ") || value.starts_with("* ");
        let mut lines = value.lines();
        if listed {
            out.push_str(&format!("- **{label}:**\n"));
        } else {
            let first = lines.next().unwrap_or("");
            out.push_str(&format!("- **{label}:** {first}\n"));
        }
        for l in lines {
            if l.trim().is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    out
}

/// What the year's `_index.md` says.
pub(crate) struct YearText<'a> {
    pub(crate) title: &'a str,
    pub(crate) program: &'a str,
    pub(crate) year: u16,
    pub(crate) status: YearStatus,
    pub(crate) provenance: &'a Provenance,
    pub(crate) intro: &'a str,
}

pub(crate) fn year_text(y: &YearText) -> String {
    let p = y.provenance;
    let mut imported = format!("imported:\n  from: {}\n", yaml_str(&p.from));
    if let Some(u) = &p.url {
        imported.push_str(&format!("  url: {}\n", yaml_str(u)));
    }
    if let Some(r) = &p.revision {
        imported.push_str(&format!("  revision: {}\n", yaml_str(r)));
    }
    if let Some(a) = &p.author {
        imported.push_str(&format!("  author: {}\n", yaml_str(a)));
    }
    let mut text = format!(
        "---\ntitle: {}\nprogram: {}\nyear: {}\nstatus: {}\n{imported}---\n",
        yaml_str(y.title),
        yaml_str(y.program),
        y.year,
        y.status.as_str(),
    );
    if !y.intro.trim().is_empty() {
        text.push_str(y.intro.trim());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_titles_stay_inside_their_value() {
        let idea = Idea {
            title: "x\n---\nstatus: taken".into(),
            body: "---\nnot: front matter\n---".into(),
            notes: vec![("A **b**".into(), "one\n\ntwo".into())],
            ..Idea::default()
        };
        let text = idea_text(&idea);
        let fm: serde_json::Value = crate::site::yaml::from_str(
            text.split("\n---\n")
                .next()
                .unwrap_or("")
                .trim_start_matches("---\n"),
        )
        .expect("front matter reads back");
        assert_eq!(fm["title"], "x\n---\nstatus: taken");
        assert!(fm.get("status").is_none());
        assert!(
            text.contains("## Imported notes\n\n- **A b:** one\n\n  two\n"),
            "{text}"
        );
    }

    #[test]
    fn slugs_are_unique_and_never_empty() {
        let ideas: Vec<Idea> = [
            "Améliorer l'éditeur",
            "Améliorer l'éditeur",
            "!!!",
            "../../etc/passwd",
        ]
        .iter()
        .map(|t| Idea {
            title: t.to_string(),
            ..Idea::default()
        })
        .collect();
        assert_eq!(
            slugs(&ideas),
            [
                "ameliorer-l-editeur",
                "ameliorer-l-editeur-2",
                "idea-3",
                "etc-passwd"
            ]
        );
    }
}
