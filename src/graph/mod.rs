//! The co-action graph: which accounts act together, on what, and beyond chance.
//!
//! `build` collects, for each signal, the events (account, time) on each shared object, forms
//! windowed co-action pairs (`coaction`, windows from each object's rarity), reduces them to
//! acts (`acts`: one pair of posts is one act, counted once by its strongest shared object),
//! and keeps the pairs whose acts pass the per-signal significance test (`significance`).
//!
//! What it deliberately does not do: decide which accounts form a network. That is the
//! `detect` stage, which sees groups, accounts and timing as well as pairs.

pub mod acts;
pub mod coaction;
pub mod events;
pub mod pairsort;
pub mod participation;
pub mod signal;
pub mod significance;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::features::Features;
use crate::model::Corpus;
pub use coaction::{Bounds, SignalStats, Window};
pub use events::Event;
pub use signal::Signal;

/// Texts shorter than this (normalised bytes) are generic enough ("good morning", "first
/// post!") that unrelated accounts write them independently: their window stays short
/// whatever their rarity.
pub const SPECIFIC_TEXT_BYTES: usize = 40;
/// The longest window of a generic text, ms.
pub const GENERIC_TEXT_WINDOW_MS: i64 = 3_600_000;

/// Settings of the graph stage.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    pub signals: Vec<Signal>,
    /// Fixed co-action windows, seconds, for the signals given `--window`; the others take
    /// their window from each object's rarity (see `coaction`).
    pub windows: BTreeMap<Signal, i64>,
    /// Shortest rarity window, seconds.
    pub min_window: i64,
    /// Distinct acts a pair must share.
    pub min_coactions: u32,
    /// Largest chance probability of a kept pair, after the correction for testing several
    /// signals: the expected number of pairs kept by chance is at most `alpha` times the
    /// pairs tested.
    pub alpha: f64,
    pub bounds: Bounds,
    /// CooRTweet's participation rule (see `participation`), off by default.
    pub min_participation: Option<u32>,
    /// Hits the in-memory pairing holds at once (see `pair_in_passes`). Not a setting of the
    /// command line and not reported: the graph does not depend on it.
    pub pass_hits: u64,
}

impl Default for GraphConfig {
    fn default() -> Self {
        Self {
            signals: Signal::DEFAULT.to_vec(),
            windows: BTreeMap::new(),
            min_window: 10,
            min_coactions: 2,
            alpha: 1e-3,
            bounds: Bounds {
                max_neighbors: 64,
                crowd_limit: 100_000,
            },
            min_participation: None,
            pass_hits: PASS_HITS,
        }
    }
}

/// A kept account pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    /// Distinct acts (pairs of posts, each counted once by its strongest shared object).
    pub coactions: u32,
    /// Sum of the acts' rarity weights.
    pub weight: f64,
    /// Acts per signal, in `GraphConfig::signals` order.
    pub per_signal: Vec<u32>,
    /// Chance probability under the configuration null, corrected for the signals tested.
    pub p_value: f64,
    /// Smallest gap between the two accounts' uses of one object, ms.
    pub min_lag_ms: i64,
}

/// The events, statistics and kept edges of all signals.
#[derive(Debug)]
pub struct CoactionGraph {
    pub signals: Vec<Signal>,
    /// The window rule per signal.
    pub windows: Vec<Window>,
    /// The bounds the pairs were formed under.
    pub bounds: Bounds,
    /// Events per signal, sorted by (object, time).
    pub events: Vec<Vec<Event>>,
    /// Distinct accounts with an event, per signal.
    pub active_accounts: Vec<u32>,
    pub stats: Vec<SignalStats>,
    /// Pairs tested (at least one act).
    pub pairs_tested: u64,
    /// Tested pairs that share exactly one act.
    pub pairs_single: u64,
    /// Kept edges, sorted by (a, b).
    pub edges: Vec<Edge>,
}

impl CoactionGraph {
    /// The events of `object` under signal number `s`, in time order.
    pub fn object_events(&self, s: usize, object: u32) -> &[Event] {
        let ev = &self.events[s];
        let lo = ev.partition_point(|e| e.object < object);
        let hi = ev.partition_point(|e| e.object <= object);
        &ev[lo..hi]
    }

    /// Distinct accounts using `object` under signal number `s`.
    pub fn object_accounts(&self, s: usize, object: u32) -> usize {
        coaction::distinct_accounts(self.object_events(s, object))
    }
}

