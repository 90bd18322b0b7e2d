//! Snapshots of the repository's example site (`content/`, `ideawiki.yaml`): the GSoC 2011
//! year page and one idea page, as HTML.

use crate::site::TestSite;

/// A copy of the example site, built.
pub(crate) fn example() -> TestSite {
    let site = TestSite::example();
    site.build_ok();
    site
}

#[test]
fn example_year_page() {
    let site = example();
    insta::assert_snapshot!("example_gsoc_2011_year", site.read("gsoc/2011/index.html"));
}

#[test]
fn example_idea_page() {
    let site = example();
    insta::assert_snapshot!(
        "example_gsoc_2011_virtio_on_xen",
        site.read("gsoc/2011/virtio-on-xen/index.html")
    );
}
