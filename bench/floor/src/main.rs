//! `floor SITE OUT`: walks `SITE/content`, parses each Markdown file's YAML front matter
//! (serde_yaml) and body (pulldown-cmark), and writes one HTML file per file under `OUT`,
//! on every core. No templates, no model, no links between pages: what no generator of
//! these pages can avoid, measured with the crates ideawiki uses.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: floor SITE OUT");
        std::process::exit(2);
    };
    let content = site.join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: usize = files
        .par_iter()
        .map(|path| page(&content, out, path))
        .sum();
    println!("{written} pages from {} files", files.len());
}

/// Reads, parses and writes one file; 1 if a page was written.
fn page(content: &Path, out: &Path, path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 0;
    };
    let (front, body) = split(&text);
    let Ok(front): Result<serde_yaml::Value, _> = serde_yaml::from_str(front) else {
        return 0;
    };
    let title = front.get("title").and_then(|t| t.as_str()).unwrap_or("");
    let mut html = String::with_capacity(body.len() * 3 / 2 + 128);
    html.push_str("<!doctype html><title>");
    html.push_str(title);
    html.push_str("</title>");
    let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    let rel = path.strip_prefix(content).unwrap_or(path).with_extension("");
    let dir = out.join(rel);
    if std::fs::create_dir_all(&dir).is_err() {
        return 0;
    }
    usize::from(std::fs::write(dir.join("index.html"), html).is_ok())
}

/// Front matter between `---` lines, and the body after it.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => (rest, ""),
    }
}
