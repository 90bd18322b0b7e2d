//! Render: site model + theme → HTML strings, one per page, through Tera 2.
//!
//! Templates are parsed once per build (or once per template change in `serve`); each page
//! then only builds its own small context (see `view`). Rendering one page is independent
//! of every other, so pages render in parallel and `serve` can re-render a subset.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use tera::{ErrorKind, Tera};

use crate::diag::{self, Diagnostic};
use crate::render::theme::{Template, Theme};
use crate::render::view::{IdeaFragments, Shared};
use crate::site::model::{PageRef, Site};

pub struct Renderer {
    tera: Tera,
    sources: BTreeMap<String, Template>,
}

/// The template of the navigation every page shows, when the theme has one: rendered once
/// per run instead of once per page (with 50 years it was a loop of 60 links on each of
/// 10,000 pages, 6 % of a full build).
pub const SIDEBAR: &str = "sidebar.html";

/// The templates of what pages list of each idea (see [`IdeaFragments`]): a row of its
/// year's table, and an item of term pages' lists.
pub const IDEA_ROW: &str = "idea_row.html";
pub const IDEA_ITEM: &str = "idea_item.html";

/// One idea's fragment, rendered by the first page that needs it.
type Slot = OnceLock<Result<tera::Value, Diagnostic>>;

/// An idea's fragments (see [`Fragments`]).
#[derive(Clone, Default)]
pub struct IdeaSlots {
    row: Arc<Slot>,
    item: Arc<Slot>,
}

/// Ideas' fragments kept between runs (`serve`), under a hash of all they are made of:
/// the idea's value, its year's, the site's, and the templates and config. After a save
/// that moves an idea, the term pages listing it (thousands of ideas on some) are joined
/// again from fragments made before, and only the saved idea's are rendered.
#[derive(Default)]
pub struct FragmentCache(FxHashMap<u64, IdeaSlots>);

/// What a run renders once and inserts in pages: the sidebar once, each idea's fragments
/// once per idea however many pages list it.
pub struct Fragments {
    /// [`SIDEBAR`] rendered with `site` and `t`, and as a template value.
    sidebar: Option<(String, tera::Value)>,
    /// Per idea.
    slots: Vec<IdeaSlots>,
    /// Whether the theme has each template.
    has_row: bool,
    has_item: bool,
    /// Whether a template reads lists of ideas' values (`year.ideas`, `group.ideas`).
    wants_values: bool,
}

/// [`Fragments`] with what rendering them needs, as the views ask for them.
struct Lists<'a> {
    renderer: &'a Renderer,
    site: &'a Site,
    shared: &'a Shared,
    fragments: &'a Fragments,
}

impl Lists<'_> {
    fn fragment(
        &self,
        slot: Option<&Slot>,
        name: &str,
        i: usize,
    ) -> Result<Option<tera::Value>, Diagnostic> {
        let Some(slot) = slot else {
            return Ok(None);
        };
        slot.get_or_init(|| {
            let mut ctx = tera::Context::new();
            ctx.insert_value("site", self.shared.site.value.clone());
            ctx.insert_value("t", self.shared.strings.clone());
            ctx.insert_value("idea", self.shared.idea_value(self.site, i));
            let year = self.site.ideas[i].year;
            ctx.insert_value("year", self.shared.years[year].value.clone());
            self.renderer
                .tera
                .render(name, &ctx)
                .map(|html| tera::Value::safe_string(&html))
                .map_err(|e| {
                    let mut d = template_error(&e, &self.renderer.sources, Some(name));
                    let what = self.site.ideas[i].doc.shown();
                    d.message = format!("{} (while rendering {})", d.message, what.display());
                    d
                })
        })
        .clone()
        .map(Some)
    }
}

impl IdeaFragments for Lists<'_> {
    fn row(&self, i: usize) -> Result<Option<tera::Value>, Diagnostic> {
        let f = self.fragments;
        let slot = f.slots.get(i).filter(|_| f.has_row).map(|s| &*s.row);
        self.fragment(slot, IDEA_ROW, i)
    }

    fn item(&self, i: usize) -> Result<Option<tera::Value>, Diagnostic> {
        let f = self.fragments;
        let slot = f.slots.get(i).filter(|_| f.has_item).map(|s| &*s.item);
        self.fragment(slot, IDEA_ITEM, i)
    }

    fn wants_values(&self) -> bool {
        self.fragments.wants_values
    }
}

