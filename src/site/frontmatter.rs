//! Front matter schemas: what each kind of file may say, as DESIGN.md lists it.
//!
//! Raw structs deny unknown keys so typos surface with a suggestion; custom visitors give
//! `size` and `mentors` the forms people actually write (a name or a map; a word or hours).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

/// Free-form `extra:` map, passed to templates untouched. Sorted for byte-identical output.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// An idea file: one project idea in a year section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaFm {
    pub title: String,
    pub project: Option<String>,
    #[serde(default)]
    pub mentors: Vec<Mentor>,
    pub size: Option<Size>,
    pub difficulty: Option<Difficulty>,
    #[serde(default)]
    pub skills: Vec<String>,
    /// Absent means open, except in an archived year, where it means unknown: imported
    /// past years rarely say which ideas were taken.
    pub status: Option<IdeaStatus>,
    #[serde(default)]
    pub students: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// What the project should deliver (Google asks every GSoC idea for this).
    #[serde(default, deserialize_with = "one_or_many")]
    pub outcomes: Vec<String>,
    /// Sentences about what a contributor should bring; `skills` are the keywords.
    #[serde(default, deserialize_with = "one_or_many")]
    pub prerequisites: Vec<String>,
    /// The idea's upstream issue, chat channel, repository and so on.
    #[serde(default, deserialize_with = "links")]
    pub links: Vec<Link>,
    /// `false` on an idea a rollover copied, until its mentor confirms it still holds.
    #[serde(default = "yes")]
    pub confirmed: bool,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}

fn yes() -> bool {
    true
}

/// The keys an idea file may use.
pub(crate) fn idea_keys() -> &'static [&'static str] {
    serde_fields::<IdeaFm>()
}

/// An `_index.md`: the home page, a program, a year section (when it has `year:`) or a
/// plain folder page. One schema for all so the kind can be told from the keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFm {
    pub title: String,
    pub program: Option<String>,
    pub year: Option<u16>,
    pub status: Option<YearStatus>,
    pub notice: Option<String>,
    pub deadline: Option<String>,
    /// Key dates of the year, shown on its page in date order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Where an imported year came from (`ideawiki import`), shown on the year page.
    pub imported: Option<Imported>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}

/// A year's provenance: `imported: {from: the Xen wiki, url: …, revision: 2017-02-02,
/// author: …}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imported {
    pub from: String,
    pub url: Option<String>,
    /// The source's revision date, as written (`YYYY-MM-DD`).
    pub revision: Option<String>,
    pub author: Option<String>,
}

/// The keys an `_index.md` may use.
pub(crate) fn section_keys() -> &'static [&'static str] {
    serde_fields::<SectionFm>()
}

/// Keys that only make sense on a year section.
pub const YEAR_ONLY_KEYS: &[&str] = &[
    "program", "status", "notice", "deadline", "timeline", "imported",
];

/// One `timeline:` entry of a year section: `{date: 2027-03-18, event: Applications open}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    pub date: String,
    pub event: String,
}

/// A wiki page: any other Markdown file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFm {
    pub title: String,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}

/// The keys a wiki page may use.
pub(crate) fn page_keys() -> &'static [&'static str] {
    serde_fields::<PageFm>()
}

/// The field names serde matches for struct `T`, in declaration order: the key lists that
/// "did you mean" suggestions draw on come from the structs themselves, so a field added to
/// a struct cannot be missing from its list.
///
/// `#[derive(Deserialize)]` hands its field names to `Deserializer::deserialize_struct`; this
/// deserializer reads nothing, catches that list and stops with it as its "error".
fn serde_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    #[derive(Debug)]
    struct Fields(&'static [&'static str]);

    impl fmt::Display for Fields {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("struct fields captured")
        }
    }

    impl std::error::Error for Fields {}

    impl de::Error for Fields {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Fields(&[])
        }
    }

    struct Capture;

    impl<'de> de::Deserializer<'de> for Capture {
        type Error = Fields;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(&[]))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    match T::deserialize(Capture) {
        Err(Fields(fields)) => fields,
        Ok(_) => &[],
    }
}

