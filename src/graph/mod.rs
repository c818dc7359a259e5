//! The co-action graph: which accounts act together, on what, and beyond chance.
//!
//! `build` collects, for each signal, the events (account, time) on each shared object, forms
//! windowed co-action pairs (`coaction`), aggregates them per account pair over signals, and
//! keeps the pairs that pass the significance test (`significance`). `cluster` then turns the
//! kept pairs into candidate networks and keeps those that act as a group (`cluster`).
//!
//! What it deliberately does not do: judge how suspicious a network is. That is the report's
//! scoring, which sees accounts and timing as well as co-action.

pub mod cluster;
pub mod coaction;
pub mod events;
pub mod participation;
pub mod signal;
pub mod significance;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::features::Features;
use crate::model::Corpus;
pub use cluster::{Cluster, GroupObject};
pub use coaction::{Bounds, SignalStats};
pub use events::Event;
pub use signal::Signal;

/// Settings of the graph and clustering stages.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    pub signals: Vec<Signal>,
    /// Co-action window per signal, seconds.
    pub windows: BTreeMap<Signal, i64>,
    /// Distinct objects a pair must co-act on.
    pub min_coactions: u32,
    /// Largest chance probability of a kept pair.
    pub alpha: f64,
    pub bounds: Bounds,
    /// Fewest members of a network.
    pub min_size: usize,
    /// Share of a network's members that must act within one window for an object to count
    /// as a group action.
    pub group_share: f64,
    /// Group actions a network needs.
    pub min_group_objects: usize,
    /// CooRTweet's participation rule (see `participation`), off by default.
    pub min_participation: Option<u32>,
}

impl Default for GraphConfig {
    fn default() -> Self {
        Self {
            signals: Signal::DEFAULT.to_vec(),
            windows: Signal::ALL
                .iter()
                .map(|s| (*s, s.default_window_secs()))
                .collect(),
            min_coactions: 3,
            alpha: 1e-3,
            bounds: Bounds {
                max_neighbors: 64,
                crowd_limit: 2000,
            },
            min_size: 3,
            group_share: 0.2,
            min_group_objects: 3,
            min_participation: None,
        }
    }
}

/// A kept account pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    /// Distinct objects co-acted on, all signals.
    pub coactions: u32,
    /// Sum of the objects' rarity weights.
    pub weight: f64,
    /// Co-actions per signal, in `GraphConfig::signals` order.
    pub per_signal: Vec<u32>,
    /// Chance probability under the configuration null.
    pub p_value: f64,
    /// Smallest gap between the two accounts' uses of one object, ms.
    pub min_lag_ms: i64,
}

/// The events, statistics and kept edges of all signals.
#[derive(Debug, Default)]
pub struct CoactionGraph {
    pub signals: Vec<Signal>,
    pub windows_ms: Vec<i64>,
    /// Events per signal, sorted by (object, time).
    pub events: Vec<Vec<Event>>,
    pub stats: Vec<SignalStats>,
    /// Pairs tested (at least one co-action).
    pub pairs_tested: u64,
    /// Kept edges, sorted by (a, b).
    pub edges: Vec<Edge>,
}

impl CoactionGraph {
    /// Distinct accounts using `object` under signal number `s`.
    pub fn object_accounts(&self, s: usize, object: u32) -> usize {
        self.object_accounts_between(s, object, i64::MIN, i64::MAX)
    }

    /// Distinct accounts using `object` under signal number `s` between `from` and `to` (ms,
    /// inclusive).
    pub fn object_accounts_between(&self, s: usize, object: u32, from: i64, to: i64) -> usize {
        let ev = &self.events[s];
        let lo = ev.partition_point(|e| (e.object, e.time) < (object, from));
        let hi = ev.partition_point(|e| (e.object, e.time) <= (object, to));
        let mut a: Vec<u32> = ev[lo..hi].iter().map(|e| e.account).collect();
        a.sort_unstable();
        a.dedup();
        a.len()
    }
}

