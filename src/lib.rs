//! ideawiki: a static site generator for project-ideas pages.
//!
//! The pipeline reads as stages, one module each: [`config`] → [`load`] (find files) →
//! [`parse`] (front matter + Markdown) → [`model`] (programs, years, ideas, pages) →
//! [`render`] (Tera templates from a [`theme`], fed by [`view`]) → [`write`] (staged
//! output, swapped in on success). [`build`] runs them in order. Every stage reports
//! problems as [`diag::Diagnostic`]s naming the file and position.

pub mod build;
pub mod check;
pub mod chores;
pub mod config;
pub mod date;
pub mod diag;
pub mod email;
pub mod engine;
pub mod external;
pub mod fingerprint;
pub mod frontmatter;
pub mod fsutil;
pub mod links;
pub mod load;
pub mod markdown;
pub mod memo;
pub mod model;
pub mod outputs;
pub mod parse;
pub mod patch;
pub mod relative;
pub mod render;
pub mod revision;
pub mod scaffold;
pub mod serve;
pub mod taxonomy;
pub mod theme;
pub mod uptodate;
pub mod view;
pub mod write;
mod yaml;

pub use build::{BuildFailure, BuildOptions, BuildReport, build};
