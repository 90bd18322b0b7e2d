//! `ideawiki serve`.

use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use ideawiki::BuildOptions;
use ideawiki::serve::{ServeError, ServeOptions, serve};

use super::prelude::{SiteRoot, print_diagnostics};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteRoot,
    /// The address to listen on; anything but loopback exposes the preview to the network
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// The port to listen on [default: 1111, or the next free one]
    #[arg(long, short, value_name = "PORT")]
    pub port: Option<u16>,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Include pages and years marked as drafts
    #[arg(long)]
    pub drafts: bool,
    /// Also answer requests for this host name (`.example.org`: the domain and its
    /// subdomains); repeatable. Only localhost and IP addresses are answered otherwise, so
    /// that no web page can read the preview by pointing its own name at this machine
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
}

pub fn run(args: Args) -> ExitCode {
    let opts = ServeOptions {
        build: BuildOptions {
            root: args.site.dir(),
            drafts: args.drafts,
            ..BuildOptions::default()
        },
        bind: args.bind,
        port: args.port.unwrap_or(1111),
        port_given: args.port.is_some(),
        open: args.open,
        debounce: Duration::from_millis(20),
        allow_hosts: args.allow_hosts,
    };
    match serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServeError::NotASite(d)) => {
            print_diagnostics(&[d]);
            ideawiki::tell!("error: nothing to serve");
            ExitCode::from(1)
        }
        Err(e) => {
            ideawiki::tell!("error: {e}");
            ExitCode::from(1)
        }
    }
}
