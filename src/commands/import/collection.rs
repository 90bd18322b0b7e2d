//! Folders of Markdown files with front matter (placeholder until the reader lands).

use std::path::Path;

use super::raw::{RawYear, ReadContext};
use crate::diag::Diagnostic;

pub(crate) fn read(_source: &Path, _ctx: &ReadContext) -> Result<RawYear, Diagnostic> {
    Ok(RawYear::default())
}
