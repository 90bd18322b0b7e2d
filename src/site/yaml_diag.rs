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
    let (code, message, help) = describe(e, file_text, byte_offset, known);
    let d = Diagnostic::error(code, message)
        .in_file(shown)
        .with_help(help)
        .with_source(file_text.clone());
    place(d, e, file_text, line_offset, byte_offset)
}

/// The code, message and help for a YAML error, in a mentor's words.
fn describe(
    e: &YamlError,
    file_text: &str,
    byte_offset: usize,
    known: &[&str],
) -> (&'static str, String, String) {
    if let Some(key) = &e.unknown_key {
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
        let yaml_text = &file_text[byte_offset.min(file_text.len())..];
        let help = match (
            e.help,
            exact_fix(e, yaml_text),
            e.key.as_deref().and_then(expected_for),
        ) {
            (Some(help), _, _) => help.to_string(),
            (None, Some(fix), _) => fix,
            // A value inside a list or map (a mentor's `role`): what that value takes.
            (None, None, _) if nested(e).is_some() => {
                let (leaf, expected) = nested(e).unwrap_or_default();
                format!("`{leaf}` must be {expected}")
            }
            (None, None, Some(exp)) => {
                format!("`{}` must be {exp}", e.key.as_deref().unwrap_or_default())
            }
            (None, None, None) => "check the YAML syntax near this position".to_string(),
        };
        ("front-matter", plain_message(e), help)
    }
}

/// Points the diagnostic at the error's place in the file: the key or value the error
/// names, or the opening `---` when there is no better place.
fn place(
    d: Diagnostic,
    e: &YamlError,
    file_text: &str,
    line_offset: usize,
    byte_offset: usize,
) -> Diagnostic {
    let opening = || diag::location(file_text, 0..3.min(file_text.len()));
    if d.code == "missing-key" {
        // serde_yaml puts a missing key at 1:1 of the YAML; the opening `---` is clearer.
        d.at(opening())
    } else if let (Some(line), Some(col)) = (e.line, e.column) {
        let yaml_text = &file_text[byte_offset..];
        let start = byte_offset + diag::offset_of(yaml_text, line, col);
        let len = diag::token_len(file_text, start);
        d.at(diag::Location {
            line: line + line_offset,
            column: col,
            span: start..start + len,
        })
    } else if line_offset > 0 {
        d.at(opening())
    } else {
        d
    }
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
        "mentors" => {
            "a list of mentors, each a name or a map with `name`, `email`, `github`, `role` and `url`"
        }
        "outcomes" | "prerequisites" => "a text, or a list of texts",
        "links" => {
            "a list of `{title, url}`, or a map such as `{issue: https://…, chat: https://…}`"
        }
        "fields" => "a map from an `extra` key to its label, such as `{area: Area}`",
        "programs" => {
            "a map from a program folder to its rules, such as `{gsoc: {requires: [summary, outcomes]}}`"
        }
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
        "skill_aliases" => "a map from a spelling to the skill's name, such as `{Golang: Go}`",
        "repository" => "a map with `url`, `branch` and `path`",
        "taxonomies" => "a list of maps, each with `name`, `title` and `from`",
        "base_url" => "an absolute URL such as `https://example.org/ideas/`",
        _ => return None,
    })
}

/// For an error inside a key's value (`mentors[0].role: invalid value: …, expected
/// `primary` or `backup``): the innermost key and what it takes.
fn nested(e: &YamlError) -> Option<(&str, &str)> {
    let (path, rest) = e.message.split_once(": ")?;
    let key = e.key.as_deref()?;
    let leaf = path.rsplit('.').next()?;
    if path.contains(' ') || path == key || leaf.contains('[') {
        return None;
    }
    let expected = rest.rsplit_once(", expected ")?.1;
    Some((leaf, expected))
}

