//! Email addresses: found anywhere in text and shown only as the config allows.
//!
//! Ideas pages list mentors' addresses and are crawled by spammers; the seed page wrote
//! "name AT host" by hand. ideawiki does it for every field and every Markdown body.

use std::borrow::Cow;
use std::ops::Range;

use crate::site::config::EmailPolicy;

/// A character of an address's local part: letters and digits of any script (RFC 6531
/// allows UTF-8 local parts) and the punctuation addresses really use.
fn is_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-".contains(c)
}

/// A character of a domain: letters and digits of any script (`exämple.org`), or the
/// ASCII of its punycode form (`xn--exmple-cua.org`).
fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// A top-level domain: letters (of any script), or punycode (`xn--p1ai`).
fn is_tld(tld: &str) -> bool {
    let letters = tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic);
    let punycode = tld.len() > 4
        && tld[..4].eq_ignore_ascii_case("xn--")
        && tld.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
    letters || punycode
}

/// Byte ranges of things that look like `user@host.tld` in `s`.
pub fn find(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find('@').map(|i| i + from) {
        let start = s[..i]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local(c))
            .last()
            .map_or(i, |(j, _)| j);
        let mut end = s[i + 1..]
            .char_indices()
            .find(|&(_, c)| !is_domain(c))
            .map_or(s.len(), |(j, _)| i + 1 + j);
        // A sentence may end right after the address.
        while end > i + 1 && (s[..end].ends_with('.') || s[..end].ends_with('-')) {
            end -= 1;
        }
        let domain = &s[i + 1..end];
        let tld_ok = domain
            .rsplit_once('.')
            .is_some_and(|(host, tld)| !host.is_empty() && is_tld(tld));
        if start < i && tld_ok && out.last().is_none_or(|r: &Range<usize>| r.end <= start) {
            out.push(start..end);
            from = end;
        } else {
            from = i + 1;
        }
    }
    out
}

/// `jane.doe@example.org` → `jane.doe AT example DOT org`.
pub fn obfuscate(addr: &str) -> String {
    match addr.split_once('@') {
        Some((user, host)) => format!("{user} AT {}", host.replace('.', " DOT ")),
        None => addr.to_string(),
    }
}

/// How an address is displayed under `policy`; `None` when it must not appear at all.
pub fn display(addr: &str, policy: EmailPolicy) -> Option<String> {
    match policy {
        EmailPolicy::Hide => None,
        EmailPolicy::Obfuscate => Some(obfuscate(addr)),
        EmailPolicy::Plain => Some(addr.to_string()),
    }
}

/// Rewrites every address in free text according to `policy`.
pub fn scrub(text: &str, policy: EmailPolicy) -> Cow<'_, str> {
    if policy == EmailPolicy::Plain || !text.contains('@') {
        return Cow::Borrowed(text);
    }
    let found = find(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for r in found {
        out.push_str(&text[last..r.start]);
        match policy {
            EmailPolicy::Hide => out.push_str("[email hidden]"),
            _ => out.push_str(&obfuscate(&text[r.clone()])),
        }
        last = r.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// Whether a URL may be shown under `policy`: one that holds an address, even
/// percent-encoded (`…/u/jane%40example.org`), is left out unless addresses may be shown,
/// since rewriting it would only make a broken link.
pub fn url_shown(url: &str, policy: EmailPolicy) -> bool {
    if policy == EmailPolicy::Plain {
        return true;
    }
    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    find(&decoded).is_empty()
}

/// Elements whose text runs on into the next one's: an address split by `<em>` or
/// `<code>` still reads as one address.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
];

/// Rewrites every address a reader of `html` would see, as [`scrub`] does for plain text,
/// after what Markdown and HTML allow to hide one: an entity for the `@` or a dot
/// (`&#64;`), emphasis around a part (`<em>jane</em>@example.org`), and attribute values
/// (a link's or image's title, an `alt`). Text inside one element stays in it; the
/// rewritten address takes the place of its first character.
pub fn scrub_html(html: &str, policy: EmailPolicy) -> Cow<'_, str> {
    if policy == EmailPolicy::Plain || !may_hold_address(html) {
        return Cow::Borrowed(html);
    }
    let pieces = pieces(html);
    let (visible, origin) = visible_text(html, &pieces);
    let mut edits = Edits::default();
    for r in find(&visible) {
        let replacement = match policy {
            EmailPolicy::Hide => "[email hidden]".to_string(),
            _ => obfuscate(&visible[r.clone()]),
        };
        edits
            .insert
            .push((origin[r.start].start, escape_text(&replacement)));
        edits
            .skip
            .extend(origin[r].iter().filter(|o| !o.is_empty()).cloned());
    }
    Cow::Owned(apply(html, &pieces, &edits, policy))
}