/// Whether `text` reads a list of ideas' values: `x.ideas` for a name `x` other than the
/// theme's words `t` (whose `t.ideas` is a word). What a template reads cannot be asked
/// of Tera; a template that reads such a list under another spelling finds no `ideas` key
/// and fails the build at that line, never renders an empty list.
fn reads_idea_values(text: &str) -> bool {
    text.match_indices(".ideas").any(|(at, m)| {
        let after = text[at + m.len()..].chars().next();
        let before = text[..at]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && !before.is_empty()
            && before != "t"
    })
}

impl Renderer {
    /// Parses the theme's templates. Syntax errors name the template file and line.
    pub fn new(theme: &Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.register_filter("css_string", css_string);
        let sources = theme.templates.clone();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.text.as_ref())))
            .map_err(|e| vec![template_error(&e, &sources, None)])?;
        Ok(Renderer { tera, sources })
    }

    pub fn template_for(page: PageRef) -> &'static str {
        match page {
            PageRef::Home => "home.html",
            PageRef::Program(_) => "program.html",
            PageRef::Year(_) => "year.html",
            PageRef::Idea(_) => "idea.html",
            PageRef::Page(_) => "page.html",
            PageRef::NotFound => "404.html",
            PageRef::Taxonomy(_) => "taxonomy.html",
            PageRef::Term(..) => "term.html",
            PageRef::Archive => "archive.html",
        }
    }

    /// Renders what every page of a run shares (see [`Fragments`]). Its context has
    /// `site` and `t`, no `page`: each page gets the same bytes, with its own link marked.
    /// With `cache` (and `global`, the fingerprint of the templates and config), the ideas'
    /// fragments made by earlier runs are reused and this run's kept.
    pub fn fragments(
        &self,
        site: &Site,
        shared: &Shared,
        cache: Option<(&mut FragmentCache, u64)>,
    ) -> Result<Fragments, Diagnostic> {
        let slots = match cache {
            Some((cache, global)) => {
                let keys: Vec<u64> = (0..site.ideas.len())
                    .into_par_iter()
                    .map(|i| {
                        let year = shared.years[site.ideas[i].year].hash;
                        let idea = shared.idea_hash(site, i);
                        crate::util::fingerprint::of(&(global, shared.site.hash, year, idea))
                    })
                    .collect();
                crate::util::cache::reuse_or_make(&mut cache.0, &keys, |_| IdeaSlots::default())
            }
            None => (0..site.ideas.len())
                .map(|_| IdeaSlots::default())
                .collect(),
        };
        let mut fragments = Fragments {
            sidebar: None,
            slots,
            has_row: self.sources.contains_key(IDEA_ROW),
            has_item: self.sources.contains_key(IDEA_ITEM),
            wants_values: self.sources.values().any(|t| reads_idea_values(&t.text)),
        };
        if !self.sources.contains_key(SIDEBAR) {
            return Ok(fragments);
        }
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", shared.site.value.clone());
        ctx.insert_value("t", shared.strings.clone());
        let html = self
            .tera
            .render(SIDEBAR, &ctx)
            .map_err(|e| template_error(&e, &self.sources, Some(SIDEBAR)))?;
        let value = tera::Value::safe_string(&html);
        fragments.sidebar = Some((html, value));
        Ok(fragments)
    }

    fn lists<'a>(
        &'a self,
        site: &'a Site,
        shared: &'a Shared,
        fragments: &'a Fragments,
    ) -> Lists<'a> {
        Lists {
            renderer: self,
            site,
            shared,
            fragments,
        }
    }

    /// Renders idea `i`'s fragments (see [`Fragments`]) if they are not yet.
    pub fn idea_fragments(
        &self,
        site: &Site,
        shared: &Shared,
        fragments: &Fragments,
        i: usize,
    ) -> Result<(), Diagnostic> {
        let lists = self.lists(site, shared, fragments);
        lists.row(i)?;
        lists.item(i)?;
        Ok(())
    }

    /// Renders one page.
    pub fn render(
        &self,
        site: &Site,
        shared: &Shared,
        fragments: &Fragments,
        page: PageRef,
    ) -> Result<String, Diagnostic> {
        let mut ctx = shared.context(site, page, &self.lists(site, shared, fragments))?;
        if let Some((html, value)) = &fragments.sidebar {
            let url = format!("{}{}", site.config.root, site.path_of(page));
            let value = match mark_current(html, &url) {
                Some(marked) => tera::Value::safe_string(&marked),
                None => value.clone(),
            };
            ctx.insert_value("sidebar", value);
        }
        let name = Self::template_for(page);
        self.tera.render(name, &ctx).map_err(|e| {
            let mut d = template_error(&e, &self.sources, Some(name));
            let what = site.output_path(page);
            d.message = format!("{} (while rendering /{what})", d.message);
            d
        })
    }
}

