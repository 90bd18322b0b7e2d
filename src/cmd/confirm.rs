//! `ideawiki confirm`.

use std::path::PathBuf;
use std::process::ExitCode;

use ideawiki::commands::confirm;

use super::prelude::{SiteRoot, refused, under};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The idea files to confirm, such as content/gsoc/2027/my-idea.md
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub site: SiteRoot,
}

pub fn run(args: Args) -> ExitCode {
    let root = args.site.dir();
    match confirm::confirm(&root, &args.paths) {
        Ok(done) => {
            for c in done {
                let shown = under(&root, &c.file);
                if c.changed {
                    ideawiki::say!("confirmed {}", shown.display());
                } else {
                    ideawiki::say!("{} was already confirmed", shown.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => refused(&diags, "no file was changed"),
    }
}
