//! Publishing safely: `build` and `check` warn while `base_url` is localhost (`serve`, which
//! sets its own origin, does not), and `robots.txt` sits at the output's top with the
//! sitemap's full URL.

use crate::serve::Server;
use crate::site::TestSite;

/// A site built as `init` leaves it: no `base_url`, so the localhost default.
fn localhost_site() -> TestSite {
    TestSite::new()
        .file("ideawiki.yaml", "title: Test ideas\n")
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/gsoc/2027/_index.md", &crate::site::year(2027, ""))
}

const WARNING: &str = "warning[localhost-base-url]: `base_url` is http://localhost/";

#[test]
fn build_and_check_warn_once_about_a_localhost_base_url() {
    let site = localhost_site();
    let run = site.build_ok();
    assert_eq!(run.stderr.matches(WARNING).count(), 1, "{run}");
    // Also when nothing changed since the last build.
    let run = site.build_ok();
    assert_eq!(run.stderr.matches(WARNING).count(), 1, "{run}");
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = site.run(&["check", "--root", root]);
    run.assert_success();
    assert_eq!(run.stderr.matches(WARNING).count(), 1, "{run}");
    let run = site.run(&["check", "--root", root, "--deny-warnings"]);
    assert_eq!(run.code, Some(1), "{run}");
    // A real address, in the config or on the command line, silences it.
    for args in [
        &["--base-url", "https://example.org/ideas/"][..],
        &["--base-url", "http://127.0.0.1:8000/"],
    ] {
        let run = site.build_with(args);
        run.assert_success();
        assert_eq!(
            run.stderr.contains("localhost-base-url"),
            args[1].contains("127.0.0.1"),
            "{args:?}\n{run}"
        );
    }
    let run = site.run(&[
        "check",
        "--root",
        root,
        "--deny-warnings",
        "--base-url",
        "https://example.org/",
    ]);
    run.assert_success();
}

#[test]
fn serve_does_not_warn_about_localhost() {
    let site = localhost_site();
    let server = Server::start(&site);
    let log = server.log.clone();
    drop(server);
    assert!(!log.stderr().contains("localhost-base-url"), "{log}");
    assert!(!log.stdout().contains("localhost-base-url"), "{log}");
}

#[test]
fn robots_txt_is_at_the_top_of_the_output_with_the_sitemaps_full_url() {
    let site = crate::site::TestSite::with_year().file(
        "ideawiki.yaml",
        "title: T\nbase_url: https://example.org/ideas/\n",
    );
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/ideas/sitemap.xml\n"
    );
    assert!(!site.exists("ideas/robots.txt"));
}
