//! Resolved settings: turns clap's syntax into typed, validated per-stage configs.
//!
//! Problems found here are `UsageError`s (exit status 2): they are the user's arguments, not
//! the data.

use std::fmt;

use crate::cli::{AnalyzeArgs, InputArgs};
use crate::detect::DetectConfig;
use crate::graph::{GraphConfig, Signal};
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
        for spec in &a.maps {
            map_spec(spec)?;
        }
        crate::ingest::Mode::for_posts(a.preset, &a.maps).map_err(UsageError)?;
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
                preset: a.preset,
                maps: a.maps.clone(),
            },
        })
    }
}

/// Refuses a `--map` with an empty side: `text=` would silently map a field to nothing.
fn map_spec(spec: &str) -> Result<(), UsageError> {
    match spec.split_once('=') {
        Some((field, _)) if field.trim().is_empty() => Err(UsageError(format!(
            "--map {spec}: the field before '=' is empty (expected FIELD=SOURCE, e.g. text=body)"
        ))),
        Some((field, source)) if source.trim().is_empty() => Err(UsageError(format!(
            "--map {spec}: no source column or path after '=' for {} (expected e.g. {}=body)",
            field.trim(),
            field.trim()
        ))),
        _ => Ok(()),
    }
}

/// Parses a duration: a number with `s`, `m`, `h` or `d` (seconds when bare). Returns seconds.
pub fn parse_duration(s: &str) -> Result<i64, UsageError> {
    let t = s.trim();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let n: i64 = num.parse().map_err(|_| {
        UsageError(format!(
            "invalid duration '{s}' (expected e.g. 60s, 5m, 1h)"
        ))
    })?;
    let mult = match unit {
        "s" | "sec" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(UsageError(format!(
                "invalid duration unit in '{s}' (use s, m, h or d)"
            )));
        }
    };
    if n <= 0 {
        return Err(UsageError(format!("duration '{s}' must be positive")));
    }
    // Durations past a century are typos, and would overflow in milliseconds.
    n.checked_mul(mult)
        .filter(|&secs| secs <= 100 * 365 * 86_400)
        .ok_or_else(|| UsageError(format!("duration '{s}' is too long (at most 100 years)")))
}

/// Resolves the graph settings of `analyze`.
///
/// # Errors
/// Unknown signals, bad windows, out-of-range thresholds.
pub fn graph(a: &AnalyzeArgs) -> Result<GraphConfig, UsageError> {
    let mut cfg = GraphConfig::default();
    if !a.signals.is_empty() {
        let mut v = Vec::new();
        for s in &a.signals {
            let sig: Signal = s
                .parse()
                .map_err(|e: String| UsageError(format!("--signals: {e}")))?;
            if !v.contains(&sig) {
                v.push(sig);
            }
        }
        v.sort();
        cfg.signals = v;
    }
    // A bare window sets every signal; a named one overrides it for its signal, whatever
    // the order they are given in. Two windows for the same signal (or two bare ones)
    // contradict each other: a usage error, not a silent last-wins.
    let mut bare: Option<&str> = None;
    let mut named: Vec<(&str, Signal, &str)> = Vec::new();
    for w in &a.window {
        match w.split_once('=') {
            None => {
                if let Some(first) = bare {
                    return Err(UsageError(format!(
                        "--window {first} and --window {w}: one window for all signals; name \
                         the signal for the others (--window reshare=1m)"
                    )));
                }
                bare = Some(w);
            }
            Some((sig, d)) => {
                let sig: Signal = sig
                    .parse()
                    .map_err(|e: String| UsageError(format!("--window: {e}")))?;
                if named.iter().any(|&(_, s, _)| s == sig) {
                    return Err(UsageError(format!(
                        "--window: two windows for {}",
                        sig.as_str()
                    )));
                }
                named.push((w, sig, d));
            }
        }
    }
    if let Some(w) = bare {
        let d = parse_duration(w)?;
        for s in Signal::ALL {
            cfg.windows.insert(s, d);
        }
    }
    for (w, sig, d) in named {
        if !cfg.signals.contains(&sig) {
            let used: Vec<&str> = cfg.signals.iter().map(|s| s.as_str()).collect();
            return Err(UsageError(format!(
                "--window {w}: {} is not a signal in use ({}); add it to --signals or drop \
                 this window",
                sig.as_str(),
                used.join(",")
            )));
        }
        cfg.windows.insert(sig, parse_duration(d)?);
    }
    if a.min_coactions == 0 {
        return Err(UsageError("--min-coactions must be at least 1".into()));
    }
    if !(a.alpha > 0.0 && a.alpha <= 1.0) {
        return Err(UsageError("--alpha must be in (0, 1]".into()));
    }
    if a.crowd_limit < 2 {
        return Err(UsageError("--crowd-limit must be at least 2".into()));
    }
    cfg.min_coactions = a.min_coactions;
    cfg.min_participation = a.min_participation;
    cfg.alpha = a.alpha;
    cfg.bounds.crowd_limit = a.crowd_limit;
    Ok(cfg)
}

