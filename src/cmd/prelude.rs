//! What the subcommands share: the `--root` flag, and how diagnostics, notes and refusals
//! are printed. Each `cmd/*.rs` then holds only its own flags and output, as mdBook's
//! `command_prelude.rs` does for its commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ideawiki::diag::{self, Diagnostic};

/// `--root`, flattened into every subcommand that works on an existing site.
#[derive(clap::Args, Debug)]
pub struct SiteRoot {
    /// The site folder, holding `ideawiki.yaml` and `content/` [default: current folder]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

impl SiteRoot {
    /// The folder given, or the current one.
    pub fn dir(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Prints diagnostics to stderr, coloured only on a terminal.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    let color = diag::stderr_wants_color();
    for d in diags {
        ideawiki::util::console::err(format_args!("{}", d.render(color)));
    }
}

/// Says that a site without a config was built with the defaults: a config in the wrong
/// folder (or a wrong `--root`) would otherwise go unnoticed.
pub fn note_default_config(root: &Path) {
    ideawiki::tell!(
        "note: no {} in {}; using the default settings",
        ideawiki::CONFIG_FILE,
        root.display()
    );
}

/// `rel` (relative to the site root) as the user can open it from where they are.
pub fn under(root: &Path, rel: &Path) -> PathBuf {
    if root == Path::new(".") {
        rel.to_path_buf()
    } else {
        root.join(rel)
    }
}

/// Prints why a command refused and what it left alone. Exit status 2 when only the
/// command line was at fault (such as a missing `--program`), 1 otherwise.
pub fn refused(diags: &[Diagnostic], outcome: &str) -> ExitCode {
    print_diagnostics(diags);
    ideawiki::tell!("error: {outcome}");
    if !diags.is_empty() && diags.iter().all(|d| d.code == "usage") {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}
