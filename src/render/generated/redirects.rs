//! Redirect pages: one tiny page per alias, sending the reader on to the page that has
//! the address now (meta refresh, a canonical link for search engines, and a plain link for
//! everyone else). The model checked the aliases (see [`crate::site::model::aliases`]).

use super::common::Generated;
use crate::render::plain_text::escape_xml;
use crate::site::model::Site;

/// One redirect page per alias.
pub(super) fn plan(site: &Site) -> Vec<Generated<'_>> {
    site.aliases
        .iter()
        .map(|alias| {
            let title = super::common::scrubbed(site.title_of(alias.target), site.config.emails);
            let target = site.path_of(alias.target).to_string();
            Generated {
                fingerprint: crate::util::fingerprint::of(&(
                    "alias",
                    &alias.output,
                    &target,
                    &title,
                )),
                path: alias.output.clone(),
                render: Box::new(move || Ok(redirect_page(site, &target, &title))),
            }
        })
        .collect()
}

/// A minimal HTML5 page that sends the reader to `target` (a site path).
fn redirect_page(site: &Site, target: &str, title: &str) -> String {
    let url = escape_xml(&format!("{}{target}", site.config.root));
    let canonical = escape_xml(&super::common::absolute(site, target));
    let title = escape_xml(title);
    let link = format!("<a href=\"{url}\">{title}</a>");
    let moved = escape_xml(site.config.strings.get("moved_to")).replace("{page}", &link);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>{moved}</p>\n</body>\n</html>\n",
        lang = escape_xml(&site.config.language),
    )
}
