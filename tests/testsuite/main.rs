//! ideawiki's integration tests: one test binary, one module per feature. Every test runs
//! the real `ideawiki` binary on a small site of its own (see [`site::TestSite`]).

mod architecture;
mod authoring;
mod browser;
mod build;
mod cli;
mod crash;
mod errors;
mod export;
mod external;
mod from_issue;
mod fuzz;
mod hostile;
mod hosting;
mod i18n;
mod ideas_site;
mod import;
mod incremental;
mod linkcheck;
mod machine;
mod output;
mod publishing;
mod realdata;
mod revisions;
mod serve;
mod site;
mod snapshots;
mod theme;
mod webdriver;
mod yearly;
