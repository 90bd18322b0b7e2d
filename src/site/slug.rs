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
