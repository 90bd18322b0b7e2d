//! `ideawiki.yaml`: the site configuration.
//!
//! Every table denies unknown keys, so a typo (`baseurl:`) is an error with a suggestion
//! instead of a setting that silently does nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::site::field::IdeaField;
use crate::site::layout::CONFIG_FILE;
use crate::site::sanitize::RawHtml;
use crate::site::skills::SkillAliases;
use crate::site::strings::{OverrideError, Strings};
use crate::site::yaml;
use crate::site::yaml_diag::{key_diagnostic, yaml_diagnostic};

/// How mentor email addresses appear in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailPolicy {
    /// Never shown.
    Hide,
    /// Shown as `name AT host DOT org`, never as a harvestable `user@host`.
    #[default]
    Obfuscate,
    /// Shown as written, with a `mailto:` link.
    Plain,
}

/// Where the site's sources are hosted, for "Edit" and "History" links.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub url: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The site root's path inside the repository ("" when the site is the repository root).
    #[serde(default)]
    pub path: String,
}

fn default_branch() -> String {
    "main".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    repository: Option<Repository>,
    emails: Option<EmailPolicy>,
    taxonomies: Option<Vec<RawTaxonomy>>,
    relative_links: Option<bool>,
    show_source: Option<bool>,
    raw_html: Option<RawHtml>,
    skill_aliases: Option<std::collections::BTreeMap<String, String>>,
    fields: Option<indexmap::IndexMap<String, RawField>>,
    programs: Option<std::collections::BTreeMap<String, RawProgram>>,
    strings: Option<indexmap::IndexMap<String, String>>,
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "repository",
    "emails",
    "taxonomies",
    "relative_links",
    "show_source",
    "raw_html",
    "skill_aliases",
    "fields",
    "programs",
    "strings",
];

/// An `extra` key the site shows: on idea pages, in the infobox, and in `ideas.json`.
/// Undeclared `extra` keys stay for templates alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeclaredField {
    /// The key under `extra:`.
    pub key: String,
    /// What the infobox calls it.
    pub label: String,
    pub kind: FieldKind,
}

/// How a declared field's value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    #[default]
    Text,
    /// A link (only whole, safe addresses become links; anything else shows as text).
    Url,
    /// Several values, shown as a list.
    List,
}

/// `fields: {area: Area}` or `fields: {chat: {label: Chat room, kind: url}}`.
#[derive(Debug)]
struct RawField {
    label: String,
    kind: FieldKind,
}

impl<'de> Deserialize<'de> for RawField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            label: String,
            #[serde(default)]
            kind: FieldKind,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a label, or a map with `label` and `kind`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawField, E> {
                Ok(RawField {
                    label: s.to_string(),
                    kind: FieldKind::Text,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawField, A::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawField {
                    label: full.label,
                    kind: full.kind,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// What a program asks each idea of an open year to hold; `check` reports what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ProgramRules {
    /// Shown where the years do not name the program.
    pub title: Option<String>,
    pub requires: Vec<Required>,
    pub min_mentors: usize,
}

impl ProgramRules {
    /// What Google asks of every GSoC idea: a short description, expected outcomes,
    /// skills, a size in hours, a difficulty and mentors. `init` writes this out.
    pub fn gsoc() -> ProgramRules {
        use Required::*;
        ProgramRules {
            title: Some("Google Summer of Code".into()),
            requires: vec![Summary, Outcomes, Skills, Size, Difficulty, Mentors],
            min_mentors: 1,
        }
    }
}

impl ProgramRules {
    /// The rules as `programs:` in `ideawiki.yaml` writes them, for program `name`.
    pub fn to_yaml(&self, name: &str) -> String {
        let mut out = format!("programs:\n  {name}:\n");
        if let Some(title) = &self.title {
            out.push_str(&format!("    title: {title}\n"));
        }
        let requires: Vec<&str> = self.requires.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!("    requires: [{}]\n", requires.join(", ")));
        out.push_str(&format!("    min_mentors: {}\n", self.min_mentors));
        out
    }
}

/// A field a program may require of its ideas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Required {
    Summary,
    /// The body: what the idea is about, beyond its summary.
    Description,
    Outcomes,
    Skills,
    Prerequisites,
    Size,
    Difficulty,
    Mentors,
    Project,
    Links,
}

impl Required {
    /// As the config writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Required::Summary => "summary",
            Required::Description => "description",
            Required::Outcomes => "outcomes",
            Required::Skills => "skills",
            Required::Prerequisites => "prerequisites",
            Required::Size => "size",
            Required::Difficulty => "difficulty",
            Required::Mentors => "mentors",
            Required::Project => "project",
            Required::Links => "links",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    title: Option<String>,
    #[serde(default)]
    requires: Vec<Required>,
    #[serde(default)]
    min_mentors: usize,
}

/// A way to browse ideas: a page listing the values of one idea field (`from`), and a page
/// per value listing its ideas.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Taxonomy {
    /// The URL segment: `/skills/`, `/skills/ocaml/`.
    pub name: String,
    /// The heading readers see, e.g. "Skills".
    pub title: String,
    /// What one term is, e.g. "Skill": the label above a term's name on its page.
    pub singular: String,
    /// The idea field the terms come from.
    pub from: IdeaField,
}

