//! Patching the site model in place after an edit, instead of building it again.
//!
//! On a large site, building the model (sorting every idea, grouping them into taxonomies,
//! resolving every link, checking every URL) and dropping the old one cost more than all
//! the rest of a save during `serve` (figures in `bench/README.md`). So the documents a
//! save changed go into the last model:
//! - a document whose *shape* (what the model reads from it, declared in
//!   [`crate::site::model::shape`]) is unchanged takes its old version's place;
//! - an idea with another title, other grouped values or other links, a new idea file and
//!   a deleted one: the ideas are sorted around it, and its year's list, the taxonomies
//!   (terms made and dropped, named and ordered as a full build does), the links and, when
//!   pages come or go, the URL checks follow;
//! - a wiki page whose links changed: the links are resolved again.
//!
//! Anything rarer builds the model again, as a full build would: a section (`_index.md`:
//! it decides which folders hold ideas and what years exist), a wiki page that is new,
//! gone or retitled (it is in every page's sidebar anyway), a changed `slug:`, `aliases:`
//! or draft flag, an idea outside the years the model has, and any error (the full build
//! reports it).
//!
//! The pages to render again are those that show a changed document, as `render::view`
//! declares for every page, and those whose lists, counts or links changed, which the patch
//! names ([`Patched`]); the random-edit test in `tests/testsuite/incremental.rs` checks that
//! patched runs equal fresh full builds, byte for byte.

use rustc_hash::FxHashSet;

use crate::diag::Diagnostic;
use crate::site::frontmatter::IdeaFm;
use crate::site::model::documents::file_slug;
use crate::site::model::links::{self, Links};
use crate::site::model::shape::Shape;
use crate::site::model::{Idea, PageRef, Site, WikiPage, aliases, claims, status_in};
use crate::site::parse::{Doc, Parsed, parent_dir};

/// What a patch changed, for the render pass: which pages may show something new, and
/// where every other page was in the last run's list of pages.
#[derive(Debug, Default)]
pub struct Patched {
    /// The documents replaced or added, by their page.
    docs: FxHashSet<PageRef>,
    /// Other pages that may show something new: lists that gained, lost or reordered an
    /// idea, pages showing a year's idea count, pages with links.
    also: FxHashSet<PageRef>,
    /// Every page may show something new: a taxonomy got its first term or lost its last,
    /// which every page's sidebar shows.
    all: bool,
    /// Where the pages were in the last run, when ideas or terms came, went or moved.
    moves: Option<Moves>,
    /// How many pages the last run had.
    pages: usize,
}

#[derive(Debug)]
struct Moves {
    /// The old index of each idea (`None`: new).
    ideas: Vec<Option<usize>>,
    /// Per taxonomy, the old index of each term (`None`: new).
    terms: Vec<Vec<Option<usize>>>,
    /// Per taxonomy, where its page was in the last run's list (`None`: it had no terms).
    taxonomy_at: Vec<Option<usize>>,
    /// How many ideas the last model had.
    old_ideas: usize,
}

impl Patched {
    /// How many pages the model had before the patch.
    pub fn last_pages(&self) -> usize {
        self.pages
    }

    /// Whether `page` may show something the patch changed: a changed document (its own
    /// page, or a list that holds a changed idea, as `render::view` declares), or a list,
    /// count or link the patch names.
    pub fn shows(&self, site: &Site, page: PageRef) -> bool {
        self.all
            || self.also.contains(&page)
            || crate::render::view::shows(site, page, |doc| self.docs.contains(&doc))
    }

    /// Where `page`, `n`th in the model's list, was in the last run's list, when it shows
    /// nothing the patch changed (so its last fingerprint still holds); `None` if it may.
    pub fn unchanged(&self, site: &Site, n: usize, page: PageRef) -> Option<usize> {
        if self.shows(site, page) {
            return None;
        }
        let Some(m) = &self.moves else {
            return Some(n);
        };
        let (p, y, w) = (site.programs.len(), site.years.len(), site.pages.len());
        let ideas_at = 2 + p + y;
        Some(match page {
            PageRef::Home => 0,
            PageRef::NotFound => 1,
            PageRef::Program(i) => 2 + i,
            PageRef::Year(i) => 2 + p + i,
            PageRef::Idea(i) => ideas_at + m.ideas.get(i).copied().flatten()?,
            PageRef::Page(i) => ideas_at + m.old_ideas + i,
            PageRef::Archive => ideas_at + m.old_ideas + w,
            PageRef::Taxonomy(t) => m.taxonomy_at.get(t).copied().flatten()?,
            PageRef::Term(t, k) => {
                let at = m.taxonomy_at.get(t).copied().flatten()?;
                at + 1 + m.terms.get(t)?.get(k).copied().flatten()?
            }
        })
    }
}

