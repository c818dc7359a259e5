//! From kept pairs to networks: connected components, split by Louvain, then the lockstep
//! group test.
//!
//! # Louvain
//! Modularity optimisation by local moves and aggregation (Blondel et al., "Fast unfolding of
//! communities in large networks", 2008), made deterministic: nodes are visited in id order,
//! neighbour communities in id order, ties go to the smaller community id, and sums run in a
//! fixed order. Time about O(m) per pass for m edges; memory O(n + m).
//!
//! # Group test
//! Pairs alone chain organic users together. A community is a network only when its members
//! act as a group, repeatedly (the idea of CopyCatch, Beutel et al. 2013): a *group object*
//! is an object on which at least max(3, `group_share`·size) members act within one window,
//! and who make up at least `EXCLUSIVE` of everyone using it in that stretch of time (a viral
//! story that thousands share at once does not make a handful of them a group; a narrative
//! that several networks push on different days still can). A network needs group objects whose rarity
//! weights (see `coaction`) sum to `min_group_objects`; members that take part in none are dropped; what is left must have `min_size`
//! members.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;

use super::events::objects_of;
use super::{CoactionGraph, GraphConfig};
use crate::features::Features;
use crate::model::Corpus;

/// Share of an object's users a group must make up for the object to be a group action.
pub const EXCLUSIVE: f64 = 0.3;

/// One group action of a network.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupObject {
    /// Index into `CoactionGraph::signals`.
    pub signal: usize,
    pub object: u32,
    /// Members acting within the best window.
    pub members: u32,
    /// Everyone who used the object.
    pub accounts_total: u32,
    /// The members' posts in that window, in time order.
    pub posts: Vec<u32>,
    /// Median delay of those posts after the first, ms.
    pub median_lag_ms: i64,
}

/// A candidate network that passed the group test.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Account ids, ascending.
    pub members: Vec<u32>,
    pub group_objects: Vec<GroupObject>,
    /// Indices into `CoactionGraph::edges` of the edges among members.
    pub edges: Vec<usize>,
}

