//! Candidate networks from kept pairs: connected components split by Louvain, communities
//! that Louvain split although they are as tightly linked to each other as within themselves
//! joined back, and the finer Louvain levels kept for splitting a candidate that fails the
//! group test.
//!
//! # Complexity
//! O(n + m) for n accounts and m kept pairs, plus Louvain (see `louvain`).

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;

use super::louvain;
use crate::graph::CoactionGraph;

/// Candidates and the Louvain hierarchy they came from.
#[derive(Debug, Clone, Default)]
pub struct Communities {
    /// Sorted member lists, sorted.
    pub candidates: Vec<Vec<u32>>,
    /// Louvain labels per level, finest first.
    pub levels: Vec<Vec<u32>>,
    /// Kept-pair neighbours of each account, sorted: (neighbour, edge index).
    pub adjacency: Vec<Vec<(u32, usize)>>,
}

/// Builds the candidates. See the module documentation.
pub fn communities(g: &CoactionGraph, n: usize, min_size: usize) -> Communities {
    let mut adjacency: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    let mut weighted: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    let mut uf = UnionFind::<usize>::new(n);
    for (i, e) in g.edges.iter().enumerate() {
        adjacency[e.a as usize].push((e.b, i));
        adjacency[e.b as usize].push((e.a, i));
        weighted[e.a as usize].push((e.b, e.weight));
        weighted[e.b as usize].push((e.a, e.weight));
        uf.union(e.a as usize, e.b as usize);
    }
    for l in &mut adjacency {
        l.sort_unstable();
    }
    for l in &mut weighted {
        l.sort_by_key(|x| x.0);
    }
    let levels = louvain::levels(&weighted);
    let community: Vec<u32> = levels
        .last()
        .cloned()
        .unwrap_or_else(|| (0..n as u32).collect());
    // Group accounts by (component, community); isolated accounts never form one.
    let mut groups: BTreeMap<(usize, u32), Vec<u32>> = BTreeMap::new();
    for (a, list) in adjacency.iter().enumerate() {
        if !list.is_empty() {
            groups
                .entry((uf.find(a), community[a]))
                .or_default()
                .push(a as u32);
        }
    }
    let groups: Vec<Vec<u32>> = groups.into_values().collect();
    let candidates = merge_dense(groups, g, n)
        .into_iter()
        .filter(|v| v.len() >= min_size)
        .collect();
    Communities {
        candidates,
        levels,
        adjacency,
    }
}

/// Splits `members` by the Louvain labels of `level` (one part per label, in label order).
pub fn split(members: &[u32], labels: &[u32]) -> Vec<Vec<u32>> {
    let mut parts: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &a in members {
        parts.entry(labels[a as usize]).or_default().push(a);
    }
    parts.into_values().collect()
}

/// The densest core of `members` (sorted): the k-core of the kept pairs among them for the
/// largest k (every account in it has at least k neighbours in it), found by peeling the
/// account of lowest degree. A community that is a ring plus the organic accounts that
/// happened to act near it once or twice (Louvain has no finer level to tell them apart)
/// holds the ring as its core: each ring member is linked to every other, each follower to a
/// few. Returns `members` itself when nothing peels off.
///
/// O(E log n) for the E kept pairs among the n members.
pub fn densest_core(adjacency: &[Vec<(u32, usize)>], members: &[u32]) -> Vec<u32> {
    let n = members.len();
    let index = |a: u32| members.binary_search(&a).ok();
    let mut degree: Vec<usize> = members
        .iter()
        .map(|&a| {
            adjacency[a as usize]
                .iter()
                .filter(|(b, _)| index(*b).is_some())
                .count()
        })
        .collect();
    let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<(usize, usize)>> = degree
        .iter()
        .enumerate()
        .map(|(i, &d)| std::cmp::Reverse((d, i)))
        .collect();
    let mut removed = vec![false; n];
    // Peel in order of degree; the core number is the largest degree seen at removal.
    let (mut k, mut best_k, mut best_at) = (0usize, 0usize, 0usize);
    let mut order = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse((d, i))) = heap.pop() {
        if removed[i] || d != degree[i] {
            continue;
        }
        if d > k {
            k = d;
        }
        if k > best_k {
            best_k = k;
            best_at = order.len();
        }
        removed[i] = true;
        order.push(i);
        for &(b, _) in &adjacency[members[i] as usize] {
            if let Some(j) = index(b)
                && !removed[j]
            {
                degree[j] -= 1;
                heap.push(std::cmp::Reverse((degree[j], j)));
            }
        }
    }
    // The max core: everything removed from the point where k reached its maximum.
    let mut core: Vec<u32> = order[best_at..].iter().map(|&i| members[i]).collect();
    core.sort_unstable();
    core
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
    let mut inter: BTreeMap<(u32, u32), u64> = BTreeMap::new();
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
    let mut merged: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Adjacency of `n` accounts from undirected pairs.
    fn adjacency(n: usize, pairs: &[(u32, u32)]) -> Vec<Vec<(u32, usize)>> {
        let mut adj = vec![Vec::new(); n];
        for (i, &(a, b)) in pairs.iter().enumerate() {
            adj[a as usize].push((b, i));
            adj[b as usize].push((a, i));
        }
        for l in &mut adj {
            l.sort_unstable();
        }
        adj
    }

    #[test]
    fn the_densest_core_is_the_ring_not_its_followers() {
        // A ring of 6 (every pair linked) and 12 followers, each linked to two ring members
        // and to one other follower.
        let mut pairs = Vec::new();
        for a in 0..6u32 {
            for b in a + 1..6 {
                pairs.push((a, b));
            }
        }
        for f in 6..18u32 {
            pairs.push((f % 6, f));
            pairs.push(((f + 1) % 6, f));
            if f % 2 == 0 {
                pairs.push((f, f + 1));
            }
        }
        let adj = adjacency(18, &pairs);
        let all: Vec<u32> = (0..18).collect();
        assert_eq!(densest_core(&adj, &all), (0..6).collect::<Vec<u32>>());
        // A clique peels nothing off; only the members given are considered.
        let ring: Vec<u32> = (0..6).collect();
        assert_eq!(densest_core(&adj, &ring), ring);
        assert_eq!(densest_core(&adj, &[0, 6, 7]), vec![0, 6, 7]);
    }

    #[test]
    fn split_follows_labels() {
        let parts = split(&[0, 1, 2, 3], &[5, 4, 5, 4]);
        assert_eq!(parts, vec![vec![1, 3], vec![0, 2]]);
    }
}
