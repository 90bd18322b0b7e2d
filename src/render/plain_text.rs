//! Plain text for machine-readable outputs and pages' descriptions: rendered HTML back to
//! words, a short summary from a body, search words, and XML escaping.
//!
//! Working from the rendered HTML rather than re-parsing the Markdown costs one linear scan
//! and keeps what the page shows, with addresses already scrubbed per the email policy.

use std::hash::Hasher;

/// Escapes text for XML (and HTML) content and double- or single-quoted attributes.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not an XML 1.0 character (control characters other than tab and newlines,
            // U+FFFE, U+FFFF): one of them makes the whole feed unreadable.
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// XML 1.0's `Char` production. Rust strings hold no surrogates, so only the control
/// characters and the two noncharacters at the end of the first plane are left out.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Tags that sit inside a word's run of text: no space is put where they were.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "small", "span", "strong",
    "sub", "sup", "u",
];

/// The text of an HTML fragment, whitespace collapsed: tags dropped (block tags become a
/// space, so paragraphs do not run together), `<script>` and `<style>` skipped, entities
/// decoded. Stops after about `limit` bytes of text: callers want a sentence or a few
/// dozen words, and a 50 MB page must not cost a full scan per output.
pub fn html_to_text(html: &str, limit: usize) -> String {
    let mut out = String::with_capacity(html.len().min(limit.saturating_add(64)));
    let mut rest = html;
    while out.len() < limit
        && let Some(i) = rest.bytes().position(|b| b == b'<' || b == b'&')
    {
        let room = limit - out.len();
        if i > room {
            push_collapsed(&mut out, &rest[..floor_boundary(rest, room)]);
            return out.trim().to_string();
        }
        push_collapsed(&mut out, &rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let (decoded, len) = entity(rest);
            push_collapsed(&mut out, &decoded);
            rest = &rest[len..];
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[1..end.saturating_sub(1).max(1)];
        // The tag's name, lowercased on the stack: one allocation per tag was a tenth of
        // this function's cost. No tag this cares about is longer than the buffer.
        let mut buf = [0u8; 16];
        let raw = tag.trim_start_matches('/').as_bytes();
        let len = raw.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        for (d, s) in buf.iter_mut().zip(&raw[..len]) {
            *d = s.to_ascii_lowercase();
        }
        let name = if len <= buf.len() {
            std::str::from_utf8(&buf[..len]).unwrap_or_default()
        } else {
            "a-long-unknown-tag"
        };
        rest = &rest[end..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let skip = rest
                .match_indices("</")
                .map(|(k, _)| k)
                .find(|&k| {
                    rest.as_bytes()[k + 2..]
                        .get(..name.len())
                        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                })
                .unwrap_or(rest.len());
            rest = &rest[skip..];
            continue;
        }
        if !INLINE_TAGS.contains(&name) {
            push_collapsed(&mut out, " ");
        }
    }
    if out.len() < limit {
        let end = floor_boundary(rest, limit - out.len());
        push_collapsed(&mut out, &rest[..end]);
    }
    out.trim().to_string()
}

/// The largest char boundary of `s` not past `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Appends `s` with runs of whitespace as one space.
fn push_collapsed(out: &mut String, s: &str) {
    // Byte by byte, text copied in runs: splitting into words char by char made this the
    // costliest part of the search index.
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let space = match bytes[i] {
            b'\t'..=b'\r' | b' ' => 1,
            b if b < 0x80 => 0,
            _ => match s[i..].chars().next() {
                Some(c) if c.is_whitespace() => c.len_utf8(),
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => break,
            },
        };
        if space == 0 {
            i += 1;
            continue;
        }
        out.push_str(&s[start..i]);
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        i += space;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// Decodes the entity at the start of `s`; returns the text and the bytes it took. An
/// unknown entity stays as written.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s.bytes().take(12).position(|b| b == b';') else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name.strip_prefix('#').and_then(|n| {
            match n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            }
            .and_then(char::from_u32)
        }),
    };
    match c {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

/// Longest summary taken from a body, in characters.
const SUMMARY_CHARS: usize = 200;

/// The first sentence of plain text, cut at a word boundary (with `…`) if long; `None`
/// for empty text.
pub fn first_sentence(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
        })
        .map_or(text.len(), |(i, _)| i + 1);
    let sentence = &text[..end];
    if sentence.chars().count() <= SUMMARY_CHARS {
        return Some(sentence.to_string());
    }
    let cut: String = sentence.chars().take(SUMMARY_CHARS).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    Some(format!("{}…", cut[..at].trim_end_matches([',', ';', ':'])))
}

/// Whether `word` (lowercase) is one of the common English words left out of body text:
/// every page has them, so they find nothing and would only make the index bigger. A
/// `match`, which compiles to a switch on the length and a few comparisons: looking every
/// word of every page up in a sorted list cost 3.5 % of a build.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "can"
            | "do"
            | "for"
            | "from"
            | "has"
            | "have"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "may"
            | "more"
            | "not"
            | "of"
            | "on"
            | "or"
            | "so"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "to"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "which"
            | "will"
            | "with"
            | "would"
            | "you"
            | "your"
    )
}

/// The words of a text, as written: runs of letters and digits, keeping a `+` or `#` that
/// directly follows (`c++`, `c#`), so programming languages stay findable.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = find_alphanumeric(rest, true)?;
        rest = &rest[start..];
        let mut end = find_alphanumeric(rest, false).unwrap_or(rest.len());
        end += rest[end..]
            .bytes()
            .take(2)
            .take_while(|b| *b == b'+' || *b == b'#')
            .count();
        let (word, after) = rest.split_at(end);
        rest = after;
        Some(word)
    })
}

