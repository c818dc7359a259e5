//! The decision: which accounts form a coordinated network, a lead, or a brand's own accounts.
//!
//! ```text
//! kept pairs -> communities (Louvain, deterministic) -> group test (split by finer levels
//! when it fails) -> score (named, additive parts) -> verdict
//! ```
//!
//! Every step is a function with its own tests: `community` (candidates), `louvain`,
//! `group` (the monotone group test), `score`, `verdict`. The report stage only serialises
//! what this stage decided.

pub mod community;
pub mod group;
pub mod louvain;
pub mod score;
pub mod verdict;

use rayon::prelude::*;
use serde::Serialize;

use crate::features::Features;
use crate::graph::CoactionGraph;
use crate::model::{Corpus, NONE};
pub use group::{Group, GroupAction};
pub use score::{ScoreConfig, ScoreParts};
pub use verdict::Verdict;

/// Settings of the decision.
#[derive(Debug, Clone, Serialize)]
pub struct DetectConfig {
    /// Fewest members of a network.
    pub min_size: usize,
    /// Largest chance probability of members' over-representation on a group action.
    pub group_alpha: f64,
    /// Group actions a member must take part in.
    pub min_member_actions: u32,
    /// Exclusivity-weighted independent group actions a network needs.
    pub min_group_evidence: f64,
    /// Lowest score of a reported network.
    pub min_score: f64,
    pub score: ScoreConfig,
}

impl Default for DetectConfig {
    fn default() -> Self {
        Self {
            min_size: 3,
            group_alpha: 1e-4,
            min_member_actions: 2,
            min_group_evidence: 3.0,
            min_score: 0.5,
            score: ScoreConfig::default(),
        }
    }
}

/// A group with its score and verdict.
#[derive(Debug, Clone)]
pub struct Decided {
    pub group: Group,
    /// Indices into `CoactionGraph::edges` of the kept pairs among members.
    pub edges: Vec<usize>,
    pub parts: ScoreParts,
    pub score: f64,
    pub verdict: Verdict,
}

/// What the decision stage found.
#[derive(Debug, Clone, Default)]
pub struct Detection {
    /// Sorted by score (highest first), then members.
    pub decided: Vec<Decided>,
    /// Communities tested (before splitting).
    pub candidates: usize,
}

/// Runs the decision. See the module documentation.
pub fn detect(c: &Corpus, f: &Features, g: &CoactionGraph, cfg: &DetectConfig) -> Detection {
    let n = c.account_ids.len();
    let comm = community::communities(g, n, cfg.min_size);
    let target_author = target_authors(c);
    let ctx = group::Context {
        c,
        f,
        g,
        target_author: &target_author,
    };
    let groups: Vec<Group> = comm
        .candidates
        .par_iter()
        .flat_map_iter(|m| try_set(&ctx, cfg, &comm.levels, m, comm.levels.len()))
        .collect();
    let groups = rejoin(&ctx, cfg, groups);
    let base = score::CorpusBaseline::new(c, f);
    let mut decided: Vec<Decided> = groups
        .into_par_iter()
        .map(|group| {
            let (parts, s) = score::score(c, f, &group, &base, &cfg.score);
            let s = (s * 10_000.0).round() / 10_000.0;
            let verdict = verdict::verdict(c, &group.members, &parts, s, cfg.min_score);
            let edges = member_edges(&comm.adjacency, &group.members);
            Decided {
                group,
                edges,
                parts,
                score: s,
                verdict,
            }
        })
        .collect();
    decided.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.group.members.cmp(&b.group.members))
    });
    Detection {
        decided,
        candidates: comm.candidates.len(),
    }
}

/// Tests `members` as a group; when it fails, splits it by the next finer Louvain level and
/// tests the parts. A community that lumps two networks, or a network and the organic
/// accounts chained to it, fails as a whole but its parts pass.
fn try_set(
    ctx: &group::Context,
    cfg: &DetectConfig,
    levels: &[Vec<u32>],
    members: &[u32],
    level: usize,
) -> Vec<Group> {
    if members.len() < cfg.min_size {
        return Vec::new();
    }
    if let Ok(g) = group::test(ctx, cfg, members) {
        return vec![g];
    }
    if level == 0 {
        return Vec::new();
    }
    let parts = community::split(members, &levels[level - 1]);
    if parts.len() == 1 {
        return try_set(ctx, cfg, levels, members, level - 1);
    }
    parts
        .iter()
        .flat_map(|p| try_set(ctx, cfg, levels, p, level - 1))
        .collect()
}

/// Re-joins groups that act on the same objects: modularity splits a campaign whose members
/// write in several languages, or join it at different times, into parts that each pass the
/// group test. Two groups that share an independent group action (the same object in
/// overlapping episodes) are tested as one, and replaced by the union when it passes.
///
/// Complexity: O(G·A) to index the G groups' actions, then one group test per merged set.
fn rejoin(ctx: &group::Context, cfg: &DetectConfig, groups: Vec<Group>) -> Vec<Group> {
    // (signal, object) -> (group, first, last) of each independent action on it.
    type Uses = Vec<(usize, i64, i64)>;
    let mut owner: std::collections::BTreeMap<(usize, u32), Uses> = Default::default();
    for (gi, g) in groups.iter().enumerate() {
        for a in g.actions.iter().filter(|a| a.independent) {
            owner
                .entry((a.signal, a.object))
                .or_default()
                .push((gi, a.first_ms, a.last_ms));
        }
    }
    let mut uf = petgraph::unionfind::UnionFind::<usize>::new(groups.len());
    let mut linked = false;
    for uses in owner.values() {
        for (i, x) in uses.iter().enumerate() {
            for y in &uses[i + 1..] {
                let overlap = x.1 <= y.2 && y.1 <= x.2;
                if x.0 != y.0 && overlap {
                    linked |= uf.union(x.0, y.0);
                }
            }
        }
    }
    if !linked {
        return groups;
    }
    let mut sets: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for gi in 0..groups.len() {
        sets.entry(uf.find(gi)).or_default().push(gi);
    }
    let mut out = Vec::new();
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    for ids in sets.into_values() {
        if ids.len() > 1 {
            let mut members: Vec<u32> = ids
                .iter()
                .filter_map(|&i| slots[i].as_ref())
                .flat_map(|g| g.members.iter().copied())
                .collect();
            members.sort_unstable();
            members.dedup();
            if let Ok(g) = group::test(ctx, cfg, &members) {
                out.push(g);
                continue;
            }
        }
        out.extend(ids.into_iter().filter_map(|i| slots[i].take()));
    }
    out
}

/// The author of each reshare/reply target that is itself a post of the corpus.
fn target_authors(c: &Corpus) -> Vec<u32> {
    c.targets
        .iter()
        .map(|(_, id)| {
            c.post_ids
                .get(id)
                .and_then(|p| c.account.get(p as usize))
                .map_or(NONE, |a| a.0)
        })
        .collect()
}

/// Indices of the kept pairs among `members` (sorted), ascending.
fn member_edges(adjacency: &[Vec<(u32, usize)>], members: &[u32]) -> Vec<usize> {
    let mut out: Vec<usize> = members
        .iter()
        .flat_map(|&a| {
            adjacency[a as usize]
                .iter()
                .filter(move |(b, _)| a < *b && members.binary_search(b).is_ok())
                .map(|&(_, e)| e)
        })
        .collect();
    out.sort_unstable();
    out
}
