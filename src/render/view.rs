//! The template context: the theme authors' API, documented in `themes/wiki/README.md`.
//!
//! Templates get these view structs, never the internal model, so the model can change
//! without breaking themes. Values shared by many pages (the site, each idea, each year)
//! are converted to Tera values once per build and then cloned, which is cheap (Tera 2
//! values are reference-counted): no page serialises the whole site.
//!
//! What each page is made of is declared once, by [`parts`]: its own document, and the
//! shared values it inserts, with the ideas whose views they embed ([`Insert::ideas`]).
//! The page's context, its fingerprint and whether a patched model changed it ([`shows`])
//! are all derived from that declaration, so a rebuild that compares fingerprints
//! re-renders exactly the pages whose context changed. What a page shows of any other
//! document comes from the model, which reads only its shape
//! ([`crate::site::model::shape`]).

use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Value;

use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::field::IdeaField;
use crate::site::frontmatter::Extra;
use crate::site::markdown::{self, Heading, Rendered};
use crate::site::model::{PageRef, Site};
use crate::site::revision::Revision;
use crate::util::fingerprint;

#[derive(Serialize, Hash)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: String,
    description: Option<String>,
    language: &'a str,
    base_url: &'a str,
    root: &'a str,
    programs: Vec<NavProgram<'a>>,
    pages: Vec<LinkView>,
    /// `{name, title, url}` of each taxonomy, for "browse by" navigation.
    taxonomies: Vec<TaxonomyLink<'a>>,
    generator: String,
}

#[derive(Serialize)]
struct TaxonomyLink<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
}

/// A value of an idea field and the page listing all ideas with it (if a taxonomy covers
/// that field).
#[derive(Serialize)]
struct TermLink {
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: String,
    slug: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    from: &'a IdeaField,
    url: String,
    terms: Vec<TermView<'a>>,
}

/// One year's share of a term's ideas.
#[derive(Serialize)]
struct TermYear {
    year: Value,
    ideas: Vec<Value>,
}

#[derive(Serialize)]
struct TermPageView<'a> {
    name: String,
    slug: &'a str,
    url: String,
    count: usize,
    years: Vec<TermYear>,
}

/// A program as the navigation shows it: no counts, so adding an idea does not change
/// every page's sidebar.
#[derive(Serialize)]
struct NavProgram<'a> {
    name: &'a str,
    title: String,
    url: String,
    years: Vec<NavYear>,
}

#[derive(Serialize)]
struct NavYear {
    title: String,
    year: u16,
    url: String,
    status: &'static str,
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
    /// Per field (`project`, `mentors`, `skills`, `size`, `difficulty`, `status`, `tags`,
    /// `students`): each value with the URL of its term page, if a taxonomy covers it.
    terms: std::collections::BTreeMap<&'static str, Vec<TermLink>>,
    extra: Extra,
}

#[derive(Serialize)]
struct YearLink {
    title: String,
    year: u16,
    url: String,
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
    /// The previous and next year of the same program.
    prev: Option<YearLink>,
    next: Option<YearLink>,
    ideas: Vec<Value>,
    /// The distinct values of the year's ideas, for the filter form (year page only).
    facets: Option<Facets>,
}

/// Filter choices, per field.
#[derive(Serialize, Default)]
struct Facets {
    project: Facet,
    size: Facet,
    difficulty: Facet,
    skills: Facet,
    status: Facet,
}

/// The values one field takes among a year's ideas, sorted as the taxonomies sort their
/// terms. The theme's script filters the table by the term links in its rows, so a value
/// carries the slug of its term page, and the facet the taxonomy's name (its URL segment).
#[derive(Serialize, Default)]
struct Facet {
    /// `None` when no taxonomy covers the field (then no value has a slug either).
    taxonomy: Option<String>,
    values: Vec<FacetValue>,
}

