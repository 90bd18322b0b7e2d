//! `ideawiki init`: a new site with short, working examples of every kind of file.
//!
//! Refuses a folder in use, and even with `--force` never replaces a file, so running it
//! twice cannot lose anybody's work.

use std::io;
use std::path::{Path, PathBuf};

use crate::commands::ci_files::{self, Host};
use crate::commands::files::{io_error, write_new};
use crate::commands::sections::INIT_PROGRAM;
use crate::diag::Diagnostic;
use crate::site::config::ProgramRules;
use crate::site::yaml::yaml_str;

/// What `init` is asked for besides the folder.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Add the starter files to a folder in use (never replacing one).
    pub force: bool,
    /// The year of the starter section.
    pub year: u16,
    /// The site's title [default: `Project ideas`].
    pub title: Option<String>,
    /// Where the site will be published [default: `http://localhost/`].
    pub base_url: Option<String>,
    /// The hosting files to add: GitHub's issue form and workflows, or GitLab's pipeline.
    pub host: Host,
}

/// What `init` did.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// Files written, relative to the site folder.
    pub created: Vec<PathBuf>,
    /// Files that already existed and were kept as they were.
    pub skipped: Vec<PathBuf>,
}

/// Entries that do not make a folder "in use": a fresh `git clone` or `git init` has them.
fn ignorable_entry(name: &std::ffi::OsStr) -> bool {
    name == ".git"
}

/// Creates a starter site in `dir`. Refuses a folder with anything in it unless `force`,
/// and even then writes only the files that do not exist yet.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<InitReport, Vec<Diagnostic>> {
    let force = opts.force;
    let config = starter_config(opts)?;
    if dir.exists() && !dir.is_dir() {
        return Err(vec![
            Diagnostic::error(
                "not-a-folder",
                format!("{} exists and is not a folder", dir.display()),
            )
            .with_help("give `ideawiki init` the name of a new or empty folder"),
        ]);
    }
    if dir.is_dir() && !force {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            vec![io_error(&io::Error::new(
                e.kind(),
                format!("cannot read {}: {e}", dir.display()),
            ))]
        })?;
        let mut used: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .filter(|n| !ignorable_entry(n))
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        if !used.is_empty() {
            used.sort();
            let shown = if used.len() > 3 {
                format!("{}, … ({} entries)", used[..3].join(", "), used.len())
            } else {
                used.join(", ")
            };
            return Err(vec![
                Diagnostic::error(
                    "not-empty",
                    format!("{} is not empty: it holds {shown}", dir.display()),
                )
                .with_help(
                    "run `ideawiki init` on a new or empty folder, or add `--force` to add the starter files next to what is there (no existing file is ever replaced)",
                ),
            ]);
        }
    }
    let mut report = InitReport {
        created: Vec::new(),
        skipped: Vec::new(),
    };
    let mut files = starter_files(opts.year, config);
    files.extend(ci_files::files(opts.host));
    for (rel, text) in files {
        let rel = PathBuf::from(rel);
        let created = write_new(&dir.join(&rel), &text).map_err(|e| vec![io_error(&e)])?;
        if created {
            report.created.push(rel);
        } else {
            report.skipped.push(rel);
        }
    }
    Ok(report)
}

/// The starter site: short, working examples of every kind of file, linked to each other
/// so `ideawiki check` passes on it.
pub(crate) fn starter_files(year: u16, config: String) -> Vec<(String, String)> {
    let p = INIT_PROGRAM;
    vec![
        ("ideawiki.yaml".into(), config),
        (
            ".gitignore".into(),
            format!(
                "# The built site: `ideawiki build` recreates it.\n/public/\n\
                 # Beside it while a build runs: the new site, before it replaces public/.\n\
                 /.public.*\n\
                 # ideawiki's cache: what the last build wrote (to redo only what changed).\n\
                 /{}/\n",
                crate::output::CACHE_DIR
            ),
        ),
        ("content/_index.md".into(), STARTER_HOME.into()),
        ("content/applying.md".into(), STARTER_APPLYING.into()),
        (format!("content/{p}/_index.md"), STARTER_PROGRAM.into()),
        (
            format!("content/{p}/{year}/_index.md"),
            STARTER_YEAR.replace("{year}", &year.to_string()),
        ),
        (
            format!("content/{p}/{year}/improve-the-getting-started-guide.md"),
            STARTER_IDEA.into(),
        ),
    ]
}

/// The starter config with the title and address given to `init`, if any.
fn starter_config(opts: &InitOptions) -> Result<String, Vec<Diagnostic>> {
    let mut text = format!(
        "{STARTER_CONFIG}{}",
        ProgramRules::gsoc().to_yaml(INIT_PROGRAM)
    );
    if let Some(title) = &opts.title {
        let title = title.trim();
        if title.is_empty() || title.chars().any(char::is_control) {
            return Err(vec![
                Diagnostic::error("usage", "`--title` must be one line of text")
                    .with_help("such as `--title \"Xen Project ideas\"`"),
            ]);
        }
        text = text.replace(
            "title: Project ideas\n",
            &format!("title: {}\n", yaml_str(title)),
        );
    }
    if let Some(url) = &opts.base_url {
        let lower = url.to_ascii_lowercase();
        let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
            && url.len() > "https://".len()
            && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            return Err(vec![
                Diagnostic::error("usage", format!("`--base-url {url}` is not a web address"))
                    .with_help("give the address the site will have, sub-path included: `--base-url https://example.org/ideas/`"),
            ]);
        }
        let url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
        text = text.replace(
            "base_url: http://localhost/\n",
            &format!("base_url: {}\n", yaml_str(&url)),
        );
    }
    Ok(text)
}

