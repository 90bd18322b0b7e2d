//! Raw HTML and link targets in Markdown: what may reach a page.
//!
//! Ideas come from strangers' pull requests, and a reviewer cannot be expected to spot a
//! `<script>` or an `onclick=` by eye. So raw HTML goes through an allow-list sanitizer
//! (ammonia) that keeps what mentors really write (`<details>`, `<kbd>`, `<sup>`, `<br>`,
//! tables, images, `id` and `class`) and drops scripts, frames, forms, event handlers and
//! every URL whose scheme is not on [`URL_SCHEMES`]. The lists below are the one
//! declaration of what is allowed: the sanitizer is built from them, and [`removals`]
//! reads them to tell the mentor what was taken out, at the line it was written.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// What happens to raw HTML written in Markdown bodies (the `raw_html` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept where it is on the allow-list below; the rest is removed, and `check` says so.
    #[default]
    Sanitize,
    /// Shown as text, never interpreted.
    Escape,
    /// Passed through as written: only for sites where every contributor is trusted.
    Trusted,
}

/// Elements raw HTML may use.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Attributes every allowed element may have.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes particular elements may have.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    // Task-list checkboxes: always a disabled checkbox, whatever was written.
    ("input", &["type", "checked", "disabled"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("th", &["colspan", "rowspan", "style"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("time", &["datetime"]),
    ("details", &["open"]),
];

/// Attributes that hold a URL, whose scheme must be on [`URL_SCHEMES`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// URL schemes a link or image may use; a URL without a scheme (`/applying/`, `#goals`,
/// `diagram.png`) is always fine. `javascript:`, `vbscript:` and `data:` are not here.
pub const URL_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "ftp", "ftps", "irc", "ircs", "xmpp", "matrix", "tel", "geo", "sip",
    "sms", "ssh", "webcal", "magnet", "news", "nntp",
];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                .collect::<HashMap<_, HashSet<_>>>(),
        )
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        // The pages' own links carry no `rel`; adding one would change every page.
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("td" | "th", "style") => is_alignment(value).then(|| value.into()),
            ("input", "type") => Some("checkbox".into()),
            _ => Some(value.into()),
        })
        .set_tag_attribute_value("input", "disabled", "");
    b
});

/// The only inline style kept: a table cell's alignment, as Markdown tables write it.
fn is_alignment(style: &str) -> bool {
    matches!(
        style.trim().trim_end_matches(';').trim(),
        "text-align: left" | "text-align: center" | "text-align: right"
    )
}

/// The HTML with everything off the allow-list removed.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Whether a link or image target is safe: relative, or with a scheme on the list.
/// Browsers ignore tabs and newlines inside a URL and spaces before it, and schemes are
/// case-insensitive, so `  Java\tScript:` is read as `javascript:` here too.
pub fn url_is_safe(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match scheme(&cleaned) {
        Some(s) => URL_SCHEMES.iter().any(|ok| s.eq_ignore_ascii_case(ok)),
        None => true,
    }
}

/// Whether `url` is a whole address (a scheme on [`URL_SCHEMES`] and something after it),
/// as links written in front matter must be: they have no page to be relative to.
pub fn is_absolute_safe_url(url: &str) -> bool {
    let url = url.trim();
    scheme(url).is_some_and(|s| url.len() > s.len() + 1)
        && url_is_safe(url)
        && !url.contains(char::is_whitespace)
}

/// The scheme of a URL (`https` of `https://…`); `None` for a relative URL.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let s = &url[..end];
    (url[end..].starts_with(':')
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c)))
    .then_some(s)
}

