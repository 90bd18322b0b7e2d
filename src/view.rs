//! The template context: the theme authors' API, documented in `themes/wiki/README.md`.
//!
//! Templates get these view structs, never the internal model, so the model can change
//! without breaking themes. Values shared by many pages (the site, each idea, each year)
//! are converted to Tera values once per build and then cloned, which is cheap (Tera 2
//! values are reference-counted): no page serialises the whole site.

use serde::Serialize;
use tera::Value;

use crate::config::EmailPolicy;
use crate::email;
use crate::frontmatter::Extra;
use crate::markdown::{self, Heading};
use crate::model::{PageRef, Site};

#[derive(Serialize)]
struct LinkView<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: String,
    description: Option<String>,
    language: &'a str,
    base_url: &'a str,
    root: &'a str,
    programs: &'a [Value],
    pages: Vec<LinkView<'a>>,
    generator: String,
}

#[derive(Serialize)]
struct MentorView {
    name: String,
    email: Option<String>,
    email_href: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct SizeView {
    label: &'static str,
    hours: u32,
    text: String,
}

#[derive(Serialize)]
struct IdeaView<'a> {
    title: String,
    url: String,
    slug: &'a str,
    project: Option<String>,
    mentors: Vec<MentorView>,
    size: Option<SizeView>,
    difficulty: Option<&'static str>,
    skills: Vec<String>,
    status: &'static str,
    students: Vec<String>,
    tags: Vec<String>,
    summary: Option<String>,
    extra: Extra,
}

#[derive(Serialize)]
struct YearView<'a> {
    title: String,
    program: String,
    program_url: String,
    year: u16,
    url: String,
    status: &'static str,
    notice: Option<String>,
    deadline: Option<&'a str>,
    idea_count: usize,
    ideas: Vec<Value>,
}

#[derive(Serialize)]
struct ProgramView<'a> {
    name: &'a str,
    title: String,
    url: String,
    years: Vec<Value>,
}

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    title: String,
    url: String,
    permalink: String,
    content: &'a str,
    toc: &'a [Heading],
    breadcrumbs: Vec<LinkView<'a>>,
    source: Option<String>,
    /// Always a map, so templates may read `page.extra.x` on any page.
    extra: &'a Extra,
}

static EMPTY_EXTRA: Extra = Extra::new();

/// Values computed once per build and shared by every page.
pub struct Shared {
    pub site: Value,
    pub programs: Vec<Value>,
    /// Year summaries (no ideas), by year index.
    pub years: Vec<Value>,
    pub ideas: Vec<Value>,
    md: markdown::Options,
}

/// Plain text from front matter, with addresses scrubbed per the email policy.
fn text(s: &str, policy: EmailPolicy) -> String {
    email::scrub(s, policy).into_owned()
}

fn texts(v: &[String], policy: EmailPolicy) -> Vec<String> {
    v.iter().map(|s| text(s, policy)).collect()
}

fn scrub_extra(extra: &Extra, policy: EmailPolicy) -> Extra {
    fn scrub(v: &serde_json::Value, policy: EmailPolicy) -> serde_json::Value {
        match v {
            serde_json::Value::String(s) => serde_json::Value::String(text(s, policy)),
            serde_json::Value::Array(a) => a.iter().map(|x| scrub(x, policy)).collect(),
            serde_json::Value::Object(m) => m
                .iter()
                .map(|(k, x)| (k.clone(), scrub(x, policy)))
                .collect(),
            other => other.clone(),
        }
    }
    extra
        .iter()
        .map(|(k, v)| (k.clone(), scrub(v, policy)))
        .collect()
}

impl Shared {
    pub fn new(site: &Site, md: markdown::Options) -> Shared {
        let root = site.config.root.as_str();
        let policy = site.config.emails;
        let ideas: Vec<Value> = site
            .ideas
            .iter()
            .map(|idea| {
                let fm = &idea.doc.fm;
                let view = IdeaView {
                    title: text(&fm.title, policy),
                    url: format!("{root}{}", idea.path),
                    slug: &idea.slug,
                    project: fm.project.as_deref().map(|p| text(p, policy)),
                    mentors: fm
                        .mentors
                        .iter()
                        .map(|m| MentorView {
                            name: text(&m.name, policy),
                            email: m.email.as_deref().and_then(|e| email::display(e, policy)),
                            email_href: m
                                .email
                                .as_deref()
                                .filter(|_| policy == EmailPolicy::Plain)
                                .map(|e| format!("mailto:{e}")),
                            url: m.url.as_deref().map(|u| text(u, policy)),
                        })
                        .collect(),
                    size: fm.size.map(|s| SizeView {
                        label: s.label(),
                        hours: s.hours(),
                        text: s.text(),
                    }),
                    difficulty: fm.difficulty.map(|d| d.as_str()),
                    skills: texts(&fm.skills, policy),
                    status: fm.status.as_str(),
                    students: texts(&fm.students, policy),
                    tags: texts(&fm.tags, policy),
                    summary: fm
                        .summary
                        .as_deref()
                        .map(|s| markdown::render_inline(s, &md)),
                    extra: scrub_extra(&fm.extra, policy),
                };
                Value::from_serializable(&view)
            })
            .collect();
        let years: Vec<Value> = (0..site.years.len())
            .map(|i| Value::from_serializable(&year_view(site, i, &md, Vec::new())))
            .collect();
        let programs: Vec<Value> = site
            .programs
            .iter()
            .map(|p| {
                Value::from_serializable(&ProgramView {
                    name: &p.name,
                    title: text(&p.title, policy),
                    url: format!("{root}{}", p.path),
                    years: p.years.iter().map(|&y| years[y].clone()).collect(),
                })
            })
            .collect();
        let site_value = Value::from_serializable(&SiteView {
            title: text(&site.config.title, policy),
            description: site.config.description.as_deref().map(|d| text(d, policy)),
            language: &site.config.language,
            base_url: &site.config.base_url,
            root,
            programs: &programs,
            pages: site
                .pages
                .iter()
                .map(|p| LinkView {
                    title: &p.doc.fm.title,
                    url: format!("{root}{}", p.path),
                })
                .collect(),
            generator: format!("ideawiki {}", env!("CARGO_PKG_VERSION")),
        });
        Shared {
            site: site_value,
            programs,
            years,
            ideas,
            md,
        }
    }

