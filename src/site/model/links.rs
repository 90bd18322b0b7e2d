//! Links between pages: `[[wiki links]]` resolved like MediaWiki's, and "What links here".
//!
//! Resolution needs the whole site (titles and paths), so it happens here, after the
//! model is built; Markdown rendering stays per file and cacheable.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::diag::{self, Diagnostic};
use crate::site::model::pages::{PageRef, Pages, Source};

#[derive(Debug, Clone, Default)]
pub struct Links {
    /// For each page with wiki links: the page each one resolves to, in order.
    pub wikilinks: HashMap<PageRef, Vec<Option<PageRef>>>,
    /// For each page: the pages that link to it (wiki links and ordinary internal links),
    /// in page order, without duplicates.
    pub backlinks: HashMap<PageRef, Vec<PageRef>>,
    /// Whether any page has a link to resolve: a wiki link, or one from the site's root.
    pub(crate) any: bool,
}

/// MediaWiki-style: case-insensitive, spaces and underscores alike, surrounding slashes
/// and a `.md` suffix ignored.
pub fn normalize(target: &str) -> String {
    let t = target.trim().trim_matches('/');
    let t = t.strip_suffix(".md").unwrap_or(t);
    let t = t.strip_suffix("/_index").unwrap_or(t);
    // Paths and file names usually are normal already.
    if !t.starts_with(' ')
        && !t.ends_with(' ')
        && !t.contains("  ")
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-/. ".contains(&b))
    {
        return t.to_string();
    }
    if !t.is_ascii() {
        // Unicode lowercasing depends on context (a final sigma): leave it to `str`.
        return t
            .replace('_', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    // One pass, one allocation: this runs three times for every page of the site.
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.bytes() {
        if c == b'_' || c.is_ascii_whitespace() || c == 0x0b {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(char::from(c.to_ascii_lowercase()));
        }
    }
    out
}

impl Links {
    /// Resolves every page's links. Returns warnings for wiki links to nothing.
    pub fn build(site: Pages<'_>) -> (Links, Vec<Diagnostic>) {
        let pages = site.page_refs();
        // Most ideas link to nothing on the site: naming every page (most of the cost,
        // and on every save that renames or adds an idea in `serve`) is for those that do.
        let root = site.config.root.as_str();
        let linking = pages.iter().any(|&p| {
            site.source_of(p)
                .is_some_and(|src| links_within(src.body, root))
        });
        if !linking {
            return (Links::default(), Vec::new());
        }
        let names = Names::new(site, &pages);
        let mut links = Links {
            any: true,
            ..Links::default()
        };
        let mut warnings = Vec::new();
        let mut back: BTreeMap<PageRef, Vec<PageRef>> = BTreeMap::new();
        let titles = std::cell::OnceCell::new();
        for &p in &pages {
            let Some(src) = site.source_of(p) else {
                continue;
            };
            if !src.body.wikilinks.is_empty() {
                let resolved = names.wikilinks(&src);
                for target in resolved.iter().flatten() {
                    back.entry(*target).or_default().push(p);
                }
                warnings.extend(missing(site, &titles, &src, &resolved));
                links.wikilinks.insert(p, resolved);
            }
            for target in names.linked_pages(&src) {
                back.entry(target).or_default().push(p);
            }
        }
        links.backlinks = backlinks(back);
        (links, warnings)
    }
}

/// Whether a body has a link to resolve: a wiki link, or one from the site's `root`.
pub(crate) fn links_within(body: &crate::site::markdown::Rendered, root: &str) -> bool {
    !body.wikilinks.is_empty() || body.links.iter().any(|l| l.dest.starts_with(root))
}

/// Every page by the names a link may give it.
struct Names<'a> {
    /// For wiki links: each page's path, source file and title, normalised.
    by_name: HashMap<String, PageRef>,
    /// For ordinary links: each page's URL path without the site root.
    by_path: HashMap<&'a str, PageRef>,
    root: &'a str,
}

impl<'a> Names<'a> {
    fn new(site: Pages<'a>, pages: &[PageRef]) -> Names<'a> {
        let names = normalized_names(site, pages);
        let mut by_name: HashMap<String, PageRef> =
            HashMap::with_capacity_and_hasher(pages.len() * 2, Default::default());
        let mut by_path: HashMap<&str, PageRef> =
            HashMap::with_capacity_and_hasher(pages.len(), Default::default());
        // Paths first, then titles, each first-come: a path is never shadowed by a title.
        let mut titles = Vec::with_capacity(pages.len());
        for (&p, names) in pages.iter().zip(names) {
            by_path.insert(site.path_of(p), p);
            if let Some([path, rel, title]) = names {
                by_name.entry(path).or_insert(p);
                by_name.entry(rel).or_insert(p);
                titles.push((title, p));
            }
        }
        for (title, p) in titles {
            by_name.entry(title).or_insert(p);
        }
        Names {
            by_name,
            by_path,
            root: site.config.root.as_str(),
        }
    }

    /// The page each wiki link of `src` leads to, in order.
    fn wikilinks(&self, src: &Source<'_>) -> Vec<Option<PageRef>> {
        src.body
            .wikilinks
            .iter()
            .map(|w| self.by_name.get(&normalize(&w.target)).copied())
            .collect()
    }

    /// The pages the ordinary links of `src` lead to, for "What links here": the links that
    /// start with the site's root (root-relative ones carry it once rendered); relative
    /// links are not followed.
    fn linked_pages<'s>(&'s self, src: &'s Source<'_>) -> impl Iterator<Item = PageRef> + 's {
        src.body.links.iter().filter_map(|l| {
            let rest = l.dest.strip_prefix(self.root)?;
            let rest = rest.split(['#', '?']).next().unwrap_or("");
            self.by_path
                .get(rest)
                .or_else(|| self.by_path.get(format!("{rest}/").as_str()))
                .copied()
        })
    }
}

