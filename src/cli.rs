//! Command-line definitions (clap derive). Syntax only: `config` turns these into typed,
//! validated settings, and no stage ever sees a clap type.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ingest::Format;

/// After `report --help`.
const HELP_REPORT: &str = "\
Exit status:
  0  success
  1  runtime error (the report cannot be read, is not a lockstep/report/v1 document, or the
     output cannot be written)
  2  usage error";

/// Finds coordinated inauthentic behaviour in exported social-media datasets.
///
/// lockstep reads post and account dumps, finds accounts that act together (same content,
/// same links, same media, same timing), and reports the suspected networks with evidence.
#[derive(Debug, Parser)]
#[command(name = "lockstep", version, about, after_help = crate::exit::HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print stage timings and memory to stderr (inspect, analyze, features, generate).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Quieter stderr: no sample rejections (inspect, analyze, features), no summary line
    /// (generate). Errors, gates and "nothing usable read" are still said.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read posts (and accounts) and summarise them: counts, rejections, coverage, time range.
    #[command(after_help = crate::exit::HELP_READ)]
    Inspect(InspectArgs),

    /// Find coordinated networks: co-action graph, clustering, scores and evidence.
    #[command(after_help = crate::exit::HELP_ANALYZE)]
    Analyze(AnalyzeArgs),

    /// One row per account: emptiness and its components, posting rhythm, reuse of content.
    #[command(after_help = crate::exit::HELP_READ)]
    Features(FeaturesArgs),

    /// Fingerprint posts and write their co-action events as Parquet for the distributed
    /// engine (`analyze --events DIR`, `--engine df://HOST:PORT`).
    #[cfg(feature = "engine")]
    #[command(after_help = crate::exit::HELP_READ)]
    Prepare(PrepareArgs),

    /// Write a labelled synthetic corpus (posts, accounts, ground truth) for measuring detection.
    #[command(after_help = crate::exit::HELP_GENERATE)]
    Generate(GenerateArgs),

    /// Compare detected networks (a report) with ground-truth labels.
    #[command(after_help = crate::exit::HELP_SCORE)]
    Score(ScoreArgs),

    /// Render a saved JSON report (`analyze --format json`) as HTML, a graph file, a table or
    /// CSV, without running the analysis again.
    #[command(after_help = HELP_REPORT)]
    Report(ReportArgs),

    /// Print a shell completion script to stdout (e.g. `lockstep completions bash >
    /// ~/.local/share/bash-completion/completions/lockstep`).
    Completions(CompletionsArgs),

    /// Print lockstep's man page (roff) to stdout: `lockstep man > lockstep.1; man ./lockstep.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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

    /// Export schema of the post files: auto (recognise it from the header or first record,
    /// and report which), canonical, twitter-io, twitter-v2, mastodon, telegram, crowdtangle,
    /// bluesky, coortweet.
    #[arg(long, value_enum, value_name = "PRESET", default_value_t = crate::ingest::Preset::Auto)]
    pub preset: crate::ingest::Preset,

    /// Map a canonical field to a source column or dotted JSON path (`post_id=meta.uid`,
    /// `tags[].name` collects from a list); repeatable; overrides the preset for that field.
    #[arg(long = "map", value_name = "FIELD=SOURCE")]
    pub maps: Vec<String>,

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

/// Output formats of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// The `lockstep/report/v1` document.
    Json,
    /// One network per line.
    Ndjson,
    /// One row per (network, account).
    Csv,
    /// A readable summary.
    Table,
    /// Every linked account pair (CSV), the way pair-based tools such as CooRTweet report:
    /// Source, Target, network, figures, the objects behind the pair.
    Pairs,
    /// One self-contained HTML page (no script, opens offline): run, input, every network
    /// with timeline, account graph and evidence.
    Html,
    /// The accounts and kept pairs of every group as GEXF 1.2, for Gephi.
    Gexf,
    /// The same graph as GraphML (Gephi, yEd, igraph, NetworkX, Cytoscape).
    Graphml,
}