    /// The full context of one page.
    pub fn context(&self, site: &Site, page: PageRef) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.clone());
        let root = site.config.root.as_str();
        let policy = site.config.emails;
        let home_title = site.home.as_ref().map_or("Home", |h| h.fm.title.as_str());
        let home_link = || LinkView {
            title: home_title,
            url: root.to_string(),
        };
        let program_link = |pi: usize| LinkView {
            title: &site.programs[pi].title,
            url: format!("{root}{}", site.programs[pi].path),
        };
        let year_link = |yi: usize| LinkView {
            title: &site.years[yi].doc.fm.title,
            url: format!("{root}{}", site.years[yi].path),
        };
        let empty = String::new();
        let (kind, title, content, toc, crumbs, source, extra): (
            _,
            &str,
            &str,
            &[Heading],
            _,
            _,
            _,
        ) = match page {
            PageRef::Home => match &site.home {
                Some(h) => (
                    "home",
                    &h.fm.title,
                    &h.body.html,
                    &h.body.toc,
                    vec![],
                    Some(h.shown()),
                    Some(&h.fm.extra),
                ),
                None => ("home", &site.config.title, &empty, &[], vec![], None, None),
            },
            PageRef::NotFound => (
                "404",
                "Page not found",
                &empty,
                &[],
                vec![home_link()],
                None,
                None,
            ),
            PageRef::Program(i) => {
                let p = &site.programs[i];
                ctx.insert_value("program", self.programs[i].clone());
                match &p.doc {
                    Some(d) => (
                        "program",
                        &p.title,
                        &d.body.html,
                        &d.body.toc,
                        vec![home_link()],
                        Some(d.shown()),
                        Some(&d.fm.extra),
                    ),
                    None => (
                        "program",
                        &p.title,
                        &empty,
                        &[],
                        vec![home_link()],
                        None,
                        None,
                    ),
                }
            }
            PageRef::Year(i) => {
                let y = &site.years[i];
                let ideas = y.ideas.iter().map(|&k| self.ideas[k].clone()).collect();
                ctx.insert_value(
                    "year",
                    Value::from_serializable(&year_view(site, i, &self.md, ideas)),
                );
                let d = &y.doc;
                (
                    "year",
                    &d.fm.title,
                    &d.body.html,
                    &d.body.toc,
                    vec![home_link(), program_link(y.program)],
                    Some(d.shown()),
                    Some(&d.fm.extra),
                )
            }
            PageRef::Idea(i) => {
                let idea = &site.ideas[i];
                ctx.insert_value("idea", self.ideas[i].clone());
                ctx.insert_value("year", self.years[idea.year].clone());
                let y = &site.years[idea.year];
                let d = &idea.doc;
                (
                    "idea",
                    &d.fm.title,
                    &d.body.html,
                    &d.body.toc,
                    vec![home_link(), program_link(y.program), year_link(idea.year)],
                    Some(d.shown()),
                    Some(&d.fm.extra),
                )
            }
            PageRef::Page(i) => {
                let p = &site.pages[i];
                let d = &p.doc;
                (
                    "page",
                    &d.fm.title,
                    &d.body.html,
                    &d.body.toc,
                    vec![home_link()],
                    Some(d.shown()),
                    Some(&d.fm.extra),
                )
            }
        };
        if page == PageRef::Home {
            ctx.insert_value("programs", Value::from(self.programs.clone()));
        }
        let path = site.path_of(page);
        let scrubbed_extra = extra.map(|e| scrub_extra(e, policy));
        let view = PageView {
            kind,
            title: text(title, policy),
            url: format!("{root}{path}"),
            permalink: format!("{}{path}", site.config.base_url),
            content,
            toc,
            breadcrumbs: crumbs,
            source: source.map(|s| s.to_string_lossy().replace('\\', "/")),
            extra: scrubbed_extra.as_ref().unwrap_or(&EMPTY_EXTRA),
        };
        ctx.insert_value("page", Value::from_serializable(&view));
        ctx
    }
}

fn year_view<'a>(
    site: &'a Site,
    i: usize,
    md: &markdown::Options,
    ideas: Vec<Value>,
) -> YearView<'a> {
    let y = &site.years[i];
    let fm = &y.doc.fm;
    let root = &site.config.root;
    let policy = site.config.emails;
    let program = &site.programs[y.program];
    YearView {
        title: text(&fm.title, policy),
        program: text(fm.program.as_deref().unwrap_or(&program.title), policy),
        program_url: format!("{root}{}", program.path),
        year: y.year,
        url: format!("{root}{}", y.path),
        status: y.status.as_str(),
        notice: fm.notice.as_deref().map(|n| markdown::render_inline(n, md)),
        deadline: fm.deadline.as_deref(),
        idea_count: y.ideas.len(),
        ideas,
    }
}
