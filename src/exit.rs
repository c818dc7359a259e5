//! Exit codes: one enum, one mapping, listed in `--help` and the README.

use std::process::ExitCode as StdExitCode;

/// How lockstep ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: success (also a closed stdout pipe).
    Success,
    /// 1: runtime failure: I/O, a corrupt or truncated stream, unwritable output.
    Failure,
    /// 2: usage error, or a bad record under `--strict`.
    Usage,
    /// 3: a gate tripped (`--min-f1`, `--fail-on-networks`).
    Gate,
}

impl ExitCode {
    /// The numeric status.
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Failure => 1,
            ExitCode::Usage => 2,
            ExitCode::Gate => 3,
        }
    }
}

impl From<ExitCode> for StdExitCode {
    fn from(c: ExitCode) -> Self {
        StdExitCode::from(c.code())
    }
}

/// The exit-code table shown after `--help`.
pub const HELP: &str = "\
Exit status:
  0  success
  1  runtime error (I/O, corrupt or truncated input stream, unwritable output)
  2  usage error, or a bad record under --strict
  3  gate tripped (--min-f1, --fail-on-networks)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::Failure.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
        assert_eq!(ExitCode::Gate.code(), 3);
    }
}
