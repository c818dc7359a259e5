//! From format choices to written output: maps `analyze`/`report` formats onto report views
//! (with the table fitted to the terminal), writes `analyze`'s report and `--evidence` file,
//! and runs `lockstep report`, which renders a saved JSON report.
//!
//! Terminal decisions live here, not in the writers: the table's width is the terminal's when
//! stdout is one (else `COLUMNS`, else 100), and colour is on only when stdout is a terminal
//! and `NO_COLOR` is unset or empty (<https://no-color.org>). Writing to a file (`-o`) gets
//! neither.

use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::{AnalyzeFormat, ReportArgs, ReportFormat};
use crate::config::{Inputs, UsageError};
use crate::detect::Detection;
use crate::exit::ExitCode;
use crate::features::Features;
use crate::graph::CoactionGraph;
use crate::ingest::{IngestConfig, Ingested, Source};
use crate::output::Output;
use crate::report::formats::{self, View};
use crate::report::network::{Report, SCHEMA};
use crate::report::table::Style;
use crate::report::{evidence, pairs};

/// The table style for output to stdout (`to_stdout`) or a file.
pub fn table_style(to_stdout: bool) -> Style {
    let tty = to_stdout && std::io::stdout().is_terminal();
    let width = tty
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten()
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .filter(|&w| w > 0)
        .unwrap_or(100);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        width,
        colour: tty && !no_color,
    }
}

/// The report view of an `analyze` format; `None` for `pairs`, which needs the graph.
pub fn analyze_view(f: AnalyzeFormat, to_stdout: bool) -> Option<View> {
    Some(match f {
        AnalyzeFormat::Json => View::Json,
        AnalyzeFormat::Ndjson => View::Ndjson,
        AnalyzeFormat::Csv => View::Csv,
        AnalyzeFormat::Table => View::Table(table_style(to_stdout)),
        AnalyzeFormat::Html => View::Html,
        AnalyzeFormat::Gexf => View::Gexf,
        AnalyzeFormat::Graphml => View::Graphml,
        AnalyzeFormat::Pairs => return None,
    })
}

/// Prepares the `--evidence` destination before any work, refusing the report's own `-o`.
///
/// # Errors
/// A `UsageError` when it is an input, a directory or the `-o` file; I/O errors.
pub fn prepare_evidence(
    evidence: Option<&Path>,
    output: Option<&Path>,
    inputs: &Inputs,
) -> Result<Option<Output>> {
    let Some(p) = evidence else {
        return Ok(None);
    };
    if output.is_some_and(|o| o == p) {
        return Err(UsageError(format!(
            "--evidence {} is also the -o file; choose two files",
            p.display()
        ))
        .into());
    }
    Output::prepare_for("--evidence", Some(p), inputs).map(Some)
}

/// Everything `analyze` computed, for the writers that need more than the report.
pub struct Analysis<'a> {
    pub ing: &'a Ingested,
    pub f: &'a Features,
    pub g: &'a CoactionGraph,
    pub d: &'a Detection,
    pub report: &'a Report,
}

/// Writes `analyze`'s output in `format` to `out`, then the evidence file if asked for.
///
/// # Errors
/// Write errors of either file.
pub fn write_analysis(
    a: &Analysis<'_>,
    format: AnalyzeFormat,
    to_stdout: bool,
    out: Output,
    evidence_out: Option<Output>,
) -> Result<()> {
    out.write(|w| match analyze_view(format, to_stdout) {
        Some(view) => formats::write(a.report, view, w),
        None => pairs::write(a.ing, a.f, a.g, a.d, w),
    })?;
    if let Some(o) = evidence_out {
        o.write(|w| evidence::write(a.ing, a.f, a.g, a.d, w))?;
    }
    Ok(())
}

/// `lockstep report`: reads a saved JSON report and writes it in another format.
///
/// # Errors
/// An unreadable file, a document that is not a `lockstep/report/v1` report, write errors.
pub fn run_report(args: &ReportArgs) -> Result<ExitCode> {
    let source = Source::from_arg(&args.report);
    let inputs = Inputs {
        posts: vec![source.clone()],
        accounts: Vec::new(),
        ingest: IngestConfig::default(),
    };
    let out = Output::prepare(args.output.as_deref(), &inputs)?;
    let r = read_report(&source, &args.report)?;
    let view = match args.format {
        ReportFormat::Html => View::Html,
        ReportFormat::Json => View::Json,
        ReportFormat::Ndjson => View::Ndjson,
        ReportFormat::Csv => View::Csv,
        ReportFormat::Table => View::Table(table_style(args.output.is_none())),
        ReportFormat::Gexf => View::Gexf,
        ReportFormat::Graphml => View::Graphml,
    };
    out.write(|w| formats::write(&r, view, w))?;
    Ok(ExitCode::Success)
}

/// Reads and decodes a JSON report (a file, or standard input for `-`).
///
/// # Errors
/// I/O errors, invalid JSON, a document of another schema or missing required fields.
pub fn read_report(source: &Source, path: &Path) -> Result<Report> {
    let mut bytes = Vec::new();
    match source {
        Source::Stdin => std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading standard input")?,
        Source::Path(p) => {
            bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            bytes.len()
        }
    };
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a JSON document", path.display()))?;
    match v.get("schema").and_then(|s| s.as_str()) {
        Some(SCHEMA) => {}
        Some(other) => bail!(
            "{}: schema {other:?}, expected {SCHEMA:?} (write it with `lockstep analyze --format json`)",
            path.display()
        ),
        None => bail!(
            "{}: not a lockstep report (no \"schema\" field; write one with `lockstep analyze --format json`)",
            path.display()
        ),
    }
    serde_json::from_value(v)
        .with_context(|| format!("{}: not a complete {SCHEMA} report", path.display()))
}