/// Clusters the kept edges into networks. See the module documentation.
pub fn cluster(c: &Corpus, f: &Features, g: &CoactionGraph, cfg: &GraphConfig) -> Vec<Cluster> {
    let n = c.account_ids.len();
    let mut graph: UnGraph<u32, f64> = UnGraph::with_capacity(n, g.edges.len());
    for i in 0..n {
        graph.add_node(i as u32);
    }
    let mut uf = UnionFind::<usize>::new(n);
    for e in &g.edges {
        graph.add_edge(
            NodeIndex::new(e.a as usize),
            NodeIndex::new(e.b as usize),
            e.weight,
        );
        uf.union(e.a as usize, e.b as usize);
    }
    let levels = louvain_levels(&graph);
    let community = levels
        .last()
        .cloned()
        .unwrap_or_else(|| (0..n as u32).collect());
    // Group accounts by (component, community); isolated accounts never form one.
    let mut groups: std::collections::BTreeMap<(usize, u32), Vec<u32>> = Default::default();
    for e in &g.edges {
        for a in [e.a, e.b] {
            groups
                .entry((uf.find(a as usize), community[a as usize]))
                .or_default()
                .push(a);
        }
    }
    let groups: Vec<Vec<u32>> = groups
        .into_values()
        .map(|mut v| {
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let candidates: Vec<Vec<u32>> = merge_dense(groups, g, n)
        .into_iter()
        .filter(|v| v.len() >= cfg.min_size)
        .collect();
    use rayon::prelude::*;
    let mut out: Vec<Cluster> = candidates
        .par_iter()
        .flat_map_iter(|m| try_set(c, f, g, cfg, &levels, m, levels.len()))
        .collect();
    out.sort_by(|a, b| a.members.cmp(&b.members));
    out
}

/// Re-joins communities that Louvain split although they are about as tightly linked to each
/// other as within themselves: modularity favours splitting one dense campaign into several
/// parts. Two communities merge when the density of kept edges between them is at least half
/// the smaller of their internal densities.
fn merge_dense(groups: Vec<Vec<u32>>, g: &CoactionGraph, n: usize) -> Vec<Vec<u32>> {
    let k = groups.len();
    let mut of = vec![u32::MAX; n];
    for (gi, members) in groups.iter().enumerate() {
        for &a in members {
            of[a as usize] = gi as u32;
        }
    }
    let mut intra = vec![0u64; k];
    let mut inter: std::collections::BTreeMap<(u32, u32), u64> = Default::default();
    for e in &g.edges {
        let (x, y) = (of[e.a as usize], of[e.b as usize]);
        if x == y {
            intra[x as usize] += 1;
        } else {
            *inter.entry((x.min(y), x.max(y))).or_default() += 1;
        }
    }
    let density = |edges: u64, pairs: f64| {
        if pairs > 0.0 {
            edges as f64 / pairs
        } else {
            0.0
        }
    };
    let dens: Vec<f64> = (0..k)
        .map(|i| {
            let s = groups[i].len() as f64;
            density(intra[i], s * (s - 1.0) / 2.0)
        })
        .collect();
    let mut uf = UnionFind::<usize>::new(k);
    for (&(x, y), &edges) in &inter {
        let (x, y) = (x as usize, y as usize);
        let between = density(edges, groups[x].len() as f64 * groups[y].len() as f64);
        if between >= 0.5 * dens[x].min(dens[y]) {
            uf.union(x, y);
        }
    }
    let mut merged: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
    for (i, members) in groups.into_iter().enumerate() {
        merged.entry(uf.find(i)).or_default().extend(members);
    }
    merged
        .into_values()
        .map(|mut v| {
            v.sort_unstable();
            v
        })
        .collect()
}

/// Tests `members` as a group; when it fails, splits it by the next finer Louvain level and
/// tests the parts. A community that lumps two networks sharing a narrative fails as a whole
/// (neither is a large enough share of it) but its parts pass.
fn try_set(
    c: &Corpus,
    f: &Features,
    g: &CoactionGraph,
    cfg: &GraphConfig,
    levels: &[Vec<u32>],
    members: &[u32],
    level: usize,
) -> Vec<Cluster> {
    if members.len() < cfg.min_size {
        return Vec::new();
    }
    if let Some(cl) = group_test(c, f, g, cfg, members) {
        return vec![cl];
    }
    if level == 0 {
        return Vec::new();
    }
    let labels = &levels[level - 1];
    let mut parts: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for &a in members {
        parts.entry(labels[a as usize]).or_default().push(a);
    }
    if parts.len() == 1 {
        return try_set(c, f, g, cfg, levels, members, level - 1);
    }
    parts
        .into_values()
        .flat_map(|p| try_set(c, f, g, cfg, levels, &p, level - 1))
        .collect()
}

/// The group test for one candidate; `None` when it fails.
fn group_test(
    c: &Corpus,
    f: &Features,
    g: &CoactionGraph,
    cfg: &GraphConfig,
    members: &[u32],
) -> Option<Cluster> {
    let need = ((cfg.group_share * members.len() as f64).ceil() as usize).max(3);
    let mut objs = Vec::new();
    let mut found = Vec::new();
    for (si, &s) in g.signals.iter().enumerate() {
        // (object, time, account, post) of the members under this signal.
        let mut ev: Vec<(u32, i64, u32, u32)> = Vec::new();
        for &a in members {
            for &p in f.posts_of(a) {
                objects_of(c, f, s, p as usize, &mut objs);
                for &o in &objs {
                    ev.push((o, c.time[p as usize], a, p));
                }
            }
        }
        ev.sort_unstable();
        let w = g.windows_ms[si];
        let mut start = 0;
        while start < ev.len() {
            let mut end = start + 1;
            while end < ev.len() && ev[end].0 == ev[start].0 {
                end += 1;
            }
            if let Some(go) = best_window(&ev[start..end], w, need, si) {
                let total = g.object_accounts(si, go.object) as u32;
                let first = c.time[go.posts[0] as usize];
                let last = go
                    .posts
                    .iter()
                    .map(|&p| c.time[p as usize])
                    .max()
                    .unwrap_or(first);
                let around = g.object_accounts_between(si, go.object, first, last);
                if f64::from(go.members) >= EXCLUSIVE * around as f64 {
                    found.push(GroupObject {
                        accounts_total: total,
                        ..go
                    });
                }
            }
            start = end;
        }
    }
    // Keep members that took part in a group action.
    let mut active: Vec<u32> = found
        .iter()
        .flat_map(|go| go.posts.iter().map(|&p| c.account[p as usize].0))
        .collect();
    active.sort_unstable();
    active.dedup();
    // Group actions count by rarity: three viral stories that hundreds share are not three
    // pieces of evidence.
    let n_accounts = c.account_ids.len();
    let evidence: f64 = found
        .iter()
        .map(|go| {
            f64::from(super::coaction::rarity(
                go.accounts_total as usize,
                n_accounts,
            ))
        })
        .sum();
    if active.len() < cfg.min_size || evidence < cfg.min_group_objects as f64 {
        return None;
    }
    let edges = g
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| active.binary_search(&e.a).is_ok() && active.binary_search(&e.b).is_ok())
        .map(|(i, _)| i)
        .collect();
    Some(Cluster {
        members: active,
        group_objects: found,
        edges,
    })
}

/// The window with the most distinct members on one object, if it reaches `need`.
fn best_window(ev: &[(u32, i64, u32, u32)], w: i64, need: usize, si: usize) -> Option<GroupObject> {
    let mut best: Option<(usize, usize, usize)> = None;
    let mut j = 0;
    let mut counts: std::collections::BTreeMap<u32, u32> = Default::default();
    for i in 0..ev.len() {
        *counts.entry(ev[i].2).or_default() += 1;
        while ev[i].1 - ev[j].1 > w {
            let k = counts
                .get_mut(&ev[j].2)
                .expect("invariant: counted on entry");
            *k -= 1;
            if *k == 0 {
                counts.remove(&ev[j].2);
            }
            j += 1;
        }
        if counts.len() >= need && best.is_none_or(|(_, _, d)| counts.len() > d) {
            best = Some((j, i, counts.len()));
        }
    }
    let (j, i, d) = best?;
    // One post per member: its first in the window.
    let mut posts: Vec<(i64, u32, u32)> = Vec::new();
    for e in &ev[j..=i] {
        if !posts.iter().any(|p| p.1 == e.2) {
            posts.push((e.1, e.2, e.3));
        }
    }
    let t0 = posts[0].0;
    let mut lags: Vec<i64> = posts.iter().skip(1).map(|p| p.0 - t0).collect();
    lags.sort_unstable();
    Some(GroupObject {
        signal: si,
        object: ev[0].0,
        members: d as u32,
        accounts_total: 0,
        posts: posts.iter().map(|p| p.2).collect(),
        median_lag_ms: lags.get(lags.len() / 2).copied().unwrap_or(0),
    })
}

/// Deterministic Louvain; returns a community label per node.
pub fn louvain(g: &UnGraph<u32, f64>) -> Vec<u32> {
    let n = g.node_count();
    louvain_levels(g)
        .pop()
        .unwrap_or_else(|| (0..n as u32).collect())
}

/// Deterministic Louvain; returns the node labels after each level, finest first (empty when
/// no node moves).
pub fn louvain_levels(g: &UnGraph<u32, f64>) -> Vec<Vec<u32>> {
    let n = g.node_count();
    // Adjacency with summed parallel weights, neighbours sorted; self-loop weight apart.
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for e in g.edge_indices() {
        let (a, b) = g.edge_endpoints(e).expect("invariant: edge exists");
        let w = g[e];
        adj[a.index()].push((b.index() as u32, w));
        adj[b.index()].push((a.index() as u32, w));
    }
    let mut selfw = vec![0.0f64; n];
    for list in &mut adj {
        list.sort_by_key(|x| x.0);
    }
    let mut label: Vec<u32> = (0..n as u32).collect();
    let mut levels = Vec::new();
    for _level in 0..10 {
        let (comm, moved) = one_level(&adj, &selfw);
        if !moved {
            break;
        }
        // Renumber communities densely in node order.
        let mut map = vec![u32::MAX; adj.len()];
        let mut next = 0u32;
        for &c in &comm {
            if map[c as usize] == u32::MAX {
                map[c as usize] = next;
                next += 1;
            }
        }
        for l in &mut label {
            *l = map[comm[*l as usize] as usize];
        }
        levels.push(label.clone());
        // Aggregate.
        let m = next as usize;
        let mut nadj: Vec<std::collections::BTreeMap<u32, f64>> = vec![Default::default(); m];
        let mut nself = vec![0.0f64; m];
        for (i, list) in adj.iter().enumerate() {
            let ci = map[comm[i] as usize];
            nself[ci as usize] += selfw[i];
            for &(j, w) in list {
                let cj = map[comm[j as usize] as usize];
                if ci == cj {
                    if (i as u32) < j {
                        nself[ci as usize] += w;
                    }
                } else {
                    *nadj[ci as usize].entry(cj).or_default() += w;
                }
            }
        }
        adj = nadj.into_iter().map(|m| m.into_iter().collect()).collect();
        selfw = nself;
    }
    levels
}

/// One level of local moves. Returns each node's community and whether any node moved.
fn one_level(adj: &[Vec<(u32, f64)>], selfw: &[f64]) -> (Vec<u32>, bool) {
    let n = adj.len();
    let k: Vec<f64> = (0..n)
        .map(|i| adj[i].iter().map(|x| x.1).sum::<f64>() + 2.0 * selfw[i])
        .collect();
    let m2: f64 = k.iter().sum();
    let mut comm: Vec<u32> = (0..n as u32).collect();
    if m2 <= 0.0 {
        return (comm, false);
    }
    let mut tot = k.clone();
    let mut moved_any = false;
    let mut nw: Vec<(u32, f64)> = Vec::new();
    for _pass in 0..20 {
        let mut moved = false;
        for i in 0..n {
            if adj[i].is_empty() {
                continue;
            }
            let ci = comm[i];
            tot[ci as usize] -= k[i];
            nw.clear();
            for &(j, w) in &adj[i] {
                let cj = comm[j as usize];
                match nw.iter_mut().find(|x| x.0 == cj) {
                    Some(x) => x.1 += w,
                    None => nw.push((cj, w)),
                }
            }
            nw.sort_by_key(|x| x.0);
            let gain = |c: u32, w: f64| w - tot[c as usize] * k[i] / m2;
            let own = nw.iter().find(|x| x.0 == ci).map_or(0.0, |x| x.1);
            let mut best = (ci, gain(ci, own));
            for &(c, w) in &nw {
                let gn = gain(c, w);
                if gn > best.1 + 1e-12 || ((gn - best.1).abs() <= 1e-12 && c < best.0) {
                    best = (c, gn);
                }
            }
            tot[best.0 as usize] += k[i];
            if best.0 != ci {
                comm[i] = best.0;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    (comm, moved_any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn louvain_splits_two_cliques_joined_by_a_bridge() {
        let mut g: UnGraph<u32, f64> = UnGraph::default();
        let nodes: Vec<_> = (0..8).map(|i| g.add_node(i)).collect();
        for block in [0..4, 4..8] {
            for a in block.clone() {
                for b in a + 1..block.end {
                    g.add_edge(nodes[a], nodes[b], 1.0);
                }
            }
        }
        g.add_edge(nodes[3], nodes[4], 0.1);
        let c = louvain(&g);
        assert!(c[..4].iter().all(|&x| x == c[0]));
        assert!(c[4..].iter().all(|&x| x == c[4]));
        assert_ne!(c[0], c[4]);
        // Deterministic.
        assert_eq!(c, louvain(&g));
    }
}
