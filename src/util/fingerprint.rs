//! Fingerprints: 64-bit hashes of what a page is made from, so a rebuild re-renders only
//! pages whose inputs changed.
//!
//! The hasher is foldhash's quality variant with a fixed seed: its output is stable from
//! one run of the same binary to the next, which is all that comparing fingerprints needs
//! (within `serve`, and across `build`s through the output folder's manifest, which records
//! the binary that wrote it; see `output::manifest`). It is several times faster than
//! `DefaultHasher` (SipHash) on the short strings and numbers pages are made of, and a
//! `serve` rebuild after one save hashes tens of thousands of them. Inputs are the user's own files, so
//! a hash that resists chosen collisions buys nothing.

use std::hash::{BuildHasher, Hash, Hasher as _};

/// The hasher fingerprints are made with.
pub type Hasher = foldhash::quality::FoldHasher<'static>;

/// A new hasher, the same in every run.
pub fn hasher() -> Hasher {
    foldhash::quality::FixedState::with_seed(0x1dea_5eed).build_hasher()
}

/// The hash of any hashable value.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

/// The hash of a serializable value, through its JSON form (Tera values do not implement
/// `Hash`).
pub fn of_serialized<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = HashWriter(hasher());
    // Writing into a hasher cannot fail; a serialization error would only drop precision.
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}

struct HashWriter(Hasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
