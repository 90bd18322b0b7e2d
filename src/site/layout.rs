//! Where things are: the folders of a site and the names the build reserves in its output.
//! Every module that names one of them takes it from here.

/// The site's configuration file, at the site root.
pub const CONFIG_FILE: &str = "ideawiki.yaml";
/// Markdown sources and the files beside them.
pub const CONTENT_DIR: &str = "content";
/// The site's own templates, replacing the theme's by name.
pub const TEMPLATES_DIR: &str = "templates";
/// The site's own static files, replacing the theme's by name.
pub const STATIC_DIR: &str = "static";
/// Themes, one folder each.
pub const THEMES_DIR: &str = "themes";
/// The output folder when `--output` is not given.
pub const OUTPUT_DIR: &str = "public";

/// The folders a build reads, besides the config file: what `serve` watches and what the
/// up-to-date check stamps.
pub const INPUT_DIRS: &[&str] = &[CONTENT_DIR, TEMPLATES_DIR, THEMES_DIR, STATIC_DIR];

/// Output paths of the generated files that sit at the output root. Aliases may not take
/// them, and the link checker knows them.
pub const ROOT_FILES: &[&str] = &[
    "robots.txt",
    "sitemap.xml",
    "ideas.json",
    "atom.xml",
    "search-index.json",
];
