//! Where the site writes each external URL, and a warning at each place a broken one is
//! written; [`super::external`] asks the servers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::documents::{DocRef, link_span};
use super::external;
use crate::diag::{self, Diagnostic};
use crate::site::model::Site;

/// One place an external URL is written: a Markdown link, or a mentor's `url`.
struct ExternalUse {
    url: String,
    what: &'static str,
    file: PathBuf,
    location: diag::Location,
    source: Arc<str>,
}

impl ExternalUse {
    fn request_url(&self) -> &str {
        external::request_url(&self.url)
    }

    fn diagnostic(self, broken: &BTreeMap<String, external::Broken>) -> Option<Diagnostic> {
        let why = broken.get(self.request_url())?;
        let (what, url) = (self.what, &self.url);
        let message = match why {
            external::Broken::Status(_) => {
                format!("the {what} `{url}` is broken: {}", why.reason())
            }
            _ => format!("the {what} `{url}` could not be reached: {}", why.reason()),
        };
        Some(
            Diagnostic::warning("external-link", message)
                .in_file(self.file)
                .at(self.location)
                .with_help(why.help())
                .with_source(self.source),
        )
    }
}

/// Asks the servers behind every `http(s)` URL of the site (`docs` and mentors' `url`s)
/// and adds a warning where each broken one is written. Returns how many distinct URLs
/// were asked about.
pub(super) fn check_all(
    site: &Site,
    docs: &[DocRef<'_>],
    settings: &external::Settings,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let mut uses = link_uses(docs);
    uses.extend(mentor_uses(site));
    let urls: BTreeSet<&str> = uses.iter().map(ExternalUse::request_url).collect();
    let (count, broken) = (urls.len(), external::probe_all(urls, settings));
    diags.extend(uses.into_iter().filter_map(|u| u.diagnostic(&broken)));
    count
}

/// The `http(s)` links and images of the bodies.
fn link_uses(docs: &[DocRef<'_>]) -> Vec<ExternalUse> {
    let mut uses = Vec::new();
    for doc in docs {
        for link in doc.links.iter().filter(|l| external::is_checked(&l.dest)) {
            uses.push(ExternalUse {
                url: link.dest.trim().to_string(),
                what: if link.is_image {
                    "image"
                } else {
                    "external link"
                },
                file: doc.shown(),
                location: diag::location(doc.source, link_span(doc, link, link.dest.trim())),
                source: doc.source.clone(),
            });
        }
    }
    uses
}

/// Mentors' `url`s: the idea table and page link to them.
fn mentor_uses(site: &Site) -> Vec<ExternalUse> {
    let mut uses = Vec::new();
    for idea in &site.ideas {
        let doc = &idea.doc;
        let front = &doc.source[..doc.body_offset.min(doc.source.len())];
        // Two mentors may share a URL: each search starts after the previous find.
        let mut from = 0;
        for url in doc.fm.mentors.iter().filter_map(|m| m.url.as_deref()) {
            if !external::is_checked(url) {
                continue;
            }
            let url = url.trim();
            let span = match front[from..].find(url) {
                Some(i) => {
                    from += i + url.len();
                    from - url.len()..from
                }
                None => match front.find("mentors:") {
                    Some(i) => i..i + "mentors".len(),
                    None => 0..3.min(front.len()),
                },
            };
            uses.push(ExternalUse {
                url: url.to_string(),
                what: "mentor URL",
                file: doc.shown(),
                location: diag::location(&doc.source, span),
                source: doc.source.clone(),
            });
        }
    }
    uses
}
