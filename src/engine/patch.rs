//! Patching the site model in place after an edit that leaves its shape alone.
//!
//! Most saves during `serve` change an idea's or a wiki page's text, or a field that no
//! list sorts or groups by (a summary, a mentor's address). Building the model again for
//! those (sorting every idea, grouping them into taxonomies, resolving every link, checking
//! every URL) costs more than all the rest of such a save on a large site (figures in
//! `bench/README.md`). Instead, each changed document whose *shape* (what the model reads
//! from it, declared in [`crate::site::model::shape`]) is unchanged takes its old version's
//! place. Anything else (a new title, another skill, a year's front matter, a new or
//! deleted file) builds the model again, as a full build would.
//!
//! The pages to render again are those that show a replaced document, as `render::view`
//! declares for every page; the random-edit test in `tests/testsuite/incremental.rs`
//! checks that patched runs equal fresh full builds, byte for byte.

use std::collections::BTreeSet;

use crate::site::model::links;
use crate::site::model::shape::Shape;
use crate::site::model::{Idea, PageRef, Site, WikiPage, status_in};
use crate::site::parse::Parsed;

/// The documents a patch replaced; pages that show none of them are unchanged.
#[derive(Debug, Default)]
pub struct Patched {
    /// The replaced ideas and wiki pages, by index.
    ideas: BTreeSet<usize>,
    pages: BTreeSet<usize>,
}

impl Patched {
    /// Whether `page` shows anything of a replaced document: its own page, or a list that
    /// holds a replaced idea (its year's page, its terms' pages). Nothing else can differ:
    /// what other pages show of a document comes from its shape, which stayed the same.
    pub fn shows(&self, site: &Site, page: PageRef) -> bool {
        crate::render::view::shows(site, page, |doc| match doc {
            PageRef::Idea(i) => self.ideas.contains(&i),
            PageRef::Page(p) => self.pages.contains(&p),
            _ => false,
        })
    }
}

/// A document ready to take its old version's place.
enum Replacement {
    Idea(usize, Idea),
    Page(usize, WikiPage),
}

