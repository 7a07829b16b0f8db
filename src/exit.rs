//! Exit statuses, and the error type that marks a refusal by policy.

use std::fmt;

/// The process exit status. The numbers are part of the interface: scripts
/// and CI jobs branch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Success.
    Success = 0,
    /// Findings: `check` found a leak, `verify` or `ledger verify` a mismatch.
    Findings = 1,
    /// Error: usage, unreadable or malformed input, invalid policy, I/O.
    Error = 2,
    /// The policy does not permit the request.
    Refused = 3,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// A request that the policy does not permit. Commands return it inside an
/// `anyhow::Error`; `main` maps it to exit status 3.
#[derive(Debug)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused: {}", self.0)
    }
}

impl std::error::Error for Refusal {}

/// Build a refusal error.
pub fn refuse(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Refusal(message.into()))
}

/// The exit status for an error: 3 for a refusal, 2 for anything else.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    if err.chain().any(|e| e.is::<Refusal>()) {
        ExitCode::Refused
    } else {
        ExitCode::Error
    }
}

/// Whether an error is a broken pipe on standard output (the reader went
/// away, e.g. `disclose plan ... | head`): that ends quietly with status 0.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
