//! `ideawiki serve`, over real HTTP: the real binary on a free port, a tiny HTTP/1.1 client
//! of our own (so that request paths go out exactly as written, traversal included) and a
//! reader of the live-reload event stream (`/__ideawiki/events`, server-sent events).
//!
//! Nothing here asserts how fast anything is (that is `bench/serve-latency`): waits poll
//! with a generous deadline and fail with the server's output when it passes.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::site::{TestSite, between, html_files, idea, page, run_in, year};

/// How long the server may take to come up.
const STARTUP: Duration = Duration::from_secs(60);
/// How long a change may take to show (far above what it takes; see the benchmark).
const CHANGE: Duration = Duration::from_secs(20);

const IDEA: &str = "content/gsoc/2027/idea.md";
const IDEA_URL: &str = "/gsoc/2027/idea/";

/// A site with a home page, a year, one idea, a wiki page, an image and a stylesheet.
fn fixture() -> TestSite {
    TestSite::with_year()
        .file(IDEA, &idea_with("The first version of the text."))
        .file("content/applying.md", &page("Applying", ""))
        .file("content/logo.png", "\u{89}PNG not really")
        .file("static/extra.css", ".extra { color: red }\n")
}

/// The idea at [`IDEA`] with `sentence` as its body.
fn idea_with(sentence: &str) -> String {
    format!("---\ntitle: Virtio on Xen\nproject: Xen\nmentors: [Ada Stone]\n---\n{sentence}\n")
}

// ---------------------------------------------------------------------------------------
// The server

/// What the server printed so far, shared with the threads that read its pipes.
#[derive(Clone, Default)]
pub(crate) struct Log {
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Log {
    pub(crate) fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Collects what `child` prints from now on (its stdout and stderr must be piped).
    pub(crate) fn capture(&self, child: &mut Child) {
        drain(
            child.stdout.take().expect("piped stdout"),
            self.stdout.clone(),
        );
        drain(
            child.stderr.take().expect("piped stderr"),
            self.stderr.clone(),
        );
    }
}

impl std::fmt::Display for Log {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--- server stdout ---\n{}\n--- server stderr ---\n{}",
            self.stdout(),
            self.stderr()
        )
    }
}

/// Copies a pipe into `into`, line by line, until it closes.
fn drain(pipe: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut s = into.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
}

/// A port nobody listens on right now (it may be taken again before we use it).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind a free port")
        .port()
}