/// Puts the changed documents `docs` into `site` if every one of them is an idea or wiki
/// page already in it with an unchanged shape; returns `None`, leaving `site` as it
/// was, if any one is not (the model must then be built again).
pub fn patch(site: &mut Site, docs: Vec<Parsed>) -> Option<Patched> {
    let mut replacements = Vec::with_capacity(docs.len());
    for doc in docs {
        let replacement = match doc {
            Parsed::Idea(mut doc) => {
                // As the model built them: skills under their names.
                site.config.skill_aliases.apply(&mut doc.fm);
                // None: new, or left out as a draft.
                let i = site.ideas.iter().position(|x| x.doc.rel == doc.rel)?;
                let old = &site.ideas[i];
                let new = Idea {
                    status: status_in(&doc.fm, site.years[old.year].status),
                    doc,
                    ..old.clone()
                };
                if Shape::of_idea(&site.config, &new)
                    != Shape::of_idea(&site.config, &site.ideas[i])
                {
                    return None;
                }
                Replacement::Idea(i, new)
            }
            Parsed::Page(doc) => {
                let i = site.pages.iter().position(|x| x.doc.rel == doc.rel)?;
                let new = WikiPage {
                    doc,
                    path: site.pages[i].path.clone(),
                };
                if Shape::of_page(&new) != Shape::of_page(&site.pages[i]) {
                    return None;
                }
                Replacement::Page(i, new)
            }
            // Sections decide which folders hold ideas, what years and programs exist and
            // how they are titled: too much of the model to patch.
            Parsed::Section(_) => return None,
        };
        replacements.push(replacement);
    }
    let mut patched = Patched::default();
    for r in replacements {
        let page = match r {
            Replacement::Idea(i, idea) => {
                site.ideas[i] = idea;
                patched.ideas.insert(i);
                PageRef::Idea(i)
            }
            Replacement::Page(i, page) => {
                site.pages[i] = page;
                patched.pages.insert(i);
                PageRef::Page(i)
            }
        };
        // Links resolve as before (same targets, same site), but warnings about missing
        // ones point at lines, which may have moved.
        let Some(src) = site.source_of(page) else {
            continue;
        };
        let shown = std::path::Path::new(crate::site::layout::CONTENT_DIR).join(src.rel);
        let resolved = site.links.wikilinks.get(&page).cloned().unwrap_or_default();
        let fresh = links::missing(site.pages(), &Default::default(), &src, &resolved);
        site.warnings
            .retain(|d| d.code != "missing-wikilink" || d.file.as_deref() != Some(&shown));
        site.warnings.extend(fresh);
    }
    Some(patched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::model::testing;

    /// A site of two ideas (`a.md` with `fm_a`) and a wiki page, and idea `a.md` as `edit`
    /// would leave it, parsed.
    fn site_and_edit(fm_a: &str, edit: &str) -> (Site, Parsed) {
        let mut files = testing::two_ideas(fm_a, "skills: [Rust]\n");
        files.push((
            "applying.md",
            "---\ntitle: Applying\n---\nSee [[A]].\n".into(),
        ));
        let site = testing::site("", &files);
        let edited = testing::parse(
            &site.config,
            &testing::year_dirs(&files),
            "gsoc/2027/a.md",
            edit,
        );
        (site, edited)
    }

    fn idea_index(site: &Site, rel: &str) -> usize {
        site.ideas.iter().position(|i| i.doc.rel == rel).unwrap()
    }

    #[test]
    fn a_new_summary_is_patched_in_and_shown_where_the_idea_is() {
        let (mut site, edit) = site_and_edit(
            "summary: Old\nskills: [C]\n",
            "---\ntitle: A\nsummary: New\nskills: [C]\n---\nBody A, longer.\n",
        );
        let patched = patch(&mut site, vec![edit]).expect("same shape");
        let a = idea_index(&site, "gsoc/2027/a.md");
        assert_eq!(site.ideas[a].doc.fm.summary.as_deref(), Some("New"));
        let showing: Vec<PageRef> = site
            .page_refs()
            .into_iter()
            .filter(|&p| patched.shows(&site, p))
            .collect();
        let skills = site
            .taxonomies
            .iter()
            .position(|t| t.config.name == "skills")
            .unwrap();
        let c = site.taxonomies[skills]
            .terms
            .iter()
            .position(|t| t.name == "C")
            .unwrap();
        let mut expected = vec![PageRef::Year(0), PageRef::Idea(a), PageRef::Term(skills, c)];
        // Its status's term page lists it too: every idea has a status.
        let status = site
            .taxonomies
            .iter()
            .position(|t| t.config.name == "status")
            .unwrap();
        expected.push(PageRef::Term(status, 0));
        expected.sort();
        assert_eq!(showing, expected);
    }

    /// Every page's fingerprint, as a run renders them.
    fn fingerprints(site: &Site) -> Vec<u64> {
        let md = crate::site::markdown::Options::for_config(&site.config);
        let shared = crate::render::view::Shared::with_cache(site, md, &mut Default::default());
        site.page_refs()
            .into_iter()
            .map(|p| shared.fingerprint(site, p))
            .collect()
    }

    #[test]
    fn pages_a_patch_does_not_show_keep_their_fingerprints() {
        let (mut site, edit) = site_and_edit(
            "summary: Old\nskills: [C]\nmentors: [{name: Ann, email: ann@example.org}]\n",
            "---\ntitle: A\nsummary: New\nskills: [C]\nmentors: [{name: Ann, email: ann@example.com}]\n---\nNew body.\n",
        );
        let before = fingerprints(&site);
        let patched = patch(&mut site, vec![edit]).expect("same shape");
        let after = fingerprints(&site);
        for (n, page) in site.page_refs().into_iter().enumerate() {
            assert_eq!(
                before[n] != after[n],
                patched.shows(&site, page),
                "{page:?}"
            );
        }
    }

    #[test]
    fn a_new_value_of_a_grouped_field_builds_the_model_again() {
        for edit in [
            "---\ntitle: A\nskills: [C, Go]\n---\nBody A.\n",
            "---\ntitle: A\nskills: [C]\nstatus: taken\n---\nBody A.\n",
            "---\ntitle: Renamed\nskills: [C]\n---\nBody A.\n",
            "---\ntitle: A\nskills: [C]\n---\nNow see [[B]].\n",
        ] {
            let (mut site, parsed) = site_and_edit("skills: [C]\n", edit);
            assert!(patch(&mut site, vec![parsed]).is_none(), "{edit}");
            // Left as it was.
            let a = idea_index(&site, "gsoc/2027/a.md");
            assert_eq!(site.ideas[a].doc.fm.title, "A");
        }
    }
}
