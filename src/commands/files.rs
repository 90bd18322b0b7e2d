//! Reading and writing the files a command creates or edits, so that no command can lose
//! anybody's work: new files never replace one, edited files are replaced in one step, and
//! edits start from the exact bytes on disk.

use std::io::{self, Write as _};
use std::path::Path;

use crate::diag::Diagnostic;

/// Writes `text` to a file that must not exist yet. `Ok(false)` means it existed and was
/// left alone. `create_new` makes the check and the creation one step, so a file created
/// meanwhile by someone else is not replaced either.
pub(crate) fn write_new(path: &Path, text: &str) -> io::Result<bool> {
    if let Some(parent) = path.parent() {
        crate::util::fsutil::create_dir_all(parent)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => {
            return Err(io::Error::new(
                e.kind(),
                format!("cannot create {}: {e}", path.display()),
            ));
        }
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
    Ok(true)
}

/// An I/O failure while creating files, where the folder may not exist yet.
pub(crate) fn io_error(e: &io::Error) -> Diagnostic {
    Diagnostic::error("io", e.to_string())
        .with_help("check that the folder exists, is writable and that the disk is not full")
}

/// An I/O failure on a file being edited or written in an existing folder.
pub(crate) fn io_diag(e: &io::Error, shown: &Path) -> Diagnostic {
    Diagnostic::error("io", e.to_string())
        .in_file(shown)
        .with_help("check the folder's permissions and free disk space")
}

/// A content file read as it is on disk (BOM, CRLF and all), for byte-exact edits.
pub(crate) fn read_raw(root: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = crate::util::fsutil::read(&root.join(shown))
        .map_err(|e| Diagnostic::error("io", e.to_string()).in_file(shown))?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error("encoding", "this file is not valid UTF-8")
            .in_file(shown)
            .with_help("save it as UTF-8; `ideawiki build` reports the exact line")
    })
}

/// Replaces a file's content in one step (write a temporary file beside it, then rename),
/// keeping its permissions, so an interrupted write never leaves half a file.
pub(crate) fn replace_file(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".ideawiki-edit-")
        .tempfile_in(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write in {}: {e}", dir.display())))?;
    io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map(|_| ()).map_err(|e| {
        io::Error::new(
            e.error.kind(),
            format!("cannot replace {}: {}", path.display(), e.error),
        )
    })
}
