//! Live reload in a real browser: headless Chromium, driven over WebDriver by chromedriver
//! (Debian's `chromium` and `chromium-driver`, which `.ci/run` installs).
//!
//! The test only reads the page's state: after it opens the page, every change it sees
//! was made by the page's own live-reload script, reacting to a file edited on disk.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{Value, json};

use crate::serve::Server;
use crate::site::TestSite;
use crate::webdriver::Browser;

/// Loading a page.
const SLOW: Duration = Duration::from_secs(60);
/// A saved edit showing in the open page.
const RELOAD: Duration = Duration::from_secs(10);

const IDEA: &str = "content/gsoc/2027/long.md";
const IDEA_URL: &str = "/gsoc/2027/long/";

/// An idea long enough to scroll, with `sentence` at the top.
fn long_idea(sentence: &str) -> String {
    let mut text = format!("---\ntitle: A long idea\nproject: Xen\n---\n{sentence}\n\n");
    for i in 0..150 {
        text.push_str(&format!(
            "Paragraph {i} of the details: the hypervisor, its guests and their devices.\n\n"
        ));
    }
    text
}

type Outcome = Result<(), String>;

/// Evaluates `script` (a function body) in the page; `Null` while the page is reloading.
async fn eval(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap_or(Value::Null)
}

/// Polls `script` until it returns `true`, for at most `limit`.
async fn wait_for(client: &Client, what: &str, limit: Duration, script: &str) -> Outcome {
    let deadline = Instant::now() + limit;
    loop {
        if eval(client, script).await == Value::Bool(true) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            let state = eval(
                client,
                "return {url: location.href, scrollY: window.scrollY, \
                 overlay: ((document.getElementById('ideawiki-error-overlay') || {}).shadowRoot || {}).textContent, \
                 text: document.body && document.body.innerText.slice(0, 400)};",
            )
            .await;
            return Err(format!("not {what} after {limit:?}; the page: {state:#}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page's live-reload script listens (its EventSource is open).
async fn listening(client: &Client) -> Outcome {
    wait_for(
        client,
        "listening for changes",
        SLOW,
        "return document.readyState === 'complete' && !!window.ideawikiLiveReload \
         && window.ideawikiLiveReload.readyState === 1;",
    )
    .await
}

fn has_text(text: &str) -> String {
    format!(
        "return !!document.body && document.body.innerText.includes({});",
        json!(text)
    )
}

/// The contrast ratio of the overlay's error text against the overlay's background.
const OVERLAY_CONTRAST: &str = "\
    var root = document.getElementById('ideawiki-error-overlay').shadowRoot;\
    var rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);\
    var lum = c => { var v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });\
      return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };\
    var fg = lum(rgb(getComputedStyle(root.querySelector('pre')).color));\
    var bg = lum(rgb(getComputedStyle(root.querySelector('.box')).backgroundColor));\
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);";

/// The test proper; returns an error instead of panicking, so the session is always closed.
async fn edit_in_the_browser(
    client: &Client,
    site: &TestSite,
    server: &Server,
    axe: Option<&str>,
) -> Outcome {
    let url = format!("http://127.0.0.1:{}{IDEA_URL}", server.port);
    client
        .goto(&url)
        .await
        .map_err(|e| format!("open {url}: {e}"))?;
    listening(client).await?;
    if eval(client, &has_text("The first sentence.")).await != Value::Bool(true) {
        return Err("the page does not show the idea".into());
    }

    // Scroll down, mark this page instance, then save a new version of the file.
    eval(client, "window.scrollTo(0, 1500); return null;").await;
    let y = eval(
        client,
        "window.ideawikiTest = 'old page'; return window.scrollY;",
    )
    .await;
    let y = y.as_f64().ok_or(format!("scrollY: {y}"))?;
    if y < 1000.0 {
        return Err(format!("the page is too short to scroll: scrollY = {y}"));
    }
    site.write(IDEA, long_idea("The second sentence.").as_bytes());
    wait_for(
        client,
        "showing the edit",
        RELOAD,
        &has_text("The second sentence."),
    )
    .await?;
    if eval(client, "return window.ideawikiTest === undefined;").await != Value::Bool(true) {
        return Err("the text changed without a reload".into());
    }
    wait_for(
        client,
        &format!("scrolled back to {y}"),
        RELOAD,
        &format!("return Math.abs(window.scrollY - {y}) <= 40;"),
    )
    .await?;

    // A broken save: the overlay names the file; the page underneath stays.
    listening(client).await?;
    site.write(
        IDEA,
        b"---\ntitle: A long idea\nmentors:\n\t- Ada Stone\n---\nThe broken sentence.\n",
    );
    wait_for(
        client,
        "showing the error overlay",
        RELOAD,
        "var o = document.getElementById('ideawiki-error-overlay'); \
         return !!o && !!o.shadowRoot && o.shadowRoot.textContent.includes('content/gsoc/2027/long.md:4:');",
    )
    .await?;
    // Readable whatever the theme says about `pre`: the error's text against its
    // background meets WCAG AA (4.5:1).
    let contrast = eval(client, OVERLAY_CONTRAST).await;
    if !contrast.as_f64().is_some_and(|c| c >= 4.5) {
        return Err(format!(
            "the overlay's text has a contrast of {contrast}, under 4.5:1"
        ));
    }
    if let Some(axe) = axe {
        eval(client, &format!("{axe}\nreturn null;")).await;
        let found = client
            .execute_async(
                "var done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})\
                 .then(r => done(r.violations.map(v => v.id + ': ' + v.help)))\
                 .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .map_err(|e| format!("axe: {e}"))?;
        if found.as_array().is_none_or(|v| !v.is_empty()) {
            return Err(format!("axe, with the error overlay on screen: {found}"));
        }
    }
    if eval(client, &has_text("The second sentence.")).await != Value::Bool(true) {
        return Err("the last good page should stay under the overlay".into());
    }

    // The fix removes the overlay and shows the fixed text.
    site.write(IDEA, long_idea("The third sentence.").as_bytes());
    wait_for(
        client,
        "showing the fix without the overlay",
        RELOAD,
        &format!(
            "return !document.getElementById('ideawiki-error-overlay') && {}",
            has_text("The third sentence.").trim_start_matches("return ")
        ),
    )
    .await
}

#[test]
fn the_open_page_follows_edits_keeps_its_scroll_and_shows_errors() {
    let Some(browser) = Browser::start("the live-reload browser test") else {
        return;
    };
    let site = TestSite::with_year().file(IDEA, &long_idea("The first sentence."));
    let server = Server::start(&site);
    let axe = crate::theme::axe_source("the live-reload browser test");
    let outcome = browser.run(async {
        // Light and dark: the error overlay must be readable in both.
        for flags in [&[][..], &["--force-dark-mode"][..]] {
            site.write(IDEA, long_idea("The first sentence.").as_bytes());
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let client = browser.open(1024, 768, flags).await?;
            let outcome = edit_in_the_browser(&client, &site, &server, axe.as_deref()).await;
            let _ = client.close().await;
            outcome.map_err(|e| format!("{flags:?}: {e}"))?;
        }
        Ok::<(), String>(())
    });
    if let Err(e) = outcome {
        panic!(
            "{e}
{}
{}",
            server.log,
            browser.log()
        );
    }
}
