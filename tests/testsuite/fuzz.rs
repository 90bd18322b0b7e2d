//! Property-based fuzzing of what contributors write: idea files, year sections and the
//! config, each taken from a valid example and mutated (bytes flipped, inserted, deleted,
//! truncated; YAML tags, anchors, aliases and alias bombs, duplicate keys, deep nesting,
//! long lines; BOM, CRLF and CR line endings, NUL bytes, invalid UTF-8; empty files and
//! bare `---`). Whatever the input, a build
//!
//! - never panics, and returns (no hang: inputs stay under [`MAX_INPUT`], and nesting and
//!   alias expansion are refused past fixed limits, so the time per case is bounded);
//! - succeeds, or fails with at least one error naming the mutated file;
//! - renders every diagnostic to a bounded size.
//!
//! The cases come from a fixed seed, so `cargo test` runs the same short budget every time
//! and a failure replays. A failing case is shrunk to a small input, which is written under
//! the target folder (the failure message says where): once the bug is fixed, copy it into
//! `tests/corpus/`, where [`corpus_replays_as_idea_year_and_config`] keeps replaying it.
//!
//! A long campaign (docs/fuzzing.md says more): `IDEAWIKI_FUZZ_CASES` cases per kind of
//! file in process (a tenth of them through the binary), from seed `IDEAWIKI_FUZZ_SEED`:
//!
//! ```text
//! IDEAWIKI_FUZZ_CASES=100000 IDEAWIKI_FUZZ_SEED=$RANDOM \
//!     cargo test --test testsuite fuzz -- --nocapture
//! ```

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

use ideawiki::BuildOptions;
use ideawiki::engine::{Engine, MemorySink};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestCaseError, TestError, TestRunner};

use crate::site::{TestSite, run_in};

/// Inputs are cut to this size: enough for every long-line and nesting case, small enough
/// that a case takes milliseconds.
const MAX_INPUT: usize = 64 * 1024;

/// No diagnostic may render longer than this, whatever the input: a long line is shown as
/// a window around the caret, a long value is shortened.
const MAX_RENDERED: usize = 16 * 1024;

/// The longest file or folder name file systems take, in bytes.
const NAME_MAX: usize = 255;

/// Cases per target in `cargo test`, unless `IDEAWIKI_FUZZ_CASES` says otherwise.
const DEFAULT_CASES: u32 = 256;

/// Cases per target through the real binary in `cargo test`; with `IDEAWIKI_FUZZ_CASES`,
/// one in [`BINARY_SHARE`] of that number (a process per case is slower).
const BINARY_CASES: u32 = 8;
const BINARY_SHARE: u32 = 10;

/// The seed of `cargo test`'s runs, unless `IDEAWIKI_FUZZ_SEED` says otherwise.
const DEFAULT_SEED: u64 = 0x1dea_3131_f022_0013;