/// Rewords serde's vocabulary ("sequence", "u32") for people who do not write Rust.
fn friendlier(message: &str) -> String {
    message
        .replace("a sequence", "a list")
        .replace("expected u32", "expected a number")
        .replace("expected u16", "expected a number")
        .replace("expected i64", "expected a number")
        .replace("expected a boolean", "expected `true` or `false`")
        .replace("struct Taxonomy", "a map with `name`, `title` and `from`")
        .replace("struct Repository", "a map with `url`, `branch` and `path`")
}

/// The error in a plain sentence first, naming the key: libyaml's and serde's own words
/// ("invalid type: map", "unknown variant", "mapping values are not allowed in this
/// context") mean nothing to most mentors.
fn plain_message(e: &YamlError) -> String {
    let message = friendlier(&e.message);
    let (key, rest) = match (&e.key, message.split_once(": ")) {
        (Some(k), Some((path, rest))) if !path.contains(' ') => (Some(k.as_str()), rest),
        _ => (None, message.as_str()),
    };
    let subject = match (key, nested(e)) {
        (Some(k), Some((leaf, _))) => format!("`{leaf}` in `{k}`"),
        (Some(k), None) => format!("`{k}`"),
        (None, _) => "this value".to_string(),
    };
    if let Some(found) = rest.strip_prefix("invalid type: ") {
        let (what, expected) = found
            .split_once(", expected ")
            .unwrap_or((found, "something else"));
        let what = if what.starts_with("string") {
            "a single text".to_string()
        } else if what == "map" {
            "a map of keys and values".to_string()
        } else if what == "sequence" {
            "a list".to_string()
        } else {
            what.replace("integer", "the number")
        };
        format!("{subject} is {what}, but it must be {expected}")
    } else if let Some(found) = rest.strip_prefix("unknown variant ") {
        let value = found.split('`').nth(1).unwrap_or(found);
        format!("{subject} cannot be `{value}`")
    } else if let Some(found) = rest.strip_prefix("invalid value: ") {
        let value = found.split('"').nth(1).unwrap_or(found);
        format!("{subject} cannot be `{value}`")
    } else if rest.starts_with("mapping values are not allowed") {
        "a `: ` inside this value makes YAML read it as a new key (YAML: mapping values are not allowed here)".to_string()
    } else {
        message
    }
}

/// Keys whose value is a list of texts, or of mentors.
const LIST_KEYS: &[&str] = &["mentors", "skills", "tags", "students", "aliases"];

/// The exact line to write, where the intent is clear and only the form is wrong.
fn exact_fix(e: &YamlError, yaml_text: &str) -> Option<String> {
    // `title: Plugins: a better API`: the value needs quotes.
    if e.message.starts_with("mapping values are not allowed") {
        let line = yaml_text.lines().nth(e.line?.checked_sub(1)?)?;
        let (key, value) = line.split_once(": ")?;
        let key = key.trim_end();
        if key.is_empty() || key.contains([' ', '"', '\'', '-']) || !value.contains(": ") {
            return None;
        }
        let value = value.trim().replace('\\', "\\\\").replace('"', "\\\"");
        return Some(format!("quote it: {key}: \"{value}\""));
    }
    let key = e.key.as_deref()?;
    let value = value_of(yaml_text, key)?;
    // `mentors: Alice Example, Bob Builder`: a list, written as one text.
    if LIST_KEYS.contains(&key) && e.message.contains("invalid type: string") {
        let items: Vec<&str> = value
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return Some(format!("write a list: {key}: [{}]", items.join(", ")));
    }
    // `size: {hours: 350}`: the number is what counts.
    if key == "size" && e.message.contains("invalid type: map") {
        let hours: String = value
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        if !hours.is_empty() {
            return Some(format!("write size: {hours}"));
        }
    }
    None
}

/// The text after `key:` on a top-level key's line.
fn value_of<'a>(yaml_text: &'a str, key: &str) -> Option<&'a str> {
    let span = find_key(yaml_text, key)?;
    let line = yaml_text[span.end..].lines().next()?;
    Some(line.trim_start_matches(':').trim()).filter(|v| !v.is_empty())
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
