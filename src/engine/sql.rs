//! The co-action plan as SQL text: the shipped `sql/*.sql` files with their placeholders
//! filled from the analysis settings.
//!
//! The plan is plain SQL with no user-defined functions, so the embedded DataFusion engine,
//! a stock Ballista cluster and Spark run the same text. The only values spliced in are
//! numbers and signal names from lockstep's own enums, never input strings.

use crate::graph::{Bounds, Signal, Window};

/// `sql/coaction_hits.sql`: co-action hits per (signal, object, account pair).
pub const HITS: &str = include_str!("../../sql/coaction_hits.sql");
/// `sql/coaction_stats.sql`: per-signal counts and what the bounds left out.
pub const STATS: &str = include_str!("../../sql/coaction_stats.sql");

/// The `rules` query: one row per signal in use with its window rule,
/// `(signal, span_ms, min_ms, max_ms)`.
///
/// The plan gives an object of k users the window
/// `clamp(span_ms / k, min_ms, max(min_ms, min(cap_ms, max_ms)))`, `Window::for_users` after
/// `graph::object_rule`'s cap. A fixed window W is the row `(0, W, W)`: the clamp returns W
/// whatever k and the cap, as `Window::Fixed` ignores both: one formula of GREATEST and
/// LEAST, the same on every engine.
///
/// One `VALUES` list (one in-memory scan), not a `UNION ALL` of one-row `SELECT`s. Those
/// plan as a union of `PlaceholderRowExec`s, and Ballista 55 restricts a union stage's plan
/// to each task's partitions by swapping the children a task does not read for empty
/// in-memory scans. A placeholder reports no metrics and a scan does, so a task of one
/// partition sends one metrics set more than a task of two; the scheduler then refuses the
/// second task's status ("task metrics array size 15 does not equal with the stage metrics
/// array size 14"), never marks it done, and the job waits for ever.
pub fn rules(signals: &[Signal], windows: &[Window]) -> String {
    let rows: Vec<String> = signals
        .iter()
        .zip(windows)
        .map(|(s, w)| {
            let (span, min, max) = match *w {
                Window::Fixed(ms) => (0, ms.max(0), ms.max(0)),
                Window::Rarity {
                    span_ms,
                    min_ms,
                    max_ms,
                } => (span_ms, min_ms, max_ms),
            };
            format!("('{}', {span}, {min}, {max})", s.as_str())
        })
        .collect();
    if rows.is_empty() {
        // No signal: a rules table with no rows, so every query returns nothing.
        return "SELECT 'none' AS signal, CAST(0 AS BIGINT) AS span_ms, \
                CAST(0 AS BIGINT) AS min_ms, CAST(0 AS BIGINT) AS max_ms WHERE 1 = 0"
            .into();
    }
    format!(
        "SELECT column1 AS signal, CAST(column2 AS BIGINT) AS span_ms, \
         CAST(column3 AS BIGINT) AS min_ms, CAST(column4 AS BIGINT) AS max_ms\n  \
         FROM (VALUES {})",
        rows.join(", ")
    )
}

/// Fills a plan's placeholders. `b.max_neighbors` must be at least 1 (it divides the rank
/// into buckets); the caller checks.
pub fn fill(template: &str, rules: &str, b: Bounds) -> String {
    let k = b.max_neighbors;
    template
        .replace("${RULES}", rules)
        .replace("${K_PLUS_1}", &(b.max_neighbors + 1).to_string())
        .replace("${K}", &k.to_string())
        .replace("${CROWD_LIMIT}", &b.crowd_limit.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        let r = rules(
            &[Signal::Url, Signal::Reshare],
            &[
                Window::Fixed(60_000),
                Window::Rarity {
                    span_ms: 86_400_000,
                    min_ms: 10_000,
                    max_ms: 86_400_000,
                },
            ],
        );
        let b = Bounds {
            max_neighbors: 64,
            crowd_limit: 100_000,
        };
        for t in [HITS, STATS] {
            let q = fill(t, &r, b);
            assert!(!q.contains("${"), "{q}");
            assert!(q.contains("('reshare', 86400000, 10000, 86400000)"), "{q}");
            assert!(q.contains("('url', 0, 60000, 60000)"), "{q}");
            // One VALUES list: a UNION ALL of one-row SELECTs stalls Ballista 55 (above).
            assert!(!q.contains("UNION ALL\n  SELECT '"), "{q}");
        }
    }
}