#[derive(Serialize)]
struct FacetValue {
    name: String,
    slug: Option<String>,
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
    breadcrumbs: Vec<LinkView>,
    /// Pages that link to this one ("What links here").
    backlinks: Vec<LinkView>,
    source: Option<String>,
    /// When the source file last changed and by whom (from git), if known.
    revision: Option<&'a Revision>,
    /// Links to edit the source and to its history, when `repository` is configured.
    edit_url: Option<String>,
    history_url: Option<String>,
    /// Always a map, so templates may read `page.extra.x` on any page.
    extra: &'a Extra,
}

static EMPTY_EXTRA: Extra = Extra::new();

/// A shared value and its fingerprint.
#[derive(Clone)]
pub struct Hashed {
    pub value: Value,
    pub hash: u64,
}

impl Hashed {
    /// Hashes the view struct, not the Tera value: Tera's maps iterate in a random order.
    fn new<T: Serialize>(view: &T) -> Hashed {
        Hashed {
            hash: fingerprint::of_serialized(view),
            value: Value::from_serializable(view),
        }
    }
}

/// An idea's fingerprint, and its template value once a page needs it: a build that finds
/// most pages unchanged (or a `serve` rebuild) renders few pages, and building 10,000 Tera
/// values it never reads would cost more than everything else it does.
#[derive(Clone)]
pub struct IdeaValue {
    pub hash: u64,
    value: std::sync::Arc<std::sync::OnceLock<Value>>,
}

/// Idea values kept between runs of the engine: building them (summary Markdown, Tera
/// values, hashes) is most of the per-run cost on a large site.
#[derive(Default)]
pub struct IdeaCache {
    /// The config the values were built under; another config invalidates them all.
    config: u64,
    /// By the idea file's hash (see [`crate::util::cache`]).
    values: rustc_hash::FxHashMap<u64, IdeaValue>,
}

/// Values computed once per build and shared by every page.
pub struct Shared {
    pub site: Hashed,
    /// Program pages' `program` (years with counts), by program index.
    pub programs: Vec<Hashed>,
    /// Year summaries (no ideas), by year index.
    pub years: Vec<Hashed>,
    pub ideas: Vec<IdeaValue>,
    /// A fingerprint of the configuration, which every page and generated file depends on
    /// (made once here; the config is large and formatted in full).
    pub config: u64,
    md: markdown::Options,
}

/// A context variable beyond `site` and `page`, by reference to the shared values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Insert {
    /// `programs`: all programs with counts (home page).
    Programs,
    Program(usize),
    /// `year` with its ideas (year page).
    YearWithIdeas(usize),
    /// `year` without ideas (idea page).
    Year(usize),
    Idea(usize),
    /// `taxonomy` with its terms.
    Taxonomy(usize),
    /// `taxonomy` (without terms) and `term` with its ideas by year.
    Term(usize, usize),
}

impl Insert {
    /// The ideas whose views the inserted value embeds: the fingerprint hashes them, the
    /// context holds them, and a patch that replaces one renders the page again. The other
    /// values (programs, years, taxonomies) show only what the model holds, such as counts.
    fn ideas(self, site: &Site) -> impl Iterator<Item = usize> + '_ {
        let (one, many): (Option<usize>, &[usize]) = match self {
            Insert::Idea(i) => (Some(i), &[]),
            Insert::YearWithIdeas(y) => (None, &site.years[y].ideas),
            Insert::Term(t, k) => (None, &site.taxonomies[t].terms[k].ideas),
            Insert::Programs | Insert::Program(_) | Insert::Year(_) | Insert::Taxonomy(_) => {
                (None, &[])
            }
        };
        one.into_iter().chain(many.iter().copied())
    }
}

/// Everything one page's context is made of, by reference: making it reads nothing inside
/// a document, so a patched run can ask it of every page cheaply. The page's title
/// ([`Site::title_of`]) and breadcrumbs ([`crumbs`]) come from the model.
struct Parts<'a> {
    kind: &'static str,
    /// The page's own document (home, program, year, idea or wiki page), shown in full.
    doc: Option<OwnDoc<'a>>,
    /// At most two per page, kept inline.
    inserts: [Option<Insert>; 2],
}