/// The documents a save changed, sorted by what putting them in takes.
#[derive(Default)]
struct Changes {
    /// Same shape: each takes its old version's place, by index.
    same_ideas: Vec<(usize, Idea)>,
    same_pages: Vec<(usize, WikiPage)>,
    /// Ideas already in the model, whose shape changed.
    changed: Vec<(usize, Idea)>,
    added: Vec<Idea>,
    removed: Vec<usize>,
    /// Wiki pages whose links changed, nothing else of their shape.
    relinked: Vec<(usize, WikiPage)>,
}

/// Puts the documents parsed again (`docs`) into `site`, and takes out the ideas whose
/// files are `gone`; `statics` are the static files' output paths, which no page may take.
/// `None` when the model must be built again instead (see the module's comment): `site`
/// may then be half changed, and is dropped.
pub fn patch(
    mut site: Site,
    docs: Vec<Parsed>,
    gone: &[String],
    statics: &[String],
) -> Option<(Site, Patched)> {
    let changes = sort_changes(&mut site, docs, gone)?;
    let mut patched = Patched {
        pages: page_count(&site),
        ..Patched::default()
    };
    let Changes {
        same_ideas,
        same_pages,
        changed,
        added,
        removed,
        relinked,
    } = changes;
    let mut refresh = Vec::new();
    for (i, page) in same_pages.into_iter().chain(relinked.iter().cloned()) {
        site.pages[i] = page;
        patched.docs.insert(PageRef::Page(i));
        refresh.push(PageRef::Page(i));
    }
    let same: Vec<usize> = same_ideas.iter().map(|(i, _)| *i).collect();
    for (i, idea) in same_ideas {
        site.ideas[i] = idea;
    }
    if changed.is_empty() && added.is_empty() && removed.is_empty() && relinked.is_empty() {
        for i in same {
            patched.docs.insert(PageRef::Idea(i));
            refresh.push(PageRef::Idea(i));
        }
        refresh_warnings(&mut site, &refresh);
        return Some((site, patched));
    }
    // Links are resolved again when a name or a link changed, or pages came, went or moved.
    let relink = !added.is_empty()
        || !removed.is_empty()
        || !relinked.is_empty()
        || changed.iter().any(|(i, new)| {
            let old = &site.ideas[*i];
            old.doc.fm.title != new.doc.fm.title || links_of(&old.doc) != links_of(&new.doc)
        });
    // ...unless no page had a link to resolve and no new version has one: none has then.
    let root = site.config.root.as_str();
    let bodies = changed.iter().map(|(_, i)| &i.doc.body);
    let bodies = bodies.chain(added.iter().map(|i| &i.doc.body));
    let mut bodies = bodies.chain(relinked.iter().map(|(_, p)| &p.doc.body));
    let relink = relink && (site.links.any || bodies.any(|b| links::links_within(b, root)));
    let old_terms: Vec<usize> = site.taxonomies.iter().map(|t| t.terms.len()).collect();
    let old_counts: Vec<usize> = site.years.iter().map(|y| y.ideas.len()).collect();
    let mut paths_changed = !added.is_empty() || !removed.is_empty();
    let moved = resort(&mut site, changed, added, &removed)?;
    let left: Vec<&Idea> = moved.left.iter().collect();
    let mut terms_moves = Vec::with_capacity(site.taxonomies.len());
    for (t, tax) in site.taxonomies.iter_mut().enumerate() {
        let was_empty = tax.terms.is_empty();
        let terms = tax.patch(
            &left,
            &moved.remap,
            &moved.entered,
            &site.ideas,
            &site.years,
        )?;
        patched.all |= was_empty != tax.terms.is_empty();
        for &k in &terms.touched {
            patched.also.insert(PageRef::Term(t, k));
        }
        if terms.changed {
            patched.also.insert(PageRef::Taxonomy(t));
        }
        // Term pages came or went.
        paths_changed |= terms.new_to_old.iter().flatten().count() != old_terms[t]
            || terms.new_to_old.iter().any(Option::is_none);
        terms_moves.push(terms.new_to_old);
    }
    for idea in &moved.left {
        patched.also.insert(PageRef::Year(idea.year));
    }
    for &i in &moved.entered {
        patched.docs.insert(PageRef::Idea(i));
        patched.also.insert(PageRef::Year(site.ideas[i].year));
    }
    for i in same {
        let i = moved.remap[i]?;
        patched.docs.insert(PageRef::Idea(i));
        refresh.push(PageRef::Idea(i));
    }
    for y in (0..site.years.len()).filter(|&y| old_counts[y] != site.years[y].ideas.len()) {
        counted(&site, y, &mut patched.also);
    }
    if relink {
        let old = std::mem::take(&mut site.links);
        let (links, warnings) = Links::build(site.pages());
        let keys = |l: &Links| -> Vec<PageRef> {
            l.wikilinks
                .keys()
                .chain(l.backlinks.keys())
                .copied()
                .collect()
        };
        for page in keys(&old) {
            patched.also.extend(moved_page(page, &moved.full));
        }
        patched.also.extend(keys(&links));
        site.links = links;
        site.warnings = warnings;
    } else {
        refresh.extend(moved.entered.iter().map(|&i| PageRef::Idea(i)));
        refresh_warnings(&mut site, &refresh);
    }
    if paths_changed {
        // Pages came or went: every URL is checked again, and aliases lead to new indices.
        let pages = site.pages();
        let mut diags = Vec::new();
        pages.check_paths(&mut diags);
        let (mut claims, clashes) = claims::claim_outputs(pages, statics);
        diags.extend(clashes);
        let (aliases, alias_diags) = aliases::collect(pages, &mut claims);
        diags.extend(alias_diags);
        if diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        site.aliases = aliases;
    } else {
        for alias in &mut site.aliases {
            alias.target = moved_page(alias.target, &moved.full)?;
        }
    }
    let (p, y, w) = (site.programs.len(), site.years.len(), site.pages.len());
    let mut at = 2 + p + y + moved.old_ideas + w + 1;
    let taxonomy_at = old_terms
        .iter()
        .map(|&n| {
            (n > 0).then(|| {
                at += 1 + n;
                at - 1 - n
            })
        })
        .collect();
    patched.moves = Some(Moves {
        ideas: moved.new_to_old,
        terms: terms_moves,
        taxonomy_at,
        old_ideas: moved.old_ideas,
    });
    Some((site, patched))
}