/// `html` with every link to `url` marked as the page's own (`aria-current="page"`), as a
/// template would mark it comparing each link with `page.url`; `None` when none leads there.
fn mark_current(html: &str, url: &str) -> Option<String> {
    let mut escaped = Vec::with_capacity(url.len());
    tera::escape_html(url, &mut escaped).ok()?;
    let needle = format!("href=\"{}\"", String::from_utf8(escaped).ok()?);
    html.contains(&needle)
        .then(|| html.replace(&needle, &format!("{needle} aria-current=\"page\"")))
}

/// `css_string`: text as the inside of a CSS string (`content:"{{ t.x | css_string }}"`),
/// safe in a `<style>` element and in an attribute: quotes, `\`, `<`, `>`, `&` and control
/// characters become CSS escapes, so no string from a config can end the rule or the
/// element.
fn css_string(text: &str, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\'' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    tera::Value::safe_string(&out)
}

/// Turns a Tera error into a diagnostic pointing into the template file.
fn template_error(
    e: &tera::Error,
    sources: &BTreeMap<String, Template>,
    rendering: Option<&str>,
) -> Diagnostic {
    let (code, report) = match e.kind() {
        ErrorKind::SyntaxError(r) => ("template-syntax", Some(r)),
        ErrorKind::RenderingError(r) => ("template-render", Some(r)),
        _ => ("template", None),
    };
    match report {
        Some(r) => {
            let name = r.filename();
            let mut d = Diagnostic::error(code, r.message().to_string()).with_help(match code {
                "template-syntax" => "fix the template syntax (Tera 2: `{{ value }}`, `{% if %}…{% endif %}`, `{% for %}…{% endfor %}`)",
                _ => "check the variable names against the template reference in themes/wiki/README.md",
            });
            if let Some(t) = sources.get(name) {
                d = d.in_file(t.origin.shown(name)).with_source(t.text.clone());
                let span = r.span();
                let start = span.range.start.min(t.text.len());
                let end = span.range.end.clamp(start, t.text.len());
                let (line, column) = diag::line_col(&t.text, start);
                d = d.at(diag::Location {
                    line,
                    column,
                    span: start..end.max(start + 1).min(t.text.len().max(start)),
                });
            } else {
                d = d.in_file(name);
            }
            d
        }
        None => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            let mut d = Diagnostic::error(code, message).with_help(
                "every page template needs its parents and includes: check `{% extends %}` and `{% include %}` names",
            );
            if let Some(name) = rendering
                && let Some(t) = sources.get(name)
            {
                d = d.in_file(t.origin.shown(name));
            }
            d
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reads_idea_values;

    #[test]
    fn templates_that_read_lists_of_idea_values_are_recognised() {
        for yes in [
            "{% for idea in year.ideas %}",
            "{{ group.ideas | length }}",
            "{% if y.ideas %}",
        ] {
            assert!(reads_idea_values(yes), "{yes}");
        }
        for no in [
            "{{ t.ideas }}",
            "{{ t.ideas_one }}",
            "<style>.ideas{--l2:1}</style>",
            "{% for row in year.rows %}",
            "{{ year.ideas_count }}",
        ] {
            assert!(!reads_idea_values(no), "{no}");
        }
    }
}