/// The window rule of each signal: fixed where `--window` set one, else from rarity over the
/// corpus span, with short generic texts capped.
pub fn window_rules(c: &Corpus, cfg: &GraphConfig) -> Vec<Window> {
    let span = c
        .time_range()
        .map_or(86_400_000, |(lo, hi)| (hi - lo).max(86_400_000));
    cfg.signals
        .iter()
        .map(|s| match cfg.windows.get(s) {
            Some(&w) => Window::Fixed(w.saturating_mul(1000)),
            None => Window::Rarity {
                span_ms: span,
                min_ms: cfg.min_window.saturating_mul(1000),
                max_ms: span,
            },
        })
        .collect()
}

/// The window rule of one object: the signal's rule, with the longest window of a short,
/// generic text capped (the specificity guard: generic template lines would otherwise link
/// unrelated accounts days apart).
pub fn object_rule(rule: Window, s: Signal, f: &Features, object: u32) -> Window {
    match s {
        Signal::TextNear | Signal::TextExact
            if f.texts.resolve(object).len() < SPECIFIC_TEXT_BYTES =>
        {
            rule.capped(GENERIC_TEXT_WINDOW_MS)
        }
        _ => rule,
    }
}

/// Builds the co-action graph. See the module documentation.
pub fn build(c: &Corpus, f: &Features, cfg: &GraphConfig) -> CoactionGraph {
    build_with_hits(c, f, cfg, None)
}

/// Builds the co-action graph from co-action hits computed elsewhere: `external` holds, per
/// signal of `cfg.signals` in order, the hits and statistics that `coaction::hits` would
/// return (the `distributed` engine computes them); `None` computes them here. Everything
/// after the hits (acts, significance) is the same code either way.
pub fn build_with_hits(
    c: &Corpus,
    f: &Features,
    cfg: &GraphConfig,
    external: Option<Vec<(Vec<coaction::Hit>, SignalStats)>>,
) -> CoactionGraph {
    let mut external = external.map(Vec::into_iter);
    let n_accounts = c.account_ids.len();
    let signals = cfg.signals.clone();
    let ns = signals.len();
    let windows = window_rules(c, cfg);
    let mut events = Vec::new();
    let mut stats = Vec::new();
    // Every hit's signal, object and weight, one slot per object (the hits are packed).
    let mut objects = coaction::ObjectTable::default();
    // Given hits, packed into one vector as each signal's come.
    let mut given: Option<Vec<coaction::PairHit>> = external.as_ref().map(|_| Vec::new());
    let mut registered = Vec::new();
    let mut per_account: Vec<Vec<u32>> = Vec::new();
    let mut active_accounts = Vec::new();
    for (si, &s) in signals.iter().enumerate() {
        let ev = events::collect(c, f, s);
        let rule = windows[si];
        match (external.as_mut(), given.as_mut()) {
            (Some(ext), Some(all)) => {
                let (hits, st) = ext.next().unwrap_or_else(|| {
                    coaction::hits(
                        &ev,
                        &|o| object_rule(rule, s, f, o),
                        n_accounts,
                        cfg.bounds,
                        si as u8,
                    )
                });
                objects.pack(si as u8, &hits, all);
                stats.push(st);
            }
            _ => registered.push(coaction::SignalObjects::register(
                &ev,
                n_accounts,
                si as u8,
                &mut objects,
            )),
        }
        let mut e_a = vec![0u32; n_accounts];
        for e in &ev {
            e_a[e.account as usize] += 1;
        }
        active_accounts.push(e_a.iter().filter(|&&k| k > 0).count() as u32);
        per_account.push(e_a);
        events.push(ev);
    }
    let reduced = match given {
        Some(all) => acts::reduce(all, &objects, ns, cfg.min_coactions),
        None => {
            let (st, reduced) = pair_in_passes(f, cfg, &windows, &events, &registered, &objects);
            stats = st;
            reduced
        }
    };
    let rates: Vec<f64> = (0..ns)
        .map(|si| significance::chance_rate(&per_account[si], reduced.single_weight[si]))
        .collect();
    let pairs_tested = reduced.pairs_tested;
    let pairs_single = reduced.pairs_single;
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
        let windows_ms: Vec<i64> = windows.iter().map(|w| w.for_users(2)).collect();
        let (active, involved) = participation::participation(&events, &windows_ms, &posts, n);
        (n, active, involved)
    });
    let edges: Vec<Edge> = reduced
        .pairs
        .par_iter()
        .filter_map(|pair| {
            let acts = reduced.acts_of(pair);
            let (a, b) = coaction::unpack(pair.pair);
            if let Some((n, active, involved)) = &participation {
                let (a, b) = (a as usize, b as usize);
                if !active[a] || !active[b] || (involved[a] < *n && involved[b] < *n) {
                    return None;
                }
            }
            let coactions = acts.len() as u32;
            if coactions < cfg.min_coactions {
                return None;
            }
            let mut per_signal = vec![0u32; ns];
            let mut x = vec![0.0f64; ns];
            let mut min_lag = i64::MAX;
            for h in acts {
                let s = usize::from(objects.signal_of(h));
                per_signal[s] += 1;
                x[s] += f64::from(objects.weight_of(h));
                min_lag = min_lag.min(i64::from(h.lag_ms));
            }
            let lambda: Vec<f64> = (0..ns)
                .map(|si| {
                    rates[si]
                        * f64::from(per_account[si][a as usize])
                        * f64::from(per_account[si][b as usize])
                })
                .collect();
            let p = significance::pair_p_value(&x, &lambda);
            (p <= cfg.alpha).then(|| Edge {
                a,
                b,
                coactions,
                weight: x.iter().sum(),
                per_signal,
                p_value: p,
                min_lag_ms: min_lag,
            })
        })
        .collect();
    CoactionGraph {
        signals,
        windows,
        bounds: cfg.bounds,
        events,
        active_accounts,
        stats,
        pairs_tested,
        pairs_single,
        edges,
    }
}

