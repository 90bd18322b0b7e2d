//! Lints on the ideas and years themselves: what a student would miss on the page, and
//! what an editor forgot to update.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{self, Diagnostic, Severity};
use crate::site::config::{ProgramRules, Required};
use crate::site::frontmatter::{Mentor, YearStatus};
use crate::site::model::{Site, Year};
use crate::util::date::Date;

/// Duplicate titles in a year; missing mentors and skills on ideas of years still being
/// filled in (draft or open). Closed and archived years are history: nobody will fix them,
/// so warnings about them would only drown the ones that matter.
pub(super) fn lint_ideas(site: &Site, diags: &mut Vec<Diagnostic>) {
    for year in &site.years {
        duplicate_titles(site, year, diags);
        let rules = site.config.programs.get(&site.programs[year.program].name);
        if matches!(year.status, YearStatus::Open | YearStatus::Draft) {
            missing_mentors_and_skills(site, year, rules, diags);
        }
        if let (YearStatus::Open, Some(rules)) = (year.status, rules) {
            program_rules(site, year, rules, diags);
        }
    }
    skill_spellings(site, diags);
    mentor_identities(site, diags);
}

/// What the program asks of every idea (`programs:` in the config), for each idea of an
/// open year: one warning per missing field, at the field's line or where it would go.
fn program_rules(site: &Site, year: &Year, rules: &ProgramRules, diags: &mut Vec<Diagnostic>) {
    let program = rules
        .title
        .clone()
        .unwrap_or_else(|| site.programs[year.program].title.clone());
    for &i in &year.ideas {
        let doc = &site.ideas[i].doc;
        let fm = &doc.fm;
        for &field in &rules.requires {
            let has = match field {
                Required::Summary => fm.summary.as_deref().is_some_and(|s| !s.trim().is_empty()),
                Required::Description => !doc.body.html.get().trim().is_empty(),
                Required::Outcomes => !fm.outcomes.is_empty(),
                Required::Skills => !fm.skills.is_empty(),
                Required::Prerequisites => !fm.prerequisites.is_empty(),
                Required::Size => fm.size.is_some(),
                Required::Difficulty => fm.difficulty.is_some(),
                Required::Mentors => distinct_mentors(&fm.mentors) >= rules.min_mentors.max(1),
                Required::Project => fm.project.as_deref().is_some_and(|p| !p.trim().is_empty()),
                Required::Links => !fm.links.is_empty(),
            };
            if has {
                continue;
            }
            let (what, fix) = required_fix(field, rules.min_mentors);
            let message = match (field, distinct_mentors(&fm.mentors)) {
                (Required::Mentors, n) if n > 0 => format!(
                    "{program} asks for {} mentors per idea; this idea names {n}",
                    rules.min_mentors
                ),
                _ => format!("{program} asks every idea for {what}; this idea has none"),
            };
            let key = match field {
                Required::Description => "title",
                other => other.as_str(),
            };
            diags.push(warning_at(doc, "program-requires", key, message, &fix));
        }
    }
}

/// How many people `mentors` names: one name written twice is one mentor.
fn distinct_mentors(mentors: &[Mentor]) -> usize {
    let people: std::collections::BTreeSet<String> =
        mentors.iter().map(|m| person_key(&m.name)).collect();
    people.len()
}

/// A mentor's name as it identifies them: case and spacing aside, as their page does.
fn person_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a required field is, in a mentor's words, and the line that adds it.
fn required_fix(field: Required, min_mentors: usize) -> (&'static str, String) {
    match field {
        Required::Summary => (
            "a summary",
            "add `summary:` with one sentence students read in the table".into(),
        ),
        Required::Description => (
            "a description",
            "write what the idea is about below the front matter's closing `---`".into(),
        ),
        Required::Outcomes => (
            "expected outcomes",
            "add `outcomes:` as a list, such as `outcomes: [A working prototype, Tests for it]`"
                .into(),
        ),
        Required::Skills => ("skills", "add `skills:`, such as `skills: [C, Git]`".into()),
        Required::Prerequisites => (
            "prerequisites",
            "add `prerequisites:` saying what a contributor should already know".into(),
        ),
        Required::Size => (
            "a size",
            "add `size:` in hours, such as `size: 175` (or `small`, `medium`, `large`)".into(),
        ),
        Required::Difficulty => (
            "a difficulty",
            "add `difficulty: easy`, `medium` or `hard`".into(),
        ),
        Required::Mentors => (
            "mentors",
            match min_mentors {
                0 | 1 => {
                    "add `mentors:` with at least one name, such as `mentors: [Jane Doe]`".into()
                }
                n => format!("list at least {n} mentors, such as `mentors: [Jane Doe, Sam Lee]`"),
            },
        ),
        Required::Project => (
            "a project",
            "add `project:` naming the part of the organisation the idea is for".into(),
        ),
        Required::Links => (
            "links",
            "add `links:`, such as `links: {issue: https://…}`".into(),
        ),
    }
}

