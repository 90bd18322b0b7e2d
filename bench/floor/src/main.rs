//! `floor SITE OUT`: walks `SITE/content`, parses each Markdown file's YAML front matter
//! (serde_yaml) and body (pulldown-cmark), and writes one HTML file per file under `OUT`,
//! on every core. No templates, no model, no links between pages: what no generator of
//! these pages can avoid, measured with the crates ideawiki uses.
//!
//! `floor --write PUBLIC OUT`: reads every file of a built site (`PUBLIC`, untimed), then
//! writes them all under `OUT` on every core, the same way, and prints how long the
//! writing took. That is the cost of storing ideawiki's output alone, with no work done
//! to make it: a second floor, for the pages, feeds and indexes the first one leaves out.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if let [flag, public, out] = args.as_slice()
        && flag.as_os_str() == "--write"
    {
        write_only(public, out);
        return;
    }
    let [site, out] = args.as_slice() else {
        eprintln!("usage: floor SITE OUT | floor --write PUBLIC OUT");
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

/// Writes the files of `public` under `out` and prints the seconds that took; reading
/// them comes first and is not counted.
fn write_only(public: &Path, out: &Path) {
    let files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(public).ok()?.to_path_buf();
            Some((rel, std::fs::read(e.path()).ok()?))
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let start = std::time::Instant::now();
    let written: usize = files
        .par_iter()
        .map(|(rel, data)| {
            let path = out.join(rel);
            let dir_ok = path.parent().is_none_or(|d| std::fs::create_dir_all(d).is_ok());
            usize::from(dir_ok && std::fs::write(&path, data).is_ok())
        })
        .sum();
    let secs = start.elapsed().as_secs_f64();
    println!("wrote {written} of {} files, {bytes} bytes, in {secs:.4} s", files.len());
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
