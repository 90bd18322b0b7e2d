//! The documents of a site arranged as the model holds them: programs with their years,
//! ideas in their years, wiki pages, each with its URL path. Drafts are left out here
//! unless the build asks for them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::site::config::Config;
use crate::site::frontmatter::{IdeaFm, IdeaStatus, PageFm, SectionFm, YearStatus};
use crate::site::parse::{Doc, Parsed, parent_dir};
use crate::site::skills::SkillAliases;
use crate::site::slug::slug_problem;

#[derive(Debug, Clone)]
pub struct Program {
    /// Folder name under `content/`, e.g. `gsoc`.
    pub name: String,
    pub title: String,
    /// URL path without the site root, e.g. `gsoc/`.
    pub path: String,
    /// `content/gsoc/_index.md`, if there is one.
    pub doc: Option<Doc<SectionFm>>,
    /// Indices into `Site::years`, newest first.
    pub years: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub doc: Doc<SectionFm>,
    pub year: u16,
    pub status: YearStatus,
    pub program: usize,
    pub path: String,
    /// Indices into `Site::ideas`, by title.
    pub ideas: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Idea {
    pub doc: Doc<IdeaFm>,
    pub slug: String,
    pub year: usize,
    pub path: String,
    /// What pages say of it: see [`status_in`].
    pub status: Option<IdeaStatus>,
}

/// An idea's status as pages show it: what the file says; open when it says nothing,
/// except in an archived year, where nothing is known (imported years rarely say).
pub fn status_in(fm: &IdeaFm, year: YearStatus) -> Option<IdeaStatus> {
    fm.status
        .or((year != YearStatus::Archived).then_some(IdeaStatus::Open))
}

#[derive(Debug, Clone)]
pub struct WikiPage {
    pub doc: Doc<PageFm>,
    pub path: String,
}

/// Parsed files arranged into the model's lists, each sorted as pages show it.
pub(crate) struct Documents {
    /// `content/_index.md`, if there is one.
    pub home: Option<Doc<SectionFm>>,
    pub programs: Vec<Program>,
    pub years: Vec<Year>,
    pub ideas: Vec<Idea>,
    pub pages: Vec<WikiPage>,
}

/// Parsed files sorted by what they are, before drafts and locations are checked.
struct ByKind {
    home: Option<Doc<SectionFm>>,
    /// Folder → its `_index.md`.
    sections: BTreeMap<String, Doc<SectionFm>>,
    ideas: Vec<Doc<IdeaFm>>,
    pages: Vec<Doc<PageFm>>,
}

/// Arranges parsed files into programs, years, ideas and pages. `drafts` keeps draft
/// pages and draft years. Problems (a year in the wrong folder, a file name that cannot be
/// a URL) go to `diags`, and the document is left out.
pub(crate) fn arrange(
    docs: Vec<Parsed>,
    config: &Config,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> Documents {
    let ByKind {
        home,
        sections,
        ideas,
        pages,
    } = by_kind(docs);
    let (plain_sections, mut programs, mut years) = years_and_programs(sections, drafts, diags);
    let mut wiki_pages = Vec::new();
    for (dir, d) in plain_sections {
        section_page(dir, d, drafts, &mut programs, &mut wiki_pages);
    }
    let programs = order_programs(programs, config, &mut years);
    let ideas = place_ideas(ideas, &config.skill_aliases, &mut years, drafts, diags);
    wiki_pages.extend(place_pages(pages, drafts, diags));
    wiki_pages.sort_by(|a, b| {
        a.doc
            .fm
            .title
            .to_lowercase()
            .cmp(&b.doc.fm.title.to_lowercase())
            .then(a.path.cmp(&b.path))
    });
    Documents {
        home,
        programs,
        years,
        ideas,
        pages: wiki_pages,
    }
}

fn by_kind(docs: Vec<Parsed>) -> ByKind {
    let mut sorted = ByKind {
        home: None,
        sections: BTreeMap::new(),
        ideas: Vec::new(),
        pages: Vec::new(),
    };
    for p in docs {
        match p {
            Parsed::Section(d) if d.rel == "_index.md" => sorted.home = Some(d),
            Parsed::Section(d) => {
                sorted.sections.insert(parent_dir(&d.rel).to_string(), d);
            }
            Parsed::Idea(d) => sorted.ideas.push(d),
            Parsed::Page(d) => sorted.pages.push(d),
        }
    }
    sorted
}

/// Sections without a `year:`, by folder.
type PlainSections = Vec<(String, Doc<SectionFm>)>;

/// Year sections, each in its program (made from the folder name), and the sections that
/// are not years.
fn years_and_programs(
    sections: BTreeMap<String, Doc<SectionFm>>,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> (PlainSections, BTreeMap<String, Program>, Vec<Year>) {
    let mut programs: BTreeMap<String, Program> = BTreeMap::new();
    let mut years = Vec::new();
    let mut plain_sections = Vec::new();
    for (dir, d) in sections {
        let Some(y) = d.fm.year else {
            plain_sections.push((dir, d));
            continue;
        };
        let status = d.fm.status.unwrap_or_default();
        if !drafts && (d.fm.draft || status == YearStatus::Draft) {
            continue;
        }
        let parts: Vec<&str> = dir.split('/').collect();
        if parts.len() != 2 {
            diags.push(d.key_error(
                "year-location",
                "year",
                "a year section must sit in `content/<program>/<year>/`".into(),
                "move this folder into a program folder, such as `content/gsoc/2027/`",
            ));
            continue;
        }
        let program_name = parts[0].to_string();
        let program = programs
            .entry(program_name.clone())
            .or_insert_with(|| Program {
                title: String::new(),
                path: format!("{program_name}/"),
                name: program_name.clone(),
                doc: None,
                years: Vec::new(),
            });
        if program.title.is_empty()
            && let Some(display) = &d.fm.program
        {
            program.title = display.clone();
        }
        years.push(Year {
            path: format!("{dir}/"),
            year: y,
            status,
            program: usize::MAX,
            ideas: Vec::new(),
            doc: d,
        });
    }
    (plain_sections, programs, years)
}

/// A section that is not a year: its program's page when its folder holds years, else a
/// wiki page at the folder's address.
fn section_page(
    dir: String,
    d: Doc<SectionFm>,
    drafts: bool,
    programs: &mut BTreeMap<String, Program>,
    pages: &mut Vec<WikiPage>,
) {
    if !drafts && d.fm.draft {
        return;
    }
    if let Some(p) = programs.get_mut(&dir) {
        p.title = d.fm.title.clone();
        p.doc = Some(d);
        return;
    }
    let fm = PageFm {
        title: d.fm.title.clone(),
        slug: None,
        aliases: d.fm.aliases.clone(),
        draft: d.fm.draft,
        extra: d.fm.extra.clone(),
    };
    pages.push(WikiPage {
        path: format!("{dir}/"),
        doc: Doc {
            rel: d.rel,
            fm: Arc::new(fm),
            body: d.body,
            body_offset: d.body_offset,
            source: d.source,
            hash: d.hash,
        },
    });
}

/// Programs by title, each with its years newest first; every year learns its program.
fn order_programs(
    programs: BTreeMap<String, Program>,
    config: &Config,
    years: &mut [Year],
) -> Vec<Program> {
    let mut programs: Vec<Program> = programs.into_values().collect();
    for p in &mut programs {
        if p.title.is_empty() {
            // The program's page, then its years, then the config, then the folder.
            let configured = config.programs.get(&p.name).and_then(|r| r.title.clone());
            p.title = configured.unwrap_or_else(|| p.name.clone());
        }
    }
    programs.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.name.cmp(&b.name))
    });
    for (pi, p) in programs.iter_mut().enumerate() {
        let prefix = format!("{}/", p.name);
        p.years = years
            .iter()
            .enumerate()
            .filter(|(_, y)| y.path.starts_with(&prefix))
            .map(|(i, _)| i)
            .collect();
        for &yi in &p.years {
            years[yi].program = pi;
        }
        p.years.sort_by(|&a, &b| {
            years[b]
                .year
                .cmp(&years[a].year)
                .then(years[a].path.cmp(&years[b].path))
        });
    }
    programs
}

