//! Themes: templates and static files, from the binary, `themes/<name>/` and the site.
//!
//! The default `wiki` theme is embedded so `ideawiki build` works in a folder that has no
//! `themes/`. Resolution is per file: the site's `templates/x.html` beats
//! `themes/<name>/templates/x.html`, which beats the built-in `x.html`; likewise for
//! `static/`. A theme can therefore override one template and inherit the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::site::layout::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::site::load::{SourceFile, walk_inputs};

pub const DEFAULT_THEME: &str = "wiki";

/// `("name", text)` of a built-in template.
macro_rules! template {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../themes/wiki/templates/", $name)),
        )
    };
}

/// `("path", bytes)` of a built-in static file.
macro_rules! static_file {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../themes/wiki/static/", $name)) as &[u8],
        )
    };
}

/// The built-in theme's templates, as (name, text).
pub const EMBEDDED_TEMPLATES: &[(&str, &str)] = &[
    template!("404.html"),
    template!("archive.html"),
    template!("base.html"),
    template!("home.html"),
    template!("idea.html"),
    template!("idea_item.html"),
    template!("idea_row.html"),
    template!("page.html"),
    template!("program.html"),
    template!("sidebar.html"),
    template!("taxonomy.html"),
    template!("term.html"),
    template!("year.html"),
];

/// The built-in theme's static files, as (path, bytes), as written: with the comments
/// that explain them to theme authors.
pub const EMBEDDED_STATIC: &[(&str, &[u8])] = &[
    static_file!("favicon.svg"),
    static_file!("ideawiki.js"),
    static_file!("style.css"),
];

/// The built-in static files as sites get them: comments and indentation left out, which
/// is a twentieth of the year page's weight budget (see `themes/wiki/README.md`).
static SHIPPED_STATIC: std::sync::LazyLock<Vec<(&str, Vec<u8>)>> = std::sync::LazyLock::new(|| {
    EMBEDDED_STATIC
        .iter()
        .map(|(name, bytes)| (*name, compact(name, bytes)))
        .collect()
});

/// `bytes` without what only a reader of the source needs: in `.js`, lines that are only a
/// `//` comment; in `.css`, `/* */` comments and the line breaks (white space there, so
/// one space stays where the line did not end a rule, a block or a selector); in both,
/// each line's indentation. Only for
/// the built-in files, written so that this is safe (no template literals, no `//` or
/// `/*` inside strings at the start of a line).
fn compact(name: &str, bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    let text = if name.ends_with(".css") {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            rest = rest[start..]
                .find("*/")
                .map_or("", |end| &rest[start + end + 2..]);
        }
        out.push_str(rest);
        out
    } else if name.ends_with(".js") {
        text.to_string()
    } else {
        return bytes.to_vec();
    };
    let css = name.ends_with(".css");
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim_start) {
        if line.is_empty() || (!css && line.starts_with("//")) {
            continue;
        }
        if css && !out.is_empty() {
            out.pop();
            if !out.ends_with(['{', '}', ';', ',']) && !line.starts_with('}') {
                out.push(' ');
            }
        }
        out.push_str(if css { line.trim_end() } else { line });
        out.push('\n');
    }
    out.into_bytes()
}

/// Where a template or static file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    File(PathBuf),
}

