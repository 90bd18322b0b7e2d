//! Parse: one source file → typed front matter + rendered Markdown.
//!
//! Commands that only read or edit front matter (`new`, `archive`, `rollover`) stop at
//! [`front_matter_file`]/[`front_matter_text`]: same checks, same diagnostics, no Markdown.
//!
//! Each file is parsed on its own (in parallel, and cacheable by content), so a file's
//! result never depends on another file. What a file *is* (idea, year section, page) comes
//! from where it sits: a Markdown file whose folder has an `_index.md` with `year:` is an
//! idea; `_index.md` files are sections; everything else is a wiki page.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{self, Diagnostic};
use crate::site::frontmatter::{
    IdeaFm, IdeaStatus, PageFm, SectionFm, YEAR_ONLY_KEYS, idea_keys, page_keys, section_keys,
};
use crate::site::load::{self, SourceFile};
use crate::site::markdown::{self, Rendered};
use crate::site::slug::slug_problem;
use crate::site::yaml;
use crate::site::yaml_diag::{find_key, key_diagnostic, yaml_diagnostic};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Section,
    Idea,
    Page,
}

/// A parsed file: its front matter `F` and its rendered body.
#[derive(Debug, Clone)]
pub struct Doc<F> {
    /// Path relative to `content/`.
    pub rel: String,
    /// Shared, like the body: the model takes cached docs by value on every run.
    pub fm: Arc<F>,
    /// Shared: the model is rebuilt from cached docs on every `serve` change, and the
    /// rendered body is the one large part of a doc.
    pub body: Arc<Rendered>,
    /// Where the body starts in `source`, to turn body offsets into file lines.
    pub body_offset: usize,
    /// The whole file text, for pointing at keys in later diagnostics.
    pub source: Arc<str>,
    /// A hash of `rel` and `source`: pages fingerprint their inputs with it instead of
    /// re-hashing file texts on every `serve` rebuild.
    pub hash: u64,
}

impl<F> Doc<F> {
    /// Keeps of the file's text only what diagnostics made after parsing point into: the
    /// front matter, and the body too when it has wiki links (a missing one is reported at
    /// its line once every page is known).
    fn trim_source(&mut self) {
        if self.body.wikilinks.is_empty() && self.body_offset < self.source.len() {
            self.source = Arc::from(&self.source[..self.body_offset]);
        }
    }

    pub fn shown(&self) -> std::path::PathBuf {
        Path::new(crate::site::layout::CONTENT_DIR).join(&self.rel)
    }

    /// A diagnostic pointing at a top-level front-matter key of this file.
    pub fn key_error(
        &self,
        code: &'static str,
        key: &str,
        message: String,
        help: &str,
    ) -> Diagnostic {
        key_diagnostic(code, &self.source, &self.shown(), key, message, help)
    }
}

#[derive(Debug, Clone)]
pub enum Parsed {
    Section(Doc<SectionFm>),
    Idea(Doc<IdeaFm>),
    Page(Doc<PageFm>),
}

impl Parsed {
    /// Lets go of the file's text past its front matter, unless the body has wiki links
    /// (see [`Doc::trim_source`]). For a build that runs once, whose diagnostics about
    /// bodies are made while parsing: the texts were a third of its peak memory.
    pub(crate) fn trim_source(&mut self) {
        match self {
            Parsed::Section(d) => d.trim_source(),
            Parsed::Idea(d) => d.trim_source(),
            Parsed::Page(d) => d.trim_source(),
        }
    }
}

/// The result of parsing one file: the document (if usable) and any problems.
pub type FileResult = (Option<Parsed>, Vec<Diagnostic>);

/// A file's front matter alone, checked as the build checks it.
#[derive(Debug, Clone)]
pub(crate) enum FrontMatter {
    Section(SectionFm),
    Idea(IdeaFm),
    Page(PageFm),
}

pub fn is_section_file(rel: &str) -> bool {
    rel == "_index.md" || rel.ends_with("/_index.md")
}

