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
        use rayon::prelude::*;
        let pages = site.page_refs();
        // Normalising every page's names is most of the work: both cores do it.
        let names: Vec<Option<[String; 3]>> = pages
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
            .collect();
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
        let root = site.config.root.as_str();
        let mut links = Links::default();
        let mut warnings = Vec::new();
        let mut back: BTreeMap<PageRef, Vec<PageRef>> = BTreeMap::new();
        for &p in &pages {
            let Some(src) = site.source_of(p) else {
                continue;
            };
            if !src.body.wikilinks.is_empty() {
                let resolved: Vec<Option<PageRef>> = src
                    .body
                    .wikilinks
                    .iter()
                    .map(|w| by_name.get(&normalize(&w.target)).copied())
                    .collect();
                for target in resolved.iter().flatten() {
                    back.entry(*target).or_default().push(p);
                }
                warnings.extend(missing(&src, &resolved));
                links.wikilinks.insert(p, resolved);
            }
            for l in &src.body.links {
                let Some(rest) = l.dest.strip_prefix(root) else {
                    continue;
                };
                let rest = rest.split(['#', '?']).next().unwrap_or("");
                let target = by_path
                    .get(rest)
                    .or_else(|| by_path.get(format!("{rest}/").as_str()))
                    .copied();
                if let Some(t) = target {
                    back.entry(t).or_default().push(p);
                }
            }
        }
        for (target, mut from) in back {
            from.sort();
            from.dedup();
            from.retain(|&f| f != target);
            if !from.is_empty() {
                links.backlinks.insert(target, from);
            }
        }
        (links, warnings)
    }
}

/// Warnings for the wiki links of `src` that `resolved` (one entry per link) found no
/// page for. Apart from [`Links::build`] because `serve` redoes them for one edited page:
/// they point at lines, which move when the text does.
pub fn missing(src: &Source<'_>, resolved: &[Option<PageRef>]) -> Vec<Diagnostic> {
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
            Diagnostic::warning(
                "missing-wikilink",
                format!("the wiki link [[{}]] leads to no page", w.target),
            )
            .in_file(std::path::Path::new(crate::site::layout::CONTENT_DIR).join(src.rel))
            .with_source(src.text.clone())
            .with_help("check the page's title or path, or write the page")
            .at(diag::location(src.text, start..end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
