//! ideawiki's integration tests: one test binary, one module per feature. Every test runs
//! the real `ideawiki` binary on a small site of its own (see [`site::TestSite`]).

mod architecture;
mod authoring;
mod browser;
mod build;
mod cli;
mod crash;
mod errors;
mod external;
mod fuzz;
mod hostile;
mod ideas_site;
mod import;
mod incremental;
mod linkcheck;
mod machine;
mod output;
mod realdata;
mod revisions;
mod serve;
mod site;
mod snapshots;
mod theme;
mod webdriver;
