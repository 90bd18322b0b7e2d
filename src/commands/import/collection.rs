//! A folder of Markdown files, one idea each, with the front matter of another generator:
//! Jekyll and Hugo (YAML between `---` lines), Hugo and Zola (TOML between `+++` lines).
//! Each key is a label, mapped like any other (`duration` → size, `mentor_avail` → notes);
//! Zola's `[extra]`, `[taxonomies]` and Hugo's `params` tables are read as top-level keys.
//! Body sections whose heading means a field (`## Mentors`, `## Requirements`) are lifted
//! into it; `_index.md`, `README.md` and a top-level `index.md` are the year's
//! introduction (Hugo's bundles, `idea/index.md`, are ideas).
//!
//! TOML is read with the `toml` crate (parsing only, no writer): the format Zola and many
//! Hugo sites use, which nothing else in ideawiki reads.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::labels::Field;
use super::markdown::heading;
use super::raw::{RawIdea, RawYear, ReadContext, one_line, plain, push_block, read_text};
use crate::diag::{self, Diagnostic};

/// How many files a collection may hold: more is not an ideas page.
const MAX_FILES: usize = 5_000;

/// Reads every Markdown file under `dir`, in path order.
pub(crate) fn read(dir: &Path, ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    if !dir.is_dir() {
        return Err(
            Diagnostic::error("usage", "a collection is a folder of Markdown files")
                .in_file(dir)
                .with_help(
                    "give the folder that holds the idea files, such as `_gsocproposals/2024`",
                ),
        );
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown"))
        .collect();
    if files.len() > MAX_FILES {
        return Err(Diagnostic::error(
            "usage",
            format!("the folder holds more than {MAX_FILES} Markdown files"),
        )
        .in_file(dir)
        .with_help("give the folder of one year's ideas"));
    }
    files.sort();
    let mut year = RawYear::default();
    for path in files {
        let text = read_text(&path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let (fm, body) = split(&path, &text)?;
        // A section's page is the introduction; Hugo's leaf bundle `idea/index.md` is an
        // idea, but an `index.md` right in the folder is the folder's own page.
        let top = path.parent() == Some(dir);
        if ["_index.md", "readme.md"].contains(&name.as_str()) || (top && name == "index.md") {
            push_block(&mut year.intro, body);
            continue;
        }
        year.ideas.push(idea(&path, fm, body, ctx));
    }
    Ok(year)
}

/// Front-matter keys and their values.
type Keys = Vec<(String, Value)>;

/// Front matter as key/value pairs, and the body.
fn split<'a>(path: &Path, text: &'a str) -> Result<(Keys, &'a str), Diagnostic> {
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else {
            continue;
        };
        let close = rest
            .match_indices(&format!("\n{fence}"))
            .map(|(i, _)| i + 1)
            .find(|&i| rest[i + 3..].starts_with('\n') || rest[i + 3..].is_empty())
            .or_else(|| rest.starts_with(fence).then_some(0));
        let Some(close) = close else {
            return Err(Diagnostic::error(
                "parse",
                format!("the front matter opened with `{fence}` on line 1 is never closed"),
            )
            .in_file(path)
            .with_help(format!("end it with a line holding only `{fence}`")));
        };
        let fm_text = &rest[..close];
        let body = rest[close + 3..]
            .strip_prefix('\n')
            .unwrap_or(&rest[close + 3..]);
        let value = if toml {
            toml::from_str::<toml::Table>(fm_text)
                .map(|t| Value::Object(t.into_iter().map(|(k, v)| (k, toml_json(v))).collect()))
                .map_err(|e| {
                    let at = e.span().map_or(0, |s| s.start) + fence.len() + 1;
                    let (line, col) = diag::line_col(text, at.min(text.len()));
                    Diagnostic::error("parse", format!("the TOML front matter cannot be read at line {line}, column {col}: {}", one_line(e.message())))
                        .in_file(path)
                        .with_help("fix the front matter so the site it came from would build, then import again")
                })?
        } else {
            crate::site::yaml::from_str::<Value>(fm_text).map_err(|e| {
                let line = e.line.map_or(1, |l| l + 1);
                let col = e.column.unwrap_or(1);
                Diagnostic::error(
                    "parse",
                    format!(
                        "the YAML front matter cannot be read at line {line}, column {col}: {}",
                        e.message
                    ),
                )
                .in_file(path)
                .with_help(
                    "fix the front matter so the site it came from would build, then import again",
                )
            })?
        };
        let pairs = match value {
            Value::Object(map) => flatten(map),
            Value::Null => Vec::new(),
            other => vec![("front matter".to_string(), other)],
        };
        return Ok((pairs, body));
    }
    Ok((Vec::new(), text))
}

