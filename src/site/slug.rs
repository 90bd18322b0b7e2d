//! Slugs: the URL segments made from names, and the rule every segment must follow.

/// A slug may only use `[a-z0-9._-]` and may not be `.`/`..`-like, so it can never
/// name a path outside its folder.
pub fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("it is empty")
    } else if slug.contains('/') || slug.contains('\\') {
        Some("it contains a path separator")
    } else if slug.starts_with('.') || slug.contains("..") {
        Some("it starts with `.` or contains `..`")
    } else if !slug
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"-_.".contains(&c))
    {
        Some("it may only use lowercase letters, digits, `-`, `_` and `.`")
    } else {
        None
    }
}

/// Letters and digits (any script, lowercased) joined by `-`: the id readers link to for
/// a heading. Not ASCII-only: a heading in Greek keeps a readable anchor.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_slugs_are_refused() {
        for s in ["../../etc", "a/b", "UP", ".hidden", ""] {
            assert!(slug_problem(s).is_some(), "{s}");
        }
        assert!(slug_problem("virtio-on-xen_2.0").is_none());
    }
}