/// What the reader of `html` sees, and for each of its bytes the bytes of `html` it comes
/// from; an element that is not inline reads as a space (`0..0`, from nowhere).
fn visible_text(html: &str, pieces: &[Piece]) -> (String, Vec<Range<usize>>) {
    let mut visible = String::new();
    let mut origin: Vec<Range<usize>> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(range) => {
                for (text, from) in decoded(&html[range.clone()], range.start) {
                    visible.push_str(&text);
                    origin.extend(std::iter::repeat_n(from.clone(), text.len()));
                }
            }
            Piece::Tag { inline: false, .. } => {
                visible.push(' ');
                origin.push(0..0);
            }
            Piece::Tag { .. } => {}
        }
    }
    (visible, origin)
}

/// Where the text of `html` changes: ranges to leave out, and text to put in at a byte.
#[derive(Default)]
struct Edits {
    skip: Vec<Range<usize>>,
    insert: Vec<(usize, String)>,
}

/// `html` with `edits` made in its text and every tag's attributes scrubbed.
fn apply(html: &str, pieces: &[Piece], edits: &Edits, policy: EmailPolicy) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut last = 0;
    let mut next_insert = edits.insert.iter().peekable();
    for piece in pieces {
        let range = piece.range();
        out.push_str(&html[last..range.start]);
        last = range.end;
        if let Piece::Tag { .. } = piece {
            out.push_str(&scrub_attributes(&html[range], policy));
            continue;
        }
        let mut at = range.start;
        while at < range.end {
            if let Some((pos, text)) = next_insert.peek()
                && *pos == at
            {
                out.push_str(text);
                next_insert.next();
            }
            match edits.skip.iter().find(|s| s.start == at) {
                Some(s) => at = s.end,
                None => {
                    let len = html[at..].chars().next().map_or(1, char::len_utf8);
                    out.push_str(&html[at..at + len]);
                    at += len;
                }
            }
        }
    }
    out.push_str(&html[last..]);
    out
}

/// Cheap test that `html` could hold an address at all: an `@`, or an entity for one.
fn may_hold_address(html: &str) -> bool {
    // Runs for every body: no lowercased copy. `&#` covers every numeric entity (`&#64;`,
    // `&#x40;`, `&#X40;`, `&#0064;`); named entities are case-sensitive.
    html.contains('@') || html.contains("&#") || html.contains("&commat;")
}

enum Piece {
    Text(Range<usize>),
    Tag { range: Range<usize>, inline: bool },
}

impl Piece {
    fn range(&self) -> Range<usize> {
        match self {
            Piece::Text(r) | Piece::Tag { range: r, .. } => r.clone(),
        }
    }
}

/// `html` cut into tags (and comments) and the text between them.
fn pieces(html: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < html.len() {
        let Some(lt) = html[at..].find('<').map(|i| at + i) else {
            out.push(Piece::Text(at..html.len()));
            break;
        };
        if lt > at {
            out.push(Piece::Text(at..lt));
        }
        let end = if html[lt..].starts_with("<!--") {
            html[lt..].find("-->").map_or(html.len(), |i| lt + i + 3)
        } else {
            tag_end(html, lt)
        };
        let name: String = html[lt + 1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        out.push(Piece::Tag {
            range: lt..end,
            inline: INLINE_TAGS.contains(&name.as_str()),
        });
        at = end;
    }
    out
}

/// The end of the tag starting at `lt` (after its `>`), quotes respected.
fn tag_end(html: &str, lt: usize) -> usize {
    let rest = &html[lt..];
    match crate::site::sanitize::tag_end(rest) {
        end if end < rest.len() => lt + end + 1,
        _ => html.len(),
    }
}

/// The text of an HTML text run as characters read, each with its bytes in the run
/// (offset by `base`): an entity is one character spanning the whole entity.
fn decoded(run: &str, base: usize) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < run.len() {
        if run[i..].starts_with('&')
            && let Some(semi) = run[i..].find(';').filter(|&s| s <= 10)
            && let Some(c) = entity(&run[i + 1..i + semi])
        {
            out.push((c.to_string(), base + i..base + i + semi + 1));
            i += semi + 1;
            continue;
        }
        let c = run[i..].chars().next().unwrap_or(' ');
        out.push((c.to_string(), base + i..base + i + c.len_utf8()));
        i += c.len_utf8();
    }
    out
}