/// A running `ideawiki serve`; killed when dropped, so a failing test leaves nothing behind.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    pub(crate) log: Log,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `ideawiki serve --root <site> --port <free port>` and waits until it answers.
    pub(crate) fn start(site: &TestSite) -> Server {
        Server::start_with(site, &[], None)
    }

    /// [`Server::start`] with more arguments, and with at most `fd_limit` open files if
    /// given (set by the shell's `ulimit`, which then runs the server in its place).
    pub(crate) fn start_with(site: &TestSite, args: &[&str], fd_limit: Option<u32>) -> Server {
        for _ in 0..5 {
            let port = free_port();
            let log = Log::default();
            let mut command = match fd_limit {
                Some(n) => {
                    let mut c = Command::new("sh");
                    c.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\"")])
                        .arg(env!("CARGO_BIN_EXE_ideawiki"));
                    c
                }
                None => Command::new(env!("CARGO_BIN_EXE_ideawiki")),
            };
            let mut child = command
                .args(["serve", "--root"])
                .arg(site.root())
                .args(["--port", &port.to_string()])
                .args(args)
                .current_dir(site.outer())
                .env("NO_COLOR", "1")
                .env_remove("RUST_BACKTRACE")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start ideawiki serve");
            log.capture(&mut child);
            let mut server = Server { child, port, log };
            match server.wait_until_up() {
                Ok(()) => return server,
                // Someone took the port between our check and the server's bind: try another.
                Err(status) if server.log.stderr().contains("in use") => {
                    eprintln!("port {port} was taken ({status}); trying another");
                }
                Err(status) => panic!("ideawiki serve exited with {status}\n{}", server.log),
            }
        }
        panic!("no free port found in 5 tries");
    }

    /// Polls until the server answers a request, or returns how it exited.
    fn wait_until_up(&mut self) -> Result<(), ExitStatus> {
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server") {
                // Let the pipe readers catch up with what it printed before dying.
                wait_until(Instant::now() + Duration::from_secs(2), || {
                    !self.log.stderr().is_empty()
                });
                return Err(status);
            }
            if let Ok(r) = request(self.port, "/__ideawiki/livereload.js")
                && r.status == 200
            {
                return Ok(());
            }
            assert!(
                Instant::now() < deadline,
                "ideawiki serve did not answer within {STARTUP:?}\n{}",
                self.log
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `GET target`, sent exactly as written.
    fn get(&self, target: &str) -> Response {
        request(self.port, target).unwrap_or_else(|e| panic!("GET {target}: {e}\n{}", self.log))
    }

    /// `GET target`, which must answer 200 with an HTML page; returns its text.
    pub(crate) fn page(&self, target: &str) -> String {
        let r = self.get(target);
        assert_eq!(r.status, 200, "GET {target}\n{r}\n{}", self.log);
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "GET {target}\n{r}"
        );
        r.body
    }

    /// Polls `GET target` until `ok` holds for the response; returns that response.
    pub(crate) fn poll(
        &self,
        target: &str,
        what: &str,
        ok: impl Fn(&Response) -> bool,
    ) -> Response {
        let deadline = Instant::now() + CHANGE;
        loop {
            let r = self.get(target);
            if ok(&r) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "GET {target}: still not {what} after {CHANGE:?}; last answer:\n{r}\n{}",
                self.log
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Opens the live-reload event stream, as an open browser tab does.
    fn events(&self) -> Events {
        Events::open(self.port, self.log.clone())
    }

    /// Sends `signal` (`INT` for Ctrl-C, `TERM`) and waits for the server to exit.
    fn stop_with(&mut self, signal: &str) -> ExitStatus {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -{signal} failed");
        let deadline = Instant::now() + CHANGE;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "ideawiki serve still runs {CHANGE:?} after SIG{signal}\n{}",
                self.log
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Counts the stdout lines that contain `needle`.
    fn stdout_lines(&self, needle: &str) -> usize {
        self.log
            .stdout()
            .lines()
            .filter(|l| l.contains(needle))
            .count()
    }
}

/// Polls `cond` every 25 ms until it holds or `deadline` passes; returns whether it held.
fn wait_until(deadline: Instant, mut cond: impl FnMut() -> bool) -> bool {
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

// ---------------------------------------------------------------------------------------
// A tiny HTTP/1.1 client

#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Response {
    /// The value of header `name` (case-insensitive).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Display for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "status {}", self.status)?;
        for (n, v) in &self.headers {
            writeln!(f, "{n}: {v}")?;
        }
        let cut: String = self.body.chars().take(2000).collect();
        write!(f, "\n{cut}")
    }
}

/// Sends `GET target HTTP/1.1` with `target` byte for byte as given, reads the whole answer
/// (up to its `Content-Length`, its last chunk, or the end of the connection).
pub(crate) fn request(port: u16, target: &str) -> std::io::Result<Response> {
    send(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `GET target` with the `Host` header `host` (none if empty) and the `extra` header
/// lines, and reads the answer as [`request`] does.
fn request_as(port: u16, target: &str, host: &str, extra: &str) -> std::io::Result<Response> {
    let host = if host.is_empty() {
        String::new()
    } else {
        format!("Host: {host}\r\n")
    };
    send(
        port,
        &format!("GET {target} HTTP/1.1\r\n{host}{extra}Connection: close\r\n\r\n"),
    )
}

/// Sends `head` as written and reads the whole answer.
fn send(port: u16, head: &str) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(head.as_bytes())?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        let n = stream.read(&mut buf)?;
        raw.extend_from_slice(&buf[..n]);
        let Some(end) = find(&raw, b"\r\n\r\n") else {
            if n == 0 {
                return Err(std::io::Error::new(
                    ErrorKind::InvalidData,
                    format!("no complete head in {:?}", String::from_utf8_lossy(&raw)),
                ));
            }
            continue;
        };
        let (status, headers) = parse_head(&raw[..end])?;
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        let mut body = raw[end + 4..].to_vec();
        let complete = if header("transfer-encoding").as_deref() == Some("chunked") {
            let mut decoded = Vec::new();
            let last = dechunk(&mut body, &mut decoded);
            body = decoded;
            last
        } else if let Some(len) = header("content-length").and_then(|l| l.parse().ok()) {
            body.len() >= len
        } else {
            false
        };
        if complete || n == 0 {
            return Ok(Response {
                status,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The status code and headers of a response head (without the blank line).
fn parse_head(head: &[u8]) -> std::io::Result<(u16, Vec<(String, String)>)> {
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                ErrorKind::InvalidData,
                format!("bad status line {status_line:?}"),
            )
        })?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok((status, headers))
}

/// Moves the complete chunks at the start of `raw` (chunked transfer encoding) into `out`;
/// leaves an incomplete one in `raw`. Returns whether the last chunk was seen.
fn dechunk(raw: &mut Vec<u8>, out: &mut Vec<u8>) -> bool {
    loop {
        let Some(eol) = find(raw, b"\r\n") else {
            return false;
        };
        let size_text = String::from_utf8_lossy(&raw[..eol]);
        let size_hex = size_text.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            panic!("bad chunk size {size_text:?}");
        };
        if size == 0 {
            raw.clear();
            return true;
        }
        let start = eol + 2;
        if raw.len() < start + size + 2 {
            return false;
        }
        out.extend_from_slice(&raw[start..start + size]);
        raw.drain(..start + size + 2);
    }
}

// ---------------------------------------------------------------------------------------
// The live-reload event stream

/// One server-sent event.
#[derive(Debug, Clone)]
struct Event {
    name: String,
    data: String,
}

/// A client of `/__ideawiki/events`, reading with a short timeout so waits can give up.
struct Events {
    stream: TcpStream,
    /// Received, still chunk-encoded.
    raw: Vec<u8>,
    /// Decoded event-stream text not yet split into events.
    text: Vec<u8>,
    ready: VecDeque<Event>,
    /// Every event received so far, for failure messages.
    seen: Vec<Event>,
    ended: bool,
    log: Log,
}

impl Events {
    fn open(port: u16, log: Log) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
        write!(
            stream,
            "GET /__ideawiki/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send the request");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("set a read timeout");
        let mut events = Events {
            stream,
            raw: Vec::new(),
            text: Vec::new(),
            ready: VecDeque::new(),
            seen: Vec::new(),
            ended: false,
            log,
        };
        // The server subscribes this client before it sends the head: once the head is
        // here, no event can be missed.
        let deadline = Instant::now() + CHANGE;
        let end = loop {
            if let Some(end) = find(&events.raw, b"\r\n\r\n") {
                break end;
            }
            assert!(
                Instant::now() < deadline && events.read_some(),
                "no answer on /__ideawiki/events: {:?}\n{}",
                String::from_utf8_lossy(&events.raw),
                events.log
            );
        };
        let (status, headers) = parse_head(&events.raw[..end]).expect("a response head");
        events.raw.drain(..end + 4);
        assert_eq!(status, 200, "/__ideawiki/events");
        let content_type = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str());
        assert_eq!(content_type, Some("text/event-stream"));
        events
    }

    /// Reads what is there (waiting at most the read timeout); false once the stream ended.
    fn read_some(&mut self) -> bool {
        if self.ended {
            return false;
        }
        let mut buf = [0u8; 8192];
        match self.stream.read(&mut buf) {
            Ok(0) => {
                self.ended = true;
                false
            }
            Ok(n) => {
                self.raw.extend_from_slice(&buf[..n]);
                true
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => true,
            Err(_) => {
                self.ended = true;
                false
            }
        }
    }

    /// Splits complete events out of what was received.
    fn parse(&mut self) {
        if dechunk(&mut self.raw, &mut self.text) {
            self.ended = true;
        }
        while let Some(end) = find(&self.text, b"\n\n") {
            let block: Vec<u8> = self.text.drain(..end + 2).collect();
            let block = String::from_utf8_lossy(&block);
            let mut name = None;
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = Some(v.trim_start().to_string());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v));
                }
            }
            // A block of comments only is a keep-alive.
            if name.is_some() || !data.is_empty() {
                let event = Event {
                    name: name.unwrap_or_else(|| "message".into()),
                    data: data.join("\n"),
                };
                self.seen.push(event.clone());
                self.ready.push_back(event);
            }
        }
    }

    /// The next event, if one arrives before `deadline`.
    fn next_before(&mut self, deadline: Instant) -> Option<Event> {
        loop {
            self.parse();
            if let Some(e) = self.ready.pop_front() {
                return Some(e);
            }
            if Instant::now() >= deadline || !self.read_some() {
                return None;
            }
        }
    }

    /// Waits for the next event, whatever it is.
    fn next(&mut self) -> Event {
        let deadline = Instant::now() + CHANGE;
        self.next_before(deadline).unwrap_or_else(|| {
            panic!(
                "no event within {CHANGE:?} (stream ended: {}); events seen: {:?}\n{}",
                self.ended, self.seen, self.log
            )
        })
    }

    /// Waits for an event called `name`; returns its data and the events that came before.
    fn wait_for(&mut self, name: &str) -> (String, Vec<Event>) {
        let deadline = Instant::now() + CHANGE;
        let mut before = Vec::new();
        while let Some(e) = self.next_before(deadline) {
            if e.name == name {
                return (e.data, before);
            }
            before.push(e);
        }
        panic!(
            "no `event: {name}` within {CHANGE:?} (stream ended: {}); events seen: {:?}\n{}",
            self.ended, self.seen, self.log
        );
    }

    /// Waits until the server closes the stream.
    fn wait_for_end(&mut self) {
        let deadline = Instant::now() + CHANGE;
        while !self.ended {
            self.parse();
            assert!(
                Instant::now() < deadline,
                "the event stream is still open after {CHANGE:?}\n{}",
                self.log
            );
            self.read_some();
        }
    }
}

