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
//! which the neighbour bound of `coaction` keeps small. Memory: the hits, once (one piece of
//! them with `Reducer`), plus the acts of the pairs kept.

use rayon::prelude::*;

use super::coaction::{ObjectTable, PairHit};
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
    /// Their acts, strongest first within each pair (objects in the `ObjectTable` given to
    /// `reduce`).
    pub acts: Vec<PairHit>,
}

impl Reduced {
    /// The acts of `p`.
    pub fn acts_of(&self, p: &PairSpan) -> &[PairHit] {
        &self.acts[p.start as usize..(p.start + p.len) as usize]
    }
}

/// Hits per parallel chunk of the reduction. Chunks end on pair boundaries and depend only on
/// the data, so sums come out the same whatever the thread count.
const CHUNK: usize = 1 << 16;

/// Groups `all` by pair, selects each pair's acts, and keeps the pairs with at least `keep`
/// acts (and the single-act statistics of all). `objects` holds the hits' signals, objects
/// and weights; `ns` is the number of signals. See the module documentation.
pub fn reduce(all: Vec<PairHit>, objects: &ObjectTable, ns: usize, keep: u32) -> Reduced {
    let mut r = Reducer::new(ns, keep);
    r.add(all, objects);
    r.finish(objects)
}

/// `reduce` fed in pieces, so that only one piece of the hits is held at a time: each piece
/// holds whole pairs, all after the pairs of the pieces before. The chunks, and so every sum
/// and its order, are those of `reduce` over all the pieces at once: a chunk is the fewest
/// whole pairs from where the last one ended that hold at least `CHUNK` hits, and the hits
/// after a piece's last full chunk are carried into the next piece's first.
#[derive(Debug)]
pub struct Reducer {
    ns: usize,
    keep: u32,
    out: Reduced,
    /// The pairs after the last full chunk (fewer than `CHUNK` hits).
    carry: Vec<PairHit>,
}

impl Reducer {
    pub fn new(ns: usize, keep: u32) -> Reducer {
        Reducer {
            ns,
            keep,
            out: Reduced {
                single_weight: vec![0.0; ns],
                ..Reduced::default()
            },
            carry: Vec::new(),
        }
    }

    /// Reduces the next piece (in any order; it is sorted here).
    pub fn add(&mut self, mut hits: Vec<PairHit>, objects: &ObjectTable) {
        pairsort::sort_by_pair(&mut hits);
        let mut cur = 0;
        let mut first = None;
        if !self.carry.is_empty() {
            let need = CHUNK - self.carry.len();
            if hits.len() < need {
                self.carry.extend_from_slice(&hits);
                return;
            }
            let end = pair_end(&hits, need);
            let mut chunk = std::mem::take(&mut self.carry);
            chunk.extend_from_slice(&hits[..end]);
            first = Some(chunk);
            cur = end;
        }
        let mut bounds = vec![cur];
        while hits.len() - cur >= CHUNK {
            cur = pair_end(&hits, cur + CHUNK);
            bounds.push(cur);
        }
        let (ns, keep) = (self.ns, self.keep);
        let (head, rest) = rayon::join(
            || first.map(|c| reduce_chunk(&c, objects, ns, keep)),
            || {
                bounds
                    .par_windows(2)
                    .map(|w| reduce_chunk(&hits[w[0]..w[1]], objects, ns, keep))
                    .collect::<Vec<Reduced>>()
            },
        );
        self.carry = hits[cur..].to_vec();
        drop(hits);
        for p in head.into_iter().chain(rest) {
            self.out.merge(p);
        }
    }

    /// The reduction of every piece added.
    pub fn finish(mut self, objects: &ObjectTable) -> Reduced {
        if !self.carry.is_empty() {
            let last = reduce_chunk(&self.carry, objects, self.ns, self.keep);
            self.out.merge(last);
        }
        self.out
    }
}

impl Reduced {
    /// Appends the reduction of the next chunk.
    fn merge(&mut self, p: Reduced) {
        self.pairs_tested += p.pairs_tested;
        self.pairs_single += p.pairs_single;
        for (o, w) in self.single_weight.iter_mut().zip(&p.single_weight) {
            *o += w;
        }
        let base = self.acts.len() as u32;
        self.pairs.extend(p.pairs.iter().map(|s| PairSpan {
            start: s.start + base,
            ..*s
        }));
        self.acts.extend(p.acts);
    }
}

/// The end of the pair of `hits[at - 1]` (`hits` sorted by pair, `at` at least 1).
fn pair_end(hits: &[PairHit], at: usize) -> usize {
    let pair = hits[at - 1].pair;
    at + hits[at..].partition_point(|h| h.pair == pair)
}

