//! One Ballista cluster process, scheduler or executor, on 127.0.0.1: the entry points of the
//! stock `ballista-scheduler` and `ballista-executor` binaries (`start_server`,
//! `start_executor_process`), from the libraries that `--features distributed` already
//! builds.
//!
//! `.ci/distributed` runs the stock binaries when they are installed in its cache; without
//! them it runs this instead, so that a loopback cluster needs no second DataFusion build
//! (an hour on 2 cores). The processes are separate, talk gRPC and Arrow Flight over
//! loopback and keep their shuffle files in their own work directories, as stock ones do.
//!
//! Logs at `info` to stderr (`LOCKSTEP_ENGINE_LOG` sets another level), as the stock
//! binaries do: `.ci/distributed` counts the tasks each executor logged.
//!
//! ```text
//! ballista_node scheduler PORT
//! ballista_node executor ID PORT GRPC_PORT SCHEDULER_PORT WORK_DIR
//! ```

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::{SchedulerConfig, TaskDistributionPolicy};
use ballista_scheduler::scheduler_process::start_server;

fn port(s: Option<&String>) -> Result<u16> {
    s.context("missing port")?.parse().context("bad port")
}

async fn scheduler(args: &[String]) -> Result<()> {
    let p = port(args.first())?;
    let config = SchedulerConfig::default()
        .with_hostname("127.0.0.1")
        .with_port(p)
        .with_task_distribution(TaskDistributionPolicy::RoundRobin);
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let addr: SocketAddr = format!("127.0.0.1:{p}").parse()?;
    start_server(cluster, addr, Arc::new(config))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

async fn executor(args: &[String]) -> Result<()> {
    let [id, p, grpc, sched, work] = args else {
        bail!("usage: ballista_node executor ID PORT GRPC_PORT SCHEDULER_PORT WORK_DIR");
    };
    let config = ExecutorProcessConfig {
        executor_id: id.clone(),
        bind_host: "127.0.0.1".into(),
        external_host: Some("127.0.0.1".into()),
        port: port(Some(p))?,
        grpc_port: port(Some(grpc))?,
        scheduler_host: "127.0.0.1".into(),
        scheduler_port: port(Some(sched))?,
        scheduler_connect_timeout_seconds: 30,
        vcores: 2,
        work_dir: Some(work.clone()),
        ..ExecutorProcessConfig::default()
    };
    start_executor_process(Arc::new(config))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn main() -> Result<()> {
    lockstep::engine::diag::init(Some(log::LevelFilter::Info));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(32 * 1024 * 1024)
        .build()?;
    match args.first().map(String::as_str) {
        Some("scheduler") => rt.block_on(scheduler(&args[1..])),
        Some("executor") => rt.block_on(executor(&args[1..])),
        _ => bail!("usage: ballista_node scheduler PORT | executor ID PORT GRPC SCHED_PORT DIR"),
    }
}