/// The `message` of an `event: error`'s JSON data.
fn error_message(data: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(data)
        .unwrap_or_else(|e| panic!("error data is not JSON ({e}): {data}"));
    v["message"]
        .as_str()
        .unwrap_or_else(|| panic!("error data has no message: {data}"))
        .to_string()
}

/// Writes `text` to `rel` the way many editors save: into a temporary file next to it, then
/// renamed over it, so that the file is never seen half-written.
fn atomic_save(site: &TestSite, rel: &str, temp_name: &str, text: &str) {
    let target = site.path(rel);
    let temp = target.with_file_name(temp_name);
    std::fs::write(&temp, text).expect("write the temporary file");
    std::fs::rename(&temp, &target).expect("rename it over the file");
}

// ---------------------------------------------------------------------------------------
// Serving

#[test]
fn pages_and_files_are_served_with_their_content_types_and_no_caching() {
    let site = fixture();
    let server = Server::start(&site);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{home}");
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"), "{home}");
    assert!(home.body.contains("Welcome."), "{home}");

    // A folder is its index.html; the same folder without its slash redirects to it.
    let idea_page = server.page(IDEA_URL);
    assert!(idea_page.contains("<h1>Virtio on Xen</h1>"), "{idea_page}");
    assert!(idea_page.contains("The first version of the text."));
    let bare = server.get("/gsoc/2027/idea");
    assert!(matches!(bare.status, 301 | 302 | 307 | 308), "{bare}");
    assert_eq!(bare.header("location"), Some(IDEA_URL), "{bare}");
    assert!(server.page("/gsoc/2027/").contains("Virtio on Xen"));
    assert!(server.page("/applying/").contains("Applying"));

    // The theme's stylesheet, as the page links it, and one from `static/`.
    let css_href = between(&home.body, "<link rel=\"stylesheet\" href=\"", "\"");
    for css in [css_href, "/extra.css"] {
        let r = server.get(css);
        assert_eq!(r.status, 200, "GET {css}\n{r}");
        assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("no-store"), "GET {css}");
    }
    assert_eq!(server.get("/extra.css").body, ".extra { color: red }\n");

    // A file next to the content keeps its type.
    let png = server.get("/logo.png");
    assert_eq!(png.status, 200, "{png}");
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert_eq!(png.header("cache-control"), Some("no-store"));
}

#[test]
fn unknown_paths_get_the_sites_own_404_page() {
    let site = fixture();
    let server = Server::start(&site);
    let not_found_page = server.page("/404.html");
    for target in [
        "/nope/",
        "/gsoc/2027/nope/",
        "/nope.css",
        "/gsoc/2027/idea/extra/",
        // Sources are not outputs.
        "/ideawiki.yaml",
        "/content/gsoc/2027/idea.md",
        "/gsoc/2027/idea.md",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "GET {target}\n{r}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("no-store"), "GET {target}");
        assert_eq!(
            r.body, not_found_page,
            "GET {target} is not the site's 404 page"
        );
    }
    assert!(
        not_found_page.contains("Page not found"),
        "{not_found_page}"
    );
}

