//! `check`: everything `build` validates, without writing anything, plus the lints that
//! only matter to the people editing the site.
//!
//! The site is rendered by the same engine as `build` (into a sink that only lists the
//! outputs), so template errors surface too and the set
//! of outputs a link may point at is exactly what the build would write. On top of that:
//! links in Markdown bodies that lead nowhere, linked images and files that are missing,
//! ideas that share a title within a year, ideas that name no mentor or no skills (Google's
//! guide for GSoC ideas pages asks for both), and open years whose deadline has passed.
//! With `--external`, also `http(s)` links and mentors' URLs that no longer answer.

pub mod external;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{self, Diagnostic, Severity};
use crate::engine::{Engine, ListingSink};
use crate::options::BuildOptions;
use crate::site::frontmatter::YearStatus;
use crate::site::markdown::LinkRef;
use crate::site::model::Site;
use crate::util::date::Date;

/// What `check` found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered; 0 when the site could not be loaded at all.
    pub pages: usize,
    /// No `ideawiki.yaml` was found; the defaults were used.
    pub used_default_config: bool,
    /// Distinct external URLs asked about; `None` when they were not checked.
    pub external_urls: Option<usize>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the site. `today` decides whether a deadline has passed; it is a parameter so
/// the answer does not depend on when a test runs.
pub fn check(opts: &BuildOptions, today: Date) -> CheckReport {
    check_with(opts, today, None)
}

/// [`check`], and with `external` set, also asks the servers behind external links.
/// Without it, nothing touches the network.
pub fn check_with(
    opts: &BuildOptions,
    today: Date,
    external: Option<&external::Settings>,
) -> CheckReport {
    let mut diags = Vec::new();
    if let Err(d) = crate::output::check_output(&opts.root, &opts.output_dir()) {
        diags.push(d);
    }
    let mut engine = Engine::once(opts.clone());
    let mut loaded = match engine.load() {
        Ok(l) => l,
        Err(failure) => {
            diags.extend(failure.diagnostics);
            diag::sort(&mut diags);
            return CheckReport {
                diagnostics: diags,
                pages: 0,
                used_default_config: false,
                external_urls: None,
            };
        }
    };
    let sink = ListingSink::default();
    match engine.render(&mut loaded, &sink, true) {
        Ok(stats) => diags.extend(stats.warnings),
        // Render errors and the load warnings, together.
        Err(failure) => diags.extend(failure.diagnostics),
    }
    let site = &loaded.site;
    // A page whose template failed is missing from the sink, but links to it are fine:
    // its template is what needs fixing.
    let mut outputs: BTreeSet<String> = sink.into_paths();
    outputs.extend(site.page_refs().into_iter().map(|p| site.output_path(p)));
    outputs.extend(loaded.theme.statics.keys().cloned());
    outputs.extend(site.assets.iter().map(|a| a.rel.clone()));

    let docs = documents(site);
    let links = Links::new(site, &docs, &outputs);
    for doc in &docs {
        for link in doc.links {
            if let Some(d) = links.check(doc, link) {
                diags.push(d);
            }
        }
    }
    lint_ideas(site, &mut diags);
    lint_deadlines(site, today, &mut diags);
    let external_urls = external.map(|settings| {
        let uses = external_uses(site, &docs);
        let urls: BTreeSet<&str> = uses.iter().map(ExternalUse::request_url).collect();
        let (count, broken) = (urls.len(), external::probe_all(urls, settings));
        diags.extend(uses.into_iter().filter_map(|u| u.diagnostic(&broken)));
        count
    });
    diag::sort(&mut diags);
    CheckReport {
        diagnostics: diags,
        pages: site.page_refs().len(),
        used_default_config: loaded.used_default_config,
        external_urls,
    }
}

/// One place an external URL is written: a Markdown link, or a mentor's `url`.
struct ExternalUse {
    url: String,
    what: &'static str,
    file: PathBuf,
    location: diag::Location,
    source: Arc<str>,
}