/// Output formats of `report`: every `analyze` format that is a view of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page.
    Html,
    /// The `lockstep/report/v1` document, as read.
    Json,
    /// One network per line.
    Ndjson,
    /// One row per (network, account).
    Csv,
    /// A readable summary.
    Table,
    /// GEXF 1.2, for Gephi.
    Gexf,
    /// GraphML.
    Graphml,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A JSON report written by `lockstep analyze` (`--format json`). `-` reads standard
    /// input.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
    pub format: AnalyzeFormat,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write every post behind every group action to FILE (CSV: network, verdict,
    /// signal, object, action, post_id, account_id, timestamp, delay_seconds). Nothing is cut.
    #[arg(long, value_name = "FILE")]
    pub evidence: Option<PathBuf>,

    /// Fixed co-action window: `30m` for every signal, or `SIGNAL=DURATION` (`reshare=60s`);
    /// repeatable, one a signal (a named window overrides the bare one, in any order).
    /// Durations take s, m, h or d. Default: none; each object's window follows
    /// its rarity (corpus span / its users, at least 10 s), so a rare photo links accounts
    /// days apart and a viral link only within minutes. Fixed windows are for comparing with
    /// tools that use one (CooRTweet: `--window 60s`).
    #[arg(long, value_name = "[SIGNAL=]DURATION")]
    pub window: Vec<String>,

    /// Signals to use, comma-separated: text_near, text_exact, url, domain, media, hashtags,
    /// reshare, reply. Default: all but text_exact (near-duplicate groups include exact copies).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub signals: Vec<String>,

    /// Distinct acts (pairs of posts on distinct objects) two accounts must share to be
    /// linked.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_coactions: u32,

    /// Fewest accounts in a network.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min_size: usize,

    /// Lowest score (0..1) of a reported network.
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub min_score: f64,

    /// Largest chance probability of a linked pair (per-signal Poisson test, corrected for
    /// the signals tested): at most ALPHA x pairs tested are kept by chance (reported as
    /// `graph.expected_chance_pairs`).
    #[arg(long, value_name = "P", default_value_t = 1e-3, hide_short_help = true)]
    pub alpha: f64,

    /// Objects used by more accounts than this are treated as crowds and skipped (recorded in
    /// the report). The pair work is bounded anyway (64 neighbours per use); this only skips
    /// the largest crowds outright.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 100_000,
        hide_short_help = true
    )]
    pub crowd_limit: usize,

    /// CooRTweet's participation rule: drop accounts with fewer than N posts, and keep a pair
    /// only when one of its accounts has N posts in co-actions. For comparing pair lists.
    #[arg(long, value_name = "N", hide_short_help = true)]
    pub min_participation: Option<u32>,

    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Exit with status 3 when at least one network is reported (for CI gates).
    #[arg(long)]
    pub fail_on_networks: bool,

    /// Run the co-action join on the events `lockstep prepare` wrote to DIR (from the same
    /// posts), on Apache DataFusion inside this process: out-of-core with
    /// `--engine-memory`, and the same result as without it.
    #[cfg(feature = "engine")]
    #[arg(long, value_name = "DIR")]
    pub events: Option<PathBuf>,

    /// Send the co-action join to an Apache Ballista scheduler (`df://HOST:PORT`); needs
    /// `--events DIR` on storage every executor can read. `standalone` starts an in-process
    /// scheduler and executor (for testing the distributed plan).
    #[cfg(feature = "distributed")]
    #[arg(long, value_name = "URL", requires = "events")]
    pub engine: Option<String>,

    /// Memory the embedded engine holds before spilling to disk, MiB (default: unbounded).
    #[cfg(feature = "engine")]
    #[arg(long, value_name = "MIB", requires = "events", hide_short_help = true)]
    pub engine_memory: Option<usize>,
}