/// The folder of `rel` (`gsoc/2011/x.md` → `gsoc/2011`; `x.md` → ``).
pub fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Folders whose `_index.md` declares a `year:`.
pub fn year_dirs<'a>(parsed: impl Iterator<Item = &'a Parsed>) -> BTreeSet<String> {
    parsed
        .filter_map(|p| match p {
            Parsed::Section(d) if d.fm.year.is_some() => Some(parent_dir(&d.rel).to_string()),
            _ => None,
        })
        .collect()
}

/// Whether a section file that could not be parsed still says `year:` on a line of its
/// own: its folder's files are then read as ideas all the same, so one mistake in a year's
/// `_index.md` is one error, not one more for every idea of the year.
pub fn declares_year(file: &SourceFile) -> bool {
    load::read_text(file).is_ok_and(|text| {
        text.lines()
            .skip(1)
            .take_while(|l| l.trim_end() != "---")
            .any(|l| {
                l.strip_prefix("year")
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
    })
}

pub fn kind_of(rel: &str, year_dirs: &BTreeSet<String>) -> Kind {
    if is_section_file(rel) {
        Kind::Section
    } else if year_dirs.contains(parent_dir(rel)) {
        Kind::Idea
    } else {
        Kind::Page
    }
}

/// Reads and parses one file as `kind`.
pub fn parse_file(file: &SourceFile, kind: Kind, opts: &markdown::Options) -> FileResult {
    match load::read_text(file) {
        Ok(text) => parse_text(&file.rel, text.into(), kind, opts),
        Err(d) => (None, vec![d]),
    }
}

/// Reads one file's front matter as `kind`: [`parse_file`] without rendering the body.
pub(crate) fn front_matter_file(
    file: &SourceFile,
    kind: Kind,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    match load::read_text(file) {
        Ok(text) => front_matter_text(&file.rel, text.into(), kind),
        Err(d) => (None, vec![d]),
    }
}

/// File text's front matter (already BOM-free, LF line endings): [`parse_text`] without
/// rendering the body, so the same diagnostics and `None` on the same errors.
pub(crate) fn front_matter_text(
    rel: &str,
    source: Arc<str>,
    kind: Kind,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    match checked_front_matter(rel, &source, kind) {
        Ok((fm, _, diags)) => {
            let ok = !diags.iter().any(Diagnostic::is_error);
            (ok.then_some(fm), diags)
        }
        Err(diags) => (None, diags),
    }
}

/// Where the front matter and the body are in a file.
struct Split {
    /// YAML text range.
    yaml: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
}

fn split(text: &str, shown: &Path, source: &Arc<str>) -> Result<Split, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", "this file is empty")
            .in_file(shown)
            .with_help("start it with front matter (`---`, `title: …`, `---`) or delete it"));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            "no-front-matter",
            "the file does not start with front matter",
        )
        .in_file(shown)
        .at(diag::location(text, 0..first_end.max(1).min(text.len())))
        .with_source(source.clone())
        .with_help(
            "put a line `---` first, then `title: …` and the other keys, then another `---` line",
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: yaml_start..offset,
                body: (offset + line.len())..text.len(),
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
            .in_file(shown)
            .at(diag::location(text, 0..3))
            .with_source(source.clone())
            .with_help("add a line with only `---` after the last front-matter key"),
    )
}

/// Parses file text (already BOM-free, LF line endings).
pub fn parse_text(rel: &str, source: Arc<str>, kind: Kind, opts: &markdown::Options) -> FileResult {
    let (fm, body, diags) = match checked_front_matter(rel, &source, kind) {
        Ok(found) => found,
        Err(diags) => return (None, diags),
    };
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let body_start = body.start;
    let parsed = match fm {
        FrontMatter::Section(fm) => Parsed::Section(doc(rel, fm, body, &source, opts)),
        FrontMatter::Idea(fm) => Parsed::Idea(doc(rel, fm, body, &source, opts)),
        FrontMatter::Page(fm) => Parsed::Page(doc(rel, fm, body, &source, opts)),
    };
    let rendered = match &parsed {
        Parsed::Section(d) => &d.body,
        Parsed::Idea(d) => &d.body,
        Parsed::Page(d) => &d.body,
    };
    let shown = Path::new(crate::site::layout::CONTENT_DIR).join(rel);
    let mut diags = diags;
    diags.extend(removed_warnings(rendered, body_start, &source, &shown));
    (Some(parsed), diags)
}

