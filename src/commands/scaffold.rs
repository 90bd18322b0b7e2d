//! Scaffolding: `init` (a new site) and `new` (an idea or a year section).
//!
//! Mentors touch the site once a year and rarely remember the front-matter keys; a file
//! that already lists every key, with the choices in comments, beats any documentation.
//! Everything here creates files and never replaces one: a file that exists is reported,
//! not overwritten, so running a command twice cannot lose anybody's work.
//!
//! [`Sections`] finds the programs and year sections of an existing site; the yearly
//! chores in [`crate::commands::chores`] use it as well.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::site::frontmatter::SectionFm;
use crate::site::layout::CONTENT_DIR;
use crate::site::load;
use crate::site::parse::{self, FrontMatter, Kind};
use crate::util::date::Date;

/// The program `init` creates: the one most ideas pages are made for.
pub const INIT_PROGRAM: &str = "gsoc";

// ---------------------------------------------------------------------------------------
// Finding programs and years

/// A year section found on disk.
#[derive(Debug, Clone)]
pub struct YearSection {
    /// The program's folder under `content/`, such as `gsoc`.
    pub program: String,
    /// The section's folder relative to `content/`, such as `gsoc/2027`.
    pub dir: String,
    pub year: u16,
    /// The `_index.md`, relative to `content/`.
    pub rel: String,
    pub fm: SectionFm,
}

impl YearSection {
    /// The `_index.md`, relative to the site root.
    pub fn index_file(&self) -> PathBuf {
        Path::new(CONTENT_DIR).join(&self.rel)
    }
}

/// The programs and year sections of a site, read from the `_index.md` files alone, so
/// `new`, `archive` and `rollover` work even while some idea has an error.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    pub years: Vec<YearSection>,
    /// Program folders that hold at least one year section, sorted.
    pub programs: Vec<String>,
    /// Section files that could not be read: shown when the section the user asked for is
    /// not found, since a broken `_index.md` is the likely reason.
    pub problems: Vec<Diagnostic>,
}

impl Sections {
    pub fn scan(root: &Path) -> Sections {
        let (files, _) = load::discover(root);
        let mut out = Sections::default();
        for file in files.iter().filter(|f| parse::is_section_file(&f.rel)) {
            let (fm, diags) = parse::front_matter_file(file, Kind::Section);
            out.problems
                .extend(diags.into_iter().filter(Diagnostic::is_error));
            let Some(FrontMatter::Section(fm)) = fm else {
                continue;
            };
            let dir = parse::parent_dir(&file.rel).to_string();
            let (Some(year), Some((program, _))) = (fm.year, dir.split_once('/')) else {
                continue;
            };
            if dir.matches('/').count() != 1 {
                continue;
            }
            out.years.push(YearSection {
                program: program.to_string(),
                dir,
                year,
                rel: file.rel.clone(),
                fm,
            });
        }
        out.years
            .sort_by(|a, b| (&a.program, a.year).cmp(&(&b.program, b.year)));
        out.programs = out.years.iter().map(|y| y.program.clone()).collect();
        out.programs.dedup();
        out
    }