/// Sorts the parsed documents into [`Changes`]; `None` if one needs the model built again.
fn sort_changes(site: &mut Site, docs: Vec<Parsed>, gone: &[String]) -> Option<Changes> {
    let mut c = Changes::default();
    for doc in docs {
        match doc {
            Parsed::Idea(mut doc) => {
                // As the model built them: skills under their names.
                site.config.skill_aliases.apply(&mut doc.fm);
                let Some(i) = site.ideas.iter().position(|x| x.doc.rel == doc.rel) else {
                    c.added.push(new_idea(site, doc)?);
                    continue;
                };
                let old = &site.ideas[i];
                let new = Idea {
                    status: status_in(&doc.fm, site.years[old.year].status),
                    doc,
                    ..old.clone()
                };
                let (was, is) = (
                    Shape::of_idea(&site.config, old),
                    Shape::of_idea(&site.config, &new),
                );
                if is == was {
                    c.same_ideas.push((i, new));
                } else if is.same_place(&was) {
                    c.changed.push((i, new));
                } else {
                    return None;
                }
            }
            Parsed::Page(doc) => {
                let i = site.pages.iter().position(|x| x.doc.rel == doc.rel)?;
                let old = &site.pages[i];
                let new = WikiPage {
                    doc,
                    path: old.path.clone(),
                };
                let (was, is) = (Shape::of_page(old), Shape::of_page(&new));
                if is == was {
                    c.same_pages.push((i, new));
                } else if is.same_but_links(&was) {
                    c.relinked.push((i, new));
                } else {
                    return None;
                }
            }
            // Sections decide which folders hold ideas, what years and programs exist and
            // how they are titled: too much of the model to patch.
            Parsed::Section(_) => return None,
        }
    }
    for rel in gone {
        // Not an idea of the model: a wiki page, a section, a draft.
        c.removed
            .push(site.ideas.iter().position(|x| x.doc.rel == *rel)?);
    }
    Some(c)
}

