//! A found idea made into ideawiki's fields: each labelled value goes to the field its
//! label means and through the same forgiving reading as a hand-written file (`Size::read`,
//! the difficulty and status words). Whatever does not fit a field, or fits only in part,
//! is kept under "Imported notes" so nothing the source said is lost.

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::labels::{Field, Labels, LinkKind};
use super::raw::{RawIdea, one_line, plain, push_block};
use crate::site::frontmatter::{Difficulty, IdeaStatus, Size};

/// A mentor as written to the idea file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mentor {
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) github: Option<String>,
    /// "primary", "backup": kept as a note until the schema has a place for it.
    pub(crate) role: Option<String>,
}

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
    pub(crate) links: Vec<(String, String)>,
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
            let roles: Vec<String> = found
                .iter()
                .filter_map(|m| m.role.as_ref().map(|r| format!("{}: {r}", m.name)))
                .collect();
            if !roles.is_empty() {
                idea.notes.push(("Mentor roles".into(), roles.join("; ")));
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
                let title = match (kind, text) {
                    (LinkKind::Other, Some(t)) => t,
                    _ => kind.title().to_string(),
                };
                idea.links.push((title, url));
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

fn strip_bullet(line: &str) -> &str {
    let t = line.trim();
    for b in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(b) {
            return rest.trim();
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
        return t[digits + 2..].trim();
    }
    t
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

/// Mentors from how pages write them: one per line or bullet, or joined by `,`, `;`,
/// "and", "AND/OR", "possibly with support from"; an address (`name AT host`,
/// `<name@host>`, `mailto:`) or GitHub handle (`@handle`, a github.com link) next to a
/// name belongs to that mentor.
pub(crate) fn mentors(value: &str) -> Vec<Mentor> {
    let mut text = deobfuscate(&unlink(&value.replace(['\r', '*', '`'], "")));
    // A title's period is not the end of a mentor.
    for title in ["Dr. ", "Prof. ", "Mr. ", "Mrs. ", "Ms. "] {
        text = text.replace(title, &title.replace(". ", ".\u{a0}"));
    }
    for joiner in [
        "possibly with support from",
        "with support from",
        "supported by",
        "AND/OR",
        "and/or",
        " AND ",
        " and ",
        " & ",
        " OR ",
        " or ",
        ". ",
    ] {
        text = text.replace(joiner, "\n");
    }
    let mut out: Vec<Mentor> = Vec::new();
    for group in text.split('\n') {
        let group = strip_bullet(group);
        // Parts of one mentor's entry: "Name, @handle, name@host" or "Name (@h, e@x)".
        let mut current: Option<Mentor> = None;
        for part in group.split([',', ';', '(', ')', '/']) {
            let part = part
                .replace('\u{a0}', " ")
                .trim()
                .trim_end_matches('.')
                .trim_start_matches(['-', ' '])
                .trim()
                .to_string();
            let lower = part.to_lowercase();
            if part.is_empty() || ["and", "or", "&"].contains(&lower.as_str()) {
                continue;
            }
            if ROLES.contains(&lower.as_str()) {
                if let Some(m) = &mut current {
                    m.role = Some(lower);
                }
                continue;
            }
            let part = part.as_str();
            let (email, github, name) = contact_of(part);
            let attaches = name.is_empty() || looks_like_handle(&name, current.as_ref());
            match (&mut current, attaches) {
                (Some(m), true) => {
                    if m.email.is_none() {
                        m.email = email;
                    }
                    if m.github.is_none() {
                        m.github = github.or_else(|| (!name.is_empty()).then(|| name.clone()));
                    }
                }
                _ => {
                    if let Some(m) = current.take() {
                        out.push(m);
                    }
                    let name = if name.is_empty() {
                        email
                            .as_deref()
                            .and_then(|e| e.split('@').next())
                            .or(github.as_deref())
                            .map(name_from_handle)
                            .unwrap_or_default()
                    } else {
                        name
                    };
                    if !name.is_empty() {
                        current = Some(Mentor {
                            name,
                            email,
                            github,
                            role: None,
                        });
                    }
                }
            }
        }
        out.extend(current);
    }
    out.retain(|m| !m.name.is_empty());
    out
}

/// Markdown links in a mentor list made plain before it is split: `[Name](mailto:a@b)` →
/// `Name <a@b>`, `[Name](https://github.com/h)` → `Name @h`, any other link → its text.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some((close, end)) = after
            .find("](")
            .and_then(|c| after[c + 2..].find(')').map(|e| (c, c + 2 + e)))
        else {
            break;
        };
        out.push_str(&rest[..open]);
        let label = &after[..close];
        let url = after[close + 2..end].trim();
        out.push_str(label);
        if let Some(addr) = url.strip_prefix("mailto:") {
            out.push_str(&format!(" <{addr}>"));
        } else if let Some(h) = url
            .strip_prefix("https://github.com/")
            .or_else(|| url.strip_prefix("http://github.com/"))
        {
            out.push_str(&format!(" @{}", h.trim_end_matches('/')));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Words written after a mentor for their part in the project.
const ROLES: &[&str] = &[
    "primary",
    "backup",
    "secondary",
    "co-mentor",
    "lead",
    "main",
];

/// Addresses spelled out against spam made addresses again: `aditya DOT sirish AT nyu DOT
/// edu`, `thomas.schuetz at t-sc dot eu`, `barnett.zqg AT gmail.com` → `…@….…`. Only where
/// the part after "at" is a host (it has a dot, written or spelled), so "at Google" stays.
fn deobfuscate(text: &str) -> String {
    let is_dot = |w: &str| matches!(w, "DOT" | "dot" | "[dot]" | "(dot)" | "{dot}");
    let is_at = |w: &str| matches!(w, "AT" | "at" | "[at]" | "(at)" | "{at}");
    let word = |w: &str| !w.is_empty() && !is_dot(w) && !is_at(w);
    text.lines()
        .map(|line| {
            let t: Vec<&str> = line.split(' ').collect();
            let mut out: Vec<String> = Vec::new();
            let mut i = 0;
            while i < t.len() {
                let mut j = i;
                let mut local = vec![t[i]];
                while j + 2 < t.len() && is_dot(t[j + 1]) && word(t[j + 2]) {
                    local.push(t[j + 2]);
                    j += 2;
                }
                let matched = word(t[i])
                    && j + 2 < t.len()
                    && is_at(t[j + 1])
                    && word(t[j + 2])
                    && !t[j + 2].starts_with('(');
                if !matched {
                    out.push(t[i].to_string());
                    i += 1;
                    continue;
                }
                let mut host = vec![t[j + 2]];
                let mut k = j + 2;
                while k + 2 < t.len() && is_dot(t[k + 1]) && word(t[k + 2]) {
                    host.push(t[k + 2]);
                    k += 2;
                }
                let host = host.join(".");
                let bare = host.trim_end_matches(|c: char| !c.is_alphanumeric());
                if !bare.contains('.') {
                    out.push(t[i].to_string());
                    i += 1;
                    continue;
                }
                let tail = &host[bare.len()..];
                let local = local.join(".");
                let lead_len = local.len()
                    - local
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .len();
                out.push(format!(
                    "{}{}@{bare}{tail}",
                    &local[..lead_len],
                    &local[lead_len..]
                ));
                i = k + 1;
            }
            out.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A one-word lowercase part right after a name ("Michi Mutsuzaki, michi-covalent") is the
/// name's GitHub handle, as CNCF's "Name, github, email" template asks.
fn looks_like_handle(part: &str, current: Option<&Mentor>) -> bool {
    let shaped = part
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && part.chars().any(|c| c.is_ascii_alphabetic());
    // A capitalised word alone is a name ("Tony"); one with digits, dashes or capitals
    // inside is a handle ("Ankurk99", "barnettZQG").
    let handle_like = part.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        || part
            .chars()
            .skip(1)
            .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    current.is_some_and(|m| m.github.is_none()) && !part.contains(' ') && shaped && handle_like
}

/// `(email, github, name)` from one part of a mentor entry.
fn contact_of(part: &str) -> (Option<String>, Option<String>, String) {
    let mut email = None;
    let mut github = None;
    let mut name_words = Vec::new();
    // Markdown links: [Name](mailto:x@y) or [Name](https://github.com/x).
    let (link_text, link_url) = match (part.find('['), part.find("](")) {
        (Some(o), Some(m)) if o < m => {
            let after = &part[m + 2..];
            let end = after.find(')').unwrap_or(after.len());
            (
                Some(format!("{}{}", &part[..o], &part[o + 1..m])),
                Some(after[..end].to_string()),
            )
        }
        _ => (None, None),
    };
    if let Some(url) = &link_url {
        if let Some(addr) = url.strip_prefix("mailto:") {
            email = valid_email(addr.trim());
        } else if let Some(h) = url
            .strip_prefix("https://github.com/")
            .or_else(|| url.strip_prefix("http://github.com/"))
        {
            github = handle(h.trim_end_matches('/'));
        }
    }
    let text = plain(link_text.as_deref().unwrap_or(part));
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_matches(['<', '>', '"', '\'']);
        if (w == "AT" || w == "at" || w == "[at]" || w == "(at)") && !name_words.is_empty() {
            let host = words.get(i + 1).map(|h| h.trim_matches(['<', '>', '.']));
            let local: String = name_words.pop().unwrap_or_default();
            match host.filter(|h| h.contains('.')) {
                Some(h) => {
                    email = email.or_else(|| valid_email(&format!("{local}@{h}")));
                    i += 2;
                }
                None => i += 1,
            }
            if name_words.is_empty() {
                name_words.push(name_from_handle(&local));
            }
            continue;
        }
        if w.contains('@') && !w.starts_with('@') {
            email = email.or_else(|| valid_email(w.trim_start_matches("mailto:")));
        } else if let Some(h) = w.strip_prefix('@') {
            github = github.or_else(|| handle(h));
        } else if let Some(h) = w
            .strip_prefix("https://github.com/")
            .or_else(|| w.strip_prefix("github.com/"))
        {
            github = github.or_else(|| handle(h.trim_end_matches('/')));
        } else if !w.is_empty() {
            name_words.push(w.to_string());
        }
        i += 1;
    }
    let name = name_words.join(" ");
    (
        email,
        github,
        name.trim_matches(['-', ':', ' ']).to_string(),
    )
}

fn valid_email(s: &str) -> Option<String> {
    let s = s.trim_matches(['<', '>', '.', ',']);
    let (user, host) = s.split_once('@')?;
    let ok = !user.is_empty()
        && host.contains('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || "<>()[]\"'`".contains(c));
    ok.then(|| s.to_string())
}

fn handle(h: &str) -> Option<String> {
    let h = h.trim_matches(['.', ',', ')']);
    let ok =
        !h.is_empty() && h.len() <= 39 && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then(|| h.to_string())
}

/// `stefano.stabellini` → `Stefano Stabellini`: a name from an address's local part.
fn name_from_handle(local: &str) -> String {
    local
        .split(['.', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &str) -> Vec<(String, Option<String>, Option<String>)> {
        mentors(v)
            .into_iter()
            .map(|m| (m.name, m.email, m.github))
            .collect()
    }

    #[test]
    fn mentors_as_pages_write_them() {
        assert_eq!(
            names("stefano.stabellini AT eu.citrix.com AND/OR konrad.wilk AT oracle.com"),
            [
                (
                    "Stefano Stabellini".into(),
                    Some("stefano.stabellini@eu.citrix.com".into()),
                    None
                ),
                (
                    "Konrad Wilk".into(),
                    Some("konrad.wilk@oracle.com".into()),
                    None
                ),
            ]
        );
        assert_eq!(
            names("Kevin Hannon, @kannon92, kannon1992@example.com"),
            [(
                "Kevin Hannon".into(),
                Some("kannon1992@example.com".into()),
                Some("kannon92".into())
            )]
        );
        assert_eq!(
            names("Ian Jackson <ian@example.org> possibly with support from Tim Deegan"),
            [
                ("Ian Jackson".into(), Some("ian@example.org".into()), None),
                ("Tim Deegan".into(), None, None),
            ]
        );
        assert_eq!(
            names(
                "- **[Andy Buckley](mailto:andy@example.ch)**\n- [Chris G](mailto:chris@example.ch)"
            ),
            [
                ("Andy Buckley".into(), Some("andy@example.ch".into()), None),
                ("Chris G".into(), Some("chris@example.ch".into()), None),
            ]
        );
        assert_eq!(
            names("Natalie Arellano (@natalieparellano); Joe Kimmel (@joe-kimmel-vmw)").len(),
            2
        );
        assert_eq!(
            names("Michi Mutsuzaki, michi-covalent, michi@example.com")[0]
                .2
                .as_deref(),
            Some("michi-covalent")
        );
        assert_eq!(
            names("[John](https://github.com/johnb)")[0].2.as_deref(),
            Some("johnb")
        );
    }

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
