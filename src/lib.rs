//! lockstep finds coordinated inauthentic behaviour (CIB) in exported social-media datasets.
//!
//! ```text
//! files -> ingest -> Corpus -> features -> co-action graph -> detect -> report
//! ```
//!
//! Each arrow is a typed value passed by reference; each stage is a module with one entry
//! point. `run` dispatches a parsed command line to the stages and returns an exit code; the
//! binary (`main.rs`) only maps errors to exit statuses.

pub mod cli;
pub mod config;
pub mod detect;
#[cfg(feature = "engine")]
pub mod engine;
pub mod eval;
pub mod exit;
pub mod features;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod output;
#[cfg(feature = "engine")]
pub mod prepare;
pub mod progress;
pub mod render;
pub mod report;

use std::time::Instant;

use anyhow::Result;

use cli::{
    AnalyzeArgs, Cli, Command, FeaturesArgs, FeaturesFormat, GenerateArgs, InspectArgs,
    InspectFormat, ScoreArgs, ScoreFormat,
};
use config::Inputs;
use exit::ExitCode;
use output::{Output, read_inputs};

/// Runs one command line.
///
/// # Errors
/// Fatal errors (I/O, broken input streams), `config::UsageError` and
/// `ingest::StrictError`; `main` maps them to exit statuses.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Inspect(ref args) => run_inspect(args, &cli),
        Command::Analyze(ref args) => run_analyze(args, &cli),
        Command::Features(ref args) => run_features(args, &cli),
        Command::Generate(ref args) => run_generate(args, &cli),
        #[cfg(feature = "engine")]
        Command::Prepare(ref args) => run_prepare(args, &cli),
        Command::Score(ref args) => run_score(args),
        Command::Report(ref args) => render::run_report(args),
        Command::Completions(ref args) => Output::default()
            .write(|w| {
                let mut cmd = <Cli as clap::CommandFactory>::command();
                clap_complete::generate(args.shell, &mut cmd, "lockstep", w);
                Ok(())
            })
            .map(|()| ExitCode::Success),
        Command::Man => Output::default()
            .write(|w| clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(w))
            .map(|()| ExitCode::Success),
    }
}

fn run_analyze(args: &AnalyzeArgs, cli: &Cli) -> Result<ExitCode> {
    let inputs = Inputs::resolve(&args.input)?;
    let gcfg = config::graph(args)?;
    let dcfg = config::detect(args)?;
    config::threads(args.threads)?;
    let out = Output::prepare(args.output.as_deref(), &inputs)?;
    let evidence_out =
        render::prepare_evidence(args.evidence.as_deref(), args.output.as_deref(), &inputs)?;
    let fcfg = features::FeatureConfig::default();
    let progress = progress::Progress::new(cli.quiet);
    let bar = progress.stage("reading");
    let ing = read_inputs(&inputs, cli)?;
    bar.done();
    if let Some(why) = exit::nothing_usable(&ing, inputs.ingest.preset) {
        for line in why {
            note!("lockstep: {}", report::escape::terminal(&line));
        }
        return Ok(ExitCode::NothingUsable);
    }
    let t = Instant::now();
    let ing = canonical(ing)?;
    stage(cli, "order", t);
    let (t, bar) = (Instant::now(), progress.stage("features"));
    let f = features::compute(&ing.corpus, &fcfg);
    bar.done();
    stage(cli, "features", t);
    let (t, bar) = (Instant::now(), progress.stage("co-action graph"));
    let g = build_graph(args, &ing.corpus, &f, &gcfg)?;
    bar.done();
    stage(cli, "graph", t);
    let (t, bar) = (Instant::now(), progress.stage("detect"));
    let d = detect::detect(&ing.corpus, &f, &g, &dcfg);
    bar.done();
    stage(cli, "detect", t);
    let params = config::parameters(&inputs, &fcfg, &gcfg, &dcfg);
    let (t, bar) = (Instant::now(), progress.stage("report"));
    let rep = report::network::build(&ing, &f, &g, &d, gcfg.alpha, params);
    let analysis = render::Analysis {
        ing: &ing,
        f: &f,
        g: &g,
        d: &d,
        report: &rep,
    };
    let to_stdout = args.output.is_none();
    render::write_analysis(&analysis, args.format, to_stdout, out, evidence_out)?;
    bar.done();
    stage(cli, "report", t);
    if args.fail_on_networks && !rep.networks.is_empty() {
        note!(
            "lockstep: {} network(s) found (--fail-on-networks)",
            rep.networks.len()
        );
        return Ok(ExitCode::Gate);
    }
    Ok(ExitCode::Success)
}

/// The co-action graph: in memory, or with the join on the distributed engine.
#[cfg(feature = "engine")]
fn build_graph(
    args: &AnalyzeArgs,
    c: &model::Corpus,
    f: &features::Features,
    gcfg: &graph::GraphConfig,
) -> Result<graph::CoactionGraph> {
    match config::engine(args) {
        Some(e) => engine::build_graph(&e, c, f, gcfg),
        None => Ok(graph::build(c, f, gcfg)),
    }
}

/// The co-action graph, in memory.
#[cfg(not(feature = "engine"))]
fn build_graph(
    _args: &AnalyzeArgs,
    c: &model::Corpus,
    f: &features::Features,
    gcfg: &graph::GraphConfig,
) -> Result<graph::CoactionGraph> {
    Ok(graph::build(c, f, gcfg))
}