/// Hits the in-memory pairing holds at once by default (24 bytes each: 768 MiB). A corpus
/// that forms more is paired in passes over ranges of low accounts, each pass's hits reduced before the
/// next pass forms its own, so memory holds one pass's hits; each pass walks every window
/// again. The result does not depend on the passes (see `acts::Reducer`).
const PASS_HITS: u64 = 1 << 25;

/// Buckets of low accounts counted to plan the passes.
const PASS_BUCKETS: usize = 1 << 12;

/// The statistics and reduced pairs of every signal, paired in memory in passes (see
/// `PASS_HITS`): one walk of the windows counts the pairs per bucket of low accounts, the
/// passes take consecutive buckets up to `cfg.pass_hits` pairs each.
///
/// Complexity: time O(P·W + H log H) for W windowed pairs formed, P passes and H hits;
/// memory O(H / P + objects).
fn pair_in_passes(
    f: &Features,
    cfg: &GraphConfig,
    windows: &[Window],
    events: &[Vec<Event>],
    registered: &[coaction::SignalObjects],
    objects: &coaction::ObjectTable,
) -> (Vec<SignalStats>, acts::Reduced) {
    let ns = cfg.signals.len();
    let max_account = events
        .iter()
        .flatten()
        .map(|e| e.account)
        .max()
        .unwrap_or(0);
    let shift = (0..32)
        .find(|&s| ((max_account >> s) as usize) < PASS_BUCKETS)
        .unwrap_or(32);
    let pairing = |si: usize, run: &mut dyn FnMut(&coaction::Pairing)| {
        let (rule, s) = (windows[si], cfg.signals[si]);
        run(&coaction::Pairing {
            events: &events[si],
            objects: &registered[si],
            window: &|o| object_rule(rule, s, f, o),
            bounds: cfg.bounds,
        });
    };
    let mut stats = Vec::with_capacity(ns);
    let mut counts = vec![0u64; PASS_BUCKETS];
    for si in 0..ns {
        pairing(si, &mut |p| {
            let (st, cs) = p.count(shift, PASS_BUCKETS);
            for (x, y) in counts.iter_mut().zip(&cs) {
                *x += y;
            }
            stats.push(st);
        });
    }
    let mut reducer = acts::Reducer::new(ns, cfg.min_coactions);
    for lows in plan_passes(&counts, shift, cfg.pass_hits) {
        let mut all = Vec::new();
        for (si, st) in stats.iter_mut().enumerate() {
            pairing(si, &mut |p| st.hits += p.hits_into(lows.clone(), &mut all));
        }
        reducer.add(all, objects);
    }
    (stats, reducer.finish(objects))
}

/// Ranges of low accounts, consecutive from 0 and the last one open, each holding at most
/// `budget` of the `counts` per bucket (`account >> shift`) unless one bucket holds more.
fn plan_passes(counts: &[u64], shift: u32, budget: u64) -> Vec<std::ops::Range<u64>> {
    let mut out = Vec::new();
    let (mut start, mut sum) = (0u64, 0u64);
    for (b, &n) in counts.iter().enumerate() {
        if sum > 0 && sum + n > budget {
            let end = (b as u64) << shift;
            out.push(start..end);
            start = end;
            sum = 0;
        }
        sum += n;
    }
    out.push(start..u64::MAX);
    out
}