/// Builds the co-action graph. See the module documentation.
pub fn build(c: &Corpus, f: &Features, cfg: &GraphConfig) -> CoactionGraph {
    let n_accounts = c.account_ids.len();
    let signals = cfg.signals.clone();
    let windows_ms: Vec<i64> = signals
        .iter()
        .map(|s| {
            cfg.windows
                .get(s)
                .copied()
                .unwrap_or(s.default_window_secs())
                * 1000
        })
        .collect();
    let mut events = Vec::new();
    let mut stats = Vec::new();
    let mut all: Vec<(u64, u8, f32, i64)> = Vec::new();
    let mut per_account: Vec<Vec<u32>> = Vec::new();
    let mut rates = Vec::new();
    for (si, &s) in signals.iter().enumerate() {
        let ev = events::collect(c, f, s);
        let (hits, st) = coaction::hits(&ev, windows_ms[si], n_accounts, cfg.bounds);
        let mut e_a = vec![0u32; n_accounts];
        for e in &ev {
            e_a[e.account as usize] += 1;
        }
        per_account.push(e_a);
        all.extend(hits.iter().map(|h| (h.pair, si as u8, h.weight, h.lag_ms)));
        events.push(ev);
        stats.push(st);
    }
    all.par_sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.3.cmp(&y.3)));
    // The chance rate counts only pairs that co-act once in a signal: chance coincidences are
    // overwhelmingly single, while coordinated pairs repeat. A corpus that is mostly one
    // campaign (a collection gathered by its hashtag) would otherwise set its own bar.
    let mut single = vec![0.0f64; signals.len()];
    let mut i = 0;
    while i < all.len() {
        let mut j = i + 1;
        while j < all.len() && all[j].0 == all[i].0 && all[j].1 == all[i].1 {
            j += 1;
        }
        if j - i == 1 {
            single[all[i].1 as usize] += f64::from(all[i].2);
        }
        i = j;
    }
    for (si, e_a) in per_account.iter().enumerate() {
        rates.push(significance::chance_rate(e_a, single[si]));
    }
    let mut starts = Vec::new();
    let mut i = 0;
    while i < all.len() {
        starts.push(i);
        let k = all[i].0;
        while i < all.len() && all[i].0 == k {
            i += 1;
        }
    }
    let pairs_tested = starts.len() as u64;
    let ns = signals.len();
    let participation = cfg.min_participation.map(|n| {
        // An account's actions are its posts that use an object of the chosen signals, as
        // CooRTweet counts the rows of its input table.
        let mut acted: Vec<(u32, u32)> = events
            .iter()
            .flatten()
            .map(|e| (e.account, e.post))
            .collect();
        acted.sort_unstable();
        acted.dedup();
        let mut posts = vec![0u32; n_accounts];
        for (a, _) in acted {
            posts[a as usize] += 1;
        }
        let (active, involved) = participation::participation(&events, &windows_ms, &posts, n);
        (n, active, involved)
    });
    let edges: Vec<Edge> = starts
        .par_iter()
        .enumerate()
        .filter_map(|(gi, &s)| {
            let e = starts.get(gi + 1).copied().unwrap_or(all.len());
            let run = &all[s..e];
            let (a, b) = coaction::unpack(run[0].0);
            if let Some((n, active, involved)) = &participation {
                let (a, b) = (a as usize, b as usize);
                if !active[a] || !active[b] || (involved[a] < *n && involved[b] < *n) {
                    return None;
                }
            }
            let coactions = run.len() as u32;
            if coactions < cfg.min_coactions {
                return None;
            }
            let mut per_signal = vec![0u32; ns];
            let mut weight = 0.0f64;
            let mut min_lag = i64::MAX;
            for h in run {
                per_signal[h.1 as usize] += 1;
                weight += f64::from(h.2);
                min_lag = min_lag.min(h.3);
            }
            let lambda: f64 = (0..ns)
                .map(|si| {
                    rates[si]
                        * f64::from(per_account[si][a as usize])
                        * f64::from(per_account[si][b as usize])
                })
                .sum();
            let p = significance::poisson_tail_real(weight, lambda);
            (p <= cfg.alpha).then_some(Edge {
                a,
                b,
                coactions,
                weight,
                per_signal,
                p_value: p,
                min_lag_ms: min_lag,
            })
        })
        .collect();
    CoactionGraph {
        signals,
        windows_ms,
        events,
        stats,
        pairs_tested,
        edges,
    }
}
