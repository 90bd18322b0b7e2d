//! A file's version without reading it: how the engine, the up-to-date check and the
//! output manifest tell that a file changed, cheaply enough to ask of 10,000 files.

use std::fs::Metadata;
use std::path::Path;
use std::time::SystemTime;

/// A file's size and mtime, and on unix its inode and ctime. The inode tells a file
/// replaced by another (an editor's atomic save); the ctime, which no tool can set back,
/// tells a change that kept the size and the mtime (`cp -p`, `rsync -t`, two writes
/// within the mtime's granularity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Stamp {
    pub(crate) len: u64,
    /// Nanoseconds since 1970 (negative before); 0 where the platform keeps no mtime.
    pub(crate) mtime_ns: i128,
    /// 0 off unix.
    pub(crate) inode: u64,
    /// Nanoseconds since 1970; 0 off unix.
    pub(crate) ctime_ns: i128,
}

impl Stamp {
    /// For a file that vanished between a walk and a read: never equal to a real one.
    pub(crate) const MISSING: Stamp = Stamp {
        len: u64::MAX,
        mtime_ns: i128::MIN,
        inode: 0,
        ctime_ns: i128::MIN,
    };

    /// The stamp of what `path` leads to, following symbolic links.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().as_ref().map(Stamp::from)
    }

    /// The stamp of the regular file at `path`; `None` for anything else, a symbolic link
    /// included.
    pub(crate) fn of_file(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        m.is_file().then(|| Stamp::from(&m))
    }

    /// The stamp as a file system with one-second mtimes and no ctime gives it (FAT and
    /// exFAT keep none; off unix ideawiki reads none): the test hook for racily clean files.
    fn coarse(self) -> Stamp {
        Stamp {
            mtime_ns: self.mtime_ns.div_euclid(1_000_000_000) * 1_000_000_000,
            ctime_ns: 0,
            ..self
        }
    }

    /// The time of the last change the stamp shows (its mtime or ctime, whichever is
    /// later), in nanoseconds since 1970.
    pub(crate) fn changed_ns(&self) -> i128 {
        self.mtime_ns.max(self.ctime_ns)
    }

    /// The stamp without its ctime, for a file stamped before a rename moves it: a rename
    /// sets the ctime but keeps the rest.
    pub(crate) fn without_ctime(self) -> Stamp {
        Stamp {
            ctime_ns: 0,
            ..self
        }
    }
}

impl From<&Metadata> for Stamp {
    fn from(m: &Metadata) -> Stamp {
        #[cfg(unix)]
        let (inode, ctime_ns) = {
            use std::os::unix::fs::MetadataExt;
            (
                m.ino(),
                i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
            )
        };
        #[cfg(not(unix))]
        let (inode, ctime_ns) = (0, 0);
        let stamp = Stamp {
            len: m.len(),
            mtime_ns: m.modified().map_or(0, nanos_since_epoch),
            inode,
            ctime_ns,
        };
        if crate::util::test_hook::coarse_stamps() {
            stamp.coarse()
        } else {
            stamp
        }
    }
}

pub(crate) fn nanos_since_epoch(t: SystemTime) -> i128 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_that_keeps_size_and_mtime_still_shows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let before = Stamp::of(&path).unwrap();
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        // Rewritten until the file system's ctime clock has ticked (at once on most).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let after = loop {
            std::fs::write(&path, "two").unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(mtime)
                .unwrap();
            let after = Stamp::of(&path).unwrap();
            if after != before || std::time::Instant::now() > deadline {
                break after;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        assert_eq!((after.len, after.mtime_ns), (before.len, before.mtime_ns));
        if cfg!(unix) {
            assert_ne!(after, before, "the ctime moved");
        }
    }

    #[test]
    fn a_rename_keeps_the_stamp_but_the_ctime() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("staged"), dir.path().join("out"));
        std::fs::write(&from, "page").unwrap();
        let staged = Stamp::of_file(&from).unwrap();
        std::fs::rename(&from, &to).unwrap();
        let moved = Stamp::of_file(&to).unwrap();
        assert_eq!(moved.without_ctime(), staged.without_ctime());
        assert_eq!(Stamp::of_file(&from), None);
        assert_eq!(Stamp::of_file(dir.path()), None, "a folder is no file");
        assert!(Stamp::of(dir.path()).is_some());
    }
}