/// Top-level keys, with the tables generators use for custom keys opened up.
fn flatten(map: serde_json::Map<String, Value>) -> Keys {
    let mut out = Vec::new();
    for (k, v) in map {
        match v {
            Value::Object(inner) if ["extra", "taxonomies", "params"].contains(&k.as_str()) => {
                out.extend(inner);
            }
            v => out.push((k, v)),
        }
    }
    out
}

fn toml_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_json(v))).collect())
        }
    }
}

/// A front-matter value as text: lists as bullets, a mentor map as `Name <email> @handle`.
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| format!("- {}", value_text(i).replace('\n', "\n  ")))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) if map.contains_key("name") => {
            let mut s = value_text(&map["name"]);
            for (k, v) in map.iter().filter(|(k, _)| *k != "name") {
                match k.as_str() {
                    "email" => s.push_str(&format!(" <{}>", value_text(v))),
                    "github" => s.push_str(&format!(" @{}", value_text(v))),
                    _ => s.push_str(&format!(" ({k}: {})", value_text(v))),
                }
            }
            s
        }
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", value_text(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// One file's idea: front-matter keys as labels, then the body's field sections.
fn idea(path: &Path, fm: Keys, body: &str, ctx: &ReadContext) -> RawIdea {
    let mut idea = RawIdea {
        origin: format!("{}:1", path.display()),
        ..RawIdea::default()
    };
    for (key, value) in fm {
        let text = value_text(&value);
        if ctx.labels.field(&key) == Some(Field::Title) && idea.title.is_empty() {
            idea.title = plain(&text);
            continue;
        }
        idea.fields.push((key, text));
    }
    let (fields, rest) = lift_sections(body, ctx);
    idea.fields.extend(fields);
    idea.body = rest;
    if idea.title.is_empty() {
        // A bundle's `index.md` is named by its folder.
        let named = if path.file_stem().is_some_and(|s| s == "index") {
            path.parent().and_then(Path::file_name)
        } else {
            path.file_stem()
        };
        idea.title = named
            .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
            .unwrap_or_default();
    }
    idea
}

/// Sections whose heading means a field, taken out of the body as `(heading, content)`.
/// A heading that means the description (`# Description`) is dropped and its text stays.
fn lift_sections(body: &str, ctx: &ReadContext) -> (Vec<(String, String)>, String) {
    let lines: Vec<&str> = body.lines().collect();
    let mut fields = Vec::new();
    let mut kept: Vec<&str> = Vec::new();
    let mut fenced = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
        }
        let found = (!fenced).then(|| heading(line)).flatten();
        let Some((level, title)) = found else {
            kept.push(line);
            i += 1;
            continue;
        };
        let field = ctx.labels.field(title);
        let end = lines[i + 1..]
            .iter()
            .position(|l| heading(l).is_some_and(|(lv, _)| lv <= level))
            .map_or(lines.len(), |n| i + 1 + n);
        match field {
            Some(Field::Body) => i += 1,
            Some(_) => {
                let content = lines[i + 1..end].join("\n");
                fields.push((plain(title), content.trim().to_string()));
                i = end;
            }
            _ => {
                kept.push(line);
                i += 1;
            }
        }
    }
    let mut out = String::new();
    push_block(&mut out, &kept.join("\n"));
    (fields, out)
}
