//! The template context: the theme authors' API, documented in `themes/wiki/README.md`.
//!
//! Templates get view structs, never the internal model, so the model can change without
//! breaking themes. One file per variable a template reads: [`site_wide`] (`site`,
//! `program`), [`year`], [`idea`], [`taxonomy`] (`taxonomy`, `term`) and [`page`], with
//! [`facets`], [`repository`] links and [`scrub`] (the email policy) below them.
//!
//! Values shared by many pages (the site, each idea, each year) are made once per build
//! into [`Shared`] and then cloned. What each page is made of is declared once, in
//! [`parts`]; the page's context, its fingerprint and whether a patched model changed it
//! ([`shows`]) are all derived from that declaration, so a rebuild that compares
//! fingerprints re-renders exactly the pages whose context changed. What a page shows of
//! any other document comes from the model, which reads only its shape
//! ([`crate::site::model::shape`]).

mod facets;
mod idea;
mod lists;
mod page;
mod parts;
mod repository;
mod scrub;
mod shared;
mod site_wide;
mod taxonomy;
mod year;

pub(crate) use lists::IdeaFragments;
pub(crate) use parts::shows;

pub(crate) use scrub::{text, texts};
pub(crate) use shared::{IdeaCache, Shared};