/// One person written two ways: mentors whose names match (ignoring case and spaces) but
/// whose emails or GitHub handles differ, in ideas of open and draft years. Their page
/// shows one of each, so one of the two is wrong or out of date.
fn mentor_identities(site: &Site, diags: &mut Vec<Diagnostic>) {
    type Seen<'a> = (usize, &'a Mentor);
    let mut first: BTreeMap<String, Seen> = BTreeMap::new();
    for year in site
        .years
        .iter()
        .filter(|y| matches!(y.status, YearStatus::Open | YearStatus::Draft))
    {
        for &i in &year.ideas {
            for m in &site.ideas[i].doc.fm.mentors {
                let key = person_key(&m.name);
                let Some(&(j, other)) = first.get(&key) else {
                    first.insert(key, (i, m));
                    continue;
                };
                let differs = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if !a.trim().eq_ignore_ascii_case(b.trim()));
                let what = if differs(m.email.as_deref(), other.email.as_deref()) {
                    "email"
                } else if differs(m.github_handle(), other.github_handle()) {
                    "GitHub name"
                } else {
                    continue;
                };
                diags.push(warning_at(
                    &site.ideas[i].doc,
                    "mentor-differs",
                    "mentors",
                    format!(
                        "mentor `{}` has another {what} here than in {}",
                        m.name,
                        site.ideas[j].doc.shown().display()
                    ),
                    "write the same details in both files, or, if these are two people, tell them apart in `name`",
                ));
            }
        }
    }
}

/// Where a skill is written: the idea, and the value as written.
struct Written<'a> {
    idea: usize,
    skill: &'a str,
}

/// Skills students browse by: one page per skill, so "Go", "golang" and "Go lang" or
/// "Git" and "Gits" split one skill's ideas over several pages, and a sentence ("basic
/// programming skills and a debugger") makes a page nobody looks for. Each spelling that
/// differs from a more common one only in case, punctuation or a plural, each one a
/// letter or two from another, and each that reads as prose gets a warning at its idea's
/// `skills:` line. Ideas of open and draft years only: the archive is history.
fn skill_spellings(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut written: Vec<Written> = Vec::new();
    for year in site
        .years
        .iter()
        .filter(|y| matches!(y.status, YearStatus::Open | YearStatus::Draft))
    {
        for &i in &year.ideas {
            written.extend(site.ideas[i].doc.fm.skills.iter().map(|s| Written {
                idea: i,
                skill: s.as_str(),
            }));
        }
    }
    // How often each exact spelling is used: the most common one is the one to keep.
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &written {
        *uses.entry(w.skill).or_default() += 1;
    }
    let preferred = |a: &str, b: &str| uses[a] > uses[b] || (uses[a] == uses[b] && a < b);
    // What each distinct spelling should be (computed once per spelling, not per use).
    let keys: BTreeMap<&str, String> = uses.keys().map(|&s| (s, skill_key(s))).collect();
    let advice: BTreeMap<&str, (String, String)> = uses
        .keys()
        .filter_map(|&s| {
            if reads_as_prose(s) {
                return Some((s, (
                    format!("the skill `{s}` reads as a sentence, not a keyword"),
                    "split it into keywords students search for, such as `skills: [C, debugging]`; put sentences in the description".to_string(),
                )));
            }
            let key = &keys[s];
            let other = uses.keys().copied().find(|&o| {
                o != s
                    && preferred(o, s)
                    && (keys[o] == *key
                        || (key.chars().count() >= 5
                            && strsim::damerau_levenshtein(&keys[o], key) <= 1))
            })?;
            Some((s, (
                format!(
                    "the skill `{s}` looks like `{other}`, which other ideas use ({} of them)",
                    uses[other]
                ),
                format!(
                    "write `{other}`, or map the spelling in ideawiki.yaml (`skill_aliases: {{\"{s}\": \"{other}\"}}`), so both ideas are on one skill page"
                ),
            )))
        })
        .collect();
    let mut warned: BTreeMap<(usize, &str), ()> = BTreeMap::new();
    for w in &written {
        if let Some((message, help)) = advice.get(w.skill)
            && warned.insert((w.idea, w.skill), ()).is_none()
        {
            let doc = &site.ideas[w.idea].doc;
            diags.push(warning_at(
                doc,
                "skill-spelling",
                "skills",
                message.clone(),
                help,
            ));
        }
    }
}

