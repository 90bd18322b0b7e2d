//! The theme's words in the site's language: `themes/wiki/i18n/<language>.yaml`, compiled
//! into the binary, with the site's own `strings:` from `ideawiki.yaml` on top.
//!
//! English (`en.yaml`) is the reference: every other file has exactly its keys, and a
//! translation may use only the placeholders (`{n}`, `{title}`) its English string has.
//! Templates get every string as `t`; the config reads the default taxonomies' titles from
//! here, and the views the words for sizes, difficulties, statuses and link kinds.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::site::field::IdeaField;
use crate::site::frontmatter::LinkKind;
use crate::site::yaml;

/// `(language, file)` of each language file shipped, English first.
macro_rules! language {
    ($code:literal) => {
        (
            $code,
            include_str!(concat!("../../themes/wiki/i18n/", $code, ".yaml")),
        )
    };
}

/// The language files, as written.
pub(crate) const LANGUAGES: &[(&str, &str)] = &[
    language!("en"),
    language!("de"),
    language!("es"),
    language!("fr"),
];

/// Keys the theme's script reads start with this; see [`Strings::script_json`].
const SCRIPT_PREFIX: &str = "script_";

/// Each shipped language's strings, read once. A file that does not parse is a bug of
/// the binary, which the tests below catch; it then reads as empty, and English fills in.
static PARSED: LazyLock<Vec<(&'static str, BTreeMap<String, String>)>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .map(|(code, text)| (*code, yaml::from_str(text).unwrap_or_default()))
        .collect()
});

fn english() -> &'static BTreeMap<String, String> {
    &PARSED[0].1
}

/// The strings of one language with a site's overrides applied.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Strings {
    /// The language file they come from (`en` when the site's language has none).
    language: &'static str,
    values: BTreeMap<String, String>,
}

impl Default for Strings {
    fn default() -> Self {
        Strings {
            language: "en",
            values: english().clone(),
        }
    }
}

/// What went wrong with one override.
pub(crate) enum OverrideError {
    /// No such key: the nearest one, if any is close.
    UnknownKey(Option<String>),
    /// A placeholder the English string does not have.
    Placeholder(String),
}

impl Strings {
    /// The strings of `language` (`de`, `de-AT`, `DE`): the file for the whole tag, else
    /// for its first part. `None` when no file fits.
    pub(crate) fn for_language(language: &str) -> Option<Strings> {
        let tag = language.trim().to_ascii_lowercase().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or_default();
        let (code, values) = PARSED
            .iter()
            .find(|(code, _)| *code == tag)
            .or_else(|| PARSED.iter().find(|(code, _)| *code == primary))?;
        // English fills in any key a file lacks (none does; the tests make sure).
        let mut all = english().clone();
        all.extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
        Some(Strings {
            language: code,
            values: all,
        })
    }