impl ExternalUse {
    fn request_url(&self) -> &str {
        external::request_url(&self.url)
    }

    fn diagnostic(self, broken: &BTreeMap<String, external::Broken>) -> Option<Diagnostic> {
        let why = broken.get(self.request_url())?;
        let (what, url) = (self.what, &self.url);
        let message = match why {
            external::Broken::Status(_) => {
                format!("the {what} `{url}` is broken: {}", why.reason())
            }
            _ => format!("the {what} `{url}` could not be reached: {}", why.reason()),
        };
        Some(
            Diagnostic::warning("external-link", message)
                .in_file(self.file)
                .at(self.location)
                .with_help(why.help())
                .with_source(self.source),
        )
    }
}

/// Every `http(s)` URL of the site with where it is written: links in bodies, and mentors'
/// `url`s (the idea table and page link to them).
fn external_uses(site: &Site, docs: &[DocRef<'_>]) -> Vec<ExternalUse> {
    let mut uses = Vec::new();
    for doc in docs {
        for link in doc.links.iter().filter(|l| external::is_checked(&l.dest)) {
            uses.push(ExternalUse {
                url: link.dest.trim().to_string(),
                what: if link.is_image {
                    "image"
                } else {
                    "external link"
                },
                file: doc.shown(),
                location: diag::location(doc.source, link_span(doc, link, link.dest.trim())),
                source: doc.source.clone(),
            });
        }
    }
    for idea in &site.ideas {
        let doc = &idea.doc;
        let front = &doc.source[..doc.body_offset.min(doc.source.len())];
        // Two mentors may share a URL: each search starts after the previous find.
        let mut from = 0;
        for url in doc.fm.mentors.iter().filter_map(|m| m.url.as_deref()) {
            if !external::is_checked(url) {
                continue;
            }
            let url = url.trim();
            let span = match front[from..].find(url) {
                Some(i) => {
                    from += i + url.len();
                    from - url.len()..from
                }
                None => match front.find("mentors:") {
                    Some(i) => i..i + "mentors".len(),
                    None => 0..3.min(front.len()),
                },
            };
            uses.push(ExternalUse {
                url: url.to_string(),
                what: "mentor URL",
                file: doc.shown(),
                location: diag::location(&doc.source, span),
                source: doc.source.clone(),
            });
        }
    }
    uses
}

/// A Markdown document of the site, whatever its kind, with what the link lint needs.
struct DocRef<'a> {
    /// Path relative to `content/`.
    rel: &'a str,
    /// The page's URL path without the site root (`gsoc/2027/virtio/`).
    url: &'a str,
    links: &'a [LinkRef],
    body_offset: usize,
    source: &'a Arc<str>,
}

impl DocRef<'_> {
    fn shown(&self) -> PathBuf {
        Path::new(crate::site::layout::CONTENT_DIR).join(self.rel)
    }
}

fn documents(site: &Site) -> Vec<DocRef<'_>> {
    fn doc<'a, F>(d: &'a crate::site::parse::Doc<F>, url: &'a str) -> DocRef<'a> {
        DocRef {
            rel: &d.rel,
            url,
            links: &d.body.links,
            body_offset: d.body_offset,
            source: &d.source,
        }
    }
    let mut out = Vec::new();
    if let Some(h) = &site.home {
        out.push(doc(h, ""));
    }
    for p in &site.programs {
        if let Some(d) = &p.doc {
            out.push(doc(d, &p.path));
        }
    }
    out.extend(site.years.iter().map(|y| doc(&y.doc, &y.path)));
    out.extend(site.ideas.iter().map(|i| doc(&i.doc, &i.path)));
    out.extend(site.pages.iter().map(|p| doc(&p.doc, &p.path)));
    out
}

/// Resolves links the way a browser would and looks the target up among the outputs.
struct Links<'a> {
    root: &'a str,
    outputs: &'a BTreeSet<String>,
    /// Source file (relative to `content/`) → its page's URL path, to suggest the page when
    /// someone links to the `.md` file.
    pages_by_source: BTreeMap<&'a str, &'a str>,
}

