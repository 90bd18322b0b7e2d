//! Mentors as ideas pages write them: several to a line, joined by commas, "and",
//! "AND/OR" or "possibly with support from", each with an address or GitHub handle next
//! to the name in whatever form the page chose (`name AT host`, `a DOT b AT host DOT org`,
//! `<a@b>`, `mailto:` and github.com links, `@handle`, a bare handle after the name).

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::raw::{plain, strip_bullet};
use crate::site::frontmatter::MentorRole;

/// A mentor as written to the idea file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mentor {
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) github: Option<String>,
    /// "primary", "backup" (or a synonym the schema reads, such as "co-mentor").
    pub(crate) role: Option<MentorRole>,
}

/// Mentors from how pages write them: one per line or bullet, or joined by `,`, `;`,
/// "and", "AND/OR", "possibly with support from"; an address (`name AT host`,
/// `<name@host>`, `mailto:`) or GitHub handle (`@handle`, a github.com link) next to a
/// name belongs to that mentor.
pub(crate) fn mentors(value: &str) -> Vec<Mentor> {
    let mut text = deobfuscate(&unlink(&value.replace(['\r', '*', '`'], "")));
    // A title's period is not the end of a mentor.
    for title in ["Dr. ", "Prof. ", "Mr. ", "Mrs. ", "Ms. "] {
        text = text.replace(title, &title.replace(". ", ".\u{a0}"));
    }
    for joiner in [
        "possibly with support from",
        "with support from",
        "supported by",
        "AND/OR",
        "and/or",
        " AND ",
        " and ",
        " & ",
        " OR ",
        " or ",
        ". ",
    ] {
        text = text.replace(joiner, "\n");
    }
    let mut out: Vec<Mentor> = Vec::new();
    for group in text.split('\n') {
        let group = strip_bullet(group);
        // Parts of one mentor's entry: "Name, @handle, name@host" or "Name (@h, e@x)".
        let mut current: Option<Mentor> = None;
        for part in group.split([',', ';', '(', ')', '/']) {
            let part = part
                .replace('\u{a0}', " ")
                .trim()
                .trim_end_matches('.')
                .trim_start_matches(['-', ' '])
                .trim()
                .to_string();
            let lower = part.to_lowercase();
            if part.is_empty() || ["and", "or", "&"].contains(&lower.as_str()) {
                continue;
            }
            if let Ok(role) = MentorRole::deserialize(StrDeserializer::<ValueError>::new(&lower)) {
                if let Some(m) = &mut current {
                    m.role = Some(role);
                }
                continue;
            }
            let part = part.as_str();
            let (email, github, name) = contact_of(part);
            let attaches = name.is_empty() || looks_like_handle(&name, current.as_ref());
            match (&mut current, attaches) {
                (Some(m), true) => {
                    if m.email.is_none() {
                        m.email = email;
                    }
                    if m.github.is_none() {
                        m.github = github.or_else(|| (!name.is_empty()).then(|| name.clone()));
                    }
                }
                _ => {
                    if let Some(m) = current.take() {
                        out.push(m);
                    }
                    let name = if name.is_empty() {
                        email
                            .as_deref()
                            .and_then(|e| e.split('@').next())
                            .or(github.as_deref())
                            .map(name_from_handle)
                            .unwrap_or_default()
                    } else {
                        name
                    };
                    if !name.is_empty() {
                        current = Some(Mentor {
                            name,
                            email,
                            github,
                            role: None,
                        });
                    }
                }
            }
        }
        out.extend(current);
    }
    out.retain(|m| !m.name.is_empty());
    out
}

