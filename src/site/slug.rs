//! Slugs: the URL segments made from names, and the rule every segment must follow.

/// The longest slug or URL segment that becomes a file or folder name, in bytes. File
/// systems take 255 bytes (Linux, macOS) or 255 UTF-16 units (Windows); this leaves room.
pub const MAX_NAME: usize = 200;

/// A slug may only use `[a-z0-9._-]` and may not be `.`/`..`-like, so it can never
/// name a path outside its folder, and is at most [`MAX_NAME`] long, so it can be written.
pub fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("it is empty")
    } else if slug.len() > MAX_NAME {
        Some("it is longer than 200 characters")
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

/// A URL segment for a name: transliterated to ASCII (`José` → `jose`, `Идея` →
/// `ideia`, as Zola does), lowercase letters and digits joined by `-`. Every URL made from
/// a name (an idea's or page's file name, a mentor, a skill, a project) is made here, so
/// they all read alike. Empty when nothing is left (a name of punctuation only).
pub(crate) fn url_slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// `slug` cut to at most [`MAX_NAME`] bytes, so that a slug made from a long value (a
/// skill pasted with its explanation) is still a name a file system takes. A cut slug
/// ends with a hash of the whole, so two long values that start alike stay apart.
pub fn fit_name(slug: String) -> String {
    if slug.len() <= MAX_NAME {
        return slug;
    }
    // FNV-1a: stable across versions and platforms, as URLs must be.
    let hash = slug.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut cut = MAX_NAME - 17;
    while !slug.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash:016x}", slug[..cut].trim_end_matches('-'))
}

/// A file name for an idea titled `title`: its [`url_slug`], cut at a word boundary so
/// URLs stay readable. `None` when nothing is left; the user then passes `--slug`.
pub(crate) fn slug_for_title(title: &str) -> Option<String> {
    const MAX: usize = 60;
    let mut slug = url_slug(title);
    while slug.len() > MAX {
        match slug[..MAX].rfind('-') {
            Some(i) if i > 0 => slug.truncate(i),
            _ => slug.truncate(MAX),
        }
    }
    let slug = slug.trim_matches('-').to_string();
    slug_problem(&slug).is_none().then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ascii_url_segments() {
        assert_eq!(url_slug("José Guilherme Vanz"), "jose-guilherme-vanz");
        assert_eq!(url_slug("Idée spéciale"), "idee-speciale");
        assert_eq!(url_slug("Améliorer l'éditeur"), "ameliorer-l-editeur");
        assert_eq!(url_slug("Straße"), "strasse");
        assert_eq!(url_slug("  Linux kernel!! "), "linux-kernel");
        assert!(!url_slug("Идея").is_empty());
        assert_eq!(url_slug("!!!"), "");
    }

    #[test]
    fn bad_slugs_are_refused() {
        for s in ["../../etc", "a/b", "UP", ".hidden", ""] {
            assert!(slug_problem(s).is_some(), "{s}");
        }
        assert!(slug_problem("virtio-on-xen_2.0").is_none());
        assert!(slug_problem(&"a".repeat(MAX_NAME)).is_none());
        let why = slug_problem(&"a".repeat(MAX_NAME + 1)).unwrap_or_default();
        assert!(why.contains(&MAX_NAME.to_string()), "{why}");
    }

    #[test]
    fn long_slugs_are_cut_and_stay_apart() {
        assert_eq!(fit_name("c-plus-plus".into()), "c-plus-plus");
        let a = fit_name(format!("{}-a", "x".repeat(300)));
        let b = fit_name(format!("{}-b", "x".repeat(300)));
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME, "{a}");
        assert_ne!(a, b);
        let greek = fit_name("λ".repeat(300));
        assert!(greek.len() <= MAX_NAME && greek.starts_with('λ'), "{greek}");
    }

    #[test]
    fn slugs_from_titles_are_valid_file_names() {
        assert_eq!(
            slug_for_title("Virtio on Xen").as_deref(),
            Some("virtio-on-xen")
        );
        assert_eq!(
            slug_for_title("Café: über-fast I/O").as_deref(),
            Some("cafe-uber-fast-i-o")
        );
        // Any script is transliterated, as for every other URL made from a name.
        assert_eq!(
            slug_for_title("Ports to 日本語 input").as_deref(),
            Some("ports-to-ri-ben-yu-input")
        );
        assert_eq!(slug_for_title("日本語").as_deref(), Some("ri-ben-yu"));
        assert_eq!(slug_for_title("!!!"), None);
        let long = slug_for_title(&"word ".repeat(30)).unwrap_or_default();
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }
}
