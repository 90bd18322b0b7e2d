//! Thin wrappers over `std::fs` that put the path into every I/O error.
//!
//! A bare "No such file or directory" is useless to someone with 300 idea files; stage code
//! calls these instead of `std::fs` so the path is never lost.

use std::io;
use std::path::Path;

fn with_path(e: io::Error, action: &str, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("cannot {action} {}: {e}", path.display()))
}

pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| with_path(e, "read", path))
}

pub fn read_to_string(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path).map_err(|e| with_path(e, "read", path))
}

pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes).map_err(|e| with_path(e, "write", path))
}

/// Writes `bytes` to `path` and gives the written file's metadata, asked of the open file:
/// stamping it afterwards would look the path up again, once per output.
pub fn write_with_metadata(path: &Path, bytes: &[u8]) -> io::Result<std::fs::Metadata> {
    use std::io::Write;
    let mut file = std::fs::File::create(path).map_err(|e| with_path(e, "write", path))?;
    file.write_all(bytes)
        .and_then(|()| file.metadata())
        .map_err(|e| with_path(e, "write", path))
}

pub fn create_dir_all(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| with_path(e, "create folder", path))
}

pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot move {} to {}: {e}", from.display(), to.display()),
        )
    })
}