/// A new idea file as the model places it, or `None` when a full build must decide: a
/// draft, a folder that is no year of the model, a file name that is no URL.
fn new_idea(site: &Site, doc: Doc<IdeaFm>) -> Option<Idea> {
    if doc.fm.draft {
        return None;
    }
    let dir = parent_dir(&doc.rel).to_string();
    let year = site
        .years
        .iter()
        .position(|y| y.path.trim_end_matches('/') == dir)?;
    let slug = match &doc.fm.slug {
        Some(s) => s.clone(),
        None => file_slug(&doc.rel).ok()?,
    };
    Some(Idea {
        path: format!("{dir}/{slug}/"),
        slug,
        year,
        status: status_in(&doc.fm, site.years[year].status),
        doc,
    })
}

/// Where a document's links lead, as written.
fn links_of<F>(doc: &Doc<F>) -> (Vec<&str>, Vec<&str>) {
    (
        doc.body
            .wikilinks
            .iter()
            .map(|w| w.target.as_str())
            .collect(),
        doc.body.links.iter().map(|l| l.dest.as_str()).collect(),
    )
}

/// How the ideas moved when the changed ones were sorted in.
struct Resorted {
    /// The old versions of the ideas that changed or went.
    left: Vec<Idea>,
    /// The new index of each old idea that stayed (`None` for those in `left`).
    remap: Vec<Option<usize>>,
    /// The same, and for changed ideas the index of their new version.
    full: Vec<Option<usize>>,
    /// The old index of each idea (`None`: new).
    new_to_old: Vec<Option<usize>>,
    /// The new indices of the changed and new ideas.
    entered: Vec<usize>,
    old_ideas: usize,
}

/// Takes the changed and removed ideas out of `site.ideas` and sorts the changed and added
/// ones in where a full build puts them (by year, then title, then slug), and makes each
/// year's list again. `None` when two ideas would sort alike: they share a URL, an error
/// a full build reports.
fn resort(
    site: &mut Site,
    changed: Vec<(usize, Idea)>,
    added: Vec<Idea>,
    removed: &[usize],
) -> Option<Resorted> {
    let old_ideas = site.ideas.len();
    let mut leaving = vec![false; old_ideas];
    let mut entering: Vec<(Option<usize>, Idea)> = Vec::new();
    for (i, idea) in changed {
        leaving[i] = true;
        entering.push((Some(i), idea));
    }
    for &i in removed {
        leaving[i] = true;
    }
    entering.extend(added.into_iter().map(|idea| (None, idea)));
    let key = |idea: &Idea| {
        (
            idea.year,
            idea.doc.fm.title.to_lowercase(),
            idea.slug.clone(),
        )
    };
    entering.sort_by_cached_key(|(_, idea)| key(idea));
    if entering.windows(2).any(|w| key(&w[0].1) == key(&w[1].1)) {
        return None;
    }
    let mut left = Vec::new();
    let mut kept = Vec::with_capacity(old_ideas);
    for (i, idea) in std::mem::take(&mut site.ideas).into_iter().enumerate() {
        if leaving[i] {
            left.push(idea);
        } else {
            kept.push((i, idea));
        }
    }
    let mut at = Vec::with_capacity(entering.len());
    for (_, idea) in &entering {
        let k = key(idea);
        let q = kept.partition_point(|(_, x)| key(x) < k);
        if kept.get(q).is_some_and(|(_, x)| key(x) == k) {
            return None;
        }
        at.push(q);
    }
    let mut ideas = Vec::with_capacity(kept.len() + entering.len());
    let mut new_to_old = Vec::with_capacity(kept.len() + entering.len());
    let mut entered = Vec::with_capacity(entering.len());
    let mut entering = entering.into_iter().zip(at).peekable();
    for (q, (old, idea)) in kept.into_iter().enumerate() {
        while let Some(((was, e), _)) = entering.next_if(|(_, a)| *a == q) {
            entered.push(ideas.len());
            new_to_old.push(was);
            ideas.push(e);
        }
        new_to_old.push(Some(old));
        ideas.push(idea);
    }
    for ((was, e), _) in entering {
        entered.push(ideas.len());
        new_to_old.push(was);
        ideas.push(e);
    }
    site.ideas = ideas;
    let mut remap = vec![None; old_ideas];
    let mut full = vec![None; old_ideas];
    for (new, old) in new_to_old.iter().enumerate() {
        if let Some(old) = *old {
            full[old] = Some(new);
            if !leaving[old] {
                remap[old] = Some(new);
            }
        }
    }
    for y in &mut site.years {
        y.ideas.clear();
    }
    for (i, idea) in site.ideas.iter().enumerate() {
        site.years[idea.year].ideas.push(i);
    }
    Some(Resorted {
        left,
        remap,
        full,
        new_to_old,
        entered,
        old_ideas,
    })
}

