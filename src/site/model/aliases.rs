//! Aliases: old addresses of a page, each answered by a tiny redirect page.
//!
//! `aliases: [/wiki/GSoC_2011/, old-name.html]` in any page's front matter writes
//! `wiki/GSoC_2011/index.html` and `old-name.html`, each sending the reader on to the page
//! (meta refresh, a canonical link for search engines, and a plain link for everyone
//! else). An alias is a path on this site, relative to `base_url` like every link written
//! from the root; it can never name a file outside the output folder.
//!
//! The model checks them (see [`collect`]) and keeps them, so a bad or clashing alias
//! fails the build and `check` with the file and line of the alias.

use rustc_hash::FxHashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{self, Diagnostic};
use crate::site::model::claims::{Claim, Claims};
use crate::site::model::pages::{PageRef, Pages};

/// One redirect to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The old address without the site root, as normalised: `wiki/Old_Page/`, `old.html`.
    pub from: String,
    /// Where the redirect page is written, relative to the output folder.
    pub output: String,
    /// The page it leads to.
    pub target: PageRef,
}

/// A page's aliases as written, with the file they are written in.
struct Written<'a> {
    page: PageRef,
    aliases: &'a [String],
    shown: PathBuf,
    text: &'a Arc<str>,
}

fn sources(site: Pages<'_>) -> Vec<Written<'_>> {
    let mut v = Vec::new();
    if let Some(h) = &site.home {
        push(&mut v, PageRef::Home, &h.fm.aliases, h);
    }
    for (i, p) in site.programs.iter().enumerate() {
        if let Some(d) = &p.doc {
            push(&mut v, PageRef::Program(i), &d.fm.aliases, d);
        }
    }
    for (i, y) in site.years.iter().enumerate() {
        push(&mut v, PageRef::Year(i), &y.doc.fm.aliases, &y.doc);
    }
    for (i, idea) in site.ideas.iter().enumerate() {
        push(&mut v, PageRef::Idea(i), &idea.doc.fm.aliases, &idea.doc);
    }
    for (i, p) in site.pages.iter().enumerate() {
        push(&mut v, PageRef::Page(i), &p.doc.fm.aliases, &p.doc);
    }
    v.sort_by(|a, b| a.shown.cmp(&b.shown));
    v
}

/// Adds a page's aliases to `v`, if it has any: most pages have none, and making the path
/// of each of them cost more than the rest of the check.
fn push<'a, F>(
    v: &mut Vec<Written<'a>>,
    page: PageRef,
    aliases: &'a [String],
    d: &'a crate::site::parse::Doc<F>,
) {
    if !aliases.is_empty() {
        v.push(source(page, aliases, d));
    }
}

fn source<'a, F>(
    page: PageRef,
    aliases: &'a [String],
    d: &'a crate::site::parse::Doc<F>,
) -> Written<'a> {
    Written {
        page,
        aliases,
        shown: d.shown(),
        text: &d.source,
    }
}

