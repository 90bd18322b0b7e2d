//! Generated files that are not pages: machine-readable lists, feeds, sitemap, robots.txt,
//! redirects, the search index. Each is planned with a fingerprint of what it is made of,
//! so the engine regenerates it only when that changes, exactly like a page.
//!
//! One submodule per kind of file; `docs/outputs.md` documents what each one holds for
//! the people who consume them (feed readers, scripts, the theme's search box).

mod atom;
mod common;
mod ideas_json;
mod redirects;
mod robots;
mod search;
mod sitemap;

use crate::render::view::Shared;
use crate::site::model::Site;
pub(crate) use common::{Caches, Generated};
use common::{Inputs, Keys};

/// Makes idea `i`'s line of the search index now, while its body is at hand, for the
/// index to take when it is made: a one-shot build then lets go of the body (300 MB at
/// 100,000 ideas) long before. Returns whether the line was made: a kept engine's `caches`
/// keep lines their own way.
pub fn make_search_line(caches: &Caches, site: &Site, shared: &Shared, i: usize) -> bool {
    caches.keep_search_line(i, || search::idea_line(site, shared, i))
}

/// Every generated file of the site.
pub fn plan<'a>(site: &'a Site, shared: &'a Shared, caches: &'a Caches) -> Vec<Generated<'a>> {
    let inputs = Inputs {
        site,
        shared,
        keys: Keys::new(site, shared),
    };
    let entries = atom::entry_keys(site, shared, &inputs.keys);
    let mut out = vec![
        robots::plan(site),
        sitemap::plan(site),
        ideas_json::plan(&inputs, &caches.ideas),
        atom::plan_site(site, shared, &entries),
        search::plan(&inputs, caches),
    ];
    out.extend((0..site.years.len()).map(|y| atom::plan_year(site, shared, &entries, y)));
    out.extend(redirects::plan(site));
    out
}