/// What the sanitizer takes out of a fragment of raw HTML, in words for the mentor who
/// wrote it: `<script>`, `the onclick attribute of <img>`, `a javascript: URL`. Reads the
/// same lists the sanitizer is built from; a fragment that only closes tags yields nothing.
pub fn removals(fragment: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = fragment;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag = rest[..name_len].to_ascii_lowercase();
        let end = tag_end(rest);
        let attrs = &rest[name_len..end];
        rest = &rest[end..];
        if !TAGS.contains(&tag.as_str()) {
            let what = if DROPPED_WITH_CONTENT.contains(&tag.as_str()) {
                format!("<{tag}> and what it holds")
            } else {
                format!("the <{tag}> tag")
            };
            if !out.contains(&what) {
                out.push(what);
            }
            continue;
        }
        for (name, value) in attributes(attrs) {
            let allowed = GENERIC_ATTRIBUTES.contains(&name.as_str())
                || TAG_ATTRIBUTES
                    .iter()
                    .any(|(t, a)| *t == tag && a.contains(&name.as_str()));
            let what = if !allowed {
                Some(format!("the {name} attribute of <{tag}>"))
            } else if URL_ATTRIBUTES.contains(&name.as_str()) && !url_is_safe(&value) {
                Some(format!(
                    "the {name} of <{tag}> (a URL of a scheme pages may not use)"
                ))
            } else if name == "style" && !is_alignment(&value) {
                Some(format!("the style attribute of <{tag}>"))
            } else {
                None
            };
            if let Some(what) = what
                && !out.contains(&what)
            {
                out.push(what);
            }
        }
    }
    out
}

/// Where a tag ends (at its `>`, quotes respected): its length when it never does.
pub(crate) fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

/// The attributes of a start tag's text, names lowercased, values unquoted.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/' || c == '>')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], &body[(end + 1).min(body.len())..])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = next;
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if name_end == 0 && !rest.is_empty() {
            // A stray character: skip it rather than loop.
            rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_mentors_write_is_kept() {
        let html = "<details><summary>More</summary><p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, see x<sup>2</sup><br>\
                    <img src=\"diagram.png\" alt=\"A diagram\"></p></details>\
                    <table><tr><td style=\"text-align: center\" class=\"n\" id=\"cell\">1</td></tr></table>";
        let cleaned = clean(html);
        for kept in [
            "<details>",
            "<summary>More</summary>",
            "<kbd>Ctrl</kbd>",
            "<sup>2</sup>",
            "<br>",
            "<img src=\"diagram.png\" alt=\"A diagram\">",
            "style=\"text-align: center\"",
            "class=\"n\"",
            "id=\"cell\"",
        ] {
            assert!(cleaned.contains(kept), "{kept} missing from {cleaned}");
        }
        assert!(removals(html).is_empty(), "{:?}", removals(html));
    }

    #[test]
    fn scripts_frames_handlers_and_bad_schemes_are_removed_and_named() {
        let html = "<script>alert(1)</script><iframe src=\"https://x.org/\"></iframe>\
                    <img src=x onerror=\"alert(1)\"><a href=\"JaVaScRiPt:alert(1)\">a</a>\
                    <a href=\"data:text/html,<b>x</b>\">d</a><td style=\"background:url(x)\">c</td>\
                    <input type=\"text\" name=\"q\">";
        let cleaned = clean(html).to_ascii_lowercase();
        for gone in [
            "script",
            "alert",
            "iframe",
            "onerror",
            "javascript",
            "data:",
            "background",
            "name=",
        ] {
            assert!(!cleaned.contains(gone), "{gone} left in {cleaned}");
        }
        assert!(
            cleaned.contains("<input type=\"checkbox\" disabled=\"\">"),
            "{cleaned}"
        );
        assert_eq!(
            removals(html),
            [
                "<script> and what it holds",
                "the <iframe> tag",
                "the onerror attribute of <img>",
                "the href of <a> (a URL of a scheme pages may not use)",
                "the style attribute of <td>",
                "the name attribute of <input>",
            ]
        );
    }

    #[test]
    fn urls_are_judged_as_browsers_read_them() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "  java\tscript:x",
            "\u{1}javascript:x",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(!url_is_safe(bad), "{bad:?}");
        }
        for good in [
            "https://xenproject.org/",
            "/applying/",
            "#goals",
            "diagram.png",
            "mailto:a@example.org",
            "../x:y",
            "?q=a:b",
        ] {
            assert!(url_is_safe(good), "{good:?}");
        }
    }
}