#[test]
fn the_live_reload_script_is_in_served_pages_only_never_in_a_build() {
    let site = fixture();
    let server = Server::start(&site);
    let tag = "<script src=\"/__ideawiki/livereload.js\" defer></script></body>";
    for target in ["/", IDEA_URL, "/gsoc/2027/", "/applying/"] {
        let html = server.page(target);
        assert_eq!(html.matches("livereload.js").count(), 1, "GET {target}");
        assert!(html.contains(tag), "GET {target}: no script before </body>");
    }
    assert!(server.get("/nope/").body.contains(tag), "404 page");
    assert!(!server.get("/extra.css").body.contains("livereload"));
    // Editors see which file a page comes from; readers of the built site do not.
    assert!(
        server
            .page("/applying/")
            .contains("Source: <code>content/applying.md</code>")
    );

    let script = server.get("/__ideawiki/livereload.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("/__ideawiki/events"), "{script}");

    site.build_ok();
    let built = html_files(&site.public());
    assert!(built.len() >= 5, "{:?}", built.keys());
    for (path, html) in built {
        assert!(
            !html.contains("__ideawiki")
                && !html.contains("livereload")
                && !html.contains("Source:"),
            "{}: `ideawiki build` output carries the live-reload script",
            path.display()
        );
    }
}

#[test]
fn traversal_is_refused_and_never_reveals_a_file_outside_the_site() {
    let site = fixture();
    const SECRET: &str = "TOP-SECRET-5f3a9c";
    std::fs::write(site.outer().join("secret.txt"), SECRET).expect("write the secret");
    site.write("secret.txt", SECRET.as_bytes());
    let server = Server::start(&site);
    let absolute = site.outer().join("secret.txt");
    let absolute = absolute.to_str().expect("UTF-8 temp path");
    let refused = [
        "/../secret.txt".to_string(),
        "/../../secret.txt".into(),
        "/gsoc/../../secret.txt".into(),
        "/gsoc/2027/../../../secret.txt".into(),
        "/./secret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/secret.txt".into(),
        "/.%2e/secret.txt".into(),
        "/%2e%2e%2fsecret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%2Fsecret.txt".into(),
        "/a%2fb".into(),
        "/gsoc%2f2027%2f".into(),
        "/..\\secret.txt".into(),
        "/%5c..%5csecret.txt".into(),
        "/gsoc\\2027\\".into(),
        "//etc/passwd".into(),
        format!("/{absolute}"),
        "/%2fetc/passwd".into(),
        "/%00".into(),
        "/..%00/secret.txt".into(),
        // The absolute form of a request target, with traversal in its path.
        format!("http://127.0.0.1:{}/../secret.txt", server.port),
    ];
    for target in &refused {
        let r = server.get(target);
        assert_eq!(r.status, 400, "GET {target} must be refused\n{r}");
        assert!(!r.body.contains(SECRET), "GET {target} leaked the secret");
        assert!(!r.body.contains("root:"), "GET {target} leaked /etc/passwd");
    }
    // Not traversal, and not part of the site either.
    for target in ["/etc/passwd", "/secret.txt", absolute] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "GET {target}\n{r}");
        assert!(
            !r.body.contains(SECRET) && !r.body.contains("root:"),
            "GET {target}"
        );
    }
    // A target that is not a path at all is refused by the HTTP layer, and leaks nothing.
    let r = server.get("../secret.txt");
    assert_eq!(r.status, 400, "GET ../secret.txt\n{r}");
    assert!(!r.body.contains(SECRET));
    // The server survived all that.
    assert!(server.page(IDEA_URL).contains("Virtio on Xen"));
}

#[test]
fn a_site_with_a_sub_path_is_served_under_it() {
    let site = fixture().file(
        "ideawiki.yaml",
        "title: Test ideas\nbase_url: https://example.org/ideas/\n",
    );
    let server = Server::start(&site);
    for bare in ["/", "/ideas"] {
        let r = server.get(bare);
        assert!(matches!(r.status, 301 | 302 | 307 | 308), "GET {bare}\n{r}");
        assert_eq!(r.header("location"), Some("/ideas/"), "GET {bare}");
    }
    let url = format!("http://127.0.0.1:{}/ideas/", server.port);
    assert!(
        server.log.stdout().contains(&url),
        "the printed URL should be {url}\n{}",
        server.log
    );
    assert!(server.page("/ideas/").contains("Welcome."));
    let idea_page = server.page("/ideas/gsoc/2027/idea/");
    assert!(idea_page.contains("Virtio on Xen"));
    // Every root-relative link of the page leads where it leads on the deployed site: to
    // what `ideawiki build` writes for it.
    site.build_ok();
    let mut found = 0;
    for attr in ["href=\"/", "src=\"/"] {
        for (i, _) in idea_page.match_indices(attr) {
            let link = &idea_page[i + attr.len() - 1..];
            let link = &link[..link.find('"').expect("closing quote")];
            if link.starts_with("/__ideawiki/") {
                continue;
            }
            let target = link.split('#').next().unwrap_or_default();
            let rel = target
                .strip_prefix("/ideas/")
                .unwrap_or_else(|| panic!("link {link} is outside /ideas/"));
            let built = if rel.is_empty() || rel.ends_with('/') {
                site.exists(&format!("{rel}index.html"))
            } else {
                site.exists(rel)
            };
            let r = server.get(target);
            assert_eq!(
                r.status,
                if built { 200 } else { 404 },
                "link {link} of the idea page (built: {built})\n{r}"
            );
            found += usize::from(built);
        }
    }
    assert!(found >= 5, "too few working links: {found}");
    assert_eq!(server.get("/ideas/extra.css").status, 200);
    // Outside the sub-path there is nothing.
    assert_eq!(server.get(IDEA_URL).status, 404);
    assert_eq!(server.get("/extra.css").status, 404);
    assert_eq!(server.get("/ideas/nope/").status, 404);
}

