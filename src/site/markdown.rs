//! Markdown → HTML: the one place that owns pulldown-cmark's options, so bodies, summaries
//! and notices render alike.
//!
//! Rendering happens per file and depends only on the file's text and [`Options`], so its
//! result can be cached by content (the serve loop re-renders only edited files).

use crate::site::slug::slugify;
use std::collections::HashMap;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::sanitize::{self, RawHtml};

/// What rendering depends on besides the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Options {
    pub emails: EmailPolicy,
    /// The site's path prefix; links written as `/applying/` become `/ideas/applying/`, so
    /// content keeps working when the site moves under a sub-path.
    pub root: String,
    /// What raw HTML in the text may do.
    pub raw_html: RawHtml,
}

impl Options {
    /// The options a site's configuration implies.
    pub fn for_config(config: &crate::site::config::Config) -> Options {
        Options {
            emails: config.emails,
            root: config.root.clone(),
            raw_html: config.raw_html,
        }
    }
}

/// A heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image target written in the body, for `check` to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The target as written in the output (root-relative links already carry the root).
    pub dest: String,
    /// Byte offset of the link in the Markdown text, to report its line.
    pub offset: usize,
    pub is_image: bool,
}

/// A `[[wiki link]]`: its target is resolved against the whole site after rendering, so
/// the HTML carries a placeholder (`ideawiki-wikilink:N`) that [`resolve_wikilinks`] fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiRef {
    /// The target as written: a title or a path.
    pub target: String,
    /// Byte offset in the Markdown text, to report its line.
    pub offset: usize,
}

/// Something the sanitizer took out of the text, for a warning at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Byte offset in the Markdown text.
    pub offset: usize,
    /// What was taken out, in words: `<script> and what it holds`.
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub html: BodyHtml,
    pub toc: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub wikilinks: Vec<WikiRef>,
    /// What raw HTML and link targets lost to the sanitizer.
    pub removed: Vec<Removed>,
}

/// A fragment URL, so the sanitizer keeps it as it keeps any `#anchor`.
const WIKILINK_PREFIX: &str = "#ideawiki-wikilink:";

/// A body's HTML, which a one-shot build lets go of once everything made from it is made
/// (see `Pass::forget_idea` in the engine): at 100,000 ideas the bodies are 300 MB that the rest
/// of the build would hold without reading.
#[derive(Default)]
pub struct BodyHtml(std::sync::Mutex<Option<Arc<str>>>);

impl BodyHtml {
    pub fn new(html: String) -> BodyHtml {
        BodyHtml(std::sync::Mutex::new(Some(Arc::from(html))))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<str>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The HTML. Empty once let go: nothing reads it then (debug builds check).
    pub fn get(&self) -> Arc<str> {
        let html = self.lock().clone();
        debug_assert!(html.is_some(), "a body's HTML read after it was let go");
        html.unwrap_or_else(|| Arc::from(""))
    }

    /// Lets go of the HTML, for a build that will not read it again.
    pub fn release(&self) {
        self.lock().take();
    }
}

impl Clone for BodyHtml {
    fn clone(&self) -> BodyHtml {
        BodyHtml(std::sync::Mutex::new(self.lock().clone()))
    }
}

impl PartialEq for BodyHtml {
    fn eq(&self, other: &BodyHtml) -> bool {
        *self.lock() == *other.lock()
    }
}

impl Eq for BodyHtml {}

impl std::fmt::Debug for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.lock().fmt(f)
    }
}