/// `page` after the ideas moved (`full`: each old idea's new index); `None` for a page
/// whose idea is gone.
fn moved_page(page: PageRef, full: &[Option<usize>]) -> Option<PageRef> {
    match page {
        PageRef::Idea(i) => full.get(i).copied().flatten().map(PageRef::Idea),
        other => Some(other),
    }
}

/// The pages that show year `y`'s count of ideas, into `pages`: the home page, the
/// archive, its program's page, its own, its ideas' pages and the term pages that group
/// ideas under it.
fn counted(site: &Site, y: usize, pages: &mut FxHashSet<PageRef>) {
    pages.extend([
        PageRef::Home,
        PageRef::Archive,
        PageRef::Program(site.years[y].program),
        PageRef::Year(y),
    ]);
    pages.extend(site.years[y].ideas.iter().map(|&i| PageRef::Idea(i)));
    for (t, tax) in site.taxonomies.iter().enumerate() {
        for (k, term) in tax.terms.iter().enumerate() {
            if term.ideas.iter().any(|&i| site.ideas[i].year == y) {
                pages.insert(PageRef::Term(t, k));
            }
        }
    }
}

/// Makes the warnings about the missing wiki links of `pages` again: their links resolve
/// as before, but the warnings point at lines, which may have moved.
fn refresh_warnings(site: &mut Site, pages: &[PageRef]) {
    for &page in pages {
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
}

/// How many pages the model has (see `Pages::page_refs`).
fn page_count(site: &Site) -> usize {
    let terms: usize = site
        .taxonomies
        .iter()
        .filter(|t| !t.terms.is_empty())
        .map(|t| 1 + t.terms.len())
        .sum();
    3 + site.programs.len() + site.years.len() + site.ideas.len() + site.pages.len() + terms
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
        let (site, edit) = site_and_edit(
            "summary: Old\nskills: [C]\n",
            "---\ntitle: A\nsummary: New\nskills: [C]\n---\nBody A, longer.\n",
        );
        let (site, patched) = patch(site, vec![edit], &[], &[]).expect("same shape");
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
        let (site, edit) = site_and_edit(
            "summary: Old\nskills: [C]\nmentors: [{name: Ann, email: ann@example.org}]\n",
            "---\ntitle: A\nsummary: New\nskills: [C]\nmentors: [{name: Ann, email: ann@example.com}]\n---\nNew body.\n",
        );
        let before = fingerprints(&site);
        let (site, patched) = patch(site, vec![edit], &[], &[]).expect("same shape");
        let after = fingerprints(&site);
        for (n, page) in site.page_refs().into_iter().enumerate() {
            assert_eq!(
                before[n] != after[n],
                patched.shows(&site, page),
                "{page:?}"
            );
        }
    }

    /// What the model holds besides the documents, as text, to compare a patched model
    /// with one built afresh.
    fn derived(site: &Site) -> String {
        let ideas: Vec<(&str, &str, usize)> = site
            .ideas
            .iter()
            .map(|i| (i.path.as_str(), i.doc.fm.title.as_str(), i.year))
            .collect();
        let years: Vec<&Vec<usize>> = site.years.iter().map(|y| &y.ideas).collect();
        let terms: Vec<Vec<String>> = site
            .taxonomies
            .iter()
            .map(|t| {
                t.terms
                    .iter()
                    .map(|k| format!("{} {} {} {:?}", k.name, k.slug, k.path, k.ideas))
                    .collect()
            })
            .collect();
        let mut wikilinks: Vec<_> = site.links.wikilinks.iter().collect();
        wikilinks.sort();
        let mut backlinks: Vec<_> = site.links.backlinks.iter().collect();
        backlinks.sort();
        let mut warnings: Vec<String> = site.warnings.iter().map(|d| d.render(false)).collect();
        warnings.sort();
        format!(
            "{ideas:#?}\n{years:?}\n{terms:#?}\n{wikilinks:?}\n{backlinks:?}\n{:?}\n{warnings:?}",
            site.aliases
        )
    }

    /// A site of ideas `a.md`, `b.md` and `c.md` (`fm_a` in the first) and a wiki page
    /// linking to them; then `edits` (file, text; no text: deleted) patched in, which
    /// must give the model a fresh build of the edited files gives.
    fn patched_like_a_build(fm_a: &str, edits: &[(&str, Option<&str>)]) -> Option<Patched> {
        let mut files = testing::two_ideas(fm_a, "skills: [Rust]\nmentors: [Bob]\n");
        files.push((
            "gsoc/2027/c.md",
            "---\ntitle: C\nskills: [rust, Go]\n---\nSee [[B]].\n".into(),
        ));
        files.push((
            "applying.md",
            "---\ntitle: Applying\n---\nSee [[A]] and [[Zed]].\n".into(),
        ));
        let site = testing::site("", &files);
        let years = testing::year_dirs(&files);
        let mut docs = Vec::new();
        let mut gone = Vec::new();
        for (rel, text) in edits {
            files.retain(|(r, _)| r != rel);
            match text {
                Some(text) => {
                    docs.push(testing::parse(&site.config, &years, rel, text));
                    files.push((rel, text.to_string()));
                }
                None => gone.push(rel.to_string()),
            }
        }
        let (site, patched) = patch(site, docs, &gone, &[])?;
        assert_eq!(
            derived(&site),
            derived(&testing::site("", &files)),
            "{edits:?}"
        );
        Some(patched)
    }

    #[test]
    fn new_titles_values_links_and_files_are_patched_in_as_a_build_makes_them() {
        let a = "gsoc/2027/a.md";
        for edit in [
            "---\ntitle: A\nskills: [C, Go]\n---\nBody A.\n",
            "---\ntitle: A\nskills: [C]\nstatus: taken\n---\nBody A.\n",
            // After B and C now, and the wiki link to A leads nowhere.
            "---\ntitle: Renamed\nskills: [C]\n---\nBody A.\n",
            "---\ntitle: Zed\nskills: [Rust]\n---\nBody A.\n",
            "---\ntitle: A\nskills: [C]\n---\nNow see [[B]].\n",
            // The first spelling in idea order names the term: `RUST` before `Rust`.
            "---\ntitle: A\nskills: [RUST]\nmentors: [Bob]\n---\nBody A.\n",
            "---\ntitle: A\n---\nNo skills, no term C.\n",
        ] {
            let patched = patched_like_a_build("skills: [C]\n", &[(a, Some(edit))]);
            assert!(patched.is_some(), "{edit}");
        }
        let new = "---\ntitle: Aardvark\nskills: [Haskell]\nmentors: [Bob]\n---\nSee [[C]].\n";
        let patched = patched_like_a_build("skills: [C]\n", &[("gsoc/2027/new.md", Some(new))]);
        assert!(patched.is_some());
        let patched = patched_like_a_build("skills: [C]\n", &[(a, None)]);
        assert!(patched.is_some());
        let renamed = [(a, None), ("gsoc/2027/z.md", Some(new))];
        assert!(patched_like_a_build("skills: [C]\n", &renamed).is_some());
    }

    #[test]
    fn what_a_patch_cannot_place_builds_the_model_again() {
        let a = "gsoc/2027/a.md";
        for (rel, edit) in [
            (a, "---\ntitle: A\nslug: elsewhere\n---\nBody A.\n"),
            (a, "---\ntitle: A\naliases: [/old/]\n---\nBody A.\n"),
            (a, "---\ntitle: A\ndraft: true\n---\nBody A.\n"),
            // Two ideas at one URL: the full build says so.
            ("gsoc/2027/d.md", "---\ntitle: D\nslug: b\n---\n"),
            ("applying.md", "---\ntitle: How to apply\n---\n"),
            (
                "gsoc/2027/_index.md",
                "---\ntitle: GSoC 2027!\nyear: 2027\n---\n",
            ),
        ] {
            let files = testing::two_ideas("", "");
            let site = testing::site("", &files);
            let years = testing::year_dirs(&files);
            let doc = testing::parse(&site.config, &years, rel, edit);
            assert!(patch(site, vec![doc], &[], &[]).is_none(), "{rel}: {edit}");
        }
        let site = testing::site("", &testing::two_ideas("", ""));
        let gone = ["gsoc/2027/_index.md".to_string()];
        assert!(patch(site, Vec::new(), &gone, &[]).is_none());
    }
}