/// A taxonomy as written, before `from` is read as an [`IdeaField`]. Users read serde's
/// messages about it ("expected struct Taxonomy"), so they keep the name they had.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "struct Taxonomy")]
struct RawTaxonomy {
    name: String,
    title: String,
    singular: Option<String>,
    from: String,
}

/// project, mentor, skill, size, difficulty and status, as DESIGN.md lists them, titled
/// in the site's language.
pub fn default_taxonomies(strings: &Strings) -> Vec<Taxonomy> {
    [
        ("projects", IdeaField::Project),
        ("mentors", IdeaField::Mentors),
        ("skills", IdeaField::Skills),
        ("sizes", IdeaField::Size),
        ("difficulty", IdeaField::Difficulty),
        ("status", IdeaField::Status),
    ]
    .into_iter()
    .map(|(name, from)| {
        let title = strings.taxonomy_title(name);
        Taxonomy {
            name: name.into(),
            title: title.into(),
            singular: singular_of(&from, title, strings),
            from,
        }
    })
    .collect()
}

/// What one term of a taxonomy over `from` is called, when the config does not say: the
/// field's own word for a built-in field (in the site's language), else the taxonomy's
/// title.
fn singular_of(from: &IdeaField, title: &str, strings: &Strings) -> String {
    strings.singular(from).unwrap_or(title).to_string()
}

/// The validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub title: String,
    /// Absolute URL of the site, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/ideas/`): every internal link starts with it,
    /// so the site works under a sub-path.
    pub root: String,
    pub description: Option<String>,
    pub language: String,
    /// The theme's words: the language file `language` picks, with `strings:` on top.
    pub strings: Strings,
    pub theme: String,
    pub repository: Option<Repository>,
    pub emails: EmailPolicy,
    pub taxonomies: Vec<Taxonomy>,
    /// Write every internal link relative to its page (for `file://` and unknown
    /// sub-paths) instead of from the site root.
    pub relative_links: bool,
    /// Name each page's source file in its footer (always in `serve`).
    pub show_source: bool,
    /// What raw HTML in Markdown bodies may do; see [`RawHtml`].
    pub raw_html: RawHtml,
    /// Spellings of a skill mapped to its name; see [`SkillAliases`].
    pub skill_aliases: SkillAliases,
    /// `extra` keys shown on idea pages and in `ideas.json`, in the config's order.
    pub fields: Vec<DeclaredField>,
    /// Per program folder (`gsoc`): what its ideas must hold.
    pub programs: std::collections::BTreeMap<String, ProgramRules>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Project ideas".into(),
            base_url: "http://localhost/".into(),
            root: "/".into(),
            description: None,
            language: "en".into(),
            strings: Strings::default(),
            theme: "wiki".into(),
            repository: None,
            emails: EmailPolicy::Obfuscate,
            taxonomies: default_taxonomies(&Strings::default()),
            relative_links: false,
            show_source: false,
            raw_html: RawHtml::Sanitize,
            skill_aliases: SkillAliases::default(),
            fields: Vec::new(),
            programs: Default::default(),
        }
    }
}

