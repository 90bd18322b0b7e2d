//! MediaWiki source: ideas from tables (one row per idea, the header row naming the
//! columns) and from template calls (`{{project |Project=… |Contact=… |Desc=…}}`, one call
//! per idea); everything else becomes the year's introduction. Bodies are converted to
//! Markdown: headings, bold and italic, lists, internal and external links, `<code>` and
//! `<pre>`, nested tables as Markdown tables.
//!
//! Parsing is done by `parse-wiki-text-2`: a pure-Rust MediaWiki parser that gives every
//! node its byte position (so errors and ideas point at a line), has no dependencies, and
//! stops after a time limit instead of running for ever on pathological text.

use std::path::Path;
use std::time::Duration;

use parse_wiki_text_2::{
    Configuration, DefinitionListItemType, ListItem, Node, Parameter, Positioned, TableCellType,
    TableRow,
};

use super::labels::Field;
use super::markdown;
use super::raw::{RawIdea, RawYear, ReadContext, one_line, plain, push_block};
use super::table::{self, Table};
use crate::diag::{self, Diagnostic};

/// How long the parser may take on one page before it is stopped. Real pages take
/// milliseconds; dozens of unclosed `{{` can take the parser exponentially long.
const TIME_LIMIT: Duration = Duration::from_secs(5);
/// How deeply tables (`{| … |}`) and template calls (`{{ … }}`) may nest. Real pages nest
/// a few levels; the parser's tree is dropped recursively, so thousands of levels would
/// overflow the stack.
const MAX_NESTING: usize = 50;
/// How deeply lists and tables may nest before the rest is kept as plain text.
const MAX_DEPTH: usize = 40;

/// Where internal links point: the wiki's page address with `$1` for the title, when known.
#[derive(Clone, Copy, Default)]
pub(crate) struct Wiki<'a> {
    pub(crate) page_url: Option<&'a str>,
}

/// Reads one page of wikitext.
pub(crate) fn read(source: &Path, text: &str, ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    read_page(source, text, ctx, Wiki::default())
}

pub(crate) fn read_page(
    source: &Path,
    text: &str,
    ctx: &ReadContext,
    wiki: Wiki,
) -> Result<RawYear, Diagnostic> {
    if let Some(at) = too_deep(text) {
        let (line, col) = diag::line_col(text, at);
        return Err(Diagnostic::error(
            "parse",
            format!("tables or templates nest more than {MAX_NESTING} levels deep at line {line}, column {col}"),
        )
        .in_file(source)
        .with_help("close the `{|` or `{{` opened there (each needs its `|}` or `}}`), or cut that part out and import the rest"));
    }
    let parsed = std::panic::catch_unwind(|| {
        Configuration::default()
            .parse_with_timeout(text, TIME_LIMIT)
            .map_err(|_| ())
    });
    let output = match parsed {
        Ok(Ok(o)) => o,
        Ok(Err(())) => {
            return Err(Diagnostic::error(
                "parse",
                format!("the wikitext parser gave up after {} seconds", TIME_LIMIT.as_secs()),
            )
            .in_file(source)
            .with_help("split the page into smaller parts (one section per file) and import each into its own year folder"));
        }
        Err(_) => {
            return Err(Diagnostic::error("parse", "the wikitext parser failed on this page")
                .in_file(source)
                .with_help("please report this with the page; meanwhile, remove the part that fails (try halves) and import the rest"));
        }
    };
    let conv = Convert { src: text, wiki };
    let origin = |pos: usize| {
        let (line, _) = diag::line_col(text, pos);
        format!("{}:{line}", source.display())
    };
    let mut year = RawYear::default();
    let mut heading: Option<String> = None;
    // Headings not yet followed by any text: written only once text comes.
    let mut pending_heading: Vec<(u8, String)> = Vec::new();
    let mut intro_nodes: Vec<&Node> = Vec::new();
    let flush = |nodes: &mut Vec<&Node>, pending: &mut Vec<(u8, String)>, intro: &mut String| {
        let md = conv.nodes_ref(nodes, 0);
        nodes.clear();
        if md.trim().is_empty() {
            return;
        }
        for (_, h) in pending.drain(..) {
            push_block(intro, &h);
        }
        push_block(intro, &md);
    };
    for node in &output.nodes {
        match node {
            Node::Heading { level, nodes, .. } => {
                flush(&mut intro_nodes, &mut pending_heading, &mut year.intro);
                let text = plain(&conv.inline(nodes, 0));
                heading = Some(text.clone());
                pending_heading.retain(|(l, _)| l < level);
                pending_heading.push((
                    *level,
                    format!("{} {text}", "#".repeat(usize::from(*level).clamp(2, 6))),
                ));
            }
            Node::Template {
                name,
                parameters,
                start,
                ..
            } => match template_idea(&conv, name, parameters, ctx) {
                Some(mut idea) => {
                    flush(&mut intro_nodes, &mut pending_heading, &mut year.intro);
                    idea.origin = origin(*start);
                    idea.group = heading.clone();
                    year.ideas.push(idea);
                }
                None => intro_nodes.push(node),
            },
            Node::Table { rows, .. } => match ideas_table(&conv, rows, ctx, &origin) {
                Some(t) => {
                    flush(&mut intro_nodes, &mut pending_heading, &mut year.intro);
                    year.ideas.extend(table::ideas(&t, ctx.labels, None));
                }
                None => intro_nodes.push(node),
            },
            other => intro_nodes.push(other),
        }
    }
    flush(&mut intro_nodes, &mut pending_heading, &mut year.intro);
    if year.ideas.is_empty() {
        // No table or template call: one idea per section, as KDE's "Year/Ideas" pages
        // keep them (a bold "Mentor:" line under a heading), read as the Markdown they
        // become.
        let all: Vec<&Node> = output.nodes.iter().collect();
        let mut sections = markdown::read(source, &conv.nodes_ref(&all, 0), ctx);
        for idea in &mut sections.ideas {
            idea.origin = format!("{} (section “{}”)", source.display(), idea.title);
        }
        return Ok(sections);
    }
    Ok(year)
}