impl Parts<'_> {
    fn inserts(&self) -> impl Iterator<Item = Insert> + '_ {
        self.inserts.iter().flatten().copied()
    }
}

/// What a page shows of its own document.
struct OwnDoc<'a> {
    body: &'a Rendered,
    /// The document's fingerprint (covers its whole file: title, body and extra).
    hash: u64,
    /// The source file, relative to `content/`.
    rel: &'a str,
    extra: &'a Extra,
}

/// What page `page` is made of.
fn parts(site: &Site, page: PageRef) -> Parts<'_> {
    macro_rules! own {
        ($doc:expr) => {{
            let d = $doc;
            OwnDoc {
                body: &d.body,
                hash: d.hash,
                rel: &d.rel,
                extra: &d.fm.extra,
            }
        }};
    }
    let (kind, doc, inserts) = match page {
        PageRef::Home => {
            let doc = site.home.as_ref().map(|h| own!(h));
            ("home", doc, [Some(Insert::Programs), None])
        }
        PageRef::NotFound => ("404", None, [None, None]),
        PageRef::Program(i) => {
            let doc = site.programs[i].doc.as_ref().map(|d| own!(d));
            ("program", doc, [Some(Insert::Program(i)), None])
        }
        PageRef::Year(i) => {
            let doc = Some(own!(&site.years[i].doc));
            ("year", doc, [Some(Insert::YearWithIdeas(i)), None])
        }
        PageRef::Idea(i) => {
            let idea = &site.ideas[i];
            let inserts = [Some(Insert::Idea(i)), Some(Insert::Year(idea.year))];
            ("idea", Some(own!(&idea.doc)), inserts)
        }
        PageRef::Page(i) => ("page", Some(own!(&site.pages[i].doc)), [None, None]),
        PageRef::Archive => ("archive", None, [Some(Insert::Programs), None]),
        PageRef::Taxonomy(t) => ("taxonomy", None, [Some(Insert::Taxonomy(t)), None]),
        PageRef::Term(t, k) => ("term", None, [Some(Insert::Term(t, k)), None]),
    };
    Parts { kind, doc, inserts }
}

/// The links above a page, from the home page down to its parent.
fn crumbs(site: &Site, page: PageRef) -> Vec<LinkView> {
    let root = site.config.root.as_str();
    let policy = site.config.emails;
    let home = || LinkView {
        title: text(
            site.home.as_ref().map_or("Home", |h| h.fm.title.as_str()),
            policy,
        ),
        url: root.to_string(),
    };
    let program = |pi: usize| LinkView {
        title: text(&site.programs[pi].title, policy),
        url: format!("{root}{}", site.programs[pi].path),
    };
    let year = |yi: usize| LinkView {
        title: text(&site.years[yi].doc.fm.title, policy),
        url: format!("{root}{}", site.years[yi].path),
    };
    match page {
        PageRef::Home => vec![],
        PageRef::NotFound
        | PageRef::Program(_)
        | PageRef::Page(_)
        | PageRef::Archive
        | PageRef::Taxonomy(_) => vec![home()],
        PageRef::Year(i) => vec![home(), program(site.years[i].program)],
        PageRef::Idea(i) => {
            let y = site.ideas[i].year;
            vec![home(), program(site.years[y].program), year(y)]
        }
        PageRef::Term(t, _) => {
            let tax = &site.taxonomies[t];
            let taxonomy = LinkView {
                title: text(&tax.config.title, policy),
                url: format!("{root}{}", tax.path),
            };
            vec![home(), taxonomy]
        }
    }
}