/// The outcome of loading: the config, whether the defaults were used, and what is
/// worth a warning (a language without strings).
pub struct ConfigFile {
    pub config: Config,
    pub used_defaults: bool,
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Reads `ideawiki.yaml` in `root`; a missing file means the defaults.
    pub fn load(root: &Path) -> Result<ConfigFile, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile {
                    config: Config::default(),
                    used_defaults: true,
                    warnings: Vec::new(),
                });
            }
            Err(e) => {
                return Err(vec![
                    Diagnostic::error("io", format!("cannot read the config: {e}")).in_file(shown),
                ]);
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Err(vec![
                    Diagnostic::error("encoding", "the config is not valid UTF-8")
                        .in_file(shown)
                        .with_help(format!(
                            "save the file as UTF-8 (first bad byte at offset {})",
                            e.utf8_error().valid_up_to()
                        )),
                ]);
            }
        };
        Config::parse_with_warnings(&text, &shown).map(|(config, warnings)| ConfigFile {
            config,
            used_defaults: false,
            warnings,
        })
    }

    /// Parses config text; `shown` is the path used in diagnostics. Every key is checked
    /// even after a problem, so one run reports them all.
    #[cfg(test)]
    pub fn parse(text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        Config::parse_with_warnings(text, shown).map(|(config, _)| config)
    }

    /// [`Config::parse`], with the warnings of a config that is still usable.
    pub fn parse_with_warnings(
        text: &str,
        shown: &Path,
    ) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source: Arc<str> = text.replace("\r\n", "\n").into();
        let raw: RawConfig = yaml::from_str(&source)
            .map_err(|e| vec![yaml_diagnostic(&e, &source, 0, 0, shown, KEYS)])?;
        let mut reading = Reading {
            source: &source,
            shown,
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        let defaults = Config::default();
        let language = raw.language.unwrap_or(defaults.language);
        let strings = reading.strings(&language, raw.strings.unwrap_or_default());
        let (base_url, root) = raw
            .base_url
            .and_then(|url| reading.base_url(&url))
            .unwrap_or((defaults.base_url, defaults.root));
        // In the order problems are reported.
        let theme = raw.theme.map_or(defaults.theme, |t| reading.theme(t));
        let repository = raw.repository.map(|r| reading.repository(r));
        let taxonomies = raw.taxonomies.map_or_else(
            || default_taxonomies(&strings),
            |t| reading.taxonomies(t, &strings),
        );
        let config = Config {
            title: raw.title.unwrap_or(defaults.title),
            base_url,
            root,
            description: raw.description,
            theme,
            repository,
            taxonomies,
            language,
            strings,
            emails: raw.emails.unwrap_or(defaults.emails),
            relative_links: raw.relative_links.unwrap_or(defaults.relative_links),
            show_source: raw.show_source.unwrap_or(defaults.show_source),
            raw_html: raw.raw_html.unwrap_or(defaults.raw_html),
            skill_aliases: raw
                .skill_aliases
                .map_or(defaults.skill_aliases, SkillAliases::new),
            fields: raw.fields.map_or(defaults.fields, |f| reading.fields(f)),
            programs: raw
                .programs
                .map_or(defaults.programs, |p| reading.programs(p)),
        };
        if reading.problems.is_empty() {
            Ok((config, reading.warnings))
        } else {
            Err(reading.problems)
        }
    }

    /// Replaces `base_url` (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let (base, root) = normalize_base_url(url).map_err(|why| {
            Diagnostic::error("usage", format!("`--base-url {url}` is not usable: {why}"))
                .with_help("give an absolute URL such as `https://example.org/ideas/`")
        })?;
        self.base_url = base;
        self.root = root;
        Ok(())
    }
}

