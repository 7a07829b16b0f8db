//! One module per command. Each turns its raw arguments into validated
//! objects, then does its work through the library's stages.

pub mod apply;
pub mod check;
pub mod completions;
pub mod init;
pub mod ledger_account;
pub mod ledger_show;
pub mod ledger_suspend;
pub mod ledger_verify;
pub mod list;
pub mod plan;
pub mod verify;
