//! The `ideawiki` command: parses flags and hands each subcommand to its module in `cmd/`,
//! which runs the library, prints diagnostics and picks the exit status (0 success, 1 the
//! site has errors, 2 wrong usage).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// A static site generator for project-ideas pages (Google Summer of Code and the like).
///
/// Mentors write one Markdown file per idea; ideawiki renders the year's ideas table, a page
/// per idea and the archive of past years into a static site.
#[derive(Parser, Debug)]
#[command(name = "ideawiki", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    ///
    /// The output is replaced only when the whole build succeeds: on any error the previous
    /// output stays as it was.
    Build(cmd::build::Args),
    /// Create a new site: config, a program with this year's section, an example idea
    /// and a wiki page, using the built-in theme.
    ///
    /// Refuses a folder that is not empty unless `--force`, and even then never overwrites
    /// a file.
    Init(cmd::init::Args),
    /// Write a new idea or year section, with every front-matter key ready to fill in.
    New(cmd::new::Args),
    /// Check everything `build` checks, without writing anything, plus broken links,
    /// missing files, duplicate titles, ideas without mentors or skills and past deadlines.
    ///
    /// Exit status: 0 no errors, 1 errors (or warnings with `--deny-warnings`), 2 wrong
    /// usage.
    Check(cmd::check::Args),
    /// Mark a year archived (and set or clear its notice), editing only those lines of its
    /// `_index.md`.
    Archive(cmd::archive::Args),
    /// Start a new year from the ideas still open in an old one: creates the new year's
    /// section as a draft and copies every open idea (with `students` cleared and
    /// `confirmed: false` until its mentor confirms it); the old year is not touched.
    Rollover(cmd::rollover::Args),
    /// Confirm ideas a rollover copied: removes their `confirmed: false` line, nothing else.
    Confirm(cmd::confirm::Args),
    /// Print the ideas, one row each, as CSV or JSON: for a program's dashboard or a
    /// spreadsheet. Nothing is written to the output folder.
    Export(cmd::export::Args),
    /// Bring a past year in from a wiki page, a README, a Jekyll/Hugo collection, an HTML
    /// page or issue-form issues: writes the year section and one idea file per idea, then
    /// checks them.
    ///
    /// Never overwrites a file. Text that matches no field is kept in the idea's body
    /// under "Imported notes". Exit status 1 when the source holds no ideas or cannot be read.
    Import(cmd::import::Args),
    /// Build, serve the site on this machine, and rebuild and reload the browser on every save.
    ///
    /// Only what a change touches is rebuilt. A broken save shows its error over the page in
    /// the browser; the last good version stays served underneath.
    Serve(cmd::serve::Args),
    /// Work with the built-in theme: `theme eject [FILE…]` copies its templates and static
    /// files into the site's templates/ and static/, to change them there.
    Theme(cmd::theme::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Archive(args) => cmd::archive::run(args),
        Command::Rollover(args) => cmd::rollover::run(args),
        Command::Confirm(args) => cmd::confirm::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Theme(args) => cmd::theme::run(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