/// The byte offset where `{|` tables (at the start of a line) and `{{` calls first nest
/// deeper than [`MAX_NESTING`].
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let lead = offset + line.len() - t.len();
        if t.starts_with("{|") {
            depth += 1;
            if depth > MAX_NESTING {
                return Some(lead);
            }
        } else if t.starts_with("|}") {
            depth = depth.saturating_sub(1);
        }
        let mut i = 0;
        let bytes = line.as_bytes();
        while i + 1 < bytes.len() {
            match (bytes[i], bytes[i + 1]) {
                (b'{', b'{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(offset + i);
                    }
                    i += 2;
                }
                (b'}', b'}') => {
                    depth = depth.saturating_sub(1);
                    i += 2;
                }
                _ => i += 1,
            }
        }
        offset += line.len();
    }
    None
}

/// An idea from a template call whose named parameters mean fields: at least two, or
/// one if the template is called `project` or `idea`. With no title parameter, the
/// `Project` parameter is the title (as on the Xen wiki, where sections name the project).
fn template_idea(
    conv: &Convert,
    name: &[Node],
    parameters: &[Parameter],
    ctx: &ReadContext,
) -> Option<RawIdea> {
    let template = plain(&conv.inline(name, 0)).to_lowercase();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut positional = 0;
    for p in parameters {
        let value = conv.blocks(&p.value, 0);
        match &p.name {
            Some(n) => fields.push((plain(&conv.inline(n, 0)), value)),
            None => {
                positional += 1;
                fields.push((format!("Parameter {positional}"), value));
            }
        }
    }
    let mapped = fields
        .iter()
        .filter(|(l, _)| ctx.labels.field(l).is_some_and(|f| f != Field::Notes))
        .count();
    if mapped < 2 && !(mapped == 1 && ["project", "idea", "gsoc idea"].contains(&template.as_str()))
    {
        return None;
    }
    let mut idea = RawIdea::default();
    let title_at = fields
        .iter()
        .position(|(l, _)| ctx.labels.field(l) == Some(Field::Title))
        .or_else(|| {
            fields
                .iter()
                .position(|(l, _)| ctx.labels.field(l) == Some(Field::Project))
        });
    if let Some(i) = title_at {
        let (_, value) = fields.remove(i);
        idea.title = plain(&value);
    }
    idea.fields = fields;
    Some(idea)
}

