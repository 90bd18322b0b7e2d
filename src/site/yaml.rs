//! The one place that knows about `serde_yaml`.
//!
//! `serde_yaml` is unmaintained upstream; keeping every call behind this module means a
//! swap to another YAML crate touches one file. Callers get positions and, for unknown
//! keys, the nearest known key, never a `serde_yaml` type.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

/// A YAML error with the position serde_yaml reported, relative to the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The message without serde_yaml's " at line X column Y" tail: we print the position
    /// ourselves, relative to the whole file.
    pub message: String,
    /// 1-based line and column inside the YAML text, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// For `unknown field` errors: the key as written.
    pub unknown_key: Option<String>,
    /// For `unknown field` errors: the keys that would have been accepted.
    pub expected_keys: Vec<String>,
    /// The top-level key the error is about, when serde_yaml names one (`mentors: invalid type…`).
    pub key: Option<String>,
    /// What to do, when this module knows better than a generic hint.
    pub help: Option<&'static str>,
}

/// How deeply lists and maps may nest. Real front matter nests two or three levels;
/// libyaml takes quadratic time on deep flow nesting (100,000 levels: most of a minute),
/// so deeper text is refused before it is parsed.
pub const MAX_DEPTH: usize = 64;

/// How much aliases may add to a document. An alias (`*a`) stands for a copy of what its
/// anchor (`&a`) marks, so a file of 60 KB can hold gigabytes once read: one long text
/// and thousands of aliases to it, or lists of aliases to lists of aliases ("billion
/// laughs"). Measured as one per value plus the bytes of its texts, what a document holds
/// may exceed the length of its text by at most this much; real files reuse a few small
/// values, if any.
pub const MAX_EXPANSION: usize = 1 << 20;

/// Deserializes `text` into `T`. An empty document is read as an empty mapping, so a
/// missing required key is reported as such rather than as "EOF while parsing".
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Box<YamlError>> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    if let Some(e) = too_deep(text) {
        return Err(Box::new(e));
    }
    if let Some(e) = too_big(text) {
        return Err(Box::new(e));
    }
    serde_yaml::from_str(text).map_err(|e| Box::new(convert(&e)))
}

/// An error when `text`, with its aliases expanded, holds more than its length plus
/// [`MAX_EXPANSION`]. Found by walking the document as serde_yaml expands it and stopping
/// at the limit, so the check costs no more than the limit. Text without `*` has no
/// alias and is not walked; any other problem is left to the real parse to report.
fn too_big(text: &str) -> Option<YamlError> {
    if !text.contains('*') {
        return None;
    }
    let left = Cell::new(text.len() + MAX_EXPANSION);
    let e = Walk(&left)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .err()?;
    if left.get() > 0 {
        return None;
    }
    let mut e = convert(&e);
    e.message = "aliases (`*name`) make this far larger than it is written".into();
    e.help = Some(
        "write the values out; an alias may stand for a small value a few times, not copy large ones over and over",
    );
    Some(e)
}

/// Walks any YAML value, taking one from the budget per value and one per byte of text,
/// and fails once the budget is spent.
#[derive(Clone, Copy)]
struct Walk<'a>(&'a Cell<usize>);

