//! Live reload in a real browser: headless Chromium, driven over WebDriver by chromedriver
//! (Debian's `chromium` and `chromium-driver`, which `.ci/run` installs).
//!
//! The test only reads the page's state: after it opens the page, every change it sees
//! was made by the page's own live-reload script, reacting to a file edited on disk.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::serve::{Log, Server, free_port, request};
use crate::site::TestSite;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Starting chromedriver and a browser, and loading a page.
const SLOW: Duration = Duration::from_secs(60);
/// A saved edit showing in the open page.
const RELOAD: Duration = Duration::from_secs(10);

const IDEA: &str = "content/gsoc/2027/long.md";
const IDEA_URL: &str = "/gsoc/2027/long/";

/// A program from `$var` or its Debian path; `None` when it is not there.
fn program(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    path.is_file().then_some(path)
}

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

/// chromedriver on a port of its own, killed with the browser it started when dropped.
struct Driver {
    child: Child,
    url: String,
    log: Log,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Its own process group holds the browser too: end them all.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(chromedriver: &Path) -> Driver {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let log = Log::default();
        let mut child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", chromedriver.display()));
        log.capture(&mut child);
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let deadline = Instant::now() + SLOW;
        loop {
            if let Ok(r) = request(port, "/status")
                && r.status == 200
                && r.body.contains("\"ready\":true")
            {
                return driver;
            }
            if let Some(status) = driver.child.try_wait().expect("poll chromedriver") {
                panic!("chromedriver exited with {status}\n{}", driver.log);
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver not ready after {SLOW:?}\n{}",
                driver.log
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
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
                 overlay: (document.getElementById('ideawiki-error-overlay') || {}).textContent, \
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

/// The test proper; returns an error instead of panicking, so the session is always closed.
async fn edit_in_the_browser(client: &Client, site: &TestSite, server: &Server) -> Outcome {
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
         return !!o && o.textContent.includes('content/gsoc/2027/long.md:4:');",
    )
    .await?;
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
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let chromium = program("IDEAWIKI_CHROMIUM", CHROMIUM);
    let chromedriver = program("IDEAWIKI_CHROMEDRIVER", CHROMEDRIVER);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        let msg = format!(
            "the browser test needs {CHROMIUM} and {CHROMEDRIVER} \
             (apt-get install chromium chromium-driver; or set IDEAWIKI_CHROMIUM and \
             IDEAWIKI_CHROMEDRIVER)"
        );
        assert!(!ci, "{msg}");
        eprintln!("\n*** SKIPPED browser test: {msg} ***\n");
        return;
    };

    let site = TestSite::with_year().file(IDEA, &long_idea("The first sentence."));
    let server = Server::start(&site);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().expect("a browser profile folder");
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--window-size=1024,768",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(async {
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .map_err(|e| format!("start a browser session: {e}"))?;
        let outcome = edit_in_the_browser(&client, &site, &server).await;
        let _ = client.close().await;
        outcome
    });
    if let Err(e) = outcome {
        panic!("{e}\n{}\n--- chromedriver ---\n{}", server.log, driver.log);
    }
}
