//! Email addresses: found anywhere in text and shown only as the config allows.
//!
//! Ideas pages list mentors' addresses and are crawled by spammers; the seed page wrote
//! "name AT host" by hand. ideawiki does it for every field and every Markdown body.

use std::borrow::Cow;
use std::ops::Range;

use crate::site::config::EmailPolicy;

fn is_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"._%+-".contains(&c)
}

fn is_domain(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'.' || c == b'-'
}

/// Byte ranges of things that look like `user@host.tld` in `s`.
pub fn find(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find('@').map(|i| i + from) {
        let mut start = i;
        while start > 0 && is_local(b[start - 1]) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < b.len() && is_domain(b[end]) {
            end += 1;
        }
        // A sentence may end right after the address.
        while end > i + 1 && (b[end - 1] == b'.' || b[end - 1] == b'-') {
            end -= 1;
        }
        let domain = &s[i + 1..end];
        let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
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