const IDEA: &str = "---
title: \"Virtio on Xen\"
project: Xen
mentors:
  - Ada Lovelace
  - {name: Bob Smith, email: bob@example.org, url: https://example.org/bob}
size: 175
difficulty: medium
skills: [C, Rust]
status: open
tags: [virtualization]
summary: Make *virtio* devices work on Xen.
slug: virtio-on-xen
aliases: [/old/virtio/]
extra:
  area: Networking
  links: {repo: https://example.org/xen}
---
## Goals

Some **Markdown** with a [link](https://example.org), `code` and a list:

- one
- two

<details><summary>More</summary>Details.</details>
";

const YEAR: &str = "---
title: GSoC 2027 project ideas
program: GSoC
year: 2027
status: open
notice: Applications open in *March*.
deadline: 2027-04-02
aliases: [/2027/]
extra:
  org: Xen
---
How to apply in 2027.
";

const CONFIG: &str = "title: Test ideas
base_url: https://example.org/ideas/
description: Ideas for students
language: en
repository: {url: https://github.com/example/ideas, branch: main}
emails: obfuscate
relative_links: false
raw_html: sanitize
taxonomies:
  - {name: skills, title: Skills, from: skills}
  - {name: areas, title: Areas, from: extra.area}
";

/// The file a case replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Idea,
    Year,
    Config,
}

impl Target {
    const ALL: [Target; 3] = [Target::Idea, Target::Year, Target::Config];

    fn rel(self) -> &'static str {
        match self {
            Target::Idea => "content/gsoc/2027/virtio.md",
            Target::Year => "content/gsoc/2027/_index.md",
            Target::Config => "ideawiki.yaml",
        }
    }

    fn base(self) -> &'static str {
        match self {
            Target::Idea => IDEA,
            Target::Year => YEAR,
            Target::Config => CONFIG,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Target::Idea => "idea",
            Target::Year => "year",
            Target::Config => "config",
        }
    }
}

/// The valid site every case starts from: config, home page, one year, two ideas.
fn base_site() -> TestSite {
    TestSite::new()
        .file(Target::Config.rel(), CONFIG)
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(Target::Year.rel(), YEAR)
        .file(Target::Idea.rel(), IDEA)
        .file(
            "content/gsoc/2027/other.md",
            "---\ntitle: Another idea\nmentors: [Chen]\nskills: [OCaml]\n---\nBody.\n",
        )
}

/// YAML lines a contributor (or an attacker) might add to front matter or the config.
const LINES: &[&str] = &[
    "extra: !!binary aGVsbG8gd29ybGQ=",
    "title: !custom x",
    "summary: !!python/object:os.system ls",
    "summary: !!python/object/apply:os.system [ls]",
    "tags: !!set {a, b}",
    "skills: !!omap [a: 1, b: 2]",
    "year: !!float 2027",
    "size: !!int \"12\"",
    "deadline: !!timestamp 2001-12-14",
    "anchor: &a [1, 2, 3]",
    "alias: *a",
    "summary: *nowhere",
    "<<: *a",
    "<<: {title: merged}",
    "extra: {<<: {a: 1}, b: *b}",
    "extra: &e {self: *e}",
    "? [complex, key]",
    ": value",
    "title: x",
    "title: y",
    "%YAML 1.1",
    "%TAG ! tag:example.org,2027:",
    "--- !tag",
    "...",
    "---",
    "&anchor title: x",
    "slug: &s virtio\naliases: [*s]",
    "year: 0x7e3",
    "year: 99999999999999999999",
    "year: -2027",
    "size: 1e400",
    "draft: yes",
    "status: ~",
    "extra: {a: .nan, b: .inf, c: -.inf, \"\": 1}",
    "title: \"\\uD800\"",
    "title: \"\\x00\\0\"",
    "title: |",
    "summary: >-",
    "\ttitle: tab",
    "- item",
    "title: 'unterminated",
    "title: \"unterminated",
    "[",
    "{",
    "]",
    "# a comment",
    "title: {{ page.title }}",
    "aliases: [\"/../../etc/passwd\", \"//evil.example\", \"/style.css\"]",
    "slug: ../x",
    "slug: index.html",
    "base_url: javascript:alert(1)",
    "theme: ../../etc",
    "title: \"<script>alert(1)</script>\"",
    "mentors: [{name: \"\", url: \"javascript:alert(1)\"}]",
    "taxonomies: [{name: skills, title: Skills, from: skills}, {name: skills, title: S, from: tags}]",
    "taxonomies: [{name: \"\", title: \"\", from: extra.}]",
    "repository: {url: \"\", branch: \"\", path: \"../..\"}",
    "emails: plain",
    "raw_html: trusted",
];

/// Keys (and the start of their value) that long lines are written under: every kind of
/// text that ends up in a page, a URL or a file name.
const LONG_KEYS: &[(&str, &str)] = &[
    ("summary", ""),
    ("title", ""),
    ("slug", ""),
    ("project", ""),
    ("skills", ""),
    ("tags", "["),
    ("mentors", "- "),
    ("students", "["),
    ("aliases", "/"),
    ("aliases", "[/old/"),
    ("notice", ""),
    ("deadline", ""),
    ("program", ""),
    ("description", ""),
    ("base_url", "https://example.org/"),
    ("language", ""),
    ("theme", ""),
    ("extra", "{area: "),
    ("title", "\""),
    ("# comment", ""),
];

/// Values put in place of a key's value.
const VALUES: &[&str] = &[
    "*a",
    "&a x",
    "!!binary aGk=",
    "!x y",
    "!!str",
    "!!null",
    "~",
    "[]",
    "{}",
    "[[]]",
    "[{}]",
    "-1",
    "0",
    "1e400",
    ".nan",
    "0o777",
    "\"\\0\"",
    "'",
    "\"",
    "|",
    ">",
    "? x",
    "- x",
    "2027-13-45",
    "!!timestamp 2001-12-14",
    "@",
    "`",
    "%",
    "{a: *a}",
    "&a [*a]",
    "\"\\uFFFE\\uFFFF\"",
    "\"\u{202e}evil\"",
    "\u{1F600}",
    "true",
    "null",
];

/// Bytes that are not UTF-8: a lone continuation byte, an overlong NUL, a surrogate, a
/// truncated sequence, a byte never used, a code point past U+10FFFF.
const INVALID_UTF8: &[&[u8]] = &[
    b"\x80",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xff",
    b"\xfe\xff",
    b"\xf4\x90\x80\x80",
];

/// Whole files that stand in for the file.
const WHOLE: &[&[u8]] = &[
    b"",
    b"---",
    b"---\n",
    b"---\n---\n",
    b"---\n---",
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n",
    b"\0",
    b"\n\n\n",
    b"---\r---\r",
    b"---\n...\n",
    b"title: x\n",
    b"---\ntitle:\n---\n",
];

#[derive(Clone, Copy, Debug)]
enum Nesting {
    /// `[[[…]]]`
    FlowSeq,
    /// `{a: {a: …}}`
    FlowMap,
    /// `- - - …` on one line
    Dashes,
    /// One level per line, each indented one more.
    Indented,
    /// `[` only, never closed.
    Unclosed,
}

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Truncate(Index),
    /// A line of [`LINES`] before line `Index`.
    Line(Index, &'static str),
    /// Line `Index`'s value replaced by one of [`VALUES`].
    Value(Index, &'static str),
    /// Line `Index` twice: a duplicate key.
    Duplicate(Index),
    /// A key nested this deep before line `Index`.
    Nest(Index, Nesting, usize),
    /// A line `key: value` before line `Index`, whose value is a prefix of [`LONG_KEYS`]
    /// and then this many copies of a byte.
    LongLine(Index, (&'static str, &'static str), usize, u8),
    /// Anchors and aliases that expand `width` times at each of `levels` levels.
    AliasBomb(usize, usize),
    /// One long text, then `copies` aliases of it.
    AliasFlood(usize, usize),
    Bom,
    Crlf,
    CrOnly,
    Nul(Index),
    InvalidUtf8(Index, &'static [u8]),
    Whole(&'static [u8]),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let nesting = prop_oneof![
        Just(Nesting::FlowSeq),
        Just(Nesting::FlowMap),
        Just(Nesting::Dashes),
        Just(Nesting::Indented),
        Just(Nesting::Unclosed),
    ];
    prop_oneof![
        4 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        3 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        2 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => any::<Index>().prop_map(Mutation::Truncate),
        5 => (any::<Index>(), prop::sample::select(LINES)).prop_map(|(i, l)| Mutation::Line(i, l)),
        4 => (any::<Index>(), prop::sample::select(VALUES))
            .prop_map(|(i, v)| Mutation::Value(i, v)),
        2 => any::<Index>().prop_map(Mutation::Duplicate),
        2 => (any::<Index>(), nesting, 1usize..12_000)
            .prop_map(|(i, s, d)| Mutation::Nest(i, s, d)),
        2 => (
            any::<Index>(),
            prop::sample::select(LONG_KEYS),
            1usize..MAX_INPUT,
            prop::sample::select(&b"a- \t:#[\"\\\xc3"[..])
        )
            .prop_map(|(i, k, n, b)| Mutation::LongLine(i, k, n, b)),
        1 => (1usize..12, 2usize..12).prop_map(|(l, w)| Mutation::AliasBomb(l, w)),
        1 => (1usize..32_000, 1usize..12_000).prop_map(|(n, c)| Mutation::AliasFlood(n, c)),
        1 => Just(Mutation::Bom),
        1 => Just(Mutation::Crlf),
        1 => Just(Mutation::CrOnly),
        1 => any::<Index>().prop_map(Mutation::Nul),
        2 => (any::<Index>(), prop::sample::select(INVALID_UTF8))
            .prop_map(|(i, b)| Mutation::InvalidUtf8(i, b)),
        1 => prop::sample::select(WHOLE).prop_map(Mutation::Whole),
    ]
}

/// The byte offset where line `i` of `bytes` starts (the end for one past the last line).
fn line_start(bytes: &[u8], i: &Index) -> usize {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(n, _)| n + 1),
        )
        .collect();
    starts[i.index(starts.len())]
}

fn line_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| start + n)
}

