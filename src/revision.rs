//! Revision lines: when each source file last changed and by whom, from the site's git
//! history, like a wiki's "Revision as of 18:07, 2 February 2017 by …".

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The last commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Revision {
    /// `YYYY-MM-DD HH:MM` in UTC: the same text for every reader and every build.
    pub date: String,
    pub author: String,
    /// The abbreviated commit id.
    pub commit: String,
}

/// Revisions by source path relative to the site root (`content/gsoc/2011/x.md`).
pub type Revisions = BTreeMap<PathBuf, Revision>;
