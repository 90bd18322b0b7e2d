//! A found idea made into ideawiki's fields: each labelled value goes to the field its
//! label means and through the same forgiving reading as a hand-written file (`Size::read`,
//! the difficulty and status words). Whatever does not fit a field, or fits only in part,
//! is kept under "Imported notes" so nothing the source said is lost.

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::labels::{Field, Labels};
use super::mentors::{Mentor, mentors};
use super::raw::{RawIdea, one_line, plain, push_block, strip_bullet};
use crate::site::frontmatter::LinkKind;
use crate::site::frontmatter::{Difficulty, IdeaStatus, Size};

/// An idea in ideawiki's terms, ready to be written.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Idea {
    pub(crate) title: String,
    pub(crate) origin: String,
    pub(crate) project: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) mentors: Vec<Mentor>,
    pub(crate) size: Option<Size>,
    pub(crate) difficulty: Option<Difficulty>,
    pub(crate) skills: Vec<String>,
    pub(crate) prerequisites: Option<String>,
    pub(crate) outcomes: Vec<String>,
    /// `(title, url)`.
    /// Each link's kind (or `None`, with the title its source gave it) and address.
    pub(crate) links: Vec<(Option<LinkKind>, Option<String>, String)>,
    pub(crate) status: Option<IdeaStatus>,
    /// The description, as Markdown.
    pub(crate) body: String,
    /// What went to "Imported notes": `(label, value)`.
    pub(crate) notes: Vec<(String, String)>,
}

/// The fields counted in the import's summary, in the order they are printed.
pub(crate) const COUNTED: &[&str] = &[
    "project",
    "mentors",
    "size",
    "difficulty",
    "skills",
    "prerequisites",
    "outcomes",
    "links",
];

impl Idea {
    /// Whether the field named in [`COUNTED`] has a value.
    pub(crate) fn has(&self, field: &str) -> bool {
        match field {
            "project" => self.project.is_some(),
            "mentors" => !self.mentors.is_empty(),
            "size" => self.size.is_some(),
            "difficulty" => self.difficulty.is_some(),
            "skills" => !self.skills.is_empty(),
            "prerequisites" => self.prerequisites.is_some(),
            "outcomes" => !self.outcomes.is_empty(),
            "links" => !self.links.is_empty(),
            _ => false,
        }
    }
}

/// Maps one found idea. `year` is the year imported into: a `year` value that differs is
/// kept as a note.
pub(crate) fn map_idea(raw: &RawIdea, labels: &Labels, year: u16) -> Idea {
    let title = plain(&raw.title);
    // "Project: Brush history" (KDE's headings): the prefix is a label, not the title.
    let title = ["project:", "idea:", "project idea:"]
        .iter()
        .find_map(|p| {
            title
                .get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| title[p.len()..].trim().to_string())
        })
        .filter(|t| !t.is_empty())
        .unwrap_or(title);
    let mut idea = Idea {
        title,
        origin: raw.origin.clone(),
        ..Idea::default()
    };
    let mut body = String::new();
    for (label, value) in &raw.fields {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let label_text = plain(label);
        match labels.field(label) {
            Some(Field::Body) => push_block(&mut body, value),
            Some(field) => apply(&mut idea, field, &label_text, value, year),
            None => idea.notes.push((label_text, value.to_string())),
        }
    }
    push_block(&mut body, &raw.body);
    idea.body = body;
    if idea.project.is_none() {
        idea.project = raw.group.as_deref().map(plain).filter(|g| !g.is_empty());
    }
    if idea.title.is_empty() {
        idea.title = first_words(&idea.body).unwrap_or_else(|| "Untitled idea".into());
    }
    idea
}