/// Fills the wiki-link placeholders of `html`: `Some(url)` becomes a link, `None` a visibly
/// missing link (an `<a>` without `href`, as MediaWiki shows a red link).
pub fn resolve_wikilinks<'a>(
    html: &'a str,
    targets: &[Option<String>],
) -> std::borrow::Cow<'a, str> {
    if targets.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let needle = format!("<a href=\"{WIKILINK_PREFIX}");
    let mut out = String::with_capacity(html.len() + targets.len() * 32);
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        out.push_str(&rest[..i]);
        let after = &rest[i + needle.len()..];
        let Some(end) = after.find("\">") else {
            break;
        };
        let index: Option<usize> = after[..end].parse().ok();
        match index.and_then(|n| targets.get(n)) {
            Some(Some(url)) => {
                out.push_str("<a class=\"wikilink\" href=\"");
                out.push_str(&html_escape_attr(url));
                out.push_str("\">");
            }
            _ => out
                .push_str("<a class=\"wikilink-missing\" title=\"This page does not exist yet\">"),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn html_escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_WIKILINKS
}

/// Renders a Markdown body: heading ids (stable, unique), TOC, email scrubbing, root-relative
/// links under the site's sub-path.
pub fn render(text: &str, opts: &Options) -> Rendered {
    let (mut events, offsets): (Vec<Event>, Vec<usize>) = Parser::new_ext(text, parser_options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start))
        .unzip();
    let toc = assign_heading_ids(&mut events, opts.emails);
    let mut wikilinks = Vec::new();
    let mut removed = Vec::new();
    let events = rewrite(
        events.into_iter().zip(offsets).collect(),
        opts,
        &mut wikilinks,
        &mut removed,
    );
    let has_raw_html = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let links = events
        .iter()
        .filter_map(|(e, offset)| match e {
            Event::Start(Tag::Link { dest_url, .. }) if !dest_url.starts_with(WIKILINK_PREFIX) => {
                Some(LinkRef {
                    dest: dest_url.to_string(),
                    offset: *offset,
                    is_image: false,
                })
            }
            Event::Start(Tag::Image { dest_url, .. }) => Some(LinkRef {
                dest: dest_url.to_string(),
                offset: *offset,
                is_image: true,
            }),
            _ => None,
        })
        .collect();
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
    // What pulldown-cmark writes itself is escaped and its URLs were checked above; only
    // raw HTML needs the sanitizer, which then sees the whole page (a `<details>` may open
    // in one block and close in another).
    if has_raw_html && opts.raw_html == RawHtml::Sanitize {
        out = sanitize::clean(&out);
    }
    // Addresses hidden from the event-by-event scrubbing above: split by emphasis or
    // escapes, written with entities, or in attributes.
    if let std::borrow::Cow::Owned(scrubbed) = email::scrub_html(&out, opts.emails) {
        out = scrubbed;
    }
    Rendered {
        // Kept for the whole build, 10,000 of them on a large site: copied without the room
        // reserved for growth.
        html: BodyHtml::new(out),
        toc,
        links,
        wikilinks,
        removed,
    }
}

/// Renders a one-line text (summary, notice) without the surrounding `<p>`. Front-matter
/// text is text: raw HTML in it is shown as written, whatever the site allows in bodies.
pub fn render_inline(text: &str, opts: &Options) -> String {
    let opts = Options {
        raw_html: RawHtml::Escape,
        ..opts.clone()
    };
    let html = render(text, &opts).html.get();
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Gives every heading an id (explicit `{#id}` wins), unique within the page, and collects
/// h2–h4 for the table of contents.
fn assign_heading_ids(events: &mut [Event], emails: EmailPolicy) -> Vec<Heading> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| slugify(&title));
            let base = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let n = used.entry(base.clone()).or_insert(0);
            let unique = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            used.entry(unique.clone()).or_insert(1);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            let level_num = heading_num(level);
            if (2..=4).contains(&level_num) {
                toc.push(Heading {
                    level: level_num,
                    id: unique,
                    title: email::scrub(title.trim(), emails).into_owned(),
                });
            }
            i = j;
        }
        i += 1;
    }
    toc
}

