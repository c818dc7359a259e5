//! Candidates from shared bursts of copied content, for campaigns whose pairs are too weak
//! to keep.
//!
//! A camouflaged campaign gives each operation to a handful of its accounts (five to fifteen
//! of fifty post reworded copies of one claim within the hour) and buries those posts among
//! dozens of ordinary ones. Any two of its accounts then share one or two operations: no
//! pair test can tell that from chance, yet the group acts together burst after burst. This
//! stage looks at the bursts themselves: every episode of a copied text or picture (cut by
//! the object's own rarity window, as the group test cuts it) that three or more accounts
//! posted, and more of them in its time than the object's own rate explains (a burst, not
//! a stream of a template line everyone uses), links its users, weighted 1/(u − 1) for u users (a burst adds one unit to each
//! user's ties, as in Newman's collaboration weights). Pairs that share at least two bursts
//! are kept, Louvain finds communities among them, and each community becomes a candidate
//! for the same group test as the pair communities: the test, not this stage, decides.
//!
//! Copies of a famous account's text or picture (an outlet's headline, a celebrity's photo)
//! are what its audience posts and link no one. An episode of more than `BURST_NEIGHBOURS`
//! users links each user to the next `BURST_NEIGHBOURS` in time, as the pair stage bounds a
//! viral object, so a bot farm's bursts cost linear time.
//!
//! # Complexity
//! O(E + B·K) for E events of the copy signals, B accounts in bursts and K =
//! `BURST_NEIGHBOURS`, plus a sort of the links and Louvain on the kept ones.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;

use super::community::Communities;
use super::louvain;
use super::score::established;
use super::verdict::ESTABLISHED;
use crate::graph::SPECIFIC_TEXT_BYTES;
use crate::graph::{CoactionGraph, Signal, coaction, object_rule, significance};
use crate::model::Corpus;

use crate::features::Features;

/// Later users of a burst each user is linked to.
pub const BURST_NEIGHBOURS: usize = 64;

/// Bursts two accounts must share to be linked.
pub const MIN_SHARED_BURSTS: u32 = 2;

/// Whether a signal's objects are copies an operator hands out (texts, pictures).
pub fn copies(s: Signal) -> bool {
    matches!(s, Signal::TextNear | Signal::TextExact | Signal::Media)
}

/// Largest chance probability of a burst: `u` users in an episode that covers `frac` of the
/// corpus span, for an object of `k` users in all.
pub const BURST_ALPHA: f64 = 1e-4;

/// Whether an episode is a burst: more users in its time (its span plus the object's
/// window) than the object's own rate explains, a Poisson tail at most `BURST_ALPHA`. A
/// claim that ten accounts post within the hour and no one before or after is a burst; a
/// template line that hundreds use all day, every day, is a stream, however its uses chain
/// into episodes.
pub fn is_burst(u: usize, k: usize, frac: f64) -> bool {
    significance::poisson_tail(u as u32, k as f64 * frac.clamp(0.0, 1.0)) <= BURST_ALPHA
}

