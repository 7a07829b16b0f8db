//! SHA-256 of inputs and outputs, and the pseudonymization key.

pub mod digest;
pub mod key;
