//! Snapshots of the repository's example site (`content/`, `ideawiki.yaml`): the GSoC 2011
//! year page and one idea page, as HTML.

use std::path::Path;

use crate::site::TestSite;

/// A copy of the example site, built.
pub(crate) fn example() -> TestSite {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = TestSite::new();
    copy_dir(&repo.join("content"), &site.path("content"));
    std::fs::copy(repo.join("ideawiki.yaml"), site.path("ideawiki.yaml")).unwrap();
    site.build_ok();
    site
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
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
