//! Relative links: every internal link of a page rewritten relative to the page itself,
//! so a year's output opened from a folder or a ZIP (`file://`) or served under any
//! sub-path still works.
//!
//! It runs on the finished HTML, after the templates, so themes need not care: any
//! `href`, `src`, `action` or `data-index` attribute, and a meta refresh's `url=`, that
//! starts with the site root is rewritten. Folder links gain `index.html`, since
//! `file://` does not serve a folder's index.

/// Rewrites root-relative URLs in `html`, the page written at `page_path` (relative to the
/// output folder, e.g. `gsoc/2011/index.html`).
pub fn rewrite(html: &str, page_path: &str, root: &str) -> String {
    let depth = page_path.matches('/').count();
    let up = "../".repeat(depth);
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    loop {
        let next = ["href=\"", "src=\"", "action=\"", "data-index=\"", "url="]
            .iter()
            .filter_map(|attr| rest.find(attr).map(|i| (i, attr.len())))
            .min();
        let Some((i, len)) = next else { break };
        let value_start = i + len;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        if let Some(target) = rest.strip_prefix(root)
            && !rest.starts_with("//")
        {
            let end = target.find(['"', '\'', ' ', '>']).unwrap_or(target.len());
            let (url, after) = target.split_at(end);
            let (path, suffix) = match url.find(['#', '?']) {
                Some(k) => url.split_at(k),
                None => (url, ""),
            };
            out.push_str(&up);
            out.push_str(path);
            if path.is_empty() || path.ends_with('/') {
                out.push_str("index.html");
            }
            out.push_str(suffix);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_relative_to_the_page() {
        let html = r##"<a href="/ideas/">home</a> <a href="/ideas/gsoc/2011/x/#goals">x</a> <link href="/ideas/style.css"> <a href="https://example.org/ideas/">abs</a> <a href="/other/">other site</a> <a href="#top">top</a>"##;
        let out = rewrite(html, "gsoc/2011/index.html", "/ideas/");
        assert_eq!(
            out,
            r##"<a href="../../index.html">home</a> <a href="../../gsoc/2011/x/index.html#goals">x</a> <link href="../../style.css"> <a href="https://example.org/ideas/">abs</a> <a href="/other/">other site</a> <a href="#top">top</a>"##
        );
    }

    #[test]
    fn top_level_pages_and_refresh() {
        let html = r#"<meta http-equiv="refresh" content="0; url=/new/"><script src="/ideawiki.js"></script>"#;
        assert_eq!(
            rewrite(html, "old/index.html", "/"),
            r#"<meta http-equiv="refresh" content="0; url=../new/index.html"><script src="../ideawiki.js"></script>"#
        );
        assert_eq!(
            rewrite(r#"<a href="/">h</a>"#, "404.html", "/"),
            r#"<a href="index.html">h</a>"#
        );
    }
}
