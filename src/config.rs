//! Resolved settings: turns clap's syntax into typed, validated per-stage configs.
//!
//! Problems found here are `UsageError`s (exit status 2): they are the user's arguments, not
//! the data.

use std::fmt;

use crate::cli::InputArgs;
use crate::ingest::{IngestConfig, Source, Zone};

/// Arguments that parse but make no sense. Maps to exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The sources and ingest settings of a command that reads data.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub posts: Vec<Source>,
    pub accounts: Vec<Source>,
    pub ingest: IngestConfig,
}

impl Inputs {
    /// Resolves `InputArgs`.
    ///
    /// # Errors
    /// An unknown `--tz`, standard input named twice, or a zero record limit.
    pub fn resolve(a: &InputArgs) -> Result<Self, UsageError> {
        let posts: Vec<Source> = a.posts.iter().map(|p| Source::from_arg(p)).collect();
        let accounts: Vec<Source> = a.accounts.iter().map(|p| Source::from_arg(p)).collect();
        let stdin_uses = posts
            .iter()
            .chain(&accounts)
            .filter(|s| **s == Source::Stdin)
            .count();
        if stdin_uses > 1 {
            return Err(UsageError(
                "standard input (-) can be read only once per run".into(),
            ));
        }
        let zone: Zone =
            a.tz.parse()
                .map_err(|e: String| UsageError(format!("--tz: {e}")))?;
        if a.max_record_mib == 0 {
            return Err(UsageError("--max-record-mib must be at least 1".into()));
        }
        Ok(Self {
            posts,
            accounts,
            ingest: IngestConfig {
                format: a.input_format,
                zone,
                strict: a.strict,
                max_record_bytes: a.max_record_mib.saturating_mul(1024 * 1024),
            },
        })
    }
}

/// Sizes rayon's global pool from `--threads` (default: all cores).
///
/// # Errors
/// Zero threads, or a pool that cannot start.
pub fn threads(n: Option<usize>) -> Result<(), UsageError> {
    if let Some(n) = n {
        if n == 0 {
            return Err(UsageError("--threads must be at least 1".into()));
        }
        // A second call in one process (tests) keeps the first pool; that is harmless.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    }
    Ok(())
}

/// Validates `--min-f1`.
///
/// # Errors
/// A value outside 0..=1.
pub fn min_f1(x: Option<f64>) -> Result<Option<f64>, UsageError> {
    match x {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(UsageError(format!(
            "--min-f1 must be between 0 and 1, not {v}"
        ))),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn inputs(args: &[&str]) -> Result<Inputs, UsageError> {
        let mut v = vec!["lockstep", "inspect"];
        v.extend_from_slice(args);
        let Command::Inspect(a) = Cli::try_parse_from(v).unwrap().command else {
            panic!("not inspect")
        };
        Inputs::resolve(&a.input)
    }

    #[test]
    fn resolves_zone_and_sources() {
        let i = inputs(&["-", "--accounts", "a.csv", "--tz", "+02:00"]).unwrap();
        assert_eq!(i.posts, vec![Source::Stdin]);
        assert_eq!(i.accounts.len(), 1);
    }

    #[test]
    fn rejects_nonsense() {
        assert!(inputs(&["-", "--accounts", "-"]).is_err());
        assert!(inputs(&["a.jsonl", "--tz", "Nowhere/Land"]).is_err());
        assert!(inputs(&["a.jsonl", "--max-record-mib", "0"]).is_err());
    }
}
