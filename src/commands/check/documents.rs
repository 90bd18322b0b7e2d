//! The site's Markdown documents as the link checks read them: where each one's links are
//! written, and where in its source a link's caret goes.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::site::markdown::LinkRef;
use crate::site::model::Site;

/// A Markdown document of the site, whatever its kind, with what the link lint needs.
pub(super) struct DocRef<'a> {
    /// Path relative to `content/`.
    pub(super) rel: &'a str,
    /// The page's URL path without the site root (`gsoc/2027/virtio/`).
    pub(super) url: &'a str,
    pub(super) links: &'a [LinkRef],
    pub(super) body_offset: usize,
    pub(super) source: &'a Arc<str>,
}

impl DocRef<'_> {
    pub(super) fn shown(&self) -> PathBuf {
        Path::new(crate::site::layout::CONTENT_DIR).join(self.rel)
    }
}

/// Every Markdown document of the site, each with its page's URL path.
pub(super) fn documents(site: &Site) -> Vec<DocRef<'_>> {
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

/// Where to put the caret: under the destination as written, when it can be found on the
/// link's line; otherwise under the start of the link.
pub(super) fn link_span(doc: &DocRef<'_>, link: &LinkRef, written: &str) -> Range<usize> {
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