/// The burst links of the corpus: `(pair key, shared bursts, weight)`, sorted by pair, for
/// pairs that share at least `MIN_SHARED_BURSTS` bursts.
pub fn links(c: &Corpus, f: &Features, g: &CoactionGraph) -> Vec<(u64, u32, f64)> {
    let acc = &c.accounts;
    let famous =
        |a: u32| established(acc.verified[a as usize], acc.followers[a as usize]) >= ESTABLISHED;
    let span = c.time_range().map_or(1, |(lo, hi)| (hi - lo).max(1)) as f64;
    let mut raw: Vec<(u64, f32)> = Vec::new();
    let mut users: Vec<u32> = Vec::new();
    for (si, &s) in g.signals.iter().enumerate() {
        if !copies(s) {
            continue;
        }
        for all in g.events[si].chunk_by(|x, y| x.object == y.object) {
            let k = coaction::distinct_accounts(all);
            if k < 3 || famous(all[0].account) || generic(f, s, all[0].object) {
                continue;
            }
            let w = object_rule(g.windows[si], s, f, all[0].object).for_users(k);
            for ep in all.chunk_by(|x, y| y.time - x.time <= w) {
                users.clear();
                for e in ep {
                    if !users.contains(&e.account) {
                        users.push(e.account);
                    }
                    if users.len() > 4 * BURST_NEIGHBOURS {
                        break;
                    }
                }
                let u = users.len();
                let last = ep[ep.len() - 1].time;
                // A copy most of whose users are in this one burst (a claim handed out for an
                // operation), not one clump of a line in everyday use.
                if u < 3 || 2 * u < k || !is_burst(u, k, (last - ep[0].time + w) as f64 / span) {
                    continue;
                }
                let weight = 1.0 / (u - 1) as f32;
                for (i, &a) in users.iter().enumerate() {
                    for &b in users[i + 1..].iter().take(BURST_NEIGHBOURS) {
                        raw.push((coaction::pair_key(a, b), weight));
                    }
                }
            }
        }
    }
    raw.sort_unstable_by_key(|x| x.0);
    // Chance: the configuration null of the pair test, on bursts alone. An account in b
    // bursts meets others in proportion to b, so fans in every live event's chant meet many
    // by volume; a pair is linked when the bursts it shares are beyond that.
    let mut met = vec![0u64; c.account_ids.len()];
    for x in &raw {
        let (a, b) = coaction::unpack(x.0);
        met[a as usize] += 1;
        met[b as usize] += 1;
    }
    let total: f64 = met.iter().map(|&n| n as f64).sum();
    let squares: f64 = met.iter().map(|&n| (n as f64).powi(2)).sum();
    let rate = raw.len() as f64 / ((total * total - squares) / 2.0).max(1.0);
    raw.chunk_by(|x, y| x.0 == y.0)
        .filter_map(|run| {
            let shared = run.len() as u32;
            let (a, b) = coaction::unpack(run[0].0);
            let lambda = rate * met[a as usize] as f64 * met[b as usize] as f64;
            (shared >= MIN_SHARED_BURSTS
                && significance::poisson_tail(shared, lambda) <= BURST_ALPHA)
                .then(|| (run[0].0, shared, run.iter().map(|x| f64::from(x.1)).sum()))
        })
        .collect()
}

/// Whether an object is a short, generic text (see `graph::SPECIFIC_TEXT_BYTES`): unrelated
/// accounts write "what a game!" independently, in the same minutes.
fn generic(f: &Features, s: Signal, object: u32) -> bool {
    matches!(s, Signal::TextNear | Signal::TextExact)
        && f.texts.resolve(object).len() < SPECIFIC_TEXT_BYTES
}

/// The burst communities of `n` accounts: Louvain on the burst links, one candidate per
/// (component, community) of at least `min_size` accounts, with its finer levels for
/// splitting a candidate that fails. Edge indices in `adjacency` index `links`.
pub fn communities(links: &[(u64, u32, f64)], n: usize, min_size: usize) -> Communities {
    let mut adjacency: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    let mut weighted: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    let mut uf = UnionFind::<usize>::new(n);
    for (i, &(key, _, w)) in links.iter().enumerate() {
        let (a, b) = coaction::unpack(key);
        adjacency[a as usize].push((b, i));
        adjacency[b as usize].push((a, i));
        weighted[a as usize].push((b, w));
        weighted[b as usize].push((a, w));
        uf.union(a as usize, b as usize);
    }
    // Links are sorted by (low, high) account, so every list is sorted already.
    let levels = louvain::levels(&weighted);
    let top: Vec<u32> = levels
        .last()
        .cloned()
        .unwrap_or_else(|| (0..n as u32).collect());
    let mut groups: BTreeMap<(usize, u32), Vec<u32>> = BTreeMap::new();
    for (a, list) in adjacency.iter().enumerate() {
        if !list.is_empty() {
            groups
                .entry((uf.find(a), top[a]))
                .or_default()
                .push(a as u32);
        }
    }
    Communities {
        candidates: groups
            .into_values()
            .filter(|v| v.len() >= min_size)
            .collect(),
        levels,
        adjacency,
    }
}