/// Where a link leads, relative to the site root.
enum Target {
    /// Not ours to check: another site, `mailto:`, a fragment on this page.
    External,
    /// A path inside the site, decoded, without query or fragment.
    Inside(String),
    /// `..` climbed above the site root.
    Outside,
}

impl<'a> Links<'a> {
    fn new(site: &'a Site, docs: &[DocRef<'a>], outputs: &'a BTreeSet<String>) -> Links<'a> {
        Links {
            root: &site.config.root,
            outputs,
            pages_by_source: docs.iter().map(|d| (d.rel, d.url)).collect(),
        }
    }

    fn resolve(&self, dest: &str, base: &str) -> Target {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return Target::External;
        }
        let path = dest.split(['#', '?']).next().unwrap_or("");
        if path.is_empty() {
            // Only a query: the page itself.
            return Target::External;
        }
        let path = percent_decode(path);
        let joined = if let Some(abs) = path.strip_prefix('/') {
            // Root-relative links already carry the site's root (see `markdown::Options`).
            match format!("/{abs}").strip_prefix(self.root) {
                Some(inside) => inside.to_string(),
                None if format!("/{abs}/") == self.root => String::new(),
                None => return Target::Outside,
            }
        } else {
            let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{path}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in joined.split('/') {
            match seg {
                "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Target::Outside;
                    }
                }
                s => parts.push(s),
            }
        }
        // A trailing `.` or `..` names a folder: keep the slash.
        let folder = joined.ends_with('/') || joined.ends_with("/.") || joined.ends_with("/..");
        let mut out = parts
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        if folder && !out.is_empty() {
            out.push('/');
        }
        Target::Inside(out)
    }

    fn exists(&self, path: &str) -> bool {
        let dir = if path.is_empty() || path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        self.outputs.contains(path) || self.outputs.contains(&format!("{dir}index.html"))
    }

    fn check(&self, doc: &DocRef<'_>, link: &LinkRef) -> Option<Diagnostic> {
        let target = self.resolve(&link.dest, doc.url);
        let path = match &target {
            Target::External => return None,
            Target::Inside(p) if self.exists(p) => return None,
            Target::Inside(p) => Some(p.as_str()),
            Target::Outside => None,
        };
        let written = self.as_written(&link.dest);
        let is_file = link.is_image
            || path.is_some_and(|p| {
                let last = p.rsplit('/').next().unwrap_or(p);
                last.contains('.') && !last.ends_with(".html") && !last.ends_with(".md")
            });
        let (code, message) = match (&target, link.is_image, is_file) {
            (Target::Outside, _, _) => (
                "broken-link",
                format!("the link `{written}` leads outside the site"),
            ),
            (_, true, _) => (
                "missing-file",
                format!("the image `{written}` does not exist"),
            ),
            (_, false, true) => (
                "missing-file",
                format!("the file `{written}` linked here does not exist"),
            ),
            _ => (
                "broken-link",
                format!("the link `{written}` leads to no page of this site"),
            ),
        };
        let help = self.help(doc, &written, path, is_file);
        let span = link_span(doc, link, &written);
        Some(
            Diagnostic::error(code, message)
                .in_file(doc.shown())
                .at(diag::location(doc.source, span))
                .with_help(help)
                .with_source(doc.source.clone()),
        )
    }

    /// The link as the author wrote it: root-relative links lose the root the renderer
    /// added, so the message quotes the source.
    fn as_written(&self, dest: &str) -> String {
        match dest.strip_prefix(self.root) {
            Some(rest) if self.root != "/" => format!("/{rest}"),
            _ => dest.to_string(),
        }
    }

    /// The most useful fix: the page for a linked `.md` file, the right path for a file
    /// next to the source, a close spelling, or where files go.
    fn help(&self, doc: &DocRef<'_>, written: &str, path: Option<&str>, is_file: bool) -> String {
        let root = self.root;
        let source_dir = crate::site::parse::parent_dir(doc.rel);
        let beside = |p: &str| {
            if source_dir.is_empty() {
                p.to_string()
            } else {
                format!("{source_dir}/{p}")
            }
        };
        let plain = written.split(['#', '?']).next().unwrap_or(written);
        if !plain.starts_with('/') {
            let candidate = match self.resolve(plain, &format!("{source_dir}/")) {
                Target::Inside(p) => p,
                _ => beside(plain),
            };
            if let Some(url) = self.pages_by_source.get(candidate.as_str()) {
                return format!("link to the page, not to its source file: `{root}{url}`");
            }
            if self.exists(&candidate) {
                return format!(
                    "each page is published as a folder, so relative links start one level deeper than the file: write `{root}{candidate}`"
                );
            }
        }
        if let Some(p) = path {
            if let Some(url) = self.pages_by_source.get(p) {
                return format!("link to the page, not to its source file: `{root}{url}`");
            }
            if let Some(near) = self.nearest(p) {
                return format!("did you mean `{root}{near}`?");
            }
        }
        if is_file {
            "put the file in `content/` (next to the page) or in `static/`, or fix the path".into()
        } else {
            format!(
                "fix the address; links from the site root look like `{root}gsoc/2027/` and work under any sub-path"
            )
        }
    }

    /// The output URL closest in spelling to `path`, if close enough to be a typo.
    fn nearest(&self, path: &str) -> Option<String> {
        let want = path.trim_end_matches('/');
        self.outputs
            .iter()
            .map(|o| {
                o.strip_suffix("index.html")
                    .map_or_else(|| o.clone(), str::to_string)
            })
            .filter(|u| !u.is_empty())
            .map(|u| (strsim::levenshtein(want, u.trim_end_matches('/')), u))
            .filter(|(d, _)| *d <= 2.max(want.len() / 5))
            .min()
            .map(|(_, u)| u)
    }
}

