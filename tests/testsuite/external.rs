//! `check --external` against a small HTTP server started by the test on 127.0.0.1: no
//! test touches the internet. The server records every request, so the tests can tell
//! what was asked, how often, and that nothing is asked without `--external`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::site::{Run, TestSite, year};

/// A local server with a few fixed answers; see [`answer`].
struct Server {
    port: u16,
    /// `METHOD /path` of every request, in arrival order.
    seen: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("local address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || serve_one(stream, &log));
            }
        });
        Server { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().expect("request log").clone()
    }

    fn count(&self, request: &str) -> usize {
        self.requests().iter().filter(|r| *r == request).count()
    }
}

/// Reads one request and answers it; every answer closes the connection.
fn serve_one(stream: TcpStream, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(n) if n > 0 && header != "\r\n" => {}
            _ => break,
        }
    }
    let mut words = first.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    log.lock()
        .expect("request log")
        .push(format!("{method} {path}"));
    let Some((status, location)) = answer(method, path) else {
        // Never answer, but keep the connection open past any client timeout.
        std::thread::sleep(Duration::from_secs(30));
        return;
    };
    let body = if method == "HEAD" { "" } else { "ok\n" };
    let location = location.map_or(String::new(), |l| format!("Location: {l}\r\n"));
    let response = format!(
        "HTTP/1.1 {status}\r\n{location}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        if method == "HEAD" { 0 } else { body.len() }
    );
    let mut stream = reader.into_inner();
    let _ = stream.write_all(response.as_bytes());
}

/// Status line and redirect target for each path; `None` for the one that hangs.
fn answer(method: &str, path: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match (method, path) {
        (_, "/ok") => ("200 OK", None),
        ("HEAD", "/nohead") => ("405 Method Not Allowed", None),
        ("GET", "/nohead") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
        (_, "/loop") => ("302 Found", Some("/loop")),
        (_, "/hang") => return None,
        _ => ("404 Not Found", None),
    })
}

/// An idea whose body links to every kind of answer, and whose mentor's URL is gone. The
/// line numbers matter: the tests look for them.
fn site(server: &Server, refused: &str) -> TestSite {
    let u = |p: &str| server.url(p);
    let idea = format!(
        "---
title: Links
mentors:
  - name: Jane Doe
    url: {mentor}
skills: [C]
---
Fine: [ok]({ok}), [no HEAD]({nohead}), [moved]({moved}).

Gone: [gone]({gone}) and again [gone, a section]({gone}#part).

Slow: [hang]({hang}). Looping: [loop]({loop_}). Nobody home: [refused]({refused}).
",
        mentor = u("/mentor"),
        ok = u("/ok"),
        nohead = u("/nohead"),
        moved = u("/moved"),
        gone = u("/gone"),
        hang = u("/hang"),
        loop_ = u("/loop"),
    );
    TestSite::with_year()
        .file("content/gsoc/2027/_index.md", &year(2027, "status: open"))
        .file("content/gsoc/2027/links.md", &idea)
        .file(
            "content/about.md",
            &format!("---\ntitle: About\n---\nAlso [gone]({}).\n", u("/gone")),
        )
}

/// A port nothing listens on: bound, then let go.
fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/")
}

fn check(site: &TestSite, args: &[&str]) -> Run {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let mut all = vec!["check", "--root", root];
    all.extend_from_slice(args);
    let run = site.run(&all);
    run.assert_no_panic();
    run
}

