//! Integration tests: each spawns the real `disclose` binary. One test
//! binary, one module per area.

mod accounting;
mod apply;
mod bases;
mod check;
mod completions;
mod consent;
mod consent_props;
mod docs;
mod failclosed;
mod faults;
mod formats;
mod formats_v2;
mod formula;
mod freetext;
mod fuzzed;
mod help;
mod hostile;
mod init;
mod layers;
mod ledger;
mod nosilent;
mod policy;
mod previews;
mod props;
mod readme;
mod review;
mod secrets;
mod terminal;
mod util;
mod verify;
