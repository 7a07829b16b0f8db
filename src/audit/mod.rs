//! The agency's record of a disclosure: the manifest, the notices that go
//! with it, and the hash-chained ledger.

pub mod ledger;
pub mod manifest;
pub mod notice;
