//! Render: site model + theme → HTML strings, one per page, through Tera 2.
//!
//! Templates are parsed once per build (or once per template change in `serve`); each page
//! then only builds its own small context (see `view`). Rendering one page is independent
//! of every other, so pages render in parallel and `serve` can re-render a subset.

use std::collections::BTreeMap;

use tera::{ErrorKind, Tera};

use crate::diag::{self, Diagnostic};
use crate::render::theme::{Template, Theme};
use crate::render::view::Shared;
use crate::site::model::{PageRef, Site};

pub struct Renderer {
    tera: Tera,
    sources: BTreeMap<String, Template>,
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

    /// Renders one page.
    pub fn render(
        &self,
        site: &Site,
        shared: &Shared,
        page: PageRef,
    ) -> Result<String, Diagnostic> {
        let ctx = shared.context(site, page);
        let name = Self::template_for(page);
        self.tera.render(name, &ctx).map_err(|e| {
            let mut d = template_error(&e, &self.sources, Some(name));
            let what = site.output_path(page);
            d.message = format!("{} (while rendering /{what})", d.message);
            d
        })
    }
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