fn nesting(style: Nesting, depth: usize) -> Vec<u8> {
    let mut s = String::from("extra:");
    match style {
        Nesting::FlowSeq => {
            s.push(' ');
            s.push_str(&"[".repeat(depth));
            s.push('1');
            s.push_str(&"]".repeat(depth));
        }
        Nesting::FlowMap => {
            s.push(' ');
            s.push_str(&"{a: ".repeat(depth));
            s.push('1');
            s.push_str(&"}".repeat(depth));
        }
        Nesting::Dashes => {
            s.push('\n');
            s.push_str(&"- ".repeat(depth));
            s.push('1');
        }
        Nesting::Indented => {
            for level in 0..depth.min(360) {
                s.push('\n');
                s.push_str(&" ".repeat(level + 1));
                s.push_str("a:");
            }
            s.push_str(" 1");
        }
        Nesting::Unclosed => {
            s.push(' ');
            s.push_str(&"[".repeat(depth));
        }
    }
    s.push('\n');
    s.into_bytes()
}

/// Anchors `l0` … `l{levels}`, each a list of `width` aliases of the one before: as a
/// whole front matter for a Markdown file, as taxonomies for the config.
fn alias_bomb(target: Target, levels: usize, width: usize) -> Vec<u8> {
    let mut s = String::new();
    if target == Target::Config {
        s.push_str("taxonomies:\n  - &l0 {name: lol, title: Lol, from: skills}\n");
        for _ in 0..width.pow(levels.min(4) as u32).min(20_000) {
            s.push_str("  - *l0\n");
        }
        return s.into_bytes();
    }
    s.push_str("---\ntitle: Laughs\nextra:\n  l0: &l0 \"lol\"\n");
    for level in 1..=levels {
        let items = vec![format!("*l{}", level - 1); width].join(", ");
        s.push_str(&format!("  l{level}: &l{level} [{items}]\n"));
    }
    s.push_str("---\nLaughs.\n");
    s.into_bytes()
}

