//! The preview HTTP server: the in-memory site, a live-reload event stream, nothing else.
//!
//! Requests are answered from the map of outputs the engine produced, never from the file
//! system by path, so no request can reach a file outside the site; paths with `..`,
//! encoded separators or backslashes are refused before the lookup anyway.
//!
//! Only requests for a local name are answered (see [`AllowedHosts`]): a web page the
//! editor visits could otherwise point its own name at 127.0.0.1 (DNS rebinding) and
//! read the preview, drafts included, as a page of its own origin.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;

use crate::engine::Output;

/// Where the live-reload script and event stream live; a site cannot have a page there
/// (slugs may not start with `_`… they may, but not with two).
pub const PREFIX: &str = "/__ideawiki/";
const SCRIPT: &str = include_str!("livereload.js");

/// What the browser tabs are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Pages changed: reload, keeping the scroll position.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Css,
    /// The last rebuild failed: show this message over the page.
    Error(String),
}

/// The site being served and the last build error, swapped as a whole after each rebuild.
#[derive(Debug, Default)]
pub struct Served {
    pub outputs: Arc<BTreeMap<String, Output>>,
    /// The sub-path (`/` or `/ideas/`) the outputs were built for; pages are served under
    /// it, as deployed. It changes with `base_url` in the config, so it goes with them.
    pub root: String,
    pub error: Option<String>,
}

pub struct App {
    pub site: RwLock<Served>,
    pub events: broadcast::Sender<Event>,
    /// Set once the server is stopping: ends every event stream.
    stopping: watch::Sender<bool>,
    hosts: AllowedHosts,
}

impl App {
    /// An app serving nothing yet, under the sub-path `root`, to requests for `hosts`.
    pub fn new(root: String, hosts: AllowedHosts) -> Arc<App> {
        let (events, _) = broadcast::channel(64);
        Arc::new(App {
            site: RwLock::new(Served {
                root,
                ..Served::default()
            }),
            events,
            stopping: watch::Sender::new(false),
            hosts,
        })
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.site.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.site.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells every open tab; no tab open is not an error.
    pub fn notify(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// Ends every event stream, open or opened later, so that the server can stop.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__ideawiki/livereload.js", get(script))
        .route("/__ideawiki/events", get(events))
        .fallback(page)
        .layer(middleware::from_fn_with_state(app.clone(), check_host))
        .with_state(app)
}

/// The host names `serve` answers: loopback names and IP addresses always, and the names
/// given with `--allow-host`, as Vite and webpack-dev-server do. A DNS rebinding attack
/// needs a name of the attacker's; an IP address in `Host` means the browser was pointed
/// at that address itself, so the page asking is one of this server's.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    /// Lowercase names; one starting with `.` allows that domain and its subdomains.
    names: Vec<String>,
}

impl AllowedHosts {
    pub fn new(names: impl IntoIterator<Item = String>) -> AllowedHosts {
        let names = names
            .into_iter()
            .filter_map(|n| {
                let domain = n.starts_with('.');
                let name = host_name(n.trim_start_matches('.'))?;
                Some(if domain { format!(".{name}") } else { name })
            })
            .collect();
        AllowedHosts { names }
    }

    /// Whether a request for `host` (a `Host` header or a URL's authority, with or without
    /// a port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        name.parse::<IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.names.iter().any(|n| match n.strip_prefix('.') {
                Some(domain) => {
                    name == domain
                        || name
                            .strip_suffix(domain)
                            .is_some_and(|sub| sub.ends_with('.'))
                }
                None => name == *n,
            })
    }
}

/// The name in a `Host` header or a URL's authority: lowercase, without the port, the
/// brackets of an IPv6 address or a final dot. `None` for anything malformed.
fn host_name(host: &str) -> Option<String> {
    let name = match host.strip_prefix('[') {
        Some(rest) => {
            let (ip, after) = rest.split_once(']')?;
            if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
                return None;
            }
            ip
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => host,
        },
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    valid.then_some(name)
}