/// Config text being checked, key by key: the steps of [`Config::parse`], in the order
/// its problems are reported.
struct Reading<'a> {
    source: &'a Arc<str>,
    shown: &'a Path,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Reading<'_> {
    /// A problem with the value of `key`, pointing at the key's line.
    fn problem(&mut self, code: &'static str, key: &str, message: String, help: &str) {
        let d = key_diagnostic(code, self.source, self.shown, key, message, help);
        self.problems.push(d);
    }

    /// The strings of `language`, English when it has none (with a warning), and the
    /// site's `strings:` on top.
    fn strings(
        &mut self,
        language: &str,
        overrides: indexmap::IndexMap<String, String>,
    ) -> Strings {
        let mut strings = Strings::for_language(language).unwrap_or_else(|| {
            let languages: Vec<&str> = Strings::languages().collect();
            let mut d = key_diagnostic(
                "unknown-language",
                self.source,
                self.shown,
                "language",
                format!("the theme has no strings for `language: {language}`: pages use English"),
                &format!(
                    "the built-in languages are {}; translate the others under `strings:`",
                    languages.join(", ")
                ),
            );
            d.severity = crate::diag::Severity::Warning;
            self.warnings.push(d);
            Strings::default()
        });
        for (key, text) in overrides {
            match strings.set(&key, text) {
                Ok(()) => {}
                Err(OverrideError::UnknownKey(nearest)) => self.problem(
                    "unknown-string",
                    &format!("strings.{key}"),
                    format!("`strings` names `{key}`, which is not one of the theme's strings"),
                    &match nearest {
                        Some(k) => format!(
                            "did you mean `{k}`? the keys are those of themes/wiki/i18n/en.yaml"
                        ),
                        None => "use a key of themes/wiki/i18n/en.yaml".into(),
                    },
                ),
                Err(OverrideError::Placeholder(p)) => self.problem(
                    "config",
                    &format!("strings.{key}"),
                    format!("`strings.{key}` uses {p}, which the theme does not fill in"),
                    "keep the placeholders of the English string (see themes/wiki/i18n/en.yaml)",
                ),
            }
        }
        strings
    }

    /// `base_url` and the path part of it, if usable.
    fn base_url(&mut self, url: &str) -> Option<(String, String)> {
        normalize_base_url(url)
            .map_err(|why| {
                self.problem(
                    "config",
                    "base_url",
                    format!("`base_url` is not a usable URL: {why}"),
                    "write an absolute URL such as `https://example.org/ideas/`",
                )
            })
            .ok()
    }

    /// A theme names a folder, so it must be one path segment.
    fn theme(&mut self, theme: String) -> String {
        let segment = !theme.is_empty()
            && theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
        if !segment {
            self.problem(
                "config",
                "theme",
                format!("`theme: {theme}` is not a theme name"),
                "name a folder under `themes/` (letters, digits, `-` and `_`), or leave `theme` out for the built-in `wiki`",
            );
        }
        theme
    }

    /// The repository's URL ends up in "Edit" links: only web addresses.
    fn repository(&mut self, repo: Repository) -> Repository {
        if !(repo.url.starts_with("https://") || repo.url.starts_with("http://")) {
            self.problem(
                "config",
                "repository.url",
                format!("`repository.url` is not a URL: `{}`", repo.url),
                "write the repository's web address, such as `https://github.com/org/ideas`",
            );
        }
        repo
    }

    /// Each taxonomy's field, read once into an [`IdeaField`], and its name, which must
    /// be a URL segment of its own.
    fn taxonomies(&mut self, raw: Vec<RawTaxonomy>, strings: &Strings) -> Vec<Taxonomy> {
        let mut seen = std::collections::BTreeSet::new();
        let mut taxonomies = Vec::with_capacity(raw.len());
        for t in raw {
            match IdeaField::parse(&t.from) {
                Ok(from) => taxonomies.push(Taxonomy {
                    name: t.name.clone(),
                    singular: t
                        .singular
                        .unwrap_or_else(|| singular_of(&from, &t.title, strings)),
                    title: t.title,
                    from,
                }),
                Err(help) => self.problem(
                    "unknown-taxonomy",
                    "taxonomies",
                    format!(
                        "taxonomy `{}` is built from `{}`, which is not an idea field",
                        t.name, t.from
                    ),
                    &help,
                ),
            }
            if crate::site::slug::slug_problem(&t.name).is_some() || t.name.contains('.') {
                self.problem(
                    "bad-taxonomy-name",
                    "taxonomies",
                    format!("taxonomy name `{}` cannot be a URL segment", t.name),
                    "use lowercase letters, digits and `-`, such as `skills`",
                );
            }
            if !seen.insert(t.name.clone()) {
                self.problem(
                    "duplicate-taxonomy",
                    "taxonomies",
                    format!("two taxonomies are named `{}`", t.name),
                    "give each taxonomy its own `name`",
                );
            }
        }
        taxonomies
    }
}

