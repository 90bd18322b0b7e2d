//! What each subcommand does, as library functions the binary (`src/cmd/`) calls and the
//! tests drive: one file per subcommand, and below them what several share.

pub mod archive;
pub mod build;
pub mod check;
pub mod ci_files;
pub mod confirm;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod rollover;
pub mod theme;

// Shared by the subcommands that create or edit content files.
pub(crate) mod files;
pub(crate) mod front_matter_edit;
pub(crate) mod sections;
