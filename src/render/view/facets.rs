//! A year page's filter choices: the values its ideas take, per filterable field.

use serde::Serialize;

use super::scrub::text;
use crate::site::field::IdeaField;
use crate::site::model::{Site, taxonomy};

/// Filter choices, per field.
#[derive(Serialize, Default)]
pub(super) struct Facets {
    project: Facet,
    size: Facet,
    difficulty: Facet,
    skills: Facet,
    status: Facet,
}

/// The values one field takes among a year's ideas, sorted as the taxonomies sort their
/// terms. The theme's script filters the table by the term links in its rows, so a value
/// carries the slug of its term page, and the facet the taxonomy's name (its URL segment).
#[derive(Serialize, Default)]
struct Facet {
    /// `None` when no taxonomy covers the field (then no value has a slug either).
    taxonomy: Option<String>,
    values: Vec<FacetValue>,
}

#[derive(Serialize)]
struct FacetValue {
    name: String,
    slug: Option<String>,
}

/// The values the ideas of year `i` take, per filterable field, in a stable order.
pub(super) fn facets(site: &Site, i: usize) -> Facets {
    Facets {
        project: facet(site, i, IdeaField::Project),
        size: facet(site, i, IdeaField::Size),
        difficulty: facet(site, i, IdeaField::Difficulty),
        skills: facet(site, i, IdeaField::Skills),
        status: facet(site, i, IdeaField::Status),
    }
}

/// The values `field` takes among the ideas of year `i`.
fn facet(site: &Site, i: usize, field: IdeaField) -> Facet {
    let policy = site.config.emails;
    let tax = site.taxonomies.iter().find(|t| t.config.from == field);
    let mut seen = std::collections::BTreeMap::new();
    for &k in &site.years[i].ideas {
        for v in taxonomy::values(&site.ideas[k], &field) {
            seen.entry((taxonomy::natural_rank(&field, &v), v.to_lowercase()))
                .or_insert_with(|| FacetValue {
                    slug: tax.and_then(|t| t.term(&v)).map(|t| t.slug.clone()),
                    name: text(site.config.strings.value(&field, &v), policy),
                });
        }
    }
    Facet {
        taxonomy: tax.map(|t| t.config.name.clone()),
        values: seen.into_values().collect(),
    }
}
