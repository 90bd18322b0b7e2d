//! A MediaWiki Special:Export XML dump: each page's newest revision is read as wikitext,
//! and that revision's date and author, with the wiki's name and the page's address,
//! become the year's provenance ("imported from the Xen wiki, revision of 2 February 2017
//! by …"). Read with `quick-xml`: a streaming reader that reports the byte where a
//! document goes wrong and never fetches external entities.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::raw::{Provenance, RawYear, ReadContext, push_block};
use super::wikitext::{self, Wiki};
use crate::diag::{self, Diagnostic};

/// Whether `text` is an export dump rather than bare wikitext.
pub(crate) fn is_export(text: &str) -> bool {
    let head = text.trim_start();
    (head.starts_with("<?xml") || head.starts_with("<mediawiki"))
        && text
            .get(..text.len().min(4096))
            .is_some_and(|h| h.contains("<mediawiki"))
}

#[derive(Debug, Default)]
struct Page {
    title: String,
    timestamp: String,
    author: String,
    text: String,
    /// Byte offset of the page's text, for error positions.
    text_at: usize,
}

#[derive(Debug, Default)]
struct Dump {
    sitename: String,
    base: String,
    pages: Vec<Page>,
}

/// Reads the dump, then each page's newest revision as wikitext.
pub(crate) fn read(source: &Path, text: &str, ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    let dump = parse(source, text)?;
    let page_url = page_url(&dump.base);
    let mut year = RawYear::default();
    for page in &dump.pages {
        let found = wikitext::read_page(
            source,
            &page.text,
            ctx,
            Wiki {
                page_url: page_url.as_deref(),
            },
        )?;
        let (line, _) = diag::line_col(text, page.text_at);
        for mut idea in found.ideas {
            // Lines inside the page's text, made lines of the XML file.
            if let Some((_, n)) = idea.origin.rsplit_once(':')
                && let Ok(n) = n.parse::<usize>()
            {
                idea.origin = format!("{}:{}", source.display(), line + n - 1);
            }
            year.ideas.push(idea);
        }
        push_block(&mut year.intro, &found.intro);
        if year.title.is_none() && !page.title.is_empty() {
            year.title = Some(page.title.clone());
        }
    }
    if let Some(page) = dump.pages.first() {
        let site = if dump.sitename.trim().is_empty() {
            "a MediaWiki".to_string()
        } else {
            format!("the {} wiki", dump.sitename.trim())
        };
        year.provenance = Some(Provenance {
            from: format!("{site}, page “{}”", page.title),
            url: page_url.map(|u| u.replace("$1", &page.title.replace(' ', "_"))),
            revision: page.timestamp.get(..10).map(str::to_string),
            author: (!page.author.is_empty()).then(|| page.author.clone()),
        });
    }
    Ok(year)
}

/// The address of a page, with `$1` for its title, from the dump's `<base>` (the main
/// page's address): `https://wiki.example.org/wiki/Main_Page` → `…/wiki/$1`.
fn page_url(base: &str) -> Option<String> {
    let base = base.trim();
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return None;
    }
    let cut = base.rfind('/')?;
    Some(format!("{}/$1", &base[..cut]))
}

fn parse(source: &Path, text: &str) -> Result<Dump, Diagnostic> {
    let mut reader = Reader::from_str(text);
    let mut dump = Dump::default();
    let mut path: Vec<String> = Vec::new();
    let mut page: Option<Page> = None;
    let mut revision: Option<Page> = None;
    let mut value = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(0);
            let (line, col) = diag::line_col(text, at.min(text.len()));
            Diagnostic::error("parse", format!("the XML export cannot be read at line {line}, column {col}: {e}"))
                .in_file(source)
                .with_help("export the page again (Special:Export, \"Include only the current revision\") and import the file as saved")
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                match name.as_str() {
                    "page" => page = Some(Page::default()),
                    "revision" => revision = Some(Page::default()),
                    "text" => {
                        if let Some(r) = &mut revision {
                            r.text_at = usize::try_from(reader.buffer_position()).unwrap_or(0);
                        }
                    }
                    _ => {}
                }
                path.push(name);
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::CData(t) => value.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                let name = r.into_inner();
                let entity = format!("&{name};");
                match quick_xml::escape::unescape(&entity) {
                    Ok(s) => value.push_str(&s),
                    Err(_) => value.push_str(&entity),
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let v = std::mem::take(&mut value);
                match (parent, name.as_str()) {
                    ("siteinfo", "sitename") => dump.sitename = v,
                    ("siteinfo", "base") => dump.base = v,
                    ("page", "title") => {
                        if let Some(p) = &mut page {
                            p.title = v;
                        }
                    }
                    ("revision", "timestamp") => {
                        if let Some(r) = &mut revision {
                            r.timestamp = v;
                        }
                    }
                    ("contributor", "username" | "ip") => {
                        if let Some(r) = &mut revision {
                            r.author = v;
                        }
                    }
                    ("revision", "text") => {
                        if let Some(r) = &mut revision {
                            r.text = v;
                        }
                    }
                    (_, "revision") => {
                        // The newest revision of the page wins.
                        if let (Some(p), Some(r)) = (&mut page, revision.take())
                            && r.timestamp >= p.timestamp
                        {
                            p.timestamp = r.timestamp;
                            p.author = r.author;
                            p.text = r.text;
                            p.text_at = r.text_at;
                        }
                    }
                    (_, "page") => dump.pages.extend(page.take()),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if dump.pages.is_empty() {
        return Err(
            Diagnostic::error("no-ideas", "the XML export holds no page")
                .in_file(source)
                .with_help("export the ideas page with Special:Export and import the saved file"),
        );
    }
    Ok(dump)
}