fn is_port(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Refuses a request whose `Host` (or absolute URL) names a host that is not allowed.
async fn check_host(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or(""));
    let authority = req.uri().authority().map(|a| a.as_str());
    let allowed = match (host, authority) {
        (None, None) => false,
        (h, a) => [h, a].into_iter().flatten().all(|h| app.hosts.allows(h)),
    };
    let asked = host.or(authority).and_then(host_name);
    if allowed {
        return next.run(req).await;
    }
    let asked = asked.map(|name| {
        format!("To preview the site as {name}, restart it with `--allow-host {name}`.\n")
    });
    plain(
        StatusCode::FORBIDDEN,
        &format!(
            "ideawiki serve answers requests for localhost and IP addresses only, and for \
             the names given with --allow-host.\n{}",
            asked.unwrap_or_default()
        ),
    )
}

/// Whether the `Origin` of a request, if it has one, is a page of an allowed host: the
/// event stream tells when and how the site changes, which is no other site's business.
fn origin_allowed(hosts: &AllowedHosts, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    origin
        .to_str()
        .ok()
        .and_then(|o| o.strip_prefix("http://").or(o.strip_prefix("https://")))
        .is_some_and(|authority| hosts.allows(authority))
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
        .into_response()
}

async fn events(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if !origin_allowed(&app.hosts, &headers) {
        return plain(
            StatusCode::FORBIDDEN,
            "ideawiki serve sends its live-reload events to its own pages only\n",
        );
    }
    event_stream(&app).into_response()
}

fn event_stream(app: &App) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>> + use<>> {
    let current = app.read().error.clone();
    let initial = stream::iter(current.map(|e| Ok(to_sse(&Event::Error(e)))));
    let updates = BroadcastStream::new(app.events.subscribe())
        .filter_map(|e| async move { e.ok().map(|e| Ok(to_sse(&e))) });
    let mut stopping = app.stopping.subscribe();
    let stopped = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    Sse::new(initial.chain(updates).take_until(stopped)).keep_alive(KeepAlive::default())
}

fn to_sse(e: &Event) -> SseEvent {
    match e {
        Event::Reload => SseEvent::default().event("reload").data("reload"),
        Event::Css => SseEvent::default().event("css").data("css"),
        Event::Error(message) => SseEvent::default()
            .event("error")
            .data(serde_json::json!({ "message": message }).to_string()),
    }
}

/// What a request path maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A key of the outputs map.
    Output(String),
    /// A folder without its trailing slash, or the bare host under a sub-path.
    Redirect(String),
    NotFound,
    /// Traversal, encoded separators, backslashes: never looked up.
    Refused,
}

/// Maps a raw (still percent-encoded) request path to an output.
pub fn resolve(raw: &str, root: &str, has: impl Fn(&str) -> bool) -> Resolved {
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
    {
        return Resolved::Refused;
    }
    let Ok(path) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Resolved::Refused;
    };
    if !path.starts_with('/')
        || path.starts_with("//")
        || path.contains('\0')
        || path.split('/').any(|s| s == ".." || s == ".")
    {
        return Resolved::Refused;
    }
    if root != "/" && (path == "/" || path == root.trim_end_matches('/')) {
        return Resolved::Redirect(root.to_string());
    }
    let Some(rel) = path.strip_prefix(root) else {
        return Resolved::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if has(&key) {
            Resolved::Output(key)
        } else {
            Resolved::NotFound
        };
    }
    if has(rel) {
        Resolved::Output(rel.to_string())
    } else if has(&format!("{rel}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        Resolved::NotFound
    }
}

