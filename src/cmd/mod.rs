//! One module per subcommand: each turns parsed flags into library calls and an exit code.

pub mod archive;
pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod rollover;
pub mod serve;

use ideawiki::diag::{self, Diagnostic};

/// Prints diagnostics to stderr, coloured only on a terminal.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    let color = diag::stderr_wants_color();
    for d in diags {
        eprint!("{}", d.render(color));
    }
}