// ---------------------------------------------------------------------------------------
// Changes

#[test]
fn an_edit_shows_in_the_page_and_reloads_the_tabs() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    site.write(
        IDEA,
        idea_with("A sentence written while serving.").as_bytes(),
    );
    tab.wait_for("reload");
    server.poll(IDEA_URL, "showing the edit", |r| {
        r.body.contains("A sentence written while serving.")
    });
    let page = server.page(IDEA_URL);
    assert!(!page.contains("The first version of the text."), "{page}");
    // The year page lists the idea too; it is current as well.
    assert!(server.page("/gsoc/2027/").contains("Virtio on Xen"));
    assert!(
        server.stdout_lines("content changed") >= 1,
        "one line per rebuild\n{}",
        server.log
    );
}

#[test]
fn a_broken_save_shows_its_error_keeps_the_last_good_site_and_the_fix_clears_it() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    // A tab in YAML indentation: a syntax error on line 4 of the file.
    site.write(
        IDEA,
        b"---\ntitle: Virtio on Xen\nmentors:\n\t- Ada Stone\n---\nA sentence never served.\n",
    );
    let (data, _) = tab.wait_for("error");
    let message = error_message(&data);
    assert!(
        message.contains(&format!("{IDEA}:4:")),
        "the error should name the file and line: {message}"
    );
    assert!(message.starts_with("error"), "{message}");
    // The terminal says it too, and that the old site stays.
    assert!(
        wait_until(Instant::now() + CHANGE, || server
            .log
            .stderr()
            .contains("still serving the last good version")),
        "{}",
        server.log
    );
    assert!(server.log.stderr().contains(&format!("{IDEA}:4:")));

    // The last good version is still served, whole.
    let page = server.page(IDEA_URL);
    assert!(page.contains("The first version of the text."), "{page}");
    assert!(!page.contains("A sentence never served."));
    assert!(server.page("/gsoc/2027/").contains("Virtio on Xen"));

    // A tab opened now is told at once.
    let mut late_tab = server.events();
    let (late, _) = late_tab.wait_for("error");
    assert_eq!(error_message(&late), message);

    site.write(IDEA, idea_with("The fixed text.").as_bytes());
    tab.wait_for("reload");
    late_tab.wait_for("reload");
    server.poll(IDEA_URL, "showing the fix", |r| {
        r.body.contains("The fixed text.")
    });
    // Once fixed, a new tab gets no error.
    let mut fresh_tab = server.events();
    site.write(IDEA, idea_with("Fixed again.").as_bytes());
    let (_, before) = fresh_tab.wait_for("reload");
    assert!(
        before.iter().all(|e| e.name != "error"),
        "a stale error was sent: {before:?}"
    );
}

#[test]
fn an_atomic_save_is_seen_and_editor_leftovers_are_not() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    // What vim, emacs and others leave next to a file while editing it.
    for leftover in [
        "content/gsoc/2027/.idea.md.swp",
        "content/gsoc/2027/idea.md~",
        "content/gsoc/2027/4913",
        "content/gsoc/2027/#idea.md#",
        "content/gsoc/2027/.#idea.md",
        "content/gsoc/2027/idea.md.tmp",
    ] {
        site.write(leftover, b"not a page");
    }
    // Not an assertion: gives the leftovers a batch of their own, if they counted at all.
    std::thread::sleep(Duration::from_millis(300));
    atomic_save(
        &site,
        IDEA,
        ".idea.md.tmp-4711",
        &idea_with("Saved by renaming a temporary file."),
    );
    let (_, before) = tab.wait_for("reload");
    assert!(before.is_empty(), "unexpected events: {before:?}");
    server.poll(IDEA_URL, "showing the atomic save", |r| {
        r.body.contains("Saved by renaming a temporary file.")
    });
    // Leftovers caused no rebuild: such a rebuild would have rendered nothing.
    assert_eq!(
        server.stdout_lines("0 pages re-rendered"),
        0,
        "editor leftovers triggered a rebuild\n{}",
        server.log
    );
    for leftover in ["/gsoc/2027/4913/", "/gsoc/2027/idea.md~", "/gsoc/2027/4913"] {
        assert_eq!(server.get(leftover).status, 404, "GET {leftover}");
    }
}

#[test]
fn a_deleted_idea_disappears() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    site.remove(IDEA);
    tab.wait_for("reload");
    let r = server.get(IDEA_URL);
    assert_eq!(r.status, 404, "{r}");
    assert!(r.body.contains("Page not found"));
    assert!(!server.page("/gsoc/2027/").contains("Virtio on Xen"));
}

#[test]
fn a_renamed_idea_moves_to_its_new_url() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    std::fs::rename(
        site.path(IDEA),
        site.path("content/gsoc/2027/virtio-on-xen.md"),
    )
    .expect("rename the idea");
    tab.wait_for("reload");
    assert_eq!(server.get(IDEA_URL).status, 404);
    let moved = server.page("/gsoc/2027/virtio-on-xen/");
    assert!(moved.contains("The first version of the text."), "{moved}");
    let year_page = server.page("/gsoc/2027/");
    assert!(year_page.contains("/gsoc/2027/virtio-on-xen/"));
    assert!(!year_page.contains(IDEA_URL), "{year_page}");
}