/// The first sentence-ish words of a body, for an idea the source gave no title.
fn first_words(body: &str) -> Option<String> {
    let text = plain(body.lines().find(|l| !l.trim().is_empty())?);
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn apply(idea: &mut Idea, field: Field, label: &str, value: &str, year: u16) {
    let note = |idea: &mut Idea| idea.notes.push((label.to_string(), value.to_string()));
    match field {
        Field::Title => {
            if idea.title.is_empty() {
                idea.title = plain(value);
            } else {
                note(idea);
            }
        }
        Field::Project => {
            if idea.project.is_none() && !plain(value).is_empty() {
                idea.project = Some(plain(value));
            } else {
                note(idea);
            }
        }
        Field::Summary => {
            if idea.summary.is_none() {
                idea.summary = Some(one_line(value));
            } else {
                note(idea);
            }
        }
        Field::Mentors => {
            let found = mentors(value);
            if found.is_empty() {
                note(idea);
            }
            idea.mentors.extend(found);
        }
        Field::Size => {
            if !fill(&mut idea.size, read_size(value)) {
                note(idea);
            }
        }
        Field::Difficulty => {
            if !fill(&mut idea.difficulty, read_difficulty(value)) {
                note(idea);
            }
        }
        Field::Skills => skills_into(idea, label, value),
        Field::SizeAndSkills => {
            let mut rest = Vec::new();
            let mut size_text = None;
            for part in split_list(value) {
                if size_text.is_none()
                    && idea.size.is_none()
                    && let Some((size, _)) = read_size(&part)
                {
                    idea.size = Some(size);
                    size_text = Some(part);
                    continue;
                }
                rest.push(part);
            }
            if let Some(t) = size_text
                && Size::read(&t).is_none()
            {
                idea.notes.push((label.to_string(), t));
            }
            if !rest.is_empty() {
                skills_into(idea, label, &rest.join(", "));
            }
        }
        Field::Prerequisites => {
            let text = value.to_string();
            match &mut idea.prerequisites {
                Some(p) => push_block(p, &text),
                None => idea.prerequisites = Some(text),
            }
        }
        Field::Outcomes => idea.outcomes.extend(list_items(value)),
        Field::Link(kind) => {
            let (urls, rest) = urls_in(value);
            if urls.is_empty() {
                note(idea);
                return;
            }
            for (text, url) in urls {
                // A link of a known kind is shown with its kind's label; another one with
                // the words the source linked, else "Link".
                let title = match kind {
                    Some(_) => None,
                    None => Some(text.unwrap_or_else(|| "Link".to_string())),
                };
                idea.links.push((kind, title, url));
            }
            if !rest.is_empty() {
                idea.notes.push((label.to_string(), rest));
            }
        }
        Field::Status => {
            match IdeaStatus::deserialize(StrDeserializer::<ValueError>::new(&plain(value))) {
                Ok(s) if idea.status.is_none() => idea.status = Some(s),
                _ => note(idea),
            }
        }
        Field::Year => {
            if plain(value).trim() != year.to_string() {
                note(idea);
            }
        }
        Field::Notes | Field::Body => note(idea),
    }
}

/// Puts a value read with [`read_size`] or [`read_difficulty`] into an empty slot. False
/// when the text must also be kept as a note: not read, read only in part, or the slot
/// already filled.
fn fill<T>(slot: &mut Option<T>, read: Option<(T, bool)>) -> bool {
    match read {
        Some((value, exact)) if slot.is_none() => {
            *slot = Some(value);
            exact
        }
        _ => false,
    }
}

/// Skills from a list; a value that reads as sentences rather than names of skills goes
/// to `prerequisites` instead (or to the notes when those are taken).
fn skills_into(idea: &mut Idea, label: &str, value: &str) {
    let items: Vec<String> = split_list(value)
        .into_iter()
        .map(|s| plain(&s).trim_end_matches('.').trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let sentence = items
        .iter()
        .any(|s| s.split_whitespace().count() > 4 || s.len() > 40);
    if sentence {
        match &mut idea.prerequisites {
            None => idea.prerequisites = Some(value.to_string()),
            Some(_) => idea.notes.push((label.to_string(), value.to_string())),
        }
        return;
    }
    for s in items {
        if !idea.skills.iter().any(|k| k.eq_ignore_ascii_case(&s)) {
            idea.skills.push(s);
        }
    }
}

/// Items of a list written as Markdown bullets, lines, or with commas and semicolons.
pub(crate) fn split_list(value: &str) -> Vec<String> {
    let lines: Vec<&str> = value.lines().filter(|l| !l.trim().is_empty()).collect();
    let parts: Vec<String> = if lines.len() > 1 {
        lines.iter().map(|l| strip_bullet(l).to_string()).collect()
    } else {
        strip_bullet(value)
            .split([',', ';'])
            .map(str::to_string)
            .collect()
    };
    parts
        .into_iter()
        .flat_map(|p| {
            if p.contains(',') || p.contains(';') {
                p.split([',', ';']).map(str::to_string).collect::<Vec<_>>()
            } else {
                vec![p]
            }
        })
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Outcomes: one per bullet or line; a paragraph is one outcome.
fn list_items(value: &str) -> Vec<String> {
    let lines: Vec<&str> = value.lines().filter(|l| !l.trim().is_empty()).collect();
    let bulleted = lines.len() > 1
        && lines
            .iter()
            .all(|l| strip_bullet(l) != l.trim() || l.starts_with([' ', '\t']));
    if bulleted {
        let mut items: Vec<String> = Vec::new();
        for l in lines {
            if strip_bullet(l) != l.trim() {
                items.push(strip_bullet(l).to_string());
            } else if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(l.trim());
            }
        }
        items
    } else {
        vec![one_line(value)]
    }
}

/// A size, and whether the text said exactly that (else the text is kept as a note).
/// "Medium to large" reads as the larger; "175 or 350 hours" as the first number.
fn read_size(value: &str) -> Option<(Size, bool)> {
    let text = plain(value);
    // "Medium (175 hours) or Large (350 hours)": read as the first, kept as a note.
    let numbers = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .count();
    if let Some(s) = Size::read(&text) {
        return Some((s, numbers <= 1));
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Ok(h) = w.parse::<u32>()
            && h > 0
            && words
                .get(i + 1)
                .is_some_and(|u| ["h", "hr", "hrs", "hour", "hours"].contains(u))
        {
            return Some((Size::Hours(h), false));
        }
    }
    let word = words.iter().rev().find_map(|w| match *w {
        "small" | "short" => Some(Size::Small),
        "medium" => Some(Size::Medium),
        "large" | "long" => Some(Size::Large),
        _ => None,
    })?;
    // Only when the text is about size: a few words, not a sentence that says "large".
    (words.len() <= 4).then_some((word, false))
}

/// A difficulty, and whether the text said exactly that.
fn read_difficulty(value: &str) -> Option<(Difficulty, bool)> {
    let text = plain(value);
    let read = |s: &str| Difficulty::deserialize(StrDeserializer::<ValueError>::new(s)).ok();
    if let Some(d) = read(&text) {
        return Some((d, true));
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 5 {
        return None;
    }
    words.iter().rev().find_map(|w| read(w)).map(|d| (d, false))
}

/// `http(s)` URLs in a value, with the link text where one was written, and the text
/// left once they are taken out (empty when only URLs and joining words remain).
fn urls_in(value: &str) -> (Vec<(Option<String>, String)>, String) {
    let mut urls = Vec::new();
    let mut rest = String::new();
    let mut text = value;
    loop {
        let md = text.find("](http");
        let bare = text
            .find("http://")
            .into_iter()
            .chain(text.find("https://"))
            .min();
        match (md, bare) {
            (Some(m), _) if text[..m].rfind('[').is_some() && bare.is_none_or(|b| b > m) => {
                let open = text[..m].rfind('[').unwrap_or(0);
                let after = &text[m + 2..];
                let end = after.find(')').unwrap_or(after.len());
                rest.push_str(&text[..open]);
                urls.push((
                    Some(plain(&text[open + 1..m])),
                    after[..end].trim().to_string(),
                ));
                text = after.get(end + 1..).unwrap_or("");
            }
            (_, Some(b)) => {
                let end = text[b..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | ']' | '"' | '|'))
                    .map_or(text.len(), |n| b + n);
                rest.push_str(text[..b].trim_end_matches('<'));
                let url = text[b..end].trim_end_matches(['.', ',', ';']).to_string();
                text = &text[b + url.len()..];
                text = text.strip_prefix('>').unwrap_or(text);
                urls.push((None, url));
            }
            _ => {
                rest.push_str(text);
                break;
            }
        }
    }
    let leftover = one_line(&rest);
    let filler = leftover
        .split(|c: char| !c.is_alphanumeric())
        .all(|w| w.is_empty() || ["and", "or", "see", "also"].contains(&w.to_lowercase().as_str()));
    (urls, if filler { String::new() } else { leftover })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_difficulties_forgiving() {
        assert_eq!(read_size("175 Hours"), Some((Size::Hours(175), true)));
        assert_eq!(read_size("Medium to large"), Some((Size::Large, false)));
        assert_eq!(
            read_size("175 or 350 hours"),
            Some((Size::Hours(350), false))
        );
        assert_eq!(read_difficulty("Medium"), Some((Difficulty::Medium, true)));
        assert_eq!(
            read_difficulty("Easy to medium"),
            Some((Difficulty::Medium, false))
        );
        assert_eq!(
            read_difficulty("it depends on many things we cannot say"),
            None
        );
    }

    #[test]
    fn nothing_is_dropped() {
        let raw = RawIdea {
            title: "**PV audio**".into(),
            fields: vec![
                (
                    "Possible Mentor(s)".into(),
                    "jane.doe AT example.org".into(),
                ),
                (
                    "Size, Knowledge required".into(),
                    "Medium to large, OCaml, Linux".into(),
                ),
                ("Difficulty".into(), "tricky".into()),
                ("Date".into(), "01/22/2013".into()),
                (
                    "Upstream Issue (URL)".into(),
                    "https://example.org/1 and https://example.org/2".into(),
                ),
            ],
            ..RawIdea::default()
        };
        let idea = map_idea(&raw, &Labels::default(), 2013);
        assert_eq!(idea.title, "PV audio");
        assert_eq!(idea.size, Some(Size::Large));
        assert_eq!(idea.skills, ["OCaml", "Linux"]);
        assert_eq!(idea.links.len(), 2);
        let noted: Vec<&str> = idea.notes.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(noted, ["Size, Knowledge required", "Difficulty", "Date"]);
    }
}
