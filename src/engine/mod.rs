//! The co-action join on Apache DataFusion (embedded) or an Apache Ballista cluster.
//!
//! `lockstep analyze POSTS --events DIR` reads the events that `lockstep prepare` wrote to
//! `DIR` and runs the co-action self-join (`sql/coaction_hits.sql`) and its statistics
//! (`sql/coaction_stats.sql`) on DataFusion inside the process; `--engine df://HOST:PORT`
//! sends the same plan to a Ballista scheduler. The result is exactly what the in-memory
//! `graph::coaction::hits` returns for every signal, so act selection, significance,
//! clustering, scoring and the report run unchanged on it (`graph::build_with_hits`).
//!
//! What it deliberately does not do (yet): the report still needs the corpus and its
//! features in memory, so lockstep still reads the posts; the engine takes the part that
//! grows fastest, the pairs. Near-duplicate grouping stays in lockstep too.
//!
//! Invariants: the events in `DIR` were prepared from the same posts (checked against the
//! manifest: post and account counts, time range); the plan holds no user-defined function.

pub mod diag;
pub mod read;
pub mod sql;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

use crate::graph::coaction::Hit;
use crate::graph::{self, Bounds, CoactionGraph, GraphConfig, SignalStats, Window};
use crate::model::Corpus;
use crate::prepare::Manifest;

/// `--engine standalone`: an in-process Ballista scheduler and executor, to test the
/// distributed plan (serialised, split into stages, shuffled) without a cluster.
pub const STANDALONE: &str = "standalone";

/// Where the join runs.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The directory `lockstep prepare` wrote.
    pub events: PathBuf,
    /// A Ballista scheduler (`df://HOST:PORT`, or `STANDALONE`), or `None` for the
    /// embedded engine.
    pub remote: Option<String>,
    /// Memory the embedded engine may hold before it spills to disk, bytes; `None` is
    /// unbounded.
    pub memory_limit: Option<usize>,
    /// Partitions (parallel tasks) per stage; 0 takes the thread count.
    pub partitions: usize,
}

/// Builds the co-action graph with the hits computed by the engine. See the module
/// documentation.
///
/// # Errors
/// The manifest is missing or does not match the corpus, the engine fails, or its result
/// holds a value out of range.
pub fn build_graph(
    e: &EngineConfig,
    c: &Corpus,
    f: &crate::features::Features,
    cfg: &GraphConfig,
) -> Result<CoactionGraph> {
    let manifest = Manifest::read(&e.events)?;
    manifest.check(c)?;
    let windows = graph::window_rules(c, cfg);
    let hits = hits(e, &cfg.signals, &windows, cfg.bounds, c.account_ids.len())?;
    Ok(graph::build_with_hits(c, f, cfg, Some(hits)))
}

/// Runs the plan and returns, per signal in `signals` order, the hits (sorted by object,
/// then pair, as `coaction::hits` returns them) and the statistics.
///
/// # Errors
/// As `build_graph`.
pub fn hits(
    e: &EngineConfig,
    signals: &[graph::Signal],
    windows: &[Window],
    bounds: Bounds,
    n_accounts: usize,
) -> Result<Vec<(Vec<Hit>, SignalStats)>> {
    if bounds.max_neighbors == 0 {
        bail!("the engine needs a neighbour bound of at least 1");
    }
    let rules = sql::rules(signals, windows);
    let hits_sql = sql::fill(sql::HITS, &rules, bounds);
    let stats_sql = sql::fill(sql::STATS, &rules, bounds);
    let (hit_batches, stat_batches) = run(e, &[("hits", hits_sql), ("statistics", stats_sql)])
        .map(|mut v| {
            let s = v.pop().unwrap_or_default();
            let h = v.pop().unwrap_or_default();
            (h, s)
        })?;
    read::assemble(signals, &hit_batches, &stat_batches, n_accounts)
}

/// Runs `queries` in order on the configured engine and collects their results.
fn run(e: &EngineConfig, queries: &[(&str, String)]) -> Result<Vec<Vec<RecordBatch>>> {
    diag::init(None);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the engine's async runtime")?;
    rt.block_on(async {
        let ctx = context(e).await?;
        register(&ctx, &e.events).await?;
        let mut out = Vec::with_capacity(queries.len());
        for (name, q) in queries {
            let df = ctx
                .sql(q)
                .await
                .with_context(|| format!("planning the co-action {name} query"))?;
            out.push(
                df.collect()
                    .await
                    .with_context(|| format!("running the co-action {name} query"))?,
            );
        }
        Ok::<_, anyhow::Error>(out)
    })
}

/// The session: embedded (with a spill pool when a memory limit is set) or remote.
///
/// # Errors
/// The runtime cannot be set up, or the scheduler cannot be reached.
pub async fn context(e: &EngineConfig) -> Result<SessionContext> {
    let partitions = if e.partitions == 0 {
        rayon::current_num_threads().max(1)
    } else {
        e.partitions
    };
    match &e.remote {
        #[cfg(feature = "distributed")]
        Some(url) => remote(url, partitions).await,
        #[cfg(not(feature = "distributed"))]
        Some(url) => bail!(
            "--engine {url}: this lockstep was built without the feature `distributed` \
             (Ballista)"
        ),
        None => {
            let config = SessionConfig::new().with_target_partitions(partitions);
            let mut rt = RuntimeEnvBuilder::new();
            if let Some(bytes) = e.memory_limit {
                rt = rt.with_memory_pool(Arc::new(FairSpillPool::new(bytes)));
            }
            let env = rt.build_arc().context("setting up the embedded engine")?;
            Ok(SessionContext::new_with_config_rt(config, env))
        }
    }
}

/// A session on a Ballista cluster.
///
/// The in-process cluster (`STANDALONE`) runs Ballista's static planner: its adaptive
/// planner, re-planning joins in the scheduler that shares this process's session, fails on
/// this plan in Ballista 55 (DataFusion refuses to swap a hash join's inputs once its
/// dynamic filter is built, and the job then never finishes). A real cluster
/// (`df://HOST:PORT`) keeps the scheduler's own settings; `.ci/distributed` runs one.
/// A plan with a union of one-row `SELECT`s stalls Ballista 55 (see `sql::rules`).
#[cfg(feature = "distributed")]
async fn remote(url: &str, partitions: usize) -> Result<SessionContext> {
    use ballista::prelude::{SessionConfigExt, SessionContextExt};
    use datafusion::execution::SessionStateBuilder;
    let config = SessionConfig::new_with_ballista().with_target_partitions(partitions);
    if url == STANDALONE {
        let state = SessionStateBuilder::new()
            .with_config(config.with_ballista_adaptive_query_planner(false))
            .with_default_features()
            .build();
        return SessionContext::standalone_with_state(state)
            .await
            .context("starting an in-process Ballista cluster");
    }
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .build();
    SessionContext::remote_with_state(url, state)
        .await
        .with_context(|| format!("connecting to the Ballista scheduler at {url}"))
}

/// Registers `DIR/events` (Hive-partitioned by day) as the table `events`.
pub async fn register(ctx: &SessionContext, dir: &Path) -> Result<()> {
    let abs = std::path::absolute(dir.join("events"))
        .with_context(|| format!("resolving {}", dir.display()))?;
    let url = format!("{}/", abs.display());
    let opts = ParquetReadOptions::default()
        .table_partition_cols(vec![("day".to_string(), DataType::Utf8)]);
    ctx.register_parquet("events", &url, opts)
        .await
        .with_context(|| format!("reading the events in {}", abs.display()))
}
