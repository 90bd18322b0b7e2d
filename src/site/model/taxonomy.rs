//! Taxonomies: ideas grouped by project, mentor, skill, size, difficulty, status (or any
//! configured field), so a student can find every OCaml idea across all years.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use crate::site::config;
use crate::site::field::IdeaField;
use crate::site::model::documents::{Idea, Year};

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: config::Taxonomy,
    /// URL path without the site root: `skills/`.
    pub path: String,
    /// In display order (natural order for size, difficulty and status; else by name).
    pub terms: Vec<Term>,
    /// Normalised term name → index in `terms`.
    index: HashMap<String, usize>,
    /// Each value as ideas spell it → index in `terms`.
    spelling: HashMap<String, usize>,
    /// Slug → index in `terms`: names that differ only in case or punctuation share one.
    by_slug: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// As first written (the most common spelling wins ties by first appearance).
    pub name: String,
    pub slug: String,
    /// `skills/ocaml/`.
    pub path: String,
    /// Indices into `Site::ideas`: newest year first, then by title.
    pub ideas: Vec<usize>,
}

impl Taxonomy {
    /// Builds the taxonomy over `ideas` (already sorted by year, then title).
    pub fn build(config: &config::Taxonomy, ideas: &[Idea], years: &[Year]) -> Taxonomy {
        let mut terms: Vec<Term> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut by_slug: HashMap<String, usize> = HashMap::default();
        // Values as written: most repeat verbatim ("C", "OCaml"), so the normalised key and
        // the slug are computed once per spelling, not once per idea.
        let mut spelling: HashMap<Cow<'_, str>, Option<usize>> = HashMap::default();
        for (i, idea) in ideas.iter().enumerate() {
            for value in value_strs(idea, &config.from) {
                let t = match spelling.get(&value) {
                    Some(&t) => t,
                    None => {
                        let t =
                            Self::find_or_add(config, &value, &mut terms, &mut index, &mut by_slug);
                        spelling.insert(value, t);
                        t
                    }
                };
                if let Some(t) = t
                    && terms[t].ideas.last() != Some(&i)
                {
                    terms[t].ideas.push(i);
                }
            }
        }
        // Newest year first; within a year, idea order (the lists were filled in it, and
        // the sort is stable). Each idea's year number is read once, into a compact list:
        // looking it up through the ideas on every comparison missed the cache.
        let year_of: Vec<u16> = ideas.iter().map(|idea| years[idea.year].year).collect();
        for term in &mut terms {
            term.ideas.sort_by_key(|&i| std::cmp::Reverse(year_of[i]));
        }
        let rank = |name: &str| natural_rank(&config.from, name);
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by_cached_key(|&t| {
            (
                rank(&terms[t].name),
                terms[t].name.to_lowercase(),
                terms[t].slug.clone(),
            )
        });
        let mut remap = vec![0; terms.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new;
        }
        let mut sorted: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
        let terms: Vec<Term> = order.iter().filter_map(|&old| sorted[old].take()).collect();
        for v in index.values_mut().chain(by_slug.values_mut()) {
            *v = remap[*v];
        }
        let spelling = spelling
            .into_iter()
            .filter_map(|(k, t)| Some((k.into_owned(), remap[t?])))
            .collect();
        Taxonomy {
            path: format!("{}/", config.name),
            config: config.clone(),
            terms,
            index,
            spelling,
            by_slug,
        }
    }

    /// The term a value not seen before in this spelling belongs to, made if need be.
    fn find_or_add(
        config: &config::Taxonomy,
        value: &str,
        terms: &mut Vec<Term>,
        index: &mut HashMap<String, usize>,
        by_slug: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        let key = normalize(value);
        if key.is_empty() {
            return None;
        }
        if let Some(&t) = index.get(key.as_ref()) {
            return Some(t);
        }
        // Names that differ only in case or punctuation ("Linux kernel", "linux-kernel")
        // share a slug, so they are one term.
        let slug = term_slug(value);
        let t = match by_slug.get(&slug) {
            Some(&t) => t,
            None => {
                terms.push(Term {
                    path: format!("{}/{slug}/", config.name),
                    name: value.to_string(),
                    slug: slug.clone(),
                    ideas: Vec::new(),
                });
                by_slug.insert(slug, terms.len() - 1);
                terms.len() - 1
            }
        };
        index.insert(key.into_owned(), t);
        Some(t)
    }