#[test]
fn a_base_url_changed_while_serving_moves_the_site_to_its_sub_path() {
    let site = fixture();
    let server = Server::start(&site);
    assert!(server.page(IDEA_URL).contains("Virtio on Xen"));
    let mut tab = server.events();
    site.write(
        "ideawiki.yaml",
        b"title: Test ideas\nbase_url: https://example.org/ideas/\n",
    );
    tab.wait_for("reload");
    server.poll("/ideas/gsoc/2027/idea/", "serving under /ideas/", |r| {
        r.status == 200
    });
    let idea_page = server.page("/ideas/gsoc/2027/idea/");
    assert!(idea_page.contains("Virtio on Xen"), "{idea_page}");
    assert!(
        idea_page.contains("href=\"/ideas/"),
        "links follow: {idea_page}"
    );
    assert!(server.page("/ideas/").contains("Welcome."));
    let r = server.get("/");
    assert!(matches!(r.status, 301 | 302 | 307 | 308), "GET /\n{r}");
    assert_eq!(r.header("location"), Some("/ideas/"));
    assert_eq!(
        server.get(IDEA_URL).status,
        404,
        "nothing is left at the old path"
    );
    assert!(
        server.log.stdout().contains("now served under /ideas/"),
        "{}",
        server.log
    );
    // And back to the root.
    site.write("ideawiki.yaml", b"title: Test ideas\n");
    server.poll(IDEA_URL, "serving under / again", |r| r.status == 200);
    assert!(server.page("/").contains("Welcome."));
    assert_eq!(server.get("/ideas/gsoc/2027/idea/").status, 404);
}

#[test]
fn new_folders_are_watched() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    site.write("content/gsoc/2028/_index.md", year(2028, "").as_bytes());
    site.write(
        "content/gsoc/2028/new.md",
        idea("An idea in a new year", "").as_bytes(),
    );
    tab.wait_for("reload");
    server.poll("/gsoc/2028/new/", "served", |r| r.status == 200);
    // A second idea, written once the folder exists, is seen too.
    site.write(
        "content/gsoc/2028/newer.md",
        idea("A second idea in the new year", "").as_bytes(),
    );
    server.poll("/gsoc/2028/newer/", "served", |r| r.status == 200);
}

#[test]
fn a_static_folder_created_while_serving_is_watched() {
    let site = TestSite::with_year().file(IDEA, &idea_with("Text."));
    assert!(!site.path("static").exists());
    let server = Server::start(&site);
    std::fs::create_dir(site.path("static")).expect("create static/");
    site.write("static/one.css", b".one {}\n");
    server.poll("/one.css", "served", |r| r.status == 200);
    // Written after the folder appeared and after the rebuild it caused.
    site.write("static/two.css", b".two {}\n");
    let r = server.poll("/two.css", "served", |r| r.status == 200);
    assert_eq!(r.body, ".two {}\n");
}

#[test]
fn a_css_only_change_swaps_stylesheets_instead_of_reloading() {
    let site = fixture();
    let server = Server::start(&site);
    let mut tab = server.events();
    site.write("static/extra.css", b".extra { color: blue }\n");
    let (_, before) = tab.wait_for("css");
    assert!(before.is_empty(), "events before `css`: {before:?}");
    server.poll("/extra.css", "the new stylesheet", |r| {
        r.body == ".extra { color: blue }\n"
    });
    // Anything the CSS change still sent arrives before the reload of a later edit.
    site.write(IDEA, idea_with("A later edit.").as_bytes());
    let (_, between_events) = tab.wait_for("reload");
    assert!(
        between_events.iter().all(|e| e.name == "css"),
        "a CSS-only change must not reload the page: {between_events:?}"
    );
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = TestSite::with_year().file(IDEA, "---\ntitle: [unclosed\n---\nText.\n");
    let server = Server::start(&site);
    let r = server.get("/");
    assert_eq!(r.status, 404, "{r}");
    assert!(
        r.body.contains("livereload.js"),
        "the error page carries the overlay script"
    );
    let mut tab = server.events();
    let (data, _) = tab.wait_for("error");
    assert!(error_message(&data).contains(IDEA), "{data}");
    // There never was a good version to keep serving.
    wait_until(Instant::now() + CHANGE, || {
        server.log.stderr().contains("failed with")
    });
    assert!(
        !server.log.stderr().contains("last good version"),
        "{}",
        server.log
    );
    site.write(IDEA, idea_with("Now it works.").as_bytes());
    tab.wait_for("reload");
    server.poll(IDEA_URL, "served", |r| {
        r.status == 200 && r.body.contains("Now it works.")
    });
}

// ---------------------------------------------------------------------------------------
// Starting and stopping

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = fixture();
    let taken = TcpListener::bind("127.0.0.1:0").expect("take a port");
    let port = taken.local_addr().expect("its address").port();
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = run_in(
        site.outer(),
        &["serve", "--root", root, "--port", &port.to_string()],
    );
    run.assert_no_panic();
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stderr.contains(&format!("127.0.0.1:{port}")) && run.stderr.contains("in use"),
        "the error should name the address and say it is in use\n{run}"
    );
    assert!(run.stderr.contains("--port"), "and say what to do\n{run}");
    assert!(!run.stdout.contains("serving"), "{run}");
    drop(taken);
}

#[test]
fn ctrl_c_and_sigterm_stop_cleanly_even_with_a_tab_open() {
    for signal in ["INT", "TERM"] {
        let site = fixture();
        let mut server = Server::start(&site);
        let mut tab = server.events();
        let status = server.stop_with(signal);
        assert_eq!(
            status.code(),
            Some(0),
            "SIG{signal}: {status}\n{}",
            server.log
        );
        tab.wait_for_end();
        assert!(
            wait_until(Instant::now() + CHANGE, || server.stdout_lines("stopped")
                == 1),
            "SIG{signal}\n{}",
            server.log
        );
        assert!(!server.log.stderr().contains("panicked"), "{}", server.log);
    }
}