/// Markdown links in a mentor list made plain before it is split: `[Name](mailto:a@b)` →
/// `Name <a@b>`, `[Name](https://github.com/h)` → `Name @h`, any other link → its text.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some((close, end)) = after
            .find("](")
            .and_then(|c| after[c + 2..].find(')').map(|e| (c, c + 2 + e)))
        else {
            break;
        };
        out.push_str(&rest[..open]);
        let label = &after[..close];
        let url = after[close + 2..end].trim();
        out.push_str(label);
        if let Some(addr) = url.strip_prefix("mailto:") {
            out.push_str(&format!(" <{addr}>"));
        } else if let Some(h) = url
            .strip_prefix("https://github.com/")
            .or_else(|| url.strip_prefix("http://github.com/"))
        {
            out.push_str(&format!(" @{}", h.trim_end_matches('/')));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Addresses spelled out against spam made addresses again: `aditya DOT sirish AT nyu DOT
/// edu`, `thomas.schuetz at t-sc dot eu`, `barnett.zqg AT gmail.com` → `…@….…`. Only where
/// the part after "at" is a host (it has a dot, written or spelled), so "at Google" stays.
fn deobfuscate(text: &str) -> String {
    let is_dot = |w: &str| matches!(w, "DOT" | "dot" | "[dot]" | "(dot)" | "{dot}");
    let is_at = |w: &str| matches!(w, "AT" | "at" | "[at]" | "(at)" | "{at}");
    let word = |w: &str| !w.is_empty() && !is_dot(w) && !is_at(w);
    text.lines()
        .map(|line| {
            let t: Vec<&str> = line.split(' ').collect();
            let mut out: Vec<String> = Vec::new();
            let mut i = 0;
            while i < t.len() {
                let mut j = i;
                let mut local = vec![t[i]];
                while j + 2 < t.len() && is_dot(t[j + 1]) && word(t[j + 2]) {
                    local.push(t[j + 2]);
                    j += 2;
                }
                let matched = word(t[i])
                    && j + 2 < t.len()
                    && is_at(t[j + 1])
                    && word(t[j + 2])
                    && !t[j + 2].starts_with('(');
                if !matched {
                    out.push(t[i].to_string());
                    i += 1;
                    continue;
                }
                let mut host = vec![t[j + 2]];
                let mut k = j + 2;
                while k + 2 < t.len() && is_dot(t[k + 1]) && word(t[k + 2]) {
                    host.push(t[k + 2]);
                    k += 2;
                }
                let host = host.join(".");
                let bare = host.trim_end_matches(|c: char| !c.is_alphanumeric());
                if !bare.contains('.') {
                    out.push(t[i].to_string());
                    i += 1;
                    continue;
                }
                let tail = &host[bare.len()..];
                let local = local.join(".");
                let lead_len = local.len()
                    - local
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .len();
                out.push(format!(
                    "{}{}@{bare}{tail}",
                    &local[..lead_len],
                    &local[lead_len..]
                ));
                i = k + 1;
            }
            out.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A one-word lowercase part right after a name ("Michi Mutsuzaki, michi-covalent") is the
/// name's GitHub handle, as CNCF's "Name, github, email" template asks.
fn looks_like_handle(part: &str, current: Option<&Mentor>) -> bool {
    let shaped = part
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && part.chars().any(|c| c.is_ascii_alphabetic());
    // A capitalised word alone is a name ("Tony"); one with digits, dashes or capitals
    // inside is a handle ("Ankurk99", "barnettZQG").
    let handle_like = part.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        || part
            .chars()
            .skip(1)
            .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    current.is_some_and(|m| m.github.is_none()) && !part.contains(' ') && shaped && handle_like
}

/// `(email, github, name)` from one part of a mentor entry.
fn contact_of(part: &str) -> (Option<String>, Option<String>, String) {
    let mut email = None;
    let mut github = None;
    let mut name_words = Vec::new();
    // Markdown links: [Name](mailto:x@y) or [Name](https://github.com/x).
    let (link_text, link_url) = match (part.find('['), part.find("](")) {
        (Some(o), Some(m)) if o < m => {
            let after = &part[m + 2..];
            let end = after.find(')').unwrap_or(after.len());
            (
                Some(format!("{}{}", &part[..o], &part[o + 1..m])),
                Some(after[..end].to_string()),
            )
        }
        _ => (None, None),
    };
    if let Some(url) = &link_url {
        if let Some(addr) = url.strip_prefix("mailto:") {
            email = valid_email(addr.trim());
        } else if let Some(h) = url
            .strip_prefix("https://github.com/")
            .or_else(|| url.strip_prefix("http://github.com/"))
        {
            github = handle(h.trim_end_matches('/'));
        }
    }
    let text = plain(link_text.as_deref().unwrap_or(part));
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_matches(['<', '>', '"', '\'']);
        if (w == "AT" || w == "at" || w == "[at]" || w == "(at)") && !name_words.is_empty() {
            let host = words.get(i + 1).map(|h| h.trim_matches(['<', '>', '.']));
            let local: String = name_words.pop().unwrap_or_default();
            match host.filter(|h| h.contains('.')) {
                Some(h) => {
                    email = email.or_else(|| valid_email(&format!("{local}@{h}")));
                    i += 2;
                }
                None => i += 1,
            }
            if name_words.is_empty() {
                name_words.push(name_from_handle(&local));
            }
            continue;
        }
        if w.contains('@') && !w.starts_with('@') {
            email = email.or_else(|| valid_email(w.trim_start_matches("mailto:")));
        } else if let Some(h) = w.strip_prefix('@') {
            github = github.or_else(|| handle(h));
        } else if let Some(h) = w
            .strip_prefix("https://github.com/")
            .or_else(|| w.strip_prefix("github.com/"))
        {
            github = github.or_else(|| handle(h.trim_end_matches('/')));
        } else if !w.is_empty() {
            name_words.push(w.to_string());
        }
        i += 1;
    }
    let name = name_words.join(" ");
    (
        email,
        github,
        name.trim_matches(['-', ':', ' ']).to_string(),
    )
}

fn valid_email(s: &str) -> Option<String> {
    let s = s.trim_matches(['<', '>', '.', ',']);
    let (user, host) = s.split_once('@')?;
    let ok = !user.is_empty()
        && host.contains('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || "<>()[]\"'`".contains(c));
    ok.then(|| s.to_string())
}

fn handle(h: &str) -> Option<String> {
    let h = h.trim_matches(['.', ',', ')']);
    let ok =
        !h.is_empty() && h.len() <= 39 && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then(|| h.to_string())
}

/// `stefano.stabellini` → `Stefano Stabellini`: a name from an address's local part.
fn name_from_handle(local: &str) -> String {
    local
        .split(['.', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &str) -> Vec<(String, Option<String>, Option<String>)> {
        mentors(v)
            .into_iter()
            .map(|m| (m.name, m.email, m.github))
            .collect()
    }

    #[test]
    fn mentors_as_pages_write_them() {
        assert_eq!(
            names("stefano.stabellini AT eu.citrix.com AND/OR konrad.wilk AT oracle.com"),
            [
                (
                    "Stefano Stabellini".into(),
                    Some("stefano.stabellini@eu.citrix.com".into()),
                    None
                ),
                (
                    "Konrad Wilk".into(),
                    Some("konrad.wilk@oracle.com".into()),
                    None
                ),
            ]
        );
        assert_eq!(
            names("Kevin Hannon, @kannon92, kannon1992@example.com"),
            [(
                "Kevin Hannon".into(),
                Some("kannon1992@example.com".into()),
                Some("kannon92".into())
            )]
        );
        assert_eq!(
            names("Ian Jackson <ian@example.org> possibly with support from Tim Deegan"),
            [
                ("Ian Jackson".into(), Some("ian@example.org".into()), None),
                ("Tim Deegan".into(), None, None),
            ]
        );
        assert_eq!(
            names(
                "- **[Andy Buckley](mailto:andy@example.ch)**\n- [Chris G](mailto:chris@example.ch)"
            ),
            [
                ("Andy Buckley".into(), Some("andy@example.ch".into()), None),
                ("Chris G".into(), Some("chris@example.ch".into()), None),
            ]
        );
        assert_eq!(
            names("Natalie Arellano (@natalieparellano); Joe Kimmel (@joe-kimmel-vmw)").len(),
            2
        );
        assert_eq!(
            names("Michi Mutsuzaki, michi-covalent, michi@example.com")[0]
                .2
                .as_deref(),
            Some("michi-covalent")
        );
        assert_eq!(
            names("[John](https://github.com/johnb)")[0].2.as_deref(),
            Some("johnb")
        );
    }
}
