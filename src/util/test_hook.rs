//! Test hooks: environment variables that make rare conditions happen on demand, so the
//! test suite can prove what would otherwise need an old file system. Each is read once
//! per process; unset, each costs one branch. They are for ideawiki's own tests only.
//!
//! - `IDEAWIKI_TEST_COARSE_STAMPS=1`: file stamps are what a file system with one-second
//!   mtimes and no ctime gives (see `util::stamp`).

use std::sync::LazyLock;

/// Whether stamps must look as a file system with one-second mtimes and no ctime gives them.
pub(crate) fn coarse_stamps() -> bool {
    static SET: LazyLock<bool> = LazyLock::new(|| set("IDEAWIKI_TEST_COARSE_STAMPS"));
    *SET
}

fn set(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0")
}