impl Reading<'_> {
    /// Declared `extra` fields, in order. A key is one `extra:` key, so no dots.
    fn fields(&mut self, raw: indexmap::IndexMap<String, RawField>) -> Vec<DeclaredField> {
        let mut out = Vec::with_capacity(raw.len());
        for (key, field) in raw {
            let RawField { label, kind } = field;
            if key.trim().is_empty() || key.contains('.') {
                self.problem(
                    "config",
                    "fields",
                    format!("`fields` names `{key}`, which cannot be a key under `extra:`"),
                    "name the key as ideas write it under `extra:`, such as `area: Area`",
                );
            }
            out.push(DeclaredField { key, label, kind });
        }
        out
    }

    /// Each program's rules; a program needs at least one mentor to need two.
    fn programs(
        &mut self,
        raw: std::collections::BTreeMap<String, RawProgram>,
    ) -> std::collections::BTreeMap<String, ProgramRules> {
        let mut out = std::collections::BTreeMap::new();
        for (name, p) in raw {
            if crate::site::slug::slug_problem(&name).is_some() {
                self.problem(
                    "config",
                    "programs",
                    format!("`programs` names `{name}`, which is not a program folder's name"),
                    "name the folder under `content/`, such as `gsoc`",
                );
            }
            let mut requires = p.requires;
            if p.min_mentors > 0 && !requires.contains(&Required::Mentors) {
                requires.push(Required::Mentors);
            }
            out.insert(
                name,
                ProgramRules {
                    title: p.title,
                    requires,
                    min_mentors: p.min_mentors,
                },
            );
        }
        out
    }
}

