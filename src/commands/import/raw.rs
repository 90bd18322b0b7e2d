//! What a format reader hands on: ideas as the source wrote them, with each labelled value
//! kept under its label as written, before any label is mapped to a field. Readers only
//! find ideas; [`super::mapping`] decides what the labels mean.

use std::path::Path;

use super::labels::Labels;
use crate::diag::Diagnostic;

/// What a reader needs besides the source.
pub(crate) struct ReadContext<'a> {
    pub(crate) labels: &'a Labels,
    /// The heading level of an idea in a Markdown document, when given.
    pub(crate) level: Option<u8>,
}

/// The source as text. Errors name the file and say what to do.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    /// No ideas page is this large; a larger file is some other file given by mistake.
    const MAX_BYTES: u64 = 64 << 20;
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
        return Err(Diagnostic::error("usage", "the source is larger than 64 MB")
            .in_file(path)
            .with_help("give the saved ideas page itself, or cut the part that holds the ideas into a file of its own"));
    }
    let bytes = crate::util::fsutil::read(path).map_err(|e| {
        Diagnostic::error("io", format!("cannot read the source: {e}"))
            .in_file(path)
            .with_help("give the path of a saved page or file as SOURCE")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::diag::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            e.utf8_error().valid_up_to(),
        );
        Diagnostic::error(
            "encoding",
            format!("the source is not valid UTF-8 (line {line}, column {col})"),
        )
        .in_file(path)
        .with_help("save the page as UTF-8 and import it again")
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n"))
}

/// One idea as found in the source.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawIdea {
    /// The title as plain text (markup removed).
    pub(crate) title: String,
    /// Where the idea starts: `file:line` as the user can open it.
    pub(crate) origin: String,
    /// Labelled values in source order: the label as written, the value as Markdown.
    pub(crate) fields: Vec<(String, String)>,
    /// Markdown text that had no label: the idea's description.
    pub(crate) body: String,
    /// The heading or group the idea sits under, when the source groups ideas (a
    /// `#### Project` heading above `##### Idea` ones, a wiki section above template calls).
    pub(crate) group: Option<String>,
}

/// Where a year's ideas came from, shown on the year page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Provenance {
    /// Human words: "the Xen wiki page “Archived/GSoc 2011 Ideas”", or the file's name.
    pub(crate) from: String,
    pub(crate) url: Option<String>,
    /// The revision's date, `YYYY-MM-DD`.
    pub(crate) revision: Option<String>,
    pub(crate) author: Option<String>,
}

/// Everything a reader found in one source.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawYear {
    /// The page's own title, when the source has one (a wiki page, an HTML `<title>`).
    pub(crate) title: Option<String>,
    /// Text before and around the ideas (how to apply, mentor information), as Markdown.
    pub(crate) intro: String,
    pub(crate) ideas: Vec<RawIdea>,
    pub(crate) provenance: Option<Provenance>,
}

/// Appends a Markdown block to `out`, separated from what is there by a blank line.
pub(crate) fn push_block(out: &mut String, block: &str) {
    let block = block.trim_matches('\n');
    if block.trim().is_empty() {
        return;
    }
    if !out.is_empty() {
        while !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out.push_str(block);
}

/// `text` on one line, with runs of white space made one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A list item's text without its marker (`- `, `* `, `+ `, `1. `, `1) `).
pub(crate) fn strip_bullet(line: &str) -> &str {
    let t = line.trim();
    for b in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(b) {
            return rest.trim();
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
        return t[digits + 2..].trim();
    }
    t
}

/// Markdown inline markup taken off a short text (a title, a label, a name): emphasis
/// marks and backticks dropped, `[text](url)` kept as its text.
pub(crate) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let tail = &after[close + 2..];
            tail.find(')').map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, next)) if !after[..close].contains('[') => {
                out.push_str(&after[..close]);
                rest = &after[next..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let stripped: String = out.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    let stripped = stripped.trim();
    let stripped = stripped
        .strip_prefix('_')
        .and_then(|s| s.strip_suffix('_'))
        .unwrap_or(stripped);
    one_line(stripped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_of_markup() {
        assert_eq!(
            plain("**Virtio** on [Xen](https://xenproject.org)"),
            "Virtio on Xen"
        );
        assert_eq!(plain("`zlib`  plugin\nsupport"), "zlib plugin support");
        assert_eq!(plain("a [b] c"), "a [b] c");
        assert_eq!(plain("_Idée_"), "Idée");
    }

    #[test]
    fn blocks_are_separated_by_one_blank_line() {
        let mut s = String::new();
        push_block(&mut s, "a\n");
        push_block(&mut s, "\n\nb");
        push_block(&mut s, "  ");
        assert_eq!(s, "a\n\nb");
    }
}
