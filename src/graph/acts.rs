//! Evidence per act: a pair's co-actions reduced to distinct pairs of posts.
//!
//! Two posts that share a URL usually also share its domain, its preview image and a hashtag:
//! that is one act, not four pieces of evidence. For each account pair, the hits of every
//! signal (one per object, with the two posts behind it) are taken strongest first (rarity
//! weight, then signal order, then time gap), and a hit counts as an act only when neither of
//! its posts, nor its object, was used by an act already counted. So a pair's acts are
//! distinct objects on distinct posts: one shared reshare is one act, whatever it carried,
//! and a slogan the two repeat twenty times is one act too.
//!
//! Most pairs of a large corpus share a single act (chance meetings on a popular object).
//! They matter only as the chance rate of each signal, so `reduce` keeps their summed
//! weight and count, and the acts of the pairs that can become edges.
//!
//! # Complexity
//! O(H log H) for H hits (one in-place radix partition and parallel bucket sorts by pair,
//! see `pairsort`), then O(h²) per pair over its own h hits,
//! which the neighbour bound of `coaction` keeps small. Memory: the hits, once, plus the acts
//! of the pairs kept.

use rayon::prelude::*;

use super::coaction::Hit;
use super::pairsort;

/// The acts of one account pair: a range of `Reduced::acts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairSpan {
    pub pair: u64,
    pub start: u32,
    pub len: u32,
}

/// The pairs of a corpus, reduced to what the significance test needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reduced {
    /// Pairs with at least one act.
    pub pairs_tested: u64,
    /// Pairs with exactly one act.
    pub pairs_single: u64,
    /// Per signal: the summed weight of the pairs with exactly one act in that signal (the
    /// signal's chance co-actions, see `significance`; a pair that repeats in a signal is not
    /// chance there).
    pub single_weight: Vec<f64>,
    /// Pairs with at least `keep` acts, sorted by pair.
    pub pairs: Vec<PairSpan>,
    /// Their acts, strongest first within each pair.
    pub acts: Vec<Hit>,
}

impl Reduced {
    /// The acts of `p`.
    pub fn acts_of(&self, p: &PairSpan) -> &[Hit] {
        &self.acts[p.start as usize..(p.start + p.len) as usize]
    }
}

/// Hits per parallel chunk of the reduction. Chunks end on pair boundaries and depend only on
/// the data, so sums come out the same whatever the thread count.
const CHUNK: usize = 1 << 16;

/// Groups `all` by pair, selects each pair's acts, and keeps the pairs with at least `keep`
/// acts (and the single-act statistics of all). `ns` is the number of signals. See the
/// module documentation.
pub fn reduce(mut all: Vec<Hit>, ns: usize, keep: u32) -> Reduced {
    pairsort::sort_by_pair(&mut all);
    let bounds = chunk_bounds(&all);
    let parts: Vec<Reduced> = bounds
        .par_windows(2)
        .map(|w| reduce_chunk(&all[w[0]..w[1]], ns, keep))
        .collect();
    drop(all);
    let mut out = Reduced {
        single_weight: vec![0.0; ns],
        ..Reduced::default()
    };
    out.pairs
        .reserve_exact(parts.iter().map(|p| p.pairs.len()).sum());
    out.acts
        .reserve_exact(parts.iter().map(|p| p.acts.len()).sum());
    for p in parts {
        out.pairs_tested += p.pairs_tested;
        out.pairs_single += p.pairs_single;
        for (o, w) in out.single_weight.iter_mut().zip(&p.single_weight) {
            *o += w;
        }
        let base = out.acts.len() as u32;
        out.pairs.extend(p.pairs.iter().map(|s| PairSpan {
            start: s.start + base,
            ..*s
        }));
        out.acts.extend(p.acts);
    }
    out
}

/// Chunk boundaries of `all` (sorted by pair), each at a change of pair.
fn chunk_bounds(all: &[Hit]) -> Vec<usize> {
    let mut b = vec![0];
    let mut at = CHUNK;
    while at < all.len() {
        let pair = all[at - 1].pair;
        let end = at + all[at..].partition_point(|h| h.pair == pair);
        b.push(end);
        at = end + CHUNK;
    }
    if *b.last().unwrap_or(&0) < all.len() {
        b.push(all.len());
    }
    b
}

