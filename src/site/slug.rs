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

/// A file name for an idea titled `title`: [`slugify`] after folding accented
/// Latin letters to ASCII (`Café` → `cafe`), since slugs may only use `[a-z0-9._-]`. Long
/// titles are cut at a word boundary so URLs stay readable. `None` when nothing is left
/// (a title in a non-Latin script): the user then passes `--slug`.
pub(crate) fn slug_for_title(title: &str) -> Option<String> {
    const MAX: usize = 60;
    let mut folded = String::with_capacity(title.len());
    for c in title.chars() {
        match fold_to_ascii(c) {
            Some(ascii) => folded.push_str(ascii),
            None => folded.push(c),
        }
    }
    let mut slug = String::new();
    for c in slugify(&folded).chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(c);
    }
    while slug.len() > MAX {
        match slug[..MAX].rfind('-') {
            Some(i) if i > 0 => slug.truncate(i),
            _ => slug.truncate(MAX),
        }
    }
    let slug = slug.trim_matches('-').to_string();
    slug_problem(&slug).is_none().then_some(slug)
}

/// The ASCII spelling of an accented Latin letter; `None` for anything else.
fn fold_to_ascii(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ő' => {
            "o"
        }
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    })
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
        assert_eq!(
            slug_for_title("Ports to 日本語 input").as_deref(),
            Some("ports-to-input")
        );
        assert_eq!(slug_for_title("日本語"), None);
        assert_eq!(slug_for_title("!!!"), None);
        let long = slug_for_title(&"word ".repeat(30)).unwrap_or_default();
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }
}
