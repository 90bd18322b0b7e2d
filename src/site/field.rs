//! The idea fields ideas can be grouped by: what a taxonomy's `from:` names, what the year
//! pages filter by and what idea views link to term pages.
//!
//! Read from the config once, into [`IdeaField`], so the stages after it match on a type
//! instead of comparing strings (a misspelt string match fails silently; a missing enum
//! arm does not compile).

use std::fmt;

use crate::site::yaml;

/// An idea field, as a taxonomy's `from:` names it.
///
/// A new built-in field goes into [`IdeaField::BUILT_IN`] too, and then into the matches
/// that do not compile without it (its values, its natural order).
///
/// `pub` only because the config that holds it is reachable from the engine's results.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum IdeaField {
    Project,
    Mentors,
    Skills,
    Size,
    Difficulty,
    Status,
    Tags,
    Students,
    /// `extra.<key>`: one key of the free-form `extra:` map.
    Extra(String),
}

impl IdeaField {
    /// Every field but `extra.<key>`, in the order the config's help text lists them.
    pub(crate) const BUILT_IN: [IdeaField; 8] = [
        IdeaField::Project,
        IdeaField::Mentors,
        IdeaField::Skills,
        IdeaField::Size,
        IdeaField::Difficulty,
        IdeaField::Status,
        IdeaField::Tags,
        IdeaField::Students,
    ];

    /// The front-matter key the field is read from: its name for a built-in field
    /// (`skills`), `extra` for `extra.<key>` (its [`Display`](fmt::Display) form names the
    /// key as well).
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            IdeaField::Project => "project",
            IdeaField::Mentors => "mentors",
            IdeaField::Skills => "skills",
            IdeaField::Size => "size",
            IdeaField::Difficulty => "difficulty",
            IdeaField::Status => "status",
            IdeaField::Tags => "tags",
            IdeaField::Students => "students",
            IdeaField::Extra(_) => "extra",
        }
    }

    /// Reads a field as the config writes it: a built-in name or `extra.<key>`. The error
    /// is the help a diagnostic gives: the nearest built-in name, if one is close, and the
    /// names to choose from.
    pub(crate) fn parse(text: &str) -> Result<IdeaField, String> {
        if let Some(field) = Self::BUILT_IN.iter().find(|f| f.as_str() == text) {
            return Ok(field.clone());
        }
        if let Some(key) = text.strip_prefix("extra.").filter(|k| !k.is_empty()) {
            return Ok(IdeaField::Extra(key.to_string()));
        }
        let names = || Self::BUILT_IN.iter().map(IdeaField::as_str);
        let hint = yaml::nearest(text, names())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        Err(format!(
            "{hint}use one of {} or `extra.<key>`",
            names().collect::<Vec<_>>().join(", ")
        ))
    }
}

/// As the config writes it: `skills`, `extra.area`.
impl fmt::Display for IdeaField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdeaField::Extra(key) => write!(f, "extra.{key}"),
            built_in => f.write_str(built_in.as_str()),
        }
    }
}

/// As the config writes it: themes read a taxonomy's `from` as that text.
impl serde::Serialize for IdeaField {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_fields_read_back_from_their_names() {
        for field in IdeaField::BUILT_IN {
            assert_eq!(IdeaField::parse(field.as_str()), Ok(field.clone()));
            assert_eq!(field.to_string(), field.as_str());
        }
        assert_eq!(IdeaField::parse("skills"), Ok(IdeaField::Skills));
    }

    #[test]
    fn extra_keys_are_fields() {
        let area = IdeaField::parse("extra.area").unwrap();
        assert_eq!(area, IdeaField::Extra("area".into()));
        assert_eq!(area.to_string(), "extra.area");
        assert_eq!(area.as_str(), "extra");
        assert_eq!(
            serde_json::to_string(&area).unwrap(),
            serde_json::to_string("extra.area").unwrap()
        );
    }

    #[test]
    fn unknown_fields_suggest_the_nearest() {
        let all = "project, mentors, skills, size, difficulty, status, tags, students";
        assert_eq!(
            IdeaField::parse("skill"),
            Err(format!(
                "did you mean `skills`? use one of {all} or `extra.<key>`"
            ))
        );
        assert_eq!(
            IdeaField::parse("extra."),
            Err(format!("use one of {all} or `extra.<key>`"))
        );
        assert_eq!(
            IdeaField::parse("Skills"),
            Err(format!(
                "did you mean `skills`? use one of {all} or `extra.<key>`"
            ))
        );
        assert!(IdeaField::parse("area").is_err());
    }
}
