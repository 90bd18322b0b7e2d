//! Small sites built from text, for the unit tests of the model and the stages after it.

use std::collections::BTreeSet;

use crate::site::config::Config;
use crate::site::markdown;
use crate::site::model::Site;
use crate::site::parse::{self, Parsed};

/// Parses `text` as the file `rel` under `content/`, whose kind `year_dirs` decides as a
/// real run does; panics on any problem, which a test's own text should not have.
pub(crate) fn parse(
    config: &Config,
    year_dirs: &BTreeSet<String>,
    rel: &str,
    text: &str,
) -> Parsed {
    let kind = parse::kind_of(rel, year_dirs);
    let (doc, diags) = parse::parse_text(
        rel,
        text.into(),
        kind,
        &markdown::Options::for_config(config),
    );
    assert!(diags.is_empty(), "{rel}: {diags:?}");
    doc.unwrap_or_else(|| panic!("{rel} did not parse"))
}

/// The folders of `files` that hold a year section (a `_index.md` with `year:`).
pub(crate) fn year_dirs<S: AsRef<str>>(files: &[(&str, S)]) -> BTreeSet<String> {
    files
        .iter()
        .filter(|(rel, text)| parse::is_section_file(rel) && text.as_ref().contains("\nyear:"))
        .map(|(rel, _)| parse::parent_dir(rel).to_string())
        .collect()
}

/// The model of a site made of `files` (path under `content/`, text) and `config`.
pub(crate) fn site<S: AsRef<str>>(config: &str, files: &[(&str, S)]) -> Site {
    let config = Config::parse(config, std::path::Path::new("ideawiki.yaml")).unwrap();
    let years = year_dirs(files);
    let docs = files
        .iter()
        .map(|(rel, text)| parse(&config, &years, rel, text.as_ref()))
        .collect();
    Site::build(config, docs, Vec::new(), &[], false).unwrap()
}

/// A year section `gsoc/2027` and two ideas in it, `a.md` and `b.md`, whose front matter
/// follows `title` (`fm_a` and `fm_b` add to it).
pub(crate) fn two_ideas(fm_a: &str, fm_b: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "gsoc/2027/_index.md",
            "---\ntitle: GSoC 2027\nyear: 2027\n---\n".to_string(),
        ),
        (
            "gsoc/2027/a.md",
            format!("---\ntitle: A\n{fm_a}---\nBody A.\n"),
        ),
        (
            "gsoc/2027/b.md",
            format!("---\ntitle: B\n{fm_b}---\nBody B.\n"),
        ),
    ]
}