/// Splits a base URL into its normalised form (trailing `/`) and its path.
fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with `https://` or `http://`")?;
    if rest.contains(['?', '#', ' ', '\\']) {
        return Err("it must not contain `?`, `#`, spaces or backslashes".into());
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() {
        return Err("it has no host name".into());
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("its path must not contain `.` or `..` segments".into());
    }
    let mut root = path.to_string();
    if !root.ends_with('/') {
        root.push('/');
    }
    let scheme = &url[..url.len() - rest.len()];
    Ok((format!("{scheme}{host}{root}"), root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(text, Path::new("ideawiki.yaml"))
    }

    #[test]
    fn base_url_with_sub_path_gives_root() {
        let c = parse("base_url: https://example.org/ideas").unwrap();
        assert_eq!(c.base_url, "https://example.org/ideas/");
        assert_eq!(c.root, "/ideas/");
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let e = parse("title: x\nbaseurl: https://a.org/\n").unwrap_err();
        assert_eq!(e[0].code, "unknown-key");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));
    }

    #[test]
    fn bad_email_policy_is_an_error() {
        let e = parse("emails: show\n").unwrap_err();
        assert!(
            e[0].message.contains("`emails` cannot be `show`"),
            "{:?}",
            e[0]
        );
    }

    #[test]
    fn empty_config_is_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn taxonomies_read_their_field_once() {
        let c = parse(
            "taxonomies:\n  - {name: languages, title: Languages, from: skills}\n  - {name: areas, title: Areas, from: extra.area}\n",
        )
        .unwrap();
        let from: Vec<&IdeaField> = c.taxonomies.iter().map(|t| &t.from).collect();
        assert_eq!(from, [&IdeaField::Skills, &IdeaField::Extra("area".into())]);
    }

    #[test]
    fn a_taxonomy_from_no_field_is_an_error_with_a_suggestion() {
        let e = parse("title: T\ntaxonomies:\n  - {name: skills, title: Skills, from: skill}\n")
            .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code, "unknown-taxonomy");
        assert_eq!(
            e[0].message,
            "taxonomy `skills` is built from `skill`, which is not an idea field"
        );
        assert_eq!(
            e[0].help.as_deref(),
            Some(
                "did you mean `skills`? use one of project, mentors, skills, size, difficulty, \
                 status, tags, students or `extra.<key>`"
            )
        );
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));
        // The taxonomy's other problems are still reported, in the same order.
        let e = parse("taxonomies:\n  - {name: a.b, title: X, from: nope}\n  - {name: a.b, title: Y, from: tags}\n")
            .unwrap_err();
        let codes: Vec<&str> = e.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "unknown-taxonomy",
                "bad-taxonomy-name",
                "bad-taxonomy-name",
                "duplicate-taxonomy"
            ]
        );
    }

    #[test]
    fn a_taxonomy_that_is_not_a_map_names_the_struct() {
        let e = parse("taxonomies: [skills]\n").unwrap_err();
        assert!(
            e[0].message
                .contains("must be a map with `name`, `title` and `from`"),
            "{:?}",
            e[0]
        );
    }

    #[test]
    fn every_key_is_checked_in_order() {
        let e = parse(
            "taxonomies:\n  - {name: x, title: X, from: nope}\nrepository: {url: ideas}\n\
             theme: ../wiki\nbase_url: example.org\n",
        )
        .unwrap_err();
        let found: Vec<(&str, usize)> = e
            .iter()
            .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        assert_eq!(
            found,
            [
                ("config", 5),
                ("config", 4),
                ("config", 3),
                ("unknown-taxonomy", 1)
            ]
        );
        assert_eq!(
            e[1].message, "`theme: ../wiki` is not a theme name",
            "{:?}",
            e[1]
        );
    }

    #[test]
    fn declared_fields_keep_their_order_and_kinds() {
        let c = parse("fields:\n  zeta: Zeta\n  chat: {label: Chat room, kind: url}\n  areas: {label: Areas, kind: list}\n").unwrap();
        let got: Vec<(&str, &str, FieldKind)> = c
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str(), f.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("zeta", "Zeta", FieldKind::Text),
                ("chat", "Chat room", FieldKind::Url),
                ("areas", "Areas", FieldKind::List)
            ]
        );
        let e = parse("fields:\n  chat: {label: Chat, kind: link}\n").unwrap_err();
        assert!(e[0].message.contains("`link`"), "{:?}", e[0]);
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));
    }

    #[test]
    fn the_gsoc_rules_read_back_from_what_init_writes() {
        let c = parse(&ProgramRules::gsoc().to_yaml("gsoc")).unwrap();
        assert_eq!(c.programs["gsoc"], ProgramRules::gsoc());
    }

    #[test]
    fn program_rules_read_what_ideas_must_hold() {
        let c = parse("programs:\n  gsoc:\n    title: Google Summer of Code\n    requires: [summary, outcomes]\n    min_mentors: 2\n").unwrap();
        let gsoc = &c.programs["gsoc"];
        assert_eq!(gsoc.title.as_deref(), Some("Google Summer of Code"));
        assert_eq!(
            gsoc.requires,
            [Required::Summary, Required::Outcomes, Required::Mentors]
        );
        assert_eq!(gsoc.min_mentors, 2);
        let e = parse("programs:\n  gsoc: {requires: [sumary]}\n").unwrap_err();
        assert!(e[0].message.contains("sumary"), "{:?}", e[0]);
    }

    #[test]
    fn a_bad_repository_url_points_at_its_own_line() {
        let e = parse(
            "title: x\nrepository:\n  # where the ideas live\n  branch: main\n  url: ideas\n",
        )
        .unwrap_err();
        assert_eq!(e[0].code, "config");
        assert_eq!(
            e[0].location.as_ref().map(|l| (l.line, l.column)),
            Some((5, 3))
        );
        // Flow style has no line of its own for the key: the block's line is the best.
        let e = parse("repository: {url: ideas}\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(1));
    }
}