/// Whether `page` shows any of the documents `replaced` picks out, each named by the page
/// that is its own (`PageRef::Idea(i)` for idea `i`): as its own document, or as an idea
/// whose view it embeds. `engine::patch` asks this of every page after replacing
/// documents whose shape stayed the same, and renders only the pages that do.
pub(crate) fn shows(site: &Site, page: PageRef, replaced: impl Fn(PageRef) -> bool) -> bool {
    let parts = parts(site, page);
    (parts.doc.is_some() && replaced(page))
        || parts
            .inserts()
            .any(|insert| insert.ideas(site).any(|i| replaced(PageRef::Idea(i))))
}

/// Plain text from front matter, with addresses scrubbed per the email policy.
pub(crate) fn text(s: &str, policy: EmailPolicy) -> String {
    email::scrub(s, policy).into_owned()
}

pub(crate) fn texts(v: &[String], policy: EmailPolicy) -> Vec<String> {
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

fn idea_view<'a>(site: &'a Site, i: usize, md: &markdown::Options) -> IdeaView<'a> {
    let idea = &site.ideas[i];
    let fm = &idea.doc.fm;
    let root = &site.config.root;
    let policy = site.config.emails;
    IdeaView {
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
                url: m
                    .url
                    .as_deref()
                    .filter(|u| email::url_shown(u, policy))
                    .map(str::to_string),
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
            .map(|s| markdown::render_inline(s, md)),
        terms: IdeaField::BUILT_IN
            .iter()
            .map(|field| {
                let tax = site.taxonomies.iter().find(|t| t.config.from == *field);
                let links = crate::site::model::taxonomy::values(idea, field)
                    .into_iter()
                    .map(|name| TermLink {
                        url: tax
                            .and_then(|t| t.term(&name))
                            .map(|term| format!("{root}{}", term.path)),
                        name: text(&name, policy),
                    })
                    .collect();
                (field.as_str(), links)
            })
            .collect(),
        extra: scrub_extra(&fm.extra, policy),
    }
}