/// Arguments of `prepare`.
#[cfg(feature = "engine")]
#[derive(Debug, Args)]
pub struct PrepareArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Directory to write (must not exist or be empty): manifest.json, events/, posts/,
    /// objects/. Disk: roughly 10 bytes per event after zstd.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,

    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Output formats of `features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FeaturesFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct FeaturesArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FeaturesFormat::Csv)]
    pub format: FeaturesFormat,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Which corpus to make.
    #[arg(long, value_enum)]
    pub scenario: crate::eval::generate::Scenario,

    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Organic posts to aim for (campaigns add theirs). Default: olympics 40,000, mixed
    /// 160,000, scale 1,000,000, varied 45,000. Memory holds one day of posts, not the corpus.
    #[arg(long, value_name = "N")]
    pub posts: Option<u64>,

    /// Directory to write posts.jsonl, accounts.jsonl and labels.csv into (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Also write posts.csv and accounts.csv.
    #[arg(long)]
    pub csv: bool,
}

/// Output formats of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Ground truth: CSV with account_id, network (empty for organic) and optional tactic.
    #[arg(long, value_name = "LABELS")]
    pub truth: PathBuf,

    /// The detected networks: a lockstep JSON report, or a CSV with account_id and network
    /// columns. `-` reads standard input.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,

    /// Exit with status 3 when account-level F1 is below X (for CI gates).
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
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
        let Command::Inspect(a) = cli.command else {
            panic!("not inspect")
        };
        assert_eq!(a.input.posts.len(), 2);
        assert_eq!(a.input.accounts.len(), 1);
        assert!(a.input.strict);
        assert_eq!(a.format, InspectFormat::Json);
        assert_eq!(a.input.input_format, Some(Format::Csv));
    }

    #[test]
    fn generate_and_score_flags() {
        let cli = Cli::try_parse_from([
            "lockstep",
            "generate",
            "--scenario",
            "mixed",
            "--seed",
            "7",
            "--out",
            "d",
            "--csv",
        ])
        .unwrap();
        let Command::Generate(g) = cli.command else {
            panic!("not generate")
        };
        assert_eq!(g.seed, 7);
        assert!(g.csv);
        let cli = Cli::try_parse_from([
            "lockstep", "score", "--truth", "l.csv", "r.json", "--min-f1", "0.9",
        ])
        .unwrap();
        let Command::Score(s) = cli.command else {
            panic!("not score")
        };
        assert_eq!(s.min_f1, Some(0.9));
        assert!(
            Cli::try_parse_from(["lockstep", "generate", "--scenario", "nope", "--out", "d"])
                .is_err()
        );
    }

    #[test]
    fn analyze_flags() {
        let cli = Cli::try_parse_from([
            "lockstep",
            "analyze",
            "p.jsonl",
            "--window",
            "reshare=60s",
            "--window",
            "2h",
            "--signals",
            "url,reshare",
            "--min-coactions",
            "2",
            "--format",
            "table",
            "--fail-on-networks",
            "--threads",
            "2",
        ])
        .unwrap();
        let Command::Analyze(a) = cli.command else {
            panic!("not analyze")
        };
        assert_eq!(a.window, ["reshare=60s", "2h"]);
        assert_eq!(a.signals, ["url", "reshare"]);
        assert_eq!(a.min_coactions, 2);
        assert!(a.fail_on_networks);
        assert_eq!(a.format, AnalyzeFormat::Table);
    }

    #[test]
    fn completions_and_man() {
        let cli = Cli::try_parse_from(["lockstep", "completions", "zsh"]).unwrap();
        let Command::Completions(c) = cli.command else {
            panic!("not completions")
        };
        assert_eq!(c.shell, clap_complete::Shell::Zsh);
        assert!(Cli::try_parse_from(["lockstep", "completions", "tcsh"]).is_err());
        assert!(matches!(
            Cli::try_parse_from(["lockstep", "man"]).unwrap().command,
            Command::Man
        ));
    }

    #[test]
    fn report_and_new_formats() {
        let cli = Cli::try_parse_from(["lockstep", "report", "r.json", "-o", "r.html"]).unwrap();
        let Command::Report(r) = cli.command else {
            panic!("not report")
        };
        assert_eq!(r.format, ReportFormat::Html);
        assert_eq!(r.output.as_deref(), Some(std::path::Path::new("r.html")));
        let cli = Cli::try_parse_from([
            "lockstep",
            "analyze",
            "p.jsonl",
            "--format",
            "graphml",
            "--evidence",
            "e.csv",
        ])
        .unwrap();
        let Command::Analyze(a) = cli.command else {
            panic!("not analyze")
        };
        assert_eq!(a.format, AnalyzeFormat::Graphml);
        assert!(a.evidence.is_some());
        assert!(Cli::try_parse_from(["lockstep", "report"]).is_err());
    }

    #[test]
    fn inspect_needs_a_file() {
        assert!(Cli::try_parse_from(["lockstep", "inspect"]).is_err());
    }
}
