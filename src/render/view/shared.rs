//! The values many pages share, made once per build: the site, each program, each year
//! and each idea, as Tera values with their fingerprints. Cloning a Tera value is cheap
//! (Tera 2 values are reference-counted), so no page serialises the whole site.
//!
//! A page's own context and fingerprint, made from these, are in `page.rs`.

use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;
use serde::Serialize;
use tera::Value;

use super::idea::idea_view;
use super::site_wide::{program_view, site_view};
use super::year::{year_heading, year_view};
use crate::site::markdown;
use crate::site::model::Site;
use crate::util::fingerprint;

/// A shared value and its fingerprint.
#[derive(Clone)]
pub(crate) struct Hashed {
    pub(crate) value: Value,
    pub(crate) hash: u64,
}

impl Hashed {
    /// Hashes the view struct, not the Tera value: Tera's maps iterate in a random order.
    fn new<T: Serialize>(view: &T) -> Hashed {
        Hashed {
            hash: fingerprint::of_serialized(view),
            value: Value::from_serializable(view),
        }
    }
}

/// An idea's fingerprint and template value, made together on first use: a build that
/// finds most pages unchanged (or a `serve` rebuild) renders few pages, and building
/// 10,000 Tera values it never reads would cost more than everything else it does. Shared
/// between runs through [`IdeaCache`].
#[derive(Clone, Default)]
pub(crate) struct IdeaValue(Arc<IdeaCell>);

#[derive(Default)]
struct IdeaCell {
    hash: OnceLock<u64>,
    /// `None` until made, and again once a one-shot build let it go (see
    /// [`Shared::release_idea_value`]).
    value: Mutex<Option<Value>>,
    /// What the generated files read of the value (see [`GENERATED_KEYS`]), kept when the
    /// value is let go.
    generated: OnceLock<Value>,
    /// [`Shared::idea_summary`]: asked for by the page, the feeds, `ideas.json` and the
    /// search index.
    summary: OnceLock<Option<String>>,
}

impl IdeaCell {
    fn value(&self) -> std::sync::MutexGuard<'_, Option<Value>> {
        self.value.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The keys of an idea's value that the generated files read.
const GENERATED_KEYS: [&str; 4] = ["summary", "outcomes", "prerequisites", "fields"];

/// Idea values kept between runs of the engine: building them (summary Markdown, Tera
/// values, hashes) is most of the per-run cost on a large site.
#[derive(Default)]
pub(crate) struct IdeaCache {
    /// The config the values were built under; another config invalidates them all.
    config: u64,
    /// By the idea file's hash (see [`crate::util::cache`]).
    values: FxHashMap<u64, IdeaValue>,
}

impl IdeaCache {
    /// Forgets every value if they were built under another config than `config`.
    fn keep_only_for(&mut self, config: u64) {
        if self.config != config {
            self.values.clear();
            self.config = config;
        }
    }
}

/// Values computed once per build and shared by every page.
pub(crate) struct Shared {
    pub(crate) site: Hashed,
    /// `t`: the theme's words in the site's language (part of the config's fingerprint).
    pub(crate) strings: Value,
    /// Program pages' `program` (years with counts), by program index.
    pub(crate) programs: Vec<Hashed>,
    /// Year summaries (no ideas), by year index.
    pub(crate) years: Vec<Hashed>,
    /// Years as term pages head their ideas (see [`super::year::YearHeading`]).
    pub(crate) year_headings: Vec<Hashed>,
    pub(crate) ideas: Vec<IdeaValue>,
    /// A fingerprint of the configuration, which every page and generated file depends on
    /// (made once here; the config is large and formatted in full).
    pub(crate) config: u64,
    pub(super) md: markdown::Options,
}

impl Shared {
    /// The values every page shares, reusing the idea values of `cache` for ideas whose
    /// source did not change (an idea's view depends only on its file, the config and its
    /// shown status), and adding to `cache` the values made.
    pub(crate) fn with_cache(site: &Site, md: markdown::Options, cache: &mut IdeaCache) -> Shared {
        let config = fingerprint::of(&format!("{:?}", site.config));
        cache.keep_only_for(config);
        let ideas = idea_values(site, cache);
        let years = year_values(site, &md);
        let year_headings = (0..site.years.len())
            .map(|i| Hashed::new(&year_heading(site, i)))
            .collect();
        let programs = program_values(site, &years);
        Shared {
            site: Hashed::new(&site_view(site)),
            strings: Value::from_serializable(site.config.strings.all()),
            programs,
            years,
            year_headings,
            ideas,
            config,
            md,
        }
    }

