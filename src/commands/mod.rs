//! What each subcommand does, as library functions the binary (`src/cmd/`) calls and the
//! tests drive.

pub mod build;
pub mod check;
pub mod chores;
pub mod scaffold;