/// Implements `Deserialize` for a word-valued enum: case-insensitive, surrounding spaces
/// ignored, with the synonyms programs use ("Medium", "Intermediate"; "available"). The
/// file keeps the mentor's word; pages show the canonical one (`as_str`).
macro_rules! word_enum {
    ($ty:ident, $expecting:literal, [$(($($word:literal)|+, $variant:ident)),+ $(,)?]) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$ty, E> {
                        let word = s.trim().to_lowercase();
                        match word.as_str() {
                            $($($word)|+ => Ok($ty::$variant),)+
                            _ => Err(E::invalid_value(de::Unexpected::Str(s), &self)),
                        }
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum IdeaStatus {
    #[default]
    Open,
    Taken,
    Completed,
    Withdrawn,
}

word_enum!(
    IdeaStatus,
    "`open`, `taken`, `completed` or `withdrawn`",
    [
        ("open" | "available" | "unassigned", Open),
        ("taken" | "assigned" | "in progress" | "in-progress", Taken),
        ("completed" | "complete" | "done" | "finished", Completed),
        (
            "withdrawn" | "cancelled" | "canceled" | "dropped",
            Withdrawn
        ),
    ]
);

impl IdeaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IdeaStatus::Open => "open",
            IdeaStatus::Taken => "taken",
            IdeaStatus::Completed => "completed",
            IdeaStatus::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum YearStatus {
    Draft,
    #[default]
    Open,
    Closed,
    Archived,
}

word_enum!(
    YearStatus,
    "`draft`, `open`, `closed` or `archived`",
    [
        ("draft", Draft),
        ("open", Open),
        ("closed", Closed),
        ("archived" | "archive", Archived),
    ]
);

impl YearStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            YearStatus::Draft => "draft",
            YearStatus::Open => "open",
            YearStatus::Closed => "closed",
            YearStatus::Archived => "archived",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

word_enum!(
    Difficulty,
    "`easy`, `medium` or `hard`",
    [
        ("easy" | "beginner" | "low" | "starter", Easy),
        // GSoC's guide says "intermediate"; it means the same.
        ("medium" | "intermediate" | "moderate", Medium),
        ("hard" | "advanced" | "high" | "difficult", Hard),
    ]
);

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// `small`/`medium`/`large`, or hours. GSoC sizes are ~90, ~175 and ~350 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Size {
    Small,
    Medium,
    Large,
    Hours(u32),
}

impl Size {
    /// The word for the size; hours are binned at GSoC's boundaries.
    pub fn label(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
            Size::Hours(h) if h <= 120 => "small",
            Size::Hours(h) if h <= 260 => "medium",
            Size::Hours(_) => "large",
        }
    }

    pub fn hours(self) -> u32 {
        match self {
            Size::Small => 90,
            Size::Medium => 175,
            Size::Large => 350,
            Size::Hours(h) => h,
        }
    }

    /// Reads a size as programs and mentors write it: `large`, `350`, `350 h`, `350 hours`,
    /// `~175 hours`, `175-hour`, `Large (350 hours)`. Hours, where given, win over a word.
    pub fn read(s: &str) -> Option<Size> {
        let lower = s.trim().to_lowercase();
        let Some(start) = lower.find(|c: char| c.is_ascii_digit()) else {
            return lower.parse::<SizeWord>().ok().and_then(|w| w.0);
        };
        let end = lower[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(lower.len(), |n| start + n);
        let after = lower[end..].trim_start_matches([' ', '-']);
        let unit_ok = after.is_empty()
            || ["h", "hr", "hrs", "hour", "hours"].iter().any(|u| {
                after.starts_with(u) && !after[u.len()..].starts_with(char::is_alphabetic)
            });
        // Before the number: nothing, a hedge ("~", "about"), or the size's word.
        let mut words = lower[..start]
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty() && !["about", "approx", "approximately"].contains(w));
        let lead_ok = match (words.next(), words.next()) {
            (None, _) => true,
            (Some(word), None) => word.parse::<SizeWord>().is_ok(),
            _ => false,
        };
        match lower[start..end].parse::<u32>() {
            Ok(h) if h > 0 && unit_ok && lead_ok => Some(Size::Hours(h)),
            _ => None,
        }
    }
}

/// A size word, or nothing (an empty lead before hours): what may stand before a number.
struct SizeWord(Option<Size>);

