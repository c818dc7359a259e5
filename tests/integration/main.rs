// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

//! lockstep's integration tests: one binary, so the suite compiles once.
//!
//! - `util`: the `lockstep()` command helper, a temporary `Workdir`, JSON decoding.
//! - `inspect`: ingest through the binary, one fixture per input shape; counts and fields.
//! - `cli`: defaults, exit status 4 (nothing usable), argument bounds, completions, man page.
//! - `errors`: bad input and bad arguments: messages, exit statuses, `--strict`.
//! - `hostile`: input written by an adversary: bounded memory, nothing lost, nothing injected.
//! - `generate`: synthetic corpora are deterministic, labelled consistently and hard.
//! - `score`: metrics against labels, and the `--min-f1` gate.
//! - `analyze`: the bundled case, formats, gates, fast versions of the quality bar.
//! - `determinism`: byte-identical output across thread counts.
//! - `features`: per-account rows.
//! - `fuzz`: the fuzz targets' properties on mutations of their seeds, on stable (ignored but
//!   for a smoke run; `LOCKSTEP_FUZZ_SECS`).
//! - `formats`: HTML, GEXF, GraphML, pairs and evidence CSVs, `lockstep report`: parsed back,
//!   escaped, deterministic.
//! - `browser`: the HTML report rendered in headless Chromium (skipped, saying so, without it).
//! - `presets`: real export schemas, `--preset auto`, `--map`, the real CooRTweet sample.
//! - `regression`: one test per fixed issue, named after it.
//! - `stress`: ten million one-post accounts, a link shared by a million accounts in one
//!   second, under an 8 GiB address-space limit (ignored; `tests/stress.sh` measures them).
//! - `engine` (features `engine`, `distributed`): the DataFusion/Ballista join equals the
//!   in-memory path.

mod analyze;
mod browser;
mod cli;
mod determinism;
#[cfg(feature = "engine")]
mod engine;
mod errors;
mod features;
mod formats;
mod fuzz;
mod generate;
mod hostile;
mod inspect;
mod presets;
mod regression;
mod score;
mod stress;
mod util;