    /// The codes of the shipped languages, for help texts.
    pub(crate) fn languages() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|(code, _)| *code)
    }

    /// Replaces the string `key` with `text` (a site's `strings:`).
    pub(crate) fn set(&mut self, key: &str, text: String) -> Result<(), OverrideError> {
        let Some(reference) = english().get(key) else {
            let nearest = yaml::nearest(key, english().keys().map(String::as_str));
            return Err(OverrideError::UnknownKey(nearest.map(str::to_string)));
        };
        if let Some(bad) = foreign_placeholder(reference, &text) {
            return Err(OverrideError::Placeholder(bad));
        }
        self.values.insert(key.to_string(), text);
        Ok(())
    }

    /// The string `key`; empty for a key English does not have (the tests make sure every
    /// key the code asks for exists).
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    /// Every string, by key: what templates get as `t`.
    pub(crate) fn all(&self) -> &BTreeMap<String, String> {
        &self.values
    }

    /// The title of a default taxonomy, by its name (`skills` → "Skills").
    pub(crate) fn taxonomy_title(&self, name: &str) -> &str {
        self.get(&format!("taxonomy_{name}"))
    }

    /// What one value of a built-in field is called ("Skill"); `None` for `extra.<key>`.
    pub(crate) fn singular(&self, field: &IdeaField) -> Option<&str> {
        let key = match field {
            IdeaField::Project => "one_project",
            IdeaField::Mentors => "one_mentor",
            IdeaField::Skills => "one_skill",
            IdeaField::Size => "one_size",
            IdeaField::Difficulty => "one_difficulty",
            IdeaField::Status => "one_status",
            IdeaField::Tags => "one_tag",
            IdeaField::Students => "one_student",
            IdeaField::Extra(_) => return None,
        };
        Some(self.get(key))
    }

    /// A value of `field` as pages show it: for sizes, difficulties and statuses (which
    /// the model names in English, "Small") the language's word; other values as they are.
    pub fn value<'a>(&'a self, field: &IdeaField, value: &'a str) -> &'a str {
        let prefix = match field {
            IdeaField::Size => "size",
            IdeaField::Difficulty => "difficulty",
            IdeaField::Status => "status",
            _ => return value,
        };
        // Called for every value of every idea shown: the key is put together on the
        // stack unless it is unusually long.
        let mut buf = [0u8; 64];
        let len = prefix.len() + 1 + value.len();
        let found = if len <= buf.len() {
            buf[..prefix.len()].copy_from_slice(prefix.as_bytes());
            buf[prefix.len()] = b'_';
            for (to, from) in buf[prefix.len() + 1..len].iter_mut().zip(value.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            // Lowering ASCII bytes keeps the text valid UTF-8.
            std::str::from_utf8(&buf[..len])
                .ok()
                .and_then(|key| self.values.get(key))
        } else {
            self.values
                .get(&format!("{prefix}_{}", value.to_ascii_lowercase()))
        };
        found.map_or(value, String::as_str)
    }

    /// `{stem}_one` or `{stem}_other` with `{n}` filled in: "1 year", "3 years".
    pub(crate) fn count(&self, stem: &str, n: usize) -> String {
        let form = if n == 1 { "one" } else { "other" };
        self.get(&format!("{stem}_{form}"))
            .replace("{n}", &n.to_string())
    }

    /// What a link of `kind` is called when its file gives no title.
    pub(crate) fn link_kind(&self, kind: LinkKind) -> &str {
        self.get(&format!("link_{}", kind.as_str()))
    }

    /// The strings of the theme's script that differ from its own (English) words, as a
    /// JSON object without the `script_` prefix, safe inside a `<script>` element; `None`
    /// when every one is English, so English pages carry nothing.
    pub(crate) fn script_json(&self) -> Option<String> {
        let changed: BTreeMap<&str, &str> = self
            .values
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(SCRIPT_PREFIX)?, v.as_str())))
            .filter(|(k, v)| {
                english()
                    .get(&format!("{SCRIPT_PREFIX}{k}"))
                    .map(String::as_str)
                    != Some(*v)
            })
            .collect();
        if changed.is_empty() {
            return None;
        }
        let json = serde_json::to_string(&changed).ok()?;
        Some(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        )
    }
}

/// The `{name}` placeholders of a string, in order.
fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.push(name.to_string());
        }
        rest = &rest[end + 1..];
    }
    out
}