/// Each page's path, source file and title, normalised; `None` for a page without a
/// source. Normalising is most of the work of [`Links::build`]: both cores do it.
fn normalized_names(site: Pages<'_>, pages: &[PageRef]) -> Vec<Option<[String; 3]>> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .map(|&p| {
            site.source_of(p).map(|src| {
                [
                    normalize(site.path_of(p)),
                    normalize(src.rel),
                    normalize(src.title),
                ]
            })
        })
        .collect()
}

/// "What links here" from the pages linking to each page (`back`): each linking page
/// once, in page order, and never the page itself.
fn backlinks(back: BTreeMap<PageRef, Vec<PageRef>>) -> HashMap<PageRef, Vec<PageRef>> {
    back.into_iter()
        .filter_map(|(target, mut from)| {
            from.sort();
            from.dedup();
            from.retain(|&f| f != target);
            (!from.is_empty()).then_some((target, from))
        })
        .collect()
}

/// Warnings for the wiki links of `src` that `resolved` (one entry per link) found no
/// page for, each suggesting the nearest title there is. Apart from [`Links::build`]
/// because `serve` redoes them for one edited page: they point at lines, which move when
/// the text does.
pub fn missing<'a>(
    site: Pages<'a>,
    titles: &std::cell::OnceCell<Titles<'a>>,
    src: &Source<'_>,
    resolved: &[Option<PageRef>],
) -> Vec<Diagnostic> {
    src.body
        .wikilinks
        .iter()
        .zip(resolved)
        .filter(|(_, r)| r.is_none())
        .map(|(w, _)| {
            let start = src.body_offset + w.offset;
            let end = src.text[start..]
                .find("]]")
                .map_or(start + 2, |i| start + i + 2);
            // Titles are listed once per run, and only when a link is missing.
            let titles = titles.get_or_init(|| {
                site.page_refs()
                    .into_iter()
                    .filter_map(|p| site.source_of(p))
                    .map(|s| (normalize(s.title), s.title))
                    .collect()
            });
            let help = match nearest_title(&normalize(&w.target), titles) {
                Some(title) => {
                    format!("did you mean [[{title}]]? Else check the path, or write the page")
                }
                None => "check the page's title or path, or write the page".to_string(),
            };
            Diagnostic::warning(
                "missing-wikilink",
                format!("the wiki link [[{}]] leads to no page", w.target),
            )
            .in_file(std::path::Path::new(crate::site::layout::CONTENT_DIR).join(src.rel))
            .with_source(src.text.clone())
            .with_help(help)
            .at(diag::location(src.text, start..end))
        })
        .collect()
}

/// Every page's title, normalised, beside it as written: what a missing wiki link's
/// suggestion is chosen from.
pub type Titles<'a> = Vec<(String, &'a str)>;

/// The title closest to `target` (both normalised), if it is close enough to be what was
/// meant, as the "did you mean" of front-matter keys judges it.
fn nearest_title<'a>(target: &str, titles: &[(String, &'a str)]) -> Option<&'a str> {
    let norm = crate::site::yaml::nearest(target, titles.iter().map(|(n, _)| n.as_str()))?;
    titles.iter().find(|(n, _)| n == norm).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_title_is_suggested_when_close() {
        let titles = [
            (normalize("How to apply"), "How to apply"),
            (normalize("Virtio on Xen"), "Virtio on Xen"),
        ];
        assert_eq!(
            nearest_title(&normalize("How to aply"), &titles),
            Some("How to apply")
        );
        assert_eq!(
            nearest_title(&normalize("virtio"), &titles),
            Some("Virtio on Xen")
        );
        assert_eq!(nearest_title(&normalize("Mentoring FAQ"), &titles), None);
    }

    #[test]
    fn normalizes_like_mediawiki() {
        assert_eq!(
            normalize("Applying_for a  Project"),
            "applying for a project"
        );
        assert_eq!(
            normalize("/gsoc/2011/virtio-on-xen/"),
            "gsoc/2011/virtio-on-xen"
        );
        assert_eq!(normalize("gsoc/2011/_index.md"), "gsoc/2011");
        assert_eq!(normalize(" _Tabs\tand\u{b}  Spaces_ "), "tabs and spaces");
        assert_eq!(normalize("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");
    }
}