    /// The program the user means: the one given, or the only one the site has.
    pub fn program(&self, given: Option<&str>) -> Result<String, Diagnostic> {
        if let Some(p) = given {
            return match crate::site::slug::slug_problem(p) {
                None => Ok(p.to_string()),
                Some(why) => Err(Diagnostic::error(
                    "usage",
                    format!("`--program {p}` cannot be a folder name: {why}"),
                )
                .with_help("name the program's folder under `content/`, such as `gsoc`")),
            };
        }
        match self.programs.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(Diagnostic::error(
                "usage",
                "this site has no program yet: no `content/<program>/<year>/_index.md` with `year:`",
            )
            .in_file(CONTENT_DIR)
            .with_help(format!(
                "create the first year with `ideawiki new year {} --program {INIT_PROGRAM}`",
                Date::today().year
            ))),
            many => Err(Diagnostic::error(
                "usage",
                format!("this site has several programs: {}", many.join(", ")),
            )
            .with_help(format!("say which one with `--program {}`", many[0]))),
        }
    }

    /// The year sections of `program`, oldest first.
    pub fn years_of<'a>(&'a self, program: &str) -> impl Iterator<Item = &'a YearSection> {
        let program = program.to_string();
        self.years.iter().filter(move |y| y.program == program)
    }

    pub fn find(&self, program: &str, year: u16) -> Option<&YearSection> {
        self.years_of(program).find(|y| y.year == year)
    }

    pub fn newest(&self, program: &str) -> Option<&YearSection> {
        self.years_of(program).last()
    }

    /// The year section for `program` and `year`, or an error listing the years there are
    /// (and, with `offer_create`, how to create the missing one).
    pub fn require(
        &self,
        program: &str,
        year: u16,
        offer_create: bool,
    ) -> Result<&YearSection, Vec<Diagnostic>> {
        if let Some(y) = self.find(program, year) {
            return Ok(y);
        }
        let known: Vec<String> = self.years_of(program).map(|y| y.year.to_string()).collect();
        let mut d = Diagnostic::error(
            "no-year-section",
            format!("`{program}` has no year section for {year}"),
        )
        .with_help(match (known.is_empty(), offer_create) {
            (true, _) => format!("create it with `ideawiki new year {year} --program {program}`"),
            (false, true) => format!(
                "years of `{program}`: {}; create {year} with `ideawiki new year {year} --program {program}`",
                known.join(", ")
            ),
            (false, false) => format!("years of `{program}`: {}", known.join(", ")),
        });
        if known.is_empty()
            && !self.programs.is_empty()
            && !self.programs.iter().any(|p| p == program)
        {
            d.message = format!("there is no program `{program}` in this site");
            d.help = Some(format!(
                "programs in this site: {}; or start `{program}` with `ideawiki new year {year} --program {program}`",
                self.programs.join(", ")
            ));
        }
        let mut diags = vec![d];
        diags.extend(self.problems.iter().cloned());
        Err(diags)
    }
}

// ---------------------------------------------------------------------------------------
// Writing files without replacing any