    /// The term a value belongs to.
    pub fn term(&self, value: &str) -> Option<&Term> {
        self.position(value).map(|t| &self.terms[t])
    }

    /// The index of the term a value belongs to.
    fn position(&self, value: &str) -> Option<usize> {
        self.spelling
            .get(value)
            .or_else(|| self.index.get(normalize(value).as_ref()))
            .copied()
    }

    /// Updates the taxonomy in place to what [`Taxonomy::build`] would make of the new
    /// ideas (`ideas`, sorted, with their `years`): `left` are the old versions of the
    /// ideas that changed or went, `remap` the new index of every other old idea (`None`
    /// for those in `left`), `entered` the new indices of the changed and new ideas.
    ///
    /// A term is the set of values sharing a slug, and its name the first spelling in idea
    /// order, so the result does not depend on the order ideas come in. `None` when a value
    /// breaks that (two spellings that normalise alike but slug apart): the model is then
    /// built again.
    pub(crate) fn patch(
        &mut self,
        left: &[&Idea],
        remap: &[Option<usize>],
        entered: &[usize],
        ideas: &[Idea],
        years: &[Year],
    ) -> Option<TermMoves> {
        let from = self.config.from.clone();
        let old_len = self.terms.len();
        let mut touched = std::collections::BTreeSet::new();
        for idea in left {
            touched.extend(
                value_strs(idea, &from)
                    .iter()
                    .filter_map(|v| self.position(v)),
            );
        }
        // Ideas that stayed keep their order, so each list stays sorted.
        let shifted = remap
            .iter()
            .enumerate()
            .any(|(i, r)| r.is_some_and(|r| r != i));
        for (t, term) in self.terms.iter_mut().enumerate() {
            if shifted || touched.contains(&t) {
                term.ideas = term.ideas.iter().filter_map(|&i| remap[i]).collect();
            }
        }
        let key = |i: usize| (std::cmp::Reverse(years[ideas[i].year].year), i);
        for &j in entered {
            for value in value_strs(&ideas[j], &from) {
                let Some(t) = self.find_or_make(&value)? else {
                    continue;
                };
                touched.insert(t);
                let list = &mut self.terms[t].ideas;
                if let Err(at) = list.binary_search_by_key(&key(j), |&i| key(i)) {
                    list.insert(at, j);
                }
            }
        }
        let mut reorder = self.terms.len() > old_len;
        for &t in &touched {
            let Some(&first) = self.terms[t].ideas.iter().min() else {
                reorder = true; // no idea has it any more
                continue;
            };
            let name = value_strs(&ideas[first], &from)
                .into_iter()
                .find(|v| self.position(v) == Some(t))?;
            if name != self.terms[t].name {
                if term_slug(&name) != self.terms[t].slug {
                    return None;
                }
                self.terms[t].name = name.into_owned();
                reorder = true;
            }
        }
        let changed = !touched.is_empty();
        let mut order: Vec<usize> = (0..self.terms.len())
            .filter(|&t| !self.terms[t].ideas.is_empty())
            .collect();
        if reorder {
            let terms = &self.terms;
            order.sort_by_cached_key(|&t| {
                (
                    natural_rank(&from, &terms[t].name),
                    terms[t].name.to_lowercase(),
                    terms[t].slug.clone(),
                )
            });
            let mut position = vec![None; terms.len()];
            for (new, &old) in order.iter().enumerate() {
                position[old] = Some(new);
            }
            let mut slots: Vec<Option<Term>> = std::mem::take(&mut self.terms)
                .into_iter()
                .map(Some)
                .collect();
            self.terms = order.iter().filter_map(|&t| slots[t].take()).collect();
            for map in [&mut self.index, &mut self.spelling, &mut self.by_slug] {
                map.retain(|_, t| match position[*t] {
                    Some(new) => {
                        *t = new;
                        true
                    }
                    None => false,
                });
            }
            touched = touched.iter().filter_map(|&t| position[t]).collect();
        }
        Some(TermMoves {
            changed,
            new_to_old: order.iter().map(|&t| (t < old_len).then_some(t)).collect(),
            touched: touched.into_iter().collect(),
        })
    }