fn heading_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Rewrites events (keeping each one's source offset): wiki links become placeholders,
/// addresses are scrubbed, links and images to URLs pages may not use are dropped (their
/// text stays), root-relative links follow the sub-path, raw HTML is escaped or noted.
fn rewrite<'a>(
    events: Vec<(Event<'a>, usize)>,
    opts: &Options,
    wikilinks: &mut Vec<WikiRef>,
    removed: &mut Vec<Removed>,
) -> Vec<(Event<'a>, usize)> {
    let mut r = Rewriter {
        opts,
        wikilinks,
        removed,
        dropped_links: Vec::new(),
        dropped_images: Vec::new(),
    };
    let policy = opts.emails;
    let mut out = Vec::with_capacity(events.len());
    for (ev, offset) in events {
        let ev = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => r.link(link_type, dest_url, title, id, offset),
            Event::End(TagEnd::Link) => r.end(TagEnd::Link),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => r.image(link_type, dest_url, title, id, offset),
            Event::End(TagEnd::Image) => r.end(TagEnd::Image),
            Event::Text(t) => Some(Event::Text(scrub(t, policy))),
            Event::Code(t) => Some(Event::Code(scrub(t, policy))),
            Event::Html(t) => Some(r.raw_html(t, offset, Event::Html)),
            Event::InlineHtml(t) => Some(r.raw_html(t, offset, Event::InlineHtml)),
            other => Some(other),
        };
        out.extend(ev.map(|ev| (ev, offset)));
    }
    out
}

/// The state [`rewrite`] carries from a link's or image's start to its end.
struct Rewriter<'o> {
    opts: &'o Options,
    wikilinks: &'o mut Vec<WikiRef>,
    removed: &'o mut Vec<Removed>,
    /// For each open link, whether its start was dropped (so its end is too).
    dropped_links: Vec<bool>,
    dropped_images: Vec<bool>,
}

impl Rewriter<'_> {
    fn link<'a>(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) -> Option<Event<'a>> {
        let policy = self.opts.emails;
        let dest_url = if matches!(link_type, LinkType::WikiLink { .. }) {
            let n = self.wikilinks.len();
            self.wikilinks.push(WikiRef {
                target: dest_url.to_string(),
                offset,
            });
            CowStr::from(format!("{WIKILINK_PREFIX}{n}"))
        } else {
            let is_mail = link_type == LinkType::Email
                || dest_url.to_ascii_lowercase().starts_with("mailto:");
            // A link to an address is dropped unless addresses may be shown; its text
            // stays, scrubbed.
            let unsafe_url = self.refused(&dest_url, offset, "the link to");
            let drop = (is_mail && policy != EmailPolicy::Plain) || unsafe_url;
            self.dropped_links.push(drop);
            if drop {
                return None;
            }
            if is_mail && !dest_url.starts_with("mailto:") {
                CowStr::from(format!("mailto:{dest_url}"))
            } else {
                // An address inside a URL (`…/u/jane@example.org`) is still an address.
                scrub(root_link(dest_url, &self.opts.root), policy)
            }
        };
        if matches!(link_type, LinkType::WikiLink { .. }) {
            self.dropped_links.push(false);
        }
        Some(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }))
    }

    fn image<'a>(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) -> Option<Event<'a>> {
        // A dropped image's alt text stays, as text.
        let drop = self.refused(&dest_url, offset, "the image from");
        self.dropped_images.push(drop);
        (!drop).then(|| {
            Event::Start(Tag::Image {
                link_type,
                dest_url: root_link(dest_url, &self.opts.root),
                title,
                id,
            })
        })
    }

    /// The end of a link or image, unless its start was dropped.
    fn end<'a>(&mut self, end: TagEnd) -> Option<Event<'a>> {
        let stack = match end {
            TagEnd::Image => &mut self.dropped_images,
            _ => &mut self.dropped_links,
        };
        (!stack.pop().unwrap_or(false)).then_some(Event::End(end))
    }

    /// Whether `url` may not be used (unless raw HTML is trusted); notes it if so.
    fn refused(&mut self, url: &str, offset: usize, what: &str) -> bool {
        let refused = self.opts.raw_html != RawHtml::Trusted && !sanitize::url_is_safe(url);
        if refused {
            self.removed.push(Removed {
                offset,
                what: format!("{what} `{}`", scheme_of(url)),
            });
        }
        refused
    }

    /// Raw HTML: text when the site escapes it; else kept (`as_event`), with what the
    /// sanitizer will take out of it noted.
    fn raw_html<'a>(
        &mut self,
        html: CowStr<'a>,
        offset: usize,
        as_event: fn(CowStr<'a>) -> Event<'a>,
    ) -> Event<'a> {
        let html = scrub(html, self.opts.emails);
        match self.opts.raw_html {
            RawHtml::Escape => Event::Text(html),
            RawHtml::Sanitize => {
                self.removed.extend(
                    sanitize::removals(&html)
                        .into_iter()
                        .map(|what| Removed { offset, what }),
                );
                as_event(html)
            }
            RawHtml::Trusted => as_event(html),
        }
    }
}