/// One long text and many aliases of it: linear in the file, quadratic once expanded.
fn alias_flood(target: Target, len: usize, copies: usize) -> Vec<u8> {
    let text = "x".repeat(len);
    let aliases = ", *s".repeat(copies);
    let list = format!("[&s \"{text}\"{aliases}]");
    match target {
        Target::Config => format!("title: Flood\ndescription: &s \"{text}\"\ntaxonomies: []\n"),
        Target::Idea => format!("---\ntitle: Flood\nskills: {list}\n---\n"),
        Target::Year => format!("---\ntitle: Flood\nyear: 2027\nextra: {{a: {list}}}\n---\n"),
    }
    .into_bytes()
}

fn apply(target: Target, m: &Mutation, bytes: &mut Vec<u8>) {
    let at = |i: &Index, bytes: &Vec<u8>| i.index(bytes.len() + 1);
    match m {
        Mutation::FlipBit(i, bit) => {
            if !bytes.is_empty() {
                let n = i.index(bytes.len());
                bytes[n] ^= 1 << bit;
            }
        }
        Mutation::SetByte(i, b) => {
            if !bytes.is_empty() {
                let n = i.index(bytes.len());
                bytes[n] = *b;
            }
        }
        Mutation::Insert(i, new) => {
            let n = at(i, bytes);
            bytes.splice(n..n, new.iter().copied());
        }
        Mutation::Delete(i, len) => {
            let n = at(i, bytes);
            let end = (n + len).min(bytes.len());
            bytes.drain(n..end);
        }
        Mutation::Truncate(i) => {
            let n = at(i, bytes);
            bytes.truncate(n);
        }
        Mutation::Line(i, line) => {
            let n = line_start(bytes, i);
            let new = format!("{line}\n");
            bytes.splice(n..n, new.bytes());
        }
        Mutation::Value(i, value) => {
            let start = line_start(bytes, i);
            let end = line_end(bytes, start);
            let colon = bytes[start..end]
                .iter()
                .position(|&b| b == b':')
                .map_or(end, |c| start + c + 1);
            let new = format!(" {value}");
            bytes.splice(colon..end, new.bytes());
        }
        Mutation::Duplicate(i) => {
            let start = line_start(bytes, i);
            let end = line_end(bytes, start);
            let mut line = bytes[start..end].to_vec();
            line.push(b'\n');
            bytes.splice(start..start, line);
        }
        Mutation::Nest(i, style, depth) => {
            let n = line_start(bytes, i);
            bytes.splice(n..n, nesting(*style, *depth));
        }
        Mutation::LongLine(i, (key, prefix), len, b) => {
            let n = line_start(bytes, i);
            let mut line = format!("{key}: {prefix}").into_bytes();
            line.extend(std::iter::repeat_n(*b, *len));
            line.push(b'\n');
            bytes.splice(n..n, line);
        }
        Mutation::AliasBomb(levels, width) => *bytes = alias_bomb(target, *levels, *width),
        Mutation::AliasFlood(len, copies) => *bytes = alias_flood(target, *len, *copies),
        Mutation::Bom => {
            bytes.splice(0..0, *b"\xef\xbb\xbf");
        }
        Mutation::Crlf => *bytes = replace_newlines(bytes, b"\r\n"),
        Mutation::CrOnly => *bytes = replace_newlines(bytes, b"\r"),
        Mutation::Nul(i) => {
            let n = at(i, bytes);
            bytes.insert(n, 0);
        }
        Mutation::InvalidUtf8(i, bad) => {
            let n = at(i, bytes);
            bytes.splice(n..n, bad.iter().copied());
        }
        Mutation::Whole(whole) => *bytes = whole.to_vec(),
    }
    bytes.truncate(MAX_INPUT);
}

