//! `ideawiki rollover`.

use std::path::PathBuf;
use std::process::ExitCode;

use ideawiki::commands::rollover::{self, Step};
use ideawiki::util::text::plural;

use super::prelude::{SiteRoot, refused, under};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The year to take the open ideas from
    #[arg(value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub from: u16,
    /// The new year; its section is created from the old one unless it exists
    #[arg(value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub to: u16,
    /// The program's folder under `content/` [default: the site's only program]
    #[arg(long, value_name = "NAME")]
    pub program: Option<String>,
    /// Print the plan and write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub site: SiteRoot,
}

pub fn run(args: Args) -> ExitCode {
    let root = args.site.dir();
    let plan = match rollover::rollover_plan(&root, args.program.as_deref(), args.from, args.to) {
        Ok(p) => p,
        Err(diags) => return refused(&diags, "rollover refused; nothing was written"),
    };
    let shown = |p: &PathBuf| under(&root, p).display().to_string();
    for step in &plan.steps {
        match step {
            Step::CreateYear { from, to } => ideawiki::say!(
                "create {}  (from {}: year {}, a draft, no notice)",
                shown(to),
                shown(from),
                args.to
            ),
            Step::KeepYear { file } => ideawiki::say!("keep   {}  (the year exists)", shown(file)),
            Step::Copy { from, to } => ideawiki::say!("copy   {} -> {}", shown(from), shown(to)),
            Step::Skip { file, reason } => ideawiki::say!("skip   {}  ({reason})", shown(file)),
        }
    }
    for note in &plan.notes {
        ideawiki::say!("note: {note}");
    }
    let (copies, skips) = (plan.copies(), plan.skips());
    if args.dry_run {
        ideawiki::say!(
            "dry run: nothing was written ({} would be copied to {}, {skips} left in {})",
            plural(copies, "idea", "ideas"),
            args.to,
            args.from
        );
        return ExitCode::SUCCESS;
    }
    if let Err(diags) = rollover::rollover_apply(&root, &plan) {
        return refused(&diags, "rollover failed; nothing was written");
    }
    ideawiki::say!(
        "rolled {} over from {} to {} ({skips} left behind)",
        plural(copies, "open idea", "open ideas"),
        args.from,
        args.to
    );
    if copies > 0 {
        ideawiki::say!(
            "next: each mentor confirms their idea (`ideawiki confirm FILE`, or deleting its `confirmed: false` line); `ideawiki check` lists them; then set `status: open` in {}'s `_index.md`",
            args.to
        );
    }
    ExitCode::SUCCESS
}