/// `reduce` over one chunk of whole pairs.
fn reduce_chunk(chunk: &[PairHit], objects: &ObjectTable, ns: usize, keep: u32) -> Reduced {
    let mut out = Reduced {
        single_weight: vec![0.0; ns],
        ..Reduced::default()
    };
    let mut run: Vec<PairHit> = Vec::new();
    let mut acts: Vec<PairHit> = Vec::new();
    let mut per_signal: Vec<(u32, f32)> = vec![(0, 0.0); ns];
    for same in chunk.chunk_by(|x, y| x.pair == y.pair) {
        acts.clear();
        if let [only] = same {
            // Most pairs of a large corpus meet once: their one hit is their one act.
            acts.push(*only);
        } else {
            run.clear();
            run.extend_from_slice(same);
            select(&mut run, objects, &mut acts);
        }
        out.pairs_tested += 1;
        if acts.len() == 1 {
            out.pairs_single += 1;
        }
        add_single_weights(&acts, objects, &mut per_signal, &mut out.single_weight);
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
fn add_single_weights(
    acts: &[PairHit],
    objects: &ObjectTable,
    per_signal: &mut [(u32, f32)],
    single_weight: &mut [f64],
) {
    if let [only] = acts {
        single_weight[usize::from(objects.signal_of(only))] += f64::from(objects.weight_of(only));
        return;
    }
    per_signal.fill((0, 0.0));
    for a in acts {
        let slot = &mut per_signal[usize::from(objects.signal_of(a))];
        if slot.0 == 0 {
            slot.1 = objects.weight_of(a);
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
///
/// The order is rarity weight (descending), signal, lag, posts, object; within one signal
/// the slots compare as the objects (see `ObjectTable`), and one object of one signal is
/// one slot.
fn select(run: &mut [PairHit], objects: &ObjectTable, acts: &mut Vec<PairHit>) {
    run.sort_unstable_by(|x, y| {
        objects
            .weight_of(y)
            .total_cmp(&objects.weight_of(x))
            .then(objects.signal_of(x).cmp(&objects.signal_of(y)))
            .then(x.lag_ms.cmp(&y.lag_ms))
            .then(x.posts.cmp(&y.posts))
            .then(x.slot.cmp(&y.slot))
    });
    acts.clear();
    for h in run.iter() {
        let clash = acts
            .iter()
            .any(|a| a.slot == h.slot || a.posts[0] == h.posts[0] || a.posts[1] == h.posts[1]);
        if !clash {
            acts.push(*h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::coaction::Hit;

    /// `reduce` over whole hits: each signal's hits packed (in signal order) into one table.
    fn reduce_hits(all: Vec<Hit>, ns: usize, keep: u32) -> (Reduced, ObjectTable) {
        let (mut packed, mut table) = (Vec::new(), ObjectTable::default());
        for s in 0..ns as u8 {
            let mine: Vec<Hit> = all.iter().filter(|h| h.signal == s).copied().collect();
            table.pack(s, &mine, &mut packed);
        }
        (reduce(packed, &table, ns, keep), table)
    }

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
        let (r, table) = reduce_hits(
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
        let a: Vec<Hit> = r
            .acts_of(&r.pairs[0])
            .iter()
            .map(|h| table.unpack(h))
            .collect();
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].signal, a[0].object), (0, 7));
        assert_eq!((a[1].signal, a[1].object), (0, 8));
        assert_eq!((r.pairs_tested, r.pairs_single), (1, 0));
    }

    #[test]
    fn a_repeated_object_counts_once() {
        // The same slogan (object 4) posted on three pairs of posts is one act: a single-act
        // pair, counted in the chance rate of its signal and not kept at `keep` 2.
        let (r, _) = reduce_hits(
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
        let (r, _) = reduce_hits(all.clone(), 2, 2);
        assert_eq!(r.pairs_tested, CHUNK as u64);
        assert_eq!(r.pairs.len(), CHUNK);
        assert!(r.pairs.iter().all(|p| p.len == 3));
        assert!(r.pairs.windows(2).all(|w| w[0].pair < w[1].pair));
        // The same input in another order reduces to the same thing.
        all.reverse();
        assert_eq!(reduce_hits(all, 2, 2).0, r);
    }

    #[test]
    fn pieces_reduce_as_the_whole() {
        // Pairs of one to a few hits, weights that make the chance sums order-sensitive.
        let n = 3 * CHUNK as u64;
        let all: Vec<Hit> = (0..n)
            .map(|i| {
                let pair = (i * 7919) % (2 * CHUNK as u64);
                let weight = 0.05 + (i % 13) as f32 / 13.0;
                hit(
                    pair,
                    (i % 2) as u8,
                    (i % 997) as u32,
                    weight,
                    [i as u32, i as u32 + 1],
                )
            })
            .collect();
        let (whole, table) = reduce_hits(all.clone(), 2, 2);
        assert!(whole.pairs_single > 1000 && !whole.pairs.is_empty());
        let mut packed = Vec::new();
        let mut again = ObjectTable::default();
        for s in 0..2u8 {
            let mine: Vec<Hit> = all.iter().filter(|h| h.signal == s).copied().collect();
            again.pack(s, &mine, &mut packed);
        }
        assert_eq!(again, table);
        let third = 2 * CHUNK as u64 / 3;
        for cuts in [
            vec![1, 2, 3],
            vec![third, third + 1, third + 40_000],
            vec![n],
        ] {
            let mut r = Reducer::new(2, 2);
            let mut from = 0;
            for to in cuts.into_iter().chain([u64::MAX]) {
                let piece: Vec<PairHit> = packed
                    .iter()
                    .filter(|h| (from..to).contains(&h.pair))
                    .copied()
                    .collect();
                r.add(piece, &table);
                from = to;
            }
            assert_eq!(r.finish(&table), whole);
        }
    }
}