    /// An idea's summary as plain text: its `summary:` (the HTML the pages show, made once
    /// in the idea's value and kept between `serve` runs), or else the first sentence of
    /// its body. The feeds, `ideas.json`, the search index and the page's description
    /// all say this.
    pub(crate) fn idea_summary(&self, site: &Site, i: usize) -> Option<String> {
        use crate::render::plain_text::{first_sentence, html_to_text};
        self.ideas[i]
            .0
            .summary
            .get_or_init(|| {
                let value = self.idea_generated(site, i);
                match value.get_from_path("summary").and_then(Value::as_str) {
                    Some(html) => Some(html_to_text(html, usize::MAX)),
                    None => first_sentence(&html_to_text(&site.ideas[i].doc.body.html.get(), 1024)),
                }
            })
            .clone()
    }

    /// The template value of idea `i`, built on first use. An idea's view depends only on
    /// its file, the config and its shown status, so a value cached under those stays right.
    pub(crate) fn idea_value(&self, site: &Site, i: usize) -> Value {
        let cell = &self.ideas[i].0;
        if let Some(value) = cell.value().as_ref() {
            return value.clone();
        }
        self.make_idea(site, i)
    }

    /// Idea `i`'s fingerprint: a hash of its view, which covers everything its value is
    /// made of.
    pub(crate) fn idea_hash(&self, site: &Site, i: usize) -> u64 {
        let cell = &self.ideas[i].0;
        if let Some(&hash) = cell.hash.get() {
            return hash;
        }
        self.make_idea(site, i);
        cell.hash.get().copied().unwrap_or_default()
    }

    /// Makes idea `i`'s view once for both its fingerprint and its value (making it twice,
    /// once for each, was 3 % of a full build), and keeps them. Made outside the lock: two
    /// pages asking at once may both make it, and the first one kept wins.
    fn make_idea(&self, site: &Site, i: usize) -> Value {
        let cell = &self.ideas[i].0;
        let view = idea_view(site, i, &self.md);
        let _ = cell.hash.get_or_init(|| fingerprint::of_serialized(&view));
        let made = Value::from_serializable(&view);
        cell.value().get_or_insert(made).clone()
    }

    /// Lets go of idea `i`'s template value (made again if a page needs it), after keeping
    /// what the generated files read of it. A one-shot build calls it once the idea's own
    /// page and fragments are rendered: all values together are half of its memory
    /// (70 MB at 10,000 ideas), and nothing else needs them.
    pub(crate) fn release_idea_value(&self, i: usize) {
        let cell = &self.ideas[i].0;
        let value = cell.value().take();
        if let Some(value) = value {
            cell.generated.get_or_init(|| generated_of(&value));
        }
    }

    /// The parts of idea `i`'s template value the generated files read ([`GENERATED_KEYS`]).
    pub(crate) fn idea_generated(&self, site: &Site, i: usize) -> Value {
        let cell = &self.ideas[i].0;
        if let Some(v) = cell.generated.get() {
            return v.clone();
        }
        let made = generated_of(&self.idea_value(site, i));
        cell.generated.get_or_init(|| made).clone()
    }
}

/// [`GENERATED_KEYS`] of an idea's value, sharing their contents with it.
fn generated_of(value: &Value) -> Value {
    let mut map = tera::Map::new();
    for key in GENERATED_KEYS {
        if let Some(v) = value.get_from_path(key) {
            map.insert(key.into(), v.clone());
        }
    }
    Value::from(map)
}

/// Each idea's cell for its fingerprint and template value: `cache`'s for the ideas whose
/// file it has seen (with what earlier runs made), empty ones for the others.
fn idea_values(site: &Site, cache: &mut IdeaCache) -> Vec<IdeaValue> {
    // The status shown depends on the year too (none in an archived year, when the file
    // says none), so it is part of the key.
    let keys: Vec<u64> = site
        .ideas
        .iter()
        .map(|idea| match idea.doc.fm.status {
            Some(_) => idea.doc.hash,
            None => fingerprint::of(&(idea.doc.hash, idea.status)),
        })
        .collect();
    crate::util::cache::reuse_or_make(&mut cache.values, &keys, |_| IdeaValue::default())
}

/// Each year without its ideas, as idea pages, program pages and term pages show it.
fn year_values(site: &Site, md: &markdown::Options) -> Vec<Hashed> {
    (0..site.years.len())
        .map(|i| Hashed::new(&year_view(site, i, md, None)))
        .collect()
}

/// Each program with its years (`years`, by year index).
fn program_values(site: &Site, years: &[Hashed]) -> Vec<Hashed> {
    site.programs
        .iter()
        .map(|p| {
            let values = p.years.iter().map(|&y| years[y].value.clone()).collect();
            let view = program_view(site, p, values);
            let year_hashes: Vec<u64> = p.years.iter().map(|&y| years[y].hash).collect();
            Hashed {
                hash: view.fingerprint(year_hashes),
                value: Value::from_serializable(&view),
            }
        })
        .collect()
}
