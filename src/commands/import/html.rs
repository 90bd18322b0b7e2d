//! A saved HTML page (a rendered wiki page, a Confluence export): ideas from its tables
//! whose first row names the columns, or, when it has none, from its heading-delimited
//! sections, read as the Markdown document they convert to. Cell and section text is
//! converted to Markdown: paragraphs, headings, emphasis, links, lists, code, nested tables.
//!
//! Parsed with `scraper` (html5ever, the browsers' parsing algorithm, which ideawiki
//! already builds for its sanitizer), so a page parses as a browser would show it, however
//! broken its markup.

use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use super::markdown;
use super::raw::{RawYear, ReadContext, one_line, plain, push_block};
use super::table::{self, Table};
use super::wikitext::{code_span, fence};
use crate::diag::Diagnostic;

/// How deeply elements may nest before the rest is kept as plain text.
const MAX_DEPTH: usize = 60;

/// Where a page's own content is, before falling back to `<body>`: MediaWiki's content
/// area, then the elements pages use for their main text.
const CONTENT: &[&str] = &[
    "#mw-content-text",
    "main",
    "article",
    "#content",
    "#main-content",
    "body",
];

/// How deeply a page may nest elements. Real pages nest a few dozen levels; the HTML
/// parsing algorithm looks through every open element for some tags, so a page nested
/// tens of thousands of levels deep would take minutes.
const MAX_NESTING: usize = 1_000;

pub(crate) fn read(source: &Path, text: &str, ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    if let Some(at) = too_deep(text) {
        let (line, col) = crate::diag::line_col(text, at);
        return Err(Diagnostic::error(
            "parse",
            format!("the page nests elements more than {MAX_NESTING} levels deep (line {line}, column {col})"),
        )
        .in_file(source)
        .with_help("save the page again from a browser (\"Save page as\", HTML only), or cut the part that holds the ideas into a file of its own"));
    }
    Ok(read_page(source, text, ctx))
}

/// The byte offset where elements first nest deeper than [`MAX_NESTING`]: a count of
/// start and end tags, leaving out void elements, comments and the tags whose end HTML
/// lets a page omit (`<li>`, `<p>`, `<td>`…), so a page that omits them is not refused.
fn too_deep(text: &str) -> Option<usize> {
    const UNCOUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "li", "p", "td", "th", "tr", "dt", "dd", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "!doctype",
    ];
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(n) = text[i..].find('<') {
        let at = i + n;
        let rest = &text[at + 1..];
        if rest.starts_with("!--") {
            i = rest.find("-->").map_or(text.len(), |e| at + 1 + e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        let end = rest.find('>').map_or(text.len(), |e| at + 1 + e);
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        if !name.is_empty() && !UNCOUNTED.contains(&name.as_str()) && !self_closing {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(at);
                }
            }
        }
        i = (at + 1).min(text.len());
    }
    None
}

fn read_page(source: &Path, text: &str, ctx: &ReadContext) -> RawYear {
    let doc = Html::parse_document(text);
    let root = CONTENT
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|sel| doc.select(&sel).next())
        .unwrap_or_else(|| doc.root_element());
    let mut year = RawYear {
        title: Selector::parse("title")
            .ok()
            .and_then(|sel| doc.select(&sel).next())
            .map(|t| one_line(&t.text().collect::<String>())),
        ..RawYear::default()
    };
    let mut idea_tables = Vec::new();
    let tables = Selector::parse("table").ok();
    for (n, t) in tables.iter().flat_map(|sel| root.select(sel)).enumerate() {
        if let Some(found) = ideas_table(t, n + 1, source, ctx) {
            year.ideas.extend(table::ideas(&found, ctx.labels, None));
            idea_tables.push(t);
        }
    }
    let conv = Convert { skip: &idea_tables };
    let page = conv.block(root, 0);
    if year.ideas.is_empty() {
        // No ideas table: the page's sections, as a Markdown document.
        let mut from_sections = markdown::read(source, &page, ctx);
        for idea in &mut from_sections.ideas {
            idea.origin = format!("{} (section “{}”)", source.display(), idea.title);
        }
        from_sections.title = year.title;
        return from_sections;
    }
    push_block(&mut year.intro, &page);
    year
}

/// A table whose header row names idea columns.
fn ideas_table(t: ElementRef, n: usize, source: &Path, ctx: &ReadContext) -> Option<Table> {
    let rows = rows_of(t);
    let header_at = rows.iter().position(|r| {
        let cells = cells_of(*r);
        !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th")
    });
    // No row of `th`: the first row names the columns, if its labels mean fields.
    let header_at = header_at.unwrap_or(0);
    let header_row = rows.get(header_at)?;
    let header: Vec<String> = cells_of(*header_row)
        .iter()
        .map(|c| plain(&one_line(&c.text().collect::<String>())))
        .collect();
    if !table::is_ideas_table(&header, ctx.labels) {
        return None;
    }
    let conv = Convert { skip: &[] };
    let rows = rows[header_at + 1..]
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cells = cells_of(*r).iter().map(|c| conv.block(*c, 0)).collect();
            (
                cells,
                format!("{} (table {n}, row {})", source.display(), i + 1),
            )
        })
        .collect();
    Some(Table { header, rows })
}

