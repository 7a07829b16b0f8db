//! One disclosure run, from records in to files committed.

pub mod engine;
pub mod leak;
pub mod outcome;
pub mod session;
pub mod summary;
pub mod transaction;