/// Resolves the decision settings of `analyze`.
///
/// # Errors
/// Out-of-range thresholds.
pub fn detect(a: &AnalyzeArgs) -> Result<DetectConfig, UsageError> {
    if a.min_size < 2 {
        return Err(UsageError("--min-size must be at least 2".into()));
    }
    if !(0.0..=1.0).contains(&a.min_score) {
        return Err(UsageError("--min-score must be between 0 and 1".into()));
    }
    Ok(DetectConfig {
        min_size: a.min_size,
        min_score: a.min_score,
        ..DetectConfig::default()
    })
}

/// Most worker threads `--threads` accepts. Far above any core count lockstep meets; every
/// thread costs a stack and scheduling, and 100,000 of them ran for minutes.
pub const MAX_THREADS: usize = 256;

/// Sizes rayon's global pool from `--threads` (default: all cores).
///
/// # Errors
/// Zero threads or more than `MAX_THREADS`, or a pool that cannot start.
pub fn threads(n: Option<usize>) -> Result<(), UsageError> {
    if let Some(n) = n {
        if n == 0 {
            return Err(UsageError("--threads must be at least 1".into()));
        }
        if n > MAX_THREADS {
            let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
            return Err(UsageError(format!(
                "--threads {n} is more than {MAX_THREADS}; this machine has {cores} core(s), \
                 and the default uses them all"
            )));
        }
        // A second call in one process (tests) keeps the first pool; that is harmless.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    Ok(())
}

/// Every effective setting of an analyze run, for the report's `parameters`.
pub fn parameters(
    inputs: &Inputs,
    f: &crate::features::FeatureConfig,
    g: &GraphConfig,
    d: &DetectConfig,
) -> serde_json::Value {
    let windows: std::collections::BTreeMap<&str, serde_json::Value> = g
        .signals
        .iter()
        .map(|s| {
            (
                s.as_str(),
                g.windows
                    .get(s)
                    .map_or_else(|| "rarity".into(), |&w| serde_json::Value::from(w)),
            )
        })
        .collect();
    serde_json::json!({
        "signals": g.signals.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "window_seconds": windows,
        "min_window_seconds": g.min_window,
        "specific_text_bytes": crate::graph::SPECIFIC_TEXT_BYTES,
        "generic_text_window_seconds": crate::graph::GENERIC_TEXT_WINDOW_MS / 1000,
        "min_coactions": g.min_coactions,
        "alpha": g.alpha,
        "max_neighbors": g.bounds.max_neighbors,
        "crowd_limit": g.bounds.crowd_limit,
        "min_participation": g.min_participation,
        "min_size": d.min_size,
        "group_alpha": d.group_alpha,
        "min_member_actions": d.min_member_actions,
        "min_group_evidence": d.min_group_evidence,
        "min_score": d.min_score,
        "score_weights": d.score,
        "brand_share": crate::detect::verdict::BRAND_SHARE,
        "brand_established": crate::detect::verdict::ESTABLISHED,
        "near_duplicate_threshold": f.near_threshold,
        "media_max_distance": f.media_distance,
        "input_format": inputs.ingest.format.map(|x| x.to_string()),
        "preset": inputs.ingest.preset.as_str(),
        "maps": inputs.ingest.maps,
        "tz": inputs.ingest.zone.to_string(),
        "strict": inputs.ingest.strict,
        "max_record_bytes": inputs.ingest.max_record_bytes,
    })
}

/// Validates `generate --posts`.
///
/// # Errors
/// Zero posts: a corpus of nothing measures nothing.
pub fn generate_posts(n: Option<u64>) -> Result<Option<u64>, UsageError> {
    match n {
        Some(0) => Err(UsageError(
            "generate --posts must be at least 1 (omit it for the scenario's default)".into(),
        )),
        other => Ok(other),
    }
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

/// Where the co-action join runs, from `analyze --events/--engine`; `None` is in memory.
#[cfg(feature = "engine")]
pub fn engine(a: &AnalyzeArgs) -> Option<crate::engine::EngineConfig> {
    a.events.as_ref().map(|dir| crate::engine::EngineConfig {
        events: dir.clone(),
        #[cfg(feature = "distributed")]
        remote: a.engine.clone(),
        #[cfg(not(feature = "distributed"))]
        remote: None,
        memory_limit: a.engine_memory.map(|m| m.saturating_mul(1 << 20)),
        partitions: 0,
    })
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
    fn durations() {
        assert_eq!(parse_duration("60s").unwrap(), 60);
        assert_eq!(parse_duration("5m").unwrap(), 300);
        assert_eq!(parse_duration("2h").unwrap(), 7200);
        assert_eq!(parse_duration("90").unwrap(), 90);
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("5y").is_err());
        assert!(parse_duration("-5m").is_err());
        assert!(parse_duration("99999999999999999d").is_err());
    }

    #[test]
    fn rejects_nonsense() {
        assert!(inputs(&["-", "--accounts", "-"]).is_err());
        assert!(inputs(&["a.jsonl", "--tz", "Nowhere/Land"]).is_err());
        assert!(inputs(&["a.jsonl", "--max-record-mib", "0"]).is_err());
        assert!(inputs(&["a.jsonl", "--map", "text="]).is_err());
        assert!(inputs(&["a.jsonl", "--map", "=body"]).is_err());
        assert!(inputs(&["a.jsonl", "--map", "text=body"]).is_ok());
        assert!(threads(Some(MAX_THREADS + 1)).is_err());
        assert!(threads(Some(0)).is_err());
        assert!(generate_posts(Some(0)).is_err());
        assert_eq!(generate_posts(Some(5)).unwrap(), Some(5));
    }

    fn analyze(args: &[&str]) -> Result<GraphConfig, UsageError> {
        let mut v = vec!["lockstep", "analyze", "p.jsonl"];
        v.extend_from_slice(args);
        let Command::Analyze(a) = Cli::try_parse_from(v).unwrap().command else {
            panic!("not analyze")
        };
        graph(&a)
    }

    #[test]
    fn windows_only_for_signals_in_use() {
        assert!(analyze(&["--window", "reshare=60s"]).is_ok());
        assert!(analyze(&["--window", "text_exact=60s"]).is_err());
        assert!(analyze(&["--signals", "url", "--window", "reshare=60s"]).is_err());
        assert!(analyze(&["--signals", "url,reshare", "--window", "reshare=60s"]).is_ok());
        // A window for every signal applies to those in use.
        assert!(analyze(&["--signals", "url", "--window", "60s"]).is_ok());
    }

    /// `--window reshare=1s --window 30m` dropped the reshare window (the bare one, given
    /// second, overwrote it) and `--window reshare=1s --window reshare=2s` kept the last.
    #[test]
    fn a_named_window_overrides_the_bare_one_in_any_order() {
        for args in [
            ["--window", "reshare=1s", "--window", "30m"],
            ["--window", "30m", "--window", "reshare=1s"],
        ] {
            let g = analyze(&args).unwrap();
            assert_eq!(g.windows[&Signal::Reshare], 1, "{args:?}");
            assert_eq!(g.windows[&Signal::Url], 1800, "{args:?}");
        }
        let twice = ["--window", "reshare=1s", "--window", "reshare=2s"];
        assert!(analyze(&twice).is_err());
        assert!(analyze(&["--window", "1m", "--window", "2m"]).is_err());
    }
}
