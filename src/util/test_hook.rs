//! Test hooks: environment variables that make rare conditions happen on demand, so the
//! test suite can prove what would otherwise need a power cut or an old file system. Each
//! is read once per process; unset, each costs one branch. They are for ideawiki's own
//! tests only.
//!
//! - `IDEAWIKI_TEST_CRASH_AT=N`: the `N`th step of an output commit (see
//!   `output::staging`) aborts the process before it runs, as `kill -9` would. With `0`,
//!   nothing aborts and every step is listed on stderr (`test-hook step N: what`), so a
//!   test can choose where to crash.
//! - `IDEAWIKI_TEST_NO_EXCHANGE=1`: the commit takes the fallback a file system without an
//!   atomic exchange of two folders gets (see `output::swap`).
//! - `IDEAWIKI_TEST_COARSE_STAMPS=1`: file stamps are what a file system with one-second
//!   mtimes and no ctime gives (see `util::stamp`).

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

static CRASH_AT: LazyLock<Option<u64>> = LazyLock::new(|| {
    std::env::var("IDEAWIKI_TEST_CRASH_AT")
        .ok()
        .and_then(|v| v.parse().ok())
});

static STEPS: AtomicU64 = AtomicU64::new(0);

/// One filesystem step of an output commit, about to run.
pub(crate) fn step(what: &str) {
    let Some(at) = *CRASH_AT else {
        return;
    };
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if at == 0 {
        eprintln!("test-hook step {n}: {what}");
    } else if n == at {
        // Like kill -9: no destructors, no flushing, no unwinding.
        std::process::abort();
    }
}

/// Whether the commit must not use an atomic exchange.
pub(crate) fn no_exchange() -> bool {
    static SET: LazyLock<bool> = LazyLock::new(|| set("IDEAWIKI_TEST_NO_EXCHANGE"));
    *SET
}

/// Whether stamps must look as a file system with one-second mtimes and no ctime gives them.
pub(crate) fn coarse_stamps() -> bool {
    static SET: LazyLock<bool> = LazyLock::new(|| set("IDEAWIKI_TEST_COARSE_STAMPS"));
    *SET
}

fn set(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0")
}
