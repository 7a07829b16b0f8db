//! One disclosure run, from records in to files committed.

pub mod engine;
pub mod summary;