/// `mailto:`, `https:`, `tel:`…: a URL scheme, which makes the link someone else's.
fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) if i > 0 => {
            let scheme = &dest[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        _ => false,
    }
}

/// `%20` → space, so `my%20file.png` finds `my file.png`. Invalid escapes stay as they are.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Where to put the caret: under the destination as written, when it can be found on the
/// link's line; otherwise under the start of the link.
fn link_span(doc: &DocRef<'_>, link: &LinkRef, written: &str) -> Range<usize> {
    let src: &str = doc.source;
    let start = (doc.body_offset + link.offset).min(src.len());
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    match src[start..line_end].find(written) {
        Some(i) if !written.is_empty() => start + i..start + i + written.len(),
        _ => {
            let end = src[start..line_end]
                .find(']')
                .map_or(line_end, |i| start + i + 1);
            start..end.max(start + 1).min(src.len().max(start))
        }
    }
}

/// Duplicate titles in a year; missing mentors and skills on ideas of years still being
/// filled in (draft or open). Closed and archived years are history: nobody will fix them,
/// so warnings about them would only drown the ones that matter.
fn lint_ideas(site: &Site, diags: &mut Vec<Diagnostic>) {
    for year in &site.years {
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for &i in &year.ideas {
            let doc = &site.ideas[i].doc;
            let key = doc.fm.title.trim().to_lowercase();
            match seen.get(&key) {
                Some(first) => diags.push(warning_at(
                    doc,
                    "duplicate-title",
                    "title",
                    format!(
                        "another idea of {} has the same title: {}",
                        year.year,
                        first.display()
                    ),
                    "give each idea its own title, so students can tell them apart in the table",
                )),
                None => {
                    seen.insert(key, doc.shown());
                }
            }
        }
        if !matches!(year.status, YearStatus::Open | YearStatus::Draft) {
            continue;
        }
        for &i in &year.ideas {
            let doc = &site.ideas[i].doc;
            if doc.fm.mentors.is_empty() {
                diags.push(warning_at(
                    doc,
                    "no-mentor",
                    "mentors",
                    "this idea names no mentor".into(),
                    "add `mentors:` with at least one name: students need someone to contact",
                ));
            }
            if doc.fm.skills.is_empty() {
                diags.push(warning_at(
                    doc,
                    "no-skills",
                    "skills",
                    "this idea lists no skills".into(),
                    "add `skills:`, such as `[C, Git]`, so students can tell whether it fits them",
                ));
            }
        }
    }
}