impl std::str::FromStr for SizeWord {
    type Err = ();
    fn from_str(s: &str) -> Result<SizeWord, ()> {
        match s.trim() {
            "" => Ok(SizeWord(None)),
            "small" | "short" => Ok(SizeWord(Some(Size::Small))),
            "medium" => Ok(SizeWord(Some(Size::Medium))),
            "large" | "long" => Ok(SizeWord(Some(Size::Large))),
            _ => Err(()),
        }
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Size;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`small`, `medium`, `large` or a positive number of hours")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Size, E> {
                Size::read(s).ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Size, E> {
                match u32::try_from(n) {
                    Ok(h) if h > 0 => Ok(Size::Hours(h)),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(n), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Size, E> {
                match u64::try_from(n) {
                    Ok(n) => self.visit_u64(n),
                    Err(_) => Err(E::invalid_value(de::Unexpected::Signed(n), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A mentor: `Jane Doe`, or `{name: Jane Doe, email: jane@example.org, github: jdoe,
/// role: backup, url: https://…}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mentor {
    pub name: String,
    pub email: Option<String>,
    pub url: Option<String>,
    /// As written: `jdoe`, `@jdoe` or `https://github.com/jdoe`; see [`Mentor::github_handle`].
    pub github: Option<String>,
    /// `None` when the file does not say; pages then take the first mentor as primary.
    pub role: Option<MentorRole>,
}

impl Mentor {
    /// The GitHub handle, from any of the forms mentors write; `None` if absent or not a
    /// handle GitHub would allow (letters, digits and single inner hyphens, at most 39).
    pub fn github_handle(&self) -> Option<&str> {
        let raw = self.github.as_deref()?.trim();
        let handle = raw
            .strip_prefix("https://github.com/")
            .or_else(|| raw.strip_prefix("http://github.com/"))
            .or_else(|| raw.strip_prefix("github.com/"))
            .or_else(|| raw.strip_prefix('@'))
            .unwrap_or(raw)
            .trim_end_matches('/');
        let ok = !handle.is_empty()
            && handle.len() <= 39
            && handle
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !handle.starts_with('-')
            && !handle.ends_with('-')
            && !handle.contains("--");
        ok.then_some(handle)
    }
}

/// A mentor's part in an idea. Programs ask for a primary mentor and a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentorRole {
    Primary,
    Backup,
}

word_enum!(
    MentorRole,
    "`primary` or `backup`",
    [
        ("primary" | "main" | "lead" | "first", Primary),
        (
            "backup" | "secondary" | "co-mentor" | "comentor" | "second",
            Backup
        ),
    ]
);

impl MentorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MentorRole::Primary => "primary",
            MentorRole::Backup => "backup",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MentorMap {
    name: String,
    email: Option<String>,
    url: Option<String>,
    github: Option<String>,
    role: Option<MentorRole>,
}

impl<'de> Deserialize<'de> for Mentor {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Mentor;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a mentor's name, or a map with `name`, `email`, `github`, `role` and `url`",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Mentor, E> {
                Ok(Mentor {
                    name: s.trim().to_string(),
                    email: None,
                    url: None,
                    github: None,
                    role: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Mentor, A::Error> {
                let m = MentorMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Mentor {
                    name: m.name.trim().to_string(),
                    email: m.email,
                    url: m.url,
                    github: m.github,
                    role: m.role,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// One text or a list of them: `outcomes: A working driver` is one outcome.
fn one_or_many<'de, D: de::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) if s.trim().is_empty() => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// A link an idea points readers to: its upstream issue, chat channel, repository…
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    /// What the link is, when the file says (`issue:` in the map form, `kind:` in a list).
    pub kind: Option<LinkKind>,
    /// As written; `None` means the kind's label.
    pub title: Option<String>,
    pub url: String,
}

impl Link {
    /// The words a page shows for the link.
    pub fn label(&self) -> &str {
        match (&self.title, self.kind) {
            (Some(t), _) => t,
            (None, Some(k)) => k.label(),
            (None, None) => &self.url,
        }
    }
}

/// The kinds of link ideas carry, each with the label pages show for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    Issue,
    Discussion,
    Chat,
    Repository,
    NewcomerIssues,
    MailingList,
    Documentation,
}

word_enum!(
    LinkKind,
    "`issue`, `discussion`, `chat`, `repository`, `newcomer_issues`, `mailing_list` or `documentation`",
    [
        (
            "issue" | "upstream_issue" | "upstream issue" | "ticket" | "bug",
            Issue
        ),
        ("discussion" | "forum" | "thread", Discussion),
        (
            "chat" | "irc" | "matrix" | "slack" | "discord" | "zulip" | "gitter",
            Chat
        ),
        ("repository" | "repo" | "code" | "source", Repository),
        (
            "newcomer_issues" | "newcomer issues" | "good_first_issues" | "good first issues",
            NewcomerIssues
        ),
        (
            "mailing_list" | "mailing list" | "list" | "email",
            MailingList
        ),
        ("documentation" | "docs" | "design" | "wiki", Documentation),
    ]
);

impl LinkKind {
    /// As the map form and `ideas.json` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Issue => "issue",
            LinkKind::Discussion => "discussion",
            LinkKind::Chat => "chat",
            LinkKind::Repository => "repository",
            LinkKind::NewcomerIssues => "newcomer_issues",
            LinkKind::MailingList => "mailing_list",
            LinkKind::Documentation => "documentation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Issue => "Upstream issue",
            LinkKind::Discussion => "Discussion",
            LinkKind::Chat => "Chat",
            LinkKind::Repository => "Repository",
            LinkKind::NewcomerIssues => "Issues for newcomers",
            LinkKind::MailingList => "Mailing list",
            LinkKind::Documentation => "Documentation",
        }
    }
}

/// `links:` as a list of `{title, url}` (or `{kind, url}`), or as a map from kinds to one
/// address or a list of them.
fn links<'de, D: de::Deserializer<'de>>(d: D) -> Result<Vec<Link>, D::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        title: Option<String>,
        kind: Option<LinkKind>,
        url: String,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Urls {
        One(String),
        Many(Vec<String>),
    }
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<Link>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of `{title, url}`, or a map such as `issue: https://…`")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<Link>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Link>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<Item>()? {
                out.push(Link {
                    kind: item.kind,
                    title: item.title.filter(|t| !t.trim().is_empty()),
                    url: item.url.trim().to_string(),
                });
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Link>, A::Error> {
            let mut out = Vec::new();
            while let Some(kind) = map.next_key::<LinkKind>()? {
                let urls = match map.next_value::<Urls>()? {
                    Urls::One(u) => vec![u],
                    Urls::Many(v) => v,
                };
                out.extend(urls.into_iter().map(|url| Link {
                    kind: Some(kind),
                    title: None,
                    url: url.trim().to_string(),
                }));
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_accepts_words_and_hours() {
        let s: Vec<Size> =
            crate::site::yaml::from_str("[small, Large, 175, 375, \"90h\"]").unwrap();
        assert_eq!(
            s,
            [
                Size::Small,
                Size::Large,
                Size::Hours(175),
                Size::Hours(375),
                Size::Hours(90)
            ]
        );
        assert_eq!(Size::Hours(375).label(), "large");
        assert!(crate::site::yaml::from_str::<Size>("0").is_err());
        assert!(crate::site::yaml::from_str::<Size>("huge").is_err());
    }

    #[test]
    fn mentors_accept_names_and_maps() {
        let m: Vec<Mentor> =
            crate::site::yaml::from_str("- Ada\n- {name: Bob, email: bob@example.org}\n").unwrap();
        assert_eq!(m[0].name, "Ada");
        assert_eq!(m[1].email.as_deref(), Some("bob@example.org"));
        let e = crate::site::yaml::from_str::<Vec<Mentor>>("- {name: Bob, mail: x}\n").unwrap_err();
        assert_eq!(e.unknown_key.as_deref(), Some("mail"));
    }

    #[test]
    fn key_lists_come_from_the_structs() {
        for keys in [idea_keys(), section_keys(), page_keys()] {
            assert_eq!(keys.first(), Some(&"title"), "{keys:?}");
            assert_eq!(keys.last(), Some(&"extra"), "{keys:?}");
        }
        assert_eq!(idea_keys().len(), 18);
        assert!(idea_keys().contains(&"mentors") && !page_keys().contains(&"mentors"));
        for key in YEAR_ONLY_KEYS {
            assert!(section_keys().contains(key), "{key}");
        }
    }

    #[test]
    fn sizes_as_programs_write_them() {
        for (text, hours) in [
            ("350 hours", 350),
            ("350 h", 350),
            ("350h", 350),
            ("~175 hours", 175),
            ("about 175 hours", 175),
            ("Large (350 hours)", 350),
            ("175-hour", 175),
            ("90 hrs", 90),
        ] {
            assert_eq!(Size::read(text), Some(Size::Hours(hours)), "{text}");
        }
        assert_eq!(Size::read("LARGE"), Some(Size::Large));
        assert_eq!(Size::read(" Small "), Some(Size::Small));
        for bad in ["huge", "0 hours", "350 days", "", "two hundred", "v2 350"] {
            assert_eq!(Size::read(bad), None, "{bad}");
        }
    }

    #[test]
    fn words_match_whatever_their_case_and_the_programs_synonyms() {
        let d: Vec<Difficulty> =
            crate::site::yaml::from_str("[Easy, beginner, Intermediate, MEDIUM, advanced, Hard]")
                .unwrap();
        use Difficulty::*;
        assert_eq!(d, [Easy, Easy, Medium, Medium, Hard, Hard]);
        let s: Vec<IdeaStatus> =
            crate::site::yaml::from_str("[Open, available, Assigned, taken, Done, withdrawn]")
                .unwrap();
        use IdeaStatus::*;
        assert_eq!(s, [Open, Open, Taken, Taken, Completed, Withdrawn]);
        let y: YearStatus = crate::site::yaml::from_str("Archived").unwrap();
        assert_eq!(y, YearStatus::Archived);
        let e = crate::site::yaml::from_str::<Difficulty>("tricky").unwrap_err();
        assert!(
            e.message.contains("expected `easy`, `medium` or `hard`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn intermediate_means_medium() {
        let d: Difficulty = crate::site::yaml::from_str("intermediate").unwrap();
        assert_eq!(d, Difficulty::Medium);
    }
}
