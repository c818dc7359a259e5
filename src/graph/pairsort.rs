//! Sorting co-action hits by account pair, in place.
//!
//! The hits of a large corpus are the biggest array the pipeline holds, so the sort must not
//! copy it: one in-place radix pass (American flag sort) partitions the hits into up to
//! `BUCKETS` buckets by the top bits of their pair key, then the buckets, which hold disjoint
//! key ranges in order, are sorted independently in parallel. A comparison sort over the whole
//! array (rayon's parallel quicksort) partitions from the top sequentially as well, but with a
//! comparison and a branch per element per level; the radix pass costs one read and at most
//! one swap per element.
//!
//! The result is the array sorted by pair; the order of hits of one pair is unspecified (as
//! with any unstable sort). Callers must not depend on it: `acts::select` orders each pair's
//! hits by a total order of their own.
//!
//! # Complexity
//! Time O(H) for the radix pass plus O(H log(H / B)) for the bucket sorts, for H hits and B
//! buckets, the latter spread over the rayon threads. Auxiliary memory O(B).
//!
//! # Reference
//! McIlroy, Bostic and McIlroy, "Engineering Radix Sort", Computing Systems 6(1), 1993.

use rayon::prelude::*;

use super::coaction::PairHit;

/// Buckets of the radix pass: enough for the bucket sorts to balance across threads and fit
/// in cache at a few million hits, few enough that the counts stay in L1.
const BUCKETS: usize = 1 << 10;

/// Hits counted by one task of the partition's parallel count.
const COUNT_CHUNK: usize = 1 << 16;

/// Below this many hits one comparison sort is as fast as the radix pass.
const SMALL: usize = 1 << 12;

/// Sorts `hits` by pair, in place. See the module documentation.
pub fn sort_by_pair(hits: &mut [PairHit]) {
    if hits.len() < SMALL {
        hits.sort_unstable_by_key(|h| h.pair);
        return;
    }
    let shift = bucket_shift(hits);
    let ends = partition(hits, shift);
    buckets(hits, &ends)
        .into_par_iter()
        .for_each(|b| b.sort_unstable_by_key(|h| h.pair));
}

/// The right shift of a pair key that leaves at most `BUCKETS` distinct values.
fn bucket_shift(hits: &[PairHit]) -> u32 {
    let max = hits.par_iter().map(|h| h.pair).max().unwrap_or(0);
    let bits = u64::BITS - max.leading_zeros();
    bits.saturating_sub(BUCKETS.trailing_zeros())
}

/// The bucket of a hit.
fn bucket(h: &PairHit, shift: u32) -> usize {
    (h.pair >> shift) as usize
}

/// Moves every hit into its bucket (in bucket order), returning each bucket's end.
fn partition(hits: &mut [PairHit], shift: u32) -> Vec<usize> {
    // Counted in parallel: the sums of integer counts do not depend on the split.
    let counts = hits
        .par_chunks(COUNT_CHUNK)
        .fold(
            || vec![0usize; BUCKETS],
            |mut counts, chunk| {
                for h in chunk {
                    counts[bucket(h, shift)] += 1;
                }
                counts
            },
        )
        .reduce(
            || vec![0usize; BUCKETS],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    *x += y;
                }
                a
            },
        );
    let mut ends = Vec::with_capacity(BUCKETS);
    let mut at = 0;
    for c in &counts {
        at += c;
        ends.push(at);
    }
    // `next[b]`: the first position of bucket b not yet holding one of its own hits.
    let mut next: Vec<usize> = ends.iter().zip(&counts).map(|(e, c)| e - c).collect();
    for b in 0..BUCKETS {
        while next[b] < ends[b] {
            let t = bucket(&hits[next[b]], shift);
            if t == b {
                next[b] += 1;
            } else {
                hits.swap(next[b], next[t]);
                next[t] += 1;
            }
        }
    }
    ends
}

/// `hits` split at the bucket ends.
fn buckets<'a>(mut hits: &'a mut [PairHit], ends: &[usize]) -> Vec<&'a mut [PairHit]> {
    let mut out = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        let (b, rest) = hits.split_at_mut(end - start);
        if !b.is_empty() {
            out.push(b);
        }
        hits = rest;
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(pair: u64, slot: u32) -> PairHit {
        PairHit {
            pair,
            posts: [0, 0],
            slot,
            lag_ms: 0,
        }
    }

    /// A deterministic spread of pair keys, with repeats.
    fn keys(n: u64) -> Vec<PairHit> {
        (0..n)
            .map(|i| {
                let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 30;
                hit(((x % 5000) << 32) | (x % 70_001), i as u32)
            })
            .collect()
    }

    #[test]
    fn sorts_like_a_comparison_sort() {
        for n in [0, 1, 5, SMALL as u64 - 1, SMALL as u64, 50_000] {
            let mut h = keys(n);
            let mut want: Vec<(u64, u32)> = h.iter().map(|x| (x.pair, x.slot)).collect();
            want.sort_unstable();
            sort_by_pair(&mut h);
            assert!(h.windows(2).all(|w| w[0].pair <= w[1].pair));
            let mut got: Vec<(u64, u32)> = h.iter().map(|x| (x.pair, x.slot)).collect();
            got.sort_unstable();
            assert_eq!(got, want, "the same hits, n = {n}");
        }
    }

    #[test]
    fn one_key_and_the_largest_keys() {
        let mut h: Vec<PairHit> = (0..10_000).map(|i| hit(7, i)).collect();
        sort_by_pair(&mut h);
        assert!(h.iter().all(|x| x.pair == 7));
        let mut h: Vec<PairHit> = (0..10_000u64)
            .map(|i| hit(u64::MAX - (i * 7919) % 10_000, i as u32))
            .collect();
        sort_by_pair(&mut h);
        assert!(h.windows(2).all(|w| w[0].pair <= w[1].pair));
    }
}