/// A table whose header row names idea columns, with its cells as Markdown.
fn ideas_table(
    conv: &Convert,
    rows: &[TableRow],
    ctx: &ReadContext,
    origin: &dyn Fn(usize) -> String,
) -> Option<Table> {
    let header_at = rows.iter().position(|r| {
        !r.cells.is_empty() && r.cells.iter().all(|c| c.type_ == TableCellType::Heading)
    })?;
    let header: Vec<String> = rows[header_at]
        .cells
        .iter()
        .map(|c| plain(&conv.inline(&c.content, 0)))
        .collect();
    if !table::is_ideas_table(&header, ctx.labels) {
        return None;
    }
    let rows = rows[header_at + 1..]
        .iter()
        .map(|r| {
            let cells = r.cells.iter().map(|c| conv.blocks(&c.content, 0)).collect();
            (cells, origin(r.start))
        })
        .collect();
    Some(Table { header, rows })
}

/// Wikitext nodes to Markdown.
struct Convert<'a> {
    src: &'a str,
    wiki: Wiki<'a>,
}

impl Convert<'_> {
    fn nodes_ref(&self, nodes: &[&Node], depth: usize) -> String {
        let mut out = String::new();
        self.seq(nodes, depth, &mut out);
        tidy(&out)
    }

    /// Block content (a cell, a parameter's value): paragraphs, lists and all.
    fn blocks(&self, nodes: &[Node], depth: usize) -> String {
        let refs: Vec<&Node> = nodes.iter().collect();
        self.nodes_ref(&refs, depth)
    }

    /// Nodes in a row. `<pre>…</pre>` given as a start and an end tag becomes one code
    /// block of the source text between them.
    fn seq(&self, nodes: &[&Node], depth: usize, out: &mut String) {
        let mut i = 0;
        while i < nodes.len() {
            if let Node::StartTag { name, end, .. } = nodes[i]
                && name.eq_ignore_ascii_case("pre")
                && let Some(k) = nodes[i..].iter().position(
                    |n| matches!(n, Node::EndTag { name, .. } if name.eq_ignore_ascii_case("pre")),
                )
            {
                let close = nodes[i + k].start();
                out.push_str(&fence(self.raw(*end, close)));
                i += k + 1;
                continue;
            }
            self.node(nodes[i], depth, out);
            i += 1;
        }
    }

    /// Inline content on one line (a heading, a list item's first line, a link text).
    fn inline(&self, nodes: &[Node], depth: usize) -> String {
        one_line(&self.blocks(nodes, depth))
    }

    fn raw(&self, start: usize, end: usize) -> &str {
        self.src.get(start..end).unwrap_or("")
    }

    fn node(&self, node: &Node, depth: usize, out: &mut String) {
        if depth > MAX_DEPTH {
            out.push_str(self.raw(node.start(), node.end()));
            return;
        }
        match node {
            Node::Text { value, .. } => out.push_str(value),
            Node::CharacterEntity { character, .. } => out.push(*character),
            Node::Bold { .. } => out.push_str("**"),
            Node::Italic { .. } => out.push('*'),
            Node::BoldItalic { .. } => out.push_str("***"),
            Node::ParagraphBreak { .. } => out.push_str("\n\n"),
            Node::HorizontalDivider { .. } => out.push_str("\n\n---\n\n"),
            Node::Comment { .. } | Node::MagicWord { .. } | Node::Redirect { .. } => {}
            Node::Category { target, .. } => out.push_str(&format!("\n\n(Category: {target})\n\n")),
            Node::Heading { level, nodes, .. } => {
                let hashes = "#".repeat(usize::from(*level).clamp(2, 6));
                out.push_str(&format!(
                    "\n\n{hashes} {}\n\n",
                    self.inline(nodes, depth + 1)
                ));
            }
            Node::Link { target, text, .. } => {
                let label = self.inline(text, depth + 1);
                let label = if label.is_empty() {
                    target.to_string()
                } else {
                    label
                };
                match self.wiki.page_url {
                    Some(base) if !target.starts_with('#') => {
                        let page = target.trim().replace(' ', "_");
                        out.push_str(&format!("[{label}]({})", base.replace("$1", &page)));
                    }
                    _ => out.push_str(&label),
                }
            }
            Node::ExternalLink { nodes, .. } => {
                let inner = self.inline(nodes, depth + 1);
                let (url, label) = inner.split_once(' ').unwrap_or((&inner, ""));
                let url = url.trim();
                if label.trim().is_empty() {
                    out.push_str(&format!("<{url}>"));
                } else {
                    out.push_str(&format!("[{}]({url})", label.trim()));
                }
            }
            Node::Image { target, text, .. } => {
                let label = self.inline(text, depth + 1);
                out.push_str(&format!(
                    "(image: {target}{}{label})",
                    if label.is_empty() { "" } else { ", " }
                ));
            }
            Node::UnorderedList { items, .. } => self.list(items, "-", depth, out),
            Node::OrderedList { items, .. } => self.list(items, "1.", depth, out),
            Node::DefinitionList { items, .. } => {
                out.push_str("\n\n");
                for item in items {
                    let text = self.inline(&item.nodes, depth + 1);
                    match item.type_ {
                        DefinitionListItemType::Term => out.push_str(&format!("**{text}**\n")),
                        DefinitionListItemType::Details => out.push_str(&format!(": {text}\n")),
                    }
                }
                out.push('\n');
            }
            Node::Preformatted { nodes, .. } => {
                let body = self.blocks(nodes, depth + 1);
                out.push_str(&fence(&body));
            }
            Node::Tag {
                name,
                nodes,
                start,
                end,
            } => {
                let inner = match (nodes.first(), nodes.last()) {
                    (Some(f), Some(l)) => self.raw(f.start(), l.end()),
                    _ => {
                        // The text between `<tag …>` and `</tag>` from the source.
                        let whole = self.raw(*start, *end);
                        let open = whole.find('>').map_or(0, |i| i + 1);
                        let close = whole.rfind("</").unwrap_or(whole.len()).max(open);
                        &whole[open..close]
                    }
                };
                match name.to_lowercase().as_str() {
                    "pre" | "source" | "syntaxhighlight" => out.push_str(&fence(inner)),
                    "code" | "tt" => out.push_str(&code_span(inner)),
                    "nowiki" => out.push_str(inner),
                    "ref" => out.push_str(&format!(" ({})", self.inline(nodes, depth + 1))),
                    _ => out.push_str(&self.blocks(nodes, depth + 1)),
                }
            }
            Node::StartTag { name, .. } | Node::EndTag { name, .. } => {
                let open = matches!(node, Node::StartTag { .. });
                match name.to_lowercase().as_str() {
                    "br" => out.push_str("  \n"),
                    "b" | "strong" => out.push_str("**"),
                    "i" | "em" => out.push('*'),
                    "code" | "tt" => out.push('`'),
                    "p" | "div" if !open => out.push_str("\n\n"),
                    _ => {}
                }
            }
            Node::Template { start, end, .. } | Node::Parameter { start, end, .. } => {
                out.push_str(&code_span(self.raw(*start, *end)));
            }
            Node::Table { rows, captions, .. } => {
                out.push_str("\n\n");
                for c in captions {
                    out.push_str(&format!("**{}**\n\n", self.inline(&c.content, depth + 1)));
                }
                out.push_str(&self.markdown_table(rows, depth + 1));
                out.push_str("\n\n");
            }
        }
    }

    fn list(&self, items: &[ListItem], marker: &str, depth: usize, out: &mut String) {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        for item in items {
            let text = self.blocks(&item.nodes, depth + 1);
            let mut lines = text.lines();
            out.push_str(&format!("{marker} {}\n", lines.next().unwrap_or("")));
            for l in lines {
                if l.trim().is_empty() {
                    continue;
                }
                out.push_str(&format!("{}{l}\n", " ".repeat(marker.len() + 1)));
            }
        }
        out.push('\n');
    }

    fn markdown_table(&self, rows: &[TableRow], depth: usize) -> String {
        let cells = rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| self.blocks(&c.content, depth))
                    .collect()
            })
            .collect();
        table::markdown_table(cells)
    }
}

/// A fenced code block long enough not to be closed by the text inside it.
pub(crate) fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let marks = "`".repeat(longest.max(2) + 1);
    format!("\n\n{marks}\n{}\n{marks}\n\n", text.trim_matches('\n'))
}

/// An inline code span that survives backticks in its text.
pub(crate) fn code_span(text: &str) -> String {
    let text = one_line(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let marks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{marks}{pad}{text}{pad}{marks}")
}

/// Blank lines at most two in a row, no trailing spaces at the end of paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank == 1 {
                out.push('\n');
            }
            continue;
        }
        blank = 0;
        out.push_str(line.trim_end_matches([' ', '\t']));
        if line.ends_with("  ") {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
}
