//! Real organisations' ideas: values as mentors write them, read as they mean.

use crate::site::{TestSite, idea};

#[test]
fn words_and_sizes_as_mentors_write_them_build_and_show_canonically() {
    let site = TestSite::with_year().file(
        "content/gsoc/2027/plugins.md",
        &idea(
            "Plugins",
            "difficulty: Intermediate\nstatus: Available\nsize: Large (350 hours)\nskills: [Go]",
        ),
    );
    site.build_ok();
    let page = site.read("gsoc/2027/plugins/index.html");
    for shown in ["Medium", "Open", "Large (~350 h)"] {
        assert!(page.contains(shown), "{shown} missing from the idea page");
    }
    assert!(site.exists("difficulty/medium/index.html"));
    assert!(site.exists("status/open/index.html"));
    // The file keeps what the mentor wrote.
    assert!(
        std::fs::read_to_string(site.path("content/gsoc/2027/plugins.md"))
            .expect("idea")
            .contains("difficulty: Intermediate")
    );
}
