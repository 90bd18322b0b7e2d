//! `ideawiki theme eject`.

use std::process::ExitCode;

use ideawiki::commands::theme;

use super::prelude::{SiteRoot, refused};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Copy the built-in theme's templates and static files (or only those named) into
    /// the site's templates/ and static/, to change them there. Never overwrites a file.
    Eject {
        /// Files to copy, such as idea.html or style.css [default: all of them]
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        #[command(flatten)]
        site: SiteRoot,
    },
}

pub fn run(args: Args) -> ExitCode {
    match args.action {
        Action::Eject { files, site } => {
            let root = site.dir();
            match theme::eject(&root, &files) {
                Ok(written) => {
                    for rel in written {
                        ideawiki::say!("wrote {}", rel.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => refused(&diags, "no file was written"),
            }
        }
    }
}
