//! Shared plumbing for tests that drive a real browser: Debian's Chromium, through its
//! chromedriver, over WebDriver (fantoccini). `.ci/run` installs both.
//!
//! A test that needs a program this machine lacks calls [`missing`]: under `CI=true` that
//! fails the test (CI must run everything); elsewhere it prints a loud SKIP and the test
//! returns.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::serve::{Log, free_port, request};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Starting chromedriver or a browser session.
const SLOW: Duration = Duration::from_secs(60);

/// Whether this is a CI run, where every test must really run.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports that `test` cannot run for want of `what` (and how to get it): a failure under
/// CI, a loud SKIP elsewhere. The caller returns right after.
pub fn missing(test: &str, what: &str) {
    let msg = format!("{test} needs {what}");
    assert!(!ci(), "{msg} (CI=true: tests may not skip)");
    eprintln!("\n*** SKIPPED {msg} ***\n");
}

/// The program named by `$var`, or else found at `default`; `None` when it is not there.
pub fn program(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    path.is_file().then_some(path)
}

/// chromedriver on a port of its own, in its own process group with the browsers it
/// starts: dropping it kills them all.
pub struct Driver {
    child: Child,
    pub url: String,
    pub log: Log,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// Starts `chromedriver` and waits until it says it is ready.
    pub fn start(chromedriver: &Path) -> Driver {
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

/// Chromium and a chromedriver for it, and a runtime to talk to them.
pub struct Browser {
    chromium: PathBuf,
    driver: Driver,
    runtime: tokio::runtime::Runtime,
    profiles: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver, or reports (see [`missing`]) and returns `None` when Chromium or
    /// chromedriver is not installed.
    pub fn start(test: &str) -> Option<Browser> {
        let chromium = program("IDEAWIKI_CHROMIUM", CHROMIUM);
        let chromedriver = program("IDEAWIKI_CHROMEDRIVER", CHROMEDRIVER);
        let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
            missing(
                test,
                &format!(
                    "{CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver; \
                     or set IDEAWIKI_CHROMIUM and IDEAWIKI_CHROMEDRIVER)"
                ),
            );
            return None;
        };
        Some(Browser {
            chromium,
            driver: Driver::start(&chromedriver),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime"),
            profiles: tempfile::tempdir().expect("a folder for browser profiles"),
        })
    }

    /// Runs `f` to completion; browser calls are async.
    pub fn run<T>(&self, f: impl Future<Output = T>) -> T {
        self.runtime.block_on(f)
    }

    /// Opens a headless browser whose page is `width` × `height` CSS pixels, with `flags`
    /// added to Chromium's command line, in a fresh profile. Under 500 px (the narrowest
    /// window headless Chromium makes) it emulates a phone of that width.
    pub async fn open(&self, width: u32, height: u32, flags: &[&str]) -> Result<Client, String> {
        let profile = tempfile::tempdir_in(self.profiles.path()).map_err(|e| e.to_string())?;
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--hide-scrollbars",
        ]
        .map(String::from)
        .to_vec();
        args.push(format!("--window-size={width},{height}"));
        args.push(format!("--user-data-dir={}", profile.keep().display()));
        args.extend(flags.iter().map(|f| f.to_string()));
        let mut options = json!({ "binary": self.chromium, "args": args });
        if width < 500 {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "mobile": true, "touch": true },
            });
        }
        let Value::Object(capabilities) = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }) else {
            unreachable!()
        };
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.driver.url)
            .await
            .map_err(|e| format!("start a browser session: {e}"))
    }

    /// What chromedriver printed, for failure messages.
    pub fn log(&self) -> String {
        format!(
            "--- chromedriver stdout ---\n{}\n--- chromedriver stderr ---\n{}",
            self.driver.log.stdout(),
            self.driver.log.stderr()
        )
    }
}

/// Runs `script` (a function body) in the page and returns its result.
pub async fn eval(client: &Client, script: &str) -> Result<Value, String> {
    client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("script failed: {e}\n{script}"))
}

/// Presses and releases `key` (a character, or a special key such as
/// `fantoccini::key::Key::Tab`) in whatever has the focus, as a keyboard would.
pub async fn press(client: &Client, key: impl Into<char>) -> Result<(), String> {
    let key = key.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client
        .perform_actions(keys)
        .await
        .map_err(|e| format!("press {key:?}: {e}"))
}
