//! Generated files that are not pages: machine-readable lists, feeds, sitemap, robots.txt,
//! redirects. Each is planned with a fingerprint of what it is made of, so the engine
//! regenerates it only when that changes, exactly like a page.

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

/// Every generated file of the site.
pub fn plan<'a>(site: &'a Site, shared: &'a Shared) -> Vec<Generated<'a>> {
    let _ = shared;
    vec![robots(site)]
}

/// Allows everything and points crawlers at the sitemap.
fn robots(site: &Site) -> Generated<'_> {
    let base = site.config.base_url.clone();
    Generated {
        path: "robots.txt".into(),
        fingerprint: crate::fingerprint::of(&("robots", &base)),
        render: Box::new(move || {
            Ok(format!(
                "User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"
            ))
        }),
    }
}
