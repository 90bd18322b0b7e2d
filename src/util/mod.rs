//! Small helpers every stage uses, importing nothing from the rest of the crate.

pub(crate) mod cache;
pub mod console;
pub mod date;
pub(crate) mod drop_later;
pub(crate) mod fingerprint;
pub(crate) mod fsutil;
pub(crate) mod stamp;
pub(crate) mod test_hook;
pub mod text;
