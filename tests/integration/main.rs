// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

//! lockstep's integration tests: one binary, so the suite compiles once.
//!
//! - `util`: the `lockstep()` command helper, a temporary `Workdir`, JSON decoding.
//! - `inspect`: ingest through the binary, one fixture per input shape; counts and fields.
//! - `errors`: bad input and bad arguments: messages, exit statuses, `--strict`.
//! - `generate`: synthetic corpora are deterministic, labelled consistently and hard.
//! - `score`: metrics against labels, and the `--min-f1` gate.

mod errors;
mod generate;
mod inspect;
mod score;
mod util;
