//! Freeing large structures off the critical path.
//!
//! At the end of a build of 10,000 ideas, freeing the model and the template values (one
//! allocation per string of every idea) took about 5 % of the build's CPU time, on the main
//! thread while the other core sat idle, for memory the process was about to give back by
//! exiting anyway. Handing them to a thread of their own lets the build go on (or the
//! process exit) meanwhile; a library caller still gets the memory back.

/// Drops `value` on a new thread. When no thread can be started, `spawn` drops the
/// closure, and `value` with it, right here.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("ideawiki-free".into())
        .spawn(move || drop(value));
}