async fn page(State(app): State<Arc<App>>, req: Request) -> Response {
    let (outputs, root) = {
        let site = app.read();
        (site.outputs.clone(), site.root.clone())
    };
    let resolved = resolve(req.uri().path(), &root, |k| outputs.contains_key(k));
    match resolved {
        Resolved::Refused => plain(
            StatusCode::BAD_REQUEST,
            "ideawiki serve refuses this path\n",
        ),
        Resolved::Redirect(to) => Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, to)
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::empty())
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "bad redirect\n")),
        Resolved::Output(key) => respond(&outputs, &key, StatusCode::OK),
        Resolved::NotFound => {
            if outputs.contains_key("404.html") {
                respond(&outputs, "404.html", StatusCode::NOT_FOUND)
            } else {
                // No site yet (the first build failed): a page that carries the overlay.
                let html = inject(
                    "<!doctype html><title>ideawiki</title><body><p>No page here (yet).</p></body>",
                );
                html_response(StatusCode::NOT_FOUND, html.into_bytes())
            }
        }
    }
}

fn respond(outputs: &BTreeMap<String, Output>, key: &str, status: StatusCode) -> Response {
    let Some(output) = outputs.get(key) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let bytes = output.bytes().to_vec();
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        let html = String::from_utf8_lossy(&bytes);
        return html_response(status, inject(&html).into_bytes());
    }
    let mut content_type = mime.essence_str().to_string();
    if mime.type_() == mime_guess::mime::TEXT || key.ends_with(".js") || key.ends_with(".json") {
        content_type.push_str("; charset=utf-8");
    }
    let mut r = (status, bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn html_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text.to_string(),
    )
        .into_response()
}

/// Adds the live-reload script to a page; only `serve` does this, never `build`.
pub fn inject(html: &str) -> String {
    let tag = format!("<script src=\"{PREFIX}livereload.js\" defer></script>");
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(path: &str, root: &str) -> Resolved {
        let keys = [
            "index.html",
            "gsoc/2027/index.html",
            "style.css",
            "404.html",
        ];
        resolve(path, root, |k| keys.contains(&k))
    }

    #[test]
    fn maps_pretty_urls() {
        assert_eq!(r("/", "/"), Resolved::Output("index.html".into()));
        assert_eq!(
            r("/gsoc/2027/", "/"),
            Resolved::Output("gsoc/2027/index.html".into())
        );
        assert_eq!(
            r("/gsoc/2027", "/"),
            Resolved::Redirect("/gsoc/2027/".into())
        );
        assert_eq!(r("/style.css", "/"), Resolved::Output("style.css".into()));
        assert_eq!(r("/nope/", "/"), Resolved::NotFound);
    }

    #[test]
    fn serves_under_the_sub_path() {
        assert_eq!(r("/", "/ideas/"), Resolved::Redirect("/ideas/".into()));
        assert_eq!(r("/ideas", "/ideas/"), Resolved::Redirect("/ideas/".into()));
        assert_eq!(
            r("/ideas/style.css", "/ideas/"),
            Resolved::Output("style.css".into())
        );
        assert_eq!(r("/style.css", "/ideas/"), Resolved::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        for p in [
            "/../etc/passwd",
            "/gsoc/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/gsoc%2f..%2f..%2fetc",
            "/gsoc%5c..",
            "/a\\b",
            "//etc/passwd",
            "/%00",
            "/./index.html",
        ] {
            assert_eq!(r(p, "/"), Resolved::Refused, "{p}");
        }
    }

    #[test]
    fn answers_local_and_allowed_names_only() {
        let hosts = AllowedHosts::new(["Ideas.Example.org".into(), ".lan".into()]);
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "preview.localhost:80",
            "127.0.0.1:1111",
            "10.0.0.7",
            "[::1]:1111",
            "[::1]",
            "ideas.example.org:8080",
            "lan",
            "box.lan",
            "a.b.lan.",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "sub.ideas.example.org",
            "evil-lan",
            "evillan",
            "[::1",
            "[::1]x",
            "localhost:port",
            "local host",
            "localhost:1111:1",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            inject("<body>x</body></html>"),
            "<body>x<script src=\"/__ideawiki/livereload.js\" defer></script></body></html>"
        );
    }
}