impl Shared {
    /// The values every page shares, reusing the idea values of `cache` for ideas whose source did
    /// not change (an idea's view depends only on its file and the config), and adding to
    /// `cache` the values made.
    pub fn with_cache(site: &Site, md: markdown::Options, cache: &mut IdeaCache) -> Shared {
        let root = site.config.root.as_str();
        let policy = site.config.emails;
        let config_key = fingerprint::of(&format!("{:?}", site.config));
        if cache.config != config_key {
            cache.values.clear();
            cache.config = config_key;
        }
        let keys: Vec<u64> = site.ideas.iter().map(|idea| idea.doc.hash).collect();
        let ideas = crate::util::cache::reuse_or_make(&mut cache.values, &keys, |i| IdeaValue {
            hash: fingerprint::of_serialized(&idea_view(site, i, &md)),
            value: Default::default(),
        });
        let years: Vec<Hashed> = (0..site.years.len())
            .map(|i| Hashed::new(&year_view(site, i, &md, Vec::new())))
            .collect();
        let programs: Vec<Hashed> = site
            .programs
            .iter()
            .map(|p| {
                let view = ProgramView {
                    name: &p.name,
                    title: text(&p.title, policy),
                    url: format!("{root}{}", p.path),
                    years: p.years.iter().map(|&y| years[y].value.clone()).collect(),
                };
                // The years are Tera values (unordered maps): hash them by their own hashes.
                let year_hashes: Vec<u64> = p.years.iter().map(|&y| years[y].hash).collect();
                Hashed {
                    hash: fingerprint::of(&(view.name, &view.title, &view.url, year_hashes)),
                    value: Value::from_serializable(&view),
                }
            })
            .collect();
        let nav = site
            .programs
            .iter()
            .map(|p| NavProgram {
                name: &p.name,
                title: text(&p.title, policy),
                url: format!("{root}{}", p.path),
                years: p
                    .years
                    .iter()
                    .map(|&y| {
                        let year = &site.years[y];
                        NavYear {
                            title: text(&year.doc.fm.title, policy),
                            year: year.year,
                            url: format!("{root}{}", year.path),
                            status: year.status.as_str(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let site_value = Hashed::new(&SiteView {
            title: text(&site.config.title, policy),
            description: site.config.description.as_deref().map(|d| text(d, policy)),
            language: &site.config.language,
            base_url: &site.config.base_url,
            root,
            programs: nav,
            pages: site
                .pages
                .iter()
                .map(|p| LinkView {
                    title: text(&p.doc.fm.title, policy),
                    url: format!("{root}{}", p.path),
                })
                .collect(),
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink {
                    name: &t.config.name,
                    title: &t.config.title,
                    url: format!("{root}{}", t.path),
                })
                .collect(),
            generator: format!("ideawiki {}", env!("CARGO_PKG_VERSION")),
        });
        Shared {
            site: site_value,
            programs,
            years,
            ideas,
            config: config_key,
            md,
        }
    }

    /// The template value of idea `i`, built on first use. An idea's view depends only on
    /// its file and the config, so a value cached under the file's hash stays right.
    pub(crate) fn idea_value(&self, site: &Site, i: usize) -> Value {
        self.ideas[i]
            .value
            .get_or_init(|| Value::from_serializable(&idea_view(site, i, &self.md)))
            .clone()
    }

    fn taxonomy_view<'a>(&self, site: &'a Site, t: usize, with_terms: bool) -> TaxonomyView<'a> {
        let tax = &site.taxonomies[t];
        let root = &site.config.root;
        TaxonomyView {
            name: &tax.config.name,
            title: &tax.config.title,
            from: &tax.config.from,
            url: format!("{root}{}", tax.path),
            terms: if with_terms {
                tax.terms
                    .iter()
                    .map(|term| TermView {
                        name: text(&term.name, site.config.emails),
                        slug: &term.slug,
                        url: format!("{root}{}", term.path),
                        count: term.ideas.len(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// A term's ideas (`ideas`, newest year first) grouped by year.
    fn term_view<'a>(
        &self,
        site: &'a Site,
        t: usize,
        k: usize,
        ideas: impl Iterator<Item = usize>,
    ) -> TermPageView<'a> {
        let term = &site.taxonomies[t].terms[k];
        let mut years: Vec<TermYear> = Vec::new();
        let mut last_year = None;
        for i in ideas {
            let y = site.ideas[i].year;
            if last_year != Some(y) {
                years.push(TermYear {
                    year: self.years[y].value.clone(),
                    ideas: Vec::new(),
                });
                last_year = Some(y);
            }
            if let Some(group) = years.last_mut() {
                group.ideas.push(self.idea_value(site, i));
            }
        }
        TermPageView {
            name: text(&term.name, site.config.emails),
            slug: &term.slug,
            url: format!("{}{}", site.config.root, term.path),
            count: term.ideas.len(),
            years,
        }
    }

    /// "What links here" for a page.
    fn backlinks(&self, site: &Site, page: PageRef) -> Vec<LinkView> {
        let policy = site.config.emails;
        site.links
            .backlinks
            .get(&page)
            .map(|from| {
                from.iter()
                    .map(|&p| LinkView {
                        title: text(site.title_of(p), policy),
                        url: format!("{}{}", site.config.root, site.path_of(p)),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Where each of the page's wiki links leads (`None`: nowhere).
    fn wikilink_urls(&self, site: &Site, page: PageRef) -> Vec<Option<String>> {
        site.links
            .wikilinks
            .get(&page)
            .map(|targets| {
                targets
                    .iter()
                    .map(|t| t.map(|p| format!("{}{}", site.config.root, site.path_of(p))))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A hash of everything in the page's context. Equal fingerprints (under the same
    /// templates and config) mean byte-identical output.
    pub fn fingerprint(&self, site: &Site, page: PageRef) -> u64 {
        let parts = parts(site, page);
        let mut h = fingerprint::hasher();
        self.site.hash.hash(&mut h);
        parts.kind.hash(&mut h);
        site.title_of(page).hash(&mut h);
        parts.doc.as_ref().map_or(0, |d| d.hash).hash(&mut h);
        crumbs(site, page).hash(&mut h);
        parts
            .doc
            .as_ref()
            .and_then(|d| site.revisions.get(d.rel))
            .hash(&mut h);
        site.path_of(page).hash(&mut h);
        for insert in parts.inserts() {
            match insert {
                Insert::Programs => self.programs.iter().for_each(|p| p.hash.hash(&mut h)),
                Insert::Program(i) => self.programs[i].hash.hash(&mut h),
                Insert::YearWithIdeas(i) => self.years[i].hash.hash(&mut h),
                Insert::Year(i) => (1u8, self.years[i].hash).hash(&mut h),
                Insert::Idea(_) => {}
                Insert::Taxonomy(t) => {
                    fingerprint::of_serialized(&self.taxonomy_view(site, t, true)).hash(&mut h)
                }
                Insert::Term(t, k) => {
                    fingerprint::of_serialized(&self.taxonomy_view(site, t, false)).hash(&mut h);
                    site.taxonomies[t].terms[k].name.hash(&mut h);
                    // The ideas come grouped under their years' values.
                    for i in insert.ideas(site) {
                        self.years[site.ideas[i].year].hash.hash(&mut h);
                    }
                }
            }
            for i in insert.ideas(site) {
                self.ideas[i].hash.hash(&mut h);
            }
        }
        self.backlinks(site, page).hash(&mut h);
        self.wikilink_urls(site, page).hash(&mut h);
        h.finish()
    }

    /// The full context of one page.
    pub fn context(&self, site: &Site, page: PageRef) -> tera::Context {
        let parts = parts(site, page);
        let policy = site.config.emails;
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.value.clone());
        for insert in parts.inserts() {
            let ideas = insert.ideas(site);
            match insert {
                Insert::Programs => ctx.insert_value(
                    "programs",
                    Value::from(
                        self.programs
                            .iter()
                            .map(|p| p.value.clone())
                            .collect::<Vec<_>>(),
                    ),
                ),
                Insert::Program(i) => ctx.insert_value("program", self.programs[i].value.clone()),
                Insert::YearWithIdeas(i) => {
                    let ideas = ideas.map(|k| self.idea_value(site, k)).collect();
                    ctx.insert_value(
                        "year",
                        Value::from_serializable(&year_view(site, i, &self.md, ideas)),
                    );
                }
                Insert::Year(i) => ctx.insert_value("year", self.years[i].value.clone()),
                Insert::Idea(i) => ctx.insert_value("idea", self.idea_value(site, i)),
                Insert::Taxonomy(t) => ctx.insert_value(
                    "taxonomy",
                    Value::from_serializable(&self.taxonomy_view(site, t, true)),
                ),
                Insert::Term(t, k) => {
                    ctx.insert_value(
                        "taxonomy",
                        Value::from_serializable(&self.taxonomy_view(site, t, false)),
                    );
                    ctx.insert_value(
                        "term",
                        Value::from_serializable(&self.term_view(site, t, k, ideas)),
                    );
                }
            }
        }
        let path = site.path_of(page);
        let doc = parts.doc.as_ref();
        let scrubbed_extra = doc.map(|d| scrub_extra(d.extra, policy));
        let revision = doc.and_then(|d| site.revisions.get(d.rel));
        // As the reader finds it in the repository: `/`-separated on every system.
        let source = doc.map(|d| format!("{}/{}", crate::site::layout::CONTENT_DIR, d.rel));
        let (edit_url, history_url) = match (&site.config.repository, &source) {
            (Some(repo), Some(source)) => {
                let (edit, history) = repository_links(repo, source);
                (Some(edit), Some(history))
            }
            _ => (None, None),
        };
        let body = doc.map(|d| d.body);
        let content = match body {
            Some(b) => markdown::resolve_wikilinks(&b.html, &self.wikilink_urls(site, page)),
            None => std::borrow::Cow::Borrowed(""),
        };
        let backlinks = self.backlinks(site, page);
        let view = PageView {
            kind: parts.kind,
            title: text(site.title_of(page), policy),
            url: format!("{}{path}", site.config.root),
            permalink: format!("{}{path}", site.config.base_url),
            content: &content,
            toc: body.map_or(&[], |b| b.toc.as_slice()),
            breadcrumbs: crumbs(site, page),
            backlinks,
            source,
            revision,
            edit_url,
            history_url,
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
        prev: neighbour(site, i, 1),
        next: neighbour(site, i, -1),
        facets: (!ideas.is_empty()).then(|| facets(site, i)),
        ideas,
    }
}

/// "Edit" and "History" links for a source file, in the hosting service's URL scheme, told
/// apart by host name: GitLab puts them under `/-/`, Gitea and Forgejo (Codeberg) use
/// `_edit/` and `commits/branch/`, GitHub and the rest `edit/` and `commits/`.
pub fn repository_links(repo: &crate::site::config::Repository, source: &str) -> (String, String) {
    let base = repo.url.trim_end_matches('/');
    let dir = repo.path.trim_matches('/');
    let file = if dir.is_empty() {
        source.replace('\\', "/")
    } else {
        format!("{dir}/{}", source.replace('\\', "/"))
    };
    let branch = &repo.branch;
    let host = base.split('/').nth(2).unwrap_or("");
    if host.contains("gitlab") {
        (
            format!("{base}/-/edit/{branch}/{file}"),
            format!("{base}/-/commits/{branch}/{file}"),
        )
    } else if ["gitea", "forgejo", "codeberg"]
        .iter()
        .any(|h| host.contains(h))
    {
        (
            format!("{base}/_edit/{branch}/{file}"),
            format!("{base}/commits/branch/{branch}/{file}"),
        )
    } else {
        (
            format!("{base}/edit/{branch}/{file}"),
            format!("{base}/commits/{branch}/{file}"),
        )
    }
}

/// The year `step` places later in the program's newest-first list (1: the previous year,
/// -1: the next one).
fn neighbour(site: &Site, i: usize, step: isize) -> Option<YearLink> {
    let years = &site.programs[site.years[i].program].years;
    let at = years.iter().position(|&y| y == i)?;
    let j = *years.get(at.checked_add_signed(step)?)?;
    let y = &site.years[j];
    Some(YearLink {
        title: text(&y.doc.fm.title, site.config.emails),
        year: y.year,
        url: format!("{}{}", site.config.root, y.path),
    })
}

/// The values the year's ideas take, per filterable field, in a stable order.
fn facets(site: &Site, i: usize) -> Facets {
    use crate::site::model::taxonomy;
    let policy = site.config.emails;
    let collect = |field: IdeaField| -> Facet {
        let tax = site.taxonomies.iter().find(|t| t.config.from == field);
        let mut seen = std::collections::BTreeMap::new();
        for &k in &site.years[i].ideas {
            for v in taxonomy::values(&site.ideas[k], &field) {
                seen.entry((taxonomy::natural_rank(&field, &v), v.to_lowercase()))
                    .or_insert_with(|| FacetValue {
                        slug: tax.and_then(|t| t.term(&v)).map(|t| t.slug.clone()),
                        name: text(&v, policy),
                    });
            }
        }
        Facet {
            taxonomy: tax.map(|t| t.config.name.clone()),
            values: seen.into_values().collect(),
        }
    };
    Facets {
        project: collect(IdeaField::Project),
        size: collect(IdeaField::Size),
        difficulty: collect(IdeaField::Difficulty),
        skills: collect(IdeaField::Skills),
        status: collect(IdeaField::Status),
    }
}
