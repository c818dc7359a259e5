//! Sorting co-action hits by account pair, in place.
//!
//! The hits of a large corpus are the biggest array the pipeline holds, so the sort must not
//! copy it: one in-place radix pass (American flag sort) partitions the hits into up to
//! `BUCKETS` buckets by the top bits of their pair key, then the buckets, which hold disjoint
//! key ranges in order, are sorted independently in parallel. A comparison sort over the whole
//! array (rayon's parallel quicksort) partitions from the top sequentially as well, but with a
//! comparison and a branch per element per level; the radix pass costs one read and at most
//! one swap per element. The radix pass itself runs mostly in parallel: each thread first
//! partitions the hits lying in its own stripes of the buckets' places, and a sequential walk
//! then moves only the hits that did not fit (see `partition`).
//!
//! The result is the array sorted by pair; the order of hits of one pair is unspecified (as
//! with any unstable sort). Callers must not depend on it: `acts::select` orders each pair's
//! hits by a total order of their own.
//!
//! # Complexity
//! Time O(H) for the radix pass plus O(H log(H / B)) for the bucket sorts, for H hits and B
//! buckets, spread over the rayon threads but for the radix pass's holes (O(H) at worst).
//! Auxiliary memory O(B · S) for S stripes.
//!
//! # Reference
//! McIlroy, Bostic and McIlroy, "Engineering Radix Sort", Computing Systems 6(1), 1993.
//! The stripes and their repair follow PARADIS (Cho et al., "PARADIS: An Efficient Parallel
//! Algorithm for In-place Radix Sort", VLDB 2015), with one sequential repair pass.

use rayon::prelude::*;

use super::coaction::PairHit;

/// Buckets of the radix pass: enough for the bucket sorts to balance across threads and fit
/// in cache at a few million hits, few enough that the counts stay in L1.
const BUCKETS: usize = 1 << 10;

/// Stripes of each bucket, partitioned in parallel (see `partition`): fixed, so the work done
/// does not depend on the thread count.
const STRIPES: usize = 4;

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
///
/// In two steps, the first parallel. Each bucket's place is cut into `STRIPES` stripes, and
/// stripe `t` of every bucket belongs to task `t`, which partitions the hits lying in its own
/// stripes among them (`partition_stripes`): each stripe gets as many of its bucket's hits as
/// the task holds, up to its length, and the rest of the stripe (its holes) the task's hits
/// that did not fit. Over all stripes of a bucket, its holes are as many as its hits left in
/// other buckets' holes, so a sequential pass of the same cycle walk over the holes alone
/// finishes the partition. Where the hits lie in no order of bucket the holes are few (a
/// stripe's share of its bucket varies by about its square root); at worst (each bucket's hits
/// in one stripe) every hit is a hole and the cost is that of the sequential walk alone.
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
    // Stripe `t` of bucket `b`: its start in `hits` and its length.
    let stripe = |b: usize, t: usize| {
        let (c, start) = (counts[b], ends[b] - counts[b]);
        (
            start + c * t / STRIPES,
            c * (t + 1) / STRIPES - c * t / STRIPES,
        )
    };
    let mut tasks: Vec<Vec<&mut [PairHit]>> =
        (0..STRIPES).map(|_| Vec::with_capacity(BUCKETS)).collect();
    let mut rest = &mut *hits;
    for b in 0..BUCKETS {
        for (t, task) in tasks.iter_mut().enumerate() {
            let (s, r) = std::mem::take(&mut rest).split_at_mut(stripe(b, t).1);
            task.push(s);
            rest = r;
        }
    }
    let filled: Vec<Vec<usize>> = tasks
        .into_par_iter()
        .map(|mut stripes| partition_stripes(&mut stripes, shift))
        .collect();
    // The holes of each bucket, in order: ranges of `hits`.
    let holes: Vec<Vec<std::ops::Range<usize>>> = (0..BUCKETS)
        .map(|b| {
            (0..STRIPES)
                .filter_map(|t| {
                    let (start, len) = stripe(b, t);
                    let f = filled[t][b];
                    (f < len).then(|| start + f..start + len)
                })
                .collect()
        })
        .collect();
    // `next[b]`: the next hole of bucket b not yet holding one of its own hits, as (range,
    // position).
    let mut next: Vec<(usize, usize)> = holes
        .iter()
        .map(|h| (0, h.first().map_or(0, |r| r.start)))
        .collect();
    for b in 0..BUCKETS {
        while let Some(range) = holes[b].get(next[b].0) {
            let p = next[b].1;
            if p == range.end {
                next[b] = (
                    next[b].0 + 1,
                    holes[b].get(next[b].0 + 1).map_or(0, |r| r.start),
                );
                continue;
            }
            let t = bucket(&hits[p], shift);
            if t == b {
                next[b].1 += 1;
            } else {
                let q = advance(&holes[t], &mut next[t]);
                hits.swap(p, q);
            }
        }
    }
    ends
}

