//! Every path the build writes, and who writes it. Two outputs on one path would make one
//! of them win by chance, a page over a generated file would fail with a bare I/O error,
//! and paths that differ only in case are one file on macOS and Windows checkouts and
//! hosts. So each output claims its path (compared ignoring case) before anything is
//! rendered, and every clash is an error naming both sources.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::site::layout::{CONTENT_DIR, ROOT_FILES, STATIC_DIR};
use crate::site::model::pages::{PageRef, Pages};

/// Who writes an output path. Described in words only for a clash: describing every page
/// of a large site would cost more than the whole check.
pub(crate) enum Claim {
    Page(PageRef),
    RootFile(&'static str),
    /// A year's feed, by year index.
    Feed(usize),
    /// An asset under `content/`, by index.
    Asset(usize),
    /// A static file of the site or its theme, by output path.
    Static(String),
    /// An alias, at `content/x.md:3`.
    Alias(String),
}

impl Claim {
    pub(crate) fn describe(&self, site: Pages<'_>) -> String {
        match self {
            Claim::Page(page) => match site.source_of(*page) {
                Some(s) => format!(
                    "the page of {}",
                    PathBuf::from(CONTENT_DIR).join(s.rel).display()
                ),
                None => format!(
                    "the generated page `{}{}`",
                    site.config.root,
                    site.path_of(*page)
                ),
            },
            Claim::RootFile(f) => format!("the generated file `{f}`"),
            Claim::Feed(y) => format!("the feed `{}atom.xml`", site.years[*y].path),
            Claim::Asset(a) => format!("the file {}", site.assets[*a].shown().display()),
            Claim::Static(f) => {
                format!("the static file `{f}` (from `{STATIC_DIR}/` or the theme)")
            }
            Claim::Alias(here) => here.clone(),
        }
    }

    /// The file to point at when this claim is the one that clashes.
    fn file(&self, site: Pages<'_>) -> Option<PathBuf> {
        match self {
            Claim::Page(page) => site
                .source_of(*page)
                .map(|s| PathBuf::from(CONTENT_DIR).join(s.rel)),
            Claim::Asset(a) => Some(site.assets[*a].shown()),
            _ => None,
        }
    }
}

/// Output paths, lowercased, to their claims.
pub(crate) type Claims = FxHashMap<String, Claim>;

/// The claims of everything the build writes besides aliases, and an error for each path
/// claimed twice (ignoring case) or needed both as a file and as a folder. Pages whose
/// URLs are the same are left to [`Pages::check_paths`], which names their files already.
pub(crate) fn claim_outputs(site: Pages<'_>, statics: &[String]) -> (Claims, Vec<Diagnostic>) {
    let pages = site.page_refs();
    let mut claims = Claims::with_capacity_and_hasher(pages.len() + 64, Default::default());
    let mut diags = Vec::new();
    let mut claim = |path: String, by: Claim, claims: &mut Claims| {
        let key = path.to_lowercase();
        match claims.get(&key) {
            None => {
                claims.insert(key, by);
            }
            Some(Claim::Page(a)) if matches!(by, Claim::Page(b) if site.path_of(*a) == site.path_of(b)) =>
                {}
            Some(first) => diags.push(clash(site, &path, first, &by)),
        }
    };
    for page in pages {
        claim(site.output_path(page), Claim::Page(page), &mut claims);
    }
    for f in ROOT_FILES {
        claim(f.to_string(), Claim::RootFile(f), &mut claims);
    }
    for (y, year) in site.years.iter().enumerate() {
        claim(
            format!("{}atom.xml", year.path),
            Claim::Feed(y),
            &mut claims,
        );
    }
    for (a, asset) in site.assets.iter().enumerate() {
        claim(asset.rel.clone(), Claim::Asset(a), &mut claims);
    }
    for f in statics {
        claim(f.clone(), Claim::Static(f.clone()), &mut claims);
    }
    diags.extend(files_over_folders(site, &claims));
    (claims, diags)
}

/// An error for a path claimed by `first` and then by `second`.
fn clash(site: Pages<'_>, path: &str, first: &Claim, second: &Claim) -> Diagnostic {
    let (a, b) = (first.describe(site), second.describe(site));
    let d = Diagnostic::error(
        "output-clash",
        format!("{a} and {b} are both written to `{}{path}`", site.config.root),
    )
    .with_help(
        "rename one of them; names that differ only in upper and lower case are one file on macOS and Windows",
    );
    match second.file(site).or_else(|| first.file(site)) {
        Some(file) => d.in_file(file),
        None => d,
    }
}

/// Errors for outputs written where another output needs a folder of that name
/// (`atom.xml` the file, and a page at `atom.xml/`).
fn files_over_folders(site: Pages<'_>, claims: &Claims) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (path, by) in claims {
        for (i, _) in path.match_indices('/') {
            if let Some(file) = claims.get(&path[..i]) {
                diags.push(clash_folder(site, &path[..i], file, by));
            }
        }
    }
    // The map's order is not the file order: sort for a stable report.
    diags.sort_by(|a, b| a.message.cmp(&b.message));
    diags.dedup_by(|a, b| a.message == b.message);
    diags
}

fn clash_folder(site: Pages<'_>, folder: &str, file: &Claim, inside: &Claim) -> Diagnostic {
    let d = Diagnostic::error(
        "output-clash",
        format!(
            "{} needs a folder `{}{folder}/`, but {} is a file of that name",
            inside.describe(site),
            site.config.root,
            file.describe(site)
        ),
    )
    .with_help("rename one of them, or give the page another `slug:`");
    match inside.file(site).or_else(|| file.file(site)) {
        Some(f) => d.in_file(f),
        None => d,
    }
}