impl Origin {
    /// How to name it to the user: the file relative to the site root, or the built-in theme.
    pub fn shown(&self, name: &str) -> PathBuf {
        match self {
            Origin::Embedded => PathBuf::from(format!("<built-in theme wiki>/templates/{name}")),
            Origin::File(p) => p.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Template {
    pub text: Arc<str>,
    pub origin: Origin,
}

/// A static file to copy: bytes in memory (embedded) or a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Everything a theme contributes, resolved.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: BTreeMap<String, Template>,
    /// Output path (relative, `/`-separated) → where it comes from.
    pub statics: BTreeMap<String, StaticSource>,
}

impl Theme {
    /// Resolves the theme `name` for the site at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let theme_dir = root.join(THEMES_DIR).join(name);
        if name != DEFAULT_THEME && !theme_dir.is_dir() {
            let available = list_themes(root);
            let help = if available.is_empty() {
                "remove `theme:` to use the built-in `wiki` theme".to_string()
            } else {
                format!(
                    "themes in this site: {}; or remove `theme:` for the built-in `wiki`",
                    available.join(", ")
                )
            };
            let message =
                format!("the theme `{name}` does not exist: there is no folder `themes/{name}/`");
            let config_text = std::fs::read_to_string(root.join(crate::site::layout::CONFIG_FILE))
                .map(|t| std::sync::Arc::<str>::from(t.replace("\r\n", "\n")))
                .unwrap_or_else(|_| "".into());
            return Err(vec![crate::site::yaml_diag::key_diagnostic(
                "unknown-theme",
                &config_text,
                Path::new(crate::site::layout::CONFIG_FILE),
                "theme",
                message,
                &help,
            )]);
        }
        // Lowest priority first; later inserts override.
        for (n, text) in EMBEDDED_TEMPLATES {
            templates.insert(
                (*n).to_string(),
                Template {
                    text: Arc::from(*text),
                    origin: Origin::Embedded,
                },
            );
        }
        for (n, bytes) in SHIPPED_STATIC.iter() {
            statics.insert((*n).to_string(), StaticSource::Embedded(bytes));
        }
        for dir in [theme_dir.clone(), root.to_path_buf()] {
            read_templates(root, &dir.join(TEMPLATES_DIR), &mut templates, &mut diags);
            read_statics(root, &dir.join(STATIC_DIR), &mut statics, &mut diags);
        }
        if diags.is_empty() {
            Ok(Theme { templates, statics })
        } else {
            Err(diags)
        }
    }
}

fn list_themes(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

/// The files of one theme or site folder, by the rule every input folder follows (see
/// [`crate::site::load::walk_inputs`]); a missing folder has none.
fn files_in(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    if !dir.exists() && !dir.is_symlink() {
        return Vec::new();
    }
    let (files, problems) = walk_inputs(root, dir);
    diags.extend(problems);
    files
}

fn read_templates(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, Template>,
    diags: &mut Vec<Diagnostic>,
) {
    for file in files_in(root, dir, diags) {
        let shown = crate::diag::display_path(root, &file.path);
        match crate::util::fsutil::read_to_string(&file.path) {
            Ok(text) => {
                out.insert(
                    file.rel,
                    Template {
                        text: Arc::from(text.replace("\r\n", "\n")),
                        origin: Origin::File(shown),
                    },
                );
            }
            Err(e) => diags.push(
                Diagnostic::error("io", e.to_string())
                    .in_file(shown)
                    .with_help("templates must be UTF-8 text"),
            ),
        }
    }
}

fn read_statics(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, StaticSource>,
    diags: &mut Vec<Diagnostic>,
) {
    for file in files_in(root, dir, diags) {
        out.insert(file.rel, StaticSource::File(file.path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_lose_only_comments_and_indentation() {
        let js = compact(
            "a.js",
            b"// why\n(() => {\n  // more\n  const a = \"x // y\"; // tail\n})();\n",
        );
        assert_eq!(
            String::from_utf8(js).unwrap(),
            "(() => {\nconst a = \"x // y\"; // tail\n})();\n"
        );
        let css = compact("a.css", b"/* a\n b */\na{b:c}\n  /* x */ d{e:f}\n");
        assert_eq!(String::from_utf8(css).unwrap(), "a{b:c}d{e:f}\n");
        let css = compact(
            "a.css",
            b"@media (x){\n  a,\n  b {\n    margin:0\n      auto;\n  }\n}\n",
        );
        assert_eq!(
            String::from_utf8(css).unwrap(),
            "@media (x){a,b {margin:0 auto;}}\n"
        );
        // Every non-comment line of the built-in files is shipped.
        for (name, bytes) in EMBEDDED_STATIC {
            let shipped = &SHIPPED_STATIC.iter().find(|(n, _)| n == name).unwrap().1;
            let shipped = std::str::from_utf8(shipped).unwrap();
            if !name.ends_with(".js") && !name.ends_with(".css") {
                assert_eq!(shipped.as_bytes(), *bytes, "{name}");
                continue;
            }
            assert!(shipped.len() < bytes.len(), "{name}");
            if name.ends_with(".js") {
                let source = std::str::from_utf8(bytes).unwrap();
                let kept = source
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with("//"));
                assert!(kept.eq(shipped.lines()), "{name}");
            }
        }
    }

    /// Every file of `themes/wiki` must be embedded, or `init`/theme-less sites lose it.
    #[test]
    fn every_wiki_theme_file_is_embedded() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/wiki");
        for (sub, names) in [
            (
                "templates",
                EMBEDDED_TEMPLATES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>(),
            ),
            ("static", EMBEDDED_STATIC.iter().map(|(n, _)| *n).collect()),
        ] {
            let dir = base.join(sub);
            let (files, problems) = walk_inputs(&base, &dir);
            assert!(problems.is_empty(), "{problems:?}");
            let on_disk: Vec<String> = files.into_iter().map(|f| f.rel).collect();
            assert_eq!(
                on_disk, names,
                "themes/wiki/{sub} and the embedded list differ"
            );
        }
    }
}
