//! `ideawiki serve`: build, serve from memory, watch, rebuild what changed, reload tabs.
//!
//! Three parts with one job each: `watch` turns file events into "something changed",
//! the rebuild loop here runs the [`Engine`] and decides what to tell the browsers, and
//! `http` answers requests from the last good in-memory site. A failed rebuild never
//! replaces that site: it is shown as an overlay on top of it.

pub mod http;
mod listen;
pub mod watch;

use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic};
use crate::engine::{Engine, MemorySink, RunStats};
use crate::options::{BuildFailure, BuildOptions};
use crate::site::config::Config;
use crate::util::text::plural;
use http::{AllowedHosts, App, Event};
use watch::ChangeKind;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// The port was chosen by the user: do not move to another one.
    pub port_given: bool,
    /// Open the site in the default browser once it is up.
    pub open: bool,
    /// How long the watcher waits for a burst of events (a save, a `git checkout`) to end.
    pub debounce: Duration,
    /// Host names answered besides loopback names and IP addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

#[derive(Debug)]
pub enum ServeError {
    /// The folder is no site: nothing to serve, now or after a save.
    NotASite(Diagnostic),
    PortInUse {
        addr: SocketAddr,
    },
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    Watch(notify::Error),
    Runtime(std::io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::NotASite(d) => write!(f, "{}", d.message),
            ServeError::PortInUse { addr } => write!(
                f,
                "cannot listen on {addr}: the port is in use (another `ideawiki serve`?); pass `--port` with a free port"
            ),
            ServeError::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServeError::Watch(e) => write!(f, "cannot watch the site's files: {e}"),
            ServeError::Runtime(e) => write!(f, "cannot start the server: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Runs until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    if let Some(d) = crate::site::load::not_a_site(&opts.build.root) {
        return Err(ServeError::NotASite(d));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let listener = runtime.block_on(bind(&opts))?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;
    if !opts.bind.is_loopback() {
        crate::tell!(
            "warning: serving on {} makes the preview (drafts included) readable by anyone who can reach this machine",
            opts.bind
        );
    }
    let mut build = opts.build.clone();
    build.origin = Some(format!("http://{addr}"));
    build.show_source = true;
    let root = Config::load(&build.root)
        .map(|l| l.config.root)
        .unwrap_or_else(|_| "/".into());
    let app = App::new(root.clone(), AllowedHosts::new(opts.allow_hosts.clone()));
    // Listen for Ctrl-C and SIGTERM before saying "serving": a signal sent as soon as that
    // line shows (a script, an impatient user) must stop the server, not kill it.
    let stop = {
        let _context = runtime.enter();
        stop_signals().map_err(ServeError::Runtime)?
    };
    // Watch before the first build, which takes seconds on a large site: a save made
    // while it runs, or as soon as "serving" shows, waits in the channel for the loop.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let site_root = build.root.canonicalize().unwrap_or(build.root.clone());
    let watcher = watch::watch(&site_root, opts.debounce, move |paths| {
        let _ = tx.send(paths);
    })
    .map_err(ServeError::Watch)?;
    let mut engine = Engine::new(build.clone());
    let first = rebuild(&mut engine, &app, true, &BTreeSet::new(), Instant::now());
    let url = format!("http://{addr}{root}");
    crate::say!("serving {} at {url} (Ctrl-C to stop)", build.root.display());
    if first.is_err() {
        crate::say!("the site has errors: fix them and save; the page in the browser will follow");
    }
    if opts.open {
        open_browser(&url);
    }

    let loop_app = app.clone();
    // The loop owns the watcher: it adds watches for source folders created while serving.
    std::thread::spawn(move || rebuild_loop(engine, watcher, &loop_app, &site_root, &rx));

    let router = http::router(app.clone());
    runtime.block_on(listen::run(listener, router, async move {
        stop.await;
        // A graceful shutdown waits for every connection to end, and an open tab's event
        // stream never does by itself: end them all.
        app.stop();
    }));
    crate::say!("stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM (`kill`, a terminal closing, a process manager): both stop cleanly.
/// The handlers are registered when this returns, not when the future is first polled.
fn stop_signals() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            let interrupt = std::pin::pin!(interrupt.recv());
            let terminate = std::pin::pin!(terminate.recv());
            futures_util::future::select(interrupt, terminate).await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// Binds the port, or the next free one when the user did not ask for a specific port.
async fn bind(opts: &ServeOptions) -> Result<tokio::net::TcpListener, ServeError> {
    let tries = if opts.port_given { 1 } else { 10 };
    for i in 0..tries {
        let port = opts.port.saturating_add(i);
        let addr = SocketAddr::new(opts.bind, port);
        match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => {
                if i > 0 {
                    crate::say!("port {} is in use; using port {port} instead", opts.port);
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(source) => return Err(ServeError::Bind { addr, source }),
        }
    }
    Err(ServeError::PortInUse {
        addr: SocketAddr::new(opts.bind, opts.port),
    })
}

/// Waits for changes; folds everything that arrived meanwhile into one rebuild.
fn rebuild_loop(
    mut engine: Engine,
    mut watcher: watch::Watcher,
    app: &Arc<App>,
    root: &std::path::Path,
    rx: &mpsc::Receiver<Vec<PathBuf>>,
) {
    while let Ok(first) = rx.recv() {
        let started = Instant::now();
        let mut paths = first;
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        let kinds: BTreeSet<ChangeKind> = paths
            .iter()
            .filter_map(|p| watch::classify(root, watcher.git_dir(), p))
            .collect();
        if kinds.is_empty() {
            continue;
        }
        if let Err(e) = watcher.refresh() {
            crate::tell!(
                "warning: cannot watch a new folder: {e}; restart `ideawiki serve` to see its changes"
            );
        }
        engine.changed(&paths);
        let _ = rebuild(&mut engine, app, false, &kinds, started);
    }
}

/// One run of the engine into a copy of the served site; swaps it in on success.
fn rebuild(
    engine: &mut Engine,
    app: &App,
    full: bool,
    kinds: &BTreeSet<ChangeKind>,
    started: Instant,
) -> Result<RunStats, ()> {
    let current = app.write().outputs.clone();
    let sink = MemorySink::over(current);
    let had_error = app.write().error.is_some();
    match engine.run(&sink, full) {
        Ok(stats) => {
            print_warnings(&stats.warnings);
            swap_in(app, sink, engine.sub_path(), full);
            report(&stats, full, kinds, started);
            tell_tabs(app, &stats, had_error);
            Ok(stats)
        }
        Err(failure) => {
            show_failure(app, &failure);
            Err(())
        }
    }
}

/// Makes what the run put in `sink` the served site, under the sub-path `root` it was
/// built for, and clears the last error.
fn swap_in(app: &App, sink: MemorySink, root: Option<&str>, full: bool) {
    let mut site = app.write();
    sink.apply_to(&mut site.outputs);
    if let Some(root) = root
        && root != site.root
    {
        if !full {
            crate::say!("base_url changed: the site is now served under {root}");
        }
        site.root = root.to_string();
    }
    site.error = None;
}

/// Whether the run changed anything a tab may show.
fn changed(stats: &RunStats) -> bool {
    stats.rendered > 0 || !stats.removed.is_empty() || !stats.changed_files.is_empty()
}

/// One line per rebuild: what changed, and how long it took.
fn report(stats: &RunStats, full: bool, kinds: &BTreeSet<ChangeKind>, started: Instant) {
    // Git rewrites its index for `git status` too: a look at the history that found
    // nothing new is not worth a line.
    let quiet = !changed(stats) && kinds.iter().all(|k| *k == ChangeKind::History);
    if full {
        crate::say!(
            "built {} ({}) in {} ms",
            plural(stats.pages, "page", "pages"),
            plural(stats.ideas, "idea", "ideas"),
            started.elapsed().as_millis()
        );
    } else if !quiet {
        let what: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        crate::say!(
            "{} changed: {} re-rendered, {} removed in {} ms",
            what.join(", "),
            plural(stats.rendered, "page", "pages"),
            stats.removed.len(),
            started.elapsed().as_millis()
        );
    }
}

/// Reloads the open tabs, or only swaps their stylesheets when nothing else changed (and
/// no error overlay needs to go).
fn tell_tabs(app: &App, stats: &RunStats, had_error: bool) {
    let css_only = stats.rendered == 0
        && stats.removed.is_empty()
        && !stats.changed_files.is_empty()
        && stats.changed_files.iter().all(|f| f.ends_with(".css"));
    if css_only && !had_error {
        app.notify(Event::Css);
    } else if changed(stats) || had_error {
        app.notify(Event::Reload);
    }
}

/// Prints a failed rebuild's problems, and shows its errors over the page in every tab.
fn show_failure(app: &App, failure: &BuildFailure) {
    let color = diag::stderr_wants_color();
    for d in &failure.diagnostics {
        crate::util::console::err(format_args!("{}", d.render(color)));
    }
    // Every good build makes files (the feeds, the sitemap), so none means none yet.
    let served = if app.write().outputs.is_empty() {
        "nothing to serve until the site builds"
    } else {
        "still serving the last good version"
    };
    crate::tell!(
        "rebuild failed with {}; {served}",
        plural(failure.errors(), "error", "errors")
    );
    let message: String = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n");
    app.write().error = Some(message.clone());
    app.notify(Event::Error(message));
}

fn print_warnings(warnings: &[Diagnostic]) {
    let color = diag::stderr_wants_color();
    for d in warnings {
        crate::util::console::err(format_args!("{}", d.render(color)));
    }
}

/// Opens `url` in the default browser; failing to is not worth stopping for.
fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        crate::tell!("note: could not open a browser ({cmd}: {e}); open {url} yourself");
    }
}
