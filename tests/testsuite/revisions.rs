//! Revision lines ("Revision as of … by …") from a git repository made in the test, with
//! fixed names and dates, and the Edit and History links of a configured `repository`.
//!
//! These tests run the `git` program to make history; a machine without it fails them with
//! a message saying so (git is on every developer and CI machine).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ideawiki::BuildOptions;
use ideawiki::engine::{Engine, MemorySink, Output};

use crate::site::{TestSite, idea, page};

/// Who made a commit and when: `at` in git's `@seconds +zone` form, `utc` as the page
/// must show it.
#[derive(Clone, Copy)]
struct Author {
    name: &'static str,
    at: &'static str,
    utc: &'static str,
}

impl Author {
    const fn new(name: &'static str, at: &'static str, utc: &'static str) -> Author {
        Author { name, at, utc }
    }
}

// 2021-03-04 05:06 at +02:00: the line shows 03:06 UTC.
const ANN: Author = Author::new("Ann Author", "@1614827160 +0200", "2021-03-04 03:06");
const BOB: Author = Author::new("Bob Builder", "@1625140800 +0000", "2021-07-01 12:00");
const CY: Author = Author::new("Cy Coder", "@1640995200 +0000", "2022-01-01 00:00");
const DEE: Author = Author::new("Dee Docs", "@1641081600 +0000", "2022-01-02 00:00");
const NOBODY: Author = Author::new("Nobody", "@1000000000 +0000", "2001-09-09 01:46");

/// Runs `git ARGS…` in `dir` as `who`, away from the user's and the system's git
/// configuration.
fn git_as(dir: &Path, who: Author, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "init.defaultBranch=main"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", who.name)
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_AUTHOR_DATE", who.at)
        // A committer and a date of its own, a day later: the line must show the author's.
        .env("GIT_COMMITTER_NAME", "Committer Bot")
        .env("GIT_COMMITTER_EMAIL", "bot@example.org")
        .env("GIT_COMMITTER_DATE", later_by_a_day(who.at))
        .output()
        .unwrap_or_else(|e| {
            panic!("these tests need the `git` program on PATH to make a history: {e}")
        });
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) {
    git_as(dir, NOBODY, args);
}

fn later_by_a_day(date: &str) -> String {
    let (seconds, zone) = date
        .trim_start_matches('@')
        .split_once(' ')
        .expect("`@seconds zone`");
    let seconds: i64 = seconds.parse().expect("seconds");
    format!("@{} {zone}", seconds + 86_400)
}

/// Commits everything in `dir` as `who`.
fn commit_all(dir: &Path, who: Author, message: &str) {
    git(dir, &["add", "-A"]);
    git_as(dir, who, &["commit", "-q", "-m", message]);
}

/// The revision line of a built page, from `Revision as of` to the end of the paragraph.
fn revision_line(html: &str) -> Option<&str> {
    let start = html.find("Revision as of")?;
    let end = html[start..].find("</p>").map_or(html.len(), |e| start + e);
    Some(html[start..end].trim_end())
}

fn line_of(site: &TestSite, rel: &str) -> Option<String> {
    revision_line(&site.read(rel)).map(str::to_string)
}

/// Checks that each page's line names the author who last changed its source.
fn assert_lines(site: &TestSite, expected: &[(&str, Author)]) {
    for (page, who) in expected {
        assert_eq!(
            line_of(site, page),
            Some(shown(who.utc, who.name)),
            "revision line of {page}"
        );
    }
}

/// "Revision as of … by …" as the wiki theme writes it.
fn shown(date: &str, author: &str) -> String {
    format!(
        "Revision as of <time datetime=\"{}Z\">{date} UTC</time> by {author}",
        date.replace(' ', "T")
    )
}

/// Gives the idea Alpha a new summary.
fn change_alpha(site: &TestSite) {
    site.write(
        "content/gsoc/2027/alpha.md",
        idea("Alpha", "summary: Changed.\n").as_bytes(),
    );
}

/// A small site: home page, a year with two ideas, a wiki page.
fn site() -> TestSite {
    TestSite::with_year()
        .file("content/gsoc/2027/alpha.md", &idea("Alpha", ""))
        .file("content/gsoc/2027/beta.md", &idea("Beta", ""))
        .file("content/mentoring.md", &page("Mentoring", ""))
}

/// `site()` in a new repository, committed by Ann.
fn committed_site() -> TestSite {
    let site = site();
    git(site.root(), &["init", "-q"]);
    commit_all(site.root(), ANN, "first");
    site
}

#[test]
fn each_page_shows_its_last_change() {
    let site = committed_site();
    let root = site.root();
    change_alpha(&site);
    commit_all(root, BOB, "second");
    site.write(
        "content/mentoring.md",
        format!("{}A new paragraph.\n", page("Mentoring", "")).as_bytes(),
    );
    site.write("README.md", b"Not content.\n");
    commit_all(root, CY, "third");
    // A commit that changes nothing under content/ counts for no page.
    site.write("README.md", b"Still not content.\n");
    commit_all(root, DEE, "fourth");

    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_lines(
        &site,
        &[
            ("index.html", ANN),
            ("gsoc/2027/index.html", ANN),
            ("gsoc/2027/beta/index.html", ANN),
            ("gsoc/2027/alpha/index.html", BOB),
            ("mentoring/index.html", CY),
        ],
    );
    // Pages made from no source file (taxonomy lists) have no line.
    assert_eq!(line_of(&site, "status/index.html"), None);
}

