//! ideawiki: a static site generator for project-ideas pages.
//!
//! The folders are the pipeline, and imports point down this list, never up:
//!
//! - [`diag`]: problems, each naming its file and position, shared by every stage.
//! - `util`: small helpers (dates, hashing, file access) that import nothing else.
//! - `site`: the site's folder read into a model: config, files, front matter, Markdown,
//!   programs, years, ideas, pages, taxonomies, links, aliases.
//! - `render`: the model into pages and generated files through a theme.
//! - `output`: the output folder: staging, the manifest, the swap into place.
//! - [`options`]: what a run is asked to do and what it reports.
//! - [`engine`]: runs the stages once (`build`) or again after each change (`serve`).
//! - [`serve`]: the preview server on top of the engine.
//! - [`commands`]: what each subcommand does; the binary's `cmd/` only parses flags.
//!
//! `docs/architecture.md` walks through them.

pub mod commands;
pub mod diag;
pub mod engine;
pub mod options;
pub(crate) mod output;
pub(crate) mod render;
pub mod serve;
pub(crate) mod site;
pub mod util;

pub use commands::build::build;
pub use options::{BuildFailure, BuildOptions, BuildReport};
pub use site::layout::CONFIG_FILE;
