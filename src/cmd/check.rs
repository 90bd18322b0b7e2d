//! `ideawiki check`.

use std::io::IsTerminal;
use std::process::ExitCode;

use ideawiki::BuildOptions;
use ideawiki::commands::check::{self, CheckReport};
use ideawiki::diag::{Diagnostic, Severity};
use ideawiki::util::date::Date;
use ideawiki::util::text::plural;
use serde::Serialize;

use super::prelude::{SiteRoot, note_default_config, print_diagnostics};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteRoot,
    /// Check pages and years marked as drafts too
    #[arg(long)]
    pub drafts: bool,
    /// Check the site as published at this address, as `build --base-url` builds it
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Fail (exit status 1) on warnings too, not only on errors
    #[arg(long)]
    pub deny_warnings: bool,
    /// `human`: like the build's errors, with the source line; `json`: one object per line
    /// per problem, with file, line, column, severity, code, message and help
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also ask the servers behind `http(s)` links and mentors' URLs whether the pages are
    /// still there (needs the network; off by default)
    #[arg(long)]
    pub external: bool,
    /// With --external: how long to wait for each server to answer
    #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external",
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// With --external: how many servers to ask at once
    #[arg(long, value_name = "N", default_value_t = 8, requires = "external",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// One line of `--format json`: the fields CI annotations need, in a fixed order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            file: d
                .file
                .as_ref()
                .map(|f| f.to_string_lossy().replace('\\', "/")),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: d.code,
            message: &d.message,
            help: d.help.as_deref(),
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        drafts: args.drafts,
        base_url: args.base_url,
        ..BuildOptions::new(args.site.dir())
    };
    let external = args
        .external
        .then(|| ideawiki::commands::check::external::Settings {
            timeout: std::time::Duration::from_secs(args.timeout),
            parallel: usize::from(args.jobs),
            progress: args.format == Format::Human && std::io::stderr().is_terminal(),
        });
    let report = check::check_with(&opts, Date::today(), external.as_ref());
    let failed = report.errors() > 0 || (args.deny_warnings && report.warnings() > 0);
    match args.format {
        Format::Json => {
            for d in &report.diagnostics {
                match serde_json::to_string(&JsonDiagnostic::from(d)) {
                    Ok(line) => ideawiki::say!("{line}"),
                    Err(e) => ideawiki::tell!("error: cannot write a diagnostic as JSON: {e}"),
                }
            }
        }
        Format::Human => {
            if report.used_default_config {
                note_default_config(&opts.root);
            }
            print_diagnostics(&report.diagnostics);
            print_unconfirmed(&report);
            ideawiki::tell!("{}", summary(&report, args.deny_warnings));
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Per mentor, the ideas they have not confirmed since the rollover.
fn print_unconfirmed(r: &CheckReport) {
    if r.unconfirmed.is_empty() {
        return;
    }
    ideawiki::tell!("awaiting the mentor's confirmation (`ideawiki confirm FILE` confirms one):");
    for u in &r.unconfirmed {
        let files: Vec<String> = u.files.iter().map(|f| f.display().to_string()).collect();
        ideawiki::tell!(
            "  {}: {}",
            // Names come from strangers' files: no control characters reach the terminal.
            u.mentor
                .as_deref()
                .unwrap_or("(no mentor named)")
                .replace(char::is_control, "?"),
            files.join(", ")
        );
    }
    ideawiki::tell!("");
}

fn summary(r: &CheckReport, deny_warnings: bool) -> String {
    let (errors, warnings) = (r.errors(), r.warnings());
    if r.pages == 0 {
        return format!(
            "error: the site cannot be built: {}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
    }
    let mut pages = plural(r.pages, "page", "pages");
    if let Some(urls) = r.external_urls {
        pages = format!(
            "{pages} and {}",
            plural(urls, "external URL", "external URLs")
        );
    }
    match (errors, warnings) {
        (0, 0) => format!("checked {pages}: no problems found"),
        (0, w) if !deny_warnings => {
            format!("checked {pages}: {}", plural(w, "warning", "warnings"))
        }
        (0, w) => format!(
            "error: checked {pages}: {} (denied by --deny-warnings)",
            plural(w, "warning", "warnings")
        ),
        (e, w) => format!(
            "error: checked {pages}: {}, {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
    }
}
