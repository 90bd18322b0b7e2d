//! Names and errors every part of the output stage shares; imports nothing else of it.

use std::io;
use std::path::Path;

use crate::diag::Diagnostic;

pub(crate) fn io_diag(e: io::Error) -> Diagnostic {
    Diagnostic::error("io", e.to_string())
        .with_help("check the folder's permissions and free disk space")
}

/// The folder that holds `output` and `output`'s name: the staging folder goes there, on
/// the same file system so that renames work, named after the output (`.public.…`).
pub(super) fn beside(output: &Path) -> (&Path, String) {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = output
        .file_name()
        .map_or(crate::site::layout::OUTPUT_DIR.into(), |n| {
            n.to_string_lossy().into_owned()
        });
    (parent, name)
}

/// A path relative to the output folder as the manifest and the build name it
/// (`gsoc/2027/index.html`); `None` for a name that is not UTF-8, which no build makes.
pub(super) fn output_key(rel: &Path) -> Option<String> {
    rel.components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()
        .map(|parts| parts.join("/"))
}