    /// The index of the term `value` belongs to, made if no term has its slug yet, as
    /// [`Taxonomy::build`] finds it. `Some(None)` for a value that names no term (blank);
    /// `None` when the value normalises like a term of another slug.
    fn find_or_make(&mut self, value: &str) -> Option<Option<usize>> {
        let slug = term_slug(value);
        let t = match self.position(value) {
            Some(t) => t,
            None => {
                let key = normalize(value);
                if key.is_empty() {
                    return Some(None);
                }
                let t = match self.by_slug.get(&slug) {
                    Some(&t) => t,
                    None => {
                        self.terms.push(Term {
                            path: format!("{}/{slug}/", self.config.name),
                            name: value.to_string(),
                            slug: slug.clone(),
                            ideas: Vec::new(),
                        });
                        self.by_slug.insert(slug.clone(), self.terms.len() - 1);
                        self.terms.len() - 1
                    }
                };
                self.index.insert(key.into_owned(), t);
                t
            }
        };
        if self.terms[t].slug != slug {
            return None;
        }
        self.spelling.insert(value.to_string(), t);
        Some(Some(t))
    }
}

/// What [`Taxonomy::patch`] moved: the old index of each term (`None`: made by the
/// patch), and the terms that gained or lost an idea or were renamed, by new index.
#[derive(Debug)]
pub(crate) struct TermMoves {
    /// Whether any term gained or lost an idea (those that lost their last are gone).
    pub(crate) changed: bool,
    pub(crate) new_to_old: Vec<Option<usize>>,
    pub(crate) touched: Vec<usize>,
}

/// The values an idea has for a field, as display names.
pub fn values(idea: &Idea, field: &IdeaField) -> Vec<String> {
    value_strs(idea, field)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// [`values`], borrowing what the front matter holds as is.
pub fn value_strs<'a>(idea: &'a Idea, field: &IdeaField) -> Vec<Cow<'a, str>> {
    let fm = &idea.doc.fm;
    let capital = |s: &str| -> Cow<'a, str> {
        let mut c = s.chars();
        Cow::Owned(
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default(),
        )
    };
    let borrowed = |v: &'a [String]| v.iter().map(|s| Cow::Borrowed(s.as_str())).collect();
    match field {
        IdeaField::Project => fm
            .project
            .iter()
            .map(|s| Cow::Borrowed(s.as_str()))
            .collect(),
        IdeaField::Mentors => fm
            .mentors
            .iter()
            .map(|m| Cow::Borrowed(m.name.as_str()))
            .collect(),
        IdeaField::Skills => borrowed(&fm.skills),
        IdeaField::Tags => borrowed(&fm.tags),
        IdeaField::Students => borrowed(&fm.students),
        IdeaField::Size => fm.size.iter().map(|s| capital(s.label())).collect(),
        IdeaField::Difficulty => fm.difficulty.iter().map(|d| capital(d.as_str())).collect(),
        IdeaField::Status => idea.status.iter().map(|s| capital(s.as_str())).collect(),
        IdeaField::Extra(key) => match fm.extra.get(key) {
            Some(serde_json::Value::String(s)) => vec![Cow::Borrowed(s.as_str())],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                    serde_json::Value::Number(n) => Some(Cow::Owned(n.to_string())),
                    _ => None,
                })
                .collect(),
            Some(serde_json::Value::Number(n)) => vec![Cow::Owned(n.to_string())],
            Some(serde_json::Value::Bool(b)) => vec![Cow::Owned(b.to_string())],
            _ => Vec::new(),
        },
    }
}

/// Sizes, difficulties and statuses read best in their natural order, not alphabetically.
/// Year pages' filters list values in this order too.
pub(crate) fn natural_rank(field: &IdeaField, name: &str) -> usize {
    let order: &[&str] = match field {
        IdeaField::Size => &["small", "medium", "large"],
        IdeaField::Difficulty => &["easy", "medium", "hard"],
        IdeaField::Status => &["open", "taken", "completed", "withdrawn"],
        IdeaField::Project
        | IdeaField::Mentors
        | IdeaField::Skills
        | IdeaField::Tags
        | IdeaField::Students
        | IdeaField::Extra(_) => &[],
    };
    let lower = name.to_lowercase();
    order
        .iter()
        .position(|o| *o == lower)
        .unwrap_or(order.len())
}