/// Writes `text` to a file that must not exist yet. `Ok(false)` means it existed and was
/// left alone. `create_new` makes the check and the creation one step, so a file created
/// meanwhile by someone else is not replaced either.
pub fn write_new(path: &Path, text: &str) -> io::Result<bool> {
    if let Some(parent) = path.parent() {
        crate::util::fsutil::create_dir_all(parent)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => {
            return Err(io::Error::new(
                e.kind(),
                format!("cannot create {}: {e}", path.display()),
            ));
        }
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
    Ok(true)
}

fn io_error(e: &io::Error) -> Diagnostic {
    Diagnostic::error("io", e.to_string())
        .with_help("check that the folder exists, is writable and that the disk is not full")
}

/// Checks generated front matter before it reaches the disk: a file ideawiki writes must
/// never be one that ideawiki then refuses to build.
fn must_parse(rel: &str, text: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
    match parse::front_matter_text(rel, text.into(), kind) {
        (Some(p), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(p),
        (_, mut diags) => {
            diags.insert(
                0,
                Diagnostic::error(
                    "internal",
                    format!("ideawiki generated front matter it cannot read back for content/{rel}; nothing was written"),
                )
                .with_help("please report this with the command you ran"),
            );
            Err(diags)
        }
    }
}

// ---------------------------------------------------------------------------------------
// YAML values and slugs

/// `s` as a YAML scalar that reads back as exactly `s`: plain when that is unambiguous,
/// double-quoted otherwise (a title such as `Xen: the next step` or `yes` would change
/// meaning unquoted).
pub fn yaml_str(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
        && !looks_like_non_string(s);
    if plain_ok {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether YAML would read a plain `s` as something other than a string (a boolean, null,
/// a number, a date).
fn looks_like_non_string(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || s.parse::<f64>().is_ok()
        || s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+')
}

/// A file name for an idea titled `title`: [`crate::site::slug::slugify`] after folding accented
/// Latin letters to ASCII (`Café` → `cafe`), since slugs may only use `[a-z0-9._-]`. Long
/// titles are cut at a word boundary so URLs stay readable. `None` when nothing is left
/// (a title in a non-Latin script): the user then passes `--slug`.
pub fn slug_for_title(title: &str) -> Option<String> {
    const MAX: usize = 60;
    let mut folded = String::with_capacity(title.len());
    for c in title.chars() {
        match fold_to_ascii(c) {
            Some(ascii) => folded.push_str(ascii),
            None => folded.push(c),
        }
    }
    let mut slug = String::new();
    for c in crate::site::slug::slugify(&folded).chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(c);
    }
    while slug.len() > MAX {
        match slug[..MAX].rfind('-') {
            Some(i) if i > 0 => slug.truncate(i),
            _ => slug.truncate(MAX),
        }
    }
    let slug = slug.trim_matches('-').to_string();
    (crate::site::slug::slug_problem(&slug).is_none()).then_some(slug)
}

/// The ASCII spelling of an accented Latin letter; `None` for anything else.
fn fold_to_ascii(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ő' => {
            "o"
        }
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// init

/// What `init` did.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// Files written, relative to the site folder.
    pub created: Vec<PathBuf>,
    /// Files that already existed and were kept as they were.
    pub skipped: Vec<PathBuf>,
    pub year: u16,
}

/// Entries that do not make a folder "in use": a fresh `git clone` or `git init` has them.
fn ignorable_entry(name: &std::ffi::OsStr) -> bool {
    name == ".git"
}

/// Creates a starter site in `dir`. Refuses a folder with anything in it unless `force`,
/// and even then writes only the files that do not exist yet.
pub fn init(dir: &Path, force: bool, year: u16) -> Result<InitReport, Vec<Diagnostic>> {
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
        year,
    };
    for (rel, text) in starter_files(year) {
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
pub fn starter_files(year: u16) -> Vec<(String, String)> {
    let p = INIT_PROGRAM;
    vec![
        ("ideawiki.yaml".into(), STARTER_CONFIG.into()),
        (
            ".gitignore".into(),
            "# The built site: `ideawiki build` recreates it.\n/public/\n\
             # Beside it, what the last build wrote (to redo only what changed).\n\
             /.public.*\n"
                .into(),
        ),
        (
            "content/_index.md".into(),
            STARTER_HOME.replace("{year}", &year.to_string()),
        ),
        (
            "content/applying.md".into(),
            STARTER_APPLYING.replace("{year}", &year.to_string()),
        ),
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

const STARTER_CONFIG: &str = "\
# Site settings. Every key is optional; ideawiki's README lists them all.
title: Project ideas
description: Projects our mentors offer to students and newcomers
# Where the site will be published. A sub-path such as https://example.org/ideas/ works:
# every link then starts with /ideas/.
base_url: http://localhost/
# How mentor email addresses appear: hide, obfuscate (jane AT example DOT org) or plain.
emails: obfuscate
# Where these files live, for \"edit this page\" and history links:
# repository:
#   url: https://github.com/your-org/ideas
#   branch: main
";

const STARTER_HOME: &str = "\
---
title: Project ideas
---
Welcome! Our mentors list here the projects they would like to guide a student or a
newcomer through: what each one is about, how big it is and what you need to know.

- [This year's ideas](/gsoc/{year}/)
- [How to apply](/applying/)

Past years stay online for reference.
";

const STARTER_APPLYING: &str = "\
---
title: How to apply
---
1. Read [this year's ideas](/gsoc/{year}/) and pick one or two that match what you know
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
mentors:
  - name: Jane Doe               # replace with the real mentors
    url: https://example.org/~jane
size: medium                     # small | medium | large, or hours: 90, 175, 350
difficulty: easy                 # easy | medium | hard
skills: [Markdown, Technical writing, Git]
status: open                     # open | taken | completed | withdrawn
students: []                     # who works on it, once taken
tags: [documentation]
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

// ---------------------------------------------------------------------------------------
// new idea / new year

/// What `ideawiki new idea` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewIdea {
    pub title: String,
    /// The program's folder; defaults to the only program of the site.
    pub program: Option<String>,
    /// Defaults to the program's newest year section.
    pub year: Option<u16>,
    pub project: Option<String>,
    /// The file name without `.md`; defaults to one made from the title.
    pub slug: Option<String>,
}

/// Writes a new idea file into its year section. Returns its path relative to the root.
pub fn new_idea(root: &Path, req: &NewIdea) -> Result<PathBuf, Vec<Diagnostic>> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err(vec![
            Diagnostic::error("usage", "the idea's title is empty").with_help(
                "write the title readers will see: `ideawiki new idea \"Virtio on Xen\"`",
            ),
        ]);
    }
    let slug = match &req.slug {
        Some(s) => match crate::site::slug::slug_problem(s) {
            None => s.clone(),
            Some(why) => {
                return Err(vec![
                    Diagnostic::error("usage", format!("`--slug {s}` cannot be used: {why}"))
                        .with_help("use lowercase letters, digits and `-`, such as `virtio-on-xen`"),
                ]);
            }
        },
        None => slug_for_title(title).ok_or_else(|| {
            vec![
                Diagnostic::error(
                    "usage",
                    format!("cannot make a file name from the title `{title}`"),
                )
                .with_help("give one with `--slug`, using lowercase letters, digits and `-`, such as `--slug virtio-on-xen`"),
            ]
        })?,
    };
    let sections = Sections::scan(root);
    let program = sections
        .program(req.program.as_deref())
        .map_err(|d| vec![d])?;
    let year = match req.year {
        Some(y) => sections.require(&program, y, true)?,
        None => match sections.newest(&program) {
            Some(y) => y,
            None => {
                // The program has no year at all: the error says how to create this one.
                let this_year = u16::try_from(Date::today().year).unwrap_or(2027);
                return Err(sections
                    .require(&program, this_year, true)
                    .err()
                    .unwrap_or_default());
            }
        },
    };
    let rel = format!("{}/{slug}.md", year.dir);
    let shown = Path::new(CONTENT_DIR).join(&rel);
    let text = idea_text(title, req.project.as_deref());
    must_parse(&rel, &text, Kind::Idea)?;
    match write_new(&root.join(&shown), &text) {
        Ok(true) => Ok(shown),
        Ok(false) => Err(vec![
            Diagnostic::error("file-exists", format!("{} already exists", shown.display()))
                .in_file(&shown)
                .with_help("edit that file, or choose another title or `--slug`; ideawiki never overwrites a file"),
        ]),
        Err(e) => Err(vec![io_error(&e)]),
    }
}

/// An idea file with every key: the ones a mentor must fill are present and empty (so
/// `ideawiki check` reminds them), the optional ones are commented with their choices.
fn idea_text(title: &str, project: Option<&str>) -> String {
    let project = match project.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("project: {}\n", yaml_str(p)),
        None => "# project: Xen                # the component or sub-project\n".into(),
    };
    format!(
        "\
---
title: {title}
{project}# summary: One sentence for the ideas table.
mentors: []                    # names, or maps: - {{name: Jane Doe, email: jane@example.org, url: https://…}}
# size: medium                 # small | medium | large, or hours: 90, 175, 350
# difficulty: medium           # easy | medium | hard
skills: []                     # what a student needs to know, such as [C, Git]
status: open                   # open | taken | completed | withdrawn
students: []                   # who works on it, once taken
# tags: []
# slug: my-idea                # the URL's last part (default: the file name)
# aliases: []                  # old URLs of this idea, redirected here
# draft: true                  # left out of the site until you remove this
# extra: {{}}                    # your own keys, for templates
---
What is the problem, and why does it matter? Where in the code would a newcomer start?

## Goals

- The first thing the student will have built.
- The next one.

## What you will learn

The skills and parts of the project the student will know at the end.
",
        title = yaml_str(title),
    )
}

/// Writes the year section `content/<program>/<year>/_index.md`. It starts as a draft, so
/// mentors can add ideas before the year is announced; `ideawiki build --drafts` previews
/// it and `status: open` publishes it. Returns its path relative to the root.
pub fn new_year(root: &Path, year: u16, program: Option<&str>) -> Result<PathBuf, Vec<Diagnostic>> {
    let sections = Sections::scan(root);
    let program = match (program, sections.programs.is_empty()) {
        (None, true) => {
            return Err(vec![
                Diagnostic::error(
                    "usage",
                    "this site has no program yet, so `--program` is needed",
                )
                .with_help(format!(
                    "name the program's folder: `ideawiki new year {year} --program {INIT_PROGRAM}`"
                )),
            ]);
        }
        (given, _) => sections.program(given).map_err(|d| vec![d])?,
    };
    if let Some(existing) = sections.find(&program, year) {
        return Err(vec![
            Diagnostic::error(
                "file-exists",
                format!("`{program}` already has a year section for {year}"),
            )
            .in_file(existing.index_file())
            .with_help("add ideas to it with `ideawiki new idea \"Title\"`"),
        ]);
    }
    let display = sections
        .newest(&program)
        .and_then(|y| y.fm.program.clone())
        .unwrap_or_else(|| program.clone());
    let rel = format!("{program}/{year}/_index.md");
    let shown = Path::new(CONTENT_DIR).join(&rel);
    let text = format!(
        "\
---
title: {title}
program: {program_value}
year: {year}
status: draft           # draft | open | closed | archived: `open` publishes it
# notice: Applications close on 2 April.   # a banner on the year page and its ideas
# deadline: {year}-04-02  # YYYY-MM-DD; `ideawiki check` warns once it has passed
---
How to apply this year, how to reach the mentors, and what to read first: this text
appears above the table of ideas.
",
        title = yaml_str(&format!("{display} {year} project ideas")),
        program_value = yaml_str(&display),
    );
    must_parse(&rel, &text, Kind::Section)?;
    match write_new(&root.join(&shown), &text) {
        Ok(true) => Ok(shown),
        Ok(false) => Err(vec![
            Diagnostic::error("file-exists", format!("{} already exists", shown.display()))
                .in_file(&shown)
                .with_help("it has no `year:` line: add `year: {year}` to make it a year section, or move it away"),
        ]),
        Err(e) => Err(vec![io_error(&e)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_str_reads_back_as_the_same_text() {
        for s in [
            "Virtio on Xen",
            "Xen: the next step",
            "yes",
            "2027",
            "- not a list",
            "#hashtag",
            "quote \" and back\\slash",
            "C# bindings",
            "trailing: ",
            "tab\there",
            "*bold* news",
            "Applications close on 2 April.",
        ] {
            let back: String = crate::site::yaml::from_str(&format!("k: {}", yaml_str(s)))
                .map(|m: std::collections::BTreeMap<String, String>| m["k"].clone())
                .unwrap_or_else(|e| panic!("{s:?} → {}: {e:?}", yaml_str(s)));
            assert_eq!(back, s);
        }
        assert_eq!(yaml_str("Virtio on Xen"), "Virtio on Xen");
        assert_eq!(yaml_str("yes"), "\"yes\"");
    }

    #[test]
    fn slugs_from_titles_are_valid_file_names() {
        assert_eq!(
            slug_for_title("Virtio on Xen").as_deref(),
            Some("virtio-on-xen")
        );
        assert_eq!(
            slug_for_title("Café: über-fast I/O").as_deref(),
            Some("cafe-uber-fast-i-o")
        );
        assert_eq!(
            slug_for_title("Ports to 日本語 input").as_deref(),
            Some("ports-to-input")
        );
        assert_eq!(slug_for_title("日本語"), None);
        assert_eq!(slug_for_title("!!!"), None);
        let long = slug_for_title(&"word ".repeat(30)).unwrap_or_default();
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn generated_files_parse() {
        for (rel, text) in starter_files(2031) {
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
        let text = idea_text("C# on Xen: yes", Some("Xen"));
        assert!(
            must_parse("gsoc/2031/x.md", &text, Kind::Idea).is_ok(),
            "{text}"
        );
    }
}