/// Ingests, fingerprints and writes the events as Parquet (`prepare`).
#[cfg(feature = "engine")]
fn run_prepare(args: &cli::PrepareArgs, cli: &Cli) -> Result<ExitCode> {
    let inputs = Inputs::resolve(&args.input)?;
    config::threads(args.threads)?;
    let ing = read_inputs(&inputs, cli)?;
    if let Some(why) = exit::nothing_usable(&ing, inputs.ingest.preset) {
        for line in why {
            note!("lockstep: {}", report::escape::terminal(&line));
        }
        return Ok(ExitCode::NothingUsable);
    }
    let ing = canonical(ing)?;
    let t = Instant::now();
    let f = features::compute(&ing.corpus, &features::FeatureConfig::default());
    stage(cli, "features", t);
    let t = Instant::now();
    let m = prepare::prepare(&ing.corpus, &f, &args.output)?;
    stage(cli, "prepare", t);
    if !cli.quiet {
        let events: u64 = m.events.iter().map(|(_, n)| n).sum();
        note!(
            "lockstep: wrote {events} events of {} posts in {} day partition(s) into {}",
            m.posts,
            m.days.len(),
            report::escape::terminal(&args.output.display().to_string())
        );
    }
    Ok(ExitCode::Success)
}

/// Puts the corpus in canonical order, so the analysis does not depend on record order.
fn canonical(mut ing: ingest::Ingested) -> Result<ingest::Ingested> {
    ing.corpus = model::canonical(std::mem::take(&mut ing.corpus))
        .map_err(|_| anyhow::anyhow!("a list column holds more than 2^32 values"))?;
    Ok(ing)
}

/// With `-v`, prints a stage's wall time and the process's peak memory to stderr.
fn stage(cli: &Cli, name: &str, start: Instant) {
    if cli.verbose {
        note!(
            "lockstep: {name} {:.3}s, peak RSS {}",
            start.elapsed().as_secs_f64(),
            peak_rss().map_or("?".into(), |k| format!("{} MiB", k / 1024))
        );
    }
}

/// Peak resident memory in KiB, from /proc (Linux); `None` elsewhere.
fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run_features(args: &FeaturesArgs, cli: &Cli) -> Result<ExitCode> {
    let inputs = Inputs::resolve(&args.input)?;
    config::threads(args.threads)?;
    let out = Output::prepare(args.output.as_deref(), &inputs)?;
    let ing = canonical(read_inputs(&inputs, cli)?)?;
    let start = Instant::now();
    let f = features::compute(&ing.corpus, &features::FeatureConfig::default());
    if cli.verbose {
        note!("lockstep: features {:.3}s", start.elapsed().as_secs_f64());
    }
    let rep = report::features::build(&ing, &f);
    out.write(|w| match args.format {
        FeaturesFormat::Csv => report::features::write_csv(&rep, w),
        FeaturesFormat::Json => report::features::write_json(&rep, w),
    })?;
    Ok(ExitCode::Success)
}

fn run_generate(args: &GenerateArgs, cli: &Cli) -> Result<ExitCode> {
    let start = Instant::now();
    let cfg = eval::generate::GenConfig {
        scenario: args.scenario,
        seed: args.seed,
        posts: config::generate_posts(args.posts)?,
        out: args.out.clone(),
        csv: args.csv,
    };
    let s = eval::generate::generate(&cfg)?;
    let nets: Vec<String> = s.networks.iter().map(|(n, k)| format!("{n} {k}")).collect();
    if !cli.quiet {
        note!(
            "lockstep: wrote {} posts by {} accounts ({} coordinated: {}) from {} to {} into {}",
            s.posts,
            s.accounts,
            s.coordinated_accounts,
            if nets.is_empty() {
                "none".into()
            } else {
                nets.join(", ")
            },
            s.first,
            s.last,
            args.out.display()
        );
    }
    if cli.verbose {
        note!("lockstep: generate {:.3}s", start.elapsed().as_secs_f64());
    }
    Ok(ExitCode::Success)
}

fn run_score(args: &ScoreArgs) -> Result<ExitCode> {
    let min_f1 = config::min_f1(args.min_f1)?;
    let truth = eval::score::read_truth(&args.truth)?;
    let detected = eval::score::read_detected(&args.report)?;
    let s = eval::score::score(&truth, &detected);
    Output::default().write(|w| match args.format {
        ScoreFormat::Json => {
            report::escape::json_pretty(&mut *w, &s)?;
            writeln!(w)
        }
        ScoreFormat::Table => eval::score::write_table(&s, w),
    })?;
    Ok(match min_f1 {
        Some(x) if s.accounts.f1 < x => {
            note!(
                "lockstep: account F1 {:.4} is below --min-f1 {x}",
                s.accounts.f1
            );
            ExitCode::Gate
        }
        _ => ExitCode::Success,
    })
}

fn run_inspect(args: &InspectArgs, cli: &Cli) -> Result<ExitCode> {
    let inputs = Inputs::resolve(&args.input)?;
    let out = Output::prepare(args.output.as_deref(), &inputs)?;
    let ing = read_inputs(&inputs, cli)?;
    let rep = report::inspect::build(&ing, args.top);
    out.write(|w| match args.format {
        InspectFormat::Json => report::inspect::write_json(&rep, w),
        InspectFormat::Table => report::inspect::write_table(&rep, w),
    })?;
    Ok(ExitCode::Success)
}
