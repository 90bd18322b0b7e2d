//! Links in Markdown bodies that lead to no page or file of the site, with the most
//! likely fix.

use std::collections::{BTreeMap, BTreeSet};

use super::documents::{DocRef, link_span};
use crate::diag::{self, Diagnostic};
use crate::site::markdown::LinkRef;
use crate::site::model::Site;

/// Adds an error for each link of `docs` that leads to none of `outputs` (every path the
/// build writes). `draft_years` are the folders of the year sections left out as drafts
/// (relative to `content/`, such as `gsoc/2028`): a link into one says so.
pub(super) fn check_all(
    site: &Site,
    docs: &[DocRef<'_>],
    outputs: &BTreeSet<String>,
    draft_years: &[String],
    diags: &mut Vec<Diagnostic>,
) {
    let mut links = LinkTargets::new(site, docs, outputs);
    links.draft_years = draft_years;
    links.programs = site.programs.iter().map(|p| p.path.as_str()).collect();
    for doc in docs {
        for link in doc.links {
            if let Some(d) = links.check(doc, link) {
                diags.push(d);
            }
        }
    }
}

/// Resolves links the way a browser would and looks the target up among the outputs.
struct LinkTargets<'a> {
    root: &'a str,
    outputs: &'a BTreeSet<String>,
    /// Source file (relative to `content/`) → its page's URL path, to suggest the page when
    /// someone links to the `.md` file.
    pages_by_source: BTreeMap<&'a str, &'a str>,
    draft_years: &'a [String],
    /// The programs' URL paths, such as `gsoc/`.
    programs: Vec<&'a str>,
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

impl<'a> LinkTargets<'a> {
    fn new(site: &'a Site, docs: &[DocRef<'a>], outputs: &'a BTreeSet<String>) -> LinkTargets<'a> {
        LinkTargets {
            root: &site.config.root,
            outputs,
            pages_by_source: docs.iter().map(|d| (d.rel, d.url)).collect(),
            draft_years: &[],
            programs: Vec::new(),
        }
    }

    /// Where `dest`, written on the page at URL path `base`, leads.
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
        match self.join(&path, base) {
            Some(joined) => remove_dot_segments(&joined),
            None => Target::Outside,
        }
    }

    /// A root-relative `path` without the site's root, or a relative one after the folder
    /// of `base`; `None` when a root-relative path lies outside the root.
    fn join(&self, path: &str, base: &str) -> Option<String> {
        if let Some(abs) = path.strip_prefix('/') {
            // Root-relative links already carry the site's root (see `markdown::Options`).
            match format!("/{abs}").strip_prefix(self.root) {
                Some(inside) => Some(inside.to_string()),
                None if format!("/{abs}/") == self.root => Some(String::new()),
                None => None,
            }
        } else {
            let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            Some(format!("{dir}{path}"))
        }
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
        let mut help = self.help(doc, &written, path, is_file);
        let mut message = message;
        if let Some((m, h)) = path.and_then(|p| self.year_problem(p, &written)) {
            (message, help) = (m, h);
        }
        let span = link_span(doc, link, &written);
        Some(
            Diagnostic::error(code, message)
                .in_file(doc.shown())
                .at(diag::location(doc.source, span))
                .with_help(help)
                .with_source(doc.source.clone()),
        )
    }

    /// For a link into a year that is a draft, or that its program does not have, the
    /// message and help that say so.
    fn year_problem(&self, path: &str, written: &str) -> Option<(String, String)> {
        let mut parts = path.split('/');
        let (program, year) = (parts.next()?, parts.next()?);
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let root = self.root;
        let dir = format!("{program}/{year}");
        if self.exists(&format!("{dir}/")) {
            return None;
        }
        if self.draft_years.contains(&dir) {
            return Some((
                format!(
                    "the link `{written}` leads into {year}, a draft year, which is not published"
                ),
                format!(
                    "link to the program's page `{root}{program}/`, which lists the published years, or publish {year} with `status: open`"
                ),
            ));
        }
        self.programs.contains(&format!("{program}/").as_str()).then(|| {
            (
                format!("the link `{written}` leads to {year}, a year `{program}` does not have"),
                format!("link to the program's page `{root}{program}/`, which lists its years, or create {year} with `ideawiki new year {year} --program {program}`"),
            )
        })
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

/// `joined` with its `.` and `..` segments applied, as a browser does.
fn remove_dot_segments(joined: &str) -> Target {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|s| (*s).to_string()).collect()
    }

    fn resolve(root: &str, dest: &str, base: &str) -> Option<String> {
        let out = BTreeSet::new();
        let links = LinkTargets {
            root,
            outputs: &out,
            pages_by_source: BTreeMap::new(),
            draft_years: &[],
            programs: Vec::new(),
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
        let links = LinkTargets {
            root: "/",
            outputs: &out,
            pages_by_source: BTreeMap::new(),
            draft_years: &[],
            programs: Vec::new(),
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