/// Splits off the front matter, deserializes it as `kind` and checks its values. `Ok` holds
/// the front matter, where the body is, and what the checks found (errors among them
/// make the file unusable); `Err` when there is no front matter to check.
fn checked_front_matter(
    rel: &str,
    source: &Arc<str>,
    kind: Kind,
) -> Result<(FrontMatter, std::ops::Range<usize>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let shown = Path::new(crate::site::layout::CONTENT_DIR).join(rel);
    let parts = split(source, &shown, source).map_err(|d| vec![d])?;
    let yaml_text = &source[parts.yaml.clone()];
    let known = match kind {
        Kind::Section => section_keys(),
        Kind::Idea => idea_keys(),
        Kind::Page => page_keys(),
    };
    let to_diag = |e: &yaml::YamlError| {
        vec![with_kind_hint(
            yaml_diagnostic(e, source, 1, parts.yaml.start, &shown, known),
            kind,
        )]
    };
    let mut diags = Vec::new();
    let fm = match kind {
        Kind::Section => {
            let fm = yaml::from_str::<SectionFm>(yaml_text).map_err(|e| to_diag(&e))?;
            check_section(&fm, source, &shown, &mut diags);
            FrontMatter::Section(fm)
        }
        Kind::Idea => {
            let fm = yaml::from_str::<IdeaFm>(yaml_text).map_err(|e| to_diag(&e))?;
            check_common(&fm.title, fm.slug.as_deref(), source, &shown, &mut diags);
            check_idea(&fm, source, &shown, &mut diags);
            FrontMatter::Idea(fm)
        }
        Kind::Page => {
            let fm = yaml::from_str::<PageFm>(yaml_text).map_err(|e| to_diag(&e))?;
            check_common(&fm.title, fm.slug.as_deref(), source, &shown, &mut diags);
            FrontMatter::Page(fm)
        }
    };
    Ok((fm, parts.body, diags))
}

/// A warning at the line of everything the sanitizer took out of the body: the page
/// builds, but the mentor should know their HTML is not all there.
fn removed_warnings(
    body: &Rendered,
    body_start: usize,
    source: &Arc<str>,
    shown: &Path,
) -> Vec<Diagnostic> {
    body.removed
        .iter()
        .map(|r| {
            let start = (body_start + r.offset).min(source.len());
            let end = start + diag::token_len(source, start).min(source.len() - start);
            Diagnostic::warning(
                "html-removed",
                format!("{} was left out of the page", r.what),
            )
            .in_file(shown)
            .with_source(source.clone())
            .at(diag::location(source, start..end))
            .with_help(
                "write it in Markdown; raw HTML may not run scripts, embed frames or link to javascript: or data: URLs (a site whose every contributor is trusted can set `raw_html: trusted` in ideawiki.yaml)",
            )
        })
        .collect()
}

/// An idea key on a wiki page usually means the file is in the wrong folder: say so.
fn with_kind_hint(mut d: Diagnostic, kind: Kind) -> Diagnostic {
    if d.code == "unknown-key"
        && kind == Kind::Page
        && d.message
            .split('`')
            .nth(1)
            .is_some_and(|k| idea_keys().contains(&k))
    {
        d.help = Some(
            "this file is a wiki page; ideas live in a year folder whose `_index.md` has `year:`"
                .into(),
        );
    }
    d
}

fn doc<F>(
    rel: &str,
    fm: F,
    body: std::ops::Range<usize>,
    source: &Arc<str>,
    opts: &markdown::Options,
) -> Doc<F> {
    Doc {
        rel: rel.to_string(),
        fm: Arc::new(fm),
        body: Arc::new(markdown::render(&source[body.clone()], opts)),
        body_offset: body.start,
        source: source.clone(),
        hash: crate::util::fingerprint::of(&(rel, source.as_ref())),
    }
}