/// The character an entity name (without `&` and `;`) stands for, where it matters here.
fn entity(name: &str) -> Option<char> {
    let lower = name.to_ascii_lowercase();
    let code = if let Some(hex) = lower.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = lower.strip_prefix('#') {
        dec.parse().ok()
    } else {
        return match name {
            "commat" => Some('@'),
            "period" => Some('.'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => None,
        };
    };
    code.and_then(char::from_u32)
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A tag with every quoted attribute value holding an address rewritten.
fn scrub_attributes(tag: &str, policy: EmailPolicy) -> Cow<'_, str> {
    if !may_hold_address(tag) || tag.starts_with("<!--") {
        return Cow::Borrowed(tag);
    }
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(q) = rest.find(['"', '\'']) {
        let quote = &rest[q..q + 1];
        let Some(close) = rest[q + 1..].find(quote).map(|c| q + 1 + c) else {
            break;
        };
        out.push_str(&rest[..=q]);
        let value = &rest[q + 1..close];
        let text: String = decoded(value, 0).into_iter().map(|(c, _)| c).collect();
        match scrub(&text, policy) {
            Cow::Owned(s) => out.push_str(&escape_text(&s).replace('"', "&quot;")),
            Cow::Borrowed(_) => out.push_str(value),
        }
        out.push_str(quote);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_addresses_in_prose() {
        let s = "Mail jane.doe@example.org. Or bob+gsoc@lists.example.co.uk, not @handle or a@b.";
        let found: Vec<&str> = find(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            found,
            ["jane.doe@example.org", "bob+gsoc@lists.example.co.uk"]
        );
    }

    #[test]
    fn finds_non_ascii_and_punycode_addresses() {
        let s = "José at josé@exämple.org, or ivan@xn--80ak6aa92e.xn--p1ai, or дом@пример.рф.";
        let found: Vec<&str> = find(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            found,
            [
                "josé@exämple.org",
                "ivan@xn--80ak6aa92e.xn--p1ai",
                "дом@пример.рф"
            ]
        );
    }

    #[test]
    fn addresses_hidden_by_markup_are_found_as_readers_see_them() {
        let cases = [
            "<p>Mail <em>jane</em>@example.org now</p>",
            "<p>jane&#64;example.org</p>",
            "<p>jane&#x40;example&#46;org</p>",
            "<p>jane&commat;example.org</p>",
            "<p><strong>jane@</strong><code>example.org</code></p>",
            "<p><a href=\"/x/\" title=\"jane@example.org\">x</a></p>",
            "<p><img src=\"a.png\" alt=\"jane&#64;example.org\"></p>",
        ];
        for html in cases {
            let out = scrub_html(html, EmailPolicy::Obfuscate);
            let reads: String = decoded(&out, 0).into_iter().map(|(c, _)| c).collect();
            assert!(!reads.contains('@'), "{html} → {out}");
            assert!(out.contains("jane AT example DOT org"), "{html} → {out}");
        }
        // Elements stay balanced, and blocks do not run together.
        assert_eq!(
            scrub_html(
                "<p>Mail <em>jane</em>@example.org now</p>",
                EmailPolicy::Hide
            ),
            "<p>Mail <em>[email hidden]</em> now</p>"
        );
        assert_eq!(
            scrub_html("<li>a@b</li><li>c.org</li>", EmailPolicy::Obfuscate),
            "<li>a@b</li><li>c.org</li>"
        );
        assert_eq!(
            scrub_html("<p>no address</p>", EmailPolicy::Obfuscate),
            "<p>no address</p>"
        );
    }

    #[test]
    fn urls_holding_addresses_are_not_shown() {
        assert!(!url_shown(
            "https://x.org/u/jane%40example.org",
            EmailPolicy::Obfuscate
        ));
        assert!(!url_shown(
            "https://x.org/~jane@example.org/",
            EmailPolicy::Hide
        ));
        assert!(url_shown(
            "https://x.org/~jane@example.org/",
            EmailPolicy::Plain
        ));
        assert!(url_shown("https://x.org/@jane", EmailPolicy::Obfuscate));
    }

    #[test]
    fn scrub_follows_policy() {
        let s = "write to jane@example.org";
        assert_eq!(
            scrub(s, EmailPolicy::Obfuscate),
            "write to jane AT example DOT org"
        );
        assert_eq!(scrub(s, EmailPolicy::Hide), "write to [email hidden]");
        assert_eq!(scrub(s, EmailPolicy::Plain), s);
    }
}