/// An open year whose deadline has passed is almost always a year someone forgot to close.
fn lint_deadlines(site: &Site, today: Date, diags: &mut Vec<Diagnostic>) {
    for year in &site.years {
        let Some(deadline) = year.doc.fm.deadline.as_deref().and_then(Date::parse) else {
            continue;
        };
        if year.status == YearStatus::Open && deadline < today {
            diags.push(warning_at(
                &year.doc,
                "deadline-passed",
                "deadline",
                format!("the deadline {deadline} has passed, but {} is still open", year.year),
                &format!(
                    "set `status: closed` once applications are over (or run `ideawiki archive {}` when the year is done), or correct the deadline",
                    year.year
                ),
            ));
        }
    }
}

/// A warning pointing at a top-level key of `doc`, or at the opening `---` when the key is
/// missing (that is where it would be added).
fn warning_at<F>(
    doc: &crate::site::parse::Doc<F>,
    code: &'static str,
    key: &str,
    message: String,
    help: &str,
) -> Diagnostic {
    let mut d = doc.key_error(code, key, message, help);
    d.severity = Severity::Warning;
    if d.location.is_none() {
        d = d.at(diag::location(&doc.source, 0..3.min(doc.source.len())));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|s| (*s).to_string()).collect()
    }

    fn resolve(root: &str, dest: &str, base: &str) -> Option<String> {
        let out = BTreeSet::new();
        let links = Links {
            root,
            outputs: &out,
            pages_by_source: BTreeMap::new(),
        };
        match links.resolve(dest, base) {
            Target::Inside(p) => Some(p),
            Target::External => None,
            Target::Outside => Some("<outside>".into()),
        }
    }

    #[test]
    fn links_resolve_like_a_browser() {
        // From the idea page /gsoc/2027/virtio/:
        let base = "gsoc/2027/virtio/";
        assert_eq!(
            resolve("/", "diagram.png", base).as_deref(),
            Some("gsoc/2027/virtio/diagram.png")
        );
        assert_eq!(
            resolve("/", "../diagram.png", base).as_deref(),
            Some("gsoc/2027/diagram.png")
        );
        assert_eq!(resolve("/", "../", base).as_deref(), Some("gsoc/2027/"));
        assert_eq!(resolve("/", "..", base).as_deref(), Some("gsoc/2027/"));
        assert_eq!(
            resolve("/", "/applying/#how", base).as_deref(),
            Some("applying/")
        );
        assert_eq!(
            resolve("/ideas/", "/ideas/applying/", base).as_deref(),
            Some("applying/")
        );
        assert_eq!(resolve("/ideas/", "/ideas", base).as_deref(), Some(""));
        assert_eq!(
            resolve("/", "../../../../x/", base).as_deref(),
            Some("<outside>")
        );
        assert_eq!(
            resolve("/", "my%20file.pdf", "").as_deref(),
            Some("my file.pdf")
        );
        for external in [
            "https://xen.org/",
            "mailto:a@b.org",
            "#goals",
            "//cdn.org/x.js",
            "?q=1",
        ] {
            assert_eq!(resolve("/", external, base), None, "{external}");
        }
    }

    #[test]
    fn a_page_exists_with_or_without_its_slash() {
        let out = outputs(&["index.html", "applying/index.html", "style.css"]);
        let links = Links {
            root: "/",
            outputs: &out,
            pages_by_source: BTreeMap::new(),
        };
        for p in [
            "",
            "applying/",
            "applying",
            "applying/index.html",
            "style.css",
        ] {
            assert!(links.exists(p), "{p}");
        }
        assert!(!links.exists("apply/"));
        assert_eq!(links.nearest("aplying/").as_deref(), Some("applying/"));
    }
}
