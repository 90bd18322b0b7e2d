//! Reading a site: from the files in its folder to the model of programs, years, ideas and
//! pages. Nothing here knows about templates or the output folder.
//!
//! [`config`] (with [`field`], the idea fields ideas are grouped by) → [`load`] (find files) → [`parse`] (front matter through [`frontmatter`] and
//! [`yaml`], bodies through [`markdown`]) → [`model`] (programs, years, ideas, pages,
//! taxonomies, links, aliases). [`revision`] reads the git history beside them.

pub(crate) mod config;
pub(crate) mod email;
pub(crate) mod field;
pub(crate) mod frontmatter;
pub mod issue_form;
pub(crate) mod layout;
pub(crate) mod load;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod parse;
pub(crate) mod revision;
pub(crate) mod sanitize;
pub(crate) mod skills;
pub(crate) mod slug;
pub(crate) mod strings;
pub(crate) mod yaml;
pub(crate) mod yaml_diag;