/// `reduce` over one chunk of whole pairs.
fn reduce_chunk(chunk: &[Hit], ns: usize, keep: u32) -> Reduced {
    let mut out = Reduced {
        single_weight: vec![0.0; ns],
        ..Reduced::default()
    };
    let mut run: Vec<Hit> = Vec::new();
    let mut acts: Vec<Hit> = Vec::new();
    let mut per_signal: Vec<(u32, f32)> = vec![(0, 0.0); ns];
    for same in chunk.chunk_by(|x, y| x.pair == y.pair) {
        acts.clear();
        if let [only] = same {
            // Most pairs of a large corpus meet once: their one hit is their one act.
            acts.push(*only);
        } else {
            run.clear();
            run.extend_from_slice(same);
            select(&mut run, &mut acts);
        }
        out.pairs_tested += 1;
        if acts.len() == 1 {
            out.pairs_single += 1;
        }
        add_single_weights(&acts, &mut per_signal, &mut out.single_weight);
        if acts.len() as u32 >= keep.max(1) {
            out.pairs.push(PairSpan {
                pair: same[0].pair,
                start: out.acts.len() as u32,
                len: acts.len() as u32,
            });
            out.acts.extend_from_slice(&acts);
        }
    }
    out
}

/// Adds to `single_weight[s]` the weight of the pair's act in signal `s` when it is the
/// pair's only act there. `per_signal` is scratch (acts and first weight per signal).
fn add_single_weights(acts: &[Hit], per_signal: &mut [(u32, f32)], single_weight: &mut [f64]) {
    if let [only] = acts {
        single_weight[usize::from(only.signal)] += f64::from(only.weight);
        return;
    }
    per_signal.fill((0, 0.0));
    for a in acts {
        let slot = &mut per_signal[usize::from(a.signal)];
        if slot.0 == 0 {
            slot.1 = a.weight;
        }
        slot.0 += 1;
    }
    for (w, &(n, first)) in single_weight.iter_mut().zip(per_signal.iter()) {
        if n == 1 {
            *w += f64::from(first);
        }
    }
}

/// The acts among one pair's hits (`run`, reordered strongest first) into `acts`.
fn select(run: &mut [Hit], acts: &mut Vec<Hit>) {
    run.sort_unstable_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then(x.signal.cmp(&y.signal))
            .then(x.lag_ms.cmp(&y.lag_ms))
            .then(x.posts.cmp(&y.posts))
            .then(x.object.cmp(&y.object))
    });
    acts.clear();
    for h in run.iter() {
        let clash = acts.iter().any(|a| {
            (a.signal == h.signal && a.object == h.object)
                || a.posts[0] == h.posts[0]
                || a.posts[1] == h.posts[1]
        });
        if !clash {
            acts.push(*h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(pair: u64, signal: u8, object: u32, weight: f32, posts: [u32; 2]) -> Hit {
        Hit {
            pair,
            posts,
            object,
            weight,
            lag_ms: 0,
            signal,
        }
    }

    #[test]
    fn one_pair_of_posts_is_one_act() {
        // Posts 10 and 20 share a URL (signal 0), its domain (1) and a hashtag (2): one act,
        // counted by the rarest object. Posts 11 and 21 share another URL: a second act.
        let r = reduce(
            vec![
                hit(1, 1, 5, 0.2, [10, 20]),
                hit(1, 0, 7, 0.9, [10, 20]),
                hit(1, 2, 3, 0.5, [10, 20]),
                hit(1, 0, 8, 0.8, [11, 21]),
            ],
            3,
            1,
        );
        assert_eq!(r.pairs.len(), 1);
        let a = r.acts_of(&r.pairs[0]);
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].signal, a[0].object), (0, 7));
        assert_eq!((a[1].signal, a[1].object), (0, 8));
        assert_eq!((r.pairs_tested, r.pairs_single), (1, 0));
    }

    #[test]
    fn a_repeated_object_counts_once() {
        // The same slogan (object 4) posted on three pairs of posts is one act: a single-act
        // pair, counted in the chance rate of its signal and not kept at `keep` 2.
        let r = reduce(
            vec![
                hit(1, 0, 4, 0.7, [1, 2]),
                hit(1, 0, 4, 0.7, [3, 5]),
                hit(1, 0, 4, 0.7, [6, 7]),
            ],
            2,
            2,
        );
        assert!(r.pairs.is_empty());
        assert_eq!((r.pairs_tested, r.pairs_single), (1, 1));
        assert_eq!(r.single_weight, vec![f64::from(0.7f32), 0.0]);
    }

    #[test]
    fn chunking_does_not_change_the_result() {
        // Enough pairs to cross several chunk boundaries, some pairs spanning them.
        let mut all = Vec::new();
        for i in 0..(3 * CHUNK as u64) {
            let pair = i / 3;
            all.push(hit(
                pair,
                (i % 2) as u8,
                i as u32,
                0.5,
                [i as u32, i as u32 + 1],
            ));
        }
        let r = reduce(all.clone(), 2, 2);
        assert_eq!(r.pairs_tested, CHUNK as u64);
        assert_eq!(r.pairs.len(), CHUNK);
        assert!(r.pairs.iter().all(|p| p.len == 3));
        assert!(r.pairs.windows(2).all(|w| w[0].pair < w[1].pair));
        // The same input in another order reduces to the same thing.
        all.reverse();
        assert_eq!(reduce(all, 2, 2), r);
    }
}
