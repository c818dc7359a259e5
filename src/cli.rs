//! Command-line definitions (clap derive). Syntax only: `config` turns these into typed,
//! validated settings, and no stage ever sees a clap type.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ingest::Format;

/// Finds coordinated inauthentic behaviour in exported social-media datasets.
///
/// lockstep reads post and account dumps, finds accounts that act together (same content,
/// same links, same media, same timing), and reports the suspected networks with evidence.
#[derive(Debug, Parser)]
#[command(name = "lockstep", version, about, after_help = crate::exit::HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print stage timings and memory to stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Do not print sample rejections to stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read posts (and accounts) and summarise them: counts, rejections, coverage, time range.
    #[command(after_help = crate::exit::HELP)]
    Inspect(InspectArgs),
}

/// Where records come from and how to read them (shared by every command that reads data).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Post files (JSONL, JSON, CSV, TSV; optionally .gz or .zst). `-` reads standard input.
    #[arg(required = true, value_name = "POSTS")]
    pub posts: Vec<PathBuf>,

    /// Account profile file(s), same formats. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub accounts: Vec<PathBuf>,

    /// Record format, overriding detection by extension and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// Zone for timestamps without an offset: UTC, +02:00, or an IANA name like Europe/Paris.
    #[arg(long, value_name = "ZONE", default_value = "UTC")]
    pub tz: String,

    /// Stop at the first bad record (exit status 2) instead of counting it and going on.
    #[arg(long)]
    pub strict: bool,

    /// Largest record accepted, in MiB; larger ones are rejected as record_too_large.
    #[arg(long, value_name = "MIB", default_value_t = 16, hide_short_help = true)]
    pub max_record_mib: usize,
}

/// Output formats of `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,

    /// How many of the most active accounts to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn inspect_flags() {
        let cli = Cli::try_parse_from([
            "lockstep",
            "inspect",
            "a.jsonl",
            "b.csv",
            "--accounts",
            "acc.csv",
            "--tz",
            "Europe/Paris",
            "--strict",
            "--format",
            "json",
            "--input-format",
            "csv",
        ])
        .unwrap();
        let Command::Inspect(a) = cli.command;
        assert_eq!(a.input.posts.len(), 2);
        assert_eq!(a.input.accounts.len(), 1);
        assert!(a.input.strict);
        assert_eq!(a.format, InspectFormat::Json);
        assert_eq!(a.input.input_format, Some(Format::Csv));
    }

    #[test]
    fn inspect_needs_a_file() {
        assert!(Cli::try_parse_from(["lockstep", "inspect"]).is_err());
    }
}
