//! Files in and out: the record readers, staged atomic outputs and the
//! record writers.

pub mod fs;
pub mod input;
pub mod output;