fn replace_newlines(bytes: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b == b'\n' {
            out.extend_from_slice(with);
        } else {
            out.push(b);
        }
    }
    out
}

/// A mutated file: the base text of `target` with `mutations` applied in turn.
fn mutated(target: Target, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = target.base().as_bytes().to_vec();
    for m in mutations {
        apply(target, m, &mut bytes);
    }
    bytes
}

/// Whether an error about `target` names it. A year section that is no longer one turns
/// its ideas into wiki pages, whose idea keys are then errors in the ideas themselves (with
/// a help that points at the year's `_index.md`): an error in the same folder counts.
fn names(target: Target, file: &Path) -> bool {
    let rel = Path::new(target.rel());
    file == rel || (target == Target::Year && file.parent() == rel.parent())
}

/// Puts `bytes` in `site`'s `target` file, and every other target back as it was.
fn put(site: &TestSite, target: Target, bytes: &[u8]) {
    for other in Target::ALL {
        let text = if other == target {
            bytes
        } else {
            other.base().as_bytes()
        };
        site.write(other.rel(), text);
    }
}

/// Builds `site` (whose `target` file holds `bytes`) in process and checks the properties;
/// `Ok(true)` when the build failed as it should, `Ok(false)` when it built.
fn build_in_process(site: &TestSite, target: Target, bytes: &[u8]) -> Result<bool, String> {
    put(site, target, bytes);
    let root = site.root().to_path_buf();
    let sink = MemorySink::default();
    let run = catch_unwind(AssertUnwindSafe(|| {
        Engine::once(BuildOptions::new(&root)).run(&sink, true)
    }));
    let failed = matches!(run, Ok(Err(_)));
    let diagnostics = match run {
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(format!("the build panicked: {why}"));
        }
        Ok(Ok(stats)) => {
            // What a successful build writes must be writable: no file or folder name
            // longer than file systems allow (255 bytes on Linux, macOS and Windows).
            if let Some(long) = sink
                .into_outputs()
                .into_keys()
                .find(|p| p.split('/').any(|name| name.len() > NAME_MAX))
            {
                return Err(format!("an output name is too long to write: {long}"));
            }
            stats.warnings
        }
        Ok(Err(failure)) => {
            if failure.errors() == 0 {
                return Err("the build failed without an error".into());
            }
            if !failure
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.file.as_deref().is_some_and(|f| names(target, f)))
            {
                let all: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
                return Err(format!(
                    "no error names {}:\n{}",
                    target.rel(),
                    all.join("\n")
                ));
            }
            failure.diagnostics
        }
    };
    for d in &diagnostics {
        let rendered = catch_unwind(AssertUnwindSafe(|| d.render(false)))
            .map_err(|_| format!("rendering panicked: {d}"))?;
        if rendered.len() > MAX_RENDERED {
            return Err(format!(
                "a diagnostic renders to {} bytes: {}…",
                rendered.len(),
                rendered.chars().take(400).collect::<String>()
            ));
        }
    }
    Ok(failed)
}

