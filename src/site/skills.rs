//! Skill aliases: spellings of one skill (`Golang`, `Go lang`) that the site's config maps
//! to its name (`Go`), so every page, filter and file shows one skill, with one page. The
//! model reads skills through them; the files keep what their mentors wrote.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::site::frontmatter::IdeaFm;

/// Spelling (folded: lowercase, single spaces) → the skill's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SkillAliases(BTreeMap<String, String>);

impl SkillAliases {
    /// From the config's `skill_aliases:` map (spelling → name).
    pub fn new(map: BTreeMap<String, String>) -> SkillAliases {
        SkillAliases(
            map.into_iter()
                .map(|(spelling, name)| (fold(&spelling), name.trim().to_string()))
                .collect(),
        )
    }

    /// The name of the skill `skill` is a spelling of, or `skill` itself.
    pub fn name_of<'a>(&'a self, skill: &'a str) -> &'a str {
        if self.0.is_empty() {
            return skill;
        }
        self.0.get(&fold(skill)).map_or(skill, String::as_str)
    }

    /// Puts an idea's skills under their names, copying its front matter only when one
    /// of them has an alias.
    pub fn apply(&self, fm: &mut Arc<IdeaFm>) {
        if self.0.is_empty() || !fm.skills.iter().any(|s| self.name_of(s) != s) {
            return;
        }
        let fm = Arc::make_mut(fm);
        let mut named: Vec<String> = Vec::with_capacity(fm.skills.len());
        for s in &fm.skills {
            let name = self.name_of(s).to_string();
            if !named.contains(&name) {
                named.push(name);
            }
        }
        fm.skills = named;
    }
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_find_their_name_whatever_their_case_and_spaces() {
        let aliases = SkillAliases::new(BTreeMap::from([
            ("Golang".to_string(), "Go".to_string()),
            ("Go  programming language".to_string(), "Go".to_string()),
        ]));
        assert_eq!(aliases.name_of("golang"), "Go");
        assert_eq!(aliases.name_of("go programming Language"), "Go");
        assert_eq!(aliases.name_of("Rust"), "Rust");
    }
}
