//! `check --external`: asks the servers behind a site's `http(s)` links whether the pages
//! are still there.
//!
//! Ideas pages link to repositories, mailing lists and mentors' homepages that move or
//! vanish between one summer and the next; nobody notices until a student clicks. The
//! check is opt-in because it is slow, depends on other people's servers, and must never
//! run by surprise (in CI without network, or in tests).

use std::collections::BTreeMap;
use std::time::Duration;

use ureq::http::StatusCode;

/// How the servers are asked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// For each request, redirects included; a server that never answers costs this much.
    pub timeout: Duration,
    /// Requests in flight at once: enough to hide latency, few enough to be polite.
    pub parallel: usize,
    /// Keep a "asked 12 of 80 external URLs" line up to date on stderr while asking: a
    /// check of a large site waits on slow servers for a while. Only for a terminal.
    pub progress: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(10),
            parallel: 8,
            progress: false,
        }
    }
}

/// Redirects followed before giving up: a chain longer than this is almost always a loop.
const MAX_REDIRECTS: u32 = 5;

/// Why a link is considered broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The server answered (after redirects) with a 4xx or 5xx status.
    Status(u16),
    /// No answer within the timeout.
    TimedOut(Duration),
    /// No usable answer at all: DNS, connection, TLS, too many redirects.
    Failed(String),
}

impl Broken {
    /// The status or error, the way people say it: `404 Not Found`, `timed out after 10 s`.
    pub fn reason(&self) -> String {
        match self {
            Broken::Status(code) => {
                match StatusCode::from_u16(*code)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                {
                    Some(text) => format!("{code} {text}"),
                    None => format!("status {code}"),
                }
            }
            Broken::TimedOut(t) => format!("timed out after {} s", t.as_secs_f64()),
            Broken::Failed(why) => why.clone(),
        }
    }

    /// What the author can do about it.
    pub fn help(&self) -> String {
        match self {
            Broken::Status(404 | 410) => {
                "the page is gone: update the address, link to an archived copy, or remove the link"
                    .into()
            }
            Broken::TimedOut(_) => {
                "the server did not answer in time: try again later, or give it longer with `--timeout SECS`"
                    .into()
            }
            _ => "open the address in a browser; if it works there, the server may turn away automated checks and this warning can be ignored"
                .into(),
        }
    }
}

/// The part of a link the server sees: the fragment stays in the browser, so
/// `page#a` and `page#b` are one request.
pub fn request_url(link: &str) -> &str {
    link.split('#').next().unwrap_or(link).trim()
}

/// Whether `link` is one `check --external` asks about: plain `http:` and `https:` URLs.
pub fn is_checked(link: &str) -> bool {
    let lower = link
        .trim_start()
        .get(..8)
        .unwrap_or("")
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Asks about each distinct URL once, a few at a time, and returns the broken ones.
pub fn probe_all<'a>(
    urls: impl IntoIterator<Item = &'a str>,
    settings: &Settings,
) -> BTreeMap<String, Broken> {
    use rayon::prelude::*;
    let mut urls: Vec<&str> = urls.into_iter().collect();
    urls.sort_unstable();
    urls.dedup();
    if urls.is_empty() {
        return BTreeMap::new();
    }
    let agent = agent(settings);
    let total = urls.len();
    // Counted and printed under one lock, so the count on screen only goes up.
    let asked = std::sync::Mutex::new(0usize);
    let probe = |url: &&str| {
        let broken = probe(&agent, url, settings.timeout);
        if settings.progress {
            let mut n = asked.lock().unwrap_or_else(|e| e.into_inner());
            *n += 1;
            crate::util::console::err(format_args!("\rasked {n} of {total} external URLs"));
        }
        broken.map(|b| (url.to_string(), b))
    };
    let broken = match rayon::ThreadPoolBuilder::new()
        .num_threads(settings.parallel.max(1))
        .build()
    {
        Ok(pool) => pool.install(|| urls.par_iter().filter_map(probe).collect()),
        // No threads to be had: one at a time still gives the answer.
        Err(_) => urls.iter().filter_map(probe).collect(),
    };
    if settings.progress {
        // Clear the line for the report that follows.
        crate::util::console::err(format_args!("\r\x1b[K"));
    }
    broken
}

fn agent(settings: &Settings) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(format!("ideawiki-check/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// HEAD first, since only the status matters; GET when the server will not do HEAD.
/// Some answer 405 or 501 as they should, others 403 or 400.
fn probe(agent: &ureq::Agent, url: &str, timeout: Duration) -> Option<Broken> {
    let status = match agent.head(url).call() {
        Ok(r) if matches!(r.status().as_u16(), 400 | 403 | 405 | 501) => {
            // The body is never read: dropping the response closes the connection.
            agent.get(url).call().map(|r| r.status().as_u16())
        }
        Ok(r) => Ok(r.status().as_u16()),
        Err(e) => Err(e),
    };
    match status {
        Ok(code) if code >= 400 => Some(Broken::Status(code)),
        Ok(_) => None,
        Err(e) => Some(describe(e, url, timeout)),
    }
}

fn describe(e: ureq::Error, url: &str, timeout: Duration) -> Broken {
    use std::io::ErrorKind;
    let host = || {
        url.split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split(['/', '?'])
            .next()
            .unwrap_or(url)
            .to_string()
    };
    Broken::Failed(match e {
        ureq::Error::Timeout(_) => return Broken::TimedOut(timeout),
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => {
            return Broken::TimedOut(timeout);
        }
        ureq::Error::HostNotFound => format!("could not resolve host `{}`", host()),
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            format!("connection refused by `{}`", host())
        }
        ureq::Error::ConnectionFailed => format!("could not connect to `{}`", host()),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::BadUri(why) => format!("not a valid address: {why}"),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_asked_about() {
        for yes in ["https://xen.org/", "http://a.b", "HTTPS://X.ORG"] {
            assert!(is_checked(yes), "{yes}");
        }
        for no in [
            "mailto:a@b.org",
            "ftp://x.org/",
            "/applying/",
            "#goals",
            "http",
        ] {
            assert!(!is_checked(no), "{no}");
        }
        assert_eq!(request_url("https://x.org/a#b"), "https://x.org/a");
    }

    #[test]
    fn reasons_read_like_people_say_them() {
        assert_eq!(Broken::Status(404).reason(), "404 Not Found");
        assert_eq!(Broken::Status(599).reason(), "status 599");
        assert_eq!(
            Broken::TimedOut(Duration::from_secs(10)).reason(),
            "timed out after 10 s"
        );
    }
}
