//! `ideawiki export`.

use std::process::ExitCode;

use ideawiki::BuildOptions;
use ideawiki::commands::export::{self, EmailPolicy, Format};

use super::prelude::{SiteRoot, print_diagnostics, refused};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// `csv` (RFC 4180, one row per idea, lists joined with `; `) or `json`
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
    /// Only the ideas of this year [default: every year]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2999))]
    pub year: Option<u16>,
    /// How mentors' addresses appear [default: as the site's `emails` setting says]
    #[arg(long, value_enum)]
    pub emails: Option<EmailsArg>,
    /// Include ideas and years marked as drafts
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub site: SiteRoot,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    Csv,
    Json,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailsArg {
    Hide,
    Obfuscate,
    Plain,
}

pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        drafts: args.drafts,
        ..BuildOptions::new(args.site.dir())
    };
    let emails = args.emails.map(|e| match e {
        EmailsArg::Hide => EmailPolicy::Hide,
        EmailsArg::Obfuscate => EmailPolicy::Obfuscate,
        EmailsArg::Plain => EmailPolicy::Plain,
    });
    let rows = match export::rows(&opts, args.year, emails) {
        Ok(r) => r,
        Err(diags) => return refused(&diags, "nothing was exported"),
    };
    let format = match args.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
    };
    match export::render(&rows, format) {
        Ok(text) => {
            use std::io::Write as _;
            match std::io::stdout().lock().write_all(text.as_bytes()) {
                // `export | head` closes the pipe early: not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    ideawiki::tell!("error: cannot write the export: {e}");
                    ExitCode::from(1)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}
