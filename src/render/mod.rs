//! Rendering: the model into HTML pages and generated files, still in memory.
//!
//! [`theme`] (templates and static files) → [`view`] (what each template receives) →
//! [`templates`] (Tera) → [`relative_links`] (for `--relative-links`); [`generated`] makes
//! the files that are not pages (feeds, `ideas.json`, the search index, the sitemap,
//! redirects). [`plain_text`] turns rendered HTML back into words, for both.

pub(crate) mod generated;
pub(crate) mod plain_text;
pub(crate) mod relative_links;
pub(crate) mod templates;
pub(crate) mod theme;
pub(crate) mod view;