/// `javascript:…` for a URL, to name it without repeating all of it.
fn scheme_of(url: &str) -> String {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take_while(|&c| c != ':')
        .collect();
    format!("{}:…", cleaned.to_ascii_lowercase())
}

fn scrub(t: CowStr<'_>, policy: EmailPolicy) -> CowStr<'_> {
    match email::scrub(&t, policy) {
        std::borrow::Cow::Borrowed(_) => t,
        std::borrow::Cow::Owned(s) => CowStr::from(s),
    }
}

/// `/x/` → `{root}x/` for root-relative links; everything else unchanged.
fn root_link<'a>(dest: CowStr<'a>, root: &str) -> CowStr<'a> {
    if root != "/" && dest.starts_with('/') && !dest.starts_with("//") {
        CowStr::from(format!("{root}{}", &dest[1..]))
    } else {
        dest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options {
            emails: EmailPolicy::Obfuscate,
            root: "/ideas/".into(),
            raw_html: RawHtml::Sanitize,
        }
    }

    #[test]
    fn headings_get_unique_stable_ids_and_toc() {
        let r = render(
            "# Top\n## Goals\n## Goals\n### Café `x`\n## Custom {#mine}\n",
            &opts(),
        );
        let html = r.html.get();
        for h in [
            "h2 id=\"goals\"",
            "h2 id=\"goals-1\"",
            "h3 id=\"café-x\"",
            "h2 id=\"mine\"",
        ] {
            assert!(html.contains(&format!("<{h}>")), "{h}: {html}");
        }
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["goals", "goals-1", "café-x", "mine"]);
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ [^1]\n\n- [x] done\n\n[^1]: note\n",
            &opts(),
        );
        let html = r.html.get();
        for needle in ["<table>", "<del>old</del>", "type=\"checkbox\"", "footnote"] {
            assert!(html.contains(needle), "{needle} missing in {}", html);
        }
    }

    #[test]
    fn emails_never_appear_plain() {
        let r = render(
            "## Ask frank@example.org\n\nMail <jane@example.org>, [me](mailto:bob@example.org) or carl@example.org.\n\n<a href=\"mailto:dan@example.org\">x</a>\n\n`eve@example.org` [list](https://l.example.org/u/gil@example.org)\n",
            &opts(),
        );
        let html = r.html.get();
        assert!(r.toc.iter().all(|h| !h.title.contains('@')), "{:?}", r.toc);
        assert!(!html.contains('@'), "{}", html);
        assert!(html.contains("jane AT example DOT org"), "{}", html);
    }

    #[test]
    fn root_relative_links_follow_the_sub_path() {
        let r = render(
            "[a](/applying/) [b](https://x.org/) [c](other/) ![i](/img.png)",
            &opts(),
        );
        let html = r.html.get();
        assert!(html.contains("href=\"/ideas/applying/\""), "{}", html);
        assert!(html.contains("href=\"https://x.org/\""), "{}", html);
        assert!(html.contains("href=\"other/\""), "{}", html);
        assert!(html.contains("src=\"/ideas/img.png\""), "{}", html);
    }

    #[test]
    fn wiki_links_become_placeholders_then_links() {
        let r = render(
            "See [[Applying for a project]] and [[gsoc/2011/x|the X idea]] and [[Nope]].",
            &opts(),
        );
        let html = r.html.get();
        let targets: Vec<&str> = r.wikilinks.iter().map(|w| w.target.as_str()).collect();
        assert_eq!(targets, ["Applying for a project", "gsoc/2011/x", "Nope"]);
        assert!(r.links.is_empty(), "{:?}", r.links);
        let html = resolve_wikilinks(
            &html,
            &[
                Some("/ideas/applying/".into()),
                Some("/ideas/gsoc/2011/x/".into()),
                None,
            ],
        );
        assert!(
            html.contains(
                "<a class=\"wikilink\" href=\"/ideas/applying/\">Applying for a project</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("href=\"/ideas/gsoc/2011/x/\">the X idea</a>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<a class=\"wikilink-missing\" title=\"This page does not exist yet\">Nope</a>"
            ),
            "{html}"
        );
        assert!(!html.contains(WIKILINK_PREFIX));
    }

    fn with(raw_html: RawHtml) -> Options {
        Options { raw_html, ..opts() }
    }

    const HOSTILE: &str = "Hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n\
        [a](javascript:alert(3)) [b](JavaScript:x) [c](vbscript:x) [d](data:text/html,x) ![e](javascript:y)\n\n\
        <details><summary>More</summary>\n\nText <kbd>Ctrl</kbd>\n\n</details>\n";

    #[test]
    fn sanitized_bodies_keep_what_mentors_write_and_nothing_executable() {
        let r = render(HOSTILE, &opts());
        let html = r.html.get();
        let lower = html.to_ascii_lowercase();
        for gone in [
            "<script",
            "alert",
            "onerror",
            "javascript",
            "vbscript",
            "data:",
        ] {
            assert!(!lower.contains(gone), "{gone} in {}", html);
        }
        for kept in [
            "<details>",
            "<summary>More</summary>",
            "<kbd>Ctrl</kbd>",
            "<p>a b c d e</p>",
        ] {
            assert!(html.contains(kept), "{kept} not in {}", html);
        }
        let what: Vec<&str> = r.removed.iter().map(|x| x.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "<script> and what it holds",
                "the onerror attribute of <img>",
                "the link to `javascript:…`",
                "the link to `javascript:…`",
                "the link to `vbscript:…`",
                "the link to `data:…`",
                "the image from `javascript:…`",
            ]
        );
        assert!(HOSTILE[r.removed[2].offset..].starts_with("[a]"));
    }

    #[test]
    fn escaped_and_trusted_raw_html() {
        let escaped = render(HOSTILE, &with(RawHtml::Escape)).html.get();
        assert!(escaped.contains("&lt;script&gt;"), "{escaped}");
        assert!(!escaped.contains("<details>"), "{escaped}");
        let trusted = render(HOSTILE, &with(RawHtml::Trusted));
        assert!(trusted.html.get().contains("<script>alert(1)</script>"));
        assert!(trusted.html.get().contains("href=\"javascript:alert(3)\""));
        assert!(trusted.removed.is_empty());
    }

    #[test]
    fn front_matter_text_never_becomes_html() {
        for policy in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Trusted] {
            let s = render_inline(
                "Read *b* <script>x()</script> <!-- [j](javascript:x)",
                &with(policy),
            );
            assert_eq!(
                s, "Read <em>b</em> &lt;script&gt;x()&lt;/script&gt; &lt;!-- j",
                "{policy:?}"
            );
        }
    }

    #[test]
    fn inline_strips_paragraph() {
        assert_eq!(render_inline("Hello *you*", &opts()), "Hello <em>you</em>");
    }
}
