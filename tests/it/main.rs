//! Integration tests: one test binary that spawns the real `disclose`, with
//! a module per area.

mod util;

mod ledger;
mod verify;
