//! What `check` hands back: the problems found, and what was looked at.

use crate::diag::{self, Diagnostic};

/// What `check` found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered; 0 when the site could not be loaded at all.
    pub pages: usize,
    /// No `ideawiki.yaml` was found; the defaults were used.
    pub used_default_config: bool,
    /// Distinct external URLs asked about; `None` when they were not checked.
    pub external_urls: Option<usize>,
    /// Per mentor, the ideas awaiting their confirmation after a rollover.
    pub unconfirmed: Vec<super::unconfirmed::Unconfirmed>,
}

impl CheckReport {
    /// The report of a check that found `diagnostics`, which it sorts.
    pub(super) fn new(
        mut diagnostics: Vec<Diagnostic>,
        pages: usize,
        used_default_config: bool,
        external_urls: Option<usize>,
    ) -> CheckReport {
        diag::sort(&mut diagnostics);
        CheckReport {
            diagnostics,
            pages,
            used_default_config,
            external_urls,
            unconfirmed: Vec::new(),
        }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}