/// The key a term is known by: lowercase, single spaces. Most values already are, so
/// this borrows instead of allocating (it runs for every value of every idea).
fn normalize(s: &str) -> std::borrow::Cow<'_, str> {
    let clean = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s
            .chars()
            .any(|c| c.is_uppercase() || (c.is_whitespace() && c != ' '));
    if clean {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        )
    }
}

/// A URL segment for a term. `+` and `#` are spelled out so C, C++ and C# stay apart; a
/// long one is cut to a length file systems take.
pub fn term_slug(name: &str) -> String {
    let spelled = name.replace('+', " plus ").replace('#', " sharp ");
    let slug = crate::site::slug::fit_name(crate::site::slug::url_slug(&spelled));
    if slug.is_empty() {
        "term".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_languages_apart() {
        assert_eq!(term_slug("C"), "c");
        assert_eq!(term_slug("C++"), "c-plus-plus");
        assert_eq!(term_slug("C#"), "c-sharp");
        assert_eq!(term_slug("Linux kernel"), "linux-kernel");
        assert_eq!(term_slug("!!!"), "term");
    }

    /// One idea with a value in every field, and one with none.
    fn site() -> crate::site::model::Site {
        crate::site::model::testing::site(
            "taxonomies:\n  - {name: areas, title: Areas, from: extra.area}\n  \
             - {name: levels, title: Levels, from: extra.level}\n  \
             - {name: status, title: Status, from: status}\n  \
             - {name: skills, title: Skills, from: skills}\n",
            &crate::site::model::testing::two_ideas(
                "project: QEMU\nmentors: [Ann, {name: Bob, email: bob@example.org}]\n\
                 skills: [C, Rust]\nsize: 90\ndifficulty: hard\nstatus: taken\n\
                 students: [Eve]\ntags: [virtio]\nextra: {area: Storage, level: [1, two]}\n",
                "",
            ),
        )
    }

    #[test]
    fn each_field_gives_its_values() {
        let site = site();
        let (full, bare) = (&site.ideas[0], &site.ideas[1]);
        let expected: [(IdeaField, &[&str]); 10] = [
            (IdeaField::Project, &["QEMU"]),
            (IdeaField::Mentors, &["Ann", "Bob"]),
            (IdeaField::Skills, &["C", "Rust"]),
            // Small by its hours; capitalised, as the enum-valued fields are.
            (IdeaField::Size, &["Small"]),
            (IdeaField::Difficulty, &["Hard"]),
            (IdeaField::Status, &["Taken"]),
            (IdeaField::Tags, &["virtio"]),
            (IdeaField::Students, &["Eve"]),
            (IdeaField::Extra("area".into()), &["Storage"]),
            (IdeaField::Extra("level".into()), &["1", "two"]),
        ];
        for (field, want) in &expected {
            assert_eq!(&values(full, field), want, "{field}");
        }
        for (field, _) in &expected {
            let want: &[&str] = if *field == IdeaField::Status {
                &["Open"]
            } else {
                &[]
            };
            assert_eq!(values(bare, field), want, "{field}");
        }
        assert!(values(full, &IdeaField::Extra("nothing".into())).is_empty());
    }

    #[test]
    fn taxonomies_group_by_their_field() {
        let site = site();
        let names = |t: &Taxonomy| -> Vec<String> {
            t.terms.iter().map(|term| term.name.clone()).collect()
        };
        let by_name = |name: &str| {
            site.taxonomies
                .iter()
                .find(|t| t.config.name == name)
                .unwrap()
        };
        assert_eq!(names(by_name("areas")), ["Storage"]);
        assert_eq!(names(by_name("levels")), ["1", "two"]);
        // Natural order, not alphabetical: open before taken.
        assert_eq!(names(by_name("status")), ["Open", "Taken"]);
        assert_eq!(
            by_name("skills").term("rust").map(|t| t.ideas.clone()),
            Some(vec![0])
        );
    }

    #[test]
    fn natural_order_for_sizes() {
        let mut v = vec!["Large", "Small", "Medium"];
        v.sort_by_key(|n| natural_rank(&IdeaField::Size, n));
        assert_eq!(v, ["Small", "Medium", "Large"]);
    }
}