impl Walk<'_> {
    fn spend<E: de::Error>(self, n: usize) -> Result<(), E> {
        match self.0.get().checked_sub(n) {
            Some(left) if left > 0 => {
                self.0.set(left);
                Ok(())
            }
            _ => {
                self.0.set(0);
                Err(E::custom("expansion limit reached"))
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.spend(1 + s.len())
    }

    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<(), E> {
        self.spend(1 + b.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    /// A tagged value (`!tag value`).
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        let ((), value) = data.variant_seed(self)?;
        value.newtype_variant_seed(self)
    }
}

fn convert(e: &serde_yaml::Error) -> YamlError {
    let full = e.to_string();
    let (line, column) = match e.location() {
        Some(l) => (Some(l.line()), Some(l.column())),
        None => (None, None),
    };
    let message = match full.rfind(" at line ") {
        Some(i) if line.is_some() => full[..i].to_string(),
        _ => full.clone(),
    };
    let (unknown_key, expected_keys) = parse_unknown_field(&message);
    // serde_yaml prefixes errors inside a key with its path: "mentors[1]: invalid type…".
    let key = message
        .split_once(": ")
        .map(|(path, _)| path)
        .filter(|p| !p.contains(' '))
        .map(|p| p.split(['[', '.']).next().unwrap_or(p).to_string());
    YamlError {
        message,
        line,
        column,
        unknown_key,
        expected_keys,
        key,
        help: None,
    }
}

/// The error for nesting past [`MAX_DEPTH`] at a 1-based line and column.
fn too_deep_at(line: usize, column: usize) -> YamlError {
    YamlError {
        message: format!("lists or maps nested more than {MAX_DEPTH} levels deep"),
        line: Some(line),
        column: Some(column),
        unknown_key: None,
        expected_keys: Vec::new(),
        key: None,
        help: Some(
            "front matter holds texts, lists of texts and small maps; write the deep structure in the body instead",
        ),
    }
}

/// An error at the first place where `text` nests lists or maps more than [`MAX_DEPTH`]
/// levels deep: in flow style (`[[[…`, `{a: {a: …`) or as a chain of block items on one
/// line (`- - - …`). Brackets inside quotes and comments do not count; a bracket inside a
/// plain text (`C[x]`) only counts where a flow collection could start.
fn too_deep(text: &str) -> Option<YamlError> {
    // Flow collections may span lines; block items chain on one line only.
    let mut flow = 0usize;
    for (n, line) in text.lines().enumerate() {
        let mut dashes = 0usize;
        let mut quote = None;
        let mut escaped = false;
        // Whether a collection may start here: at the start of the value, after `:`,
        // `-`, `?`, `,` or an opening bracket (spaces aside).
        let mut may_open = true;
        let mut in_block_prefix = true;
        for (col, c) in line.char_indices() {
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            let depth = match c {
                '#' if may_open || line[..col].ends_with(' ') => break,
                '"' | '\'' if may_open => {
                    quote = Some(c);
                    may_open = false;
                    in_block_prefix = false;
                    continue;
                }
                '[' | '{' if may_open => {
                    in_block_prefix = false;
                    flow += 1;
                    flow
                }
                ']' | '}' => {
                    flow = flow.saturating_sub(1);
                    may_open = false;
                    continue;
                }
                '-' | '?' if in_block_prefix => {
                    dashes += 1;
                    dashes
                }
                ' ' | '\t' => continue,
                ':' | ',' => {
                    in_block_prefix = false;
                    may_open = true;
                    continue;
                }
                _ => {
                    in_block_prefix = false;
                    may_open = false;
                    continue;
                }
            };
            may_open = true;
            if depth > MAX_DEPTH {
                return Some(too_deep_at(n + 1, line[..col].chars().count() + 1));
            }
        }
    }
    None
}

/// Reads serde's standard "unknown field `x`, expected one of `a`, `b`" message.
fn parse_unknown_field(message: &str) -> (Option<String>, Vec<String>) {
    let Some(rest) = message
        .find("unknown field `")
        .map(|i| &message[i + "unknown field `".len()..])
    else {
        return (None, Vec::new());
    };
    let Some(end) = rest.find('`') else {
        return (None, Vec::new());
    };
    let key = rest[..end].to_string();
    let expected = rest[end..]
        .split('`')
        .skip(2)
        .step_by(2)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    (Some(key), expected)
}

/// The known key closest to `key`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .filter(|k| !k.is_empty())
        .map(|k| (strsim::damerau_levenshtein(key, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3) || k.starts_with(key) || key.starts_with(k))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `s` as a YAML scalar that reads back as exactly `s`: plain when that is unambiguous,
/// double-quoted otherwise (a title such as `Xen: the next step` or `yes` would change
/// meaning unquoted).
pub(crate) fn yaml_str(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
        && !looks_like_non_string(s);
    if plain_ok {
        return s.to_string();
    }
    yaml_quoted(s)
}

/// `s` double-quoted for YAML, as it must be inside `{…}` or `[…]`, where a plain `,` or `}`
/// would end it.
pub(crate) fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Line and paragraph separators and the BOM would be read as breaks or dropped.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether YAML would read a plain `s` as something other than a string (a boolean, null,
/// a number, a date).
fn looks_like_non_string(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || s.parse::<f64>().is_ok()
        || s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        mentors: Option<Vec<String>>,
    }

    #[test]
    fn unknown_key_names_the_key_and_the_known_ones() {
        let e = from_str::<T>("title: a\nmentor: [x]\n").unwrap_err();
        assert_eq!(e.unknown_key.as_deref(), Some("mentor"));
        assert_eq!(e.expected_keys, ["title", "mentors"]);
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert_eq!(nearest("mentor", ["title", "mentors"]), Some("mentors"));
        assert_eq!(nearest("zzzzzz", ["title", "mentors"]), None);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("extra: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = from_str::<serde_yaml::Value>(&deep).unwrap_err();
        assert!(e.message.contains("nested more than 64"), "{}", e.message);
        assert_eq!((e.line, e.column), (Some(1), Some(8 + MAX_DEPTH)));
        let lines = format!("extra:\n{}1\n", "  [\n".repeat(100));
        assert!(from_str::<serde_yaml::Value>(&lines).is_err());
        let dashes = format!("x:\n{}a\n", "- ".repeat(200));
        assert!(from_str::<serde_yaml::Value>(&dashes).is_err());
        let maps = format!("extra: {}1{}\n", "{a: ".repeat(70), "}".repeat(70));
        assert!(
            from_str::<serde_yaml::Value>(&maps)
                .unwrap_err()
                .help
                .is_some()
        );
    }

    #[test]
    fn brackets_in_texts_quotes_and_comments_do_not_count() {
        let many = "[".repeat(100);
        let text = format!(
            "a: C{many}x\nb: \"\\\" {many}\"\nc: '{many}'\nd: 1 # {many}\ne: [[[1]], {{x: [2]}}]\n"
        );
        from_str::<serde_yaml::Value>(&text).expect("plain, quoted and commented brackets");
        let nested = format!("e: {}1{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        from_str::<serde_yaml::Value>(&nested).expect("exactly the limit");
    }

    #[test]
    fn aliases_that_expand_far_are_refused() {
        // One long text and thousands of aliases of it: 60 KB written, 240 MB read.
        let flood = format!(
            "skills: [&s \"{}\"{}]\n",
            "x".repeat(30_000),
            ", *s".repeat(8_000)
        );
        let e = from_str::<serde_yaml::Value>(&flood).unwrap_err();
        assert!(e.message.contains("aliases"), "{}", e.message);
        assert!(e.help.is_some() && e.line.is_some());
        // Billion laughs: nine levels of nine aliases each.
        let mut laughs = String::from("l0: &l0 lol\n");
        for i in 1..10 {
            let items = vec![format!("*l{}", i - 1); 9].join(", ");
            laughs.push_str(&format!("l{i}: &l{i} [{items}]\n"));
        }
        assert!(from_str::<serde_yaml::Value>(&laughs).is_err());
        // A few small aliases are fine, and so is a `*` that is no alias.
        let small = "a: &a [x, y]\nb: *a\nc: [*a, *a]\nd: \"*\"\ne: 2 * 3\n";
        let v = from_str::<serde_yaml::Value>(small).expect("small aliases");
        assert_eq!(v["c"][1][1], "y");
        // Tags are walked through: a flood behind one is found too.
        let tagged = format!("t: !custom {{a: !!binary aGk=, b: !x [1]}}\n{flood}");
        let walked = Walk(&Cell::new(usize::MAX)).deserialize(serde_yaml::Deserializer::from_str(
            "t: !custom {a: !!binary aGk=, b: !x [1], c: !x ~}\n",
        ));
        assert!(walked.is_ok(), "{walked:?}");
        assert!(
            from_str::<serde_yaml::Value>(&tagged)
                .unwrap_err()
                .message
                .contains("aliases")
        );
        // Other problems are reported as the parse finds them.
        let e = from_str::<serde_yaml::Value>("a: *nowhere\n").unwrap_err();
        assert!(e.message.contains("unknown anchor"), "{}", e.message);
    }

    #[test]
    fn type_error_names_the_key() {
        let e = from_str::<T>("title: a\nmentors: 5\n").unwrap_err();
        assert_eq!(e.key.as_deref(), Some("mentors"));
        assert!(e.message.contains("expected a sequence"), "{}", e.message);
        assert_eq!(e.line, Some(2));
    }
}