/// Builds with the real binary and checks its exit status and stderr.
fn build_with_binary(site: &TestSite, target: Target, bytes: &[u8]) -> Result<bool, String> {
    put(site, target, bytes);
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = run_in(site.outer(), &["build", "--root", root]);
    if run.stderr.contains("panicked") || !matches!(run.code, Some(0 | 1)) {
        return Err(format!("not exit 0 or 1, or a panic\n{run}"));
    }
    if run.code == Some(1) {
        let rel = target.rel();
        let folder = "content/gsoc/2027/";
        let named =
            run.stderr.contains(rel) || (target == Target::Year && run.stderr.contains(folder));
        if !named || run.error_count() == 0 {
            return Err(format!("exit 1 without an error naming {rel}\n{run}"));
        }
    }
    Ok(run.code == Some(1))
}

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    Some(
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")),
    )
}

/// A runner with the fixed seed and `cases` cases, no failure file (`tests/corpus/` is
/// where failures are kept), and bounded shrinking. `IDEAWIKI_FUZZ_SEED` changes the
/// seed; `IDEAWIKI_FUZZ_CASES` the number of cases, of which runs through the binary
/// (`per` = [`BINARY_SHARE`]) take one in so many.
fn runner(cases: u32, per: u32) -> TestRunner {
    let cases = env_number("IDEAWIKI_FUZZ_CASES").map_or(cases, |n| (n as u32 / per).max(1));
    let seed = env_number("IDEAWIKI_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    TestRunner::new(Config {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 4096,
        max_shrink_time: 120_000,
        ..Config::default()
    })
}

/// Runs `check` on `cases` mutations of `target`; on failure, keeps the shrunk input.
fn campaign(
    target: Target,
    (cases, per): (u32, u32),
    check: impl Fn(&TestSite, Target, &[u8]) -> Result<bool, String>,
) {
    let site = base_site();
    let failed = check(&site, target, target.base().as_bytes()).expect("the unmutated site");
    assert!(!failed, "the unmutated site does not build");
    let strategy = prop::collection::vec(mutation(), 1..4);
    let (built, refused) = (Cell::new(0), Cell::new(0));
    let started = Instant::now();
    let result = runner(cases, per).run(&strategy, |mutations| {
        let failed =
            check(&site, target, &mutated(target, &mutations)).map_err(TestCaseError::fail)?;
        let count = if failed { &refused } else { &built };
        count.set(count.get() + 1);
        Ok(())
    });
    match result {
        Ok(()) => eprintln!(
            "fuzz {}: {} built, {} refused with an error naming the file, in {:.1?}",
            target.name(),
            built.get(),
            refused.get(),
            started.elapsed()
        ),
        Err(TestError::Fail(why, mutations)) => {
            let bytes = mutated(target, &mutations);
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
            std::fs::create_dir_all(&dir).expect("create the failures folder");
            let kept = dir.join(format!("{}-{:016x}", target.name(), fingerprint(&bytes)));
            std::fs::write(&kept, &bytes).expect("keep the failing input");
            panic!(
                "{} failed: {why}\nmutations: {mutations:#?}\ninput kept in {} ({} bytes); \
                 once fixed, copy it into tests/corpus/",
                target.name(),
                kept.display(),
                bytes.len()
            );
        }
        Err(e) => panic!("{}: {e}", target.name()),
    }
}