fn check_common(
    title: &str,
    slug: Option<&str>,
    source: &Arc<str>,
    shown: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    if title.trim().is_empty() {
        diags.push(key_diagnostic(
            "empty-title",
            source,
            shown,
            "title",
            "the title is empty".into(),
            "write the title readers will see",
        ));
    }
    if let Some(slug) = slug
        && let Some(why) = slug_problem(slug)
    {
        diags.push(key_diagnostic(
            "bad-slug",
            source,
            shown,
            "slug",
            format!("`slug: {slug}` cannot be used: {why}"),
            "use lowercase letters, digits and `-`, such as `virtio-on-xen`",
        ));
    }
}

fn check_idea(fm: &IdeaFm, source: &Arc<str>, shown: &Path, diags: &mut Vec<Diagnostic>) {
    if fm.status.unwrap_or_default() == IdeaStatus::Open && !fm.students.is_empty() {
        let mut d = key_diagnostic(
            "students-on-open-idea",
            source,
            shown,
            "students",
            "this idea lists students but its status is `open`".into(),
            "set `status: taken` once a student works on it, or remove `students`",
        );
        d.severity = diag::Severity::Warning;
        diags.push(d);
    }
    for (i, m) in fm.mentors.iter().enumerate() {
        if m.name.is_empty() {
            diags.push(key_diagnostic(
                "empty-mentor",
                source,
                shown,
                "mentors",
                format!("mentor {} has an empty name", i + 1),
                "write the mentor's name, or remove the entry",
            ));
        }
        if let Some(email) = &m.email
            && !is_one_address(email.trim())
        {
            diags.push(key_diagnostic(
                "bad-email",
                source,
                shown,
                "mentors",
                format!(
                    "the email of mentor `{}` is not an address: `{email}`",
                    m.name
                ),
                "write the whole address, such as `jane@example.org`, or leave `email` out",
            ));
        }
        // The URL lands in an `href`: only web addresses, never `javascript:`.
        if let Some(url) = &m.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            diags.push(key_diagnostic(
                "bad-url",
                source,
                shown,
                "mentors",
                format!(
                    "the url of mentor `{}` is not a web address: `{url}`",
                    m.name
                ),
                "write a full address starting with `https://`",
            ));
        }
        if m.github.is_some() && m.github_handle().is_none() {
            diags.push(key_diagnostic(
                "bad-github",
                source,
                shown,
                "mentors",
                format!(
                    "the github of mentor `{}` is not a GitHub user name: `{}`",
                    m.name,
                    m.github.as_deref().unwrap_or_default()
                ),
                "write the user name alone, such as `github: jdoe`",
            ));
        }
    }
    for link in &fm.links {
        // The address lands in an `href`: a full address with a scheme browsers treat as
        // a link, never `javascript:`, and never a path into or out of the site.
        if !crate::site::sanitize::is_absolute_safe_url(&link.url) {
            diags.push(key_diagnostic(
                "bad-link",
                source,
                shown,
                "links",
                format!(
                    "the link `{}` is not a full web address: `{}`",
                    link.label(),
                    link.url
                ),
                "write the whole address, starting with `https://`",
            ));
        }
    }
}

/// Whether `s` is one email address and nothing else.
fn is_one_address(s: &str) -> bool {
    crate::site::email::find(s)
        .first()
        .is_some_and(|r| *r == (0..s.len()))
}

