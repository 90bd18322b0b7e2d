//! Fingerprints: 64-bit hashes of what a page is made from, so a rebuild re-renders only
//! pages whose inputs changed.
//!
//! `DefaultHasher`'s fixed keys make them stable from one run of the same binary to the
//! next, which is all that comparing them needs: within `serve`, and across `build`s through
//! the output folder's manifest, which records the binary that wrote it (see `write`).

use std::hash::{DefaultHasher, Hash, Hasher};

/// The hash of any hashable value.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The hash of a serializable value, through its JSON form (Tera values do not implement
/// `Hash`).
pub fn of_serialized<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = HashWriter(DefaultHasher::new());
    // Writing into a hasher cannot fail; a serialization error would only drop precision.
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}

struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