/// A placeholder of `text` that the English string `reference` has in no form (`{x}` and
/// `{x_lower}` are one value in two cases).
fn foreign_placeholder(reference: &str, text: &str) -> Option<String> {
    let base = |p: &str| p.strip_suffix("_lower").unwrap_or(p).to_string();
    let known: Vec<String> = placeholders(reference).iter().map(|p| base(p)).collect();
    placeholders(text)
        .into_iter()
        .find(|p| !known.contains(&base(p)))
        .map(|p| format!("{{{p}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::frontmatter::{Difficulty, IdeaStatus, Size, YearStatus};

    #[test]
    fn every_language_file_reads_and_has_exactly_the_english_keys() {
        let reference: Vec<&String> = english().keys().collect();
        assert!(reference.len() > 100, "en.yaml did not parse");
        for (code, text) in LANGUAGES {
            let values: BTreeMap<String, String> =
                yaml::from_str(text).unwrap_or_else(|e| panic!("{code}.yaml: {e:?}"));
            let keys: Vec<&String> = values.keys().collect();
            let missing: Vec<&&String> = reference.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<&&String> = keys.iter().filter(|k| !reference.contains(k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{code}.yaml: missing {missing:?}, not in en.yaml {extra:?}"
            );
            for (key, value) in &values {
                assert!(!value.trim().is_empty(), "{code}.yaml: `{key}` is empty");
                assert_eq!(
                    foreign_placeholder(&english()[key], value),
                    None,
                    "{code}.yaml: `{key}`"
                );
            }
        }
    }

    /// Every key the code builds from an enum exists, so no page shows an empty word.
    #[test]
    fn every_key_the_code_asks_for_exists() {
        let en = Strings::default();
        for field in IdeaField::BUILT_IN {
            assert!(!en.singular(&field).unwrap().is_empty(), "{field}");
        }
        for name in [
            "projects",
            "mentors",
            "skills",
            "sizes",
            "difficulty",
            "status",
        ] {
            assert!(!en.taxonomy_title(name).is_empty(), "{name}");
        }
        for kind in [
            LinkKind::Issue,
            LinkKind::Discussion,
            LinkKind::Chat,
            LinkKind::Repository,
            LinkKind::NewcomerIssues,
            LinkKind::MailingList,
            LinkKind::Documentation,
        ] {
            assert_eq!(en.link_kind(kind), kind.label(), "{kind:?}");
        }
        let values = [Size::Small, Size::Medium, Size::Large]
            .map(|s| (IdeaField::Size, s.label()))
            .into_iter()
            .chain(
                [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]
                    .map(|d| (IdeaField::Difficulty, d.as_str())),
            )
            .chain(
                [
                    IdeaStatus::Open,
                    IdeaStatus::Taken,
                    IdeaStatus::Completed,
                    IdeaStatus::Withdrawn,
                ]
                .map(|s| (IdeaField::Status, s.as_str())),
            );
        for (field, word) in values {
            let shown = en.value(&field, word);
            assert!(
                shown.eq_ignore_ascii_case(word) && shown != word,
                "{field}: {word}"
            );
        }
        for status in [
            YearStatus::Draft,
            YearStatus::Open,
            YearStatus::Closed,
            YearStatus::Archived,
        ] {
            assert!(!en.get(&format!("year_{}", status.as_str())).is_empty());
        }
    }

    #[test]
    fn a_language_is_found_by_its_tag_or_its_first_part() {
        assert_eq!(Strings::for_language("de").unwrap().language, "de");
        assert_eq!(Strings::for_language("de-AT").unwrap().language, "de");
        assert_eq!(Strings::for_language("FR_ca").unwrap().language, "fr");
        assert!(Strings::for_language("pt-BR").is_none());
        let de = Strings::for_language("de").unwrap();
        assert_eq!(de.value(&IdeaField::Size, "Large"), "Groß");
        assert_eq!(de.value(&IdeaField::Skills, "Large"), "Large");
    }

    #[test]
    fn overrides_check_the_key_and_its_placeholders() {
        let mut s = Strings::default();
        assert!(s.set("show_all", "Everything".into()).is_ok());
        assert_eq!(s.get("show_all"), "Everything");
        assert!(matches!(
            s.set("show_al", "x".into()),
            Err(OverrideError::UnknownKey(Some(k))) if k == "show_all"
        ));
        assert!(matches!(
            s.set("ideas_other", "{count} ideas".into()),
            Err(OverrideError::Placeholder(p)) if p == "{count}"
        ));
        // The other case of a placeholder, and leaving one out, are fine.
        assert!(s.set("all_terms", "All {title}".into()).is_ok());
        assert!(s.set("ideas_one", "one idea".into()).is_ok());
    }

    #[test]
    fn the_script_gets_only_what_differs_from_its_own_words() {
        assert_eq!(Strings::default().script_json(), None);
        let mut s = Strings::default();
        s.set("script_all", "<Every>".into()).ok();
        assert_eq!(
            s.script_json().as_deref(),
            Some(r#"{"all":"\u003cEvery\u003e"}"#)
        );
        let de = Strings::for_language("de").unwrap().script_json().unwrap();
        assert!(de.contains(r#""all":"Alle""#), "{de}");
    }

    /// The script's own words are English's, so an English page needs none sent.
    #[test]
    fn the_scripts_defaults_are_the_english_strings() {
        let js = include_str!("../../themes/wiki/static/ideawiki.js");
        for (key, value) in english() {
            if let Some(short) = key.strip_prefix(SCRIPT_PREFIX) {
                let written = format!("{short}: {}", serde_json::to_string(value).unwrap());
                assert!(js.contains(&written), "ideawiki.js lacks `{written}`");
            }
        }
    }
}
