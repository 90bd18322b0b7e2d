//! One module per subcommand: each turns parsed flags into library calls and an exit code.
//! What they share (`--root`, printing diagnostics) is in [`prelude`].

pub mod archive;
pub mod build;
pub mod check;
pub mod confirm;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
mod prelude;
pub mod rollover;
pub mod serve;
pub mod theme;