/// Ideas in their years, sorted by year and then title; each year lists its ideas.
fn place_ideas(
    docs: Vec<Doc<IdeaFm>>,
    aliases: &SkillAliases,
    years: &mut [Year],
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Idea> {
    let year_index: BTreeMap<&str, usize> = years
        .iter()
        .enumerate()
        .map(|(i, y)| (y.path.trim_end_matches('/'), i))
        .collect();
    let year_status: Vec<YearStatus> = years.iter().map(|y| y.status).collect();
    // On every core: at 100,000 ideas this was a tenth of a second on one.
    let placed: Vec<Result<Idea, Diagnostic>> = docs
        .into_par_iter()
        .filter_map(|mut d| {
            aliases.apply(&mut d.fm);
            let dir = parent_dir(&d.rel);
            // None: its year is a draft that is left out.
            let &yi = year_index.get(dir)?;
            if d.fm.draft && !drafts {
                return None;
            }
            let mut problem = Vec::new();
            let Some(slug) = slug_of(&d, d.fm.slug.as_deref(), &mut problem) else {
                return problem.pop().map(Err);
            };
            Some(Ok(Idea {
                path: format!("{dir}/{slug}/"),
                slug,
                year: yi,
                status: status_in(&d.fm, year_status[yi]),
                doc: d,
            }))
        })
        .collect();
    let mut ideas = Vec::with_capacity(placed.len());
    for p in placed {
        match p {
            Ok(idea) => ideas.push(idea),
            Err(d) => diags.push(d),
        }
    }
    // Cached keys: lowercasing inside the comparison allocates n·log n strings.
    ideas.par_sort_by_cached_key(|a| (a.year, a.doc.fm.title.to_lowercase(), a.slug.clone()));
    for (i, idea) in ideas.iter().enumerate() {
        years[idea.year].ideas.push(i);
    }
    ideas
}

/// Wiki pages at their addresses (unsorted).
fn place_pages(docs: Vec<Doc<PageFm>>, drafts: bool, diags: &mut Vec<Diagnostic>) -> Vec<WikiPage> {
    let mut pages = Vec::new();
    for d in docs {
        if d.fm.draft && !drafts {
            continue;
        }
        let Some(slug) = slug_of(&d, d.fm.slug.as_deref(), diags) else {
            continue;
        };
        let dir = parent_dir(&d.rel);
        let path = if dir.is_empty() {
            format!("{slug}/")
        } else {
            format!("{dir}/{slug}/")
        };
        pages.push(WikiPage { path, doc: d });
    }
    pages
}

/// The document's `slug:`, or the one its file name gives; a diagnostic if neither works.
fn slug_of<F>(d: &Doc<F>, slug: Option<&str>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match slug {
        Some(s) => Some(s.to_string()),
        None => file_slug(&d.rel).map_err(|e| diags.push(e)).ok(),
    }
}

/// The slug a file name gives: the name itself when it is one (`virtio-on-xen.md` →
/// `virtio-on-xen`), else its transliteration (`Idée spéciale.md` → `idee-speciale`), as
/// for every URL made from a name.
pub(crate) fn file_slug(rel: &str) -> Result<String, Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if slug_problem(stem).is_none() {
        return Ok(stem.to_string());
    }
    let slug = crate::site::slug::url_slug(stem);
    match slug_problem(&slug) {
        None => Ok(slug),
        Some(why) => Err(Diagnostic::error(
            "bad-slug",
            format!("the file name `{name}` cannot be a URL: {why}"),
        )
        .in_file(PathBuf::from(crate::site::layout::CONTENT_DIR).join(rel))
        .with_help(
            "rename the file using letters and digits (for example `my-idea.md`), or set `slug:` in its front matter",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::markdown;
    use crate::site::parse::{Kind, parse_text};

    fn parsed(rel: &str, text: &str, kind: Kind) -> Parsed {
        let opts = markdown::Options {
            emails: Default::default(),
            root: "/".into(),
            raw_html: Default::default(),
        };
        let (doc, diags) = parse_text(rel, text.into(), kind, &opts);
        assert!(diags.is_empty(), "{diags:?}");
        doc.expect("a usable document")
    }

    fn arrange_test(docs: Vec<Parsed>, drafts: bool, diags: &mut Vec<Diagnostic>) -> Documents {
        arrange(docs, &Config::default(), drafts, diags)
    }

    fn year(rel: &str, y: u16, extra: &str) -> Parsed {
        let text = format!("---\ntitle: Y{y}\nyear: {y}\n{extra}---\n");
        parsed(rel, &text, Kind::Section)
    }

    fn idea(rel: &str, title: &str) -> Parsed {
        parsed(rel, &format!("---\ntitle: {title}\n---\n"), Kind::Idea)
    }

    #[test]
    fn years_sit_in_programs_newest_first_and_ideas_sort_by_title() {
        let mut diags = Vec::new();
        let docs = arrange_test(
            vec![
                year("gsoc/2011/_index.md", 2011, "program: GSoC\n"),
                year("gsoc/2012/_index.md", 2012, ""),
                idea("gsoc/2011/b.md", "beta"),
                idea("gsoc/2011/a.md", "Alpha"),
                idea("gsoc/2012/c.md", "Gamma"),
            ],
            false,
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(docs.programs.len(), 1);
        let p = &docs.programs[0];
        assert_eq!((p.name.as_str(), p.title.as_str()), ("gsoc", "GSoC"));
        let newest_first: Vec<u16> = p.years.iter().map(|&y| docs.years[y].year).collect();
        assert_eq!(newest_first, [2012, 2011]);
        let paths: Vec<&str> = docs.ideas.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["gsoc/2011/a/", "gsoc/2011/b/", "gsoc/2012/c/"]);
        let y2011 = &docs.years[docs.ideas[0].year];
        assert_eq!(y2011.year, 2011);
        assert_eq!(y2011.ideas, [0, 1]);
    }

    #[test]
    fn draft_years_and_their_ideas_stay_out_unless_asked_for() {
        let files = || {
            vec![
                year("gsoc/2027/_index.md", 2027, "status: draft\n"),
                idea("gsoc/2027/a.md", "A"),
            ]
        };
        let mut diags = Vec::new();
        let without = arrange_test(files(), false, &mut diags);
        assert!(without.years.is_empty() && without.ideas.is_empty());
        let with = arrange_test(files(), true, &mut diags);
        assert_eq!((with.years.len(), with.ideas.len()), (1, 1));
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_year_outside_a_program_folder_is_an_error_naming_its_file() {
        let mut diags = Vec::new();
        let docs = arrange_test(
            vec![year("a/b/2027/_index.md", 2027, "")],
            false,
            &mut diags,
        );
        assert!(docs.years.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "year-location");
        let file = diags[0].file.as_ref().map(|f| f.display().to_string());
        assert_eq!(file.as_deref(), Some("content/a/b/2027/_index.md"));
    }

    #[test]
    fn a_section_beside_years_is_its_programs_page_and_others_are_wiki_pages() {
        let mut diags = Vec::new();
        let docs = arrange_test(
            vec![
                year("gsoc/2027/_index.md", 2027, ""),
                parsed(
                    "gsoc/_index.md",
                    "---\ntitle: Summer of Code\n---\n",
                    Kind::Section,
                ),
                parsed(
                    "guides/_index.md",
                    "---\ntitle: Guides\n---\n",
                    Kind::Section,
                ),
            ],
            false,
            &mut diags,
        );
        assert_eq!(docs.programs[0].title, "Summer of Code");
        assert!(docs.programs[0].doc.is_some());
        let pages: Vec<&str> = docs.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(pages, ["guides/"]);
    }

    #[test]
    fn file_names_that_are_not_slugs_are_transliterated() {
        let mut diags = Vec::new();
        let docs = arrange_test(
            vec![
                year("gsoc/2027/_index.md", 2027, ""),
                idea("gsoc/2027/Idée spéciale.md", "Idée"),
                idea("gsoc/2027/!!!.md", "Nothing"),
            ],
            false,
            &mut diags,
        );
        let paths: Vec<&str> = docs.ideas.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["gsoc/2027/idee-speciale/"]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "bad-slug");
        assert!(
            diags[0].message.contains("`!!!.md`"),
            "{}",
            diags[0].message
        );
    }
}