/// A skill folded for comparing spellings: lowercase letters and digits only (`+` and `#`
/// spelled, so C, C++ and C# stay apart), without a plural `s`.
fn skill_key(skill: &str) -> String {
    let spelled = skill.replace('+', "plus").replace('#', "sharp");
    let key: String = spelled
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.strip_suffix('s') {
        Some(stem) if stem.chars().count() >= 3 => stem.to_string(),
        _ => key,
    }
}

/// More than four words, or words that join or qualify ("and", "with", "basic").
fn reads_as_prose(skill: &str) -> bool {
    const PROSE: &[&str] = &[
        "and",
        "or",
        "with",
        "basic",
        "required",
        "knowledge",
        "experience",
        "familiarity",
        "understanding",
        "some",
    ];
    let words: Vec<String> = skill
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.len() > 4 || words.iter().any(|w| PROSE.contains(&w.as_str()))
}

/// Each idea of `year` whose title an earlier idea of the year has, ignoring case.
fn duplicate_titles(site: &Site, year: &Year, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for &i in &year.ideas {
        let doc = &site.ideas[i].doc;
        let key = doc.fm.title.trim().to_lowercase();
        match seen.get(&key) {
            Some(first) => diags.push(warning_at(
                doc,
                "duplicate-title",
                "title",
                format!(
                    "another idea of {} has the same title: {}",
                    year.year,
                    first.display()
                ),
                "give each idea its own title, so students can tell them apart in the table",
            )),
            None => {
                seen.insert(key, doc.shown());
            }
        }
    }
}

/// Each idea of `year` that names no mentor, and each that lists no skills, unless the
/// program's rules require them (the rule's warning says so, naming the program).
fn missing_mentors_and_skills(
    site: &Site,
    year: &Year,
    rules: Option<&ProgramRules>,
    diags: &mut Vec<Diagnostic>,
) {
    let ruled = |field| {
        year.status == YearStatus::Open && rules.is_some_and(|r| r.requires.contains(&field))
    };
    let (mentors_ruled, skills_ruled) = (ruled(Required::Mentors), ruled(Required::Skills));
    for &i in &year.ideas {
        let doc = &site.ideas[i].doc;
        if doc.fm.mentors.is_empty() && !mentors_ruled {
            diags.push(warning_at(
                doc,
                "no-mentor",
                "mentors",
                "this idea names no mentor".into(),
                "add `mentors:` with at least one name: students need someone to contact",
            ));
        }
        if doc.fm.skills.is_empty() && !skills_ruled {
            diags.push(warning_at(
                doc,
                "no-skills",
                "skills",
                "this idea lists no skills".into(),
                "add `skills:`, such as `[C, Git]`, so students can tell whether it fits them",
            ));
        }
    }
}

/// An open year whose deadline has passed is almost always a year someone forgot to close.
pub(super) fn lint_deadlines(site: &Site, today: Date, diags: &mut Vec<Diagnostic>) {
    for year in &site.years {
        let Some(deadline) = year.doc.fm.deadline.as_deref().and_then(Date::parse) else {
            continue;
        };
        if year.status == YearStatus::Open && deadline < today {
            diags.push(warning_at(
                &year.doc,
                "deadline-passed",
                "deadline",
                format!("the deadline {deadline} has passed, but {} is still open", year.year),
                &format!(
                    "set `status: closed` once applications are over (or run `ideawiki archive {}` when the year is done), or correct the deadline",
                    year.year
                ),
            ));
        }
    }
}

/// A warning pointing at a top-level key of `doc`, or at the opening `---` when the key is
/// missing (that is where it would be added).
fn warning_at<F>(
    doc: &crate::site::parse::Doc<F>,
    code: &'static str,
    key: &str,
    message: String,
    help: &str,
) -> Diagnostic {
    let mut d = doc.key_error(code, key, message, help);
    d.severity = Severity::Warning;
    if d.location.is_none() {
        d = d.at(diag::location(&doc.source, 0..3.min(doc.source.len())));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_fold_case_punctuation_and_plurals() {
        assert_eq!(skill_key("Linux kernel"), skill_key("linux-kernel"));
        assert_eq!(skill_key("Git"), skill_key("gits"));
        assert_ne!(skill_key("C"), skill_key("C++"));
        assert_ne!(skill_key("C++"), skill_key("C#"));
        assert_eq!(skill_key("CSS"), "css");
    }

    #[test]
    fn sentences_are_not_skills() {
        assert!(reads_as_prose(
            "basic programming skills, use IDE and debugger"
        ));
        assert!(reads_as_prose("C with some assembly"));
        assert!(reads_as_prose("one two three four five"));
        assert!(!reads_as_prose("Linux kernel"));
        assert!(!reads_as_prose("Go"));
    }
}