/// A table's own rows, not those of tables nested in its cells.
fn rows_of(t: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for child in t.child_elements() {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => {
                rows.extend(child.child_elements().filter(|r| r.value().name() == "tr"))
            }
            _ => {}
        }
    }
    rows
}

fn cells_of(row: ElementRef) -> Vec<ElementRef> {
    row.child_elements()
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect()
}

/// HTML to Markdown.
struct Convert<'a> {
    /// Elements left out (the ideas tables, when converting the rest of the page).
    skip: &'a [ElementRef<'a>],
}

impl Convert<'_> {
    /// An element's content as Markdown blocks.
    fn block(&self, el: ElementRef, depth: usize) -> String {
        let mut out = String::new();
        self.children(el, depth, &mut out);
        tidy(&out)
    }

    fn inline(&self, el: ElementRef, depth: usize) -> String {
        one_line(&self.block(el, depth))
    }

    fn children(&self, el: ElementRef, depth: usize, out: &mut String) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    let text: &str = t;
                    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if text.starts_with(char::is_whitespace)
                        && !out.ends_with([' ', '\n'])
                        && !out.is_empty()
                    {
                        out.push(' ');
                    }
                    out.push_str(&collapsed);
                    if text.ends_with(char::is_whitespace) && !collapsed.is_empty() {
                        out.push(' ');
                    }
                }
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e, depth + 1, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&self, e: ElementRef, depth: usize, out: &mut String) {
        if self.skip.contains(&e) {
            return;
        }
        if depth > MAX_DEPTH {
            out.push_str(&one_line(&e.text().collect::<String>()));
            return;
        }
        let name = e.value().name();
        match name {
            "script" | "style" | "template" | "noscript" | "head" | "nav" | "button" | "form" => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level: usize = name[1..].parse().unwrap_or(2);
                let text = self.inline(e, depth);
                out.push_str(&format!("\n\n{} {text}\n\n", "#".repeat(level)));
            }
            "br" => out.push_str("  \n"),
            "hr" => out.push_str("\n\n---\n\n"),
            "strong" | "b" => wrap(out, "**", &self.inline(e, depth)),
            "em" | "i" => wrap(out, "*", &self.inline(e, depth)),
            "code" | "tt" | "kbd" => out.push_str(&code_span(&e.text().collect::<String>())),
            "pre" => out.push_str(&fence(&e.text().collect::<String>())),
            "a" => {
                let text = self.inline(e, depth);
                match e.attr("href").map(str::trim) {
                    Some(h)
                        if h.starts_with("http://")
                            || h.starts_with("https://")
                            || h.starts_with("mailto:") =>
                    {
                        let label = if text.is_empty() { h.to_string() } else { text };
                        out.push_str(&format!(
                            "[{label}]({})",
                            h.replace(' ', "%20").replace(')', "%29")
                        ));
                    }
                    _ => out.push_str(&text),
                }
            }
            "img" => {
                if let Some(alt) = e.attr("alt").filter(|a| !a.trim().is_empty()) {
                    out.push_str(&format!("(image: {})", one_line(alt)));
                }
            }
            "ul" | "ol" => {
                out.push_str("\n\n");
                for (i, li) in e
                    .child_elements()
                    .filter(|c| c.value().name() == "li")
                    .enumerate()
                {
                    let marker = if name == "ol" {
                        format!("{}.", i + 1)
                    } else {
                        "-".to_string()
                    };
                    let text = self.block(li, depth);
                    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
                    out.push_str(&format!("{marker} {}\n", lines.next().unwrap_or("")));
                    for l in lines {
                        out.push_str(&format!("{}{l}\n", " ".repeat(marker.len() + 1)));
                    }
                }
                out.push('\n');
            }
            "dt" => out.push_str(&format!("\n\n**{}**\n", self.inline(e, depth))),
            "dd" => out.push_str(&format!(": {}\n", self.inline(e, depth))),
            "table" => {
                out.push_str("\n\n");
                out.push_str(&self.markdown_table(e, depth));
                out.push_str("\n\n");
            }
            "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "aside"
            | "blockquote" | "figure" | "dl" | "li" | "td" | "th" | "tr" | "tbody" | "thead"
            | "body" | "html" => {
                out.push_str("\n\n");
                self.children(e, depth, out);
                out.push_str("\n\n");
            }
            _ => self.children(e, depth, out),
        }
    }

    fn markdown_table(&self, t: ElementRef, depth: usize) -> String {
        let rows = rows_of(t)
            .into_iter()
            .map(|r| {
                cells_of(r)
                    .into_iter()
                    .map(|c| self.block(c, depth))
                    .collect()
            })
            .collect();
        table::markdown_table(rows)
    }
}

fn wrap(out: &mut String, mark: &str, text: &str) {
    if !text.is_empty() {
        out.push_str(&format!("{mark}{text}{mark}"));
    }
}

/// One blank line between blocks, no spaces at the ends of lines but a hard break.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines() {
        let hard = line.ends_with("  ") && !line.trim().is_empty();
        let line = line.trim_end();
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.is_empty() {
            if !blank && !out.is_empty() {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(line);
        if hard {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}