/// Where the first char that is (`want`) or is not alphanumeric is in `s`: ASCII a byte at
/// a time, the rest decoded.
fn find_alphanumeric(s: &str, want: bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (is, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = s[i..].chars().next()?;
            (c.is_alphanumeric(), c.len_utf8())
        };
        if is == want {
            return Some(i);
        }
        i += len;
    }
    None
}

/// FNV-1a: the words of one page are short and many, and SipHash's protection against
/// crafted keys buys nothing for a set that lives for one page.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

/// Unique lowercase search words in the order first seen.
#[derive(Default)]
pub struct Words {
    /// Where each word is in `list` (start, length), by its hash: a set of the words
    /// without a copy of each (allocating one per new word was 5 % of a full build).
    seen: hashbrown::HashTable<(u32, u32)>,
    list: String,
    /// The word being looked at, lowercased: reused so known words cost no allocation.
    buf: String,
}

impl Words {
    /// Adds every word of a field (title, skills, names): short words count here, since a
    /// skill may be one letter (`C`).
    pub fn field(&mut self, text: &str) {
        for w in tokens(text) {
            self.lower(w);
            self.push_lowered();
        }
    }

    /// Adds up to `max` new words of body text, leaving out one-letter words and, for an
    /// English site, the commonest words.
    pub fn body(&mut self, text: &str, max: usize, english: bool) {
        let mut added = 0;
        for w in tokens(text) {
            if added == max {
                break;
            }
            if w.chars().nth(1).is_none() {
                continue;
            }
            self.lower(w);
            if english && is_stop_word(&self.buf) {
                continue;
            }
            if self.push_lowered() {
                added += 1;
            }
        }
    }

    fn lower(&mut self, word: &str) {
        self.buf.clear();
        if word.is_ascii() {
            self.buf.push_str(word);
            self.buf.make_ascii_lowercase();
        } else {
            self.buf.extend(word.chars().flat_map(char::to_lowercase));
        }
    }

    /// Adds the word in `buf` if it is new; returns whether it was.
    fn push_lowered(&mut self) -> bool {
        fn word(list: &str, (start, len): (u32, u32)) -> &str {
            list.get(start as usize..(start + len) as usize)
                .unwrap_or_default()
        }
        let hash = fnv(self.buf.as_bytes());
        let list = self.list.as_str();
        if self
            .seen
            .find(hash, |&at| word(list, at) == self.buf)
            .is_some()
        {
            return false;
        }
        if !self.list.is_empty() {
            self.list.push(' ');
        }
        let at = (self.list.len() as u32, self.buf.len() as u32);
        self.list.push_str(&self.buf);
        let list = self.list.as_str();
        self.seen
            .insert_unique(hash, at, |&at| fnv(word(list, at).as_bytes()));
        true
    }

    /// The words joined by spaces.
    pub fn into_joined(self) -> String {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        let html = "<h2 id=\"goals\">Goals</h2>\n<p>Use <code>make</code> &amp; <em>QEMU</em>&#39;s \
                    tests.</p><script>var x = 1 < 2;</script><ul><li>one</li><li>two</li></ul>";
        assert_eq!(
            html_to_text(html, 1000),
            "Goals Use make & QEMU's tests. one two"
        );
        assert_eq!(
            html_to_text("<p>one two three</p><p>four</p>", 7),
            "one two"
        );
    }

    #[test]
    fn first_sentence_stops_at_the_full_stop() {
        assert_eq!(
            first_sentence("Port Xen 4.1 to ARM. Then test it.").as_deref(),
            Some("Port Xen 4.1 to ARM.")
        );
        let long = "word ".repeat(100);
        let s = first_sentence(&long).unwrap();
        assert!(
            s.ends_with("word…") && s.chars().count() <= SUMMARY_CHARS + 1,
            "{s}"
        );
        assert_eq!(first_sentence("  "), None);
    }

    #[test]
    fn whitespace_collapses_as_splitting_on_it_did() {
        fn by_split(out: &mut String, s: &str) {
            for (n, part) in s.split(char::is_whitespace).enumerate() {
                if n > 0 && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(part);
            }
        }
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a  b\t\nc",
            "\u{a0}x\u{2003}\u{2003}y",
            "é è",
            "x\u{b}y\u{c}",
            "  lead",
            "trail  ",
            "日本 語",
            "a\r\n\r\nb",
        ] {
            for before in ["", "x", "x "] {
                let (mut a, mut b) = (before.to_string(), before.to_string());
                push_collapsed(&mut a, s);
                by_split(&mut b, s);
                assert_eq!(a, b, "{before:?} + {s:?}");
            }
        }
    }

    #[test]
    fn tokens_keep_cplusplus_and_csharp() {
        let t: Vec<&str> = tokens("C++, C# and x86_64 Café; OCaml!").collect();
        assert_eq!(t, ["C++", "C#", "and", "x86", "64", "Café", "OCaml"]);
    }

    #[test]
    fn stop_words_are_left_out_of_english_bodies_only() {
        assert!(is_stop_word("the") && is_stop_word("your") && !is_stop_word("rust"));
        let mut w = Words::default();
        w.body("the compiler", 5, false);
        w.body("the linker", 5, true);
        assert_eq!(w.into_joined(), "the compiler linker");
    }

    #[test]
    fn words_are_unique_and_body_words_capped() {
        let mut w = Words::default();
        w.field("C and Rust");
        w.body("the rust compiler and a borrow checker checker", 2, true);
        w.field("CAFÉ Café");
        assert_eq!(w.into_joined(), "c and rust compiler borrow café");
    }

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml("a<b> & \"c\" 'd'\u{1}"),
            "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;"
        );
    }
}
