//! The undo journal: an in-place commit moves stale files out and changed files in, one
//! rename at a time, and remembers each move so that a failure can put everything back.
//! A failed commit leaves the last good site as it was (no half-written site, no 404s for
//! a browser that reloads mid-build).

use std::io;
use std::path::{Path, PathBuf};

use super::temp_beside;
use crate::util::fsutil;

/// Removes the `stale` files from `output` and moves each staged file of `moves` (output
/// path, where it is staged) into place, all or nothing. Files moved out wait in a backup
/// folder beside `output`, dropped once everything is in place.
pub(super) fn swap(
    output: &Path,
    stale: &[PathBuf],
    moves: &[(String, PathBuf)],
) -> io::Result<()> {
    let backup = temp_beside(output, "old")?;
    let mut journal = Journal {
        output,
        backup: backup.path(),
        moved_out: Vec::new(),
        moved_in: Vec::new(),
    };
    let Err(e) = journal.apply(stale, moves) else {
        return Ok(());
    };
    match journal.undo() {
        Ok(()) => Err(e),
        Err(undo) => {
            let kept = backup.keep();
            Err(io::Error::new(
                e.kind(),
                format!(
                    "{e}; restoring the previous output failed too ({undo}): its files are in {}",
                    kept.display()
                ),
            ))
        }
    }
}

/// The moves of an in-place commit, remembered so that a failure can undo them.
struct Journal<'a> {
    output: &'a Path,
    backup: &'a Path,
    /// Output files moved to the backup folder, under their index there.
    moved_out: Vec<PathBuf>,
    /// Output files moved in from the staging folder, with where they came from.
    moved_in: Vec<(PathBuf, PathBuf)>,
}

impl Journal<'_> {
    /// Moves the previous file at `rel` into the backup folder.
    fn move_out(&mut self, rel: &Path) -> io::Result<()> {
        let to = self.backup.join(self.moved_out.len().to_string());
        fsutil::rename(&self.output.join(rel), &to)?;
        self.moved_out.push(rel.to_path_buf());
        Ok(())
    }

    fn apply(&mut self, stale: &[PathBuf], moves: &[(String, PathBuf)]) -> io::Result<()> {
        for rel in stale {
            self.move_out(rel)?;
        }
        // Folders left empty go too (deepest first), so a file may take a folder's name.
        let mut emptied: Vec<&Path> = stale.iter().flat_map(|r| r.ancestors().skip(1)).collect();
        emptied.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        emptied.dedup();
        for dir in emptied {
            if !dir.as_os_str().is_empty() {
                let _ = std::fs::remove_dir(self.output.join(dir));
            }
        }
        for (rel, from) in moves {
            let rel = Path::new(rel);
            let to = self.output.join(rel);
            if std::fs::symlink_metadata(&to).is_ok() {
                self.move_out(rel)?;
            } else if let Some(parent) = to.parent() {
                fsutil::create_dir_all(parent)?;
            }
            fsutil::rename(from, &to)?;
            self.moved_in.push((rel.to_path_buf(), from.clone()));
        }
        Ok(())
    }

    /// Puts every moved file back where it was.
    fn undo(&mut self) -> io::Result<()> {
        let mut first_error = None;
        for (rel, from) in self.moved_in.drain(..).rev() {
            let to = self.output.join(&rel);
            if let Err(e) = fsutil::rename(&to, &from) {
                first_error.get_or_insert(e);
            }
            for dir in rel.ancestors().skip(1) {
                if dir.as_os_str().is_empty() || std::fs::remove_dir(self.output.join(dir)).is_err()
                {
                    break;
                }
            }
        }
        for (i, rel) in self.moved_out.iter().enumerate().rev() {
            let to = self.output.join(rel);
            let restored = to
                .parent()
                .map_or(Ok(()), fsutil::create_dir_all)
                .and_then(|()| fsutil::rename(&self.backup.join(i.to_string()), &to));
            if let Err(e) = restored {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_move_puts_every_file_back() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/gone.html"), "gone").unwrap();
        std::fs::write(out.join("a.html"), "a1").unwrap();
        let staged = site.path().join("staged");
        std::fs::create_dir(&staged).unwrap();
        std::fs::write(staged.join("0"), "a2").unwrap();
        let moves = [
            ("a.html".to_string(), staged.join("0")),
            ("new/b.html".to_string(), staged.join("1")), // never staged: the move fails
        ];
        assert!(swap(&out, &[PathBuf::from("old/gone.html")], &moves).is_err());
        assert_eq!(std::fs::read(out.join("old/gone.html")).unwrap(), b"gone");
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"a1");
        assert_eq!(std::fs::read(staged.join("0")).unwrap(), b"a2");
        let left: Vec<_> = std::fs::read_dir(site.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no backup folder is left: {left:?}");
    }
}
