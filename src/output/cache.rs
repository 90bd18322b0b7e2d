//! The site's cache folder, `.ideawiki/` in the site root (as Jekyll keeps
//! `.jekyll-cache/`): what a build keeps between runs stays out of the output, where it
//! would be deployed, and out of the folder that holds the output, which may be
//! `/var/www`. Each output folder has a folder of its own there, named after its absolute
//! path so that two outputs of one site never share state:
//!
//! - `lock`: held while a build writes that output, so that a second build waits instead
//!   of mixing its files with the first one's. The kernel drops the lock when its process
//!   dies, so a killed build never leaves a stale one. While held, it names the holder's
//!   pid.
//! - `manifest`: what the last build wrote (see `manifest`).

use std::fs::{File, TryLockError};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::util::fsutil;

/// The cache folder's name, in the site root.
pub(crate) const CACHE_DIR: &str = ".ideawiki";

const LOCK: &str = "lock";
const MANIFEST: &str = "manifest";

/// The state of one output folder, locked for this build.
pub(super) struct OutputState {
    dir: PathBuf,
    lock: File,
    locked_at: SystemTime,
}

impl OutputState {
    /// Locks the state of `output` (an absolute path), waiting while another build holds
    /// it, and removes what a killed build left in it.
    pub(super) fn lock(root: &Path, output: &Path) -> io::Result<OutputState> {
        let cache = root.join(CACHE_DIR);
        let dir = folder(root, output);
        fsutil::create_dir_all(&dir)?;
        // Sites made before `init` ignored the folder get it ignored all the same.
        let ignore = cache.join(".gitignore");
        if !ignore.exists() {
            fsutil::write(&ignore, b"# ideawiki's cache: never committed.\n*\n")?;
        }
        let path = dir.join(LOCK);
        let mut lock = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| with_path(e, "open", &path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder = match holder.trim() {
                    "" => "another build".to_string(),
                    pid => format!("another build (pid {pid})"),
                };
                crate::tell!(
                    "waiting: {holder} is writing {}; this one goes on when it ends",
                    output.display()
                );
                lock.lock().map_err(|e| with_path(e, "lock", &path))?;
            }
            // A file system without locks (some network and FUSE ones) should not stop
            // every build: only two builds at once are then left unguarded.
            Err(TryLockError::Error(e)) if no_locks_here(&e) => {
                crate::tell!(
                    "warning: cannot lock {} ({e}): do not run two builds of {} at once",
                    path.display(),
                    output.display()
                );
            }
            Err(TryLockError::Error(e)) => return Err(with_path(e, "lock", &path)),
        }
        lock.set_len(0)
            .and_then(|()| lock.rewind())
            .and_then(|()| writeln!(lock, "{}", std::process::id()))
            .map_err(|e| with_path(e, "write", &path))?;
        // The file system's own clock: the inputs scan compares file times with it.
        let locked_at = lock
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or_else(|_| SystemTime::now());
        let state = OutputState {
            dir,
            lock,
            locked_at,
        };
        state.remove_leftovers();
        Ok(state)
    }

    /// Where the manifest of the output is kept.
    pub(super) fn manifest(&self) -> PathBuf {
        self.dir.join(MANIFEST)
    }

    /// When the lock was taken, by the clock of the file system that holds the site.
    pub(super) fn locked_at(&self) -> SystemTime {
        self.locked_at
    }

    /// Removes what a killed build left here (a manifest half written under a temporary
    /// name): with the lock held, no other build is writing it.
    fn remove_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == LOCK || name == MANIFEST {
                continue;
            }
            let path = entry.path();
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

impl Drop for OutputState {
    /// Clears the pid before the lock goes with the file, so that the lock file is the same
    /// between builds.
    fn drop(&mut self) {
        let _ = self.lock.set_len(0);
    }
}

/// The folder that holds the state of the output at `output` (absolute).
fn folder(root: &Path, output: &Path) -> PathBuf {
    root.join(CACHE_DIR)
        .join("output")
        .join(folder_name(output))
}

/// Where the manifest of the output at `output` (absolute) is kept.
#[cfg(test)]
pub(super) fn manifest_path(root: &Path, output: &Path) -> PathBuf {
    folder(root, output).join(MANIFEST)
}

/// The name of the folder of the output at `output`: the output's name, readable, and a
/// hash of its whole path, the same from one version of ideawiki to the next.
fn folder_name(output: &Path) -> String {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{}-{:016x}",
        name.trim_start_matches('.'),
        fnv1a(output.as_os_str().as_encoded_bytes())
    )
}

/// FNV-1a: a hash whose value never changes with the hasher of the day.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `e` says this file system has no locks, rather than that locking failed.
fn no_locks_here(e: &io::Error) -> bool {
    #[cfg(unix)]
    if rustix::io::Errno::from_io_error(e) == Some(rustix::io::Errno::NOLCK) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

fn with_path(e: io::Error, action: &str, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("cannot {action} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_output_has_its_own_state() {
        let site = tempfile::tempdir().unwrap();
        let one = OutputState::lock(site.path(), Path::new("/srv/a/public")).unwrap();
        let two = OutputState::lock(site.path(), Path::new("/srv/b/public")).unwrap();
        assert_ne!(one.manifest(), two.manifest());
        assert!(one.manifest().starts_with(site.path().join(CACHE_DIR)));
        assert_eq!(
            folder_name(Path::new("/srv/a/public")),
            "public-d17323a93c10f8b9",
            "the name stays the same from version to version"
        );
    }

    #[test]
    fn the_lock_names_its_holder_and_is_blank_once_released() {
        let site = tempfile::tempdir().unwrap();
        let state = OutputState::lock(site.path(), Path::new("/srv/public")).unwrap();
        let lock = state.dir.join(LOCK);
        assert_eq!(
            std::fs::read_to_string(&lock).unwrap(),
            format!("{}\n", std::process::id())
        );
        let other = File::open(&lock).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(state);
        assert_eq!(std::fs::read_to_string(&lock).unwrap(), "");
        other.try_lock().unwrap();
    }
}