/// The position `next` (a hole of one bucket, as (range, position) in its `holes`) names,
/// moving `next` past it.
fn advance(holes: &[std::ops::Range<usize>], next: &mut (usize, usize)) -> usize {
    while holes.get(next.0).is_some_and(|r| next.1 == r.end) {
        next.0 += 1;
        next.1 = holes.get(next.0).map_or(0, |r| r.start);
    }
    let p = next.1;
    next.1 += 1;
    p
}

/// Partitions the hits lying in `stripes` (stripe `b` in bucket `b`'s place) among them: each
/// stripe begins with as many of its bucket's hits as there are, up to its length, and the
/// hits that did not fit fill the other stripes' ends. Returns each stripe's count of its own
/// bucket's hits (the rest of it are holes).
fn partition_stripes(stripes: &mut [&mut [PairHit]], shift: u32) -> Vec<usize> {
    let mut quota = vec![0usize; stripes.len()];
    for s in stripes.iter() {
        for h in s.iter() {
            quota[bucket(h, shift)] += 1;
        }
    }
    for (q, s) in quota.iter_mut().zip(stripes.iter()) {
        *q = (*q).min(s.len());
    }
    // `next[b]`: the first position of stripe b's quota not yet holding one of its own hits;
    // `spill`: the next hole to put a hit whose bucket's quota is full, as (stripe, position).
    let mut next = vec![0usize; stripes.len()];
    let mut spill = (0usize, 0usize);
    for b in 0..stripes.len() {
        while next[b] < quota[b] {
            let x = stripes[b][next[b]];
            let t = bucket(&x, shift);
            if t == b {
                next[b] += 1;
                continue;
            }
            let (ts, tp) = if next[t] < quota[t] {
                next[t] += 1;
                (t, next[t] - 1)
            } else {
                // Every hit of bucket t beyond its quota goes to a hole; the holes are as many
                // as those hits, so one is free.
                while spill.1 + quota[spill.0] >= stripes[spill.0].len() {
                    spill = (spill.0 + 1, 0);
                }
                spill.1 += 1;
                (spill.0, quota[spill.0] + spill.1 - 1)
            };
            stripes[b][next[b]] = stripes[ts][tp];
            stripes[ts][tp] = x;
        }
    }
    quota
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
        for n in [0, 1, 5, SMALL as u64 - 1, SMALL as u64, 50_000, 1_000_003] {
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

    /// Sorts `h` and checks it against a comparison sort of the same hits.
    fn check(mut h: Vec<PairHit>, what: &str) {
        let mut want: Vec<(u64, u32)> = h.iter().map(|x| (x.pair, x.slot)).collect();
        want.sort_unstable();
        sort_by_pair(&mut h);
        assert!(h.windows(2).all(|w| w[0].pair <= w[1].pair), "{what}");
        let mut got: Vec<(u64, u32)> = h.iter().map(|x| (x.pair, x.slot)).collect();
        got.sort_unstable();
        assert_eq!(got, want, "the same hits, {what}");
    }

    #[test]
    fn hits_in_bucket_order_or_against_it_partition_as_scattered_ones() {
        // Sorted, reversed and in blocks, every bucket's hits lie in one stripe or a few:
        // most of them are holes of the parallel step, left to the sequential one.
        let mut sorted = keys(200_000);
        sorted.sort_unstable_by_key(|h| h.pair);
        check(sorted.clone(), "sorted");
        sorted.reverse();
        check(sorted.clone(), "reversed");
        let mut blocks = sorted;
        for (i, b) in blocks.chunks_mut(7_777).enumerate() {
            if i % 2 == 0 {
                b.reverse();
            } else {
                b.rotate_left(b.len() / 3);
            }
        }
        blocks.rotate_left(54_321);
        check(blocks, "blocks");
        // A few keys only: most buckets and stripes are empty.
        check(
            (0..100_000u64)
                .map(|i| hit((i % 3) << 40, i as u32))
                .collect(),
            "three keys",
        );
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