fn check_section(fm: &SectionFm, source: &Arc<str>, shown: &Path, diags: &mut Vec<Diagnostic>) {
    check_common(&fm.title, None, source, shown, diags);
    match fm.year {
        Some(y) if !(1900..=2999).contains(&y) => diags.push(key_diagnostic(
            "bad-year",
            source,
            shown,
            "year",
            format!("`year: {y}` is not a plausible year"),
            "write the program's year, such as `2027`",
        )),
        Some(_) => {}
        None => {
            for key in YEAR_ONLY_KEYS {
                if find_key(source, key).is_some() {
                    diags.push(key_diagnostic(
                        "not-a-year",
                        source,
                        shown,
                        key,
                        format!(
                            "`{key}` only applies to a year section, and this one has no `year:`"
                        ),
                        "add `year: 2027` (the program's year) to make this folder a year section",
                    ));
                }
            }
        }
    }
    for entry in &fm.timeline {
        if crate::util::date::Date::parse(&entry.date).is_none() {
            diags.push(key_diagnostic(
                "bad-date",
                source,
                shown,
                "timeline",
                format!("`{}` in `timeline` is not a date", entry.date),
                "write each entry as `{date: 2027-03-18, event: Applications open}`, the date as `YYYY-MM-DD`",
            ));
        }
    }
    if let Some(d) = &fm.deadline
        && crate::util::date::Date::parse(d).is_none()
    {
        diags.push(key_diagnostic(
            "bad-date",
            source,
            shown,
            "deadline",
            format!("`deadline: {d}` is not a date"),
            "write the date as `YYYY-MM-DD`, such as `2027-04-02`",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::config::EmailPolicy;

    fn opts() -> markdown::Options {
        markdown::Options {
            emails: EmailPolicy::Obfuscate,
            root: "/".into(),
            raw_html: Default::default(),
        }
    }

    fn parse(text: &str, kind: Kind) -> FileResult {
        parse_text("gsoc/2011/x.md", text.into(), kind, &opts())
    }

    #[test]
    fn a_trimmed_text_keeps_the_front_matter_and_wiki_linked_bodies() {
        let trimmed = |text: &str| match parse(text, Kind::Page).0 {
            Some(mut doc) => {
                doc.trim_source();
                let Parsed::Page(d) = doc else {
                    panic!("a page")
                };
                d
            }
            None => panic!("{text:?} parses"),
        };
        let plain = "---\ntitle: A\n---\nA long body.\n";
        let d = trimmed(plain);
        assert_eq!(&*d.source, "---\ntitle: A\n---\n");
        assert_eq!(
            d.hash,
            crate::util::fingerprint::of(&("gsoc/2011/x.md", plain))
        );
        let linked = "---\ntitle: A\n---\nSee [[B]].\n";
        assert_eq!(
            &*trimmed(linked).source,
            linked,
            "a missing link is reported at its line later"
        );
    }

    #[test]
    fn idea_parses_with_body() {
        let (doc, diags) = parse("---\ntitle: T\nsize: 175\n---\n## Goals\n", Kind::Idea);
        assert!(diags.is_empty(), "{diags:?}");
        let Some(Parsed::Idea(d)) = doc else {
            panic!("not an idea")
        };
        assert_eq!(d.fm.title, "T");
        assert!(d.body.html.get().contains("id=\"goals\""));
    }

    #[test]
    fn errors_point_at_the_file_line() {
        let (_, diags) = parse("---\ntitle: T\nmentor: [a]\n---\n", Kind::Idea);
        let d = &diags[0];
        assert_eq!(
            d.location.as_ref().map(|l| (l.line, l.column)),
            Some((3, 1))
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `mentors`?"));
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert_eq!(
            parse("---\ntitle: T\n", Kind::Page).1[0].code,
            "unclosed-front-matter"
        );
        assert_eq!(parse("# Hi\n", Kind::Page).1[0].code, "no-front-matter");
        assert_eq!(parse("", Kind::Page).1[0].code, "empty-file");
    }

    #[test]
    fn front_matter_alone_reports_what_a_full_parse_reports() {
        let render = |d: &[Diagnostic]| d.iter().map(|d| d.render(false)).collect::<Vec<_>>();
        for (text, kind) in [
            ("---\ntitle: T\nsize: 175\n---\n## Goals\n", Kind::Idea),
            ("---\ntitle: T\nstudents: [A]\n---\n", Kind::Idea),
            ("---\ntitle: T\nmentor: [a]\n---\n", Kind::Idea),
            ("---\ntitle: T\nmentors: [a]\n---\n", Kind::Page),
            ("---\ntitle: \"\"\nyear: 1200\n---\n", Kind::Section),
            ("---\ntitle: T\n", Kind::Page),
            ("", Kind::Page),
        ] {
            let (doc, full) = parse(text, kind);
            let (fm, alone) = front_matter_text("gsoc/2011/x.md", text.into(), kind);
            assert_eq!(render(&alone), render(&full), "{text}");
            assert_eq!(fm.is_some(), doc.is_some(), "{text}");
        }
    }

    #[test]
    fn year_only_keys_need_a_year() {
        let (_, d) = parse("---\ntitle: T\nstatus: open\n---\n", Kind::Section);
        assert_eq!(d[0].code, "not-a-year");
    }
}
