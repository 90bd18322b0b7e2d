//! Generated files that are not pages: machine-readable lists, feeds, sitemap, robots.txt,
//! redirects, the search index. Each is planned with a fingerprint of what it is made of,
//! so the engine regenerates it only when that changes, exactly like a page.
//!
//! One submodule per kind of file; `docs/outputs.md` documents what each one holds for
//! the people who consume them (feed readers, scripts, the theme's search box).

pub mod aliases;
mod atom;
mod ideas_json;
mod robots;
mod search;
mod sitemap;
pub mod text;

use std::hash::{Hash, Hasher};

use crate::config::EmailPolicy;
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::view::Shared;

/// One file to generate.
pub struct Generated<'a> {
    /// Output path, relative to the output folder.
    pub path: String,
    /// Covers everything the content depends on.
    pub fingerprint: u64,
    pub render: Box<dyn Fn() -> Result<String, Diagnostic> + Sync + Send + 'a>,
}

/// Output paths of the generated files that sit at the output root. Aliases may not take
/// them, and the link checker knows them.
pub const ROOT_FILES: &[&str] = &[
    "robots.txt",
    "sitemap.xml",
    "ideas.json",
    "atom.xml",
    "search-index.json",
];

/// Every generated file of the site.
pub fn plan<'a>(site: &'a Site, shared: &'a Shared) -> Vec<Generated<'a>> {
    let mut out = vec![
        robots::plan(site),
        sitemap::plan(site),
        ideas_json::plan(site, shared),
        atom::plan_site(site, shared),
        search::plan(site, shared),
    ];
    out.extend((0..site.years.len()).map(|y| atom::plan_year(site, shared, y)));
    out.extend(aliases::plan(site));
    out
}

/// A fingerprint built from parts, for the `plan` functions.
fn fingerprint(parts: impl FnOnce(&mut std::hash::DefaultHasher)) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    parts(&mut h);
    h.finish()
}

/// The absolute URL of a site path (`gsoc/2011/` → `https://example.org/gsoc/2011/`).
fn absolute(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_url)
}

/// Front matter text with addresses shown as the config allows.
fn scrubbed(s: &str, policy: EmailPolicy) -> String {
    crate::email::scrub(s, policy).into_owned()
}

/// The program name a year shows (`GSoC`): its `program:`, else the program's title.
fn program_of_year(site: &Site, y: usize) -> String {
    let year = &site.years[y];
    let name = year
        .doc
        .fm
        .program
        .as_deref()
        .unwrap_or(&site.programs[year.program].title);
    scrubbed(name, site.config.emails)
}

/// Hashes what [`program_of_year`] and a year's URL depend on.
fn hash_year(site: &Site, y: usize, h: &mut impl Hasher) {
    let year = &site.years[y];
    (
        year.year,
        &year.path,
        &year.doc.fm.program,
        &site.programs[year.program].title,
    )
        .hash(h);
}

/// An idea's summary as plain text: its `summary:` (the HTML the pages show, made once in
/// the shared values and kept between `serve` runs), or else the first sentence of its
/// body.
fn idea_summary(site: &Site, shared: &Shared, i: usize) -> Option<String> {
    let value = shared.idea_value(site, i);
    let html = value.get_from_path("summary").and_then(tera::Value::as_str);
    match html {
        Some(html) => Some(text::html_to_text(html, usize::MAX)),
        None => text::first_sentence(&text::html_to_text(&site.ideas[i].doc.body.html, 1024)),
    }
}

/// The file's last change from git, as an RFC 3339 time, if known.
fn revision_time(site: &Site, shown: &std::path::Path) -> Option<String> {
    let date = &site.revisions.get(shown)?.date;
    // `YYYY-MM-DD HH:MM` (UTC) → `YYYY-MM-DDTHH:MM:00Z`.
    let (day, time) = date.split_once(' ')?;
    Some(format!("{day}T{time}:00Z"))
}

/// A JSON object whose last member is a list, one list item per line: `head` opens it
/// (`{"version":1,"docs":[`). Compact, yet a change shows as a one-line diff.
fn json_lines(head: &str, items: &[String]) -> String {
    let mut out =
        String::with_capacity(head.len() + items.iter().map(|s| s.len() + 2).sum::<usize>() + 4);
    out.push_str(head);
    for (n, item) in items.iter().enumerate() {
        out.push_str(if n == 0 { "\n" } else { ",\n" });
        out.push_str(item);
    }
    out.push_str(if items.is_empty() { "]}\n" } else { "\n]}\n" });
    out
}