/// FNV-1a: a stable name for a kept input.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn fuzz_idea_files() {
    campaign(Target::Idea, (DEFAULT_CASES, 1), build_in_process);
}

#[test]
fn fuzz_year_sections() {
    campaign(Target::Year, (DEFAULT_CASES, 1), build_in_process);
}

#[test]
fn fuzz_configs() {
    campaign(Target::Config, (DEFAULT_CASES, 1), build_in_process);
}

/// A few cases through the real binary: exit status 0 or 1 (never 101), the file named.
#[test]
fn fuzz_through_the_binary() {
    for target in Target::ALL {
        campaign(target, (BINARY_CASES, BINARY_SHARE), build_with_binary);
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read a corpus file"))
        })
        .collect();
    files.sort();
    files
}

/// Every input that once crashed or hung ideawiki, and a few nasty seeds, as each kind of
/// file, in process and through the binary.
#[test]
fn corpus_replays_as_idea_year_and_config() {
    let files = corpus();
    assert!(
        files.len() >= 5,
        "tests/corpus/ holds {} files",
        files.len()
    );
    let site = base_site();
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        assert!(
            bytes.len() <= MAX_INPUT,
            "{name} is larger than {MAX_INPUT} bytes"
        );
        for target in Target::ALL {
            for (how, result) in [
                ("in process", build_in_process(&site, target, bytes)),
                ("binary", build_with_binary(&site, target, bytes)),
            ] {
                if let Err(why) = result {
                    failures.push(format!("{name} as {} ({how}): {why}", target.name()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Nesting 10,000 levels deep in every style is an error naming the file, not a stack
/// overflow or a minute of parsing.
#[test]
fn deep_nesting_is_an_error() {
    let site = base_site();
    for target in Target::ALL {
        for style in [
            Nesting::FlowSeq,
            Nesting::FlowMap,
            Nesting::Dashes,
            Nesting::Unclosed,
        ] {
            let mut bytes = target.base().as_bytes().to_vec();
            let after_first_line = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
            let nest = nesting(style, 10_000);
            let fm = target != Target::Config;
            let at = if fm { after_first_line } else { 0 };
            // Replace the base's own `extra:` so the deep one is not a duplicate key.
            let text = String::from_utf8(bytes.clone()).unwrap();
            if let Some(i) = text.find("\nextra:") {
                bytes.truncate(i + 1);
                if fm {
                    bytes.extend_from_slice(b"---\n");
                }
            }
            bytes.splice(at..at, nest);
            let failed = build_in_process(&site, target, &bytes)
                .unwrap_or_else(|e| panic!("{style:?} as {}: {e}", target.name()));
            assert!(failed, "{style:?} as {} built", target.name());
        }
    }
}

/// Aliases that would expand a 60 KB file into hundreds of megabytes (a long text aliased
/// thousands of times: once 87 s and 240 MB for one idea) or into billions of values are
/// an error naming the file.
#[test]
fn alias_floods_and_bombs_are_refused() {
    let site = base_site();
    for target in [Target::Idea, Target::Year] {
        for bytes in [alias_flood(target, 30_000, 8_000), alias_bomb(target, 9, 9)] {
            let failed = build_in_process(&site, target, &bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", target.name()));
            assert!(failed, "{} built", target.name());
        }
    }
}
