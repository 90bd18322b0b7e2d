//! YAML problems as diagnostics: a [`YamlError`] placed in its file, in words a mentor
//! understands, and a problem with one key pointed at that key's line.

use std::path::Path;
use std::sync::Arc;

use crate::diag::{self, Diagnostic};
use crate::site::yaml::{self, YamlError};

/// Turns a YAML error into a diagnostic positioned in the file. `line_offset` is the number
/// of lines before the YAML text in the file and `byte_offset` its start.
pub(crate) fn yaml_diagnostic(
    e: &YamlError,
    file_text: &Arc<str>,
    line_offset: usize,
    byte_offset: usize,
    shown: &Path,
    known: &[&str],
) -> Diagnostic {
    let (code, message, help) = if let Some(key) = &e.unknown_key {
        let known_here: Vec<&str> = if e.expected_keys.is_empty() {
            known.to_vec()
        } else {
            e.expected_keys.iter().map(String::as_str).collect()
        };
        let help = match yaml::nearest(key, known_here.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("known keys are: {}", known_here.join(", ")),
        };
        ("unknown-key", format!("unknown key `{key}`"), help)
    } else if e.message.starts_with("missing field `") {
        let key = e.message.split('`').nth(1).unwrap_or("title");
        (
            "missing-key",
            format!("missing required key `{key}`"),
            format!("add a line such as `{key}: …` to the front matter"),
        )
    } else if e.message.contains("tab character") || tab_near(file_text, byte_offset, e) {
        (
            "yaml-syntax",
            format!("YAML syntax error: {}", e.message),
            "indent YAML with spaces, never tabs".to_string(),
        )
    } else {
        let help = match (e.help, e.key.as_deref().and_then(expected_for)) {
            (Some(help), _) => help.to_string(),
            (None, Some(exp)) => {
                format!("`{}` must be {exp}", e.key.as_deref().unwrap_or_default())
            }
            (None, None) => "check the YAML syntax near this position".to_string(),
        };
        ("front-matter", friendlier(&e.message), help)
    };
    let mut d = Diagnostic::error(code, message)
        .in_file(shown)
        .with_help(help)
        .with_source(file_text.clone());
    if code == "missing-key" {
        // serde_yaml puts a missing key at 1:1 of the YAML; the opening `---` is clearer.
        d = d.at(diag::location(file_text, 0..3.min(file_text.len())));
    } else if let (Some(line), Some(col)) = (e.line, e.column) {
        let yaml_text = &file_text[byte_offset..];
        let start = byte_offset + diag::offset_of(yaml_text, line, col);
        let len = diag::token_len(file_text, start);
        d = d.at(diag::Location {
            line: line + line_offset,
            column: col,
            span: start..start + len,
        });
    } else if line_offset > 0 {
        // No position (e.g. a missing key): point at the opening `---`.
        d = d.at(diag::location(file_text, 0..3.min(file_text.len())));
    }
    d
}

/// Whether the line of the error is indented with a tab: libyaml's messages for that are
/// cryptic ("found character that cannot start any token").
fn tab_near(file_text: &str, byte_offset: usize, e: &YamlError) -> bool {
    e.line.is_some_and(|line| {
        file_text[byte_offset..]
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'))
    })
}

/// What each key accepts, in words a mentor understands.
fn expected_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" | "project" | "summary" | "program" | "notice" | "description" | "language"
        | "theme" | "slug" => "a text",
        "mentors" => "a list of mentors, each a name or a map with `name`, `email` and `url`",
        "skills" | "students" | "tags" | "aliases" => "a list of texts, such as `[C, QEMU]`",
        "size" => "`small`, `medium`, `large` or a number of hours, such as `175` or `350 hours`",
        "difficulty" => "`easy`, `medium` (or `intermediate`) or `hard`",
        "status" => {
            "`open`, `taken`, `completed` or `withdrawn` (a year: `draft`, `open`, `closed` or `archived`)"
        }
        "year" => "a year as a number, such as `2027`",
        "deadline" => "a date written `YYYY-MM-DD`",
        "draft" => "`true` or `false`",
        "extra" => "a map of your own keys",
        "emails" => "`hide`, `obfuscate` or `plain`",
        "raw_html" => "`sanitize`, `escape` or `trusted`",
        "repository" => "a map with `url`, `branch` and `path`",
        "base_url" => "an absolute URL such as `https://example.org/ideas/`",
        _ => return None,
    })
}

/// Rewords serde's vocabulary ("sequence", "u32") for people who do not write Rust.
fn friendlier(message: &str) -> String {
    message
        .replace("a sequence", "a list")
        .replace("expected u32", "expected a number")
        .replace("expected u16", "expected a number")
        .replace("expected i64", "expected a number")
        .replace("expected a boolean", "expected `true` or `false`")
}

/// A diagnostic pointing at a top-level `key:` line of a YAML text.
pub(crate) fn key_diagnostic(
    code: &'static str,
    file_text: &Arc<str>,
    shown: &Path,
    key: &str,
    message: String,
    help: &str,
) -> Diagnostic {
    let mut d = Diagnostic::error(code, message)
        .in_file(shown)
        .with_help(help)
        .with_source(file_text.clone());
    if let Some(span) = find_key(file_text, key) {
        d = d.at(diag::location(file_text, span));
    }
    d
}

/// The span of a `key:` in YAML text (the key itself). A dotted key such as
/// `repository.url` names a key inside a top-level block mapping, so a diagnostic about a
/// nested value points at its own line rather than at the block's first one; when the
/// nested key is written in flow style (`{url: …}`) the block's key is found instead.
pub(crate) fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let (top, nested) = match key.split_once('.') {
        Some((top, nested)) => (top, Some(nested)),
        None => (key, None),
    };
    let mut offset = 0;
    let mut parent = None;
    for line in text.split_inclusive('\n') {
        match parent {
            None => {
                if let Some(rest) = line.strip_prefix(top)
                    && rest.trim_start().starts_with(':')
                {
                    let span = offset..offset + top.len();
                    if nested.is_none() {
                        return Some(span);
                    }
                    parent = Some(span);
                }
            }
            Some(ref block) => {
                let body = line.trim_start_matches(' ');
                let indent = line.len() - body.len();
                if indent == 0 && !body.trim().is_empty() && !body.starts_with('#') {
                    return Some(block.clone());
                }
                if let Some(nested) = nested
                    && let Some(rest) = body.strip_prefix(nested)
                    && rest.trim_start().starts_with(':')
                {
                    return Some(offset + indent..offset + indent + nested.len());
                }
            }
        }
        offset += line.len();
    }
    parent
}
