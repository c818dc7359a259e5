// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

//! lockstep's integration tests: one binary, so the suite compiles once.
//!
//! - `util`: the `lockstep()` command helper, a temporary `Workdir`, JSON decoding.
//! - `inspect`: ingest through the binary, one fixture per input shape; counts and fields.
//! - `errors`: bad input and bad arguments: messages, exit statuses, `--strict`.

mod errors;
mod inspect;
mod util;