#[test]
fn a_merge_credits_the_branch_commit_that_wrote_the_text() {
    let site = committed_site();
    let root = site.root();
    git(root, &["checkout", "-q", "-b", "topic"]);
    site.write(
        "content/gsoc/2027/beta.md",
        idea("Beta", "summary: From the branch.\n").as_bytes(),
    );
    commit_all(root, BOB, "on the branch");
    git(root, &["checkout", "-q", "main"]);
    change_alpha(&site);
    commit_all(root, CY, "on main");
    git_as(root, DEE, &["merge", "-q", "--no-edit", "topic"]);

    site.build_ok();
    assert_lines(
        &site,
        &[
            ("gsoc/2027/beta/index.html", BOB),
            ("gsoc/2027/alpha/index.html", CY),
            ("mentoring/index.html", ANN),
        ],
    );
}

#[test]
fn a_site_in_a_sub_folder_of_the_repository() {
    let site = site();
    // The repository is the temporary folder; the site is its `site/` folder.
    let repo = site.outer();
    std::fs::create_dir_all(repo.join("content/gsoc/2027")).expect("create folders");
    // A file at the same path relative to the repository root must not be mistaken for
    // the site's.
    let decoy = repo.join("content/gsoc/2027/alpha.md");
    std::fs::write(&decoy, "decoy\n").expect("write");
    git(repo, &["init", "-q"]);
    commit_all(repo, ANN, "first");
    change_alpha(&site);
    commit_all(repo, BOB, "second");
    std::fs::write(&decoy, "decoy 2\n").expect("write");
    commit_all(repo, CY, "third");

    site.build_ok();
    assert_lines(
        &site,
        &[
            ("gsoc/2027/alpha/index.html", BOB),
            ("gsoc/2027/beta/index.html", ANN),
        ],
    );
}

#[test]
fn no_repository_no_line_and_the_build_succeeds() {
    let site = site();
    let run = site.build_ok();
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    for page in ["index.html", "gsoc/2027/alpha/index.html"] {
        assert_eq!(line_of(&site, page), None, "{page}");
    }
}

