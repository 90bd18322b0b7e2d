//! The whole example site (the repository's `content/` and `ideawiki.yaml`), built in
//! absolute and in relative-links mode: every internal `href`, `src`, `action`,
//! `data-index` and meta-refresh target in every page must lead to a file that was written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::site::{TestSite, html_files};

/// One tag's attributes, names lowercased, values with entities decoded.
type Attrs = BTreeMap<String, String>;

/// Every start tag of an HTML document with its attributes. Comments are skipped, and so
/// are the contents of `<script>` and `<style>`.
fn tags(html: &str) -> Vec<(String, Attrs)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attrs = Attrs::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                rest = rest.get(1..).unwrap_or("");
                break;
            }
            let n_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..n_end].to_ascii_lowercase();
            rest = rest[n_end..].trim_start();
            let value = if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim_start();
                let (value, after) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let end = v[1..].find(q).map_or(v.len(), |j| j + 1);
                        (&v[1..end], v.get(end + 1..).unwrap_or(""))
                    }
                    _ => {
                        let end = v
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(v.len());
                        (&v[..end], &v[end..])
                    }
                };
                rest = after;
                decode(value)
            } else {
                String::new()
            };
            attrs.insert(attr, value);
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |j| &rest[j..]);
        }
        out.push((name, attrs));
    }
    out
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The URLs a page points at that a browser would fetch or follow.
fn targets(html: &str) -> Vec<String> {
    let mut v = Vec::new();
    for (name, attrs) in tags(html) {
        for key in ["href", "src", "action", "data-index"] {
            if let Some(url) = attrs.get(key) {
                v.push(url.clone());
            }
        }
        if name == "meta"
            && attrs
                .get("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
            && let Some(content) = attrs.get("content")
            && let Some(i) = content.to_ascii_lowercase().find("url=")
        {
            v.push(content[i + 4..].trim().to_string());
        }
    }
    v
}

/// The output file an internal URL leads to, or `None` for an external one.
fn resolve(base_url: &str, page: &Path, url: &str) -> Option<PathBuf> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    let path = if let Some(p) = url.strip_prefix(base_url) {
        format!("/{p}")
    } else if url.contains(':') || url.starts_with("//") {
        return None;
    } else if url.is_empty() {
        return None; // `#section` on the same page
    } else {
        url.to_string()
    };
    let mut parts: Vec<String> = if path.starts_with('/') {
        Vec::new()
    } else {
        page.parent()
            .map(|d| d.iter().map(|s| s.to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{url} in {} leaves the site",
                    page.display()
                );
            }
            s => parts.push(
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned(),
            ),
        }
    }
    let mut file: PathBuf = parts.iter().collect();
    if path.ends_with('/') || parts.is_empty() {
        file.push("index.html");
    }
    Some(file)
}

/// Checks every page of `public/`; returns how many internal links were followed.
fn check_links(site: &TestSite, base_url: &str, relative: bool) -> usize {
    let public = site.public();
    let mut broken = Vec::new();
    let mut followed = 0;
    for (page, html) in html_files(&public) {
        for url in targets(&html) {
            assert!(!url.starts_with("javascript:"), "{}: {url}", page.display());
            let Some(file) = resolve(base_url, &page, &url) else {
                continue;
            };
            if relative && url.starts_with('/') {
                broken.push(format!("{}: `{url}` is not relative", page.display()));
            }
            followed += 1;
            let target = public.join(&file);
            if !(target.is_file() || target.join("index.html").is_file()) {
                broken.push(format!(
                    "{}: `{url}` → {} is missing",
                    page.display(),
                    file.display()
                ));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    followed
}

#[test]
fn every_internal_link_of_the_example_site_resolves() {
    let site = TestSite::example();
    site.build_ok();
    let base_url = "https://ideas.example.org/";
    let followed = check_links(&site, base_url, false);
    assert!(followed > 1000, "only {followed} links followed");
    // The files every page points at exist, so the check above did look at them.
    for file in [
        "atom.xml",
        "search-index.json",
        "style.css",
        "ideawiki.js",
        "gsoc/2011/atom.xml",
    ] {
        assert!(site.exists(file), "{file} was not written");
    }

    site.build_with(&["--relative-links"]).assert_success();
    let followed = check_links(&site, base_url, true);
    assert!(followed > 1000, "only {followed} links followed");
}

#[test]
fn the_checker_finds_a_broken_link() {
    let page = Path::new("gsoc/2011/index.html");
    let html = r#"<!-- <a href="/nowhere/"> --><a href='../../applying/'>x</a><script>var s = "<a href='/x/'>";</script><meta http-equiv="refresh" content="0; url=/new/"><link href="https://ideas.example.org/style.css"><a href="https://other.org/">o</a>"#;
    assert_eq!(
        targets(html),
        [
            "../../applying/",
            "/new/",
            "https://ideas.example.org/style.css",
            "https://other.org/"
        ]
    );
    let base = "https://ideas.example.org/";
    assert_eq!(
        resolve(base, page, "../../applying/"),
        Some(PathBuf::from("applying/index.html"))
    );
    assert_eq!(
        resolve(base, page, "x/#goals"),
        Some(PathBuf::from("gsoc/2011/x/index.html"))
    );
    assert_eq!(
        resolve(base, page, "https://ideas.example.org/style.css"),
        Some(PathBuf::from("style.css"))
    );
    assert_eq!(resolve(base, page, "https://other.org/"), None);
    assert_eq!(resolve(base, page, "/"), Some(PathBuf::from("index.html")));
}
