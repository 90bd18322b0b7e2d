//! `robots.txt`: allows everything and points crawlers at the sitemap.

use super::common::Generated;
use crate::site::model::Site;

pub(super) fn plan(site: &Site) -> Generated<'_> {
    let sitemap = super::common::absolute(site, "sitemap.xml");
    Generated {
        path: "robots.txt".into(),
        fingerprint: crate::util::fingerprint::of(&("robots", &sitemap)),
        render: Box::new(move || Ok(format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n"))),
    }
}