/// A relative `--root` (the usual `ideawiki serve --root site`) watches the same files.
#[test]
fn a_relative_root_is_served() {
    let site = fixture();
    let port = free_port();
    let log = Log::default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ideawiki"))
        .args(["serve", "--root", "site", "--port", &port.to_string()])
        .current_dir(site.outer())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ideawiki serve");
    log.capture(&mut child);
    let mut server = Server { child, port, log };
    if server.wait_until_up().is_err() {
        // The port was taken meanwhile: not what this test is about.
        assert!(server.log.stderr().contains("in use"), "{}", server.log);
        return;
    }
    let mut tab = server.events();
    site.write(IDEA, idea_with("Edited under a relative root.").as_bytes());
    tab.wait_for("reload");
    server.poll(IDEA_URL, "showing the edit", |r| {
        r.body.contains("Edited under a relative root.")
    });
}

// ---------------------------------------------------------------------------------------
// Under attack, and races

/// Replaces `rel` with a symbolic link to `target` in one step (a link made beside it, then
/// renamed over it), as a checkout or a sync tool may: the file is never missing.
#[cfg(unix)]
fn replace_with_link(site: &TestSite, rel: &str, target: &std::path::Path) {
    let path = site.path(rel);
    let temp = path.with_file_name(".link.tmp");
    std::os::unix::fs::symlink(target, &temp).expect("make the link");
    std::fs::rename(&temp, &path).expect("rename it over the file");
}

/// `serve` applies `build`'s rule to a file that changes while it runs: a content file
/// replaced by a link to a file outside the site is an error, and the file outside is
/// never served, as an asset or as the text of an idea.
#[cfg(unix)]
#[test]
fn a_content_file_replaced_by_a_link_outside_the_site_is_refused_not_served() {
    const SECRET: &str = "TOP-SECRET-link-7d1e";
    let site = fixture();
    let secret = site.outer().join("secret.png");
    std::fs::write(&secret, SECRET).expect("write the secret");
    let secret_idea = site.outer().join("secret.md");
    std::fs::write(&secret_idea, idea_with(SECRET)).expect("write the secret idea");
    let server = Server::start(&site);
    let logo = server.get("/logo.png");
    assert_eq!(logo.status, 200, "{logo}");
    let mut tab = server.events();

    replace_with_link(&site, "content/logo.png", &secret);
    let event = tab.next();
    let r = server.get("/logo.png");
    assert!(
        !r.body.contains(SECRET),
        "a file outside the site was served\n{r}\n{}",
        server.log
    );
    assert_eq!(r.body, logo.body, "the last good asset stays served");
    assert_eq!(event.name, "error", "{event:?}\n{}", server.log);
    let message = error_message(&event.data);
    assert!(
        message.contains("content/logo.png") && message.contains("outside the site"),
        "{message}"
    );

    // Fixed, then the same with the text of an idea.
    site.remove("content/logo.png");
    site.write("content/logo.png", logo.body.as_bytes());
    tab.wait_for("reload");
    replace_with_link(&site, IDEA, &secret_idea);
    let (data, _) = tab.wait_for("error");
    assert!(error_message(&data).contains(IDEA), "{data}");
    let page = server.page(IDEA_URL);
    assert!(!page.contains(SECRET), "{page}");
    assert!(page.contains("The first version of the text."), "{page}");
    assert!(
        server.log.stderr().contains("outside the site"),
        "{}",
        server.log
    );
}

/// While the build is broken, the site served is the last good one, its static files and
/// assets included: edits on disk do not show through, and a moved `content/` takes
/// nothing away (nor gives an error naming a path on the machine).
#[test]
fn the_last_good_site_keeps_its_files_while_the_build_is_broken() {
    let site = fixture();
    let server = Server::start(&site);
    let logo = server.get("/logo.png");
    assert_eq!(logo.status, 200, "{logo}");
    let css = server.get("/extra.css").body;
    let mut tab = server.events();
    site.write(
        IDEA,
        b"---\ntitle: Virtio on Xen\nmentors:\n\t- Ada Stone\n---\nBroken.\n",
    );
    tab.wait_for("error");

    site.write("content/logo.png", b"\x89PNG edited while broken");
    site.write("static/extra.css", b".extra { color: green }\n");
    tab.wait_for("error");
    assert_eq!(server.get("/logo.png").body, logo.body, "{}", server.log);
    assert_eq!(server.get("/extra.css").body, css, "{}", server.log);

    std::fs::rename(site.path("content"), site.outer().join("content-moved"))
        .expect("move content/ away");
    tab.wait_for("error");
    let root = site.root().to_str().expect("UTF-8 temp path");
    for (target, body) in [("/logo.png", &logo.body), ("/extra.css", &css)] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "GET {target}\n{r}\n{}", server.log);
        assert_eq!(&r.body, body, "GET {target}");
        assert!(!r.body.contains(root), "GET {target} names a path: {r}");
    }
    assert!(
        server
            .page(IDEA_URL)
            .contains("The first version of the text.")
    );

    // Once good again, the site is what the new build made.
    std::fs::rename(site.outer().join("content-moved"), site.path("content"))
        .expect("move content/ back");
    site.write(IDEA, idea_with("Fixed.").as_bytes());
    server.poll(IDEA_URL, "showing the fix", |r| r.body.contains("Fixed."));
    server.poll("/logo.png", "the edited asset", |r| {
        r.body.contains("edited while broken")
    });
    assert_eq!(server.get("/extra.css").body, ".extra { color: green }\n");
}