/// Checks an alias as written and gives its normalised form and output file.
fn normalise(raw: &str) -> Result<(String, String), (String, &'static str)> {
    let path_help = "write a path on this site, such as `/gsoc/2011/old-name/` or `old-page.html`";
    let s = raw.trim();
    let scheme = s.split_once(':').is_some_and(|(before, _)| {
        before.starts_with(|c: char| c.is_ascii_alphabetic())
            && before
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if s.is_empty() {
        return Err(("it is empty".into(), "remove the empty entry"));
    }
    if scheme || s.starts_with("//") {
        return Err((
            "it is a full URL; an alias is a path on this site".into(),
            path_help,
        ));
    }
    let path = s.trim_start_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (n, seg) in segments.iter().enumerate() {
        if *seg == ".." || *seg == "." {
            return Err((
                "it has a `.` or `..` segment, which would lead outside the site".into(),
                path_help,
            ));
        }
        if seg.is_empty() && n != last && !path.is_empty() {
            return Err(("it has an empty segment (`//`)".into(), path_help));
        }
        if seg.len() > crate::site::slug::MAX_NAME {
            return Err((
                format!(
                    "it has a segment longer than {} bytes, more than a file name can hold",
                    crate::site::slug::MAX_NAME
                ),
                path_help,
            ));
        }
        if let Some(c) = seg
            .chars()
            .find(|&c| !(c.is_alphanumeric() || "-_.~+,()!".contains(c)))
        {
            let help = if c == ' ' {
                "write `_` or `-` instead of spaces, as the old address did"
            } else {
                "use letters, digits and `-`, `_`, `.`, `~`, `+`, `,`, `(`, `)`, `!` in an alias"
            };
            return Err((
                format!("it contains `{c}`, which cannot be part of a file name"),
                help,
            ));
        }
    }
    let is_file = !path.ends_with('/') && (path.ends_with(".html") || path.ends_with(".htm"));
    if is_file {
        Ok((path.to_string(), path.to_string()))
    } else if path.is_empty() {
        Ok((String::new(), "index.html".into()))
    } else {
        let dir = path.trim_end_matches('/');
        Ok((format!("{dir}/"), format!("{dir}/index.html")))
    }
}

/// Where an alias is written in its file: the entry itself if found after `aliases:`,
/// else the key.
fn location(text: &str, raw: &str) -> Option<diag::Location> {
    let key = crate::site::yaml_diag::find_key(text, "aliases")?;
    let after = &text[key.end..];
    let front_matter_end = after.find("\n---").map_or(after.len(), |i| i + 1);
    let span = match after[..front_matter_end].find(raw.trim()) {
        Some(i) if !raw.trim().is_empty() => {
            let start = key.end + i;
            start..start + raw.trim().len()
        }
        _ => key,
    };
    Some(diag::location(text, span))
}

/// Every alias of the site, and a diagnostic for each one that is malformed or takes an
/// address something else already has in `claims` (a page, a generated, static or asset
/// file, or another alias). Output paths are compared ignoring case: on macOS and
/// Windows, `Old/` and `old/` are one folder, and the build must write the same files
/// everywhere.
pub fn collect(site: Pages<'_>, claims: &mut Claims) -> (Vec<Alias>, Vec<Diagnostic>) {
    let sources = sources(site);
    if sources.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut aliases = Vec::new();
    let mut diags = Vec::new();
    for src in &sources {
        for raw in src.aliases {
            match claim_alias(site, src, raw, claims) {
                Ok(alias) => aliases.push(alias),
                Err(d) => diags.push(d),
            }
        }
    }
    drop_files_over_folders(claims, &mut aliases, &mut diags);
    (aliases, diags)
}

/// One alias as written in `src`, checked and claimed, or the diagnostic that says why it
/// cannot be used.
fn claim_alias(
    site: Pages<'_>,
    src: &Written<'_>,
    raw: &str,
    claims: &mut Claims,
) -> Result<Alias, Diagnostic> {
    let loc = location(src.text, raw);
    let at = |d: Diagnostic| {
        let d = d.in_file(&src.shown).with_source(src.text.clone());
        match &loc {
            Some(l) => d.at(l.clone()),
            None => d,
        }
    };
    let (from, output) = normalise(raw).map_err(|(why, help)| {
        at(Diagnostic::error(
            "bad-alias",
            format!("the alias `{raw}` cannot be used: {why}"),
        )
        .with_help(help))
    })?;
    let here = match &loc {
        Some(l) => format!("{}:{}", src.shown.display(), l.line),
        None => src.shown.display().to_string(),
    };
    let key = output.to_lowercase();
    let folder_clash = key
        .match_indices('/')
        .map(|(i, _)| &key[..i])
        .find_map(|dir| claims.get(dir).map(|c| (dir.to_string(), c)));
    let clash = claims
        .get(&key)
        .map(|c| (None, c))
        .or(folder_clash.map(|(d, c)| (Some(d), c)));
    if let Some((folder, other)) = clash {
        let alias = matches!(other, Claim::Alias(_));
        let by = other.describe(site);
        let message = match (folder, alias) {
            (Some(dir), _) => {
                format!("the alias `/{from}` needs a folder `{dir}`, but {by} is written there")
            }
            (None, true) => format!("the alias `/{from}` is claimed twice: by {by} and by {here}"),
            (None, false) => format!("the alias `/{from}` is the address of {by}"),
        };
        let help = if alias {
            "an old address can lead to one page only: remove one of the two aliases"
        } else {
            "an alias is an old address that no longer has a page; remove it, or pick the old address the page really had"
        };
        return Err(at(Diagnostic::error("alias-clash", message).with_help(help)));
    }
    claims.insert(key, Claim::Alias(here));
    Ok(Alias {
        from,
        output,
        target: src.page,
    })
}

/// Drops each file alias (`old.html`) where some other output needs a folder of that name.
fn drop_files_over_folders(claims: &Claims, aliases: &mut Vec<Alias>, diags: &mut Vec<Diagnostic>) {
    let folders: FxHashSet<&str> = claims
        .keys()
        .flat_map(|k| k.match_indices('/').map(move |(i, _)| &k[..i]))
        .collect();
    aliases.retain(|a| {
        let clash = folders.contains(a.output.to_lowercase().as_str());
        if clash {
            diags.push(
                Diagnostic::error(
                    "alias-clash",
                    format!(
                        "the alias `/{}` would be a file where other pages need a folder `{}`",
                        a.from, a.output
                    ),
                )
                .with_help("give the alias a `/` at the end, or remove it"),
            );
        }
        !clash
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_folders_or_html_files() {
        assert_eq!(
            normalise("/wiki/GSoC_2011/").unwrap(),
            ("wiki/GSoC_2011/".into(), "wiki/GSoC_2011/index.html".into())
        );
        assert_eq!(
            normalise("old").unwrap(),
            ("old/".into(), "old/index.html".into())
        );
        assert_eq!(
            normalise("/archive/old.html").unwrap(),
            ("archive/old.html".into(), "archive/old.html".into())
        );
    }

    #[test]
    fn aliases_that_leave_the_site_are_refused() {
        for bad in [
            "../etc/",
            "a/../../b",
            "https://example.org/x/",
            "//example.org/x",
            "mailto:x",
            "a//b",
            "a b",
            "a?b",
            "a\\b",
            "",
        ] {
            assert!(normalise(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_segment_too_long_for_a_file_name_is_refused() {
        let max = crate::site::slug::MAX_NAME;
        assert!(normalise(&format!("/old/{}/", "a".repeat(max))).is_ok());
        let (why, _) = normalise(&format!("/old/{}/", "a".repeat(max + 1))).unwrap_err();
        assert!(why.contains("longer than"), "{why}");
    }

    #[test]
    fn the_location_is_the_entry_itself() {
        let text = "---\ntitle: T\naliases:\n  - /old/\n  - /older/\n---\n";
        let l = location(text, "/older/").unwrap();
        assert_eq!((l.line, l.column), (5, 5));
    }
}
