//! README-style Markdown (placeholder until the reader lands).

use std::path::Path;

use super::raw::{RawYear, ReadContext};

pub(crate) fn read(_source: &Path, _text: &str, _ctx: &ReadContext) -> RawYear {
    RawYear::default()
}
