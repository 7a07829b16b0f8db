//! Integration tests: each spawns the real `disclose` binary. One test
//! binary, one module per area.

mod apply;
mod bases;
mod check;
mod completions;
mod docs;
mod faults;
mod formats;
mod help;
mod init;
mod ledger;
mod policy;
mod props;
mod terminal;
mod util;
mod verify;