#[test]
fn a_repository_without_commits_gives_no_line() {
    let site = site();
    git(site.root(), &["init", "-q"]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    assert_eq!(line_of(&site, "gsoc/2027/alpha/index.html"), None);
}

#[test]
fn an_uncommitted_file_has_no_line() {
    let site = committed_site();
    site.write("content/gsoc/2027/gamma.md", idea("Gamma", "").as_bytes());
    // Changed but not committed: the line still names the last commit.
    change_alpha(&site);
    site.build_ok();
    assert_eq!(line_of(&site, "gsoc/2027/gamma/index.html"), None);
    assert_lines(&site, &[("gsoc/2027/alpha/index.html", ANN)]);
}

#[test]
fn a_shallow_clone_names_no_wrong_commit() {
    let site = committed_site();
    change_alpha(&site);
    commit_all(site.root(), BOB, "second");
    let url = format!("file://{}", site.root().display());
    git(
        site.outer(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
    );
    let clone = site.outer().join("clone");
    let run = crate::site::run_in(
        site.outer(),
        &["build", "--root", clone.to_str().expect("UTF-8 path")],
    );
    run.assert_success();
    // Only HEAD was fetched: nothing is known to have changed in it.
    for page in ["gsoc/2027/alpha/index.html", "gsoc/2027/beta/index.html"] {
        let html = std::fs::read_to_string(clone.join("public").join(page)).expect(page);
        assert_eq!(revision_line(&html), None, "{page}");
    }
    run.stderr_has("shallow clone").stderr_has("--unshallow");
}

#[test]
fn edit_and_history_links_follow_the_hosting_service() {
    let cases = [
        (
            "https://github.com/org/ideas",
            "https://github.com/org/ideas/edit/main/content/gsoc/2027/alpha.md",
            "https://github.com/org/ideas/commits/main/content/gsoc/2027/alpha.md",
        ),
        (
            "https://gitlab.com/org/ideas/",
            "https://gitlab.com/org/ideas/-/edit/main/content/gsoc/2027/alpha.md",
            "https://gitlab.com/org/ideas/-/commits/main/content/gsoc/2027/alpha.md",
        ),
        (
            "https://codeberg.org/org/ideas",
            "https://codeberg.org/org/ideas/_edit/main/content/gsoc/2027/alpha.md",
            "https://codeberg.org/org/ideas/commits/branch/main/content/gsoc/2027/alpha.md",
        ),
    ];
    for (url, edit, history) in cases {
        let site = site().file(
            "ideawiki.yaml",
            &format!("title: Test ideas\nrepository:\n  url: {url}\n"),
        );
        site.build_ok();
        let html = site.read("gsoc/2027/alpha/index.html");
        assert!(
            html.contains(&format!("href=\"{edit}\">Edit</a>")),
            "{url}: {html}"
        );
        assert!(
            html.contains(&format!("href=\"{history}\">History</a>")),
            "{url}: {html}"
        );
    }
}

#[test]
fn links_name_the_branch_and_the_sites_folder_in_the_repository() {
    let site = site().file(
        "ideawiki.yaml",
        "title: Test ideas\nrepository:\n  url: https://github.com/org/monorepo\n  branch: trunk\n  path: docs/ideas\n",
    );
    site.build_ok();
    let html = site.read("mentoring/index.html");
    for action in ["edit", "commits"] {
        let href = format!(
            "href=\"https://github.com/org/monorepo/{action}/trunk/docs/ideas/content/mentoring.md\""
        );
        assert!(html.contains(&href), "{href} in {html}");
    }
}

/// `serve` keeps one engine: a commit that changes no file on disk (here: an amended
/// author) must still re-render the pages whose revision changed, and the result must equal
/// a fresh full build.
#[test]
fn incremental_runs_follow_new_commits() {
    let site = committed_site();
    let root = site.root();
    let mut engine = Engine::new(BuildOptions::new(root));
    // Runs the engine into what it served before, as `serve` does.
    let mut served = BTreeMap::new();
    let run = |engine: &mut Engine, served: &mut BTreeMap<String, Output>, full| {
        let sink = MemorySink::new(std::mem::take(served));
        let stats = engine.run(&sink, full).expect("run");
        *served = sink.into_outputs();
        stats
    };
    let alpha = |served: &BTreeMap<String, Output>| {
        let bytes = served["gsoc/2027/alpha/index.html"].bytes();
        revision_line(&String::from_utf8_lossy(bytes)).map(str::to_string)
    };
    run(&mut engine, &mut served, true);
    assert_eq!(alpha(&served), Some(shown(ANN.utc, ANN.name)));

    // Same HEAD, nothing changed: nothing is rendered again.
    assert_eq!(run(&mut engine, &mut served, false).rendered, 0);

    git_as(
        root,
        BOB,
        &["commit", "-q", "--amend", "--no-edit", "--reset-author"],
    );
    assert!(run(&mut engine, &mut served, false).rendered > 0);
    assert_eq!(alpha(&served), Some(shown(BOB.utc, BOB.name)));
    let fresh = MemorySink::default();
    Engine::new(BuildOptions::new(root))
        .run(&fresh, true)
        .expect("full build");
    assert_eq!(bytes(&served), bytes(&fresh.into_outputs()));
}

fn bytes(outputs: &BTreeMap<String, Output>) -> BTreeMap<String, Vec<u8>> {
    outputs
        .iter()
        .map(|(k, v)| (k.clone(), v.bytes().to_vec()))
        .collect()
}

#[test]
fn serve_shows_a_new_commit_without_another_save() {
    let site = committed_site();
    let server = crate::serve::Server::start(&site);
    let page = server.page("/gsoc/2027/alpha/");
    assert_eq!(
        revision_line(&page),
        Some(shown(ANN.utc, ANN.name).as_str())
    );
    // The edit is saved (one rebuild; the text is not committed yet, so the line still
    // names Ann), then committed: no file under the site changes, only the history.
    change_alpha(&site);
    server.poll("/gsoc/2027/alpha/", "showing the edit", |r| {
        r.body.contains("Changed.")
    });
    commit_all(site.root(), BOB, "second");
    let bob = shown(BOB.utc, BOB.name);
    server.poll("/gsoc/2027/alpha/", "naming Bob's commit", |r| {
        revision_line(&r.body) == Some(bob.as_str())
    });
    // Beta did not change in that commit.
    let beta = server.page("/gsoc/2027/beta/");
    assert_eq!(
        revision_line(&beta),
        Some(shown(ANN.utc, ANN.name).as_str())
    );
}

#[test]
fn mailmap_names_authors_as_git_log_does() {
    let site = site();
    let root = site.root();
    git(root, &["init", "-q"]);
    // Ann committed under a short name; the repository's `.mailmap` gives her full one.
    site.write(
        ".mailmap",
        b"Ann Author <author@example.org> ann <author@example.org>\n",
    );
    commit_all(root, Author::new("ann", ANN.at, ANN.utc), "first");
    site.build_ok();
    assert_lines(&site, &[("gsoc/2027/alpha/index.html", ANN)]);
    // Editing `.mailmap` without a commit renames her on the next build too: a build
    // that finds its inputs unchanged must count the file among them.
    site.write(
        ".mailmap",
        b"Ann A. Author <author@example.org> ann <author@example.org>\n",
    );
    site.build_ok();
    assert_eq!(
        line_of(&site, "gsoc/2027/alpha/index.html"),
        Some(shown(ANN.utc, "Ann A. Author"))
    );
}
