//! The programs and year sections of an existing site, found by `new`, `archive` and
//! `rollover` from the `_index.md` files alone.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::site::frontmatter::{SectionFm, YearStatus};
use crate::site::layout::CONTENT_DIR;
use crate::site::load;
use crate::site::parse::{self, FrontMatter, Kind};
use crate::site::slug::slug_problem;
use crate::util::date::Date;

/// The program `init` creates: the one most ideas pages are made for.
pub(crate) const INIT_PROGRAM: &str = "gsoc";

/// A year section found on disk.
#[derive(Debug, Clone)]
pub(crate) struct YearSection {
    /// The program's folder under `content/`, such as `gsoc`.
    pub(crate) program: String,
    /// The section's folder relative to `content/`, such as `gsoc/2027`.
    pub(crate) dir: String,
    pub(crate) year: u16,
    /// The `_index.md`, relative to `content/`.
    pub(crate) rel: String,
    pub(crate) fm: SectionFm,
}

impl YearSection {
    /// The `_index.md`, relative to the site root.
    pub(crate) fn index_file(&self) -> PathBuf {
        Path::new(CONTENT_DIR).join(&self.rel)
    }
}

/// The programs and year sections of a site, read from the `_index.md` files alone, so
/// `new`, `archive` and `rollover` work even while some idea has an error.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sections {
    pub(crate) years: Vec<YearSection>,
    /// Program folders that hold at least one year section, sorted.
    pub(crate) programs: Vec<String>,
    /// Section files that could not be read: shown when the section the user asked for is
    /// not found, since a broken `_index.md` is the likely reason.
    pub(crate) problems: Vec<Diagnostic>,
}

impl Sections {
    pub(crate) fn scan(root: &Path) -> Sections {
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
    pub(crate) fn program(&self, given: Option<&str>) -> Result<String, Diagnostic> {
        if let Some(p) = given {
            return match slug_problem(p) {
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
    pub(crate) fn years_of<'a>(&'a self, program: &str) -> impl Iterator<Item = &'a YearSection> {
        let program = program.to_string();
        self.years.iter().filter(move |y| y.program == program)
    }

    pub(crate) fn find(&self, program: &str, year: u16) -> Option<&YearSection> {
        self.years_of(program).find(|y| y.year == year)
    }

    pub(crate) fn newest(&self, program: &str) -> Option<&YearSection> {
        self.years_of(program).last()
    }

    /// The program's current year: its newest year that is not a draft (or, while every
    /// year is one, its newest).
    pub(crate) fn current(&self, program: &str) -> Option<&YearSection> {
        let published = |y: &&YearSection| y.fm.status != Some(YearStatus::Draft) && !y.fm.draft;
        self.years_of(program)
            .filter(published)
            .last()
            .or_else(|| self.newest(program))
    }

    /// The year section for `program` and `year`, or an error listing the years there are
    /// (and, with `offer_create`, how to create the missing one).
    pub(crate) fn require(
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