const STARTER_CONFIG: &str = "\
# Site settings. Every key is optional; ideawiki's README lists them all.
title: Project ideas
description: Projects our mentors offer to students and newcomers
# Where the site will be published. A sub-path such as https://example.org/ideas/ works:
# every link then starts with /ideas/. `build` and `check` warn while it is localhost.
base_url: http://localhost/
# How mentor email addresses appear: hide, obfuscate (jane AT example DOT org) or plain.
emails: obfuscate
# Where these files live, for \"edit this page\" and history links:
# repository:
#   url: https://github.com/your-org/ideas
#   branch: main
# What each program asks of every idea of an open year: `ideawiki check` warns about
# ideas that miss one. These are Google's rules for GSoC; min_mentors: 2 is common too.
";

const STARTER_HOME: &str = "\
---
title: Project ideas
---
Welcome! Our mentors list here the projects they would like to guide a student or a
newcomer through: what each one is about, how big it is and what you need to know.
This year's ideas are linked above (the link follows the newest published year).

- [All years of Google Summer of Code](/gsoc/)
- [How to apply](/applying/)

Past years stay online for reference.
";

const STARTER_APPLYING: &str = "\
---
title: How to apply
---
1. Read this year's ideas (on [the program's page](/gsoc/), the newest year) and pick one or two that match what you know
   and what you would like to learn.
2. Write to the mentors named on the idea: introduce yourself and ask your questions.
   They can tell you where to start in the code.
3. Make a small contribution first (a fix, a test, a documentation change): it shows
   that you can build the project and work with its review process.
4. Write your proposal: what you will build, how, and a plan week by week. Submit it
   through the program's website before the deadline.
";

const STARTER_PROGRAM: &str = "\
---
title: Google Summer of Code
---
Google Summer of Code funds students and newcomers to work on open-source software for
a summer, guided by a mentor. Each year below has its own list of ideas.
";

const STARTER_YEAR: &str = "\
---
title: GSoC {year} project ideas
program: GSoC
year: {year}
status: open            # draft | open | closed | archived
# notice: Applications close on 2 April.   # a banner on the year page and its ideas
# deadline: {year}-04-02  # YYYY-MM-DD; `ideawiki check` warns once it has passed
---
These are the projects our mentors offer for Google Summer of Code {year}. Pick one that
fits what you know, read [how to apply](/applying/), and talk to its mentors before you
write your proposal.

Mentors: add an idea with `ideawiki new idea \"Your idea's title\"`.
";

const STARTER_IDEA: &str = "\
---
title: Improve the getting-started guide
project: Documentation
summary: Rewrite the guide newcomers read first, and test it with real newcomers.
outcomes:
  - A getting-started guide whose every step works on a fresh machine
  - Notes from two newcomers who followed it, and the fixes they led to
prerequisites: Comfortable on the command line; clear written English
mentors:
  - name: Jane Doe               # replace with the real mentors
    github: janedoe              # their GitHub user name
    role: primary                # primary | backup
    url: https://example.org/~jane
size: medium                     # small | medium | large, or hours: 90, 175, 350
difficulty: easy                 # easy | medium | hard
skills: [Markdown, Technical writing, Git]
status: open                     # open | taken | completed | withdrawn
students: []                     # who works on it, once taken
tags: [documentation]
links:                           # issue, discussion, chat, repository, newcomer_issues…
  issue: https://example.org/your-org/docs/issues/1
---
This is an example idea: edit it into a real one, or delete it once you have added yours
with `ideawiki new idea \"Title\"`.

The guide is the first thing a newcomer reads, and today it stops working halfway: some
commands changed, some steps are missing. This project makes it trustworthy again.

## Goals

- Follow the guide on a fresh machine and note every step that fails or confuses.
- Rewrite it so that each step says what you should see when it worked.
- Ask two newcomers to follow the new guide and fix what still trips them up.

## What you will learn

How the project is built and reviewed, and how to write for people who have never seen
the code.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::parse::{self, Kind};

    #[test]
    fn starter_files_parse() {
        for (rel, text) in starter_files(2031, STARTER_CONFIG.into()) {
            if let Some(rel) = rel.strip_prefix("content/") {
                let kind = if parse::is_section_file(rel) {
                    Kind::Section
                } else if rel.contains("/2031/") {
                    Kind::Idea
                } else {
                    Kind::Page
                };
                let (fm, diags) = parse::front_matter_text(rel, text.into(), kind);
                assert!(fm.is_some() && diags.is_empty(), "{rel}: {diags:?}");
            }
        }
    }

    #[test]
    fn git_ignores_the_output_and_the_cache() {
        let files = starter_files(2031, STARTER_CONFIG.into());
        let (_, ignore) = files.iter().find(|(rel, _)| rel == ".gitignore").unwrap();
        let lines: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines, ["/public/", "/.public.*", "/.ideawiki/"]);
    }
}