/// `(file:line, message)` of each `external-link` line of `--format json`.
fn external_json(run: &Run) -> Vec<(String, String)> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON object per line"))
        .filter(|d| d["code"] == "external-link")
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
            (
                format!("{}:{}", d["file"].as_str().unwrap_or("?"), d["line"]),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn without_external_nothing_is_requested() {
    let server = Server::start();
    let site = site(&server, &refused_url());
    let run = check(&site, &[]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(!run.stderr.contains("external"), "{run}");
    let run = check(&site, &["--format", "json", "--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(server.requests(), Vec::<String>::new());
}

#[test]
fn broken_external_links_are_warnings_where_they_are_written() {
    let server = Server::start();
    let refused = refused_url();
    let site = site(&server, &refused);
    let run = check(&site, &["--external", "--timeout", "1", "--format", "json"]);
    assert_eq!(run.code, Some(0), "warnings alone do not fail\n{run}");
    let u = |p: &str| server.url(p);
    let idea = "content/gsoc/2027/links.md";
    let mut want = vec![
        (
            format!("{idea}:5"),
            format!("the mentor URL `{}` is broken: 404 Not Found", u("/mentor")),
        ),
        (
            format!("{idea}:10"),
            format!(
                "the external link `{}` is broken: 404 Not Found",
                u("/gone")
            ),
        ),
        (
            format!("{idea}:10"),
            format!(
                "the external link `{}#part` is broken: 404 Not Found",
                u("/gone")
            ),
        ),
        (
            format!("{idea}:12"),
            format!(
                "the external link `{}` could not be reached: timed out after 1 s",
                u("/hang")
            ),
        ),
        (
            format!("{idea}:12"),
            format!(
                "the external link `{}` could not be reached: more than 5 redirects",
                u("/loop")
            ),
        ),
        (
            format!("{idea}:12"),
            format!(
                "the external link `{refused}` could not be reached: connection refused by `{}`",
                refused.trim_start_matches("http://").trim_end_matches('/')
            ),
        ),
        (
            "content/about.md:4".to_string(),
            format!(
                "the external link `{}` is broken: 404 Not Found",
                u("/gone")
            ),
        ),
    ];
    let mut got = external_json(&run);
    want.sort();
    got.sort();
    assert_eq!(got, want, "{run}");

    // Each distinct URL once, fragments and repeats included; GET only after a refused HEAD.
    assert_eq!(server.count("HEAD /gone"), 1, "{:?}", server.requests());
    assert_eq!(server.count("GET /gone"), 0, "{:?}", server.requests());
    assert_eq!(server.count("HEAD /nohead"), 1, "{:?}", server.requests());
    assert_eq!(server.count("GET /nohead"), 1, "{:?}", server.requests());
    assert_eq!(server.count("HEAD /moved"), 1, "{:?}", server.requests());
    assert_eq!(
        server.count("HEAD /ok"),
        2,
        "once itself, once through /moved"
    );
    assert_eq!(server.count("HEAD /hang"), 1, "{:?}", server.requests());
}

#[test]
fn external_warnings_render_with_the_source_and_fail_only_when_denied() {
    let server = Server::start();
    let site = site(&server, &refused_url());
    let run = check(&site, &["--external", "--timeout", "1"]);
    assert_eq!(run.code, Some(0), "{run}");
    run.stderr_has("warning[external-link]: the mentor URL")
        .stderr_has("content/gsoc/2027/links.md:5:10")
        .stderr_has("content/about.md:4:")
        .stderr_has("= help: the page is gone")
        .stderr_has("= help: the server did not answer in time")
        .stderr_has("and 8 external URLs: 7 warnings");
    let denied = check(&site, &["--external", "--timeout", "1", "--deny-warnings"]);
    assert_eq!(denied.code, Some(1), "{denied}");
    denied.stderr_has("denied by --deny-warnings");
}

#[test]
fn timeout_needs_external() {
    let site = TestSite::with_year();
    let run = check(&site, &["--timeout", "1"]);
    assert_eq!(run.code, Some(2), "{run}");
    run.stderr_has("--external");
}

#[test]
fn jobs_sets_how_many_servers_are_asked_at_once() {
    let server = Server::start();
    let site = site(&server, &refused_url());
    // One at a time: slower, same answers.
    let json = ["--external", "--timeout", "1", "--format", "json"];
    let one = check(&site, &[&json[..], &["--jobs", "1"]].concat());
    assert_eq!(one.code, Some(0), "{one}");
    let mut serial = external_json(&one);
    let mut parallel = external_json(&check(&site, &json));
    serial.sort();
    parallel.sort();
    assert_eq!(serial.len(), 7, "{one}");
    assert_eq!(serial, parallel);
    // Zero would never finish; it is refused with the range, as is --jobs alone.
    let zero = check(&site, &["--external", "--jobs", "0"]);
    assert_eq!(zero.code, Some(2), "{zero}");
    zero.stderr_has("1..=64");
    let alone = check(&site, &["--jobs", "2"]);
    assert_eq!(alone.code, Some(2), "{alone}");
    alone.stderr_has("--external");
}