/// A save made as soon as `serve` says "serving" is picked up, even on a site large enough
/// that starting to watch it takes a while.
#[test]
fn a_save_right_after_serving_starts_is_picked_up() {
    let mut site = fixture();
    for i in 0..1500 {
        site = site.file(
            &format!("content/gsoc/2027/idea-{i}.md"),
            &idea(&format!("Idea number {i}"), ""),
        );
    }
    for i in 0..300 {
        site = site.file(
            &format!("content/wiki/topic-{i}/page.md"),
            &page(&format!("Topic {i}"), ""),
        );
    }
    let port = free_port();
    let log = Log::default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ideawiki"))
        .args(["serve", "--root"])
        .arg(site.root())
        .args(["--port", &port.to_string()])
        .current_dir(site.outer())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ideawiki serve");
    drain(
        child.stderr.take().expect("piped stderr"),
        log.stderr.clone(),
    );
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    loop {
        line.clear();
        let n = stdout
            .read_line(&mut line)
            .expect("read the server's output");
        log.stdout.lock().unwrap().push_str(&line);
        if line.starts_with("serving ") {
            break;
        }
        assert!(n > 0, "ideawiki serve ended before serving\n{log}");
    }
    // At once, as a mentor who saved right away would.
    site.write(IDEA, idea_with("Saved as the server came up.").as_bytes());
    drain(stdout, log.stdout.clone());
    let server = Server { child, port, log };
    server.poll(IDEA_URL, "showing the save", |r| {
        r.body.contains("Saved as the server came up.")
    });
}

/// The reason given to a browser that asked for a name `serve` does not answer.
fn assert_refused_host(r: &Response, host: &str) {
    assert_eq!(r.status, 403, "Host: {host}\n{r}");
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; charset=utf-8"),
        "Host: {host}"
    );
    assert!(r.body.contains("--allow-host"), "Host: {host}\n{r}");
    assert!(!r.body.contains("Virtio"), "Host: {host}\n{r}");
}

/// Only loopback names, IP addresses and the names given with `--allow-host` are answered:
/// a web page that rebinds its own name to 127.0.0.1 cannot read the preview. The event
/// stream also refuses pages of other origins.
#[test]
fn only_local_names_and_allowed_hosts_are_answered() {
    let site = fixture();
    let server = Server::start(&site);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".into(),
        format!("localhost:{port}"),
        "LocalHost".into(),
        "localhost.".into(),
        format!("preview.localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = request_as(port, IDEA_URL, &host, "").expect("GET");
        assert_eq!(r.status, 200, "Host: {host}\n{r}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        "localhost.evil.example".into(),
        "127.0.0.1.nip.io".into(),
        "ideas.example.org".into(),
        String::new(),
    ] {
        for target in [IDEA_URL, "/logo.png", "/nope/", "/__ideawiki/events"] {
            let r = request_as(port, target, &host, "").expect("GET");
            assert_refused_host(&r, &host);
        }
    }
    for origin in [
        "http://evil.example",
        "null",
        "https://localhost.evil.example",
    ] {
        let r = request_as(
            port,
            "/__ideawiki/events",
            &format!("127.0.0.1:{port}"),
            &format!("Origin: {origin}\r\n"),
        )
        .expect("GET");
        assert_eq!(r.status, 403, "Origin: {origin}\n{r}");
    }
    // A page of this very server is of its own origin.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET /__ideawiki/events HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n\r\n"
    )
    .expect("send");
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).expect("read the status line");
    assert_eq!(&head, b"HTTP/1.1 200", "{}", String::from_utf8_lossy(&head));
    drop(server);

    let server = Server::start_with(
        &site,
        &["--allow-host", "ideas.example.org", "--allow-host", ".lan"],
        None,
    );
    let port = server.port;
    for host in [
        "ideas.example.org",
        "IDEAS.example.org:80",
        "box.lan",
        "lan",
    ] {
        let r = request_as(port, IDEA_URL, host, "").expect("GET");
        assert_eq!(r.status, 200, "Host: {host}\n{r}");
    }
    for host in ["evil.example", "sub.ideas.example.org", "evil-lan"] {
        let r = request_as(port, IDEA_URL, host, "").expect("GET");
        assert_refused_host(&r, host);
    }
}

/// Connections that never finish their request (slowloris) neither pile up past what the
/// server may hold nor keep it from answering: with 256 files open at most, 300 of them
/// and then a normal request, the request is answered.
#[cfg(unix)]
#[test]
fn half_sent_requests_do_not_stop_the_server_answering() {
    let site = fixture();
    let server = Server::start_with(&site, &[], Some(256));
    let mut held = Vec::new();
    for _ in 0..300 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .expect("send half a request");
        held.push(stream);
    }
    let r = server.get(IDEA_URL);
    assert_eq!(r.status, 200, "{r}\n{}", server.log);
    assert!(r.body.contains("Virtio on Xen"));
    // And it still follows edits.
    site.write(IDEA, idea_with("Edited under attack.").as_bytes());
    server.poll(IDEA_URL, "showing the edit", |r| {
        r.body.contains("Edited under attack.")
    });
    drop(held);
}

/// `serve` and `build` in a folder that is no site say what is missing and stop, instead
/// of serving errors (or "the last good version") of a site that never was.
#[test]
fn serve_and_build_outside_a_site_say_what_is_missing() {
    let site = TestSite::new();
    let port = free_port().to_string();
    for args in [
        vec!["serve", "--port", &port],
        vec!["build"],
        vec!["serve", "--port", &port, "--root", "nowhere"],
        vec!["build", "--root", "nowhere"],
    ] {
        let run = run_in(site.root(), &args);
        run.assert_no_panic();
        assert_eq!(run.code, Some(1), "{args:?}\n{run}");
        assert!(
            run.stderr.contains("not an ideawiki site"),
            "{args:?}: say why\n{run}"
        );
        if args.contains(&"nowhere") {
            assert!(run.stderr.contains("no such folder"), "{args:?}\n{run}");
            assert!(!site.path("nowhere").exists(), "{args:?} made the folder");
        } else {
            assert!(
                run.stderr.contains("content/") && run.stderr.contains("ideawiki.yaml"),
                "{args:?}: say what is missing\n{run}"
            );
        }
        assert!(run.stderr.contains("ideawiki init"), "{args:?}\n{run}");
        assert!(!run.stdout.contains("serving"), "{args:?}\n{run}");
        assert!(!run.stderr.contains("last good"), "{args:?}\n{run}");
    }
}
